import type { ChainableCommander, Redis } from 'ioredis';
import type { CustomerRiskFacts } from './customer-risk-facts';
import { factsFromHistory, msOf } from './risk-history';
import { medianGapDays, snapshotOfFacts, type RiskSnapshot } from './risk-snapshot';

/**
 * The customer-risk read model's per-customer facts in Redis (keys in customer-risk-facts.ts):
 * appended to by the projection, one script call per batch whatever the number of customers,
 * and read back as a RiskSnapshot (from the summaries, in O(log n) per customer, when the
 * assessment is at or after every fact of the customer; else from the whole history).
 *
 * The scripts build each customer's key names from the read model's prefix: fine for one
 * Redis (or a replicated one), not for Redis Cluster.
 */

/** `<read model prefix>:customer:`, what the scripts put a customer id and a key's name after. */
export const customerBase = (keyPrefix: string) => `${keyPrefix}:customer:`;

/**
 * ARGV: the customers' key base, then per fact 7 values: customer id, code, time, history
 * entry and three fields (risk-history.ts, factArguments). In arrival order: a purchase's
 * neighbours, the latest survey, the open complaints are those of the facts before it.
 */
const APPLY_FACTS = `
local base, DAY = ARGV[1], 86400000
local function num(x) return string.format('%.17g', x) end
for i = 2, #ARGV, 7 do
  local id, code, atText, entry = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local x, y, z = ARGV[i + 4], ARGV[i + 5], ARGV[i + 6]
  local at = tonumber(atText)
  local key = base .. id .. ':'
  local summary = key .. 'summary'
  redis.call('RPUSH', key .. 'history', entry)
  local bounds = redis.call('HMGET', summary, 'named', 'maxAt')
  if not bounds[1] or at < tonumber(bounds[1]) then redis.call('HSET', summary, 'named', atText) end
  if not bounds[2] or at > tonumber(bounds[2]) then redis.call('HSET', summary, 'maxAt', atText) end
  if code == 'f' then
    redis.call('ZADD', key .. 'filings', atText, x)
    redis.call('ZADD', key .. 'open', y, x)
  elseif code == 'r' or code == 'c' then
    redis.call('ZREM', key .. 'open', x)
  elseif code == 'o' then
    redis.call('ZADD', key .. 'open', y, x)
    redis.call('ZADD', key .. 'reopens', atText, x .. ':' .. z)
  elseif code == 's' or code == 'b' then
    local field = code == 's' and 'survey' or 'callback'
    local stored = redis.call('HGET', summary, field)
    local later = true
    if stored then
      local storedAt, storedPosition = string.match(stored, '^([^\\t]+)\\t([^\\t]+)')
      storedAt = tonumber(storedAt)
      later = at > storedAt or (at == storedAt and tonumber(x) > tonumber(storedPosition))
    end
    if later then redis.call('HSET', summary, field, atText .. '\\t' .. x .. '\\t' .. y .. '\\t' .. z) end
  elseif code == 'p' then
    local purchases, member = key .. 'purchases', x .. ':' .. y
    redis.call('ZADD', purchases, atText, member)
    local rank = redis.call('ZRANK', purchases, member)
    if rank > 0 then
      local before = redis.call('ZRANGE', purchases, rank - 1, rank - 1, 'WITHSCORES')
      redis.call('ZADD', key .. 'gaps', num(at - tonumber(before[2])), member)
    end
    local after = redis.call('ZRANGE', purchases, rank + 1, rank + 1, 'WITHSCORES')
    if after[1] then redis.call('ZADD', key .. 'gaps', num(tonumber(after[2]) - at), after[1]) end
    local spend = key .. 'spend'
    local b = redis.call('HGET', spend, 'b')
    b = b and tonumber(b) or -math.huge
    for _, days in ipairs({ 90, 180, 365 }) do
      if at > b - days * DAY then redis.call('HINCRBY', spend, 's' .. days, y) end
    end
  end
end
return 0
`;

/**
 * ARGV: the customers' key base, asOf, '1' to move the spend windows' stored boundary up to
 * asOf (the ranking's assessments at now), then customer ids. Per customer: { 'unknown' },
 * { 'history', revision, entries } when a fact occurs after asOf, else the summary's answer
 * (see snapshotOfReply). Purchases that crossed a window's start between the stored boundary
 * and asOf are read to adjust its sum: each crosses once as time passes.
 */
const LOAD_SNAPSHOTS = `
local base, asOf, persist = ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1'
local DAY = 86400000
local function num(x) return string.format('%.17g', x) end
local function first(key, after)
  local found = redis.call('ZRANGEBYSCORE', key, '(' .. num(after), '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
  return found[2] or ''
end
local out = {}
for i = 4, #ARGV do
  local key = base .. ARGV[i] .. ':'
  local summary = redis.call('HMGET', key .. 'summary', 'named', 'maxAt', 'survey', 'callback')
  local revision = redis.call('LLEN', key .. 'history')
  if not summary[1] then
    out[#out + 1] = { 'unknown' }
  elseif tonumber(summary[2]) > asOf then
    out[#out + 1] = { 'history', revision, redis.call('LRANGE', key .. 'history', 0, -1) }
  else
    local purchases = key .. 'purchases'
    local open = redis.call('ZRANGE', key .. 'open', 0, 0, 'WITHSCORES')
    local nextDue = redis.call('ZRANGEBYSCORE', key .. 'open', num(asOf), '+inf', 'WITHSCORES', 'LIMIT', 0, 1)
    local spendKey = key .. 'spend'
    local spend = redis.call('HMGET', spendKey, 'b', 's90', 's180', 's365')
    local b = spend[1] and tonumber(spend[1]) or -math.huge
    local sums = {}
    for j, days in ipairs({ 90, 180, 365 }) do
      local sum = tonumber(spend[j + 1] or '0')
      local from, to = b - days * DAY, asOf - days * DAY
      local sign, low, high = -1, from, to
      if to < from then sign, low, high = 1, to, from end
      if low < high then
        for _, member in ipairs(redis.call('ZRANGEBYSCORE', purchases, '(' .. num(low), num(high))) do
          local scaled = string.sub(member, string.find(member, ':', 1, true) + 1)
          sum = sum + sign * tonumber(scaled)
          if persist and sign < 0 then redis.call('HINCRBY', spendKey, 's' .. days, '-' .. scaled) end
        end
      end
      sums[j] = num(sum)
    end
    local count = redis.call('ZCARD', purchases)
    if persist and asOf > b and count > 0 then redis.call('HSET', spendKey, 'b', num(asOf)) end
    local last = redis.call('ZRANGE', purchases, -1, -1, 'WITHSCORES')
    local gaps = redis.call('ZCARD', key .. 'gaps')
    local middle = {}
    if gaps > 0 then
      local upper = math.floor(gaps / 2)
      local lower = gaps % 2 == 1 and upper or upper - 1
      local found = redis.call('ZRANGE', key .. 'gaps', lower, upper, 'WITHSCORES')
      for k = 2, #found, 2 do middle[#middle + 1] = found[k] end
    end
    out[#out + 1] = {
      'summary', revision, summary[1], summary[3] or '', summary[4] or '',
      open[1] or '', open[2] or '', nextDue[2] or '',
      redis.call('ZCOUNT', key .. 'filings', '(' .. num(asOf - 90 * DAY), '+inf'),
      first(key .. 'filings', asOf - 90 * DAY), first(key .. 'reopens', asOf - 90 * DAY),
      sums[1], sums[2], sums[3],
      first(purchases, asOf - 90 * DAY), first(purchases, asOf - 180 * DAY), first(purchases, asOf - 365 * DAY),
      count, last[2] or '', middle[1] or '', middle[2] or ''
    }
  end
end
return out
`;

/** Queues one batch's facts (factArguments of each, concatenated) into the runner's MULTI. */
export function queueFacts(tx: ChainableCommander, keyPrefix: string, factArgs: string[]): void {
  if (factArgs.length > 0) tx.eval(APPLY_FACTS, 0, customerBase(keyPrefix), ...factArgs);
}

/** A customer's snapshot at asOf and the revision of the facts it comes from (their number). */
export interface LoadedSnapshot {
  revision: number;
  snapshot: RiskSnapshot;
}

/** Customers per script call: a call holds Redis for a few ms at most. */
const CHUNK = 200;

/**
 * Snapshots at `asOf` of these customers (absent: no event names them). `moveWindows`: store
 * the spend windows' sums at asOf (asOf is now and moves forward), so the next assessment
 * reads only the purchases that left a window since.
 */
export async function loadSnapshots(
  redis: Redis,
  keyPrefix: string,
  customerIds: readonly string[],
  asOf: number,
  moveWindows = false,
): Promise<Map<string, LoadedSnapshot>> {
  const loaded = new Map<string, LoadedSnapshot>();
  const pipeline = redis.pipeline();
  const chunks: string[][] = [];
  for (let start = 0; start < customerIds.length; start += CHUNK) {
    const ids = customerIds.slice(start, start + CHUNK);
    chunks.push(ids);
    pipeline.eval(LOAD_SNAPSHOTS, 0, customerBase(keyPrefix), asOf, moveWindows ? '1' : '0', ...ids);
  }
  if (chunks.length === 0) return loaded;
  const replies = (await pipeline.exec())!;
  chunks.forEach((ids, chunk) => {
    const [error, reply] = replies[chunk];
    if (error) throw error;
    (reply as unknown[][]).forEach((answer, index) => {
      if (answer[0] === 'unknown') return;
      const revision = Number(answer[1]);
      const snapshot =
        answer[0] === 'history'
          ? snapshotOfFacts(factsFromHistory(answer[2] as string[]), asOf)
          : snapshotOfReply(answer as (string | number)[], asOf);
      loaded.set(ids[index], { revision, snapshot });
    });
  });
  return loaded;
}

/** The facts of these customers folded from their histories (absent: no event names them). */
export async function loadFacts(
  redis: Redis,
  keyPrefix: string,
  customerIds: readonly string[],
): Promise<Map<string, CustomerRiskFacts>> {
  const pipeline = redis.pipeline();
  for (const customerId of customerIds)
    pipeline.lrange(`${customerBase(keyPrefix)}${customerId}:history`, 0, -1);
  const replies = customerIds.length > 0 ? (await pipeline.exec())! : [];
  const facts = new Map<string, CustomerRiskFacts>();
  customerIds.forEach((customerId, index) => {
    const [error, entries] = replies[index];
    if (error) throw error;
    if ((entries as string[]).length > 0) facts.set(customerId, factsFromHistory(entries as string[]));
  });
  return facts;
}

/** LOAD_SNAPSHOTS's answer for a customer with no fact after asOf. */
function snapshotOfReply(reply: (string | number)[], asOf: number): RiskSnapshot {
  const text = reply.map(String);
  const [, , named, survey, callback, openId, openDue, nextDue, filed, earliestFiled, earliestReopen] = text;
  const [within90, within180, within365, since90, since180, since365, count, lastAt, gap1, gap2] =
    text.slice(11);
  const instant = (value: string) => (value === '' ? Infinity : msOf(value));
  const [, , surveyScore] = survey.split('\t');
  const [, , reached, attitude] = callback.split('\t');
  return {
    asOf,
    firstNamedAt: Number(named),
    nextFactAt: Infinity,
    ...(openId !== '' && msOf(openDue) < asOf && { breachedComplaint: openId }),
    nextOpenDueAt: instant(nextDue),
    filedInWindow: Number(filed),
    earliestFiledSince90Days: instant(earliestFiled),
    reopenedInWindow: earliestReopen !== '',
    earliestReopenSince90Days: instant(earliestReopen),
    ...(survey !== '' && { latestSurveyScore: Number(surveyScore) }),
    ...(callback !== '' && {
      latestCallback: { reached: reached === '1', ...(attitude ? { attitude } : {}) },
    }),
    recentSpend: Number(within90),
    beforeSpend: Number(within180) - Number(within90),
    value: Number(within365),
    earliestPurchaseSince: {
      days90: instant(since90),
      days180: instant(since180),
      days365: instant(since365),
    },
    ...(Number(count) >= 2 && {
      rhythm: {
        lastAt: Number(lastAt),
        typicalGapDays: medianGapDays(gap2 === '' ? [Number(gap1)] : [Number(gap1), Number(gap2)]),
      },
    }),
  };
}
