import type { ComplaintState } from '@cl/complaints';

/**
 * A complaint as the list keeps it: its folded state, the revision it was folded to, and the
 * actor id of its first ComplaintResolved (GET /analytics/problems?by=agent), absent until then.
 */
export interface StoredComplaint {
  state: ComplaintState;
  revision: number;
  firstResolvedBy?: string;
}

export function complaintListKeys(keyPrefix: string) {
  return {
    document: (complaintId: string) => `${keyPrefix}:complaint:${complaintId}`,
    /** Every complaint as `<filedAt ms, 15 digits>:<id>`, all at score 0: ordered by BYLEX. */
    byFiledAt: `${keyPrefix}:by-filed-at`,
  };
}

export function filedAtMember(filedAt: string, complaintId: string): string {
  return `${String(Date.parse(filedAt)).padStart(15, '0')}:${complaintId}`;
}

export function complaintOfMember(member: string): string {
  return member.slice(16);
}
