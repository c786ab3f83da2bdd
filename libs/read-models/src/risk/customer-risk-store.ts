import type { ChainableCommander, Redis } from 'ioredis';
import { LUA_NUMBERS, ScriptBySha } from '@cl/redis';
import type { CustomerRiskFacts } from './customer-risk-facts';
import {
  batchSummaryArguments,
  factArguments,
  factsFromHistory,
  historyEntries,
  msOf,
  type RiskFact,
} from './risk-history';
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
 * Per customer, what its windows hash holds (customer-risk-facts.ts): each window's sum or
 * count of the facts after `b` minus its length, and the earliest of those facts (c..., cf,
 * cr: when one leaves the window as time passes), the purchases' number and latest time.
 * Loaded into a Lua table `w` with absent numbers as nil (b: -inf; sums and counts: 0), and
 * the numbers as stored beside it, so that only the fields that changed are written back.
 */
const WINDOWS = `${LUA_NUMBERS}
local DAY = 86400000
local WINDOW_FIELDS = { 'b', 's90', 's180', 's365', 'c90', 'c180', 'c365', 'nf', 'cf', 'cr', 'n', 'last' }
local COUNTED_FIELDS = { 's90', 's180', 's365', 'nf', 'n' }
-- Locals: cheaper to reach than globals.
local tonumber, ipairs, unpack, huge = tonumber, ipairs, unpack, math.huge
-- The windows w, and the numbers as stored (nil: absent; key nil: none stored, nothing read).
local function loadWindows(key)
  local values = key and call('HMGET', key, unpack(WINDOW_FIELDS)) or {}
  local w, stored = {}, {}
  for k, name in ipairs(WINDOW_FIELDS) do
    local value = values[k] and tonumber(values[k])
    w[name] = value
    stored[name] = value
  end
  w.b = w.b or -huge
  for _, name in ipairs(COUNTED_FIELDS) do w[name] = w[name] or 0 end
  return w, stored
end
-- Writes the finite numbers of w, but those that stored (when given) holds already; as the
-- text in \`texts\` (when given) that a number was read from, else formatted.
local function saveWindows(key, w, stored, texts)
  local args = {}
  for _, name in ipairs(WINDOW_FIELDS) do
    local value = w[name]
    if value and value > -huge and value < huge and not (stored and stored[name] == value) then
      args[#args + 1] = name
      args[#args + 1] = texts and texts[name] or num(value)
    end
  end
  if #args > 0 then call('HSET', key, unpack(args)) end
end
`;

/**
 * The answer of a customer at asOf (see LOAD_SNAPSHOTS), from its summary fields (named,
 * maxAt, survey, callback: HMGET of `summary`) and, when already loaded, its windows `w` and
 * the length of its history. With `persist`, the windows moved to asOf are stored when a
 * fact left one (assessments at now, which moves forward). A window is moved from its stored
 * boundary to asOf by reading only the facts that left it (each leaves once as time passes):
 * when its earliest fact is still in it, nothing is read.
 */
const ANSWER = `
local function firstAfter(key, after)
  local found = call('ZRANGEBYSCORE', key, '(' .. num(after), '+inf', 'WITHSCORES', 'LIMIT', '0', '1')
  return found[2] and tonumber(found[2])
end
local function scaledOf(member) return tonumber(string.sub(member, string.find(member, ':', 1, true) + 1)) end
-- Moves a window of \`days\` (its facts in the sorted set key .. zset) from w.b to asOf: its
-- earliest fact w[first], and its sum w[total] (by weigh(member), or a count when weigh is
-- nil). True when a fact left it.
local function move(w, asOf, key, zset, days, first, total, weigh)
  local from, to = w.b - days * DAY, asOf - days * DAY
  local sign, low, high = -1, from, to
  if to < from then
    sign, low, high = 1, to, from
  elseif not w[first] or w[first] > to then
    return false
  end
  local zkey = key .. zset
  if total then
    if weigh then
      for _, member in ipairs(call('ZRANGEBYSCORE', zkey, '(' .. num(low), num(high))) do
        w[total] = w[total] + sign * weigh(member)
      end
    else
      w[total] = w[total] + sign * call('ZCOUNT', zkey, '(' .. num(low), num(high))
    end
  end
  w[first] = firstAfter(zkey, to)
  return sign < 0
end
-- A number of an answer: an integer reply when it is one (read back the same), else as num.
local function reply(x)
  if isSafeInteger(x) then return x end
  return num(x)
end
local function text(value) return value and reply(value) or '' end
local function answer(key, summary, asOf, persist, w, revision)
  if not summary[1] then return { 'unknown' } end
  revision = revision or call('STRLEN', key .. 'history')
  if tonumber(summary[2]) > asOf then
    return { 'history', revision, call('GET', key .. 'history') }
  end
  local open = call('ZRANGE', key .. 'open', '0', '0', 'WITHSCORES')
  local nextDue = open[2] or ''
  if open[2] and tonumber(open[2]) < asOf then
    nextDue = call('ZRANGEBYSCORE', key .. 'open', num(asOf), '+inf', 'WITHSCORES', 'LIMIT', '0', '1')[2] or ''
  end
  w = w or loadWindows(key .. 'windows')
  local left = false
  left = move(w, asOf, key, 'purchases', 90, 'c90', 's90', scaledOf) or left
  left = move(w, asOf, key, 'purchases', 180, 'c180', 's180', scaledOf) or left
  left = move(w, asOf, key, 'purchases', 365, 'c365', 's365', scaledOf) or left
  left = move(w, asOf, key, 'filings', 90, 'cf', 'nf', nil) or left
  left = move(w, asOf, key, 'reopens', 90, 'cr', nil, nil) or left
  if persist and left then
    w.b = asOf
    call('DEL', key .. 'windows')
    saveWindows(key .. 'windows', w)
  end
  local middle = {}
  local gaps = w.n - 1
  if gaps > 0 then
    local upper = floor(gaps / 2)
    local lower = gaps % 2 == 1 and upper or upper - 1
    local found = call('ZRANGE', key .. 'gaps', num(lower), num(upper), 'WITHSCORES')
    for k = 2, #found, 2 do middle[#middle + 1] = found[k] end
  end
  return {
    'summary', revision, summary[1], summary[3] or '', summary[4] or '',
    open[1] or '', open[2] or '', nextDue,
    reply(w.nf), text(w.cf), text(w.cr),
    reply(w.s90), reply(w.s180), reply(w.s365),
    text(w.c90), text(w.c180), text(w.c365),
    reply(w.n), text(w.last), middle[1] or '', middle[2] or ''
  }
end
`;

/**
 * ARGV: the customers' key base, now (where a customer's first windows open), '1' to answer
 * each customer at now, then per customer: its id, the number of its facts applied one by one,
 * its history entries of the batch, the earliest and latest time of its facts, its latest
 * survey and call-back of the batch ('' for none), and per applied fact 5 values: code, time
 * and three fields (risk-history.ts, batchSummaryArguments and factArguments), in arrival
 * order: a purchase's neighbours and the open complaints are those of the facts before it.
 * Per customer one APPEND, one HMGET of its summary and one HSET of the fields that changed,
 * and its windows read and written (the fields that changed) once, whatever its number of
 * facts. When answering, returns per customer, in order, its answer at now (as
 * LOAD_SNAPSHOTS's, windows moved and stored): what its ranking entry is written from,
 * without reading again what the batch wrote; else nothing.
 */
const APPLY_FACTS = `${WINDOWS}${ANSWER}
local base, asOf, answering = ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1'
-- A customer's windows as stored (none, not read, for a fresh customer); its first ones (none
-- stored: no fact in them yet, every sum 0) open at asOf, so that a fact already out of a
-- window at asOf never enters it, and is never read again when the window moves on.
local function windowsOf(key, texts, fresh)
  local w, stored = loadWindows(not fresh and key .. 'windows' or nil)
  for _, value in pairs(stored) do
    if value then return w, stored end
  end
  w.b = asOf
  texts.b = ARGV[2]
  return w, stored
end
local out = {}
-- The spend windows: days, and the fields of their sum and earliest purchase (names spelt out:
-- 's' .. days would format the number each time).
local SPEND_WINDOWS = { { 90, 's90', 'c90' }, { 180, 's180', 'c180' }, { 365, 's365', 'c365' } }
-- Whether a survey or call-back (time, tab, position, ...) is later than another by (time, position).
local function isLater(entry, stored)
  local at, position = string.match(entry, '^([^\\t]+)\\t([^\\t]+)')
  local storedAt, storedPosition = string.match(stored, '^([^\\t]+)\\t([^\\t]+)')
  at, storedAt = tonumber(at), tonumber(storedAt)
  return at > storedAt or (at == storedAt and tonumber(position) > tonumber(storedPosition))
end
local i = 4
while i <= #ARGV do
  local id, count, history, earliestText, latestText, latestSurvey, latestCallback =
    ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6]
  local earliest, latest = tonumber(earliestText), tonumber(latestText)
  i = i + 7
  local key = base .. id .. ':'
  local summary = call('HMGET', key .. 'summary', 'named', 'maxAt', 'survey', 'callback')
  local storedNamed = summary[1] and tonumber(summary[1]) or huge
  local storedMaxAt = summary[2] and tonumber(summary[2]) or -huge
  local named, maxAt, survey, callback = storedNamed, storedMaxAt, summary[3], summary[4]
  local namedText, maxAtText = summary[1], summary[2]
  if earliest < named then named, namedText = earliest, earliestText end
  if latest > maxAt then maxAt, maxAtText = latest, latestText end
  if latestSurvey ~= '' and (not survey or isLater(latestSurvey, survey)) then survey = latestSurvey end
  if latestCallback ~= '' and (not callback or isLater(latestCallback, callback)) then callback = latestCallback end
  -- The customer's windows, as stored, and the texts of input times or now they now hold
  -- (written as they are, without formatting the numbers again).
  local w, stored, texts = nil, nil, {}
  -- A customer no batch named before (no summary) has no other key either: its first windows
  -- need no read, its first purchase has no neighbour, its open complaints are only those
  -- this call adds (each batch of a rebuild names most of its customers for the first time).
  local fresh = not summary[1]
  local hasPurchases, openTouched = not fresh, not fresh
  for f = 0, count - 1 do
    local a = i + f * 5
    local code, atText, x, y, z = ARGV[a], ARGV[a + 1], ARGV[a + 2], ARGV[a + 3], ARGV[a + 4]
    local at = tonumber(atText)
    if code == 'f' or code == 'F' then
      call('ZADD', key .. 'filings', atText, x)
      -- F: resolved or closed later in the batch (that fact left out), so not open after it.
      if code == 'f' then
        call('ZADD', key .. 'open', y, x)
        openTouched = true
      elseif openTouched then
        call('ZREM', key .. 'open', x)
      end
      if not w then w, stored = windowsOf(key, texts, fresh) end
      if at > w.b - 90 * DAY then
        w.nf = w.nf + 1
        if not w.cf or at < w.cf then w.cf, texts.cf = at, atText end
      end
    elseif code == 'r' or code == 'c' then
      call('ZREM', key .. 'open', x)
    elseif code == 'u' then
      -- A pause: no breach while it lasts, unless the due time had passed when it began.
      local due = call('ZSCORE', key .. 'open', x)
      due = due and tonumber(due)
      if due and due >= at then call('ZADD', key .. 'open', '+inf', x); openTouched = true end
    elseif code == 'm' then
      if call('ZSCORE', key .. 'open', x) then call('ZADD', key .. 'open', y, x); openTouched = true end
    elseif code == 'o' then
      call('ZADD', key .. 'open', y, x)
      openTouched = true
      call('ZADD', key .. 'reopens', atText, x .. ':' .. z)
      if not w then w, stored = windowsOf(key, texts, fresh) end
      if at > w.b - 90 * DAY and (not w.cr or at < w.cr) then w.cr, texts.cr = at, atText end
    elseif code == 'p' then
      local purchases, member = key .. 'purchases', x .. ':' .. y
      call('ZADD', purchases, atText, member)
      if hasPurchases then
        local rank = call('ZRANK', purchases, member)
        if rank > 0 then
          local before = call('ZRANGE', purchases, num(rank - 1), num(rank - 1), 'WITHSCORES')
          call('ZADD', key .. 'gaps', num(at - tonumber(before[2])), member)
        end
        local after = call('ZRANGE', purchases, num(rank + 1), num(rank + 1), 'WITHSCORES')
        if after[1] then call('ZADD', key .. 'gaps', num(tonumber(after[2]) - at), after[1]) end
      end
      hasPurchases = true
      if not w then w, stored = windowsOf(key, texts, fresh) end
      w.n = w.n + 1
      if not w.last or at > w.last then w.last, texts.last = at, atText end
      for _, window in ipairs(SPEND_WINDOWS) do
        local days, sum, earliest = window[1], window[2], window[3]
        if at > w.b - days * DAY then
          w[sum] = w[sum] + tonumber(y)
          if not w[earliest] or at < w[earliest] then w[earliest], texts[earliest] = at, atText end
        end
      end
    end
  end
  i = i + count * 5
  local revision = call('APPEND', key .. 'history', history)
  -- The summary's fields that changed, the others as stored.
  local fields = {}
  if named ~= storedNamed then fields[#fields + 1] = 'named'; fields[#fields + 1] = namedText end
  if maxAt ~= storedMaxAt then fields[#fields + 1] = 'maxAt'; fields[#fields + 1] = maxAtText end
  if survey ~= summary[3] then fields[#fields + 1] = 'survey'; fields[#fields + 1] = survey end
  if callback ~= summary[4] then fields[#fields + 1] = 'callback'; fields[#fields + 1] = callback end
  if #fields > 0 then call('HSET', key .. 'summary', unpack(fields)) end
  if w then saveWindows(key .. 'windows', w, stored, texts) end
  if answering then out[#out + 1] = answer(key, { namedText, maxAtText, survey, callback }, asOf, true, w, revision) end
end
return out
`;

/**
 * ARGV: the customers' key base, asOf, '1' to store the windows moved to asOf when a fact
 * left one (assessments at now, which moves forward), the length in bytes up to which a
 * history is answered whole, then customer ids. Per customer: { 'unknown' }, { 'history',
 * revision, entries } when a fact occurs after asOf or its history is that short (the caller
 * folds it: for a handful of facts that costs Redis a fraction of reading the summaries,
 * moving the windows and formatting the answer), else the summary's answer (see
 * snapshotOfReply; its numbers that are integers as integer replies).
 */
const LOAD_SNAPSHOTS = `${WINDOWS}${ANSWER}
local base, asOf, persist, short = ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1', tonumber(ARGV[4])
local out = {}
for i = 5, #ARGV do
  local key = base .. ARGV[i] .. ':'
  local revision = call('STRLEN', key .. 'history')
  if revision == 0 then
    out[#out + 1] = { 'unknown' }
  elseif revision <= short then
    out[#out + 1] = { 'history', revision, call('GET', key .. 'history') }
  else
    local summary = call('HMGET', key .. 'summary', 'named', 'maxAt', 'survey', 'callback')
    out[#out + 1] = answer(key, summary, asOf, persist, nil, revision)
  end
end
return out
`;

const APPLY_FACTS_SCRIPT = new ScriptBySha(APPLY_FACTS);

/** Resolves once Redis holds queueFacts's script: before each MULTI it is queued into. */
export function loadFactsScript(redis: Redis): Promise<void> {
  return APPLY_FACTS_SCRIPT.ensureLoaded(redis);
}

/**
 * Queues one batch's facts, each customer's in arrival order, into the runner's MULTI (after
 * loadFactsScript). `now`: where a customer's first windows open. When `answering`, its
 * reply, read by snapshotsOfApplied, is each customer's snapshot at `now` once they apply.
 */
export function queueFacts(
  tx: ChainableCommander,
  keyPrefix: string,
  facts: Map<string, RiskFact[]>,
  now: number,
  answering: boolean,
): void {
  if (facts.size === 0) return;
  const args: (string | number)[] = [];
  for (const [customerId, customerFacts] of facts) {
    const { summary, applied, closedInBatch } = batchSummaryArguments(customerFacts);
    args.push(customerId, applied.length, ...summary);
    for (const fact of applied) {
      for (const arg of factArguments(fact, closedInBatch.has(fact))) args.push(arg);
    }
  }
  APPLY_FACTS_SCRIPT.queue(tx, 0, customerBase(keyPrefix), now, answering ? '1' : '0', ...args);
}

/** The snapshots at `asOf` that queueFacts's script answered for these customers, in their order. */
export function snapshotsOfApplied(
  customerIds: readonly string[],
  reply: unknown,
  asOf: number,
): Map<string, LoadedSnapshot> {
  const loaded = new Map<string, LoadedSnapshot>();
  (reply as unknown[][]).forEach((answer, index) => {
    const snapshot = loadedOfAnswer(answer, asOf);
    if (snapshot) loaded.set(customerIds[index], snapshot);
  });
  return loaded;
}

/** One answer of ANSWER's `answer` (undefined: no event names the customer). */
function loadedOfAnswer(answer: unknown[], asOf: number): LoadedSnapshot | undefined {
  if (answer[0] === 'unknown') return undefined;
  const revision = Number(answer[1]);
  const snapshot =
    answer[0] === 'history'
      ? snapshotOfFacts(factsFromHistory(historyEntries(answer[2] as string)), asOf)
      : snapshotOfReply(answer as (string | number)[], asOf);
  return { revision, snapshot };
}

/** A customer's snapshot at asOf and the revision of the facts it comes from (their number). */
export interface LoadedSnapshot {
  revision: number;
  snapshot: RiskSnapshot;
}

/** Customers per script call: a call holds Redis for a few ms at most. */
const CHUNK = 200;

/**
 * Histories up to this many bytes (some 25 facts) are assessed by folding them here rather
 * than from the summaries in Redis: the common customer, with a handful of facts, costs Redis
 * a read instead of a script's work. Longer ones are read from the summaries, so a customer's
 * assessment never costs more for a longer history.
 */
export const SHORT_HISTORY_BYTES = 1024;

/**
 * Snapshots at `asOf` of these customers (absent: no event names them). `moveWindows`: store
 * the spend windows' sums at asOf (asOf is now and moves forward), so the next assessment
 * reads only the purchases that left a window since (customers with a history longer than
 * `shortHistoryBytes`; the others are folded from their history).
 */
export async function loadSnapshots(
  redis: Redis,
  keyPrefix: string,
  customerIds: readonly string[],
  asOf: number,
  moveWindows = false,
  shortHistoryBytes = SHORT_HISTORY_BYTES,
): Promise<Map<string, LoadedSnapshot>> {
  const loaded = new Map<string, LoadedSnapshot>();
  const pipeline = redis.pipeline();
  const chunks: string[][] = [];
  for (let start = 0; start < customerIds.length; start += CHUNK) {
    const ids = customerIds.slice(start, start + CHUNK);
    chunks.push(ids);
    pipeline.eval(
      LOAD_SNAPSHOTS,
      0,
      customerBase(keyPrefix),
      asOf,
      moveWindows ? '1' : '0',
      shortHistoryBytes,
      ...ids,
    );
  }
  if (chunks.length === 0) return loaded;
  const replies = (await pipeline.exec())!;
  chunks.forEach((ids, chunk) => {
    const [error, reply] = replies[chunk];
    if (error) throw error;
    (reply as unknown[][]).forEach((answer, index) => {
      const snapshot = loadedOfAnswer(answer, asOf);
      if (snapshot) loaded.set(ids[index], snapshot);
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
  const facts = new Map<string, CustomerRiskFacts>();
  if (customerIds.length === 0) return facts;
  const base = customerBase(keyPrefix);
  const histories = await redis.mget(customerIds.map((customerId) => `${base}${customerId}:history`));
  customerIds.forEach((customerId, index) => {
    const history = histories[index];
    if (history) facts.set(customerId, factsFromHistory(historyEntries(history)));
  });
  return facts;
}

/** Customers per MGET of a scan: a few MB of histories in memory at a time. */
const SCAN_CHUNK = 2000;

/**
 * Folds the facts of these customers chunk by chunk (MGET of SCAN_CHUNK histories) and hands
 * each chunk to `visit`, Redis reading the next chunk meanwhile: at most two chunks are in
 * memory, however many customers there are.
 */
export async function scanFacts(
  redis: Redis,
  keyPrefix: string,
  customerIds: readonly string[],
  visit: (facts: Map<string, CustomerRiskFacts>) => void,
): Promise<void> {
  const load = (start: number) => {
    const loading = loadFacts(redis, keyPrefix, customerIds.slice(start, start + SCAN_CHUNK));
    // Awaited below; a failure of a chunk not yet awaited must not go unhandled meanwhile.
    loading.catch(() => undefined);
    return loading;
  };
  let next = customerIds.length > 0 ? load(0) : undefined;
  for (let start = 0; next !== undefined; start += SCAN_CHUNK) {
    const facts = await next;
    next = start + SCAN_CHUNK < customerIds.length ? load(start + SCAN_CHUNK) : undefined;
    visit(facts);
  }
}

/** The answer (ANSWER's) for a customer with no fact after asOf. */
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
