import { DAY_MS } from '@cl/domain';
import { firstNamedAt, type CustomerRiskFacts } from './customer-risk-facts';

/**
 * Amounts are summed in units of 1/SPEND_SCALE of the currency (exact integers), so a sum does
 * not depend on the order it was added up in: the scan over a customer's history and the
 * maintained window sums give the same value to the last digit.
 */
export const SPEND_SCALE = 10_000;

/** An amount in units of 1/SPEND_SCALE (clamped to what a double holds exactly). */
export function scaledAmount(amount: number): number {
  return Math.min(Math.round(amount * SPEND_SCALE), Number.MAX_SAFE_INTEGER);
}

/** A sum of scaled amounts back in currency units. */
export function spendOf(scaled: number): number {
  return scaled / SPEND_SCALE;
}

/**
 * What the rules of docs/domain.md need to know about one customer at `asOf`, and when it may
 * change: built from the customer's whole history (snapshotOfFacts, any asOf) or from the
 * maintained summaries (customer-risk-summary.ts, asOf at or after every fact), so both
 * assess with the same code. Instants absent are Infinity; spend in 1/SPEND_SCALE units.
 */
export interface RiskSnapshot {
  asOf: number;
  firstNamedAt: number;
  /** The earliest time of a fact after asOf (facts that occur later change the answer then). */
  nextFactAt: number;
  /** Of the complaints open at asOf and past their due time, the one due first (then by id). */
  breachedComplaint?: string;
  /** The earliest due time, at or after asOf, of a complaint open at asOf. */
  nextOpenDueAt: number;
  /** Complaints filed in (asOf - 90 d, asOf]. */
  filedInWindow: number;
  /** The earliest filing after asOf - 90 d (its exit from the window is a change). */
  earliestFiledSince90Days: number;
  /** A reopening in (asOf - 90 d, asOf]. */
  reopenedInWindow: boolean;
  earliestReopenSince90Days: number;
  /** Of the latest survey and call-back up to asOf (greatest occurredAt, then position). */
  latestSurveyScore?: number;
  latestCallback?: { reached: boolean; attitude?: string };
  /** Spend in (asOf - 90 d, asOf], in (asOf - 180 d, asOf - 90 d], and in the 365 days up to asOf. */
  recentSpend: number;
  beforeSpend: number;
  value: number;
  /** The earliest purchase after asOf minus each window's length. */
  earliestPurchaseSince: { days90: number; days180: number; days365: number };
  /** With 2+ purchases up to asOf: the last one and the median gap between consecutive ones. */
  rhythm?: { lastAt: number; typicalGapDays: number };
}

/** The snapshot at any asOf from a customer's whole history. */
export function snapshotOfFacts(facts: CustomerRiskFacts, asOf: number): RiskSnapshot {
  const since = (days: number) => asOf - days * DAY_MS;
  const inLast = (days: number, at: number) => at > since(days) && at <= asOf;
  let nextFactAt = Infinity;
  const fact = (at: number) => {
    if (at > asOf && at < nextFactAt) nextFactAt = at;
  };

  let breached: { id: string; dueAt: number } | undefined;
  let nextOpenDueAt = Infinity;
  let filedInWindow = 0;
  let earliestFiledSince90Days = Infinity;
  let reopenedInWindow = false;
  let earliestReopenSince90Days = Infinity;
  for (const [id, timeline] of Object.entries(facts.complaints)) {
    if (inLast(90, timeline.filedAt)) filedInWindow++;
    if (timeline.filedAt > since(90))
      earliestFiledSince90Days = Math.min(earliestFiledSince90Days, timeline.filedAt);
    // The status at asOf: changes up to the first one after asOf.
    let open = false;
    let dueAt = 0;
    let pastAsOf = false;
    for (const change of timeline.changes) {
      fact(change.at);
      if (change.type === 'reopened') {
        if (inLast(90, change.at)) reopenedInWindow = true;
        if (change.at > since(90)) earliestReopenSince90Days = Math.min(earliestReopenSince90Days, change.at);
      }
      pastAsOf ||= change.at > asOf;
      if (pastAsOf) continue;
      if (change.type === 'paused') {
        // No breach while paused, unless the due time had passed when the pause began.
        if (open && dueAt >= change.at) dueAt = Infinity;
        continue;
      }
      if (change.type === 'resumed') {
        if (open) dueAt = change.dueAt!;
        continue;
      }
      open = change.type === 'filed' || change.type === 'reopened';
      if (open) dueAt = change.dueAt!;
    }
    if (!open) continue;
    if (dueAt < asOf) {
      if (!breached || dueAt < breached.dueAt || (dueAt === breached.dueAt && id < breached.id)) {
        breached = { id, dueAt };
      }
    } else {
      nextOpenDueAt = Math.min(nextOpenDueAt, dueAt);
    }
  }

  for (const entry of facts.satisfaction) fact(entry.at);
  for (const entry of facts.callbacks) fact(entry.at);
  const survey = latest(facts.satisfaction, asOf);
  const callback = latest(facts.callbacks, asOf);

  let recentSpend = 0;
  let beforeSpend = 0;
  let value = 0;
  const earliestPurchaseSince = { days90: Infinity, days180: Infinity, days365: Infinity };
  const times: number[] = [];
  for (const purchase of facts.purchases) {
    fact(purchase.at);
    const { at } = purchase;
    if (at > since(90)) earliestPurchaseSince.days90 = Math.min(earliestPurchaseSince.days90, at);
    if (at > since(180)) earliestPurchaseSince.days180 = Math.min(earliestPurchaseSince.days180, at);
    if (at > since(365)) earliestPurchaseSince.days365 = Math.min(earliestPurchaseSince.days365, at);
    if (at > asOf) continue;
    times.push(at);
    const scaled = scaledAmount(purchase.amount);
    if (at > since(90)) recentSpend += scaled;
    else if (at > since(180)) beforeSpend += scaled;
    if (at > since(365)) value += scaled;
  }
  fact(firstNamedAt(facts));

  return {
    asOf,
    firstNamedAt: firstNamedAt(facts),
    nextFactAt,
    ...(breached && { breachedComplaint: breached.id }),
    nextOpenDueAt,
    filedInWindow,
    earliestFiledSince90Days,
    reopenedInWindow,
    earliestReopenSince90Days,
    ...(survey && { latestSurveyScore: survey.score }),
    ...(callback && {
      latestCallback: {
        reached: callback.reached,
        ...(callback.attitude !== undefined && { attitude: callback.attitude }),
      },
    }),
    recentSpend,
    beforeSpend,
    value,
    earliestPurchaseSince,
    ...(times.length >= 2 && { rhythm: rhythmOf(times.sort((a, b) => a - b)) }),
  };
}

/**
 * Of 2+ purchase times: the last one and the median gap between consecutive ones, in
 * fractional days (even count: the mean of the two middle gaps).
 */
function rhythmOf(sorted: number[]): { lastAt: number; typicalGapDays: number } {
  const gaps = sorted
    .slice(1)
    .map((at, i) => at - sorted[i])
    .sort((a, b) => a - b);
  const middle = Math.floor(gaps.length / 2);
  return {
    lastAt: sorted[sorted.length - 1],
    typicalGapDays: medianGapDays(gaps.length % 2 === 1 ? [gaps[middle]] : [gaps[middle - 1], gaps[middle]]),
  };
}

/**
 * The median gap in fractional days from the middle gap (odd count) or the two middle gaps
 * (even count), in ms: each is turned into days before they are averaged, the same double
 * whether the scan or the maintained summary (which reads only the middle of its gaps) asks.
 */
export function medianGapDays(middle: [number] | [number, number]): number {
  return middle.length === 1 ? middle[0] / DAY_MS : (middle[0] / DAY_MS + middle[1] / DAY_MS) / 2;
}

/** The greatest occurredAt up to asOf, ties broken by global position. */
function latest<Entry extends { at: number; position: number }>(
  entries: Entry[],
  asOf: number,
): Entry | undefined {
  let best: Entry | undefined;
  for (const entry of entries) {
    if (entry.at > asOf) continue;
    if (!best || entry.at > best.at || (entry.at === best.at && entry.position > best.position)) best = entry;
  }
  return best;
}
