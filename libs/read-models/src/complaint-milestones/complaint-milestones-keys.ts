import type { Outcome } from '@cl/complaints';

/**
 * A complaint's milestones as the complaints return needs them: what it is filed under, when
 * it was filed and closed (once: at the earlier of its first resolution and its closing), the
 * due times recorded for it, and its first resolution's outcome and redress. Times in UTC ms.
 */
export interface ComplaintMilestones {
  category: string;
  productId?: string;
  branchId?: string;
  /** The name of the policy rule matched at filing (ComplaintFiled.policyRule). */
  policyRule?: string;
  /** The latest root cause recorded (RootCauseRecorded.cause). */
  cause?: string;
  filedAt: number;
  /**
   * The close of the third business day after the local date of filing: recorded at filing,
   * or on the default calendar (Mon-Fri 09:00-17:00 UTC) for filings that did not record it.
   */
  thirdBusinessDayEndsAt: number;
  /** The final response's due time with the extensions granted; absent without that target. */
  finalResponseDueAt?: number;
  /** Final-response extensions granted. */
  extensions: number;
  /** The first resolution or closing. */
  closedAt?: number;
  /** Of the first resolution, when it is what closed the complaint. */
  outcome?: Outcome;
  /** The first resolution's compensation, its amount as the decimal it was written as. */
  redress?: { currency: string; amount: string };
  /** The compensation of every resolution (any cycle), in order; absent when none had one. */
  redressPaid?: RedressPayment[];
}

/** A resolution's compensation: when it was recorded (ms), its amount as written. */
export interface RedressPayment {
  at: number;
  currency: string;
  amount: string;
}

export function complaintMilestonesKeys(keyPrefix: string) {
  return {
    /** Hash: complaint id -> its ComplaintMilestones as JSON (one key, not one per complaint). */
    milestones: `${keyPrefix}:milestones`,
    /** Sorted set: complaint ids by filing time (ms). */
    byFiledAt: `${keyPrefix}:by-filed-at`,
    /**
     * Sorted set: complaint ids by closing time (ms); +inf while open, so the complaints not
     * closed before an instant are one range (the return's outstandingAtStart).
     */
    byClosedAt: `${keyPrefix}:by-closed-at`,
    /**
     * Sorted set: `<complaint id>:<n>` by the time of the complaint's n-th (1-based) entry of
     * `redressPaid`, so the compensations paid in a period are one range.
     */
    byRedressPaidAt: `${keyPrefix}:by-redress-paid-at`,
  };
}
