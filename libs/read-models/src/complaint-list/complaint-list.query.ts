import type { Redis } from 'ioredis';
import {
  isCallbackDue,
  isSlaBreached,
  toComplaintView,
  type CalendarCoverage,
  type ComplaintView,
  type FiledComplaint,
} from '@cl/complaints';
import { complaintOfMember, complaintListKeys, type StoredComplaint } from './complaint-list-keys';

export interface ComplaintListFilter {
  customerId?: string;
  status?: string;
  severity?: string;
  category?: string;
  branchId?: string;
  slaBreached?: boolean;
  callbackDue?: boolean;
}

export interface ComplaintListPage {
  items: ComplaintView[];
  nextCursor: string | null;
}

const SCAN_PAGE = 200;

/**
 * How many filing-time index entries one request examines at most: a rare filter answers a
 * short (even empty) page with a cursor after that many, instead of walking the whole index.
 */
export const COMPLAINT_LIST_SCAN_BUDGET = 2000;

/**
 * GET /complaints: newest filing first (then complaint id, descending), filtered, in pages
 * with an opaque cursor (a place in the filing-time index). Filters are applied while walking
 * that index, at most COMPLAINT_LIST_SCAN_BUDGET entries per request; per-filter indexes are a
 * later improvement.
 */
export class ComplaintListQuery {
  constructor(
    private readonly redis: Redis,
    /** The read model's key prefix (its active generation). */
    private readonly keyPrefix: () => Promise<string>,
  ) {}

  /**
   * Up to `limit` matches after `cursor`. nextCursor is null only once the index is exhausted;
   * a page cut short by the scan budget resumes after the last entry examined, so paging
   * neither repeats nor skips.
   */
  async list(
    filter: ComplaintListFilter,
    limit: number,
    cursor?: string,
    coverage?: CalendarCoverage,
  ): Promise<ComplaintListPage> {
    const keys = complaintListKeys(await this.keyPrefix());
    const now = new Date().toISOString();
    const items: ComplaintView[] = [];
    let lastReturned: string | undefined;
    let examined = 0;
    let max = cursor === undefined ? '+' : `(${decodeCursor(cursor)}`;
    for (;;) {
      const batch = Math.min(SCAN_PAGE, COMPLAINT_LIST_SCAN_BUDGET - examined);
      const members = await this.redis.zrange(keys.byFiledAt, max, '-', 'BYLEX', 'REV', 'LIMIT', 0, batch);
      if (members.length === 0) return { items, nextCursor: null };
      const documents = await this.redis.mget(
        members.map((member) => keys.document(complaintOfMember(member))),
      );
      for (let i = 0; i < members.length; i++) {
        const stored = documents[i] ? (JSON.parse(documents[i]!) as StoredComplaint) : undefined;
        if (!stored?.state.exists || !matches(stored.state, filter, now)) continue;
        // One match beyond the page: there is more, and it starts after the last returned.
        if (items.length === limit) return { items, nextCursor: encodeCursor(lastReturned!) };
        items.push(toComplaintView(stored.state, stored.revision, now, coverage));
        lastReturned = members[i];
      }
      if (members.length < batch) return { items, nextCursor: null };
      const lastExamined = members[members.length - 1]!;
      examined += members.length;
      if (examined >= COMPLAINT_LIST_SCAN_BUDGET) return { items, nextCursor: encodeCursor(lastExamined) };
      max = `(${lastExamined}`;
    }
  }
}

function matches(state: FiledComplaint, filter: ComplaintListFilter, now: string): boolean {
  return (
    (filter.customerId === undefined || state.customerId === filter.customerId) &&
    (filter.status === undefined || state.status === filter.status) &&
    (filter.severity === undefined || state.severity === filter.severity) &&
    (filter.category === undefined || state.category === filter.category) &&
    (filter.branchId === undefined || state.branchId === filter.branchId) &&
    (filter.slaBreached === undefined || isSlaBreached(state, now) === filter.slaBreached) &&
    (filter.callbackDue === undefined || isCallbackDue(state, now) === filter.callbackDue)
  );
}

function encodeCursor(member: string): string {
  return Buffer.from(member).toString('base64url');
}

/** A list cursor that this query did not make. */
export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('cursor is not valid');
  }
}

/** @throws InvalidCursorError for a cursor this query did not make */
export function decodeCursor(cursor: string): string {
  const member = Buffer.from(cursor, 'base64url').toString();
  if (!/^\d{15}:[A-Za-z0-9_.-]{1,64}$/.test(member)) throw new InvalidCursorError();
  return member;
}
