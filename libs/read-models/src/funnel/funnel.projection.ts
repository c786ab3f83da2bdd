import { complaintIdOf } from '@cl/complaints';
import { customerIdOf } from '@cl/customers';
import type { ChainableCommander, Redis } from 'ioredis';
import type { RecordedEvent } from '@cl/event-store';
import type { Projection, ProjectionContext } from '@cl/projections';
import { LUA_NUMBERS, ScriptBySha } from '@cl/redis';
import { dayOf, funnelKeys } from './funnel-keys';
import {
  COMPLAINT_RECORD_BYTES,
  encodeComplaintRecord,
  type ComplaintRecord,
  encodeResolution,
  PURCHASE_RECORD_BYTES,
} from './funnel-records';

/** What a first resolution sets in the record's flags (funnel-records.ts). */
const ON_THE_SPOT = 1;
const GOODWILL = 2;

/** A complaint filed in the batch: its record so far, its customer's number, where its op is in the ops. */
interface FiledHere {
  record: ComplaintRecord;
  customer: number;
  op: number;
}

/**
 * The complaint-to-repurchase funnel (multi-stream, async). Per complaint a fixed-width
 * record in the string of its filing day, per purchase one in the string of its day (see
 * funnel-records.ts). Each complaint keeps the customer's earliest purchase strictly after
 * its repurchase anchor, each purchase the customer's earliest purchase strictly after it:
 * the query decides any window from them. Per customer, its purchases and its complaints'
 * anchors are sorted sets, so an event rewrites only the records whose next purchase it
 * moves (a purchase: those of the purchases and anchors between the customer's previous
 * purchase and it), whatever the order in which streams' events arrive and however long the
 * customer's history: the batch's events are applied in order by one script inside the
 * runner's MULTI.
 */
export const funnelProjection: Projection = {
  name: 'funnel',
  // 2: fixed-width records per day and maintained next purchases (1: JSON facts per complaint).
  // 3: per customer sorted sets of purchases and anchors (2: one JSON state per customer).
  // 4: the record keeps the first resolution's actor (groupBy=agent).
  version: 4,
  eventTypes: [
    'ComplaintFiled',
    'ComplaintResolved',
    'CallbackRecorded',
    'SatisfactionRecorded',
    'PurchaseRecorded',
  ],

  async project(
    events: readonly RecordedEvent[],
    { redis, tx, keyPrefix }: ProjectionContext,
  ): Promise<void> {
    const keys = funnelKeys(keyPrefix);
    // Asked beside the batch's reads; awaited before the script is queued by its SHA.
    const scriptLoaded = APPLY_FUNNEL_SCRIPT.ensureLoaded(redis);
    scriptLoaded.catch(() => undefined);
    const occurredAt = events.map((event) => Date.parse(String(event.metadata.occurredAt)));
    const batch = await readBatch(events, occurredAt, redis, keys);
    /** Per event 7 arguments of APPLY_FUNNEL: op, customer, complaint, time, day, slot, payload. */
    const ops: (string | number | Buffer)[] = [];
    /**
     * The complaints this batch files: their later events in the batch are folded into the
     * record the filing writes (in a catch-up, most of a complaint's events arrive in the
     * batch that files it), so a call-back or survey costs the script nothing and a first
     * resolution only changes where the filing anchors the complaint.
     */
    const filedHere = new Map<string, FiledHere>();

    for (let index = 0; index < events.length; index++) {
      const [event, at] = [events[index], occurredAt[index]];
      const data = event.data as Record<string, never>;
      if (event.type === 'PurchaseRecorded') {
        const customerId = customerIdOf(event.streamId);
        const day = dayOf(at);
        ops.push('P', customerId, '', at, day, batch.slot('bought', day), batch.customer(customerId));
        continue;
      }
      const complaintId = complaintIdOf(event.streamId);
      const filed = filedHere.get(complaintId);
      if (event.type === 'ComplaintFiled') {
        const customerId = String(data.customerId);
        const day = dayOf(at);
        const record: ComplaintRecord = {
          filedAt: at,
          category: batch.code(data.category),
          channel: batch.code(data.channel),
          severity: batch.code(data.severity),
          branch: data.branchId === undefined ? 0 : batch.code(data.branchId),
          firstResolvedAt: null,
          firstOnTheSpot: false,
          firstGoodwill: false,
          firstResolver: 0,
          callbackReached: false,
          satisfactionSum: 0,
          satisfactionCount: 0,
          nextPurchaseAt: null,
        };
        const customer = batch.customer(customerId);
        // A repeated filing keeps the first one's record (the script's HSETNX): it folds nothing.
        if (filed === undefined) filedHere.set(complaintId, { record, customer, op: ops.length });
        ops.push('F', customerId, complaintId, at, day, batch.slot('filed', day), '');
      } else if (event.type === 'ComplaintResolved') {
        const onTheSpot = data.onTheSpot === true;
        const goodwill = data.goodwill !== undefined;
        const resolver = resolverOf(event);
        const resolverCode = resolver === undefined ? 0 : batch.code(resolver);
        if (filed !== undefined) {
          // Only the first resolution counts. The filing is anchored at it (G) right away:
          // each purchase keeps the next purchase after every anchor as it comes, so where in
          // the batch the anchor is set does not matter.
          if (filed.record.firstResolvedAt === null) {
            Object.assign(filed.record, {
              firstResolvedAt: at,
              firstOnTheSpot: onTheSpot,
              firstGoodwill: goodwill,
              firstResolver: resolverCode,
            });
            ops[filed.op] = 'G';
          }
          continue;
        }
        const flags = (onTheSpot ? ON_THE_SPOT : 0) | (goodwill ? GOODWILL : 0);
        ops.push('R', '', complaintId, at, '', '', encodeResolution(flags, resolverCode));
      } else if (event.type === 'CallbackRecorded' && data.reached === true) {
        if (filed !== undefined) filed.record.callbackReached = true;
        else ops.push('C', '', complaintId, at, '', '', '');
      } else if (event.type === 'SatisfactionRecorded') {
        if (filed !== undefined) {
          filed.record.satisfactionSum += Number(data.score);
          filed.record.satisfactionCount += 1;
        } else ops.push('S', '', complaintId, at, '', '', Number(data.score));
      }
    }
    // The payload, the op's seventh argument.
    for (const { record, customer, op } of filedHere.values())
      ops[op + 6] = encodeComplaintRecord(record, customer);
    await scriptLoaded;
    if (ops.length > 0) APPLY_FUNNEL_SCRIPT.queue(tx, 0, keyPrefix, ...ops);
    batch.write(tx);
  },
};

/**
 * ARGV: the read model's prefix, then per event 7 values: op (F filed, G filed and anchored
 * at the first resolution folded into its record, R resolved, C reached call-back, S survey,
 * P purchase), customer id, complaint id, time (ms), day, slot, payload (F and G: the record,
 * with the batch's later events of the complaint folded in, or empty for a repeated filing of
 * the batch; R: a first resolution's flags and actor code, funnel-records.ts
 * encodeResolution; S: the score; P: the customer's number).
 * A complaint's later events find its record and customer in `complaints`.
 */
const APPLY_FUNNEL = `${LUA_NUMBERS}
local prefix = ARGV[1]
local NAN = 0 / 0
local C, P = ${COMPLAINT_RECORD_BYTES}, ${PURCHASE_RECORD_BYTES}
local tonumber, pack = tonumber, struct.pack
local complaints = prefix .. ':complaints'
local function customerKey(id, kind) return prefix .. ':customer:' .. id .. ':' .. kind end
-- Numbers go to redis.call as text: Redis would write a Lua number with %.17g.
local function firstAfter(purchases, atText)
  local found = call('ZRANGEBYSCORE', purchases, '(' .. atText, '+inf', 'WITHSCORES', 'LIMIT', '0', '1')
  return found[2] and tonumber(found[2]) or NAN
end
local function setTime(kind, size, offset, member, at)
  local day, slot = string.match(member, '^(.+):(%d+)$')
  call('SETRANGE', prefix .. ':' .. kind .. ':' .. day, num(tonumber(slot) * size + offset), pack('<d', at))
end
-- A resolution of the complaint whose record is at offset of key (member in its customer's
-- anchors, of customer owner): the first one sets the record's first resolution (its time,
-- the next purchase after it, its flags ORed in and its actor's code) and moves its anchor
-- there. Bytes 8-56 of the record in one read and one write.
local function resolve(key, offset, member, owner, at, atText, flags, resolver)
  local region = call('GETRANGE', key, num(offset + 8), num(offset + 56))
  local first = struct.unpack('<d', region)
  if first == first then return end
  call('ZADD', customerKey(owner, 'anchors'), atText, member)
  local nextPurchase = firstAfter(customerKey(owner, 'purchases'), atText)
  call('SETRANGE', key, num(offset + 8),
    pack('<dd', at, nextPurchase) .. string.sub(region, 17, 44) .. string.char(bit.bor(string.byte(region, 45), flags))
    .. resolver)
end
for i = 2, #ARGV, 7 do
  local op, customer, complaint, atText, day, slot, payload =
    ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5], ARGV[i + 6]
  local at = tonumber(atText)
  if op == 'F' or op == 'G' then
    -- G: its first resolution is in the record (folded in from the batch): anchored there.
    local anchorText = atText
    if op == 'G' then anchorText = num(struct.unpack('<d', payload, 9)) end
    local where = day .. '\\t' .. slot .. '\\t' .. customer
    if call('HSETNX', complaints, complaint, where) == 1 then
      -- The record with its next purchase (bytes 16-23) in place: one write.
      local nextPurchase = pack('<d', firstAfter(customerKey(customer, 'purchases'), anchorText))
      local record = string.sub(payload, 1, 16) .. nextPurchase .. string.sub(payload, 25)
      call('SETRANGE', prefix .. ':filed:' .. day, num(tonumber(slot) * C), record)
      call('ZADD', customerKey(customer, 'anchors'), anchorText, day .. ':' .. slot)
    elseif #payload > 0 then
      -- Filed before: what was folded into this record applies to that filing's.
      local sum, count, flags = struct.unpack('<I4I4B', string.sub(payload, 45, 53))
      local reached = bit.band(flags, 4)
      if count > 0 or reached ~= 0 or op == 'G' then
        local recordDay, recordSlot, owner = string.match(call('HGET', complaints, complaint), '^([^\\t]+)\\t([^\\t]+)\\t(.*)$')
        local key, offset = prefix .. ':filed:' .. recordDay, tonumber(recordSlot) * C
        local storedSum, storedCount, storedFlags = struct.unpack('<I4I4B', call('GETRANGE', key, num(offset + 44), num(offset + 52)))
        call('SETRANGE', key, num(offset + 44), pack('<I4I4B', storedSum + sum, storedCount + count, bit.bor(storedFlags, reached)))
        if op == 'G' then
          resolve(key, offset, recordDay .. ':' .. recordSlot, owner, struct.unpack('<d', payload, 9), anchorText,
            bit.band(flags, 3), string.sub(payload, 54, 57))
        end
      end
    end
  elseif op == 'P' then
    local purchases, member = customerKey(customer, 'purchases'), day .. ':' .. slot
    call('ZADD', purchases, atText, member)
    local record = pack('<ddI4', at, firstAfter(purchases, atText), tonumber(payload))
    call('SETRANGE', prefix .. ':bought:' .. day, num(tonumber(slot) * P), record)
    -- Its customer's purchases at the latest time before it, and the complaints anchored
    -- from then on, have it as their next purchase now.
    local before = call('ZREVRANGEBYSCORE', purchases, '(' .. atText, '-inf', 'WITHSCORES', 'LIMIT', '0', '1')
    local from = '-inf'
    if before[1] then
      from = before[2]
      for _, other in ipairs(call('ZRANGEBYSCORE', purchases, from, from)) do setTime('bought', P, 8, other, at) end
    end
    for _, anchored in ipairs(call('ZRANGEBYSCORE', customerKey(customer, 'anchors'), from, '(' .. atText)) do
      setTime('filed', C, 16, anchored, at)
    end
  else
    local where = call('HGET', complaints, complaint)
    if where then
      local recordDay, recordSlot, owner = string.match(where, '^([^\\t]+)\\t([^\\t]+)\\t(.*)$')
      local key, offset = prefix .. ':filed:' .. recordDay, tonumber(recordSlot) * C
      if op == 'R' then
        resolve(key, offset, recordDay .. ':' .. recordSlot, owner, at, atText, string.byte(payload, 1), string.sub(payload, 2, 5))
      elseif op == 'C' then
        local flags = struct.unpack('B', call('GETRANGE', key, num(offset + 52), num(offset + 52)))
        call('SETRANGE', key, num(offset + 52), pack('B', bit.bor(flags, 4)))
      elseif op == 'S' then
        local sum, count = struct.unpack('<I4I4', call('GETRANGE', key, num(offset + 44), num(offset + 51)))
        call('SETRANGE', key, num(offset + 44), pack('<I4I4', sum + tonumber(payload), count + 1))
      end
    end
  end
end
return 0
`;

const APPLY_FUNNEL_SCRIPT = new ScriptBySha(APPLY_FUNNEL);

/**
 * What a batch reads before it queues its writes, in one pipelined round trip: the numbers
 * of the customers its filings and purchases name, the codes of the dimension values of its
 * filings and the counters it needs. It hands out new customer numbers, codes and slots, and
 * writes them with the batch.
 */
async function readBatch(
  events: readonly RecordedEvent[],
  occurredAt: readonly number[],
  redis: Redis,
  keys: ReturnType<typeof funnelKeys>,
) {
  const values = new Set<string>();
  const counterNames = new Set<string>(['values', 'customers']);
  const customerIds = new Set<string>();
  events.forEach((event, index) => {
    if (event.type === 'ComplaintFiled') {
      const data = event.data as Record<string, string | undefined>;
      customerIds.add(data.customerId!);
      for (const value of [data.category, data.channel, data.severity, data.branchId]) {
        if (value !== undefined) values.add(value);
      }
      counterNames.add(slotCounter('filed', dayOf(occurredAt[index])));
    } else if (event.type === 'ComplaintResolved') {
      // Coded with the batch's other values: a later resolution's actor too (the script keeps
      // only the first's), which costs a code, never a round trip.
      const resolver = resolverOf(event);
      if (resolver !== undefined) values.add(resolver);
    } else if (event.type === 'PurchaseRecorded') {
      customerIds.add(customerIdOf(event.streamId));
      counterNames.add(slotCounter('bought', dayOf(occurredAt[index])));
    }
  });

  const customerList = [...customerIds];
  const valueList = [...values];
  const counterList = [...counterNames];
  const read = redis.pipeline();
  read.hmget(keys.counters, ...counterList);
  if (customerList.length > 0) read.hmget(keys.customerCodes, ...customerList);
  if (valueList.length > 0) read.hmget(keys.valueCodes, ...valueList);
  const replies = (await read.exec())!.map(([error, result]) => {
    if (error) throw error;
    return result as (string | null)[];
  });
  const storedCounters = replies[0];
  const storedCustomers = customerList.length > 0 ? replies[1] : [];
  const storedCodes = valueList.length > 0 ? replies[replies.length - 1] : [];

  const counters = new Map(counterList.map((name, index) => [name, Number(storedCounters[index] ?? 0)]));
  const changedCounters = new Set<string>();
  const count = (name: string) => {
    const next = counters.get(name)! + 1;
    counters.set(name, next);
    changedCounters.add(name);
    return next;
  };
  const customerCodes = new Map<string, number>();
  customerList.forEach((id, index) => {
    if (storedCustomers[index] !== null) customerCodes.set(id, Number(storedCustomers[index]));
  });
  const newCustomers = new Map<string, number>();
  const codes = new Map<string, number>();
  valueList.forEach((value, index) => {
    if (storedCodes[index] !== null) codes.set(value, Number(storedCodes[index]));
  });
  const newCodes = new Map<string, number>();
  const newDays = new Set<number>();

  return {
    /** The customer's number in the records. */
    customer(customerId: string): number {
      let code = customerCodes.get(customerId);
      if (code === undefined) {
        code = count('customers');
        customerCodes.set(customerId, code);
        newCustomers.set(customerId, code);
      }
      return code;
    },
    code(value: string): number {
      let code = codes.get(value);
      if (code === undefined) {
        code = count('values');
        codes.set(value, code);
        newCodes.set(value, code);
      }
      return code;
    },
    /** The next free slot of the day's string: slots count from 0. */
    slot(kind: 'filed' | 'bought', day: number): number {
      const slot = count(slotCounter(kind, day)) - 1;
      if (slot === 0) newDays.add(day);
      return slot;
    },
    /** The new customer numbers and codes, the new days and the counters moved. */
    write(tx: ChainableCommander): void {
      if (newCustomers.size > 0) tx.hset(keys.customerCodes, ...[...newCustomers].flat());
      if (newCodes.size > 0) {
        tx.hset(keys.valueCodes, ...[...newCodes].flat());
        tx.hset(keys.values, ...[...newCodes].flatMap(([value, code]) => [code, value]));
      }
      if (newDays.size > 0) tx.zadd(keys.days, ...[...newDays].flatMap((day) => [day, day]));
      if (changedCounters.size > 0) {
        tx.hset(keys.counters, ...[...changedCounters].flatMap((name) => [name, counters.get(name)!]));
      }
    },
  };
}

/** The actor id a ComplaintResolved records in its metadata (groupBy=agent), if any. */
function resolverOf(event: RecordedEvent): string | undefined {
  const actor = event.metadata.actor as { id?: unknown } | undefined;
  return typeof actor?.id === 'string' ? actor.id : undefined;
}

/** The counter of the slots taken in a day's string. */
function slotCounter(kind: 'filed' | 'bought', day: number): string {
  return `${kind}:${day}`;
}
