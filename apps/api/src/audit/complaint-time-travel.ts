import {
  evolveComplaint,
  initialComplaintState,
  toComplaintView,
  type CalendarCoverage,
  type ComplaintEvent,
  type ComplaintState,
  type ComplaintView,
} from '@cl/complaints';
import { DomainError, toOccurred, type Instant } from '@cl/domain';
import type { RecordedEvent } from '@cl/event-store';

/** Which part of the stream to fold: up to a business time, or up to a revision. */
export type PointInTime = { asOf: Instant } | { revision: number };

/**
 * The complaint as it stood at a point in time, folded from its events alone with the
 * slice's evolve: at `asOf`, the events that occurred at or before it (occurredAt never goes
 * backwards in a complaint stream), slaBreached evaluated at asOf; at `revision`, the events
 * up to it, slaBreached evaluated at that event's occurredAt.
 * @throws DomainError not_found before the filing or beyond the last revision
 */
export function complaintAt(
  complaintId: string,
  events: readonly RecordedEvent[],
  at: PointInTime,
  coverage?: CalendarCoverage,
): ComplaintView {
  if ('revision' in at && at.revision >= events.length) {
    throw new DomainError(
      'not_found',
      `Complaint ${complaintId} has no revision ${at.revision} (its last is ${events.length - 1})`,
    );
  }
  let state: ComplaintState = initialComplaintState;
  let revision = -1;
  let evaluatedAt: Instant | undefined = 'asOf' in at ? at.asOf : undefined;
  for (const event of events) {
    const occurred = toOccurred<ComplaintEvent>(event);
    if ('asOf' in at && occurred.occurredAt > at.asOf) break;
    state = evolveComplaint(state, occurred);
    revision = event.revision;
    if ('revision' in at && revision === at.revision) {
      evaluatedAt = occurred.occurredAt;
      break;
    }
  }
  if (!state.exists || evaluatedAt === undefined) {
    throw new DomainError('not_found', `Complaint ${complaintId} was not filed yet then`);
  }
  return toComplaintView(state, revision, evaluatedAt, coverage);
}
