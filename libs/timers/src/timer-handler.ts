import type { Job } from 'bullmq';
import { type Actor, type StreamWriter } from '@cl/commands';
import {
  complaintStreamId,
  decideComplaint,
  evolveComplaint,
  initialComplaintState,
  type ComplaintEvent,
  type ComplaintState,
  type ServiceLevels,
  type TimerComplaintCommand,
} from '@cl/complaints';
import type { TimerJob } from './timer-job';

/** The actor of every event the timers record (domain.md: written by the timer). */
export const TIMERS_ACTOR: Actor = { id: 'timers', role: 'system' };

export interface TimerOutcome {
  kind: TimerJob['kind'];
  /** Types of the events recorded: none when the complaint had moved on. */
  recorded: string[];
}

/**
 * The process manager's acting half: when a timer's time comes, decides on the complaint as
 * it is now (the slice's decideComplaint) and appends with the revision it read, deciding
 * again on a conflict (StreamWriter). A complaint that moved on records nothing, so a timer
 * that fires twice (a replay, a retry after a crash) records nothing twice.
 */
export class TimerHandler {
  constructor(
    private readonly writer: StreamWriter,
    private readonly levels: ServiceLevels,
  ) {}

  async handle(job: Pick<Job<TimerJob>, 'data'>): Promise<TimerOutcome> {
    const timer = job.data;
    const command = commandOf(timer);
    if (!command) return { kind: timer.kind, recorded: [] };
    const result = await this.writer.write<ComplaintState, ComplaintEvent>({
      commandType: command.type,
      streamId: complaintStreamId(timer.complaintId),
      initial: initialComplaintState,
      evolve: evolveComplaint,
      decide: (state, occurredAt) => decideComplaint(command, state, occurredAt, this.levels),
      context: {
        actor: TIMERS_ACTOR,
        correlationId: timer.correlationId,
        causationId: timer.causationId,
        // occurredAt = the deadline, or the stream's last occurredAt if that is later.
        defaultOccurredAt: timer.dueAt,
      },
    });
    return { kind: timer.kind, recorded: result.events.map((event) => event.type) };
  }
}

/** The command a timer gives; none for the call-back reminder (it only tells). */
function commandOf(timer: TimerJob): TimerComplaintCommand | undefined {
  switch (timer.kind) {
    case 'sla-deadline':
      return { type: 'escalateForBreach', target: 'resolve', dueAt: timer.dueAt };
    case 'ack-deadline':
      return { type: 'escalateForBreach', target: 'acknowledge', dueAt: timer.dueAt };
    case 'final-response-deadline':
      return { type: 'escalateForBreach', target: 'finalResponse', dueAt: timer.dueAt };
    case 'callback-missed':
      return { type: 'recordCallbackMissed', resolvedAt: timer.resolvedAt!, dueAt: timer.dueAt };
    case 'callback-due':
      return undefined;
  }
}
