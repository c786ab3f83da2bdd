import { complaintIdOf } from '@cl/complaints';
import { addHours } from '@cl/domain';
import type { RecordedEvent } from '@cl/event-store';
import type { TimerJob, TimerKind } from './timer-job';

/** The complaint events that set timers. */
export const TIMER_SETTING_EVENT_TYPES = [
  'ComplaintFiled',
  'ComplaintReopened',
  'ComplaintResolved',
  'ComplaintResumed',
  'ResponseDeadlineExtended',
] as const;

/**
 * The timers a recorded complaint event sets. Pure. Only deadlines still in the future when
 * set (later than the event's recordedAt) get a timer: imported history gets none, and its
 * breaches still show in the analytics.
 *
 * A pause sets nothing: the cycle's timer still fires and records nothing while paused (its
 * handler sees the pause); the resume sets the timer of the new due time. The resume's timer
 * id carries the resume's revision, so a new due time equal to one already acted on (a pause
 * and resume at one instant) still gets its timer.
 */
export function timersSetBy(event: RecordedEvent, callbackMissedHours: number): TimerJob[] {
  const complaintId = complaintIdOf(event.streamId);
  const occurredAt = String(event.metadata.occurredAt);
  const data = event.data as {
    resolutionDueAt?: string;
    callbackDueAt?: string;
    acknowledgeDueAt?: string;
    finalResponseDueAt?: string;
  };
  const suffix = event.type === 'ComplaintResumed' ? `_r${event.revision}` : '';
  const timer = (kind: TimerKind, dueAt: string, resolvedAt?: string): TimerJob => ({
    id: `${kind}_${complaintId}_${Date.parse(dueAt)}${suffix}`,
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
      timers = [
        timer('sla-deadline', data.resolutionDueAt!),
        ...(data.acknowledgeDueAt !== undefined ? [timer('ack-deadline', data.acknowledgeDueAt)] : []),
        ...(data.finalResponseDueAt !== undefined
          ? [timer('final-response-deadline', data.finalResponseDueAt)]
          : []),
      ];
      break;
    case 'ComplaintReopened':
    case 'ComplaintResumed':
      timers = [timer('sla-deadline', data.resolutionDueAt!)];
      break;
    case 'ResponseDeadlineExtended':
      timers = [timer('final-response-deadline', data.finalResponseDueAt!)];
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
