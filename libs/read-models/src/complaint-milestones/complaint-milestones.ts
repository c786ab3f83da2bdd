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
      if (milestones.closedAt !== undefined) return milestones;
      const compensation = data.compensation as { amount?: unknown; currency?: unknown } | undefined;
      return {
        ...milestones,
        closedAt: at,
        ...(OUTCOMES.includes(data.outcome as Outcome) && { outcome: data.outcome as Outcome }),
        ...(compensation &&
          typeof compensation.amount === 'number' &&
          typeof compensation.currency === 'string' && {
            redress: { currency: compensation.currency, amount: String(compensation.amount) },
          }),
      };
    }
    case 'ComplaintClosed':
      return milestones.closedAt !== undefined ? milestones : { ...milestones, closedAt: at };
    default:
      return milestones;
  }
}

function msOrUndefined(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
