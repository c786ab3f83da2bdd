import { CHANNELS, RESOLUTION_TYPES, SEVERITIES } from '@cl/complaints';
import { seeded } from './seeded-random';

/** One row of a generic import file: column -> value (absent = empty). */
export type GenericRow = Record<string, string>;

export const GENERIC_HEADER = [
  'event',
  'occurredAt',
  'complaintId',
  'customerId',
  'channel',
  'category',
  'severity',
  'description',
  'branchId',
  'productId',
  'orderId',
  'followUpOf',
  'agentId',
  'note',
  'resolutionType',
  'summary',
  'compensationAmount',
  'compensationCurrency',
  'goodwillDescription',
  'goodwillValue',
  'onTheSpot',
  'reason',
  'reached',
  'attitude',
  'notes',
  'contactId',
  'role',
  'score',
  'comment',
  'cause',
  'amount',
  'currency',
  'segment',
  'valueTier',
];

export interface GenericHistory {
  /** In the order they happened (per stream, occurredAt strictly increasing). */
  rows: GenericRow[];
  /** The event types each stream must hold once the rows are imported, in order. */
  expected: Map<string, string[]>;
}

const HOUR = 3_600_000;

/**
 * A seeded generic-format history shaped like real use: complaints of customers chosen with a
 * skew (a few customers have many complaints and purchases), each with a lifecycle drawn from
 * every event type the API has (filed, assigned, escalated, resolved, reopened, call-backs
 * reached or not, satisfied or not, surveys, closed), purchases and profiles; descriptions
 * sometimes hold commas, quotes and newlines. Every row is valid.
 */
export function genericHistory(options: {
  complaints: number;
  customers: number;
  seed: number;
  /** Business time of the first filing; all rows are in the past. */
  start?: number;
  prefix?: string;
}): GenericHistory {
  const random = seeded(options.seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const prefix = options.prefix ?? 'G';
  const start = options.start ?? Date.parse('2024-01-01T00:00:00Z');
  const rows: GenericRow[] = [];
  const expected = new Map<string, string[]>();
  const lastComplaintOf = new Map<string, string>();
  const profiled = new Set<string>();
  const iso = (ms: number) => new Date(ms).toISOString();
  const produced: { stream: string; row: GenericRow; types: string[] }[] = [];
  const add = (stream: string, row: GenericRow, ...types: string[]) => {
    rows.push(row);
    produced.push({ stream, row, types });
  };
  let orders = 0;
  for (let i = 0; i < options.complaints; i++) {
    // Skewed: the cube of a uniform number crowds the draws at the first customers.
    const customerId = `${prefix}-CU-${Math.floor(options.customers * random() ** 3)}`;
    const complaintId = `${prefix}-C-${i}`;
    const stream = `complaint-${complaintId}`;
    const customerStream = `customer-${customerId}`;
    let t = start + i * 10 * 60_000 + Math.floor(random() * HOUR);
    const next = (hours: number) => iso((t += Math.max(1000, Math.floor(hours * HOUR))));
    if (!profiled.has(customerId)) {
      profiled.add(customerId);
      add(
        customerStream,
        {
          event: 'profile',
          occurredAt: iso(t - HOUR),
          customerId,
          segment: pick(['retail', 'business', 'vip']),
          valueTier: pick(['A', 'B', 'C']),
        },
        'CustomerProfileUpdated',
      );
    }
    const followed = lastComplaintOf.get(customerId);
    const description = pick([
      'Charged twice for one order',
      'Parcel arrived damaged, box "crushed", contents broken',
      'Line one\nline two, with a comma',
      'Wrong size',
    ]);
    add(
      stream,
      {
        event: 'filed',
        occurredAt: iso(t),
        complaintId,
        customerId,
        channel: pick(CHANNELS),
        category: pick(['billing', 'delivery', 'quality', 'service']),
        severity: pick(SEVERITIES),
        description,
        branchId: pick(['BR-1', 'BR-2', 'BR-3']),
        ...(random() < 0.5 && { productId: pick(['PR-1', 'PR-2']) }),
        ...(random() < 0.3 && { orderId: `ORD-${orders}` }),
        ...(followed !== undefined && random() < 0.2 && { followUpOf: followed }),
      },
      'ComplaintFiled',
    );
    lastComplaintOf.set(customerId, complaintId);
    add(
      customerStream,
      {
        event: 'purchase',
        occurredAt: iso(t - 2 * HOUR),
        customerId,
        orderId: `${prefix}-ORD-${orders++}`,
        amount: (Math.floor(random() * 50_000) / 100 + 1).toFixed(2),
        currency: 'EUR',
      },
      'PurchaseRecorded',
    );
    add(
      stream,
      { event: 'assigned', occurredAt: next(0.5), complaintId, agentId: pick(['AG-1', 'AG-2', 'AG-3']) },
      'ComplaintAssigned',
    );
    if (random() < 0.2) {
      add(
        stream,
        { event: 'escalated', occurredAt: next(1), complaintId, note: 'Customer called again' },
        'ComplaintEscalated',
      );
    }
    if (random() < 0.1) continue; // never resolved
    const resolve = () =>
      add(
        stream,
        {
          event: 'resolved',
          occurredAt: next(random() * 100),
          complaintId,
          resolutionType: pick(RESOLUTION_TYPES),
          summary: 'Sorted out, "finally"',
          ...(random() < 0.3 && { compensationAmount: '25.50', compensationCurrency: 'EUR' }),
          ...(random() < 0.2 && { goodwillDescription: 'Voucher', goodwillValue: '10' }),
          ...(random() < 0.1 && { onTheSpot: 'true' }),
        },
        'ComplaintResolved',
      );
    resolve();
    if (random() < 0.1) {
      add(
        stream,
        { event: 'reopened', occurredAt: next(24), complaintId, reason: 'It broke again' },
        'ComplaintReopened',
      );
      resolve();
    }
    const call = random();
    if (call < 0.1) {
      add(
        stream,
        { event: 'callback', occurredAt: next(24), complaintId, reached: 'false', notes: 'No answer' },
        'CallbackRecorded',
      );
    } else if (call < 0.8) {
      const attitude = call < 0.25 ? 'dissatisfied' : pick(['satisfied', 'neutral']);
      add(
        stream,
        { event: 'callback', occurredAt: next(24), complaintId, reached: 'true', attitude, agentId: 'AG-9' },
        'CallbackRecorded',
        ...(attitude === 'dissatisfied' ? ['ComplaintEscalated'] : []),
      );
    }
    if (random() < 0.5) {
      const score = 1 + Math.floor(random() * 5);
      add(
        stream,
        {
          event: 'satisfaction',
          occurredAt: next(48),
          complaintId,
          contactId: 'P-1',
          role: pick(['primary', 'decision_maker', 'user']),
          score: String(score),
          ...(random() < 0.5 && { comment: 'Thanks, all good; mostly' }),
        },
        'SatisfactionRecorded',
        ...(score <= 2 ? ['ComplaintEscalated'] : []),
      );
    }
    if (random() < 0.3)
      add(stream, { event: 'closed', occurredAt: next(72), complaintId, reason: 'Done' }, 'ComplaintClosed');
  }
  // Each stream's events in business-time order (rows are generated per complaint, so a
  // customer's rows may come out of order); equal times keep their order.
  const byTime = produced
    .map((entry, index) => ({ ...entry, index }))
    .sort((a, b) => a.row.occurredAt.localeCompare(b.row.occurredAt) || a.index - b.index);
  for (const { stream, types } of byTime) expected.set(stream, [...(expected.get(stream) ?? []), ...types]);
  return { rows, expected };
}

/** Rows as an RFC 4180 CSV file with the header (every field quoted). */
export function toCsv(rows: readonly GenericRow[], header: readonly string[] = GENERIC_HEADER): string {
  const quote = (value: string | undefined) => `"${(value ?? '').replace(/"/g, '""')}"`;
  return (
    [header.join(','), ...rows.map((row) => header.map((column) => quote(row[column])).join(','))].join(
      '\r\n',
    ) + '\r\n'
  );
}

/** The rows in a seeded random order (the importer must not depend on the file's order). */
export function shuffled<T>(list: readonly T[], seed: number): T[] {
  const random = seeded(seed);
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
