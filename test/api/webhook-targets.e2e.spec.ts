import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { lookupHost, type ResolveHost } from '@cl/integration';
import { randomUUID } from 'node:crypto';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { startTestApp } from '../support/test-app';
import { eventually, startReceiver } from '../support/webhook-receiver';

/**
 * docs/http-api.md, Integration, "Webhook targets", through the real service: non-public targets
 * refused at subscription unless WEBHOOK_ALLOWED_NETWORKS covers them, https required
 * elsewhere, and the check repeated at the connection, so a name that resolves to a public
 * address at subscription and to 127.0.0.1 at delivery (DNS rebinding) never reaches 127.0.0.1.
 */
describe('webhook targets', () => {
  const integrator = { token: TOKENS.integrator };
  const PUBLIC = '93.184.216.34';
  /** Names under .test answer from here (the rebinding one from `rebound`); others from the system. */
  let rebound = false;
  const names: Record<string, string[]> = {
    'hooks.public.test': [PUBLIC],
    'internal.loopback.test': ['127.0.0.1'],
    'mixed.test': [PUBLIC, '10.0.0.5'],
  };
  const resolveHost: ResolveHost = async (hostname) => {
    const addresses = hostname === 'hooks.rebind.test' ? [rebound ? '127.0.0.1' : PUBLIC] : names[hostname];
    if (addresses) return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (hostname.endsWith('.test'))
      throw Object.assign(new Error(`${hostname} not found`), { code: 'ENOTFOUND' });
    return lookupHost(hostname);
  };
  // A prefix no event has: nothing is ever delivered to these subscriptions.
  const body = (url: string) => ({ url, streamPrefix: 'complaint-never-' });

  const nonPublic = [
    'https://127.0.0.1/hook',
    'https://[::1]:8443/hook',
    'https://localhost/hook',
    'https://10.1.2.3/hook',
    'https://172.16.5.4/hook',
    'https://192.168.0.10:8443/hook',
    'https://169.254.169.254/latest/meta-data/',
    'https://[fe80::1]/hook',
    'https://100.64.0.1/hook',
    'https://[fd00::1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://[::ffff:10.0.0.1]/hook',
    'https://[64:ff9b::7f00:1]/hook',
    'https://0.0.0.0/hook',
    'https://internal.loopback.test/hook',
  ];
  const nonPublicMessage = expect.stringMatching(
    /^url host is or resolves to a non-public address \(.+\): refused unless its network is in WEBHOOK_ALLOWED_NETWORKS$/,
  );

  describe('without WEBHOOK_ALLOWED_NETWORKS', () => {
    let service: Awaited<ReturnType<typeof startTestApp>>;
    let http: ReturnType<typeof httpClient>;
    let store: EventStore;

    beforeAll(async () => {
      service = await startTestApp({ API_KEYS }, undefined, { resolveHost });
      http = httpClient(service.url);
      store = service.app.get<EventStore>(EVENT_STORE);
    });
    afterAll(() => service.stop());

    it('refuses loopback, private, link-local, shared, unique-local, mapped, NAT64 and unspecified targets with 400, writing nothing', async () => {
      const head = await store.headPosition();
      for (const url of nonPublic) {
        const answer = await http('POST', '/subscriptions', { ...integrator, body: body(url) });
        expect([url, answer.status, answer.body.message]).toEqual([url, 400, [nonPublicMessage]]);
      }
      // Numeric IPv4 forms are the same address once the URL is parsed: refused too.
      for (const url of ['https://2130706433/hook', 'https://0x7f.1/hook', 'https://0177.0.0.1/hook']) {
        expect([
          url,
          (await http('POST', '/subscriptions', { ...integrator, body: body(url) })).status,
        ]).toEqual([url, 400]);
      }
      // A name with one non-public address among public ones, and one that does not resolve.
      const mixed = await http('POST', '/subscriptions', {
        ...integrator,
        body: body('https://mixed.test/hook'),
      });
      expect([mixed.status, mixed.body.message]).toEqual([400, [nonPublicMessage]]);
      const nowhere = await http('POST', '/subscriptions', {
        ...integrator,
        body: body('https://nowhere.test/x'),
      });
      expect([nowhere.status, nowhere.body.message]).toEqual([400, ['url host does not resolve']]);
      expect(await store.headPosition()).toBe(head);
    });

    it('accepts https to a public address, refuses http to it, and still refuses other schemes', async () => {
      for (const url of [`https://${PUBLIC}/hook`, 'https://hooks.public.test/hook?source=complaints']) {
        const answer = await http('POST', '/subscriptions', { ...integrator, body: body(url) });
        expect([url, answer.status, answer.body.url]).toEqual([url, 201, url]);
      }
      for (const url of [`http://${PUBLIC}/hook`, 'http://hooks.public.test/hook']) {
        const answer = await http('POST', '/subscriptions', { ...integrator, body: body(url) });
        expect([url, answer.status, answer.body.message]).toEqual([
          url,
          400,
          ['url must be https:// (http:// only for targets inside WEBHOOK_ALLOWED_NETWORKS)'],
        ]);
      }
      for (const url of [
        'ftp://127.0.0.1/hook',
        'file:///etc/passwd',
        'javascript:alert(1)',
        '127.0.0.1:8080/hook',
        'hook',
      ]) {
        const answer = await http('POST', '/subscriptions', { ...integrator, body: body(url) });
        expect([url, answer.status, answer.body.message]).toEqual([
          url,
          400,
          ['url must be an http or https URL'],
        ]);
      }
    });

    it('refuses at the connection a name that resolved to a public address at subscription and resolves to 127.0.0.1 now: no connection, `refused_target` in the log', async () => {
      // Listening on the URL's port: a connection that was not refused would reach it.
      const receiver = await startReceiver();
      try {
        const created = await http('POST', '/subscriptions', {
          ...integrator,
          body: { url: `https://hooks.rebind.test:${receiver.port}/hook`, streamPrefix: 'complaint-R-' },
        });
        expect(created.status).toBe(201);
        const id = created.body.subscriptionId as string;
        rebound = true;
        await store.appendToStream('complaint-R-1', [
          { id: randomUUID(), type: 'ComplaintNoted', data: {}, metadata: {} },
        ]);
        const log = async () =>
          (await http('GET', `/subscriptions/${id}/deliveries`, integrator)).body.deliveries as Record<
            string,
            unknown
          >[];
        await eventually(async () => (await log()).length >= 1, 20_000, 'a delivery record');
        const [record] = await log();
        expect(record).toMatchObject({ outcome: 'failed', attempt: 1, result: 'refused_target' });
        // Coarse: no error text, no duration.
        expect(Object.keys(record!).sort()).toEqual([
          'at',
          'attempt',
          'eventId',
          'outcome',
          'position',
          'result',
          'type',
        ]);
        expect(receiver.connections()).toBe(0);
        expect(receiver.calls).toHaveLength(0);
        const metrics = await http('GET', '/metrics', { token: null });
        expect(metrics.text).toMatch(/^cl_webhook_tries_total\{result="refused_target"\} [1-9]\d*$/m);
        expect((await http('DELETE', `/subscriptions/${id}`, integrator)).status).toBe(204);
      } finally {
        rebound = false;
        await receiver.close();
      }
    });
  });

  describe('with WEBHOOK_ALLOWED_NETWORKS covering them', () => {
    let service: Awaited<ReturnType<typeof startTestApp>>;
    let http: ReturnType<typeof httpClient>;

    beforeAll(async () => {
      service = await startTestApp(
        {
          API_KEYS,
          WEBHOOK_ALLOWED_NETWORKS:
            '127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,169.254.0.0/16,fe80::/10,100.64.0.0/10,fc00::/7,0.0.0.0/32',
        },
        undefined,
        { resolveHost },
      );
      http = httpClient(service.url);
    });
    afterAll(() => service.stop());

    it('accepts every one of them, over https and over http', async () => {
      for (const url of nonPublic) {
        for (const each of [url, url.replace(/^https:/, 'http:')]) {
          const answer = await http('POST', '/subscriptions', { ...integrator, body: body(each) });
          expect([each, answer.status]).toEqual([each, 201]);
        }
      }
    });

    it('still refuses non-public networks it does not list, and http to public addresses', async () => {
      for (const url of ['https://224.0.0.1/hook', 'https://[ff02::1]/hook', 'https://198.18.0.1/hook']) {
        const answer = await http('POST', '/subscriptions', { ...integrator, body: body(url) });
        expect([url, answer.status, answer.body.message]).toEqual([url, 400, [nonPublicMessage]]);
      }
      // One address public, the other inside the list: https only.
      const mixed = await http('POST', '/subscriptions', {
        ...integrator,
        body: body('https://mixed.test/hook'),
      });
      expect(mixed.status).toBe(201);
      const plain = await http('POST', '/subscriptions', {
        ...integrator,
        body: body('http://mixed.test/hook'),
      });
      expect([plain.status, plain.body.message]).toEqual([
        400,
        ['url must be https:// (http:// only for targets inside WEBHOOK_ALLOWED_NETWORKS)'],
      ]);
    });
  });
});
