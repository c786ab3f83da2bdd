import { randomUUID } from 'node:crypto';
import { LineCollector, spawnTypeScript } from '../support/child-process';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';
import { eventually, LOCAL_RECEIVERS, signatureValid, startReceiver } from '../support/webhook-receiver';

/** ROLE=all as `npm start` runs it (HTTP here, the background work in a child): webhooks are delivered. */
describe('ROLE=all: webhook delivery', () => {
  it('delivers a complaint filed over HTTP to a subscribed endpoint, signed', async () => {
    const dir = makeTempDir('webhooks-all');
    const prefix = `test-${randomUUID().slice(0, 8)}`;
    const receiver = await startReceiver();
    const server = new LineCollector(
      spawnTypeScript('apps/api/src/main.ts', [], {
        DATA_DIR: dir.path,
        REDIS_PREFIX: prefix,
        API_KEYS,
        PORT: '0',
        ROLE: 'all',
        ...LOCAL_RECEIVERS,
      }),
    );
    try {
      await server.waitFor(() => server.lines.some((line) => line.startsWith('Listening on')));
      const url = /http:\/\/[^ ]+/.exec(server.lines.find((line) => line.startsWith('Listening on'))!)![0];
      const http = httpClient(url);
      const subscribed = await http('POST', '/subscriptions', {
        token: TOKENS.integrator,
        body: { url: receiver.url, eventTypes: ['ComplaintFiled'] },
      });
      expect(subscribed.status).toBe(201);
      const filed = await http('POST', '/complaints', {
        body: {
          complaintId: 'H-1',
          customerId: 'CU-1',
          severity: 'low',
          channel: 'web',
          category: 'billing',
          description: 'd',
        },
      });
      expect(filed.status).toBe(201);
      await eventually(() => receiver.acknowledged.length === 1, 30_000, 'the delivery');
      const [delivery] = receiver.acknowledged;
      expect(delivery.event).toMatchObject({ type: 'ComplaintFiled', streamId: 'complaint-H-1' });
      expect(signatureValid(subscribed.body.secret, delivery)).toBe(true);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited();
      await receiver.close();
      await deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
      dir.remove();
    }
  });
});
