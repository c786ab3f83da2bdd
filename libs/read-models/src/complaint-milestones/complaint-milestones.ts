import { BusinessCalendar, closeOfThirdBusinessDay, DEFAULT_CALENDAR_POLICY } from '@cl/service-levels';
import { OUTCOMES, type Outcome } from '@cl/complaints';
import type { ComplaintMilestones } from './complaint-milestones-keys';

/** The calendar of filings that recorded no third business day (no policy): Mon-Fri 09:00-17:00 UTC. */
const DEFAULT_CALENDAR = new BusinessCalendar(DEFAULT_CALENDAR_POLICY);

/** A complaint event as the milestones read it: its type, data and occurredAt in ms. */
export interface MilestoneEvent {
  type: string;
  data: Record<string, unknown>;
  at: number;
}

/**
 * Folds one event into a complaint's milestones (undefined before its filing). Pure; only the
 * times recorded in the events count, so a later policy edit changes nothing here.
 */
export function evolveMilestones(
  milestones: ComplaintMilestones | undefined,
  { type, data, at }: MilestoneEvent,
): ComplaintMilestones | undefined {
  if (type === 'ComplaintFiled') {
    if (milestones) return milestones;
    const recordedThird = msOrUndefined(data.thirdBusinessDayEndsAt);
    const finalResponseDueAt = msOrUndefined(data.finalResponseDueAt);
    return {
      category: String(data.category),
      ...(typeof data.productId === 'string' && { productId: data.productId }),
      ...(typeof data.branchId === 'string' && { branchId: data.branchId }),
      ...(typeof data.policyRule === 'string' && { policyRule: data.policyRule }),
      filedAt: at,
      thirdBusinessDayEndsAt: recordedThird ?? closeOfThirdBusinessDay(DEFAULT_CALENDAR, at),
      ...(finalResponseDueAt !== undefined && { finalResponseDueAt }),
      extensions: 0,
    };
  }
  if (!milestones) return undefined;
  switch (type) {
    case 'ResponseDeadlineExtended': {
      const dueAt = msOrUndefined(data.finalResponseDueAt);
      const extension = Number(data.extension);
      return {
        ...milestones,
        ...(dueAt !== undefined && { finalResponseDueAt: dueAt }),
        extensions: Number.isInteger(extension)
          ? Math.max(milestones.extensions, extension)
          : milestones.extensions,
      };
    }
    case 'ComplaintResolved': {
      const redress = redressOf(data.compensation);
      // Every resolution's compensation counts as paid when it was recorded, in any cycle.
      const paid = redress
        ? { ...milestones, redressPaid: [...(milestones.redressPaid ?? []), { at, ...redress }] }
        : milestones;
      if (milestones.closedAt !== undefined) return paid;
      return {
        ...paid,
        closedAt: at,
        ...(OUTCOMES.includes(data.outcome as Outcome) && { outcome: data.outcome as Outcome }),
        ...(redress && { redress }),
      };
    }
    case 'RootCauseRecorded':
      // The latest counts.
      return typeof data.cause === 'string' ? { ...milestones, cause: data.cause } : milestones;
    case 'ComplaintClosed':
      return milestones.closedAt !== undefined ? milestones : { ...milestones, closedAt: at };
    default:
      return milestones;
  }
}

/** A compensation's currency and its amount as the decimal it was written as. */
function redressOf(compensation: unknown): { currency: string; amount: string } | undefined {
  const { amount, currency } = (compensation ?? {}) as { amount?: unknown; currency?: unknown };
  if (typeof amount !== 'number' || typeof currency !== 'string') return undefined;
  return { currency, amount: String(amount) };
}

function msOrUndefined(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
