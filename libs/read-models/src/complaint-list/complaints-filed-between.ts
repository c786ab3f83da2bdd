import type { Redis } from 'ioredis';
import type { FiledComplaint } from '@cl/complaints';
import { complaintListKeys, complaintOfMember, type StoredComplaint } from './complaint-list-keys';

const CHUNK = 2000;

/** A filed complaint's state as the complaint-list keeps it, with its first resolution's actor id. */
export type ListedComplaint = FiledComplaint & { firstResolvedBy?: string };

/**
 * The complaint-list documents of the complaints filed in [fromMs, toMs), through the
 * filing-time index, in filing order, read in chunks of 2,000.
 */
export async function complaintsFiledBetween(
  redis: Redis,
  complaintListPrefix: string,
  fromMs: number,
  toMs: number,
): Promise<ListedComplaint[]> {
  const keys = complaintListKeys(complaintListPrefix);
  const pad = (ms: number) => String(Math.max(0, ms)).padStart(15, '0');
  const members = await redis.zrangebylex(keys.byFiledAt, `[${pad(fromMs)}`, `(${pad(toMs)}`);
  const complaints: ListedComplaint[] = [];
  for (let start = 0; start < members.length; start += CHUNK) {
    const ids = members.slice(start, start + CHUNK).map(complaintOfMember);
    const stored = await redis.mget(ids.map(keys.document));
    for (const document of stored) {
      if (!document) continue;
      const { state, firstResolvedBy } = JSON.parse(document) as StoredComplaint;
      // The parsed state is the caller's own: the first resolver goes on it, no copy.
      if (state.exists) complaints.push(Object.assign(state, { firstResolvedBy }));
    }
  }
  return complaints;
}
