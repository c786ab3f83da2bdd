import { writeFileSync } from 'node:fs';
import type { RefusedRow } from './import-runner';

const quote = (value: string | number | undefined) => `"${String(value ?? '').replace(/"/g, '""')}"`;

/** The refused rows as CSV: line, event, complaintId, customerId, status, reason (the API's message). */
export function refusalReportCsv(refused: readonly RefusedRow[]): string {
  const lines = ['line,event,complaintId,customerId,status,reason'];
  for (const row of refused) {
    lines.push(
      [
        row.line,
        quote(row.event),
        quote(row.complaintId),
        quote(row.customerId),
        row.status,
        quote(row.message),
      ].join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function writeRefusalReport(path: string, refused: readonly RefusedRow[]): void {
  writeFileSync(path, refusalReportCsv(refused));
}
