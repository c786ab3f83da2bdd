import {
  complaintDecider,
  evolveComplaint,
  initialComplaintState,
  toComplaintView,
  type FiledComplaint,
  type OccurredComplaintEvent,
  type ServiceLevels,
} from '@cl/complaints';
import type { ActingActor } from '@cl/domain';
import { deciderSpec } from '../support/decider-spec';

/**
 * Root cause (docs/domain.md, Root cause): recorded in every status, any number of times,
 * the latest one counting; the complaint's view shows the latest one.
 */
const LEVELS: ServiceLevels = {
  slaHours: { critical: 4, high: 24, medium: 48, low: 72 },
  callbackDueHours: 24,
};
const spec = deciderSpec(complaintDecider(LEVELS));
const AGENT: ActingActor = { id: 'agent-1', role: 'agent' };

const filed: OccurredComplaintEvent = {
  type: 'ComplaintFiled',
  occurredAt: '2026-03-01T09:00:00.000Z',
  data: {
    complaintId: 'C-1',
    customerId: 'CU-1',
    channel: 'web',
    category: 'delivery',
    severity: 'low',
    description: 'Arrived broken',
    resolutionDueAt: '2026-03-04T09:00:00.000Z',
  },
};
const closed: OccurredComplaintEvent = {
  type: 'ComplaintClosed',
  occurredAt: '2026-03-02T09:00:00.000Z',
  data: {},
};
const rootCause = (cause: string, occurredAt: string, note?: string): OccurredComplaintEvent => ({
  type: 'RootCauseRecorded',
  occurredAt,
  data: { cause, ...(note !== undefined && { note }) },
});
const record = (cause: string, note?: string) => ({
  type: 'recordRootCause' as const,
  cause,
  ...(note !== undefined && { note }),
  occurredAt: '2026-03-03T09:00:00.000Z',
  actor: AGENT,
});

describe('recording a root cause', () => {
  it('records RootCauseRecorded with its note, on an open complaint', () => {
    spec
      .given(filed)
      .when(record('courier_damage', 'Box crushed in transit'))
      .then([
        { type: 'RootCauseRecorded', data: { cause: 'courier_damage', note: 'Box crushed in transit' } },
      ]);
  });

  it('records one on a closed complaint too, and again after one was recorded', () => {
    spec
      .given(filed, closed, rootCause('packaging', '2026-03-02T10:00:00.000Z'))
      .when(record('courier_damage'))
      .then([{ type: 'RootCauseRecorded', data: { cause: 'courier_damage' } }]);
  });

  it('is refused for a complaint that does not exist, and before the stream’s last event', () => {
    spec.given().when(record('courier_damage')).thenRefused('not_found');
    spec
      .given(filed, rootCause('packaging', '2026-03-05T00:00:00.000Z'))
      .when(record('courier_damage'))
      .thenRefused('out_of_order');
  });

  it('the latest counts: the state and the view carry it with when it was recorded', () => {
    const state = [
      filed,
      rootCause('packaging', '2026-03-01T10:00:00.000Z', 'first guess'),
      closed,
      rootCause('courier_damage', '2026-03-02T10:00:00.000Z'),
    ].reduce(evolveComplaint, initialComplaintState) as FiledComplaint;
    expect(state.rootCause).toEqual({ cause: 'courier_damage', at: '2026-03-02T10:00:00.000Z' });
    expect(state.status).toBe('closed');
    expect(toComplaintView(state, 3, '2026-03-03T00:00:00.000Z').rootCause).toEqual({
      cause: 'courier_damage',
      at: '2026-03-02T10:00:00.000Z',
    });
    const before = evolveComplaint(initialComplaintState, filed) as FiledComplaint;
    expect(toComplaintView(before, 0, '2026-03-03T00:00:00.000Z')).not.toHaveProperty('rootCause');
  });
});
