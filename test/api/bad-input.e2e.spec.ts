import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { TOKENS } from '../support/http-client';
import { useTestApp } from '../support/test-app';

/**
 * Every kind of bad input gets its 4xx with the error body of docs/http-api.md, never a 5xx,
 * and writes nothing: the store's head does not move.
 */
describe('bad input over HTTP', () => {
  const service = useTestApp();
  const { http } = service;
  let store: EventStore;

  const complaint = {
    complaintId: 'B-1',
    customerId: 'CU-1',
    channel: 'phone',
    category: 'billing',
    severity: 'high',
    description: 'Charged twice',
  };

  beforeAll(async () => {
    store = service.app.get(EVENT_STORE);
    expect((await http('POST', '/complaints', { body: complaint })).status).toBe(201);
    expect(
      (await http('POST', '/complaints', { body: { ...complaint, complaintId: 'B-CLOSED' } })).status,
    ).toBe(201);
    expect((await http('POST', '/complaints/B-CLOSED/close', {})).status).toBe(200);
    const keyed = await http('POST', '/complaints/B-1/escalation', {
      body: { note: 'first' },
      headers: { 'idempotency-key': 'used-key' },
    });
    expect(keyed.status).toBe(200);
  });

  /** Arrays nested `levels` deep in a field: `{"description":[[[...]]]}`. */
  const nested = (levels: number) =>
    `{"complaintId":"B-DEEP","description":${'['.repeat(levels)}${']'.repeat(levels)}}`;
  const resolution = (fields: Record<string, unknown>) => ({
    resolutionType: 'refund',
    summary: 's',
    ...fields,
  });
  const long = 'x'.repeat(2001);

  type Request = Parameters<typeof http>;
  const cases: [string, number, ...Request][] = [
    ['malformed JSON', 400, 'POST', '/complaints', { rawBody: '{"complaintId": ' }],
    ['a JSON array body', 400, 'POST', '/complaints', { body: [complaint] }],
    [
      'a body over 64 KiB',
      413,
      'POST',
      '/complaints',
      { body: { ...complaint, description: 'x'.repeat(70_000) } },
    ],
    [
      'a body that is not JSON',
      415,
      'POST',
      '/complaints',
      { rawBody: 'hello', headers: { 'content-type': 'text/plain' } },
    ],
    [
      'an unknown field',
      400,
      'POST',
      '/complaints',
      { body: { ...complaint, complaintId: 'B-2', priority: 1 } },
    ],
    [
      'a wrong type',
      400,
      'POST',
      '/complaints',
      { body: { ...complaint, complaintId: 'B-2', description: 42 } },
    ],
    [
      'an unknown channel',
      400,
      'POST',
      '/complaints',
      { body: { ...complaint, complaintId: 'B-2', channel: 'fax' } },
    ],
    [
      'an id with forbidden characters',
      400,
      'POST',
      '/complaints',
      { body: { ...complaint, complaintId: 'B 2/x' } },
    ],
    [
      'an id over 64 characters',
      400,
      'POST',
      '/complaints',
      { body: { ...complaint, complaintId: 'b'.repeat(65) } },
    ],
    ['a path id with forbidden characters', 400, 'POST', '/complaints/B%20!/close', {}],
    [
      'an over-long description',
      400,
      'POST',
      '/complaints',
      { body: { ...complaint, complaintId: 'B-2', description: 'x'.repeat(5001) } },
    ],
    [
      'an empty category',
      400,
      'POST',
      '/complaints',
      { body: { ...complaint, complaintId: 'B-2', category: '' } },
    ],
    [
      'a date without a time',
      400,
      'POST',
      '/complaints',
      { body: { ...complaint, complaintId: 'B-2', occurredAt: '2026-03-01' } },
    ],
    [
      'a time without a zone',
      400,
      'POST',
      '/complaints',
      { body: { ...complaint, complaintId: 'B-2', occurredAt: '2026-03-01T10:00:00' } },
    ],
    [
      'occurredAt 10 minutes ahead',
      400,
      'POST',
      '/complaints',
      {
        body: { ...complaint, complaintId: 'B-2', occurredAt: new Date(Date.now() + 600_000).toISOString() },
      },
    ],
    [
      'a score of 6',
      400,
      'POST',
      '/complaints/B-1/satisfaction',
      { body: { respondent: { contactId: 'P', role: 'user' }, score: 6 } },
    ],
    [
      'a score of 2.5',
      400,
      'POST',
      '/complaints/B-1/satisfaction',
      { body: { respondent: { contactId: 'P', role: 'user' }, score: 2.5 } },
    ],
    [
      'a satisfaction without respondent',
      400,
      'POST',
      '/complaints/B-CLOSED/satisfaction',
      { body: { score: 4 } },
    ],
    [
      'a bad respondent role',
      400,
      'POST',
      '/complaints/B-CLOSED/satisfaction',
      { body: { respondent: { contactId: 'P', role: 'boss' }, score: 4 } },
    ],
    [
      'a reached call-back without attitude',
      400,
      'POST',
      '/complaints/B-1/callbacks',
      { body: { reached: true } },
    ],
    [
      'an unreached call-back with an attitude',
      400,
      'POST',
      '/complaints/B-1/callbacks',
      { body: { reached: false, attitude: 'neutral' } },
    ],
    [
      'a negative compensation',
      400,
      'POST',
      '/complaints/B-1/resolution',
      { body: { resolutionType: 'refund', summary: 's', compensation: { amount: -1, currency: 'EUR' } } },
    ],
    [
      'an unknown field inside goodwill',
      400,
      'POST',
      '/complaints/B-1/resolution',
      { body: { resolutionType: 'refund', summary: 's', goodwill: { description: 'd', extra: true } } },
    ],
    [
      'a purchase amount of 0',
      400,
      'POST',
      '/customers/CU-1/purchases',
      { body: { orderId: 'O-1', amount: 0, currency: 'EUR' } },
    ],
    [
      'a lower-case currency',
      400,
      'POST',
      '/customers/CU-1/purchases',
      { body: { orderId: 'O-1', amount: 5, currency: 'eur' } },
    ],
    ['an unknown value tier', 400, 'PUT', '/customers/CU-1/profile', { body: { valueTier: 'Z' } }],
    ['JSON nested 3,000 levels deep', 400, 'POST', '/complaints', { rawBody: nested(3000) }],
    [
      'JSON nested 33 levels deep',
      400,
      'POST',
      '/complaints/B-1/escalation',
      { rawBody: `{"note":${'['.repeat(32)}${']'.repeat(32)}}` },
    ],
    [
      'compensation as an empty array',
      400,
      'POST',
      '/complaints/B-1/resolution',
      { body: resolution({ compensation: [] }) },
    ],
    [
      'goodwill as an empty array',
      400,
      'POST',
      '/complaints/B-1/resolution',
      { body: resolution({ goodwill: [] }) },
    ],
    [
      'compensation as an array of one',
      400,
      'POST',
      '/complaints/B-1/resolution',
      { body: resolution({ compensation: [{ amount: 5, currency: 'EUR' }] }) },
    ],
    [
      'compensation as a string',
      400,
      'POST',
      '/complaints/B-1/resolution',
      { body: resolution({ compensation: 'EUR 5' }) },
    ],
    [
      'respondent as an array',
      400,
      'POST',
      '/complaints/B-CLOSED/satisfaction',
      { body: { respondent: [{ contactId: 'P', role: 'user' }], score: 4 } },
    ],
    [
      'a compensation amount over the maximum',
      400,
      'POST',
      '/complaints/B-1/resolution',
      { body: resolution({ compensation: { amount: 1e13, currency: 'EUR' } }) },
    ],
    [
      'a goodwill value of 1e400 (Infinity once parsed)',
      400,
      'POST',
      '/complaints/B-1/resolution',
      { rawBody: '{"resolutionType":"refund","summary":"s","goodwill":{"description":"d","value":1e400}}' },
    ],
    [
      'a purchase amount of 1e308',
      400,
      'POST',
      '/customers/CU-1/purchases',
      { rawBody: '{"orderId":"O-1","amount":1e308,"currency":"EUR"}' },
    ],
    [
      'a purchase amount as a string',
      400,
      'POST',
      '/customers/CU-1/purchases',
      { body: { orderId: 'O-1', amount: '5', currency: 'EUR' } },
    ],
    [
      'an over-long summary',
      400,
      'POST',
      '/complaints/B-1/resolution',
      { body: resolution({ summary: long }) },
    ],
    [
      'an over-long goodwill description',
      400,
      'POST',
      '/complaints/B-1/resolution',
      { body: resolution({ goodwill: { description: long } }) },
    ],
    ['an over-long escalation note', 400, 'POST', '/complaints/B-1/escalation', { body: { note: long } }],
    ['an over-long close reason', 400, 'POST', '/complaints/B-1/close', { body: { reason: long } }],
    [
      'over-long call-back notes',
      400,
      'POST',
      '/complaints/B-1/callbacks',
      { body: { reached: false, notes: long } },
    ],
    [
      'an over-long satisfaction comment',
      400,
      'POST',
      '/complaints/B-CLOSED/satisfaction',
      { body: { respondent: { contactId: 'P', role: 'user' }, score: 4, comment: long } },
    ],
    ['an over-long segment', 400, 'PUT', '/customers/CU-1/profile', { body: { segment: 's'.repeat(65) } }],
    ['a note as an array', 400, 'POST', '/complaints/B-1/escalation', { body: { note: ['a'] } }],
    [
      'a null branchId',
      400,
      'POST',
      '/complaints',
      { body: { ...complaint, complaintId: 'B-2', branchId: null } },
    ],
    ['a null note', 400, 'POST', '/complaints/B-1/escalation', { body: { note: null } }],
    ['a null occurredAt', 400, 'POST', '/complaints/B-1/escalation', { body: { occurredAt: null } }],
    [
      'a null compensation',
      400,
      'POST',
      '/complaints/B-1/resolution',
      { body: resolution({ compensation: null }) },
    ],
    ['a null segment', 400, 'PUT', '/customers/CU-1/profile', { body: { segment: null } }],
    ['a list limit of 1e400', 400, 'GET', '/complaints?limit=1e400', {}],
    ['a list limit of 0', 400, 'GET', '/complaints?limit=0', {}],
    ['a list limit given twice', 400, 'GET', '/complaints?limit=1&limit=2', {}],
    ['a status given twice', 400, 'GET', '/complaints?status=open&status=closed', {}],
    ['an over-long cursor', 400, 'GET', `/complaints?cursor=${'c'.repeat(201)}`, {}],
    ['an unknown query parameter', 400, 'GET', '/complaints?priority=high', {}],
    [
      'an early-warning limit that is not a number',
      400,
      'GET',
      '/analytics/early-warning?limit=NaN',
      { token: TOKENS.analyst },
    ],
    ['a command on an unknown complaint', 404, 'POST', '/complaints/NOPE/close', {}],
    ['a GET of an unknown complaint', 404, 'GET', '/complaints/NOPE', {}],
    [
      'a command not allowed in the status',
      409,
      'POST',
      '/complaints/B-CLOSED/reopen',
      { body: { reason: 'again' } },
    ],
    ['an existing complaint id', 409, 'POST', '/complaints', { body: complaint }],
    ['a stale If-Match', 412, 'POST', '/complaints/B-1/close', { headers: { 'if-match': '"0"' } }],
    ['a malformed If-Match', 400, 'POST', '/complaints/B-1/close', { headers: { 'if-match': 'yesterday' } }],
    [
      'a reused Idempotency-Key with another body',
      422,
      'POST',
      '/complaints/B-1/escalation',
      { body: { note: 'second' }, headers: { 'idempotency-key': 'used-key' } },
    ],
    [
      'an Idempotency-Key over 255 characters',
      400,
      'POST',
      '/complaints/B-1/escalation',
      { headers: { 'idempotency-key': 'k'.repeat(256) } },
    ],
    [
      'occurredAt before the last event',
      422,
      'POST',
      '/complaints/B-1/close',
      { body: { occurredAt: '2020-01-01T00:00:00Z' } },
    ],
    ['no token', 401, 'POST', '/complaints/B-1/close', { token: null }],
    ['an unknown token', 401, 'POST', '/complaints/B-1/close', { token: 'guess' }],
    ['a token whose role may not command', 403, 'POST', '/complaints/B-1/close', { token: TOKENS.analyst }],
    ['an integrator reading a complaint', 403, 'GET', '/complaints/B-1', { token: TOKENS.integrator }],
  ];

  it.each(cases)('%s: %i, and nothing written', async (_name, status, method, path, options) => {
    const head = await store.headPosition();
    const answer = await http(method, path, options);
    expect(answer.status).toBe(status);
    expect(answer.body).toMatchObject({ statusCode: status, error: expect.any(String) });
    expect(typeof answer.body.message === 'string' || Array.isArray(answer.body.message)).toBe(true);
    expect(await store.headPosition()).toBe(head);
  });

  it('answers a body nested 20,000 levels deep with an Idempotency-Key 400, and does not store the key', async () => {
    const head = await store.headPosition();
    const key = { 'idempotency-key': 'deep-key' };
    const deep = await http('POST', '/complaints', { rawBody: nested(20_000), headers: key });
    expect(deep.status).toBe(400);
    expect(deep.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(deep.body.message).toMatch(/not valid JSON/);
    expect(await store.headPosition()).toBe(head);
    // The key is free: a retry with a valid body is processed, not replayed nor refused.
    const retry = await http('POST', '/complaints', {
      body: { ...complaint, complaintId: 'B-DEEP' },
      headers: key,
    });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });

  it('answers a number too large for a double 400 before the Idempotency-Key is claimed', async () => {
    const head = await store.headPosition();
    const key = { 'idempotency-key': 'infinity-key' };
    const answer = await http('POST', '/complaints', {
      rawBody: `{"complaintId":"B-INF","amount":1e400}`,
      headers: key,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toMatch(/not valid JSON/);
    expect(await store.headPosition()).toBe(head);
    const retry = await http('POST', '/complaints', {
      body: { ...complaint, complaintId: 'B-INF' },
      headers: key,
    });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });

  it('accepts nesting up to 32 levels and judges it by the field rules', async () => {
    const answer = await http('POST', '/complaints/B-1/escalation', {
      rawBody: `{"note":${'['.repeat(31)}${']'.repeat(31)}}`,
    });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toEqual(expect.arrayContaining([expect.stringMatching(/^note must/)]));
  });

  it('records compensation and goodwill as the objects sent', async () => {
    const answer = await http('POST', '/complaints', { body: { ...complaint, complaintId: 'B-OBJ' } });
    expect(answer.status).toBe(201);
    const resolved = await http('POST', '/complaints/B-OBJ/resolution', {
      body: resolution({
        compensation: { amount: 5, currency: 'EUR' },
        goodwill: { description: 'voucher', value: 10 },
      }),
    });
    expect(resolved.status).toBe(200);
    const view = await http('GET', '/complaints/B-OBJ');
    expect(view.body.resolution).toMatchObject({
      compensation: { amount: 5, currency: 'EUR' },
      goodwill: { description: 'voucher', value: 10 },
    });
  });

  it('names at most 50 offending fields, and says how many more there are', async () => {
    const fields = Object.fromEntries(Array.from({ length: 3000 }, (_, index) => [`f${index}`, 0]));
    const answer = await http('POST', '/complaints/B-1/escalation', { body: fields });
    expect(answer.status).toBe(400);
    expect(answer.body.message).toHaveLength(51);
    expect(answer.body.message[50]).toBe('and 2950 more');
  });

  it('names each offending field', async () => {
    const answer = await http('POST', '/complaints', {
      body: {
        customerId: 'bad id',
        channel: 'fax',
        severity: 'urgent',
        category: 'c',
        description: 'd',
        extra: 1,
      },
    });
    expect(answer.status).toBe(400);
    const messages: string[] = answer.body.message;
    for (const field of ['customerId', 'channel', 'severity', 'extra']) {
      expect(messages.some((message) => message.includes(field))).toBe(true);
    }
  });

  it('applies the first applicable error of the precedence list', async () => {
    // 401 beats validation: a bad body without a token.
    expect((await http('POST', '/complaints', { body: { bad: true }, token: null })).status).toBe(401);
    // 415 beats 401.
    expect(
      (
        await http('POST', '/complaints', {
          rawBody: 'x',
          headers: { 'content-type': 'text/plain' },
          token: null,
        })
      ).status,
    ).toBe(415);
    // 422 (key reuse) beats validation 400.
    const reused = await http('POST', '/complaints/B-1/escalation', {
      body: { note: 5 },
      headers: { 'idempotency-key': 'used-key' },
    });
    expect(reused.status).toBe(422);
    // Validation 400 beats 404.
    expect((await http('POST', '/complaints/NOPE/assignment', { body: {} })).status).toBe(400);
  });

  it('treats an empty body as {} on a command whose fields are all optional', async () => {
    const answer = await http('POST', '/complaints/B-1/escalation', { rawBody: '' });
    expect(answer.status).toBe(200);
  });
});
