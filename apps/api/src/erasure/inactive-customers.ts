import { readLogPaged } from '@cl/audit';
import { complaintIdOf, isComplaintStream } from '@cl/complaints';
import { customerIdOf, isCustomerStream } from '@cl/customers';
import type { EventStore, RecordedEvent } from '@cl/event-store';
import { sealedFieldsOf } from '@cl/personal-data';

/** What one pass over the log learns of each customer. */
export interface CustomerActivity {
  /** The latest business time (metadata.occurredAt; recordedAt when an event has none) of the customer's events, in ms. */
  lastActiveMs: number;
  /**
   * A sealed personal field was recorded after the customer's last CustomerDataErased (or with
   * none): the customer has, or had, a key whose erasure was not announced.
   */
  sealedSinceErasure: boolean;
}

/** An event's business time in ms: metadata.occurredAt, else when it was recorded. */
function timeOf(event: RecordedEvent): number {
  const occurredAt = event.metadata.occurredAt;
  const ms = typeof occurredAt === 'string' ? Date.parse(occurredAt) : Number.NaN;
  return Number.isNaN(ms) ? Date.parse(event.recordedAt) : ms;
}

/**
 * Each customer's activity from one streaming pass over the log: the events of their
 * `customer-<id>` stream and of the complaints filed for them (a complaint stream is mapped
 * to its customer by its ComplaintFiled, the stream's first event). Other streams (risk,
 * corrective actions, subscriptions, seals) are no customer's activity.
 */
export async function customerActivity(
  store: EventStore,
  onProgress: (position: bigint, head: bigint, events: number) => void,
): Promise<Map<string, CustomerActivity>> {
  const head = await store.headPosition();
  const customers = new Map<string, CustomerActivity>();
  const complaintOwners = new Map<string, string>();
  let count = 0;
  for await (const event of readLogPaged(store, 0n, head)) {
    if (++count % 5000 === 0) onProgress(event.position, head, count);
    let customerId: string | undefined;
    if (isCustomerStream(event.streamId)) customerId = customerIdOf(event.streamId);
    else if (isComplaintStream(event.streamId)) {
      const complaintId = complaintIdOf(event.streamId);
      if (event.type === 'ComplaintFiled' && typeof event.data.customerId === 'string') {
        complaintOwners.set(complaintId, event.data.customerId);
      }
      customerId = complaintOwners.get(complaintId);
    }
    if (customerId === undefined) continue;
    const at = timeOf(event);
    const known = customers.get(customerId);
    const activity = known ?? { lastActiveMs: at, sealedSinceErasure: false };
    if (at > activity.lastActiveMs) activity.lastActiveMs = at;
    if (event.type === 'CustomerDataErased') activity.sealedSinceErasure = false;
    else if (sealedFieldsOf(event) !== undefined) activity.sealedSinceErasure = true;
    if (known === undefined) customers.set(customerId, activity);
  }
  onProgress(head, head, count);
  return customers;
}
