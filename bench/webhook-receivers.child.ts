/**
 * bench:integration's webhook receivers, in a process of their own (so they do not take the
 * service's CPU): RECEIVERS HTTP servers on 127.0.0.1 that answer 204 and report each
 * receiver's count on stdout when asked (a line on stdin).
 */
import { createServer } from 'node:http';

const count = Number(process.env.RECEIVERS ?? 16);
const received = new Array<number>(count).fill(0);

async function main() {
  const ports: number[] = [];
  for (let i = 0; i < count; i++) {
    const server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        received[i]++;
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    ports.push((server.address() as { port: number }).port);
  }
  process.stdout.write(`ports ${ports.join(',')}\n`);
  process.stdin
    .setEncoding('utf8')
    .on('data', () => process.stdout.write(`received ${received.join(',')}\n`));
}

void main();
