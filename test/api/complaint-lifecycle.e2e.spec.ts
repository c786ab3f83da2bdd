import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';
import type { PublishedEvent } from '@cl/audit';
import { TOKENS } from '../support/http-client';
import { expectHashesRecompute } from '../support/recompute-hashes';
import { useTestApp } from '../support/test-app';

describe('complaint lifecycle over HTTP (SQLite, Redis, real server)', () => {
  const service = useTestApp();
  const { http } = service;

  const file = (complaintId: string, extra: Record<string, unknown> = {}) =>
    http('POST', '/complaints', {
      body: {
        complaintId,
        customerId: 'CU-1',
        channel: 'phone',
        category: 'billing',
        severity: 'high',
        description: 'Charged twice',
        branchId: 'BR-1',
        occurredAt: '2026-03-01T09:00:00Z',
        ...extra,
      },
    });
  const types = async (complaintId: string) =>
    (await service.store.readStream(`complaint-${complaintId}`)).map((event) => event.type);

  it('files, assigns, resolves with goodwill, calls back, surveys two contacts and closes', async () => {
    const filed = await file('L-1');
    expect(filed.status).toBe(201);
    expect(filed.body).toEqual({
      complaintId: 'L-1',
      revision: 0,
      position: expect.stringMatching(/^\d+$/),
      resolutionDueAt: '2026-03-02T09:00:00.000Z',
    });
    expect(filed.headers.get('etag')).toBe('"0"');

    const assigned = await http('POST', '/complaints/L-1/assignment', {
      body: { agentId: 'agent-7', occurredAt: '2026-03-01T09:05:00+01:00' },
    });
    expect(assigned.status).toBe(422); // 08:05Z is before the filing at 09:00Z
    expect(
      (
        await http('POST', '/complaints/L-1/assignment', {
          body: { agentId: 'agent-7', occurredAt: '2026-03-01T10:05Z' },
        })
      ).body,
    ).toMatchObject({ revision: 1 });

    const resolved = await http('POST', '/complaints/L-1/resolution', {
      body: {
        resolutionType: 'refund',
        summary: 'Refunded the second charge',
        compensation: { amount: 20, currency: 'EUR' },
        goodwill: { description: 'Voucher', value: 10 },
        occurredAt: '2026-03-01T15:00:00.123456Z',
      },
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({
      complaintId: 'L-1',
      revision: 2,
      callbackDueAt: '2026-03-02T15:00:00.123Z',
    });

    const callback = await http('POST', '/complaints/L-1/callbacks', {
      body: { reached: true, attitude: 'satisfied', notes: 'happy', occurredAt: '2026-03-02T10:00:00Z' },
    });
    expect(callback.body).toMatchObject({ revision: 3, escalated: false });

    for (const [contactId, role, score] of [
      ['P-1', 'primary', 5],
      ['P-2', 'decision_maker', 4],
    ] as const) {
      const survey = await http('POST', '/complaints/L-1/satisfaction', {
        body: { respondent: { contactId, role }, score, occurredAt: '2026-03-03T10:00:00Z' },
      });
      expect(survey.status).toBe(200);
      expect(survey.body.escalated).toBe(false);
    }
    const closed = await http('POST', '/complaints/L-1/close', {
      body: { occurredAt: '2026-03-04T10:00:00Z' },
    });
    expect(closed.body).toMatchObject({ revision: 6 });

    const view = await http('GET', '/complaints/L-1', { token: TOKENS.auditor });
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      complaintId: 'L-1',
      customerId: 'CU-1',
      status: 'closed',
      branchId: 'BR-1',
      filedAt: '2026-03-01T09:00:00.000Z',
      resolvedAt: '2026-03-01T15:00:00.123Z',
      slaBreached: false,
      escalationLevel: 0,
      reopenCount: 0,
      assignedTo: 'agent-7',
      resolution: { goodwill: { description: 'Voucher', value: 10 }, onTheSpot: false },
      callback: { dueAt: '2026-03-02T15:00:00.123Z', reached: true, attitude: 'satisfied' },
      satisfaction: [
        {
          respondent: { contactId: 'P-1', role: 'primary' },
          score: 5,
          occurredAt: '2026-03-03T10:00:00.000Z',
        },
        {
          respondent: { contactId: 'P-2', role: 'decision_maker' },
          score: 4,
          occurredAt: '2026-03-03T10:00:00.000Z',
        },
      ],
      revision: 6,
    });
    expect(await types('L-1')).toEqual([
      'ComplaintFiled',
      'ComplaintAssigned',
      'ComplaintResolved',
      'CallbackRecorded',
      'SatisfactionRecorded',
      'SatisfactionRecorded',
      'ComplaintClosed',
    ]);
  });

  it('records the metadata and hash chain on every event', async () => {
    await file('M-1');
    await http('POST', '/complaints/M-1/resolution', {
      body: { resolutionType: 'apology', summary: 'Sorry' },
      headers: { 'x-correlation-id': 'corr-42' },
    });
    const [filed, resolved] = await service.store.readStream('complaint-M-1');
    expect(filed.metadata).toEqual({
      occurredAt: '2026-03-01T09:00:00.000Z',
      recordedAt: expect.stringMatching(/Z$/),
      actor: { id: expect.stringMatching(/^agent-/), role: 'agent', via: 'api-key' },
      correlationId: expect.any(String),
      causationId: expect.any(String),
      schemaVersion: 2,
      prevHash: '0'.repeat(64),
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(resolved.metadata).toMatchObject({ correlationId: 'corr-42', prevHash: filed.metadata.hash });
  });

  it('stores what an outside auditor needs to recompute every hash of the chain', async () => {
    let prevHash = '0'.repeat(64);
    const events = await service.store.readStream('complaint-L-1');
    expect(events.length).toBeGreaterThan(5);
    for (const event of events) {
      const { occurredAt, recordedAt, actor, correlationId, causationId } = event.metadata as Record<
        string,
        never
      >;
      const canonical = canonicalize({
        streamId: event.streamId,
        revision: event.revision,
        eventId: event.id,
        type: event.type,
        data: event.data,
        occurredAt,
        recordedAt,
        actor,
        correlationId,
        causationId,
      });
      const hash = createHash('sha256').update(`${prevHash}${canonical}`, 'utf8').digest('hex');
      expect(event.metadata).toMatchObject({ prevHash, hash });
      prevHash = hash;
    }
  });

  it('publishes what an outside auditor needs to recompute every hash: personal fields shown, their sealed values beside them', async () => {
    const history = await http('GET', '/complaints/L-1/history', { token: TOKENS.auditor });
    const events = history.body.events as PublishedEvent[];
    const stored = await service.store.readStream('complaint-L-1');
    expect(events.length).toBe(stored.length);
    const survey = events.find((event) => event.type === 'SatisfactionRecorded')!;
    expect(survey.data).toMatchObject({ respondent: { contactId: 'P-1' } });
    expect(survey.sealed).toEqual({ 'respondent.contactId': expect.stringMatching(/^pd1\./) });
    expect(events.find((event) => event.type === 'CallbackRecorded')).toMatchObject({
      data: { notes: 'happy' },
      sealed: { notes: expect.stringMatching(/^pd1\./) },
    });
    // Events without personal fields carry no `sealed`.
    expect(events.find((event) => event.type === 'ComplaintAssigned')).not.toHaveProperty('sealed');
    expect(expectHashesRecompute(events)).toEqual(stored.map((event) => event.data));
  });

  it('escalates automatically on a dissatisfied call-back and on a score of 2 or less', async () => {
    await file('E-1');
    await http('POST', '/complaints/E-1/resolution', {
      body: { resolutionType: 'explanation', summary: 'Explained' },
    });
    const callback = await http('POST', '/complaints/E-1/callbacks', {
      body: { reached: true, attitude: 'dissatisfied' },
    });
    expect(callback.body).toMatchObject({ escalated: true, revision: 3 });
    await http('POST', '/complaints/E-1/close', {});
    const survey = await http('POST', '/complaints/E-1/satisfaction', {
      body: { respondent: { contactId: 'P-1', role: 'user' }, score: 2 },
    });
    expect(survey.body).toMatchObject({ escalated: true });
    const events = await service.store.readStream('complaint-E-1');
    const escalations = events.filter((event) => event.type === 'ComplaintEscalated');
    expect(escalations.map((event) => event.data)).toEqual([
      { reason: 'negative_callback', level: 1 },
      { reason: 'low_satisfaction', level: 2 },
    ]);
    const recorded = events.find((event) => event.type === 'CallbackRecorded')!;
    expect(escalations[0].metadata.causationId).toBe(recorded.id);
    expect((await http('GET', '/complaints/E-1')).body).toMatchObject({
      escalationLevel: 2,
      status: 'closed',
    });
  });

  it('reopens a resolved complaint with a new due time, and refuses reopening an open one', async () => {
    await file('R-1', { severity: 'critical' });
    await http('POST', '/complaints/R-1/resolution', {
      body: { resolutionType: 'repair', summary: 'Fixed', occurredAt: '2026-03-01T10:00:00Z' },
    });
    const reopened = await http('POST', '/complaints/R-1/reopen', {
      body: { reason: 'Broke again', occurredAt: '2026-03-05T10:00:00Z' },
    });
    expect(reopened.body).toMatchObject({ revision: 2, resolutionDueAt: '2026-03-05T14:00:00.000Z' });
    const again = await http('POST', '/complaints/R-1/reopen', { body: { reason: 'x' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ statusCode: 409, error: 'Conflict', status: 'open' });
    const view = (await http('GET', '/complaints/R-1')).body;
    expect(view).toMatchObject({ status: 'open', reopenCount: 1, slaBreached: true });
    expect(view.resolvedAt).toBeUndefined();
    await http('POST', '/complaints/R-1/resolution', {
      body: { resolutionType: 'replacement', summary: 'New one' },
    });
    expect((await http('GET', '/complaints/R-1')).body).toMatchObject({ status: 'resolved', reopenCount: 1 });
  });

  it('files a follow-up of an existing complaint and refuses one of an unknown complaint', async () => {
    await file('F-0');
    await http('POST', '/complaints/F-0/close', {});
    expect((await file('F-1', { followUpOf: 'F-0' })).status).toBe(201);
    expect((await file('F-2', { followUpOf: 'nope' })).status).toBe(404);
    expect(await types('F-2')).toEqual([]);
  });

  it('generates a complaint id when none is given', async () => {
    const filed = await file(undefined as unknown as string);
    expect(filed.status).toBe(201);
    expect(filed.body.complaintId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records purchases once per orderId and merges profile updates', async () => {
    const purchase = { orderId: 'O-1', amount: 99.5, currency: 'EUR' };
    const first = await http('POST', '/customers/CU-9/purchases', { body: purchase });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ customerId: 'CU-9', revision: 0 });
    expect((await http('POST', '/customers/CU-9/purchases', { body: purchase })).status).toBe(409);
    const profile = await http('PUT', '/customers/CU-9/profile', { body: { valueTier: 'A' } });
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({ customerId: 'CU-9', revision: 1 });
    const events = await service.store.readStream('customer-CU-9');
    expect(events.map((event) => [event.type, event.data])).toEqual([
      ['PurchaseRecorded', purchase],
      ['CustomerProfileUpdated', { valueTier: 'A' }],
    ]);
  });

  it('applies If-Match only at the named revision', async () => {
    await file('I-1');
    const stale = await http('POST', '/complaints/I-1/assignment', {
      body: { agentId: 'a-1' },
      headers: { 'if-match': '"5"' },
    });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ statusCode: 412, expectedRevision: 5, actualRevision: 0 });
    const fresh = await http('POST', '/complaints/I-1/assignment', {
      body: { agentId: 'a-1' },
      headers: { 'if-match': '"0"' },
    });
    expect(fresh.status).toBe(200);
    expect(fresh.headers.get('etag')).toBe('"1"');
  });
});
