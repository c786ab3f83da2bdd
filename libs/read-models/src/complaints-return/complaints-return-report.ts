import type { ComplaintMilestones, RedressPayment } from '../complaint-milestones/complaint-milestones-keys';
import { returnKey, type ReturnDimension } from './return-dimension';
import { addDecimals, DECIMAL_ZERO, decimalNumber, decimalOf, type ExactDecimal } from './decimal-sum';

/** A row of GET /analytics/complaints-return (docs/service-levels.md, What the API shows). */
export interface ComplaintsReturnRow {
  key: string;
  /** Filed before from and not closed before from. */
  outstandingAtStart: number;
  /** Filed in [from, to). */
  received: number;
  /** Closed (first resolution or closing, whichever came first) in [from, to). */
  closed: number;
  /** Of those closed: at or before the close of the third business day after the filing date. */
  closedByThirdBusinessDay: number;
  /**
   * Of those closed with a final-response target: after the close of the third business day
   * and at or before the final-response due time; null when none had that target.
   */
  closedAfterThirdBusinessDayWithinFinalResponse: number | null;
  /** Of those closed with a final-response target: at or before its due time; null when none had it. */
  closedWithinFinalResponse: number | null;
  /** Of those closed, by the outcome of their first resolution. */
  upheld: number;
  partiallyUpheld: number;
  notUpheld: number;
  /** The compensation of their first resolutions, summed exactly per currency, sorted by currency. */
  redress: { currency: string; amount: number }[];
  /** The compensation of every resolution recorded in [from, to) (any cycle), summed likewise. */
  redressPaid: { currency: string; amount: number }[];
  /** Of those received with a final-response target, breached at now; null when none had it. */
  finalResponseBreached: number | null;
  /** Of those received with a final-response target, extended at least once; null when none had it. */
  extended: number | null;
}

/** A complaint's milestones with its id (a complaint may be both received and closed). */
export type IdentifiedMilestones = ComplaintMilestones & { complaintId: string };

/**
 * The rows of the return over [fromMs, toMs), evaluated at nowMs, from the milestones of every
 * complaint filed or closed in the period, outstanding at its start or paid compensation in it
 * (others are ignored): one row per key of any of these sets, sorted by key.
 */
export function complaintsReturnRows(
  complaints: readonly IdentifiedMilestones[],
  by: ReturnDimension,
  fromMs: number,
  toMs: number,
  nowMs: number,
): ComplaintsReturnRow[] {
  const inPeriod = (ms: number | undefined) => ms !== undefined && ms >= fromMs && ms < toMs;
  const rows = new Map<string, Tally>();
  for (const complaint of complaints) {
    const received = inPeriod(complaint.filedAt);
    const closed = inPeriod(complaint.closedAt);
    const outstanding =
      complaint.filedAt < fromMs && (complaint.closedAt === undefined || complaint.closedAt >= fromMs);
    const paid = (complaint.redressPaid ?? []).filter((payment) => inPeriod(payment.at));
    if (!received && !closed && !outstanding && paid.length === 0) continue;
    const key = returnKey(complaint, by);
    let tally = rows.get(key);
    if (!tally) rows.set(key, (tally = new Tally(key)));
    if (outstanding) tally.addOutstanding();
    if (received) tally.addReceived(complaint, nowMs);
    if (closed) tally.addClosed(complaint);
    for (const payment of paid) tally.addPaid(payment);
  }
  return [...rows.values()]
    .map((tally) => tally.row())
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

class Tally {
  private outstandingAtStart = 0;
  private received = 0;
  private closed = 0;
  private closedByThirdBusinessDay = 0;
  private closedWithTarget = 0;
  private closedAfterThirdBusinessDayWithinFinalResponse = 0;
  private closedWithinFinalResponse = 0;
  private upheld = 0;
  private partiallyUpheld = 0;
  private notUpheld = 0;
  private readonly redress = new Map<string, ExactDecimal>();
  private readonly redressPaid = new Map<string, ExactDecimal>();
  private receivedWithTarget = 0;
  private finalResponseBreached = 0;
  private extended = 0;

  constructor(private readonly key: string) {}

  addOutstanding(): void {
    this.outstandingAtStart++;
  }

  addReceived(complaint: ComplaintMilestones, nowMs: number): void {
    this.received++;
    const dueAt = complaint.finalResponseDueAt;
    if (dueAt === undefined) return;
    this.receivedWithTarget++;
    // Breached: met after its due time, or not met and the due time has passed at now.
    const breached = complaint.closedAt !== undefined ? complaint.closedAt > dueAt : dueAt < nowMs;
    if (breached) this.finalResponseBreached++;
    if (complaint.extensions > 0) this.extended++;
  }

  addClosed(complaint: ComplaintMilestones): void {
    const closedAt = complaint.closedAt!;
    this.closed++;
    const byThirdBusinessDay = closedAt <= complaint.thirdBusinessDayEndsAt;
    if (byThirdBusinessDay) this.closedByThirdBusinessDay++;
    if (complaint.finalResponseDueAt !== undefined) {
      this.closedWithTarget++;
      if (closedAt <= complaint.finalResponseDueAt) {
        this.closedWithinFinalResponse++;
        if (!byThirdBusinessDay) this.closedAfterThirdBusinessDayWithinFinalResponse++;
      }
    }
    if (complaint.outcome === 'upheld') this.upheld++;
    else if (complaint.outcome === 'partially_upheld') this.partiallyUpheld++;
    else if (complaint.outcome === 'not_upheld') this.notUpheld++;
    if (complaint.redress) addTo(this.redress, complaint.redress);
  }

  addPaid(payment: RedressPayment): void {
    addTo(this.redressPaid, payment);
  }

  row(): ComplaintsReturnRow {
    return {
      key: this.key,
      outstandingAtStart: this.outstandingAtStart,
      received: this.received,
      closed: this.closed,
      closedByThirdBusinessDay: this.closedByThirdBusinessDay,
      closedAfterThirdBusinessDayWithinFinalResponse:
        this.closedWithTarget === 0 ? null : this.closedAfterThirdBusinessDayWithinFinalResponse,
      closedWithinFinalResponse: this.closedWithTarget === 0 ? null : this.closedWithinFinalResponse,
      upheld: this.upheld,
      partiallyUpheld: this.partiallyUpheld,
      notUpheld: this.notUpheld,
      redress: amounts(this.redress),
      redressPaid: amounts(this.redressPaid),
      finalResponseBreached: this.receivedWithTarget === 0 ? null : this.finalResponseBreached,
      extended: this.receivedWithTarget === 0 ? null : this.extended,
    };
  }
}

function addTo(
  sums: Map<string, ExactDecimal>,
  { currency, amount }: { currency: string; amount: string },
): void {
  sums.set(currency, addDecimals(sums.get(currency) ?? DECIMAL_ZERO, decimalOf(amount)));
}

/** Per currency, sorted by currency. */
function amounts(sums: Map<string, ExactDecimal>): { currency: string; amount: number }[] {
  return [...sums]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, sum]) => ({ currency, amount: decimalNumber(sum) }));
}
