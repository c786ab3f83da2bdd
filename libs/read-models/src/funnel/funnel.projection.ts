import type { ChainableCommander, Redis } from 'ioredis';
import type { RecordedEvent } from '@cl/event-store';
import type { Projection, ProjectionContext } from '@cl/projections';
import { dayOf, funnelKeys } from './funnel-keys';
import {
  COMPLAINT_RECORD_BYTES,
  encodeComplaintRecord,
  encodePurchaseRecord,
  PURCHASE_RECORD_BYTES,
  type ComplaintRecord,
} from './funnel-records';
import { repurchaseAnchor } from './funnel-report';

const COMPLAINT = 'complaint-';
const CUSTOMER = 'customer-';

/** Where a record lives: its day's string and its slot in it. */
interface Slot {
  day: number;
  slot: number;
}

type StoredComplaint = ComplaintRecord & Slot & { id: string };

interface StoredPurchase extends Slot {
  at: number;
  nextPurchaseAt: number | null;
}

/**
 * Everything the funnel knows about one customer: what a new event is folded into. Arrays,
 * not objects keyed by id: ids as property names would give V8 a new hidden class each.
 */
interface CustomerFunnelState {
  /** The customer's number in the records. */
  code: number;
  complaints: StoredComplaint[];
  /** An order id is recorded once per customer (the command refuses it again): no order ids here. */
  purchases: StoredPurchase[];
}

/**
 * The complaint-to-repurchase funnel (multi-stream, async). Per complaint a fixed-width
 * record in the string of its filing day, per purchase one in the string of its day (see
 * funnel-records.ts), and per customer the state they are derived from. Each complaint
 * keeps the customer's earliest purchase strictly after its repurchase anchor, each purchase
 * the customer's earliest purchase strictly after it: the query decides any window from
 * them. Both are recomputed from all of the customer's purchases whenever an event touches
 * the customer, so the order in which streams' events arrive never matters.
 */
export const funnelProjection: Projection = {
  name: 'funnel',
  // 2: fixed-width records per day and maintained next purchases (1: JSON facts per complaint).
  version: 2,
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
    const occurredAt = events.map((event) => Date.parse(String(event.metadata.occurredAt)));
    const batch = await readBatch(events, occurredAt, redis, keys);
    const touched = new Set<string>();
    /** Records to write whether or not their next purchase moved. */
    const changedComplaints = new Set<StoredComplaint>();
    const newPurchases = new Set<StoredPurchase>();

    for (let index = 0; index < events.length; index++) {
      const [event, at] = [events[index], occurredAt[index]];
      const data = event.data as Record<string, never>;
      if (event.type === 'PurchaseRecorded') {
        const customerId = event.streamId.slice(CUSTOMER.length);
        const customer = batch.customer(customerId);
        touched.add(customerId);
        const day = dayOf(at);
        const purchase = { at, nextPurchaseAt: null, day, slot: batch.slot('bought', day) };
        customer.purchases.push(purchase);
        newPurchases.add(purchase);
        continue;
      }
      const complaintId = event.streamId.slice(COMPLAINT.length);
      const customerId = batch.owners.get(complaintId);
      if (customerId === undefined) continue;
      const customer = batch.customer(customerId);
      touched.add(customerId);
      if (event.type === 'ComplaintFiled') {
        if (customer.complaints.some((complaint) => complaint.id === complaintId)) continue;
        const day = dayOf(at);
        const complaint: StoredComplaint = {
          id: complaintId,
          day,
          slot: batch.slot('filed', day),
          filedAt: at,
          category: batch.code(data.category),
          channel: batch.code(data.channel),
          severity: batch.code(data.severity),
          branch: data.branchId === undefined ? 0 : batch.code(data.branchId),
          firstResolvedAt: null,
          firstOnTheSpot: false,
          firstGoodwill: false,
          callbackReached: false,
          satisfactionSum: 0,
          satisfactionCount: 0,
          nextPurchaseAt: null,
        };
        customer.complaints.push(complaint);
        changedComplaints.add(complaint);
        continue;
      }
      const complaint = customer.complaints.find((complaint) => complaint.id === complaintId);
      if (!complaint) continue;
      if (event.type === 'ComplaintResolved' && complaint.firstResolvedAt === null) {
        complaint.firstResolvedAt = at;
        complaint.firstOnTheSpot = data.onTheSpot === true;
        complaint.firstGoodwill = data.goodwill !== undefined;
      } else if (event.type === 'CallbackRecorded' && data.reached === true && !complaint.callbackReached) {
        complaint.callbackReached = true;
      } else if (event.type === 'SatisfactionRecorded') {
        complaint.satisfactionSum += Number(data.score);
        complaint.satisfactionCount += 1;
      } else {
        continue;
      }
      changedComplaints.add(complaint);
    }

    // The batch's writes go out as few commands (the client's cost is per command): the
    // records in one SET_RANGES call, the customers' states in one MSET.
    const recordKeys: string[] = [];
    const recordWrites: (number | Buffer)[] = [];
    const states: string[] = [];
    for (const customerId of touched) {
      const customer = batch.customer(customerId);
      const nextPurchaseAfter = purchaseFinder(customer);
      let changed = false;
      for (const complaint of customer.complaints) {
        const next = nextPurchaseAfter(repurchaseAnchor(complaint));
        if (next === complaint.nextPurchaseAt && !changedComplaints.has(complaint)) continue;
        complaint.nextPurchaseAt = next;
        recordKeys.push(keys.filed(complaint.day));
        recordWrites.push(
          complaint.slot * COMPLAINT_RECORD_BYTES,
          encodeComplaintRecord(complaint, customer.code),
        );
        changed = true;
      }
      for (const purchase of customer.purchases) {
        const next = nextPurchaseAfter(purchase.at);
        if (next === purchase.nextPurchaseAt && !newPurchases.has(purchase)) continue;
        purchase.nextPurchaseAt = next;
        recordKeys.push(keys.bought(purchase.day));
        recordWrites.push(
          purchase.slot * PURCHASE_RECORD_BYTES,
          encodePurchaseRecord({ at: purchase.at, nextPurchaseAt: next, customer: customer.code }),
        );
        changed = true;
      }
      if (changed || batch.isNew(customerId))
        states.push(keys.customer(customerId), JSON.stringify(customer));
    }
    if (recordKeys.length > 0) tx.eval(SET_RANGES, recordKeys.length, ...recordKeys, ...recordWrites);
    if (states.length > 0) tx.mset(...states);
    batch.write(tx);
  },
};

/** KEYS: strings; ARGV: for each key the offset to write at and the bytes to write there. */
const SET_RANGES = `
for i, key in ipairs(KEYS) do
  redis.call('setrange', key, ARGV[2 * i - 1], ARGV[2 * i])
end
return #KEYS
`;

/** The customer's earliest purchase strictly after a time, or null. */
function purchaseFinder(customer: CustomerFunnelState): (after: number) => number | null {
  const times = customer.purchases.map((purchase) => purchase.at).sort((a, b) => a - b);
  return (after) => {
    let [low, high] = [0, times.length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (times[middle] <= after) low = middle + 1;
      else high = middle;
    }
    return low < times.length ? times[low] : null;
  };
}

/**
 * What a batch reads before it folds its events, in two pipelined round trips: the owners of
 * the complaints it names, then the customers' states, the codes of the dimension values of
 * its filings and the counters it needs. It hands out new customer numbers, codes and slots,
 * and writes them with the batch.
 */
async function readBatch(
  events: readonly RecordedEvent[],
  occurredAt: readonly number[],
  redis: Redis,
  keys: ReturnType<typeof funnelKeys>,
) {
  const owners = new Map<string, string>();
  const values = new Set<string>();
  const counterNames = new Set<string>(['values', 'customers']);
  const customerIds = new Set<string>();
  events.forEach((event, index) => {
    if (event.type === 'ComplaintFiled') {
      const data = event.data as Record<string, string | undefined>;
      owners.set(event.streamId.slice(COMPLAINT.length), data.customerId!);
      for (const value of [data.category, data.channel, data.severity, data.branchId]) {
        if (value !== undefined) values.add(value);
      }
      counterNames.add(slotCounter('filed', dayOf(occurredAt[index])));
    } else if (event.type === 'PurchaseRecorded') {
      customerIds.add(event.streamId.slice(CUSTOMER.length));
      counterNames.add(slotCounter('bought', dayOf(occurredAt[index])));
    }
  });
  const newOwners = [...owners];
  const unknownOwners = [
    ...new Set(
      events
        .filter((event) => event.streamId.startsWith(COMPLAINT))
        .map((event) => event.streamId.slice(COMPLAINT.length))
        .filter((id) => !owners.has(id)),
    ),
  ];
  if (unknownOwners.length > 0) {
    const stored = await redis.hmget(keys.complaintCustomer, ...unknownOwners);
    unknownOwners.forEach((id, index) => stored[index] !== null && owners.set(id, stored[index]!));
  }
  for (const customerId of owners.values()) customerIds.add(customerId);

  const customerList = [...customerIds];
  const valueList = [...values];
  const counterList = [...counterNames];
  const read = redis.pipeline();
  read.hmget(keys.counters, ...counterList);
  if (customerList.length > 0) read.mget(customerList.map(keys.customer));
  if (valueList.length > 0) read.hmget(keys.valueCodes, ...valueList);
  const replies = (await read.exec())!.map(([error, result]) => {
    if (error) throw error;
    return result as (string | null)[];
  });
  const storedCounters = replies[0];
  const storedStates = customerList.length > 0 ? replies[1] : [];
  const storedCodes = valueList.length > 0 ? replies[replies.length - 1] : [];

  const counters = new Map(counterList.map((name, index) => [name, Number(storedCounters[index] ?? 0)]));
  const changedCounters = new Set<string>();
  const count = (name: string) => {
    const next = counters.get(name)! + 1;
    counters.set(name, next);
    changedCounters.add(name);
    return next;
  };
  const states = new Map<string, CustomerFunnelState>();
  customerList.forEach((id, index) => {
    const stored = storedStates[index];
    if (stored) states.set(id, JSON.parse(stored) as CustomerFunnelState);
  });
  const newCustomers = new Set<string>();
  const codes = new Map<string, number>();
  valueList.forEach((value, index) => {
    if (storedCodes[index] !== null) codes.set(value, Number(storedCodes[index]));
  });
  const newCodes = new Map<string, number>();
  const newDays = new Set<number>();

  return {
    owners,
    customer(customerId: string): CustomerFunnelState {
      let state = states.get(customerId);
      if (!state) {
        state = { code: count('customers'), complaints: [], purchases: [] };
        states.set(customerId, state);
        newCustomers.add(customerId);
      }
      return state;
    },
    isNew: (customerId: string) => newCustomers.has(customerId),
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
    /** The owners learnt from filings, the new codes, the new days and the counters moved. */
    write(tx: ChainableCommander): void {
      if (newOwners.length > 0) tx.hset(keys.complaintCustomer, ...newOwners.flat());
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

/** The counter of the slots taken in a day's string. */
function slotCounter(kind: 'filed' | 'bought', day: number): string {
  return `${kind}:${day}`;
}
