/**
 * A text cell a spreadsheet would read as a formula (or, for a tab or a carriage return,
 * shift into one): `=`, `+`, `-`, `@`, tab, CR at its start.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A value in a CSV cell: text, a number, a boolean; null and undefined are an empty cell. */
export type CsvValue = string | number | bigint | boolean | null | undefined;

/**
 * A text made safe to open in a spreadsheet: a leading `'` when it begins like a formula
 * (docs/http-api.md, Operations). Only text: numbers are written as numbers, so the caller decides
 * by the value's type (-3 stays -3, the text "-3" becomes '-3).
 */
export function neutralizeFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One RFC 4180 cell: formula-neutralized text, quoted when it holds `"`, `,`, CR or LF. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const text = neutralizeFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record: its cells joined with commas (no line end). */
export function csvRecord(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',');
}
