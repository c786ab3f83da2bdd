import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { appendChained } from '../support/chained-events';
import { TOKENS } from '../support/http-client';
import { useTestApp } from '../support/test-app';

/**
 * Every reader of the resolve target agrees with the recorded due times, pauses and resumes
 * (docs/service-levels.md, Pauses): the complaint list's slaBreached filter, the problems report's
 * breachRate and the early warning's SLA_BREACH, at now and at earlier asOf. Monday
 * 2026-05-04, each complaint filed at 09:00 UTC by a customer of its own.
 */
describe('readers of the resolve target follow pauses and resumes', () => {
  const service = useTestApp();
  const { http } = service;
  const DAY = '2026-05-04';

  beforeAll(async () => {
    const store = service.app.get<EventStore>(EVENT_STORE);
    const at = (time: string) => `${DAY}T${time}:00.000Z`;
    const stream = (id: string, dueAt: string, ...events: [string, string, object][]) =>
      appendChained(store, `complaint-${id}`, [
        {
          occurredAt: at('09:00'),
          type: 'ComplaintFiled',
          data: {
            complaintId: id,
            customerId: `CU-${id}`,
            channel: 'web',
            category: 'pauses',
            severity: 'high',
            description: 'd',
            resolutionDueAt: at(dueAt),
            resolveTarget: { unit: 'hours', amount: Number(dueAt.slice(0, 2)) - 9, pausable: true },
          },
        },
        ...events.map(([time, type, data]) => ({ occurredAt: at(time), type, data })),
      ]);
    const resolved = {
      resolutionType: 'apology',
      summary: 's',
      onTheSpot: false,
      resolvedBy: 'agent-1',
      callbackDueAt: '2099-01-01T00:00:00.000Z',
    };
    // P1: due 13:00, paused at 10:00 with 3 h left, still paused: never breached.
    await stream('P1', '13:00', [
      '10:00',
      'ComplaintPaused',
      { reason: 'awaiting_customer', resolveLeftMs: 3 * 3_600_000 },
    ]);
    // P2: due 10:00, paused at 11:00 (already past, 0 left): stays breached from 10:00 on.
    await stream('P2', '10:00', [
      '11:00',
      'ComplaintPaused',
      { reason: 'awaiting_customer', resolveLeftMs: 0 },
    ]);
    // P3: due 13:00, paused 10:00-11:00, due 14:00 after the resume, resolved 13:30: in time.
    await stream(
      'P3',
      '13:00',
      ['10:00', 'ComplaintPaused', { reason: 'awaiting_third_party', resolveLeftMs: 3 * 3_600_000 }],
      ['11:00', 'ComplaintResumed', { resolutionDueAt: at('14:00') }],
      ['13:30', 'ComplaintResolved', resolved],
    );
    // P4: as P3 but still open: breached from 14:00 on (not at 13:00, the filing's due time).
    await stream(
      'P4',
      '13:00',
      ['10:00', 'ComplaintPaused', { reason: 'awaiting_customer', resolveLeftMs: 3 * 3_600_000 }],
      ['11:00', 'ComplaintResumed', { resolutionDueAt: at('14:00') }],
    );
    await service.projectionsCaughtUp();
  });

  const ids = (body: { items: { complaintId: string }[] }) =>
    body.items.map((item) => item.complaintId).sort();

  it('filters the complaint list by the breach of the current due time, none while paused', async () => {
    const breached = await http('GET', '/complaints?category=pauses&slaBreached=true');
    expect(breached.status).toBe(200);
    expect(ids(breached.body)).toEqual(['P2', 'P4']);
    const kept = await http('GET', '/complaints?category=pauses&slaBreached=false');
    expect(ids(kept.body)).toEqual(['P1', 'P3']);
    // The paused complaint shows no due time.
    const paused = await http('GET', '/complaints/P1');
    expect(paused.body).toMatchObject({ slaBreached: false, resolutionDueAt: null });
  });

  it('gives the problems report the same breach rate', async () => {
    const answer = await http(
      'GET',
      '/analytics/problems?from=2026-05-01T00:00:00Z&to=2026-06-01T00:00:00Z',
      {
        token: TOKENS.analyst,
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.body.rows).toEqual([
      expect.objectContaining({ key: 'pauses', count: 4, breachRate: 0.5 }), // P2, P4
    ]);
  });

  it('gives the early warning SLA_BREACH by the recorded due times, pauses and resumes, at any asOf', async () => {
    const slaBreach = async (id: string, asOf?: string) => {
      const query = asOf === undefined ? '' : `?asOf=${DAY}T${asOf}:00.000Z`;
      const answer = await http('GET', `/customers/CU-${id}/risk${query}`, { token: TOKENS.analyst });
      expect(answer.status).toBe(200);
      return (answer.body.reasons as { code: string }[]).some((reason) => reason.code === 'SLA_BREACH');
    };
    const cases: [string, string | undefined, boolean][] = [
      ['P1', '09:30', false],
      ['P1', '12:00', false], // paused
      ['P1', '13:30', false], // paused past the filing's due time
      ['P1', undefined, false],
      ['P2', '10:30', true], // past due, not yet paused
      ['P2', '12:00', true], // paused after its due time: stays breached
      ['P2', undefined, true],
      ['P3', '13:15', false],
      ['P3', undefined, false], // resolved before the resumed due time
      ['P4', '13:30', false], // the resume moved the due time to 14:00
      ['P4', '14:00', false],
      ['P4', '14:01', true],
      ['P4', undefined, true],
    ];
    const answers = [];
    for (const [id, asOf] of cases) answers.push([id, asOf, await slaBreach(id, asOf)]);
    expect(answers).toEqual(cases);
  });
});
