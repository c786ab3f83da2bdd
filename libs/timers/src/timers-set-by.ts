import { addHours } from '@cl/domain';
import type { RecordedEvent } from '@cl/event-store';
import type { TimerJob, TimerKind } from './timer-job';

/** The complaint events that set timers. */
export const TIMER_SETTING_EVENT_TYPES = [
  'ComplaintFiled',
  'ComplaintReopened',
  'ComplaintResolved',
] as const;

/**
 * The timers a recorded complaint event sets. Pure. Only deadlines still in the future when
 * set (later than the event's recordedAt) get a timer: imported history gets none, and its
 * breaches still show in the analytics.
 */
export function timersSetBy(event: RecordedEvent, callbackMissedHours: number): TimerJob[] {
  const complaintId = event.streamId.slice('complaint-'.length);
  const occurredAt = String(event.metadata.occurredAt);
  const data = event.data as { resolutionDueAt?: string; callbackDueAt?: string };
  const timer = (kind: TimerKind, dueAt: string, resolvedAt?: string): TimerJob => ({
    id: `${kind}_${complaintId}_${Date.parse(dueAt)}`,
    kind,
    complaintId,
    dueAt,
    ...(resolvedAt !== undefined && { resolvedAt }),
    causationId: event.id,
    correlationId: String(event.metadata.correlationId ?? event.id),
  });
  let timers: TimerJob[];
  switch (event.type) {
    case 'ComplaintFiled':
    case 'ComplaintReopened':
      timers = [timer('sla-deadline', data.resolutionDueAt!)];
      break;
    case 'ComplaintResolved':
      timers = [
        timer('callback-due', data.callbackDueAt!, occurredAt),
        timer('callback-missed', addHours(occurredAt, callbackMissedHours), occurredAt),
      ];
      break;
    default:
      return [];
  }
  return timers.filter((job) => job.dueAt > event.recordedAt);
}
