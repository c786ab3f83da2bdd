import type { FastifyReply, FastifyRequest } from 'fastify';
import { csvRecord, type CsvValue } from '@cl/csv';

/** True when the client asked for CSV (`Accept: text/csv`); JSON otherwise. */
export function wantsCsv(request: FastifyRequest): boolean {
  return /\btext\/csv\b/.test(request.headers.accept ?? '');
}

/**
 * Flat rows as RFC 4180 CSV: nested objects become `parent.child` columns, null is empty, text
 * that begins like a formula gets a leading `'` (numbers stay numbers).
 */
export function sendCsv(reply: FastifyReply, rows: readonly object[]): string {
  const flat = rows.map((row) => flatten(row));
  const columns = [...new Set(flat.flatMap((row) => Object.keys(row)))];
  void reply.header('content-type', 'text/csv; charset=utf-8');
  return (
    [csvRecord(columns), ...flat.map((row) => csvRecord(columns.map((column) => row[column])))].join('\r\n') +
    '\r\n'
  );
}

function flatten(value: object, prefix = ''): Record<string, CsvValue> {
  const flat: Record<string, CsvValue> = {};
  for (const [key, field] of Object.entries(value) as [string, unknown][]) {
    if (field !== null && typeof field === 'object' && !Array.isArray(field)) {
      Object.assign(flat, flatten(field, `${prefix}${key}.`));
    } else flat[`${prefix}${key}`] = isCsvValue(field) ? field : String(field);
  }
  return flat;
}

/** An array (or anything else not a scalar) is written as its text, and neutralized as text. */
function isCsvValue(value: unknown): value is CsvValue {
  return value === null || ['string', 'number', 'bigint', 'boolean', 'undefined'].includes(typeof value);
}
