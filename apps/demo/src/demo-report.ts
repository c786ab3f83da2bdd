import { DAY_MS, RESOLUTION_SPEEDS } from '@cl/domain';
import { type DemoClient, DemoError } from './demo-client';
import { DEMO_CURRENCY, DEMO_REPURCHASE_WINDOW_DAYS, type DemoPlan } from './demo-plan';
import type { ProgressLine } from './progress-line';
import { count, percent, textTable } from './text-table';

interface FunnelGroup {
  key: string;
  filed: number;
  rates: { resolved: number; callbackReached: number; satisfied: number; repurchased: number };
  medianHoursToResolve: number | null;
}
interface Funnel {
  from: string;
  to: string;
  groups: FunnelGroup[];
  baseline: { customers: number; repurchased: number; rate: number };
}
interface EarlyWarning {
  asOf: string;
  customers: {
    customerId: string;
    score: number;
    level: string;
    value: number;
    reasons: { code: string; points: number }[];
  }[];
}

/**
 * Waits until /health shows every projection caught up (lag 0 twice in a row, a second
 * apart: the early-warning reactor appends after the projections move), up to `timeoutMs`.
 */
export async function waitForProjections(
  client: DemoClient,
  progress: ProgressLine,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let caughtUpOnce = false;
  for (;;) {
    const health = await client.send('GET', '/health', { auth: false });
    const projections = Object.entries(
      (health.body?.projections ?? {}) as Record<string, { lag: number; state: string; error?: string }>,
    );
    const failing = projections.find(([, p]) => p.state === 'failing');
    if (failing)
      throw new DemoError(
        `Projection ${failing[0]} is failing: ${failing[1].error ?? 'see /health (admin)'}`,
      );
    const lag = projections.reduce((sum, [, p]) => sum + p.lag, 0);
    if (projections.length > 0 && lag === 0) {
      if (caughtUpOnce) {
        progress.finish('read models caught up (lag 0 in /health)');
        return;
      }
      caughtUpOnce = true;
    } else {
      caughtUpOnce = false;
    }
    if (Date.now() > deadline) {
      throw new DemoError(
        `The read models are still ${lag} events behind after ${timeoutMs / 1000} s (GET /health); ` +
          'the data is written: run the demo again later to print the tables.',
      );
    }
    progress.update(`waiting for the read models to catch up: lag ${count(lag)} events`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

/** The cohort the funnel reports: complaints whose 90-day repurchase window has fully passed. */
export function funnelPeriod(plan: DemoPlan): { from: string; to: string } {
  return {
    from: new Date(plan.from).toISOString(),
    to: new Date(plan.until - DEMO_REPURCHASE_WINDOW_DAYS * DAY_MS).toISOString(),
  };
}

export async function fetchFunnel(client: DemoClient, plan: DemoPlan): Promise<Funnel> {
  const { from, to } = funnelPeriod(plan);
  const query = new URLSearchParams({
    from,
    to,
    groupBy: 'resolutionSpeed',
    repurchaseWindowDays: String(DEMO_REPURCHASE_WINDOW_DAYS),
  });
  return (await client.send('GET', `/analytics/funnel?${query}`)).body as Funnel;
}

export async function fetchEarlyWarning(client: DemoClient, limit: number): Promise<EarlyWarning> {
  return (await client.send('GET', `/analytics/early-warning?limit=${limit}`)).body as EarlyWarning;
}

export function funnelTable(funnel: Funnel): string {
  const order = (key: string) => {
    const index = (RESOLUTION_SPEEDS as readonly string[]).indexOf(key);
    return index < 0 ? RESOLUTION_SPEEDS.length : index;
  };
  const groups = [...funnel.groups].sort((a, b) => order(a.key) - order(b.key));
  const rows = groups.map((group) => [
    group.key,
    count(group.filed),
    percent(group.rates.resolved),
    percent(group.rates.callbackReached),
    percent(group.rates.satisfied),
    percent(group.rates.repurchased),
    group.medianHoursToResolve === null ? '-' : group.medianHoursToResolve.toFixed(1),
  ]);
  return [
    `Funnel by resolution speed: complaints filed ${funnel.from.slice(0, 10)} to ${funnel.to.slice(0, 10)}, ` +
      `repurchase within ${DEMO_REPURCHASE_WINDOW_DAYS} days`,
    textTable(
      [
        'resolution speed',
        'filed',
        'resolved',
        'call-back reached',
        'satisfied',
        'repurchased',
        'median h to resolve',
      ],
      rows,
    ),
    `Baseline, customers without a complaint in the period: ${count(funnel.baseline.customers)}, ` +
      `${percent(funnel.baseline.rate)} bought again within ${DEMO_REPURCHASE_WINDOW_DAYS} days`,
  ].join('\n');
}

export function earlyWarningTable(warning: EarlyWarning): string {
  const rows = warning.customers.map((customer, index) => [
    String(index + 1),
    customer.customerId,
    customer.level,
    String(customer.score),
    count(Math.round(customer.value)),
    customer.reasons.map((reason) => `${reason.code} ${reason.points}`).join(', '),
  ]);
  return [
    `Early warning at ${warning.asOf}: the ${warning.customers.length} customers most at risk`,
    textTable(['#', 'customer', 'level', 'score', `value (${DEMO_CURRENCY}, 365 d)`, 'reasons'], rows),
  ].join('\n');
}
