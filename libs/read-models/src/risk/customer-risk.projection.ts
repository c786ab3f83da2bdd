import type { RecordedEvent } from '@cl/event-store';
import type { Projection, ProjectionContext } from '@cl/projections';
import { emptyRiskFacts, firstNamedAt, riskKeys, type CustomerRiskFacts } from './customer-risk-facts';
import { queueRankingWrites, rankingEntry } from './risk-ranking';

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
    // Which customer each complaint belongs to: from its filing, in this batch or before.
    const owners = new Map<string, string>();
    for (const event of events) {
      if (event.type === 'ComplaintFiled') {
        owners.set(event.streamId.slice(COMPLAINT.length), String(event.data.customerId));
      }
    }
    const unknown = [
      ...new Set(
        events
          .filter((event) => event.streamId.startsWith(COMPLAINT))
          .map((event) => event.streamId.slice(COMPLAINT.length))
          .filter((id) => !owners.has(id)),
      ),
    ];
    if (unknown.length > 0) {
      const stored = await redis.hmget(keys.complaintCustomer, ...unknown);
      unknown.forEach((id, index) => stored[index] && owners.set(id, stored[index]!));
    }
    const customerOf = (event: RecordedEvent) =>
      event.streamId.startsWith(CUSTOMER)
        ? event.streamId.slice(CUSTOMER.length)
        : owners.get(event.streamId.slice(COMPLAINT.length));

    const customerIds = [...new Set(events.map(customerOf).filter((id): id is string => id !== undefined))];
    const stored = await redis.mget(customerIds.map(keys.customer));
    const facts = new Map<string, CustomerRiskFacts>(
      customerIds.map((id, index) => {
        if (!stored[index]) return [id, emptyRiskFacts()];
        const customer = JSON.parse(stored[index]!) as CustomerRiskFacts;
        // Facts stored before the field existed: from here on the fallback is kept as the value.
        customer.firstNamedAt = firstNamedAt(customer);
        return [id, customer];
      }),
    );

    for (const event of events) {
      const customerId = customerOf(event);
      if (customerId === undefined) continue;
      const customer = facts.get(customerId)!;
      const at = Date.parse(String(event.metadata.occurredAt));
      if (customer.firstNamedAt === undefined || at < customer.firstNamedAt) customer.firstNamedAt = at;
      const position = Number(event.position);
      const data = event.data as Record<string, never>;
      const complaintId = event.streamId.slice(COMPLAINT.length);
      switch (event.type) {
        case 'ComplaintFiled':
          customer.complaints[complaintId] = {
            filedAt: at,
            changes: [{ type: 'filed', at, dueAt: Date.parse(data.resolutionDueAt) }],
          };
          tx.hset(keys.complaintCustomer, complaintId, customerId);
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
            dueAt: Date.parse(data.resolutionDueAt),
          });
          break;
        case 'CallbackRecorded':
          customer.callbacks.push({
            at,
            position,
            reached: data.reached,
            ...(data.attitude !== undefined ? { attitude: String(data.attitude) } : {}),
          });
          break;
        case 'SatisfactionRecorded':
          customer.satisfaction.push({ at, position, score: data.score });
          break;
        case 'PurchaseRecorded':
          customer.purchases.push({ at, amount: data.amount });
          break;
        // CustomerProfileUpdated: the customer is named by an event (firstNamedAt), nothing more.
      }
    }
    for (const [customerId, customer] of facts) tx.set(keys.customer(customerId), JSON.stringify(customer));
    if (facts.size > 0) {
      tx.sadd(keys.customers, ...facts.keys());
      tx.sadd(keys.changed, ...facts.keys());
      // The ranking entries of these customers, assessed now, with the facts they come from.
      const now = Date.now();
      const entries = [...facts].map(([customerId, customer]) => rankingEntry(customerId, customer, now));
      queueRankingWrites(tx, keys, entries);
    }
  },
};
