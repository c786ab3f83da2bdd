import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';

export interface ReceivedWebhook {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  event: { eventId: string; position: string; type: string; streamId: string };
  receivedAt: number;
}

/**
 * The setting a service needs to deliver to receivers on 127.0.0.1 (loopback targets are
 * refused otherwise: docs/http-api.md, Webhook targets). For the service and for its worker.
 */
export const LOCAL_RECEIVERS = { WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8' };

/**
 * A real webhook endpoint on 127.0.0.1: records every call (also those it fails) and answers
 * what `answer(callNumber)` says (a status code), so a test makes it fail, recover or stall.
 * `connections()` counts every TCP connection it accepted, HTTP or not.
 */
export async function startReceiver(answer: (call: number) => number | Promise<number> = () => 200) {
  const calls: ReceivedWebhook[] = [];
  const acknowledged: ReceivedWebhook[] = [];
  let respond = answer;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const received: ReceivedWebhook = {
        id: String(request.headers['webhook-id']),
        timestamp: String(request.headers['webhook-timestamp']),
        signature: String(request.headers['webhook-signature']),
        body,
        event: JSON.parse(body),
        receivedAt: Date.now(),
      };
      calls.push(received);
      void Promise.resolve(respond(calls.length)).then((status) => {
        if (status >= 200 && status < 300) acknowledged.push(received);
        response.writeHead(status).end();
      });
    });
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    connections: () => connections,
    calls,
    acknowledged,
    answerWith: (next: (call: number) => number | Promise<number>) => (respond = next),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Standard Webhooks verification, written from the spec (not the service's code). */
export function signatureValid(secret: string, webhook: ReceivedWebhook): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key)
    .update(`${webhook.id}.${webhook.timestamp}.${webhook.body}`)
    .digest('base64');
  return webhook.signature.split(' ').includes(`v1,${expected}`);
}

/** Polls until the condition holds (or fails the test after timeoutMs). */
export async function eventually(
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 30_000,
  what = 'condition',
) {
  const started = Date.now();
  while (!(await condition())) {
    if (Date.now() - started > timeoutMs) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The event ids in the order they were first received. */
export function firstArrivals(calls: readonly ReceivedWebhook[]): string[] {
  const seen = new Set<string>();
  for (const call of calls) seen.add(call.id);
  return [...seen];
}
