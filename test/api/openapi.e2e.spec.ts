import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openSse } from '../support/sse-client';
import { API_KEYS, TOKENS } from '../support/http-client';
import { EXAMPLE_POLICY } from '../service-levels/example-policy';
import { OpenApiContract, schemaName, type OpenApiOperation } from '../support/openapi-contract';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp, waitForProjections } from '../support/test-app';
import { eventually, LOCAL_RECEIVERS, startReceiver } from '../support/webhook-receiver';

type Role = keyof typeof TOKENS;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Body = any;

/**
 * The published OpenAPI document (GET /docs-json) against the real service: its rules (summary,
 * named success schema, error answers, security), Redocly's recommended lint, and real answers
 * of every operation validated against the published schemas. A new route fails this test
 * until its operation is documented and has an entry in EXAMPLES.
 */
describe('OpenAPI document (real server, SQLite, Redis)', () => {
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let contract: OpenApiContract;
  /** "GET /complaints/{id} 200" for every answer seen, each checked against the document. */
  const seen = new Set<string>();
  const problems: string[] = [];

  // A service-level policy, so that the complaint view shows every kind of deadline and the
  // acknowledgement, pause, resume and extension commands apply.
  const policyDir = makeTempDir('openapi-policy');
  const policyFile = join(policyDir.path, 'policy.json');
  writeFileSync(policyFile, JSON.stringify(EXAMPLE_POLICY));

  beforeAll(async () => {
    service = await startTestApp({ API_KEYS, SLA_POLICY_FILE: policyFile, ...LOCAL_RECEIVERS });
    const answer = await fetch(`${service.url}/docs-json`);
    contract = new OpenApiContract(await answer.json());
  });
  afterAll(async () => {
    await service.stop();
    policyDir.remove();
  });
  beforeEach(() => (problems.length = 0));

  /** One request to the real server; its answer is checked against the document and recorded. */
  async function call(
    method: string,
    path: string,
    options: {
      as?: Role | null;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
      expect: number;
    },
  ): Promise<Body> {
    const headers: Record<string, string> = { ...options.headers };
    const role = options.as === undefined ? 'agent' : options.as;
    if (role !== null) headers.authorization = `Bearer ${TOKENS[role]}`;
    const payload =
      options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const response = await fetch(`${service.url}${path}`, { method, headers, body: payload });
    const text = await response.text();
    const contentType = response.headers.get('content-type');
    const body = contentType?.startsWith('application/json') ? JSON.parse(text) : text;
    const operation = contract.operationFor(method, path);
    if (!operation) throw new Error(`${method} ${path} is in no operation of the document`);
    expect([`${method} ${path}`, response.status, body]).toEqual([`${method} ${path}`, options.expect, body]);
    if (options.body !== undefined && options.expect < 300)
      problems.push(...checkRequestBody(operation, options.body));
    problems.push(...contract.check(operation, response.status, contentType, body));
    seen.add(`${operation.key} ${response.status}`);
    return body;
  }

  function checkRequestBody(operation: OpenApiOperation, body: unknown): string[] {
    const item = contract.document.paths[operation.path][operation.method.toLowerCase()];
    const schema = item.requestBody?.content?.['application/json']?.schema;
    if (!schema) return [`${operation.key}: request body not documented`];
    return contract.checkSchema(`${operation.key} request`, schema, body);
  }

  const complaint = 'OA-1';
  const customer = 'CU-OA';
  const period = 'from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z';
  let subscriptionId = '';

  /**
   * One successful call per operation, in an order that builds the data the next ones read.
   * A new route adds its entry here.
   */
  const EXAMPLES: [operation: string, run: () => Promise<unknown>][] = [
    ['GET /health', () => call('GET', '/health', { as: null, expect: 200 })],
    ['GET /metrics', () => call('GET', '/metrics', { as: null, expect: 200 })],
    [
      'POST /complaints',
      () =>
        call('POST', '/complaints', {
          body: {
            complaintId: complaint,
            customerId: customer,
            channel: 'phone',
            category: 'billing',
            severity: 'high',
            description: 'Charged twice',
            branchId: 'BR-1',
            productId: 'P-1',
            orderId: 'O-1',
            occurredAt: '2026-03-01T09:00:00Z',
          },
          expect: 201,
        }),
    ],
    [
      'POST /complaints/{id}/assignment',
      () =>
        call('POST', `/complaints/${complaint}/assignment`, {
          body: { agentId: 'A-1', occurredAt: '2026-03-01T10:00:00Z' },
          expect: 200,
        }),
    ],
    [
      'POST /complaints/{id}/acknowledgement',
      () =>
        call('POST', `/complaints/${complaint}/acknowledgement`, {
          body: { channel: 'email', occurredAt: '2026-03-01T10:30:00Z' },
          expect: 200,
        }),
    ],
    [
      'POST /complaints/{id}/pause',
      () =>
        call('POST', `/complaints/${complaint}/pause`, {
          body: { reason: 'awaiting_customer', occurredAt: '2026-03-01T10:40:00Z' },
          expect: 200,
        }),
    ],
    [
      'POST /complaints/{id}/resume',
      () =>
        call('POST', `/complaints/${complaint}/resume`, {
          body: { occurredAt: '2026-03-01T10:50:00Z' },
          expect: 200,
        }),
    ],
    [
      'POST /complaints/{id}/extension',
      () =>
        call('POST', `/complaints/${complaint}/extension`, {
          body: { reason: 'Waiting for the card scheme', occurredAt: '2026-03-01T10:55:00Z' },
          expect: 200,
        }),
    ],
    [
      'POST /complaints/{id}/escalation',
      () =>
        call('POST', `/complaints/${complaint}/escalation`, {
          body: { note: 'VIP', occurredAt: '2026-03-01T11:00:00Z' },
          expect: 200,
        }),
    ],
    [
      'POST /complaints/{id}/resolution',
      () =>
        call('POST', `/complaints/${complaint}/resolution`, {
          body: {
            resolutionType: 'refund',
            summary: 'Refunded',
            compensation: { amount: 20, currency: 'EUR' },
            goodwill: { description: 'voucher', value: 5 },
            outcome: 'upheld',
            occurredAt: '2026-03-02T09:00:00Z',
          },
          expect: 200,
        }),
    ],
    [
      'POST /complaints/{id}/callbacks',
      () =>
        call('POST', `/complaints/${complaint}/callbacks`, {
          body: {
            reached: true,
            attitude: 'dissatisfied',
            notes: 'upset',
            occurredAt: '2026-03-03T09:00:00Z',
          },
          expect: 200,
        }),
    ],
    [
      'POST /complaints/{id}/satisfaction',
      () =>
        call('POST', `/complaints/${complaint}/satisfaction`, {
          body: {
            respondent: { contactId: 'C-1', role: 'primary' },
            score: 1,
            occurredAt: '2026-03-04T09:00:00Z',
          },
          expect: 200,
        }),
    ],
    [
      'POST /complaints/{id}/reopen',
      () =>
        call('POST', `/complaints/${complaint}/reopen`, {
          body: { reason: 'Not refunded', occurredAt: '2026-03-05T09:00:00Z' },
          expect: 200,
        }),
    ],
    [
      'POST /complaints/{id}/close',
      () =>
        call('POST', `/complaints/${complaint}/close`, {
          body: { reason: 'Customer withdrew', occurredAt: '2026-03-06T09:00:00Z' },
          expect: 200,
        }),
    ],
    [
      'POST /complaints/{id}/root-cause',
      () =>
        call('POST', `/complaints/${complaint}/root-cause`, {
          body: { cause: 'billing_system_error', note: 'Double charge', occurredAt: '2026-03-06T10:00:00Z' },
          expect: 200,
        }),
    ],
    [
      'PUT /customers/{id}/profile',
      () =>
        call('PUT', `/customers/${customer}/profile`, {
          body: { segment: 'retail', valueTier: 'A', occurredAt: '2026-01-01T09:00:00Z' },
          expect: 200,
        }),
    ],
    [
      'POST /corrective-actions',
      () =>
        call('POST', '/corrective-actions', {
          body: {
            actionId: 'CA-1',
            target: { by: 'category', value: 'billing' },
            description: 'Fix the double charge',
            owner: 'ops-lead',
            dueAt: '2026-03-05T00:00:00Z',
            occurredAt: '2026-03-01T12:00:00Z',
          },
          expect: 201,
        }),
    ],
    [
      'POST /corrective-actions/{id}/completion',
      () =>
        call('POST', '/corrective-actions/CA-1/completion', {
          body: { note: 'Deployed', occurredAt: '2026-03-04T00:00:00Z' },
          expect: 200,
        }),
    ],
    [
      'POST /customers/{id}/erasure',
      async () => {
        // Another customer than the one the next examples read: 202, then 200 for the repeat.
        const body = { reason: 'request R-1' };
        await call('POST', '/customers/CU-OA-ERASED/erasure', { as: 'admin', body, expect: 202 });
        await call('POST', '/customers/CU-OA-ERASED/erasure', { as: 'admin', body, expect: 200 });
      },
    ],
    [
      'POST /customers/{id}/purchases',
      async () => {
        await call('POST', `/customers/${customer}/purchases`, {
          body: { orderId: 'O-1', amount: 120, currency: 'EUR', occurredAt: '2026-01-02T09:00:00Z' },
          expect: 201,
        });
        await waitForProjections(service.app);
      },
    ],
    ['GET /complaints', () => call('GET', `/complaints?customerId=${customer}&limit=10`, { expect: 200 })],
    [
      'GET /complaints/{id}',
      async () => {
        const view = await call('GET', `/complaints/${complaint}`, { expect: 200 });
        expect(Object.keys(view.deadlines).sort()).toEqual(['acknowledge', 'finalResponse', 'resolve']);
        expect(view.deadlines.finalResponse.extensions).toBe(1);
      },
    ],
    ['GET /complaints/{id}/history', () => call('GET', `/complaints/${complaint}/history`, { expect: 200 })],
    [
      'GET /complaints/{id}/state',
      async () => {
        await call('GET', `/complaints/${complaint}/state?revision=3`, { as: 'auditor', expect: 200 });
        await call('GET', `/complaints/${complaint}/state?asOf=2026-03-02T12:00:00Z`, {
          as: 'auditor',
          expect: 200,
        });
        // While paused: resolutionDueAt and the resolve target's dueAt are null.
        const paused = await call('GET', `/complaints/${complaint}/state?asOf=2026-03-01T10:45:00Z`, {
          as: 'auditor',
          expect: 200,
        });
        expect([paused.paused, paused.resolutionDueAt, paused.deadlines.resolve]).toEqual([
          true,
          null,
          expect.objectContaining({ dueAt: null, paused: true }),
        ]);
      },
    ],
    [
      'GET /complaints/{id}/verify',
      () => call('GET', `/complaints/${complaint}/verify`, { as: 'auditor', expect: 200 }),
    ],
    ['GET /audit/verify', () => call('GET', '/audit/verify', { as: 'auditor', expect: 200 })],
    [
      'GET /analytics/funnel',
      async () => {
        await call('GET', `/analytics/funnel?${period}&groupBy=category`, { as: 'analyst', expect: 200 });
        await call('GET', `/analytics/funnel?${period}`, {
          as: 'analyst',
          headers: { accept: 'text/csv' },
          expect: 200,
        });
      },
    ],
    [
      'GET /analytics/problems',
      async () => {
        await call('GET', `/analytics/problems?${period}&by=product`, { as: 'analyst', expect: 200 });
        await call('GET', `/analytics/problems?${period}`, {
          as: 'analyst',
          headers: { accept: 'text/csv' },
          expect: 200,
        });
      },
    ],
    [
      'GET /analytics/branches',
      () => call('GET', `/analytics/branches?${period}`, { as: 'analyst', expect: 200 }),
    ],
    [
      'GET /analytics/complaints-return',
      async () => {
        await call('GET', `/analytics/complaints-return?${period}&by=category`, {
          as: 'analyst',
          expect: 200,
        });
        await call('GET', `/analytics/complaints-return?${period}`, {
          as: 'analyst',
          headers: { accept: 'text/csv' },
          expect: 200,
        });
      },
    ],
    [
      'GET /corrective-actions',
      () => call('GET', '/corrective-actions?status=completed', { as: 'analyst', expect: 200 }),
    ],
    [
      'GET /analytics/corrective-actions',
      async () => {
        const effects = await call('GET', '/analytics/corrective-actions?asOf=2026-03-10T00:00:00Z', {
          as: 'analyst',
          expect: 200,
        });
        expect(effects.actions).toHaveLength(1);
        await call('GET', '/analytics/corrective-actions?windowDays=30', {
          as: 'analyst',
          headers: { accept: 'text/csv' },
          expect: 200,
        });
      },
    ],
    [
      'GET /analytics/early-warning',
      async () => {
        const list = await call('GET', '/analytics/early-warning?minLevel=none', {
          as: 'analyst',
          expect: 200,
        });
        expect(list.customers.length).toBeGreaterThan(0);
      },
    ],
    [
      'GET /analytics/early-warning/backtest',
      async () => {
        const asOf = new Date(Date.now() - 100 * 86_400_000).toISOString();
        await call('GET', `/analytics/early-warning/backtest?asOf=${asOf}`, { as: 'analyst', expect: 200 });
        await call('GET', `/analytics/early-warning/backtest?asOf=${asOf}&horizonDays=30`, {
          as: 'analyst',
          headers: { accept: 'text/csv' },
          expect: 200,
        });
      },
    ],
    [
      'GET /customers/{id}/risk',
      () => call('GET', `/customers/${customer}/risk`, { as: 'analyst', expect: 200 }),
    ],
    [
      'GET /customers/{id}/history',
      () => call('GET', `/customers/${customer}/history`, { as: 'auditor', expect: 200 }),
    ],
    [
      'POST /console/session',
      () => call('POST', '/console/session', { as: null, body: { token: TOKENS.analyst }, expect: 200 }),
    ],
    ['GET /console/session', () => call('GET', '/console/session', { as: 'analyst', expect: 200 })],
    ['DELETE /console/session', () => call('DELETE', '/console/session', { as: null, expect: 204 })],
    [
      'GET /console/identity-provider',
      () => call('GET', '/console/identity-provider', { as: null, expect: 200 }),
    ],
    [
      'GET /events',
      () => call('GET', '/events?limit=5&streamPrefix=complaint-', { as: 'integrator', expect: 200 }),
    ],
    [
      'GET /events/stream',
      async () => {
        // A stream never ends: its first event is read, then the connection dropped.
        const operation = contract.operationFor('GET', '/events/stream')!;
        const stream = await openSse(`${service.url}/events/stream?after=0`, {
          authorization: `Bearer ${TOKENS.integrator}`,
        });
        try {
          problems.push(...contract.check(operation, stream.status, stream.headers.get('content-type'), ''));
          let frame = (await stream.frames.next()).value;
          while (frame && frame.data === undefined) frame = (await stream.frames.next()).value;
          const event = JSON.parse(frame!.data!);
          problems.push(
            ...contract.checkSchema('SSE data', { $ref: '#/components/schemas/PublishedEvent' }, event),
          );
          seen.add(`${operation.key} ${stream.status}`);
        } finally {
          stream.close();
        }
      },
    ],
    [
      'POST /subscriptions',
      async () => {
        const created = await call('POST', '/subscriptions', {
          as: 'integrator',
          body: { url: receiver.url, streamPrefix: `complaint-${complaint}`, fromPosition: '0' },
          expect: 201,
        });
        subscriptionId = created.subscriptionId;
      },
    ],
    ['GET /subscriptions', () => call('GET', '/subscriptions?limit=10', { as: 'integrator', expect: 200 })],
    [
      'GET /subscriptions/{id}',
      () => call('GET', `/subscriptions/${subscriptionId}`, { as: 'integrator', expect: 200 }),
    ],
    [
      'GET /subscriptions/{id}/deliveries',
      async () => {
        // The receiver fails its first call: the log then holds a failure and the deliveries.
        // A delivery is logged once the receiver's answer is back: the log is read until then.
        await eventually(() => receiver.acknowledged.length >= 1, 30_000, 'a delivery');
        const outcomes = async () => {
          const log = await call('GET', `/subscriptions/${subscriptionId}/deliveries`, {
            as: 'integrator',
            expect: 200,
          });
          return log.deliveries.map((entry: { outcome: string }) => entry.outcome) as string[];
        };
        await eventually(async () => (await outcomes()).includes('delivered'), 30_000, 'a logged delivery');
        expect(await outcomes()).toEqual(expect.arrayContaining(['failed', 'delivered']));
      },
    ],
    [
      'POST /subscriptions/{id}/replay',
      () =>
        call('POST', `/subscriptions/${subscriptionId}/replay`, {
          as: 'integrator',
          body: { fromPosition: '0' },
          expect: 202,
        }),
    ],
    [
      'DELETE /subscriptions/{id}',
      () => call('DELETE', `/subscriptions/${subscriptionId}`, { as: 'integrator', expect: 204 }),
    ],
  ];

  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    receiver = await startReceiver((n) => (n === 1 ? 503 : 200));
  });
  afterAll(() => receiver.close());

  it('gives every operation a summary, a named success schema, its error answers and its security', () => {
    const rules: string[] = [];
    expect(contract.document.servers?.length).toBeGreaterThan(0);
    for (const operation of contract.operations) {
      const { key, responses, security } = operation;
      if (!operation.summary?.trim()) rules.push(`${key}: no summary`);
      const statuses = Object.keys(responses);
      const successes = statuses.filter((status) => status.startsWith('2'));
      if (successes.length === 0) rules.push(`${key}: no success answer`);
      for (const status of successes) {
        for (const [mediaType, media] of Object.entries(responses[status].content ?? {})) {
          const named = mediaType === 'application/json' ? schemaName(media.schema) : media.schema?.type;
          if (!named || named === 'object') rules.push(`${key} ${status} ${mediaType}: no named schema`);
        }
      }
      for (const status of statuses.filter((each) => each.startsWith('4'))) {
        const name = schemaName(responses[status].content?.['application/json']?.schema);
        if (!name?.endsWith('ErrorBody')) rules.push(`${key} ${status}: not the shared error body`);
      }
      if (security === undefined) rules.push(`${key}: security not declared`);
      const secured = (security ?? []).length > 0;
      if (secured) {
        if (!operation.roles?.length) rules.push(`${key}: no x-roles`);
        for (const status of ['401', '403']) if (!responses[status]) rules.push(`${key}: no ${status}`);
      }
      if (!EXAMPLES.some(([example]) => example === key)) rules.push(`${key}: no entry in EXAMPLES`);
    }
    for (const [example] of EXAMPLES) {
      if (!contract.operations.some((operation) => operation.key === example)) {
        rules.push(`${example}: in EXAMPLES but not in the document`);
      }
    }
    expect(rules).toEqual([]);
  });

  it('passes Redocly’s recommended lint with no error', () => {
    const dir = makeTempDir('openapi');
    try {
      const file = join(dir.path, 'openapi.json');
      writeFileSync(file, JSON.stringify(contract.document));
      const lint = spawnSync(
        join(__dirname, '../../node_modules/.bin/redocly'),
        ['lint', file, '--extends=recommended', '--format=json'],
        {
          encoding: 'utf8',
          env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        },
      );
      const report = JSON.parse(lint.stdout.slice(lint.stdout.indexOf('{')));
      const errors = report.problems.filter((problem: { severity: string }) => problem.severity === 'error');
      expect(errors).toEqual([]);
      expect(report.totals.errors).toBe(0);
      expect(lint.status).toBe(0);
    } finally {
      dir.remove();
    }
  });

  it('answers every operation as documented', async () => {
    for (const [, run] of EXAMPLES) await run();
    expect(problems).toEqual([]);
    const missing = contract.operations.flatMap(({ key, responses }) =>
      Object.keys(responses)
        .filter((status) => status.startsWith('2'))
        .filter((status) => !seen.has(`${key} ${status}`))
        .map((status) => `${key} ${status}`),
    );
    expect(missing).toEqual([]);
  });

  it('answers errors with the documented codes and the shared error body', async () => {
    const path = `/complaints/${complaint}`;
    await call('POST', '/complaints', { body: { customerId: 'X', bogus: 1 }, expect: 400 });
    await call('POST', `${path}/close`, { rawBody: '{"reason":', expect: 400 });
    await call('GET', '/complaints/OA-NONE', { expect: 404 });
    await call('POST', `${path}/close`, { body: {}, expect: 409 });
    await call('POST', `/customers/${customer}/purchases`, {
      body: { orderId: 'O-1', amount: 1, currency: 'EUR' },
      expect: 409,
    });
    await call('POST', `${path}/assignment`, {
      body: { agentId: 'A-2' },
      headers: { 'if-match': '"1"' },
      expect: 412,
    });
    await call('POST', `${path}/close`, {
      rawBody: JSON.stringify({ reason: 'x'.repeat(70_000) }),
      expect: 413,
    });
    await call('POST', `${path}/close`, {
      rawBody: 'close',
      headers: { 'content-type': 'text/plain' },
      expect: 415,
    });
    await call('POST', `${path}/satisfaction`, {
      body: { respondent: { contactId: 'C-2', role: 'user' }, score: 4, occurredAt: '2026-01-01T00:00:00Z' },
      expect: 422,
    });
    await call('GET', '/subscriptions/00000000-0000-4000-8000-000000000000', {
      as: 'integrator',
      expect: 404,
    });
    await call('GET', '/events?limit=0', { as: 'integrator', expect: 400 });
    expect(problems).toEqual([]);
  });

  it('asks a token exactly where the document declares security, and refuses the roles x-roles leaves out', async () => {
    const roles: Role[] = ['agent', 'analyst', 'auditor', 'integrator'];
    for (const operation of contract.operations) {
      const path = operation.path.replace(/\{[^}]+\}/g, 'OA-1');
      const body = operation.method === 'GET' || operation.method === 'DELETE' ? undefined : {};
      if ((operation.security ?? []).length === 0) {
        // No token asked: the documented success, or 400 where a required body is missing.
        const answer = await fetch(`${service.url}${path}`, { method: operation.method });
        const item = contract.document.paths[operation.path][operation.method.toLowerCase()];
        const success = Number(Object.keys(operation.responses).find((status) => status.startsWith('2')));
        const expected = item.requestBody?.required ? 400 : success;
        expect([operation.key, answer.status]).toEqual([operation.key, expected]);
        await answer.body?.cancel();
        continue;
      }
      await call(operation.method, path, { as: null, body, expect: 401 });
      const refused = roles.find((role) => !operation.roles!.includes(role));
      if (refused) await call(operation.method, path, { as: refused, body, expect: 403 });
    }
    expect(problems).toEqual([]);
  });
});
