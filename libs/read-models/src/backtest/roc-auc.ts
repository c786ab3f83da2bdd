/** How many lost and retained customers have one score. */
export interface ScoreCount {
  score: number;
  lost: number;
  retained: number;
}

/**
 * The probability that a lost customer scores higher than a retained one, ties counting one
 * half (the area under the ROC curve), from the counts per score; null when either group is
 * empty. One division of exact integer sums (twice the numerator, so that halves stay whole).
 */
export function aucOfCounts(counts: Iterable<ScoreCount>): number | null {
  const sorted = [...counts].sort((a, b) => a.score - b.score);
  let lost = 0;
  let retained = 0;
  for (const count of sorted) {
    lost += count.lost;
    retained += count.retained;
  }
  if (lost === 0 || retained === 0) return null;
  let twiceWins = 0;
  let retainedBelow = 0;
  for (const count of sorted) {
    twiceWins += count.lost * (2 * retainedBelow + count.retained);
    retainedBelow += count.retained;
  }
  return twiceWins / (2 * lost * retained);
}

/** Adds `lost` or retained to the count of `score`. */
export function countScore(counts: Map<number, ScoreCount>, score: number, lost: boolean, times = 1): void {
  let count = counts.get(score);
  if (!count) counts.set(score, (count = { score, lost: 0, retained: 0 }));
  if (lost) count.lost += times;
  else count.retained += times;
}
