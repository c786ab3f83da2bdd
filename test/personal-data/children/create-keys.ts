/**
 * Crash-test child: creates customers' keys in the embedded key store, a few in each turn of
 * the event loop, and prints `<customerId> <keyId> <key base64>` as soon as each currentKey
 * resolves (the key is then durable), until it is killed.
 */
import { SqliteDataKeyStore } from '@cl/personal-data/sqlite';

const [path] = process.argv.slice(2);
const store = new SqliteDataKeyStore(path);
const AT_ONCE = 4;

async function create(): Promise<never> {
  for (let round = 0; ; round++) {
    await Promise.all(
      Array.from({ length: AT_ONCE }, async (_, n) => {
        const customerId = `crash-${round}-${n}`;
        const { keyId, key } = await store.currentKey(customerId);
        process.stdout.write(`${customerId} ${keyId} ${key.toString('base64')}\n`);
      }),
    );
  }
}

void create();
