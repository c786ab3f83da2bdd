import { sendWebhook, TargetGuard, type ResolveHost } from '@cl/integration';
import { startReceiver } from '../support/webhook-receiver';

/**
 * sendWebhook against a real receiver on 127.0.0.1: the target rules at the connection, for an
 * IP literal (node:net connects to it without a lookup) and for a name, and the coarse results.
 */
describe('sendWebhook', () => {
  const secret = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
  const send = (url: string, guard: TargetGuard, timeoutMs?: number) =>
    sendWebhook(url, secret, 'e-1', '{"eventId":"e-1"}', guard, timeoutMs);
  const toLoopback: ResolveHost = async () => [{ address: '127.0.0.1', family: 4 }];

  it('refuses a loopback literal or name outside the allowed networks without a connection', async () => {
    const receiver = await startReceiver();
    try {
      const guard = new TargetGuard([], toLoopback);
      expect(await send(receiver.url, guard)).toEqual({ ok: false, result: 'refused_target' });
      expect(await send(`http://[::ffff:127.0.0.1]:${receiver.port}/hook`, guard)).toEqual({
        ok: false,
        result: 'refused_target',
      });
      expect(await send(`https://receiver.test:${receiver.port}/hook`, guard)).toEqual({
        ok: false,
        result: 'refused_target',
      });
      expect(receiver.connections()).toBe(0);
    } finally {
      await receiver.close();
    }
  });

  it('delivers inside the allowed networks, and answers http_<status>, connection_failed or timeout', async () => {
    const receiver = await startReceiver((call) => (call === 1 ? 200 : 503));
    try {
      const guard = new TargetGuard(['127.0.0.0/8'], toLoopback);
      expect(await send(`http://receiver.test:${receiver.port}/hook`, guard)).toEqual({
        ok: true,
        result: 'http_200',
      });
      expect(await send(receiver.url, guard)).toEqual({ ok: false, result: 'http_503' });
      expect(receiver.calls).toHaveLength(2);
      const unresolved = new TargetGuard(['127.0.0.0/8'], () => Promise.reject(new Error('ENOTFOUND')));
      expect(await send(`http://nowhere.test:${receiver.port}/hook`, unresolved)).toEqual({
        ok: false,
        result: 'connection_failed',
      });
      receiver.answerWith(() => new Promise<number>((resolve) => setTimeout(() => resolve(200), 1000)));
      expect(await send(receiver.url, guard, 200)).toEqual({ ok: false, result: 'timeout' });
    } finally {
      await receiver.close();
    }
  });
});
