import type { FunnelComplaint, FunnelPurchase } from './funnel-report';

/**
 * The query reads a period's records as a few strings of fixed-width binary records, one
 * string per day, and walks them without JSON.parse; the projection rewrites one record with
 * one SETRANGE. Dimension values are codes (the read model's `values` hash names them);
 * times are float64 ms since the epoch, NaN for none.
 *
 * A complaint, little-endian:
 *   0 filedAt f64 | 8 firstResolvedAt f64 | 16 nextPurchaseAt f64 | 24 customer u32
 *   28 category u32 | 32 channel u32 | 36 severity u32 | 40 branch u32 (0: none)
 *   44 satisfactionSum u32 | 48 satisfactionCount u32
 *   52 flags u8 (1 firstOnTheSpot, 2 firstGoodwill, 4 callbackReached)
 *   53 firstResolver u32 (the code of the first resolution's actor id; 0: none)
 */
export const COMPLAINT_RECORD_BYTES = 57;

/** A purchase: 0 at f64 | 8 nextPurchaseAt f64 | 16 customer u32. */
export const PURCHASE_RECORD_BYTES = 20;

const ON_THE_SPOT = 1;
const GOODWILL = 2;
const CALLBACK_REACHED = 4;

/** What a complaint's record holds besides its customer's number, dimension values as codes. */
export interface ComplaintRecord {
  filedAt: number;
  category: number;
  channel: number;
  severity: number;
  /** 0 when the complaint names no branch. */
  branch: number;
  firstResolvedAt: number | null;
  firstOnTheSpot: boolean;
  firstGoodwill: boolean;
  /** The code of the first resolution's actor id; 0 for none. */
  firstResolver: number;
  callbackReached: boolean;
  satisfactionSum: number;
  satisfactionCount: number;
  nextPurchaseAt: number | null;
}

export function encodeComplaintRecord(record: ComplaintRecord, customer: number): Buffer {
  // Every byte is written below, so the pooled unzeroed allocation is safe.
  const buffer = Buffer.allocUnsafe(COMPLAINT_RECORD_BYTES);
  buffer.writeDoubleLE(record.filedAt, 0);
  buffer.writeDoubleLE(record.firstResolvedAt ?? NaN, 8);
  buffer.writeDoubleLE(record.nextPurchaseAt ?? NaN, 16);
  buffer.writeUInt32LE(customer, 24);
  buffer.writeUInt32LE(record.category, 28);
  buffer.writeUInt32LE(record.channel, 32);
  buffer.writeUInt32LE(record.severity, 36);
  buffer.writeUInt32LE(record.branch, 40);
  buffer.writeUInt32LE(record.satisfactionSum, 44);
  buffer.writeUInt32LE(record.satisfactionCount, 48);
  buffer.writeUInt8(
    (record.firstOnTheSpot ? ON_THE_SPOT : 0) |
      (record.firstGoodwill ? GOODWILL : 0) |
      (record.callbackReached ? CALLBACK_REACHED : 0),
    52,
  );
  buffer.writeUInt32LE(record.firstResolver, 53);
  return buffer;
}

/**
 * What a ComplaintResolved hands the projection's script: its flags (the byte at 52, should it
 * be the first resolution) and its actor's code (the u32 at 53), 5 bytes.
 */
export function encodeResolution(flags: number, resolver: number): Buffer {
  const buffer = Buffer.allocUnsafe(5);
  buffer.writeUInt8(flags, 0);
  buffer.writeUInt32LE(resolver, 1);
  return buffer;
}

/** A view over a string of records, for the decoders below. */
export function recordsView(records: Buffer): DataView {
  return new DataView(records.buffer, records.byteOffset, records.length);
}

export function complaintFiledAt(records: DataView, offset: number): number {
  return records.getFloat64(offset, true);
}

/** An empty complaint to decode records into. */
export function blankComplaint(): FunnelComplaint {
  return {
    customer: 0,
    filedAt: 0,
    category: '',
    channel: '',
    severity: '',
    branchId: null,
    firstResolvedAt: null,
    firstOnTheSpot: false,
    firstGoodwill: false,
    firstResolvedBy: null,
    callbackReached: false,
    satisfactionSum: 0,
    satisfactionCount: 0,
    nextPurchaseAt: null,
  };
}

/**
 * Decodes the complaint at `offset` into `into` (reused for every record of a query, so a
 * period's walk allocates nothing per complaint), its codes named by `values`.
 */
export function decodeComplaintRecord(
  records: DataView,
  offset: number,
  values: readonly string[],
  into: FunnelComplaint,
): FunnelComplaint {
  const flags = records.getUint8(offset + 52);
  const branch = records.getUint32(offset + 40, true);
  into.customer = records.getUint32(offset + 24, true);
  into.filedAt = records.getFloat64(offset, true);
  into.category = values[records.getUint32(offset + 28, true)];
  into.channel = values[records.getUint32(offset + 32, true)];
  into.severity = values[records.getUint32(offset + 36, true)];
  into.branchId = branch === 0 ? null : values[branch];
  into.firstResolvedAt = timeOrNull(records.getFloat64(offset + 8, true));
  into.firstOnTheSpot = (flags & ON_THE_SPOT) !== 0;
  into.firstGoodwill = (flags & GOODWILL) !== 0;
  const resolver = records.getUint32(offset + 53, true);
  into.firstResolvedBy = resolver === 0 ? null : values[resolver];
  into.callbackReached = (flags & CALLBACK_REACHED) !== 0;
  into.satisfactionSum = records.getUint32(offset + 44, true);
  into.satisfactionCount = records.getUint32(offset + 48, true);
  into.nextPurchaseAt = timeOrNull(records.getFloat64(offset + 16, true));
  return into;
}

export function encodePurchaseRecord(purchase: FunnelPurchase): Buffer {
  const buffer = Buffer.allocUnsafe(PURCHASE_RECORD_BYTES);
  buffer.writeDoubleLE(purchase.at, 0);
  buffer.writeDoubleLE(purchase.nextPurchaseAt ?? NaN, 8);
  buffer.writeUInt32LE(purchase.customer, 16);
  return buffer;
}

export function purchaseAt(records: DataView, offset: number): number {
  return records.getFloat64(offset, true);
}

/** Decodes the purchase at `offset` into `into` (reused, like complaints). */
export function decodePurchaseRecord(
  records: DataView,
  offset: number,
  into: FunnelPurchase,
): FunnelPurchase {
  into.at = records.getFloat64(offset, true);
  into.nextPurchaseAt = timeOrNull(records.getFloat64(offset + 8, true));
  into.customer = records.getUint32(offset + 16, true);
  return into;
}

function timeOrNull(ms: number): number | null {
  return Number.isNaN(ms) ? null : ms;
}
