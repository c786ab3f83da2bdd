import { parse, type CsvError, type InfoRecord, type Options } from 'csv-parse';
import { open } from 'node:fs/promises';
import { cfpbHeaderProblems, cfpbOperations, CFPB_COLUMNS, CFPB_IGNORED_COLUMNS } from './cfpb-format';
import { GENERIC_COLUMNS, genericHeaderProblems, genericOperation } from './generic-format';
import type { ImportOperation } from './import-operation';

export const IMPORT_FORMATS = ['generic', 'cfpb'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The file cannot be imported at all (exit 2): nothing was written. */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError';
}

export interface ReadImport {
  operations: ImportOperation[];
  /** CSV records read (the header not counted), malformed ones included. */
  records: number;
  /** Columns of the header the format does not read. */
  ignoredColumns: string[];
}

/**
 * Reads a whole import file with a streaming RFC 4180 parser (csv-parse): the header is
 * checked first (a missing column is an ImportFileError), then each record becomes the
 * rows it stands for, each with the line it starts on. A malformed record (an unclosed
 * quote, a wrong number of fields) is a refused row, and reading goes on.
 */
export async function readImportFile(path: string, format: ImportFormat): Promise<ReadImport> {
  const operations: ImportOperation[] = [];
  let header: string[] | undefined;
  let records = 0;
  let headerSeen = false;
  let lastEnd = 0;
  let lastEmpty = 0;
  const malformed = (line: number, error: CsvError) => {
    records++;
    operations.push({
      line,
      event: '',
      target: 'complaint',
      targetId: '',
      streamId: `malformed-record-${line}`,
      canonical: '',
      body: {},
      refusal: { status: 400, message: `malformed CSV record: ${error.message}` },
    });
  };
  type Numbered = { line: number; values: string[] };
  const options: Options<Numbered, string[]> = {
    bom: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (values: string[], context: InfoRecord) => {
      const line = lastEnd + 1 + (context.empty_lines - lastEmpty);
      lastEnd = context.lines;
      lastEmpty = context.empty_lines;
      headerSeen = true;
      return { line, values };
    },
    on_skip: (error) => {
      // The error carries the parser's counters as at the record (csv-parse's CsvError).
      const counters = error as unknown as { lines?: number; empty_lines?: number } | undefined;
      const empty = counters?.empty_lines ?? lastEmpty;
      const line = lastEnd + 1 + (empty - lastEmpty);
      lastEnd = Math.max(line, Number(counters?.lines ?? 0));
      lastEmpty = empty;
      if (error && headerSeen) malformed(line, error);
      return undefined;
    },
  };
  const parser = parse(options as unknown as Options);
  const handle = await open(path, 'r').catch((error: Error) => {
    throw new ImportFileError(`Cannot read ${path}: ${error.message}`);
  });
  const input = handle.createReadStream();
  input.once('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let ignoredColumns: string[] = [];
  try {
    for await (const { line, values } of parser as AsyncIterable<Numbered>) {
      if (header === undefined) {
        header = values;
        ignoredColumns = checkHeader(header, format);
        continue;
      }
      records++;
      const fields: Record<string, string> = {};
      header.forEach((column, index) => (fields[column] = values[index]));
      if (format === 'generic') operations.push(genericOperation(line, fields));
      else operations.push(...cfpbOperations(line, fields));
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(`Cannot read ${path}: ${(error as Error).message}`);
  } finally {
    // Read to the end, or stopped early (a bad header): the file is closed either way.
    input.destroy();
    await handle.close().catch(() => undefined);
  }
  if (header === undefined) throw new ImportFileError(`${path} is empty: a header row is required`);
  // Malformed records are reported by the parser ahead of the records before them: file order.
  operations.sort((a, b) => a.line - b.line);
  return { operations, records, ignoredColumns };
}

function checkHeader(header: string[], format: ImportFormat): string[] {
  const duplicates = header.filter((column, index) => header.indexOf(column) !== index);
  const problems = [
    ...(format === 'generic' ? genericHeaderProblems(header) : cfpbHeaderProblems(header)),
    ...[...new Set(duplicates)].map((column) => `the column '${column}' appears more than once`),
  ];
  if (problems.length > 0) {
    const expected =
      format === 'generic'
        ? 'event, occurredAt and complaintId or customerId (see docs/import.md)'
        : CFPB_COLUMNS.join(', ');
    throw new ImportFileError(
      `The header cannot be imported as ${format}: ${problems.join('; ')}. Expected at least: ${expected}`,
    );
  }
  const known =
    format === 'generic' ? GENERIC_COLUMNS : new Set<string>([...CFPB_COLUMNS, ...CFPB_IGNORED_COLUMNS]);
  return header.filter((column) => !known.has(column));
}
