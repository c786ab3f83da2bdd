import type { ComplaintMilestones } from '../complaint-milestones/complaint-milestones-keys';
import { problemKey } from '../problems/problem-report';

/**
 * What the return's rows are keyed by: the problems report's category, product and branch,
 * and the policy rule matched at filing and the latest root cause.
 */
export const RETURN_DIMENSIONS = ['category', 'product', 'branch', 'rule', 'cause'] as const;
export type ReturnDimension = (typeof RETURN_DIMENSIONS)[number];

/** The key a complaint is counted under (`none` where it has no product, branch, rule or cause). */
export function returnKey(complaint: ComplaintMilestones, by: ReturnDimension): string {
  if (by === 'rule') return complaint.policyRule ?? 'none';
  if (by === 'cause') return complaint.cause ?? 'none';
  return problemKey(complaint, by);
}
