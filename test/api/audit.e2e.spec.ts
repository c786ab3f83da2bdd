import canonicalize from 'canonicalize';
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { appendChained } from '../support/chained-events';
import { TOKENS } from '../support/http-client';
import { expectOk, useTestApp } from '../support/test-app';
import { itSqliteFile } from '../support/test-store';

/**
 * History, time travel and verification over HTTP, against the real service on a real SQLite
 * file. The lifecycle below is long on purpose: escalations (manual and automatic), a reopen
 * and two resolutions, so that each point in time differs from its neighbours.
 */
describe('audit endpoints (SQLite, Redis, real server)', () => {
  const service = useTestApp({ AUDIT_SEAL_EVERY: '5' });
  const { http } = service;
  const auditor = { token: TOKENS.auditor };

  beforeAll(async () => {
    const command = (path: string, body: object) =>
      expectOk(http('POST', `/complaints/A-1${path}`, { body }));
    await expectOk(
      http('POST', '/complaints', {
        body: {
          complaintId: 'A-1',
          customerId: 'CU-1',
          channel: 'email',
          category: 'billing',
          severity: 'high',
          description: 'Charged twice',
          occurredAt: '2026-03-01T09:00:00Z',
        },
        headers: { 'x-correlation-id': 'corr-file' },
      }),
    );
    await command('/escalation', { note: 'VIP', occurredAt: '2026-03-01T10:00:00Z' }); // 1
    await command('/assignment', { agentId: 'agent-7', occurredAt: '2026-03-01T11:00:00Z' }); // 2
    await command('/resolution', {
      resolutionType: 'refund',
      summary: 'Refunded',
      occurredAt: '2026-03-01T15:00:00Z',
    }); // 3
    // 4 CallbackRecorded, 5 ComplaintEscalated{negative_callback}
    await command('/callbacks', {
      reached: true,
      attitude: 'dissatisfied',
      occurredAt: '2026-03-02T10:00:00Z',
    });
    await command('/reopen', { reason: 'Charged again', occurredAt: '2026-03-03T10:00:00Z' }); // 6
    await command('/escalation', { occurredAt: '2026-03-04T08:00:00Z' }); // 7
    await command('/resolution', {
      resolutionType: 'replacement',
      summary: 'Card replaced',
      occurredAt: '2026-03-05T12:00:00Z',
    }); // 8
    await command('/satisfaction', {
      respondent: { contactId: 'P-1', role: 'primary' },
      score: 5,
      occurredAt: '2026-03-06T10:00:00Z',
    }); // 9
    await command('/close', { occurredAt: '2026-03-07T10:00:00Z' }); // 10
  });

  describe('GET /complaints/:id/history', () => {
    it('lists every event in revision order in the shared event shape', async () => {
      const answer = await http('GET', '/complaints/A-1/history', auditor);
      expect(answer.status).toBe(200);
      expect(answer.body.streamId).toBe('complaint-A-1');
      const events = answer.body.events as Record<string, unknown>[];
      expect(events.map((event) => event.type)).toEqual([
        'ComplaintFiled',
        'ComplaintEscalated',
        'ComplaintAssigned',
        'ComplaintResolved',
        'CallbackRecorded',
        'ComplaintEscalated',
        'ComplaintReopened',
        'ComplaintEscalated',
        'ComplaintResolved',
        'SatisfactionRecorded',
        'ComplaintClosed',
      ]);
      expect(events.map((event) => event.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const positions = events.map((event) => BigInt(event.position as string));
      expect(positions).toEqual([...positions].sort((a, b) => (a < b ? -1 : 1)));
      expect(events[0]).toEqual({
        eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        streamId: 'complaint-A-1',
        type: 'ComplaintFiled',
        revision: 0,
        position: expect.stringMatching(/^\d+$/),
        occurredAt: '2026-03-01T09:00:00.000Z',
        recordedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        actor: { id: expect.stringMatching(/^agent-/), role: 'agent', via: 'api-key' },
        correlationId: 'corr-file',
        causationId: expect.any(String),
        data: expect.objectContaining({
          complaintId: 'A-1',
          description: 'Charged twice',
          resolutionDueAt: '2026-03-02T09:00:00.000Z',
        }),
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        prevHash: '0'.repeat(64),
        sealed: { description: expect.stringMatching(/^pd1\./) },
      });
      // The automatic escalation is caused by the call-back before it.
      expect(events[5]).toMatchObject({
        causationId: events[4].eventId,
        data: { reason: 'negative_callback' },
      });
    });

    it('lets an outside auditor recompute every hash from the JSON received, with RFC 8785 and SHA-256 only', async () => {
      const { events } = (await http('GET', '/complaints/A-1/history', auditor)).body as {
        events: Record<string, unknown>[];
      };
      // Personal fields are shown in clear; the hash covers their sealed values, given beside them.
      expect(events[0]).toMatchObject({
        data: { description: 'Charged twice' },
        sealed: { description: expect.stringMatching(/^pd1\./) },
      });
      expect(events.filter((event) => event.sealed !== undefined).length).toBeGreaterThan(1);
      /** The data as stored: each sealed value put back at its dotted path. */
      const stored = (data: object, sealed: Record<string, string> | undefined): object => {
        const copy = structuredClone(data) as Record<string, unknown>;
        for (const [path, value] of Object.entries(sealed ?? {})) {
          const names = path.split('.');
          let target = copy;
          for (const name of names.slice(0, -1)) target = target[name] as Record<string, unknown>;
          target[names[names.length - 1]] = value;
        }
        return copy;
      };
      let prevHash = '0'.repeat(64);
      for (const event of events) {
        const covered = {
          streamId: event.streamId,
          revision: event.revision,
          eventId: event.eventId,
          type: event.type,
          data: stored(event.data as object, event.sealed as Record<string, string> | undefined),
          occurredAt: event.occurredAt,
          recordedAt: event.recordedAt,
          actor: event.actor,
          correlationId: event.correlationId,
          causationId: event.causationId,
        };
        const hash = createHash('sha256')
          .update(prevHash + canonicalize(covered), 'utf8')
          .digest('hex');
        expect(event.prevHash).toBe(prevHash);
        expect(event.hash).toBe(hash);
        prevHash = hash;
      }
    });

    it('reflects a command as soon as its answer is sent (read-your-writes)', async () => {
      await expectOk(http('POST', '/complaints', { body: { ...filing('RW-1') } }));
      const assigned = await http('POST', '/complaints/RW-1/assignment', { body: { agentId: 'a-1' } });
      const history = await http('GET', '/complaints/RW-1/history', auditor);
      expect(history.body.events.map((event: { position: string }) => event.position)).toEqual([
        expect.any(String),
        assigned.body.position,
      ]);
      expect((await http('GET', '/complaints/RW-1/verify', auditor)).body).toEqual({
        streamId: 'complaint-RW-1',
        valid: true,
        events: 2,
      });
    });

    it('is 404 for an unknown complaint, 400 for a malformed id', async () => {
      expect((await http('GET', '/complaints/nope/history', auditor)).status).toBe(404);
      expect((await http('GET', '/complaints/no%20pe/history', auditor)).status).toBe(400);
    });
  });

  describe('GET /complaints/:id/state', () => {
    const state = async (query: string) => {
      const answer = await http('GET', `/complaints/A-1/state?${query}`, auditor);
      expect(answer.status).toBe(200);
      return answer.body;
    };

    it('at revision 2: open, escalated once, assigned, not breached at that event', async () => {
      expect(await state('revision=2')).toEqual({
        complaintId: 'A-1',
        customerId: 'CU-1',
        status: 'open',
        channel: 'email',
        category: 'billing',
        severity: 'high',
        branchId: null,
        productId: null,
        orderId: null,
        followUpOf: null,
        subjectAgentId: null,
        description: 'Charged twice',
        filedAt: '2026-03-01T09:00:00.000Z',
        resolutionDueAt: '2026-03-02T09:00:00.000Z',
        slaBreached: false,
        paused: false,
        // Without a policy file the resolve target alone: SLA_HOURS.
        deadlines: { resolve: { dueAt: '2026-03-02T09:00:00.000Z', breached: false } },
        policyRule: null,
        escalationLevel: 1,
        reopenCount: 0,
        assignedTo: 'agent-7',
        callback: {},
        satisfaction: [],
        revision: 2,
      });
    });

    it('as of the day after the first resolution: resolved, the dissatisfied call-back escalated it', async () => {
      const body = await state('asOf=2026-03-02T12:00:00Z');
      expect(body).toMatchObject({
        status: 'resolved',
        resolvedAt: '2026-03-01T15:00:00.000Z',
        resolution: { resolutionType: 'refund', summary: 'Refunded', onTheSpot: false },
        callback: { dueAt: '2026-03-02T15:00:00.000Z', reached: true, attitude: 'dissatisfied' },
        escalationLevel: 2,
        reopenCount: 0,
        slaBreached: false,
        revision: 5,
      });
    });

    it('after the reopen: breached or not depending on asOf alone, at the same revision', async () => {
      const before = await state('asOf=2026-03-04T09:00:00%2B00:00');
      const after = await state('asOf=2026-03-04T11:00:00Z');
      for (const body of [before, after]) {
        expect(body).toMatchObject({
          status: 'open',
          reopenCount: 1,
          resolutionDueAt: '2026-03-04T10:00:00.000Z',
          escalationLevel: 3,
          callback: {},
          revision: 7,
        });
        expect(body.resolvedAt).toBeUndefined();
      }
      expect(before.slaBreached).toBe(false);
      expect(after.slaBreached).toBe(true);
      expect((await state('revision=7')).slaBreached).toBe(false); // evaluated at 2026-03-04T08:00
    });

    it('at revision 8, the late second resolution: resolved and breached', async () => {
      expect(await state('revision=8')).toMatchObject({
        status: 'resolved',
        resolvedAt: '2026-03-05T12:00:00.000Z',
        resolution: { resolutionType: 'replacement', summary: 'Card replaced' },
        callback: { dueAt: '2026-03-06T12:00:00.000Z' },
        slaBreached: true,
        escalationLevel: 3,
        reopenCount: 1,
        satisfaction: [],
        revision: 8,
      });
    });

    it('at the end equals GET /complaints/:id', async () => {
      const end = await state('asOf=2026-03-08T00:00:00Z');
      expect(end).toMatchObject({
        status: 'closed',
        satisfaction: [
          {
            respondent: { contactId: 'P-1', role: 'primary' },
            score: 5,
            occurredAt: '2026-03-06T10:00:00.000Z',
          },
        ],
        revision: 10,
      });
      expect(await state('revision=10')).toEqual(end);
      expect((await http('GET', '/complaints/A-1', auditor)).body).toEqual(end);
    });

    it.each([
      ['', 400],
      ['asOf=2026-03-02T12:00:00Z&revision=2', 400],
      ['revision=-1', 400],
      ['revision=1.5', 400],
      ['revision=', 400],
      ['asOf=2026-03-02', 400],
      ['revision=11', 404],
      ['asOf=2026-02-28T00:00:00Z', 404],
    ])('?%s is %i', async (query, status) => {
      const answer = await http('GET', `/complaints/A-1/state?${query}`, auditor);
      expect(answer.status).toBe(status);
      expect(answer.body).toMatchObject({ statusCode: status, message: expect.anything() });
    });

    it('is 404 for an unknown complaint', async () => {
      expect((await http('GET', '/complaints/nope/state?revision=0', auditor)).status).toBe(404);
    });
  });

  describe('verification', () => {
    it('verifies a complaint stream and the whole log', async () => {
      expect((await http('GET', '/complaints/A-1/verify', auditor)).body).toEqual({
        streamId: 'complaint-A-1',
        valid: true,
        events: 11,
      });
      // The service seals every 5 events (AUDIT_SEAL_EVERY): 11 events, so 2 seals soon.
      let all = await http('GET', '/audit/verify', auditor);
      for (let tries = 0; all.body.seals.checked < 2 && tries < 100; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        all = await http('GET', '/audit/verify', auditor);
      }
      expect(all.status).toBe(200);
      expect(all.body).toEqual({
        valid: true,
        streams: expect.any(Number),
        events: expect.any(Number),
        invalid: [],
        seals: { checked: expect.any(Number) },
      });
      expect(all.body.seals.checked).toBeGreaterThanOrEqual(2);
      expect(all.body.events).toBeGreaterThanOrEqual(13);
      expect((await http('GET', '/complaints/nope/verify', auditor)).status).toBe(404);
    });

    itSqliteFile(
      'finds an event edited in the file behind the running service, at its revision',
      async () => {
        await expectOk(http('POST', '/complaints', { body: filing('T-1') }));
        for (const agentId of ['a-1', 'a-2', 'a-3']) {
          await expectOk(http('POST', '/complaints/T-1/assignment', { body: { agentId } }));
        }
        const db = new Database(join(service.config.dataDir, 'events.db'));
        try {
          db.prepare(
            `UPDATE events SET data = json_set(data, '$.agentId', 'someone-else')
           WHERE stream_id = 'complaint-T-1' AND revision = 2`,
          ).run();
        } finally {
          db.close();
        }
        expect((await http('GET', '/complaints/T-1/verify', auditor)).body).toEqual({
          streamId: 'complaint-T-1',
          valid: false,
          events: 4,
          firstInvalidRevision: 2,
        });
        const all = (await http('GET', '/audit/verify', auditor)).body;
        expect(all).toMatchObject({
          valid: false,
          invalid: [{ streamId: 'complaint-T-1', firstInvalidRevision: 2 }],
        });
        expect((await http('GET', '/complaints/A-1/verify', auditor)).body.valid).toBe(true);
      },
    );
  });

  it('answers other requests while /audit/verify walks a long log (the event loop turns between pages)', async () => {
    const store = service.app.get<EventStore>(EVENT_STORE);
    for (let batch = 0; batch < 40; batch++) {
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          appendChained(
            store,
            `customer-L-${batch}-${i}`,
            Array.from({ length: 50 }, () => ({ type: 'Noted', data: {} })),
          ),
        ),
      );
    }
    const finished: string[] = [];
    const verifying = http('GET', '/audit/verify', auditor).then((answer) => {
      finished.push('verify');
      return answer;
    });
    await new Promise((resolve) => setImmediate(resolve));
    const view = await http('GET', '/complaints/A-1', auditor);
    finished.push('view');
    expect(view.status).toBe(200);
    // (Not valid: complaint T-1 was edited above.)
    expect((await verifying).body.events).toBeGreaterThan(20_000);
    expect(finished).toEqual(['view', 'verify']);
  });

  describe('roles', () => {
    it.each([
      ['/complaints/A-1/history', ['auditor', 'agent', 'admin'], ['analyst', 'integrator']],
      ['/complaints/A-1/state?revision=0', ['auditor', 'admin'], ['agent', 'analyst', 'integrator']],
      ['/complaints/A-1/verify', ['auditor', 'admin'], ['agent', 'analyst', 'integrator']],
      ['/audit/verify', ['auditor', 'admin'], ['agent', 'analyst', 'integrator']],
    ] as const)('%s', async (path, allowed, refused) => {
      for (const role of allowed) expect((await http('GET', path, { token: TOKENS[role] })).status).toBe(200);
      for (const role of refused) expect((await http('GET', path, { token: TOKENS[role] })).status).toBe(403);
      expect((await http('GET', path, { token: null })).status).toBe(401);
    });
  });
});

function filing(complaintId: string) {
  return {
    complaintId,
    customerId: 'CU-2',
    channel: 'web',
    category: 'delivery',
    severity: 'low',
    description: 'Late',
  };
}
