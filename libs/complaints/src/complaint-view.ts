import { toMs, type Instant } from '@cl/domain';
import { isCycleBreached, isSlaBreached, isTargetBreached, type FiledComplaint } from './complaint-state';

/** One target of a complaint as shown (docs/service-levels.md, What the API shows). */
export interface DeadlineView {
  /** null while the (resolve) target is paused. */
  dueAt: Instant | null;
  metAt?: Instant;
  breached: boolean;
  paused?: boolean;
  /** false: due after the policy's calendar ends (counted with the week alone); absent otherwise. */
  calendarCovered?: false;
}
export interface FinalResponseDeadlineView extends DeadlineView {
  /** Extensions granted so far. */
  extensions: number;
}
export interface DeadlinesView {
  acknowledge?: DeadlineView;
  resolve?: DeadlineView;
  finalResponse?: FinalResponseDeadlineView;
}

/**
 * How far the business calendar of the policy in force reaches (docs/service-levels.md,
 * calendarCoversUntil): the first instant after it; undefined without a policy or coverage.
 */
export type CalendarCoverage = number | undefined;

/** `calendarCovered: false` for a due time after the calendar's end. */
function coverageOf(dueAt: Instant | null, coverage: CalendarCoverage): { calendarCovered?: false } {
  return dueAt !== null && coverage !== undefined && toMs(dueAt) > coverage ? { calendarCovered: false } : {};
}

/**
 * The targets of a complaint at `asOf`, from the recorded due times only. Resolve (the current
 * handling cycle) is always shown: without a policy target it counts SLA_HOURS calendar hours.
 * Each due time is compared with how far the calendar in force reaches (`coverage`).
 */
export function toDeadlinesView(
  state: FiledComplaint,
  asOf: Instant,
  coverage?: CalendarCoverage,
): DeadlinesView {
  const deadlines: DeadlinesView = {};
  if (state.acknowledgeDueAt !== undefined) {
    deadlines.acknowledge = {
      dueAt: state.acknowledgeDueAt,
      ...coverageOf(state.acknowledgeDueAt, coverage),
      ...(state.acknowledgedAt !== undefined && { metAt: state.acknowledgedAt }),
      breached: isTargetBreached(state.acknowledgeDueAt, state.acknowledgedAt, asOf),
    };
  }
  const cycle = state.cycles[state.cycles.length - 1];
  const paused = cycle.pausedAt !== undefined && cycle.endedAt === undefined;
  deadlines.resolve = {
    dueAt: paused ? null : cycle.dueAt,
    ...coverageOf(paused ? null : cycle.dueAt, coverage),
    ...(cycle.endedAt !== undefined && { metAt: cycle.endedAt }),
    breached: isCycleBreached(cycle, asOf),
    ...(paused && { paused: true }),
  };
  if (state.finalResponseDueAt !== undefined) {
    deadlines.finalResponse = {
      dueAt: state.finalResponseDueAt,
      ...coverageOf(state.finalResponseDueAt, coverage),
      ...(state.finalResponseMetAt !== undefined && { metAt: state.finalResponseMetAt }),
      breached: isTargetBreached(state.finalResponseDueAt, state.finalResponseMetAt, asOf),
      extensions: state.extensionsGranted,
    };
  }
  return deadlines;
}

/** GET /complaints/:id (docs/http-api.md, docs/service-levels.md), evaluated at `asOf` (slaBreached, deadlines). */
export function toComplaintView(
  state: FiledComplaint,
  revision: number,
  asOf: Instant,
  coverage?: CalendarCoverage,
) {
  const paused = state.pause !== undefined;
  return {
    complaintId: state.complaintId,
    customerId: state.customerId,
    status: state.status,
    channel: state.channel,
    category: state.category,
    severity: state.severity,
    branchId: state.branchId ?? null,
    productId: state.productId ?? null,
    orderId: state.orderId ?? null,
    followUpOf: state.followUpOf ?? null,
    subjectAgentId: state.subjectAgentId ?? null,
    description: state.description,
    filedAt: state.filedAt,
    resolutionDueAt: paused ? null : state.resolutionDueAt,
    ...(state.resolvedAt !== undefined && { resolvedAt: state.resolvedAt }),
    slaBreached: isSlaBreached(state, asOf),
    paused,
    deadlines: toDeadlinesView(state, asOf, coverage),
    policyRule: state.policyRule ?? null,
    escalationLevel: state.escalationLevel,
    reopenCount: state.reopenCount,
    ...(state.assignedTo !== undefined && { assignedTo: state.assignedTo }),
    ...(state.resolution !== undefined && { resolution: state.resolution }),
    callback: state.callback,
    satisfaction: state.satisfaction,
    ...(state.rootCause !== undefined && { rootCause: state.rootCause }),
    revision,
  };
}

export type ComplaintView = ReturnType<typeof toComplaintView>;
