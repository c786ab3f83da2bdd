import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { importHere, runImport, summaryFigure } from '../support/import-process';
import { startTestApp, waitForProjections } from '../support/test-app';

/**
 * A 1,000-row sample of the CFPB Consumer Complaint Database's 2013 export (public domain,
 * August-October 2013; test/import/fixtures/README.md), kept in the repository. The README's
 * CFPB example imports the same file.
 */
const SAMPLE = join(__dirname, 'fixtures', 'consumer_complaints_2013_sample.csv');

type CfpbRow = Record<string, string>;

/** The figures of the issue, computed from the file alone (csv-parse's whole-file API, no importer code). */
function figuresOfTheFile(rows: CfpbRow[]) {
  const channelOf: Record<string, string> = {
    Web: 'web',
    Phone: 'phone',
    Email: 'email',
    'Postal mail': 'letter',
    Fax: 'letter',
    Referral: 'other',
  };
  const tally = (key: (row: CfpbRow) => string) => {
    const counts: Record<string, number> = {};
    for (const row of rows) counts[key(row)] = (counts[key(row)] ?? 0) + 1;
    return counts;
  };
  const disputeRate = (subset: CfpbRow[]) =>
    subset.filter((row) => row['consumer_disputed?'] === 'Yes').length / subset.length;
  const byResponse = (response: string) =>
    rows.filter((row) => row.company_response_to_consumer === response);
  return {
    perChannel: tally((row) => channelOf[row.submitted_via]),
    perCompany: tally((row) => row.company.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64)),
    monetaryShare: byResponse('Closed with monetary relief').length / rows.length,
    disputeRate: {
      overall: disputeRate(rows),
      explanation: disputeRate(byResponse('Closed with explanation')),
      nonMonetary: disputeRate(byResponse('Closed with non-monetary relief')),
      monetary: disputeRate(byResponse('Closed with monetary relief')),
    },
  };
}

const percent = (share: number) => Math.round(share * 1000) / 10;

/**
 * The proof: the CFPB sample imported beside a running service (a real child process
 * on the service's SQLite file) reproduces, through the public API, the figures computed
 * from the file itself.
 */
describe('npm run import -- <cfpb sample> --format cfpb', () => {
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let http: ReturnType<typeof httpClient>;
  const rows = parse(readFileSync(SAMPLE), { columns: true }) as CfpbRow[];
  const expected = figuresOfTheFile(rows);

  beforeAll(async () => {
    service = await startTestApp({ API_KEYS });
    http = httpClient(service.url);
  });
  afterAll(() => service?.stop());

  it('imports every row beside the running service, then a re-run writes nothing', async () => {
    const first = await runImport(service.config.dataDir, [SAMPLE, '--format', 'cfpb']);
    expect({ code: first.code, stderr: first.stderr.slice(-500) }).toEqual({
      code: 0,
      stderr: expect.any(String),
    });
    expect(summaryFigure(first.stdout, 'rows read')).toBe(1000);
    expect(summaryFigure(first.stdout, 'rows refused')).toBe(0);
    // filed + resolved + call-back per row, and an escalation per disputed one.
    const disputed = rows.filter((row) => row['consumer_disputed?'] === 'Yes').length;
    expect(summaryFigure(first.stdout, 'events written')).toBe(3000 + disputed);

    const again = await importHere(service.config.dataDir, [SAMPLE, '--format', 'cfpb']);
    expect(again.code).toBe(0);
    expect(summaryFigure(again.stdout, 'events written')).toBe(0);
    expect(summaryFigure(again.stdout, 'rows already present')).toBe(3000);
  });

  it('the funnel, the problems and the histories show the figures computed from the file', async () => {
    await waitForProjections(service.app);
    const period = 'from=2013-01-01T00:00:00Z&to=2014-01-01T00:00:00Z';

    const funnel = await http('GET', `/analytics/funnel?${period}&groupBy=channel`, {
      token: TOKENS.analyst,
    });
    expect(funnel.status).toBe(200);
    const perChannel = Object.fromEntries(
      (funnel.body.groups as { key: string; filed: number }[]).map((group) => [group.key, group.filed]),
    );
    expect(perChannel).toEqual(expected.perChannel);
    const all = await http('GET', `/analytics/funnel?${period}`, { token: TOKENS.analyst });
    expect(all.body.groups[0]).toMatchObject({ filed: 1000, resolved: 1000, callbackReached: 1000 });

    const problems = await http('GET', `/analytics/problems?${period}&by=branch`, { token: TOKENS.analyst });
    expect(problems.status).toBe(200);
    const perCompany = Object.fromEntries(
      (problems.body.rows as { key: string; count: number }[]).map((row) => [row.key, row.count]),
    );
    expect(perCompany).toEqual(expected.perCompany);

    // Each complaint's history: its resolution (type and the company's response as summary)
    // and whether the call-back found the consumer dissatisfied.
    const histories: { resolutionType: string; response: string; dissatisfied: boolean }[] = [];
    const ids = rows.map((row) => row.complaint_id);
    for (let start = 0; start < ids.length; start += 20) {
      const answers = await Promise.all(
        ids
          .slice(start, start + 20)
          .map((id) => http('GET', `/complaints/cfpb-${id}/history`, { token: TOKENS.auditor })),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(200);
        const events = answer.body.events as { type: string; data: Record<string, unknown>; actor: object }[];
        expect(
          events.every((event) => JSON.stringify(event.actor) === '{"id":"import","role":"system"}'),
        ).toBe(true);
        const resolved = events.find((event) => event.type === 'ComplaintResolved')!;
        const callback = events.find((event) => event.type === 'CallbackRecorded');
        histories.push({
          resolutionType: String(resolved.data.resolutionType),
          response: String(resolved.data.summary),
          dissatisfied: callback?.data.attitude === 'dissatisfied',
        });
      }
    }
    const rate = (subset: typeof histories) => subset.filter((h) => h.dissatisfied).length / subset.length;
    const ofResponse = (response: string) => histories.filter((h) => h.response === response);
    const monetary = histories.filter((h) => h.resolutionType === 'compensation').length / histories.length;
    const fromTheApi = {
      monetaryShare: monetary,
      disputeRate: {
        overall: rate(histories),
        explanation: rate(ofResponse('Closed with explanation')),
        nonMonetary: rate(ofResponse('Closed with non-monetary relief')),
        monetary: rate(ofResponse('Closed with monetary relief')),
      },
    };
    expect(fromTheApi).toEqual({ monetaryShare: expected.monetaryShare, disputeRate: expected.disputeRate });
    // The figures the issue quotes for this sample.
    expect(Object.values(fromTheApi.disputeRate).map(percent)).toEqual([21.1, 24.0, 13.4, 10.6]);
  });
});
