import type { RecordedEvent } from '@cl/event-store';
import type { Projection, ProjectionContext } from '@cl/projections';
import { emptyRiskFacts, riskKeys, type CustomerRiskFacts } from './customer-risk-facts';
import { queueRankingWrites, rankingEntry, type RankingEntry } from './risk-ranking';

const COMPLAINT = 'complaint-';
const CUSTOMER = 'customer-';

/**
 * The facts behind the early warning, per customer (multi-stream, async): each complaint's
 * status changes, surveys, call-backs and purchases with their business times. Scores are
 * computed from them for any asOf, so arrival order never matters. It also keeps the ranking
 * for asOf = now (risk-ranking.ts) of the customers each batch touches.
 */
export const customerRiskProjection: Projection = {
  name: 'customer-risk',
  // 2: the maintained ranking and firstNamedAt.
  version: 2,
  eventTypes: [
    'ComplaintFiled',
    'ComplaintResolved',
    'ComplaintReopened',
    'ComplaintClosed',
    'CallbackRecorded',
    'SatisfactionRecorded',
    'PurchaseRecorded',
    'CustomerProfileUpdated',
  ],

  async project(
    events: readonly RecordedEvent[],
    { redis, tx, keyPrefix }: ProjectionContext,
  ): Promise<void> {
    const keys = riskKeys(keyPrefix);
    // Each event's customer, from its stream or, for a complaint, from the complaint's filing
    // (in this batch or before: later complaint events do not name the customer).
    const owners = new Map<string, string>();
    /** complaint id, customer id, ...: the filings of this batch, for one HSET. */
    const filings: string[] = [];
    for (const event of events) {
      if (event.type !== 'ComplaintFiled') continue;
      const complaintId = event.streamId.slice(COMPLAINT.length);
      const customerId = String(event.data.customerId);
      owners.set(complaintId, customerId);
      filings.push(complaintId, customerId);
    }
    const unknown = new Set<string>();
    for (const event of events) {
      if (!event.streamId.startsWith(COMPLAINT)) continue;
      const complaintId = event.streamId.slice(COMPLAINT.length);
      if (!owners.has(complaintId)) unknown.add(complaintId);
    }
    if (unknown.size > 0) {
      const complaintIds = [...unknown];
      const stored = await redis.hmget(keys.complaintCustomer, ...complaintIds);
      complaintIds.forEach((id, index) => stored[index] && owners.set(id, stored[index]!));
    }
    const customerOfEvent = events.map((event) =>
      event.streamId.startsWith(CUSTOMER)
        ? event.streamId.slice(CUSTOMER.length)
        : owners.get(event.streamId.slice(COMPLAINT.length)),
    );

    const customerIds = [...new Set(customerOfEvent)].filter((id): id is string => id !== undefined);
    if (customerIds.length === 0) return;
    const stored = await redis.mget(customerIds.map(keys.customer));
    const facts = new Map<string, CustomerRiskFacts>();
    customerIds.forEach((id, index) => {
      facts.set(id, stored[index] ? (JSON.parse(stored[index]!) as CustomerRiskFacts) : emptyRiskFacts());
    });

    events.forEach((event, index) => {
      const customerId = customerOfEvent[index];
      if (customerId === undefined) return;
      const customer = facts.get(customerId)!;
      const at = Date.parse(String(event.metadata.occurredAt));
      if (customer.firstNamedAt === undefined || at < customer.firstNamedAt) customer.firstNamedAt = at;
      // event.data only where needed: it is parsed on first read.
      const data = () => event.data as Record<string, never>;
      const complaintId = event.streamId.slice(COMPLAINT.length);
      switch (event.type) {
        case 'ComplaintFiled':
          customer.complaints[complaintId] = {
            filedAt: at,
            changes: [{ type: 'filed', at, dueAt: Date.parse(data().resolutionDueAt) }],
          };
          break;
        case 'ComplaintResolved':
        case 'ComplaintClosed':
          customer.complaints[complaintId]?.changes.push({
            type: event.type === 'ComplaintResolved' ? 'resolved' : 'closed',
            at,
          });
          break;
        case 'ComplaintReopened':
          customer.complaints[complaintId]?.changes.push({
            type: 'reopened',
            at,
            dueAt: Date.parse(data().resolutionDueAt),
          });
          break;
        case 'CallbackRecorded': {
          const { reached, attitude } = data();
          customer.callbacks.push({
            at,
            position: Number(event.position),
            reached,
            ...(attitude !== undefined ? { attitude: String(attitude) } : {}),
          });
          break;
        }
        case 'SatisfactionRecorded':
          customer.satisfaction.push({ at, position: Number(event.position), score: data().score });
          break;
        case 'PurchaseRecorded':
          customer.purchases.push({ at, amount: data().amount });
          break;
        // CustomerProfileUpdated: the customer is named by an event (firstNamedAt), nothing more.
      }
    });

    // A handful of commands per batch, however many customers it touches (each one queued
    // in the runner's MULTI costs client CPU and a reply).
    const factsByKey: string[] = [];
    const entries: RankingEntry[] = [];
    const now = Date.now();
    for (const [customerId, customer] of facts) {
      factsByKey.push(keys.customer(customerId), JSON.stringify(customer));
      // The ranking entry, assessed now, from the facts written with it.
      entries.push(rankingEntry(customerId, customer, now));
    }
    tx.mset(...factsByKey);
    if (filings.length > 0) tx.hset(keys.complaintCustomer, ...filings);
    tx.sadd(keys.customers, customerIds);
    tx.sadd(keys.changed, customerIds);
    queueRankingWrites(tx, keys, entries);
  },
};
