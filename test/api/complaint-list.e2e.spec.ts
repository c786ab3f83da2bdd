import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import type { ProjectionRunner } from '@cl/projections';
import { PROJECTION_RUNNERS } from '@cl/read-models/nest';
import { TOKENS } from '../support/http-client';
import { useTestApp } from '../support/test-app';

describe('GET /complaints (the complaint-list projection)', () => {
  const service = useTestApp();
  const { http } = service;

  beforeAll(async () => {
    const complaints: [string, string, string, string][] = [
      ['A-1', 'CU-1', 'high', '2026-03-01T09:00:00Z'],
      ['A-2', 'CU-1', 'low', '2026-03-02T09:00:00Z'],
      ['A-3', 'CU-2', 'high', '2026-03-03T09:00:00Z'],
      ['A-4', 'CU-2', 'critical', '2026-03-03T09:00:00Z'],
      ['A-5', 'CU-3', 'medium', new Date(Date.now() - 60_000).toISOString()],
    ];
    for (const [complaintId, customerId, severity, occurredAt] of complaints) {
      const filed = await http('POST', '/complaints', {
        body: {
          complaintId,
          customerId,
          severity,
          occurredAt,
          channel: 'web',
          category: 'billing',
          description: 'd',
          branchId: 'BR-1',
        },
      });
      expect(filed.status).toBe(201);
    }
    await http('POST', '/complaints/A-1/resolution', {
      body: { resolutionType: 'refund', summary: 's', occurredAt: '2026-03-01T10:00:00Z' },
    });
    await http('POST', '/complaints/A-3/close', { body: { occurredAt: '2026-03-03T10:00:00Z' } });
    await service.projectionsCaughtUp();
  });

  const ids = (answer: { body: { items: { complaintId: string }[] } }) =>
    answer.body.items.map((item) => item.complaintId);

  it('lists newest filing first, in the shape of GET /complaints/:id', async () => {
    const answer = await http('GET', '/complaints', { token: TOKENS.analyst });
    expect(answer.status).toBe(200);
    expect(ids(answer)).toEqual(['A-5', 'A-4', 'A-3', 'A-2', 'A-1']);
    expect(answer.body.nextCursor).toBeNull();
    const single = await http('GET', '/complaints/A-1');
    expect(answer.body.items[4]).toEqual(single.body);
  });

  it('filters by customer, status, severity, branch and breach', async () => {
    expect(ids(await http('GET', '/complaints?customerId=CU-1'))).toEqual(['A-2', 'A-1']);
    expect(ids(await http('GET', '/complaints?status=open'))).toEqual(['A-5', 'A-4', 'A-2']);
    expect(ids(await http('GET', '/complaints?severity=high&status=open'))).toEqual([]);
    expect(ids(await http('GET', '/complaints?branchId=BR-1&severity=critical'))).toEqual(['A-4']);
    expect(ids(await http('GET', '/complaints?slaBreached=false'))).toEqual(['A-5', 'A-3', 'A-1']);
    expect(ids(await http('GET', '/complaints?slaBreached=true'))).toEqual(['A-4', 'A-2']);
  });

  it('pages with a cursor, never repeating or skipping, ties on filing time included', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await http('GET', `/complaints?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...ids(page));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['A-5', 'A-4', 'A-3', 'A-2', 'A-1']);
  });

  it('refuses a limit below 1, a bad cursor and a bad filter; clamps a large limit', async () => {
    expect((await http('GET', '/complaints?limit=0')).status).toBe(400);
    expect((await http('GET', '/complaints?limit=-3')).status).toBe(400);
    expect((await http('GET', '/complaints?cursor=bm9wZQ')).status).toBe(400);
    expect((await http('GET', '/complaints?status=lost')).status).toBe(400);
    expect((await http('GET', '/complaints?unknown=1')).status).toBe(400);
    expect((await http('GET', '/complaints?limit=100000')).status).toBe(200);
    expect((await http('GET', '/complaints', { token: TOKENS.integrator })).status).toBe(403);
  });

  it('reports the projection position and lag in /health and /metrics', async () => {
    // The early-warning reactor may still append a CustomerRiskChanged: wait until all is still.
    const store = service.app.get<EventStore>(EVENT_STORE);
    const runners = service.app.get<ProjectionRunner[]>(PROJECTION_RUNNERS);
    let settled = -1n;
    while (settled !== (await store.headPosition())) {
      settled = await store.headPosition();
      for (const runner of runners) await runner.waitFor(settled);
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    const health = await http('GET', '/health', { token: null });
    const head = settled.toString();
    expect(health.body.projections['complaint-list']).toEqual({ position: head, lag: 0, state: 'running' });
    const metrics = await http('GET', '/metrics', { token: null });
    expect(metrics.text).toContain(`cl_projection_position{projection="complaint-list"} ${head}`);
    expect(metrics.text).toContain('cl_projection_lag_events{projection="complaint-list"} 0');
    expect(metrics.text).toContain('cl_projection_failed{projection="complaint-list"} 0');
  });

  it('filters by callbackDue: resolved, due time passed, no reached call-back since the resolution', async () => {
    const day = (d: number, hour: number) => `2026-04-0${d}T${String(hour).padStart(2, '0')}:00:00.000Z`;
    const scenarios: [string, { reached: boolean; attitude?: string } | undefined][] = [
      ['CB-none', undefined],
      ['CB-unreached', { reached: false }],
      ['CB-reached', { reached: true, attitude: 'dissatisfied' }],
    ];
    for (const [complaintId, callback] of scenarios) {
      const body = {
        complaintId,
        customerId: 'CU-CB',
        severity: 'low',
        channel: 'web',
        category: 'c',
        description: 'd',
      };
      expect((await http('POST', '/complaints', { body: { ...body, occurredAt: day(1, 9) } })).status).toBe(
        201,
      );
      const resolved = await http('POST', `/complaints/${complaintId}/resolution`, {
        body: { resolutionType: 'apology', summary: 's', occurredAt: day(1, 10) },
      });
      expect(resolved.body.callbackDueAt).toBe(day(2, 10));
      if (callback) {
        const recorded = await http('POST', `/complaints/${complaintId}/callbacks`, {
          body: { ...callback, occurredAt: day(3, 10) },
        });
        expect(recorded.status).toBe(200);
      }
    }
    // Resolved just now: its call-back is not due yet.
    const fresh = {
      complaintId: 'CB-fresh',
      customerId: 'CU-CB',
      severity: 'low',
      channel: 'web',
      category: 'c',
      description: 'd',
    };
    await http('POST', '/complaints', { body: fresh });
    await http('POST', '/complaints/CB-fresh/resolution', {
      body: { resolutionType: 'apology', summary: 's' },
    });
    await service.projectionsCaughtUp();

    expect(ids(await http('GET', '/complaints?customerId=CU-CB&callbackDue=true')).sort()).toEqual([
      'CB-none',
      'CB-unreached',
    ]);
    expect(ids(await http('GET', '/complaints?customerId=CU-CB&callbackDue=false')).sort()).toEqual([
      'CB-fresh',
      'CB-reached',
    ]);
    expect((await http('GET', '/complaints?callbackDue=maybe')).status).toBe(400);
  });
});
