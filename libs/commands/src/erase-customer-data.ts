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
 * do: the keys are deleted FIRST, then CustomerDataErased is recorded through `write` (the
 * command bus, or writeCustomerCommand). A crash between the two leaves the customer erased
 * but unannounced; the retry announces it (the customer has no key then, and no erasure
 * recorded). An erasure recorded before, with no key left since, records nothing.
 * @throws KeyErasureNotFlushedError (nothing recorded: retry)
 */
export async function eraseCustomerData(
  keys: DataKeyStore,
  customerId: string,
  reason: string,
  write: (command: CustomerCommand) => Promise<CustomerWriteResult>,
): Promise<CustomerErasure> {
  const keysPresent = await keys.hasKey(customerId);
  const erasedKeys = await keys.erase(customerId);
  const result = await write({
    type: 'eraseData',
    customerId,
    reason,
    keysPresent: keysPresent || erasedKeys > 0,
  });
  return { result, erasedKeys };
}
