/** Lock-test child: opens the store exclusively (as the service does), prints `opened` or the error's name, and waits. */
import { SqliteEventStore } from '@cl/event-store/sqlite';

const [path, hold] = process.argv.slice(2);
try {
  const store = SqliteEventStore.open({ path, exclusive: true });
  process.stdout.write('opened\n');
  if (hold !== 'hold') void store.close().then(() => process.exit(0));
  else setInterval(() => undefined, 1000);
} catch (error) {
  process.stdout.write(`${(error as Error).name}\n`);
  process.exit(3);
}
