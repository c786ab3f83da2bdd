import type { LoadedSnapshot } from './customer-risk-store';
import { isListed, nextChangeOfSnapshot, scoreSnapshot } from './risk-score';

/**
 * The maintained ranking of the early-warning list for asOf = now. Per customer, an entry
 * assessed at some instant `assessedAt`: in the sorted set `ranking` with zscore -score and
 * member rankingMember(value, id), so that Redis's order (zscore, then member byte by byte)
 * is score desc, value desc, customer id asc; in `due` with nextChangeAfter(facts,
 * assessedAt); in `assessed` with assessedAt. The projection marks the customers a batch
 * touches due at -inf in its MULTI, and assesses them once the batch is committed (from what
 * the batch wrote, O(log n) per customer); a query meanwhile re-assesses them itself. The entry holds at every instant in
 * [assessedAt, due): a query at `now` re-assesses the customers outside that interval. A
 * customer that no event has named yet at assessedAt (all its events occur later) is not
 * listed: its entry has zscore NOT_LISTED, and is due at its first naming.
 */

const VALUE_KEY_LENGTH = 16;

/** Reused: the key of every customer of a batch is made with it. */
const view = new DataView(new ArrayBuffer(8));

/**
 * 16 hex digits whose byte order is the descending order of `value` (-0 counts as 0). The
 * IEEE-754 bits sort ascending as unsigned integers once a negative number has every bit
 * flipped and a positive one its sign bit; flipping all of that again for descending leaves a
 * negative number's bits as they are and flips every bit but the sign of a positive one.
 */
export function descendingValueKey(value: number): string {
  view.setFloat64(0, value === 0 ? 0 : value);
  let high = view.getUint32(0);
  let low = view.getUint32(4);
  if (high < 0x80000000) {
    high = ~high & 0x7fffffff;
    low = ~low >>> 0;
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}

export function rankingMember(value: number, customerId: string): string {
  return descendingValueKey(value) + customerId;
}

export function customerOfMember(member: string): string {
  return member.slice(VALUE_KEY_LENGTH);
}

/** The zscore of a customer not listed: above -MIN_SCORE of every level (all <= 0). */
const NOT_LISTED = '1';

/** One customer's ranking entry, as the script takes it. */
export interface RankingEntry {
  customerId: string;
  /** The revision of the facts it was assessed from (their number). */
  revision: number;
  /** -score, or NOT_LISTED */
  zscore: string;
  member: string;
  /** nextChangeOfSnapshot, '+inf' for never. */
  due: string;
  assessedAt: string;
}

export function rankingEntry(customerId: string, { revision, snapshot }: LoadedSnapshot): RankingEntry {
  const { score, value } = scoreSnapshot(snapshot);
  const due = nextChangeOfSnapshot(snapshot);
  return {
    customerId,
    revision,
    zscore: isListed(snapshot) ? String(-score || 0) : NOT_LISTED,
    member: rankingMember(value, customerId),
    due: due === Infinity ? '+inf' : String(due),
    assessedAt: String(snapshot.asOf),
  };
}

/**
 * KEYS: ranking, ranking-member, due, assessed, changed. ARGV: the customers' key base
 * (`<read model>:customer:`), then per customer: the revision of the facts it was assessed
 * from, id, -score, member, due, assessedAt. Writes an entry only if the facts are still at
 * that revision (else a newer batch changed them and marked the entry to assess again), and
 * marks the customer changed for the early-warning reactor (time passing may have moved its
 * level). Returns how many entries it wrote. Each of the shared keys is written with one
 * command for all the customers (a few thousand values at a time: what unpack holds), not
 * one per customer: a call from Lua costs about as much as the write itself.
 */
export const WRITE_RANKING_ENTRIES = `
local call, unpack = redis.call, unpack
local CHUNK = 1000
local function each(command, key, values, width)
  for first = 1, #values, CHUNK * width do
    call(command, key, unpack(values, first, math.min(first + CHUNK * width - 1, #values)))
  end
end
-- The customers whose facts are still at the revision they were assessed from.
local ids, at = {}, {}
for a = 2, #ARGV, 6 do
  local id = ARGV[a + 1]
  if call('STRLEN', ARGV[1] .. id .. ':history') == tonumber(ARGV[a]) then
    ids[#ids + 1] = id
    at[#at + 1] = a
  end
end
local olds = {}
for first = 1, #ids, CHUNK do
  for _, old in ipairs(call('HMGET', KEYS[2], unpack(ids, first, math.min(first + CHUNK - 1, #ids)))) do
    olds[#olds + 1] = old
  end
end
local stale, ranked, members, due, assessed = {}, {}, {}, {}, {}
for k, id in ipairs(ids) do
  local a, old = at[k], olds[k]
  local member = ARGV[a + 3]
  if old and old ~= member then stale[#stale + 1] = old end
  ranked[#ranked + 1] = ARGV[a + 2]; ranked[#ranked + 1] = member
  if old ~= member then members[#members + 1] = id; members[#members + 1] = member end
  due[#due + 1] = ARGV[a + 4]; due[#due + 1] = id
  assessed[#assessed + 1] = ARGV[a + 5]; assessed[#assessed + 1] = id
end
each('ZREM', KEYS[1], stale, 1)
each('ZADD', KEYS[1], ranked, 2)
each('HSET', KEYS[2], members, 2)
each('ZADD', KEYS[3], due, 2)
each('ZADD', KEYS[4], assessed, 2)
each('SADD', KEYS[5], ids, 1)
return #ids
`;

/**
 * KEYS: ranking, due, assessed. ARGV: now, -minScore, limit.
 * One consistent snapshot: the customers whose entry does not hold at now (due at or before
 * it, or assessed after it), and the top of the ranking from minScore, long enough that
 * `limit` entries that hold remain in it.
 */
export const RANKING_SNAPSHOT = `
local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
local ahead = redis.call('ZRANGEBYSCORE', KEYS[3], '(' .. ARGV[1], '+inf')
local top = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]) + #due + #ahead)
return { due, ahead, top }
`;
