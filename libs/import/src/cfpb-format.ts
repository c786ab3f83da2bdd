import type { ImportOperation } from './import-operation';
import { genericOperation } from './generic-format';

/** The columns of the CFPB export an import reads (docs/import.md, `--format cfpb`). */
export const CFPB_COLUMNS = [
  'date_received',
  'product',
  'sub_product',
  'issue',
  'sub_issue',
  'company',
  'submitted_via',
  'date_sent_to_company',
  'company_response_to_consumer',
  'consumer_disputed?',
  'complaint_id',
] as const;

/** The export's other columns: read by nobody, and no warning about them. */
export const CFPB_IGNORED_COLUMNS: ReadonlySet<string> = new Set([
  'consumer_complaint_narrative',
  'company_public_response',
  'state',
  'zipcode',
  'tags',
  'consumer_consent_provided',
  'timely_response',
]);

export function cfpbHeaderProblems(header: readonly string[]): string[] {
  const has = new Set(header);
  return CFPB_COLUMNS.filter((column) => !has.has(column)).map(
    (column) => `the column '${column}' of the CFPB export is missing`,
  );
}

const CHANNELS: Record<string, string> = {
  Web: 'web',
  Phone: 'phone',
  Email: 'email',
  'Postal mail': 'letter',
  Fax: 'letter',
  Referral: 'other',
};

const RESOLUTION_TYPES: Record<string, string> = {
  'Closed with monetary relief': 'compensation',
  'Closed with non-monetary relief': 'other',
  'Closed with explanation': 'explanation',
};

/** Characters outside the id alphabet (docs/domain.md, Ids) become `_`, cut to 64. */
export const toIdAlphabet = (text: string): string => text.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64);

/** `M/D/YYYY` as 00:00 UTC that day; anything else is left as it is (and refused as a date-time). */
export function cfpbDate(text: string): string {
  const match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text.trim());
  if (!match) return text;
  const [, month, day, year] = match;
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day));
  const date = new Date(ms);
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return text;
  return date.toISOString();
}

/**
 * One row of the CFPB export as the generic rows it stands for: filed at date_received;
 * unless "In progress", resolved at date_sent_to_company (or the filing time if earlier);
 * when consumer_disputed? is Yes or No, a reached call-back one second after the resolution
 * (dissatisfied or satisfied). The resolution's summary is the company's response as given.
 */
export function cfpbOperations(line: number, record: Readonly<Record<string, string>>): ImportOperation[] {
  const id = `cfpb-${record.complaint_id ?? ''}`;
  const filedAt = cfpbDate(record.date_received ?? '');
  const description = [record.issue, record.sub_issue]
    .filter((part) => part)
    .join(': ')
    .slice(0, 5000);
  const filed: Record<string, string> = {
    event: 'filed',
    occurredAt: filedAt,
    complaintId: id,
    customerId: id,
    channel: CHANNELS[record.submitted_via ?? ''] ?? record.submitted_via ?? '',
    category: (record.product ?? '').slice(0, 64),
    severity: 'medium',
    description,
    branchId: toIdAlphabet(record.company ?? ''),
    productId: toIdAlphabet(record.sub_product ?? ''),
  };
  const operations = [genericOperation(line, filed)];
  const response = record.company_response_to_consumer ?? '';
  if (response === 'In progress') return operations;
  const sent = cfpbDate(record.date_sent_to_company ?? '');
  const resolvedAt = Date.parse(sent) < Date.parse(filedAt) ? filedAt : sent;
  operations.push(
    genericOperation(line, {
      event: 'resolved',
      occurredAt: resolvedAt,
      complaintId: id,
      resolutionType: RESOLUTION_TYPES[response] ?? 'other',
      summary: response,
    }),
  );
  const disputed = record['consumer_disputed?'] ?? '';
  if (disputed === 'Yes' || disputed === 'No') {
    const ms = Date.parse(resolvedAt);
    operations.push(
      genericOperation(line, {
        event: 'callback',
        occurredAt: Number.isNaN(ms) ? resolvedAt : new Date(ms + 1000).toISOString(),
        complaintId: id,
        reached: 'true',
        attitude: disputed === 'Yes' ? 'dissatisfied' : 'satisfied',
      }),
    );
  }
  return operations;
}
