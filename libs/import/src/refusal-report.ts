import { writeFileSync } from 'node:fs';
import { csvRecord } from '@cl/csv';
import type { RefusedRow } from './import-runner';

/** The refused rows as CSV: line, event, complaintId, customerId, status, reason (the API's message). */
export function refusalReportCsv(refused: readonly RefusedRow[]): string {
  const lines = [csvRecord(['line', 'event', 'complaintId', 'customerId', 'status', 'reason'])];
  for (const row of refused) {
    lines.push(csvRecord([row.line, row.event, row.complaintId, row.customerId, row.status, row.message]));
  }
  return `${lines.join('\r\n')}\r\n`;
}

export function writeRefusalReport(path: string, refused: readonly RefusedRow[]): void {
  writeFileSync(path, refusalReportCsv(refused));
}
