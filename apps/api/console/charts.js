// Chart.js (served from node_modules at vendor/chart.umd.min.js) with the console's defaults.

const charts = new Map();

/** Colours with at least 3:1 contrast against the chart panel, told apart by pattern of order too. */
export const PALETTE = [
  '#0b57d0',
  '#b3261e',
  '#2e6b30',
  '#7a5a00',
  '#6a1b9a',
  '#00695c',
  '#a34700',
  '#37474f',
];

/** Draws (or redraws) a chart in the canvas with this id; the canvas carries a text label. */
export function drawChart(canvas, config) {
  const Chart = window.Chart;
  if (!Chart) return undefined;
  charts.get(canvas.id)?.destroy();
  const chart = new Chart(canvas, {
    ...config,
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      ...config.options,
      plugins: { legend: { position: 'bottom' }, ...config.options?.plugins },
    },
  });
  charts.set(canvas.id, chart);
  return chart;
}

/** Destroys every chart (leaving a view). */
export function clearCharts() {
  for (const chart of charts.values()) chart.destroy();
  charts.clear();
}
