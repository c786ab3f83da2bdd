import type { CustomerCommand } from '@cl/customers';
import type { DataKeyStore } from '@cl/personal-data';
import type { CustomerWriteResult } from './write-customer-command';

export interface CustomerErasure {
  /** The write of CustomerDataErased: no events when the erasure was a repeat that changed nothing. */
  result: CustomerWriteResult;
  /** How many of the customer's keys were deleted. */
  erasedKeys: number;
}

/**
 * Erases a customer's personal data (docs/privacy.md), as the HTTP route and `npm run erase`
 * do: the keys are deleted FIRST (the key store marks the erasure pending in the same
 * transaction), then CustomerDataErased is recorded through `write` (the command bus, or
 * writeCustomerCommand), then the pending mark is cleared. A crash before the event is
 * recorded leaves the customer erased but unannounced, and the mark says so: the retry
 * announces it, also when an earlier erasure is recorded (the customer got new keys since). An
 * erasure recorded before, with no key deleted since, records nothing. A crash after the event
 * and before the clear only makes the next erasure announce once more.
 * @param options.knownUnannounced the caller knows of keys deleted without an announcement
 *   that the key store may not have marked (npm run erase: personal data sealed after the last
 *   CustomerDataErased, erased before the key store kept pending erasures)
 * @throws KeyErasureNotFlushedError (nothing recorded, the erasure left pending: retry)
 */
export async function eraseCustomerData(
  keys: DataKeyStore,
  customerId: string,
  reason: string,
  write: (command: CustomerCommand) => Promise<CustomerWriteResult>,
  options: { knownUnannounced?: boolean } = {},
): Promise<CustomerErasure> {
  const erasedKeys = await keys.erase(customerId);
  const pending = await keys.pendingErasure(customerId);
  const result = await write({
    type: 'eraseData',
    customerId,
    reason,
    erasurePending: pending !== undefined || erasedKeys > 0 || options.knownUnannounced === true,
  });
  // Only an event this write appended announces the erasure: not the replay of an earlier
  // attempt under the same Idempotency-Key, which may predate the keys deleted since.
  if (pending !== undefined && result.events.length > 0 && result.replayed !== true) {
    await keys.erasureAnnounced(pending);
  }
  return { result, erasedKeys };
}
