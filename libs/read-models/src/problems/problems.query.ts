import type { Redis } from 'ioredis';
import { complaintsFiledBetween } from '../complaint-list/complaints-filed-between';
import {
  problemRows,
  rankBranches,
  type ProblemComplaint,
  type ProblemRow,
  type ProblemsBy,
} from './problem-report';

/**
 * GET /analytics/problems and /analytics/branches, from the complaint-list read model:
 * complaints filed in [from, to) and in the previous period of equal length.
 */
export class ProblemsQuery {
  constructor(
    private readonly redis: Redis,
    /** The complaint-list read model's key prefix (its active generation). */
    private readonly complaintListPrefix: () => Promise<string>,
  ) {}

  async problems(from: string, to: string, by: ProblemsBy): Promise<ProblemRow[]> {
    const [fromMs, toMs] = [Date.parse(from), Date.parse(to)];
    const previousFromMs = fromMs - (toMs - fromMs);
    const complaints = await this.filedBetween(previousFromMs, toMs);
    const current = complaints.filter((complaint) => Date.parse(complaint.filedAt) >= fromMs);
    const previous = complaints.filter((complaint) => Date.parse(complaint.filedAt) < fromMs);
    return problemRows(current, previous, by, new Date().toISOString());
  }

  async branches(from: string, to: string) {
    return rankBranches(await this.problems(from, to, 'branch'));
  }

  /** Complaints filed in [fromMs, toMs), through the filing-time index. */
  private async filedBetween(fromMs: number, toMs: number): Promise<ProblemComplaint[]> {
    return complaintsFiledBetween(this.redis, await this.complaintListPrefix(), fromMs, toMs);
  }
}
