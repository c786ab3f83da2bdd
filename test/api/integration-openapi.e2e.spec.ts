import { randomUUID } from 'node:crypto';
import { EVENT_STORE, type EventStore } from '@cl/event-store';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { startTestApp } from '../support/test-app';

type Schema = { properties: Record<string, unknown>; required?: string[] };

/** The integration routes in the published OpenAPI document, checked against real answers. */
describe('OpenAPI of the integration routes', () => {
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let http: ReturnType<typeof httpClient>;
  let document: {
    paths: Record<string, Record<string, { summary?: string; responses: Record<string, unknown> }>>;
    components: { schemas: Record<string, Schema> };
  };
  const integrator = { token: TOKENS.integrator };

  beforeAll(async () => {
    service = await startTestApp({ API_KEYS });
    http = httpClient(service.url);
    document = (await http('GET', '/docs-json', { token: null })).body;
  });
  afterAll(() => service.stop());

  it('gives every integration operation a summary, its success schema and its error answers', () => {
    const operations = [
      ['/events', 'get', '200', 'EventPage'],
      ['/subscriptions', 'post', '201', 'CreatedWebhookSubscription'],
      ['/subscriptions/{id}', 'get', '200', 'WebhookSubscription'],
      ['/subscriptions/{id}/deliveries', 'get', '200', 'WebhookDeliveries'],
      ['/subscriptions/{id}/replay', 'post', '202', 'WebhookSubscription'],
    ];
    for (const [path, method, status, schema] of operations) {
      const operation = document.paths[path][method];
      expect([path, typeof operation.summary]).toEqual([path, 'string']);
      expect(JSON.stringify(operation.responses[status])).toContain(`#/components/schemas/${schema}`);
      for (const error of ['400', '401', '403']) expect(operation.responses[error]).toBeDefined();
    }
    expect(document.paths['/events/stream'].get.summary).toEqual(expect.any(String));
    expect(document.paths['/subscriptions/{id}'].delete.responses['204']).toBeDefined();
  });

  it('documents exactly the fields the real answers carry', async () => {
    const keys = (name: string) => Object.keys(document.components.schemas[name].properties).sort();
    await service.app
      .get<EventStore>(EVENT_STORE)
      .appendToStream('complaint-O-1', [
        { id: randomUUID(), type: 'ComplaintNoted', data: {}, metadata: {} },
      ]);
    const page = await http('GET', '/events?limit=1', integrator);
    expect(Object.keys(page.body).sort()).toEqual(keys('EventPage'));
    expect(Object.keys(page.body.events[0]).sort()).toEqual(keys('PublishedEvent'));
    const created = await http('POST', '/subscriptions', {
      ...integrator,
      body: { url: 'http://127.0.0.1:9/x' },
    });
    expect(Object.keys(created.body).sort()).toEqual(keys('CreatedWebhookSubscription'));
    const read = await http('GET', `/subscriptions/${created.body.subscriptionId}`, integrator);
    expect(Object.keys(read.body).sort()).toEqual(keys('WebhookSubscription'));
    const log = await http('GET', `/subscriptions/${created.body.subscriptionId}/deliveries`, integrator);
    expect(Object.keys(log.body).sort()).toEqual(keys('WebhookDeliveries'));
    const error = await http('GET', '/events?limit=0', integrator);
    expect(Object.keys(error.body).sort()).toEqual(keys('ErrorBody'));
  });
});
