import type { FastifyReply, FastifyRequest } from 'fastify';

/** True when the client asked for CSV (`Accept: text/csv`); JSON otherwise. */
export function wantsCsv(request: FastifyRequest): boolean {
  return /\btext\/csv\b/.test(request.headers.accept ?? '');
}

/** Flat rows as RFC 4180 CSV: nested objects become `parent.child` columns, null is empty. */
export function sendCsv(reply: FastifyReply, rows: readonly object[]): string {
  const flat = rows.map((row) => flatten(row));
  const columns = [...new Set(flat.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown) => {
    const text = value === null || value === undefined ? '' : String(value);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  void reply.header('content-type', 'text/csv; charset=utf-8');
  return (
    [columns.join(','), ...flat.map((row) => columns.map((column) => cell(row[column])).join(','))].join(
      '\r\n',
    ) + '\r\n'
  );
}

function flatten(value: object, prefix = ''): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (field !== null && typeof field === 'object' && !Array.isArray(field)) {
      Object.assign(flat, flatten(field as object, `${prefix}${key}.`));
    } else flat[`${prefix}${key}`] = field;
  }
  return flat;
}
