import { parse } from 'csv-parse/sync';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '@cl/event-store';
import { GENERIC_HEADER, genericHistory, shuffled, toCsv, type GenericRow } from '../support/generic-history';
import { API_KEYS, httpClient, TOKENS } from '../support/http-client';
import { importHere, spawnImport, summaryFigure } from '../support/import-process';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp } from '../support/test-app';
import { openTestStore } from '../support/test-store';

/** A policy with an acknowledge target, pausable resolve targets and extensions (issue 11's events). */
const POLICY = join(__dirname, '..', '..', 'infra', 'policies', 'cn-bank-branch.json');

/** The line each row starts on once written by toCsv (the header is line 1; quoted newlines count). */
function lineNumbers(rows: readonly GenericRow[]): number[] {
  let line = 2;
  return rows.map((row) => {
    const at = line;
    line += 1 + Object.values(row).reduce((n, value) => n + (value.match(/\n/g)?.length ?? 0), 0);
    return at;
  });
}

async function headOf(dataDir: string): Promise<bigint> {
  const store = openTestStore(dataDir, { readOnly: true });
  try {
    return await store.headPosition();
  } finally {
    await store.close();
  }
}

/**
 * The head once the running service has stopped writing: its early-warning reactor appends
 * its own events for what an import wrote, a little later (unchanged for a second).
 */
async function settledHeadOf(dataDir: string): Promise<bigint> {
  let head = await headOf(dataDir);
  for (let stable = 0, tries = 0; stable < 5 && tries < 200; tries++) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const now = await headOf(dataDir);
    stable = now === head ? stable + 1 : 0;
    head = now;
  }
  return head;
}

async function eventTypesByStream(store: EventStore, streams: Iterable<string>) {
  const result = new Map<string, string[]>();
  for (const stream of streams)
    result.set(
      stream,
      (await store.readStream(stream)).map((event) => event.type),
    );
  return result;
}

type Report = {
  line: string;
  event: string;
  complaintId: string;
  customerId: string;
  status: string;
  reason: string;
};

/**
 * The generic format (docs/import.md) beside a running service: every event type, rows shuffled,
 * refused rows reported with their line and the API's own message (asked of the API), a
 * re-run that writes nothing, a longer file that writes only its new rows; and alone, a
 * SIGKILL mid-import (a real child process on a real SQLite file) completed exactly by a re-run.
 */
describe('npm run import -- <file> --format generic', () => {
  let service: Awaited<ReturnType<typeof startTestApp>>;
  let http: ReturnType<typeof httpClient>;
  const dir = makeTempDir('import-generic');
  afterAll(async () => {
    await service?.stop();
    dir.remove();
  });

  it("imports shuffled rows of every event type, reports refused rows with the API's message, and re-runs idempotently", async () => {
    service = await startTestApp({ API_KEYS, SLA_POLICY_FILE: POLICY });
    http = httpClient(service.url);
    const dataDir = service.config.dataDir;
    const history = genericHistory({ complaints: 40, customers: 8, seed: 14 });
    // The service-level events of issue 11, under the policy, on a complaint of their own.
    const sl = { complaintId: 'SL-1' };
    history.rows.push(
      {
        event: 'filed',
        occurredAt: '2026-03-02T01:00:00Z',
        ...sl,
        customerId: 'CU-SL',
        channel: 'phone',
        category: 'fees',
        severity: 'critical',
        description: 'Fee charged twice',
        subjectAgentId: 'AG-5',
      },
      { event: 'acknowledged', occurredAt: '2026-03-02T01:30:00Z', ...sl, channel: 'email' },
      { event: 'paused', occurredAt: '2026-03-02T02:00:00Z', ...sl, reason: 'awaiting_customer' },
      { event: 'resumed', occurredAt: '2026-03-03T02:00:00Z', ...sl },
      { event: 'extended', occurredAt: '2026-03-04T02:00:00Z', ...sl, reason: 'Waiting for the card scheme' },
      {
        event: 'resolved',
        occurredAt: '2026-03-05T02:00:00Z',
        ...sl,
        resolutionType: 'refund',
        summary: 'Refunded',
        outcome: 'upheld',
      },
      {
        event: 'root_cause',
        occurredAt: '2026-03-06T02:00:00Z',
        ...sl,
        cause: 'billing_system_error',
        note: 'Posted twice by the batch',
      },
    );
    history.expected.set('complaint-SL-1', [
      'ComplaintFiled',
      'ComplaintAcknowledged',
      'ComplaintPaused',
      'ComplaintResumed',
      'ResponseDeadlineExtended',
      'ComplaintResolved',
      'RootCauseRecorded',
    ]);
    const streams = [...history.expected.keys()];
    const closed = streams.find((s) => history.expected.get(s)!.at(-1) === 'ComplaintClosed')!;
    const closedId = closed.slice('complaint-'.length);
    const lastTime = (complaintId: string) =>
      history.rows.filter((row) => row.complaintId === complaintId).at(-1)!.occurredAt;
    const later = (instant: string) => new Date(Date.parse(instant) + 86_400_000).toISOString();

    // Rows the rules refuse, each with the request the API would get for it.
    const refusedRows: { row: GenericRow; request?: [string, string, object]; reason?: string }[] = [
      {
        row: {
          event: 'resolved',
          occurredAt: '2024-02-01T00:00:00Z',
          complaintId: 'NOPE-1',
          resolutionType: 'apology',
          summary: 's',
        },
        request: [
          'POST',
          '/complaints/NOPE-1/resolution',
          { resolutionType: 'apology', summary: 's', occurredAt: '2024-02-01T00:00:00Z' },
        ],
      },
      {
        row: {
          event: 'filed',
          occurredAt: '2024-02-01T00:00:00Z',
          complaintId: 'BAD-1',
          customerId: 'CU-X',
          channel: 'pigeon',
          category: 'c',
          severity: 'urgent',
          description: 'd',
        },
        request: [
          'POST',
          '/complaints',
          {
            complaintId: 'BAD-1',
            customerId: 'CU-X',
            channel: 'pigeon',
            category: 'c',
            severity: 'urgent',
            description: 'd',
            occurredAt: '2024-02-01T00:00:00Z',
          },
        ],
      },
      {
        row: {
          event: 'reopened',
          occurredAt: later(lastTime(closedId)),
          complaintId: closedId,
          reason: 'again',
        },
        request: [
          'POST',
          `/complaints/${closedId}/reopen`,
          { reason: 'again', occurredAt: later(lastTime(closedId)) },
        ],
      },
      {
        row: {
          event: 'assigned',
          occurredAt: '2024-02-01T00:00:00Z',
          complaintId: 'G-C-1',
          agentId: 'AG-1',
          reason: 'not for this event',
        },
        request: [
          'POST',
          '/complaints/G-C-1/assignment',
          { agentId: 'AG-1', reason: 'not for this event', occurredAt: '2024-02-01T00:00:00Z' },
        ],
      },
      {
        row: {
          event: 'purchase',
          occurredAt: '2024-02-01T00:00:00Z',
          customerId: 'CU-Y',
          orderId: 'O-1',
          amount: '-5',
          currency: 'euro',
        },
        request: [
          'POST',
          '/customers/CU-Y/purchases',
          { orderId: 'O-1', amount: -5, currency: 'euro', occurredAt: '2024-02-01T00:00:00Z' },
        ],
      },
      {
        row: { event: 'resumed', occurredAt: later(lastTime('G-C-0')), complaintId: 'G-C-0' },
        request: ['POST', '/complaints/G-C-0/resume', { occurredAt: later(lastTime('G-C-0')) }],
      },
      {
        row: { event: 'teleported', occurredAt: '2024-02-01T00:00:00Z', complaintId: 'G-C-3' },
        reason: expect.stringMatching(/^event must be one of filed, assigned, /),
      },
      {
        row: { event: 'assigned', complaintId: 'G-C-3', agentId: 'AG-1' },
        reason: expect.stringMatching(/^occurredAt is required/),
      },
    ];
    const rows = shuffled(
      [...history.rows, ...refusedRows.map(({ row }): GenericRow => ({ ...row, legacyRef: 'x' }))],
      7,
    );
    const lines = lineNumbers(rows);
    const header = [...GENERIC_HEADER, 'legacyRef'];
    // A malformed record (too few fields) at the end: refused, and the rest still goes in.
    const malformedLine = lines.at(-1)! + 1 + Object.values(rows.at(-1)!).join('').split('\n').length - 1;
    const file = join(dir.path, 'history.csv');
    writeFileSync(file, `${toCsv(rows, header)}"filed","2024-01-01T00:00:00Z"\r\n`);
    const report = join(dir.path, 'refused.csv');

    const first = await importHere(dataDir, [file, '--format', 'generic', '--report', report], POLICY);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('ignored: legacyRef');
    expect(summaryFigure(first.stdout, 'rows read')).toBe(rows.length + 1);
    expect(summaryFigure(first.stdout, 'rows refused')).toBe(refusedRows.length + 1);
    const expectedEvents = [...history.expected.values()].reduce((n, types) => n + types.length, 0);
    expect(summaryFigure(first.stdout, 'events written')).toBe(expectedEvents);

    // The store holds each stream's lifecycle, in order, by the import actor at the file's times.
    const store = openTestStore(dataDir, { readOnly: true });
    try {
      expect(await eventTypesByStream(store, streams)).toEqual(history.expected);
      const filed = (await store.readStream('complaint-G-C-0'))[0];
      expect(filed.metadata).toMatchObject({
        actor: { id: 'import', role: 'system' },
        occurredAt: new Date(
          history.rows.find((row) => row.complaintId === 'G-C-0')!.occurredAt,
        ).toISOString(),
      });
    } finally {
      await store.close();
    }

    // Each refused row in the report: its line, its complaint and the API's own answer.
    const reported = parse(readFileSync(report), { columns: true }) as Report[];
    for (const { row, request, reason } of refusedRows) {
      const line =
        lines[
          rows.findIndex(
            (candidate) =>
              candidate.event === row.event &&
              candidate.occurredAt === row.occurredAt &&
              candidate.complaintId === row.complaintId &&
              candidate.customerId === row.customerId,
          )
        ];
      const entry = reported.find((candidate) => Number(candidate.line) === line);
      expect(entry).toBeDefined();
      expect(entry!.complaintId).toBe(row.complaintId ?? '');
      if (request) {
        const [method, path, body] = request;
        const answer = await http(method, path, { body, token: TOKENS.agent });
        const message = Array.isArray(answer.body.message)
          ? answer.body.message.join('; ')
          : answer.body.message;
        expect({ status: Number(entry!.status), reason: entry!.reason }).toEqual({
          status: answer.status,
          reason: message,
        });
      } else {
        expect(entry!.reason).toEqual(reason);
      }
    }
    expect(reported.find((entry) => Number(entry.line) === malformedLine)?.reason).toMatch(
      /^malformed CSV record/,
    );

    // The same file again writes nothing.
    const again = await importHere(dataDir, [file, '--format', 'generic', '--report', report], POLICY);
    expect(again.code).toBe(1);
    expect(summaryFigure(again.stdout, 'events written')).toBe(0);
    expect(summaryFigure(again.stdout, 'rows already present')).toBe(history.rows.length);
    expect(summaryFigure(again.stdout, 'rows refused')).toBe(refusedRows.length + 1);

    // A longer file: new rows inserted anywhere; only they are written, and one dated before
    // its stream's last event is refused with the API's 422.
    const more = genericHistory({ complaints: 5, customers: 2, seed: 15, prefix: 'H' });
    const open = streams.find(
      (s) => s.startsWith('complaint-') && history.expected.get(s)!.at(-1) === 'ComplaintResolved',
    )!;
    const openId = open.slice('complaint-'.length);
    const escalation = {
      event: 'escalated',
      occurredAt: later(lastTime(openId)),
      complaintId: openId,
      note: 'Years later',
    };
    const early = {
      event: 'assigned',
      occurredAt: history.rows.find((row) => row.complaintId === openId)!.occurredAt,
      complaintId: openId,
      agentId: 'AG-7',
    };
    const longer = shuffled([...rows, ...more.rows, escalation, early], 8);
    writeFileSync(file, toCsv(longer, header));
    const newEvents = [...more.expected.values()].reduce((n, types) => n + types.length, 0) + 1;

    // A dry run says what the import would write, and writes nothing.
    const headBefore = await settledHeadOf(dataDir);
    const dry = await importHere(
      dataDir,
      [file, '--format', 'generic', '--dry-run', '--report', report],
      POLICY,
    );
    expect(dry.code).toBe(1);
    expect(summaryFigure(dry.stdout, 'events written')).toBe(newEvents);
    expect(await headOf(dataDir)).toBe(headBefore);
    // Unusable options or files: exit 2, nothing written.
    expect((await importHere(dataDir, [file, '--format', 'xml'])).code).toBe(2);
    writeFileSync(join(dir.path, 'no-event.csv'), 'occurredAt,complaintId\r\n2024-01-01T00:00:00Z,C-1\r\n');
    const unusable = await importHere(dataDir, [join(dir.path, 'no-event.csv'), '--format', 'generic']);
    expect(unusable).toMatchObject({
      code: 2,
      stderr: expect.stringContaining("the column 'event' is missing"),
    });
    expect(await headOf(dataDir)).toBe(headBefore);

    const third = await importHere(dataDir, [file, '--format', 'generic', '--report', report], POLICY);
    expect(third.code).toBe(1);
    expect(summaryFigure(third.stdout, 'events written')).toBe(newEvents);
    expect(summaryFigure(third.stdout, 'rows already present')).toBe(history.rows.length);
    const earlyEntry = (parse(readFileSync(report), { columns: true }) as Report[]).find(
      (entry) => Number(entry.line) === lineNumbers(longer)[longer.indexOf(early)],
    );
    expect(earlyEntry).toMatchObject({
      status: '422',
      reason: expect.stringMatching(/is earlier than the complaint's last event/),
    });
  });

  it('a SIGKILL mid-import loses nothing written, and a re-run completes it exactly', async () => {
    const dataDir = join(dir.path, 'killed');
    const history = genericHistory({ complaints: 700, customers: 60, seed: 99, prefix: 'K' });
    const total = [...history.expected.values()].reduce((n, types) => n + types.length, 0);
    const file = join(dir.path, 'big.csv');
    writeFileSync(file, toCsv(shuffled(history.rows, 3)));

    const child = spawnImport(dataDir, [file, '--format', 'generic', '--concurrency', '8']);
    let atKill = 0;
    const reader = () => openTestStore(dataDir, { readOnly: true });
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (child.child.exitCode !== null) break;
      let store: EventStore | undefined;
      try {
        store = reader();
        atKill = Number(await store.headPosition());
      } catch {
        atKill = 0; // the child has not created the file yet
      } finally {
        await store?.close();
      }
      if (atKill >= total / 5) {
        child.child.kill('SIGKILL');
        break;
      }
    }
    await child.exited();
    expect(child.child.signalCode).toBe('SIGKILL');

    const rerun = await importHere(dataDir, [file, '--format', 'generic']);
    expect(rerun.code).toBe(0);
    expect(summaryFigure(rerun.stdout, 'rows already present')).toBeGreaterThan(0);
    const store = openTestStore(dataDir, { readOnly: true });
    try {
      expect(Number(await store.headPosition())).toBe(total);
      expect(await eventTypesByStream(store, history.expected.keys())).toEqual(history.expected);
    } finally {
      await store.close();
    }
  });
});
