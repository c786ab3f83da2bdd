import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { TOKENS } from '../support/http-client';
import { useTestApp } from '../support/test-app';

describe('concurrent commands and retries over HTTP', () => {
  const service = useTestApp();
  const { http } = service;
  let store: EventStore;

  beforeAll(async () => {
    store = service.app.get(EVENT_STORE);
  });

  const file = (complaintId: string) =>
    http('POST', '/complaints', {
      body: {
        complaintId,
        customerId: 'CU-1',
        channel: 'web',
        category: 'delivery',
        severity: 'low',
        description: 'Late',
      },
    });
  const countOf = async (streamId: string, type: string) =>
    (await store.readStream(streamId)).filter((event) => event.type === type).length;

  it('lets exactly one of 50 concurrent resolutions through; the rest get 409', async () => {
    expect((await file('RACE-1')).status).toBe(201);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        http('POST', '/complaints/RACE-1/resolution', {
          body: { resolutionType: 'apology', summary: `try ${i}` },
        }),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(49);
    for (const refused of answers.filter((answer) => answer.status === 409)) {
      expect(refused.body).toMatchObject({ statusCode: 409, status: 'resolved' });
    }
    expect(await countOf('complaint-RACE-1', 'ComplaintResolved')).toBe(1);
  });

  it('serializes concurrent commands of different kinds on one complaint', async () => {
    expect((await file('RACE-2')).status).toBe(201);
    const answers = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) =>
        http('POST', '/complaints/RACE-2/assignment', { body: { agentId: `agent-${i}` } }),
      ),
      ...Array.from({ length: 10 }, () => http('POST', '/complaints/RACE-2/escalation', {})),
    ]);
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const events = await store.readStream('complaint-RACE-2');
    expect(events.map((event) => event.revision)).toEqual(events.map((_, i) => i));
    const levels = events
      .filter((event) => event.type === 'ComplaintEscalated')
      .map((event) => event.data.level);
    expect(levels).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('answers 20 concurrent retries of one Idempotency-Key identically, with one event', async () => {
    expect((await file('IDEM-1')).status).toBe(201);
    const body = { resolutionType: 'refund', summary: 'Refunded', goodwill: { description: 'Flowers' } };
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        http('POST', '/complaints/IDEM-1/resolution', {
          body,
          headers: { 'idempotency-key': 'resolve-IDEM-1' },
        }),
      ),
    );
    expect(new Set(answers.map((answer) => answer.status))).toEqual(new Set([200]));
    expect(new Set(answers.map((answer) => answer.text)).size).toBe(1);
    expect(new Set(answers.map((answer) => answer.headers.get('etag'))).size).toBe(1);
    expect(answers.filter((answer) => answer.headers.get('idempotent-replayed') === 'true')).toHaveLength(19);
    expect(await countOf('complaint-IDEM-1', 'ComplaintResolved')).toBe(1);
  });

  it('replays a stored refusal byte for byte, and keeps keys apart per token and path', async () => {
    expect((await file('IDEM-2')).status).toBe(201);
    const closeTwice = () =>
      http('POST', '/complaints/IDEM-2/reopen', {
        body: { reason: 'r' },
        headers: { 'idempotency-key': 'k-1' },
      });
    const first = await closeTwice();
    const again = await closeTwice();
    expect(first.status).toBe(409);
    expect(again.status).toBe(409);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');

    const byAdmin = await http('POST', '/complaints/IDEM-2/close', {
      token: TOKENS.admin,
      headers: { 'idempotency-key': 'k-1' },
    });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.headers.get('idempotent-replayed')).toBeNull();
  });

  it('does not store a 401, so the retry with a token goes through', async () => {
    expect((await file('IDEM-3')).status).toBe(201);
    const options = { body: { agentId: 'a-1' }, headers: { 'idempotency-key': 'k-401' } };
    expect((await http('POST', '/complaints/IDEM-3/assignment', { ...options, token: null })).status).toBe(
      401,
    );
    const retried = await http('POST', '/complaints/IDEM-3/assignment', options);
    expect(retried.status).toBe(200);
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
  });
});
