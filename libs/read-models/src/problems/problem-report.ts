import { isSlaBreached, type FiledComplaint } from '@cl/complaints';

/** What a complaint is about: the problems' and the complaints return's `by`. */
export const PROBLEM_DIMENSIONS = ['category', 'product', 'branch'] as const;
export type ProblemDimension = (typeof PROBLEM_DIMENSIONS)[number];
/**
 * The problems' `by`: a dimension, `agent` (the actor of the complaint's first resolution) or
 * `cause` (its latest root cause).
 */
export const PROBLEMS_BY = [...PROBLEM_DIMENSIONS, 'agent', 'cause'] as const;
export type ProblemsBy = (typeof PROBLEMS_BY)[number];

/** The `by=agent` key of the complaints never resolved (as the funnel's groupBy=agent). */
export const UNRESOLVED_KEY = 'unresolved';

/** A complaint as the problems count it: its state and its first resolution's actor id. */
export type ProblemComplaint = FiledComplaint & { firstResolvedBy?: string };

export interface ProblemFigures {
  count: number;
  /** Share breached, as of now. */
  breachRate: number;
  /** Share reopened at least once. */
  reopenRate: number;
  /** Mean of every survey score; null when there is none. */
  avgSatisfaction: number | null;
}

export interface ProblemRow extends ProblemFigures {
  key: string;
  previous: ProblemFigures;
  change: { count: number; breachRate: number; reopenRate: number; avgSatisfaction: number | null };
}

/**
 * The key a complaint is counted under (`none` where it has no product, branch or root cause;
 * for `agent` its first resolution's actor id, `unresolved` when it has none).
 */
export function problemKey(
  complaint: Pick<ProblemComplaint, 'category' | 'productId' | 'branchId' | 'firstResolvedBy' | 'rootCause'>,
  by: ProblemsBy,
): string {
  if (by === 'category') return complaint.category;
  if (by === 'agent') return complaint.firstResolvedBy ?? UNRESOLVED_KEY;
  if (by === 'cause') return complaint.rootCause?.cause ?? 'none';
  if (by === 'product') return complaint.productId ?? 'none';
  // A survey's branch snapshot is the complaint's branch: no command moves a complaint.
  return complaint.branchId ?? 'none';
}

export function figuresOf(complaints: readonly FiledComplaint[], now: string): ProblemFigures {
  const count = complaints.length;
  const scores = complaints.flatMap((complaint) => complaint.satisfaction.map((survey) => survey.score));
  const share = (matching: number) => (count === 0 ? 0 : matching / count);
  return {
    count,
    breachRate: share(complaints.filter((complaint) => isSlaBreached(complaint, now)).length),
    reopenRate: share(complaints.filter((complaint) => complaint.reopenCount > 0).length),
    avgSatisfaction:
      scores.length === 0 ? null : scores.reduce((sum, score) => sum + score, 0) / scores.length,
  };
}

/**
 * Rows for every key of the current or the previous period, most complaints first (then by
 * key), each with the previous period's figures and the change (current - previous).
 */
export function problemRows(
  current: readonly ProblemComplaint[],
  previous: readonly ProblemComplaint[],
  by: ProblemsBy,
  now: string,
): ProblemRow[] {
  const group = (complaints: readonly ProblemComplaint[]) => {
    const groups = new Map<string, ProblemComplaint[]>();
    for (const complaint of complaints) {
      const key = problemKey(complaint, by);
      const members = groups.get(key);
      if (members) members.push(complaint);
      else groups.set(key, [complaint]);
    }
    return groups;
  };
  const [now_, before] = [group(current), group(previous)];
  const keys = [...new Set([...now_.keys(), ...before.keys()])];
  return keys
    .map((key): ProblemRow => {
      const figures = figuresOf(now_.get(key) ?? [], now);
      const earlier = figuresOf(before.get(key) ?? [], now);
      return {
        key,
        ...figures,
        previous: earlier,
        change: {
          count: figures.count - earlier.count,
          breachRate: figures.breachRate - earlier.breachRate,
          reopenRate: figures.reopenRate - earlier.reopenRate,
          avgSatisfaction:
            figures.avgSatisfaction === null || earlier.avgSatisfaction === null
              ? null
              : figures.avgSatisfaction - earlier.avgSatisfaction,
        },
      };
    })
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Branch rankings: by avgSatisfaction desc (none last) and by breachRate asc; `none` left out. */
export function rankBranches(rows: readonly ProblemRow[]): {
  bySatisfaction: ProblemRow[];
  byBreachRate: ProblemRow[];
} {
  const branches = rows.filter((row) => row.key !== 'none' && row.count > 0);
  const byKey = (a: ProblemRow, b: ProblemRow) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  return {
    bySatisfaction: [...branches].sort(
      (a, b) => (b.avgSatisfaction ?? -Infinity) - (a.avgSatisfaction ?? -Infinity) || byKey(a, b),
    ),
    byBreachRate: [...branches].sort((a, b) => a.breachRate - b.breachRate || byKey(a, b)),
  };
}
