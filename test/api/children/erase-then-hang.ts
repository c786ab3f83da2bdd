/**
 * Crash-test child: erases a customer as the route and `npm run erase` do (eraseCustomerData
 * on the key store of DATA_DIR), but its write of CustomerDataErased never finishes: it prints
 * `keys erased` once the erasure reaches that write and waits there until it is killed, so a
 * kill -9 lands between the deletion of the keys and the record of the erasure.
 */
import { eraseCustomerData } from '@cl/commands';
import { openDataKeys } from '@cl/personal-data/sqlite';

const [dataDir, customerId] = process.argv.slice(2);
const keys = openDataKeys(dataDir);

void eraseCustomerData(keys, customerId, 'crashed erasure', () => {
  process.stdout.write('keys erased\n');
  return new Promise<never>(() => setInterval(() => undefined, 60_000));
});
