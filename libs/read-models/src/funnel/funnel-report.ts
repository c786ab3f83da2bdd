import { HOUR_MS } from '@cl/domain';
import type { ComplaintFacts } from './funnel-keys';

export const FUNNEL_GROUP_BY = [
  'category',
  'channel',
  'severity',
  'branch',
  'resolutionSpeed',
  'month',
  'goodwill',
] as const;
export type FunnelGroupBy = (typeof FUNNEL_GROUP_BY)[number];

export interface FunnelGroup {
  key: string;
  filed: number;
  resolved: number;
  callbackReached: number;
  satisfied: number;
  repurchased: number;
  rates: { resolved: number; callbackReached: number; satisfied: number; repurchased: number };
  medianHoursToResolve: number | null;
}

/** domain.md, Resolution speed buckets. */
export function resolutionSpeed(facts: ComplaintFacts): string {
  if (facts.firstResolvedAt === null) return 'unresolved';
  if (facts.firstOnTheSpot) return 'on_the_spot';
  const hours = (facts.firstResolvedAt - facts.filedAt) / HOUR_MS;
  return hours <= 24 ? 'within_1d' : hours <= 72 ? 'within_3d' : 'slower';
}

export function groupKey(facts: ComplaintFacts, groupBy: FunnelGroupBy | undefined): string {
  switch (groupBy) {
    case undefined:
      return 'all';
    case 'category':
      return facts.category;
    case 'channel':
      return facts.channel;
    case 'severity':
      return facts.severity;
    case 'branch':
      return facts.branchId ?? 'none';
    case 'resolutionSpeed':
      return resolutionSpeed(facts);
    case 'month':
      return new Date(facts.filedAt).toISOString().slice(0, 7);
    case 'goodwill':
      return facts.firstResolvedAt !== null && facts.firstGoodwill ? 'yes' : 'no';
  }
}

/** The repurchase anchor: the first resolution, or the filing of a complaint never resolved. */
export function repurchaseAnchor(facts: ComplaintFacts): number {
  return facts.firstResolvedAt ?? facts.filedAt;
}

/**
 * The funnel's groups (domain.md, Funnel definition) from the cohort's facts and, for each,
 * whether its customer bought again within the window. Groups are sorted by key.
 */
export function funnelGroups(
  cohort: readonly { facts: ComplaintFacts; repurchased: boolean }[],
  groupBy: FunnelGroupBy | undefined,
): FunnelGroup[] {
  const groups = new Map<string, { facts: ComplaintFacts; repurchased: boolean }[]>();
  for (const member of cohort) {
    const key = groupKey(member.facts, groupBy);
    const group = groups.get(key);
    if (group) group.push(member);
    else groups.set(key, [member]);
  }
  if (groups.size === 0 && groupBy === undefined) groups.set('all', []);
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, members]) => {
      const filed = members.length;
      const resolvedHours = members
        .filter(({ facts }) => facts.firstResolvedAt !== null)
        .map(({ facts }) => (facts.firstResolvedAt! - facts.filedAt) / HOUR_MS);
      const callbackReached = members.filter(({ facts }) => facts.callbackReached).length;
      const satisfied = members.filter(
        ({ facts }) => facts.satisfactionCount > 0 && facts.satisfactionSum / facts.satisfactionCount >= 4,
      ).length;
      const repurchased = members.filter((member) => member.repurchased).length;
      const rate = (count: number) => (filed === 0 ? 0 : count / filed);
      return {
        key,
        filed,
        resolved: resolvedHours.length,
        callbackReached,
        satisfied,
        repurchased,
        rates: {
          resolved: rate(resolvedHours.length),
          callbackReached: rate(callbackReached),
          satisfied: rate(satisfied),
          repurchased: rate(repurchased),
        },
        medianHoursToResolve: median(resolvedHours),
      };
    });
}

/** The mean of the two middle values for an even count; null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
