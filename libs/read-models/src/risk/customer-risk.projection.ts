import { complaintIdOf, isComplaintStream } from '@cl/complaints';
import { customerIdOf, isCustomerStream } from '@cl/customers';
import type { RecordedEvent } from '@cl/event-store';
import type { Projection, ProjectionContext } from '@cl/projections';
import { riskKeys } from './customer-risk-facts';
import { loadFactsScript, queueFacts, snapshotsOfApplied } from './customer-risk-store';
import { writeRankingEntries } from './customer-risk.query';
import type { RiskFact } from './risk-history';

/**
 * The facts behind the early warning, per customer (multi-stream, async): each complaint's
 * status changes, surveys, call-backs and purchases with their business times, appended to
 * the customer's history, and the summaries an assessment at now reads (customer-risk-store.ts).
 * An event costs the same however long its customer's history is. Scores are computed from
 * them for any asOf, so arrival order never matters. It also keeps the ranking for asOf = now
 * (risk-ranking.ts): the customers a batch touches are assessed again once it is committed.
 */
export const customerRiskProjection: Projection = {
  name: 'customer-risk',
  // 2: the maintained ranking and firstNamedAt. 3: appended histories and summaries per customer.
  // 4: pauses and resumes of the resolve target (docs/service-levels.md).
  // 5: the history is one appended string (4: a list).
  version: 5,
  eventTypes: [
    'ComplaintFiled',
    'ComplaintResolved',
    'ComplaintReopened',
    'ComplaintClosed',
    'ComplaintPaused',
    'ComplaintResumed',
    'CallbackRecorded',
    'SatisfactionRecorded',
    'PurchaseRecorded',
    'CustomerProfileUpdated',
  ],

  async project(events: readonly RecordedEvent[], { redis, tx, keyPrefix, catchingUp }: ProjectionContext) {
    /** Where this projection's commands start in the MULTI: its replies are counted from here. */
    const first = tx.length;
    const keys = riskKeys(keyPrefix);
    // Asked beside the reads below; awaited before the script is queued by its SHA.
    const scriptLoaded = loadFactsScript(redis);
    scriptLoaded.catch(() => undefined);
    // Each event's customer, from its stream or, for a complaint, from the complaint's filing
    // (in this batch or before: later complaint events do not name the customer).
    const owners = new Map<string, string>();
    /** complaint id, customer id, ...: the filings of this batch, for one HSET. */
    const filings: string[] = [];
    for (const event of events) {
      if (event.type !== 'ComplaintFiled') continue;
      const complaintId = complaintIdOf(event.streamId);
      const customerId = String(event.data.customerId);
      owners.set(complaintId, customerId);
      filings.push(complaintId, customerId);
    }
    const unknown = new Set<string>();
    for (const event of events) {
      if (!isComplaintStream(event.streamId)) continue;
      const complaintId = complaintIdOf(event.streamId);
      if (!owners.has(complaintId)) unknown.add(complaintId);
    }
    if (unknown.size > 0) {
      const complaintIds = [...unknown];
      const stored = await redis.hmget(keys.complaintCustomer, ...complaintIds);
      complaintIds.forEach((id, index) => stored[index] && owners.set(id, stored[index]!));
    }

    /** Per customer its facts in arrival order (a Map keeps the customers' first-seen order). */
    const facts = new Map<string, RiskFact[]>();
    for (const event of events) {
      const fromCustomer = isCustomerStream(event.streamId);
      const customerId = fromCustomer
        ? customerIdOf(event.streamId)
        : owners.get(complaintIdOf(event.streamId));
      if (customerId === undefined) continue;
      const fact = factOf(event, fromCustomer ? '' : complaintIdOf(event.streamId));
      if (!fact) continue;
      const customerFacts = facts.get(customerId);
      if (customerFacts) customerFacts.push(fact);
      else facts.set(customerId, [fact]);
    }
    if (facts.size === 0) return;
    await scriptLoaded;

    // A handful of commands per batch, however many customers and facts it has.
    const customerIds = [...facts.keys()];
    if (filings.length > 0) tx.hset(keys.complaintCustomer, ...filings);
    // Live, the script answers each customer's snapshot at now once its facts apply: their
    // ranking entries are written from it after the commit, without reading back what it
    // wrote. In a catch-up, a customer's entry would be written again by each batch naming it:
    // it stays due, assessed once by RiskRankingRefresher (or by a query meanwhile).
    const now = Date.now();
    const applied = tx.length - first;
    queueFacts(tx, keyPrefix, facts, now, !catchingUp);
    tx.sadd(keys.customers, customerIds);
    tx.sadd(keys.changed, customerIds);
    // Their ranking entries no longer hold: to assess, by the query meanwhile.
    tx.zadd(keys.due, ...customerIds.flatMap((customerId) => ['-inf', customerId]));
    if (catchingUp) return;
    return (replies) =>
      writeRankingEntries(redis, keyPrefix, snapshotsOfApplied(customerIds, replies[applied], now));
  },
};

/** The fact an event records about its customer (event.data parsed only where needed). */
function factOf(event: RecordedEvent, complaintId: string): RiskFact | undefined {
  const at = Date.parse(String(event.metadata.occurredAt));
  const data = () => event.data as Record<string, never>;
  const position = event.position.toString();
  switch (event.type) {
    case 'ComplaintFiled':
      return { kind: 'filed', at, complaintId, dueAt: Date.parse(data().resolutionDueAt) };
    case 'ComplaintResolved':
      return { kind: 'resolved', at, complaintId };
    case 'ComplaintClosed':
      return { kind: 'closed', at, complaintId };
    case 'ComplaintReopened':
      return { kind: 'reopened', at, complaintId, dueAt: Date.parse(data().resolutionDueAt), position };
    case 'ComplaintPaused':
      return { kind: 'paused', at, complaintId };
    case 'ComplaintResumed':
      return { kind: 'resumed', at, complaintId, dueAt: Date.parse(data().resolutionDueAt) };
    case 'CallbackRecorded': {
      const { reached, attitude } = data();
      return {
        kind: 'callback',
        at,
        position,
        reached: reached === true,
        ...(attitude !== undefined && { attitude: String(attitude) }),
      };
    }
    case 'SatisfactionRecorded':
      return { kind: 'survey', at, position, score: Number(data().score) };
    case 'PurchaseRecorded':
      return { kind: 'purchase', at, position, amount: Number(data().amount) };
    case 'CustomerProfileUpdated':
      // The customer is named by an event (its first naming), nothing more.
      return { kind: 'named', at };
    default:
      return undefined;
  }
}
