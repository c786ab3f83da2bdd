import type { Job } from 'bullmq';
import { laterOf, loadStream, writeComplaintCommand, type Actor, type StreamWriter } from '@cl/commands';
import {
  complaintDecider,
  complaintStreamId,
  type ComplaintDecider,
  type ServiceLevels,
  type TimerComplaintCommand,
} from '@cl/complaints';
import { DomainError } from '@cl/domain';
import type { EventStore } from '@cl/event-store';
import type { TimerJob } from './timer-job';

/** The actor of every event the timers record (docs/domain.md: written by the timer). */
export const TIMERS_ACTOR: Actor = { id: 'timers', role: 'system' };

export interface TimerOutcome {
  kind: TimerJob['kind'];
  /** Types of the events recorded: none when the complaint had moved on. */
  recorded: string[];
}

/**
 * The process manager's acting half: when a timer's time comes, decides on the complaint as
 * it is now (the slice's decider) and appends with the revision it read, deciding again on a
 * conflict: the command path every writer takes (writeComplaintCommand on StreamWriter). A complaint that moved on records nothing, so a timer
 * that fires twice (a replay, a retry after a crash) records nothing twice, and a timer of a
 * complaint the store does not hold (a job of another history: a restored or replaced store)
 * records nothing.
 */
export class TimerHandler {
  private readonly decider: ComplaintDecider;

  constructor(
    private readonly writer: StreamWriter,
    levels: ServiceLevels,
    private readonly store: EventStore,
  ) {
    this.decider = complaintDecider(levels);
  }

  async handle(job: Pick<Job<TimerJob>, 'data'>): Promise<TimerOutcome> {
    const timer = job.data;
    const command = commandOf(timer);
    if (!command) return { kind: timer.kind, recorded: [] };
    let result;
    try {
      result = await this.write(timer, command);
    } catch (error) {
      // The complaint is not in this store: nothing to act on, now or on a retry.
      if (error instanceof DomainError && error.kind === 'not_found')
        return { kind: timer.kind, recorded: [] };
      throw error;
    }
    return { kind: timer.kind, recorded: result.events.map((event) => event.type) };
  }

  /**
   * Whether the timer, fired now, would record something: the complaint is in the store and
   * still where the timer left it (its cycle open, not yet escalated for it; its resolution
   * without a reached call-back). Reads the store, writes nothing. Reconciliation re-creates
   * a job that ran, failed or vanished only when this holds.
   */
  async wouldAct(timer: TimerJob): Promise<boolean> {
    const command = commandOf(timer);
    if (!command) return false;
    const { decide, evolve, initialState } = this.decider;
    const loaded = await loadStream(this.store, complaintStreamId(timer.complaintId), initialState, evolve);
    if (!loaded.state.exists) return false;
    try {
      const occurredAt = laterOf(loaded.lastOccurredAt, timer.dueAt);
      return decide({ ...command, occurredAt, actor: TIMERS_ACTOR }, loaded.state).length > 0;
    } catch {
      return false;
    }
  }

  private write(timer: TimerJob, command: TimerComplaintCommand) {
    return writeComplaintCommand(this.writer, this.store, this.decider, timer.complaintId, command, {
      actor: TIMERS_ACTOR,
      correlationId: timer.correlationId,
      causationId: timer.causationId,
      // occurredAt = the deadline, or the stream's last occurredAt if that is later.
      defaultOccurredAt: timer.dueAt,
    });
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
