import { randomUUID } from 'node:crypto';
import { DAY_MS, RESOLUTION_SPEEDS } from '@cl/domain';
import { planDemo } from '../../apps/demo/src/demo-plan';
import { demoLanes } from '../../apps/demo/src/demo-requests';
import { spawnTypeScript } from '../support/child-process';
import { API_KEYS, TOKENS } from '../support/http-client';
import { startServiceProcess } from '../support/service-process';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';

interface DemoRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run demo` as a child process, as a user runs it. */
function runDemo(args: string[]): Promise<DemoRun> {
  const child = spawnTypeScript('apps/demo/src/main.ts', args, { DEMO_TOKEN: '', DEMO_URL: '' });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

/**
 * The demo against the service as `npm start` runs it (a child process, ROLE=all): 100
 * customers of seed 42 (about 1,250 commands), then the tables it prints, read back from the
 * API; a re-run that records nothing; clear errors without a service or with a wrong token.
 */
describe('npm run demo', () => {
  const dir = makeTempDir('demo');
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  let service: Awaited<ReturnType<typeof startServiceProcess>>;
  beforeAll(async () => {
    service = await startServiceProcess({ DATA_DIR: dir.path, REDIS_PREFIX: prefix, API_KEYS, PORT: '0' });
  });
  afterAll(async () => {
    service?.server.child.kill('SIGTERM');
    await service?.server.exited();
    await deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    dir.remove();
  });

  it('creates the data set and prints a funnel whose repurchase rate falls from on-the-spot to unresolved', async () => {
    const run = await runDemo([
      '--url',
      service.url,
      '--token',
      TOKENS.admin,
      '--customers',
      '100',
      '--seed',
      '42',
    ]);
    expect(run.stderr).toMatch(/1,\d{3} \/ 1,\d{3} commands \(100\.0%\)/);
    expect(run.code).toBe(0);

    // The funnel the demo printed is the API's, and it follows docs/domain.md's direction.
    const from = /complaints filed (\d{4}-\d{2}-\d{2}) to (\d{4}-\d{2}-\d{2})/.exec(run.stdout)!;
    expect(from).not.toBeNull();
    const query = new URLSearchParams({
      from: `${from[1]}T00:00:00Z`,
      to: `${from[2]}T00:00:00Z`,
      groupBy: 'resolutionSpeed',
      repurchaseWindowDays: '90',
    });
    const funnel = await service.http('GET', `/analytics/funnel?${query}`, { token: TOKENS.analyst });
    expect(funnel.status).toBe(200);
    const groups = new Map<string, { filed: number; rates: { repurchased: number } }>(
      funnel.body.groups.map((group: { key: string }) => [group.key, group]),
    );
    expect([...groups.keys()].sort()).toEqual([...RESOLUTION_SPEEDS].sort());
    const rates = RESOLUTION_SPEEDS.map((speed) => groups.get(speed)!.rates.repurchased);
    for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeLessThan(rates[i - 1]);
    for (const speed of RESOLUTION_SPEEDS) {
      const group = groups.get(speed)!;
      const printed = new RegExp(
        `^${speed} +${group.filed} .* ${(group.rates.repurchased * 100).toFixed(1)}% `,
        'm',
      );
      expect(run.stdout).toMatch(printed);
    }

    // The early warning it printed is the top of the API's list.
    const warning = await service.http('GET', '/analytics/early-warning?limit=10', { token: TOKENS.analyst });
    expect(warning.body.customers.length).toBeGreaterThan(0);
    const first = warning.body.customers[0];
    expect(run.stdout).toMatch(new RegExp(`^ *1 +${first.customerId} +${first.level} +${first.score} `, 'm'));
  }, 240_000);

  it('records nothing twice when run again with the same seed (the first 20 customers)', async () => {
    const run = await runDemo([
      '--url',
      service.url,
      '--token',
      TOKENS.admin,
      '--customers',
      '20',
      '--seed',
      '42',
    ]);
    expect(run.code).toBe(0);
    const done = /([\d,]+) \/ ([\d,]+) commands \(100\.0%\), [\d,]+\/s, ([\d,]+) already recorded/.exec(
      run.stderr,
    )!;
    expect(done).not.toBeNull();
    expect(done[3]).toBe(done[2]);
  }, 120_000);

  it('skips the rest of a complaint that received a later event while an interrupted run was away', async () => {
    const until = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
    const planOf = (customers: number) =>
      planDemo({ seed: 43, customers, until: Date.parse(`${until}T00:00:00Z`) });
    let customers = 1;
    while (!demoLanes(planOf(customers)).some((lane) => lane[0].path === '/complaints' && lane.length >= 3))
      customers++;
    const lane = demoLanes(planOf(customers)).find((l) => l[0].path === '/complaints' && l.length >= 3)!;
    const complaintId = lane[0].body.complaintId as string;
    // The interrupted run recorded the filing; then a timer escalated the complaint (here by hand, now).
    const filing = lane[0];
    const filed = await service.http('POST', filing.path, {
      body: filing.body,
      token: TOKENS.admin,
      headers: { 'idempotency-key': filing.idempotencyKey },
    });
    expect(filed.status).toBe(201);
    const escalated = await service.http('POST', `/complaints/${complaintId}/escalation`, {
      body: { note: 'chased' },
      token: TOKENS.admin,
    });
    expect(escalated.status).toBe(200);

    const args = ['--seed', '43', '--customers', String(customers), '--until', until];
    const run = await runDemo(['--url', service.url, '--token', TOKENS.admin, ...args]);
    expect(run.stderr).not.toMatch(/demo: /);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `${lane.length - 1} commands skipped: their complaint received a later event`,
    );
    const history = await service.http('GET', `/complaints/${complaintId}/history`, {
      token: TOKENS.auditor,
    });
    expect(history.body.events.map((event: { type: string }) => event.type)).toEqual([
      'ComplaintFiled',
      'ComplaintEscalated',
    ]);
  }, 120_000);

  it('says what to do when the token is wrong or no service answers', async () => {
    const wrong = await runDemo(['--url', service.url, '--token', 'not-a-token', '--customers', '1']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/refused the token \(401\)\. Pass an admin token with --token/);
    const agent = await runDemo(['--url', service.url, '--token', TOKENS.agent, '--customers', '1']);
    expect(agent.code).toBe(1);
    expect(agent.stderr).toMatch(/403.*give it an admin token/s);
    const nobody = await runDemo([
      '--url',
      'http://127.0.0.1:9',
      '--token',
      TOKENS.admin,
      '--customers',
      '1',
    ]);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toMatch(/No service answers at http:\/\/127\.0\.0\.1:9 .*npm start/);
    const bad = await runDemo(['--customers', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--customers must be a whole number/);
  }, 60_000);
});
