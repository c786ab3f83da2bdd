import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/child-process';
import { startServiceProcess } from '../support/service-process';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';

/** The README's tour: its ```sh tour blocks, in order, as a newcomer copies them. */
function tourBlocks(): string[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/^```sh tour\n([\s\S]*?)^```$/gm)].map((match) => match[1]);
}

const MARK = '@@tour-step';

/**
 * Runs the blocks one after the other in one bash (so the variables of the first reach the
 * others), from `cwd`, with `set -e`: the first command that fails stops it. The README's
 * base URL is replaced by the started service's. Returns each block's output.
 */
function runTour(
  blocks: string[],
  cwd: string,
  baseUrl: string,
): Promise<{ code: number | null; outputs: string[]; stderr: string }> {
  const script = ['set -e', ...blocks.map((block, i) => `echo "${MARK} ${i}"\n${block}`)]
    .join('\n')
    .replaceAll('http://127.0.0.1:3000', baseUrl);
  const child = spawn('bash', ['-c', script], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) =>
    child.on('exit', (code) => {
      const outputs = stdout.split(new RegExp(`^${MARK} \\d+\\n`, 'm')).slice(1);
      resolve({ code, outputs, stderr });
    }),
  );
}

/** The JSON documents a step printed, one a line. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const jsonLines = (output: string): any[] =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line));

/**
 * What each step of the tour must answer (by position; a step added to the README without
 * its check here fails the count).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const CHECKS: ((output: string, json: any[]) => void)[] = [
  (output) => expect(output).toBe(''), // setup: BASE, TOKEN, AUTH, JSON
  (_, [filed]) => {
    expect(filed).toMatchObject({ complaintId: 'tour-1', revision: 0 });
    expect(Date.parse(filed.resolutionDueAt)).toBeGreaterThan(Date.now());
  },
  (_, [resolved]) =>
    expect(resolved).toMatchObject({ complaintId: 'tour-1', revision: 1, callbackDueAt: expect.any(String) }),
  (_, [callback]) => expect(callback).toMatchObject({ revision: 2, escalated: false }),
  (_, surveys) => {
    expect(surveys).toHaveLength(2);
    expect(surveys[0]).toMatchObject({ revision: 3, escalated: false });
    expect(surveys[1]).toMatchObject({ revision: 5, escalated: true });
  },
  (_, [purchase]) =>
    expect(purchase).toMatchObject({ customerId: 'tour-ada', orderId: 'tour-o1', revision: 0 }),
  (_, [funnel]) => {
    expect(funnel.groups).toEqual([
      expect.objectContaining({
        key: 'on_the_spot',
        filed: 1,
        resolved: 1,
        callbackReached: 1,
        satisfied: 0, // average (5 + 2) / 2 < 4
        repurchased: 1,
      }),
    ]);
  },
  (_, [warning, risk]) => {
    expect(warning.customers).toEqual([
      expect.objectContaining({ customerId: 'tour-ada', level: 'watch', score: 25, value: 49.9 }),
    ]);
    expect(risk).toMatchObject({ customerId: 'tour-ada', score: 25, level: 'watch' });
    expect(risk.reasons).toEqual([expect.objectContaining({ code: 'LOW_SATISFACTION', points: 25 })]);
  },
  (_, [history, state]) => {
    expect(history.events.map((event: { type: string }) => event.type)).toEqual([
      'ComplaintFiled',
      'ComplaintResolved',
      'CallbackRecorded',
      'SatisfactionRecorded',
      'SatisfactionRecorded',
      'ComplaintEscalated',
    ]);
    expect(state).toMatchObject({ complaintId: 'tour-1', status: 'resolved', revision: 1, satisfaction: [] });
  },
  (_, [stream, log]) => {
    expect(stream).toMatchObject({ streamId: 'complaint-tour-1', valid: true, events: 6 });
    expect(log).toMatchObject({ valid: true, invalid: [] });
  },
  (output, [page]) => {
    expect(page.events.map((event: { revision: number }) => event.revision)).toEqual([0, 1, 2]);
    expect(page.next).toBe(page.events[2].position);
    const ids = [...output.matchAll(/^id: (\d+)$/gm)].map((match) => match[1]);
    expect(ids).toEqual([page.events[0].position, page.events[1].position]);
    expect(output).toMatch(/^data: \{.*"type":"ComplaintFiled"/m);
  },
];

describe("the README's five-minute tour", () => {
  const dir = makeTempDir('tour');
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  let service: Awaited<ReturnType<typeof startServiceProcess>>;
  beforeAll(async () => {
    // As npm start runs it from the repository's root: no API_KEYS, so the admin token is in
    // data/admin-token, relative to where the tour runs. Keep-alives every second, so the live
    // stream's `head` ends soon after its events.
    service = await startServiceProcess({
      DATA_DIR: join(dir.path, 'data'),
      REDIS_PREFIX: prefix,
      API_KEYS: '',
      PORT: '0',
      SSE_KEEPALIVE_SECONDS: '1',
    });
  });
  afterAll(async () => {
    service?.server.child.kill('SIGTERM');
    await service?.server.exited();
    await deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    dir.remove();
  });

  it('runs every block in order, each answer as the README says; a second run records nothing', async () => {
    const blocks = tourBlocks();
    expect(blocks).toHaveLength(CHECKS.length);
    const first = await runTour(blocks, dir.path, service.url);
    expect({ code: first.code, stderr: first.stderr }).toEqual({ code: 0, stderr: '' });
    expect(first.outputs).toHaveLength(blocks.length);
    first.outputs.forEach((output, step) => CHECKS[step](output, jsonLines(output)));

    // The Idempotency-Keys: the commands answer as before and the log does not grow.
    const second = await runTour(blocks, dir.path, service.url);
    expect(second.code).toBe(0);
    for (let step = 1; step <= 5; step++) expect(second.outputs[step]).toBe(first.outputs[step]);
    expect(jsonLines(second.outputs[9])[0].events).toBe(6);
  }, 90_000);
});
