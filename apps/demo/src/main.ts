/**
 * `npm run demo [-- options]`: a realistic, seeded data set created through the public HTTP
 * API of a running service, then the funnel by resolution speed and the top of the
 * early-warning list. See docs/demo.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DAY_MS } from '@cl/domain';
import { DemoClient, DemoError, ServiceUnreachableError } from './demo-client';
import { DEMO_MONTHS, planDemo } from './demo-plan';
import {
  earlyWarningTable,
  fetchEarlyWarning,
  fetchFunnel,
  funnelTable,
  waitForProjections,
} from './demo-report';
import { demoLanes } from './demo-requests';
import { ProgressLine } from './progress-line';
import { type LaneProgress, runLanes } from './run-lanes';
import { count } from './text-table';

const USAGE = `usage: npm run demo -- [options]

  --url URL            the running service (DEMO_URL; default http://127.0.0.1:3000)
  --token TOKEN        an admin token (DEMO_TOKEN; default: the one in DATA_DIR/admin-token,
                       which npm start writes when API_KEYS is not set)
  --seed N             the data set's seed (DEMO_SEED; default 42): same seed, same data
  --customers N        how many customers (default 3000)
  --until YYYY-MM-DD   the data set ends at this date's midnight UTC (default: today's); a run
                       interrupted on another day resumes with the --until it printed
  --concurrency N      requests in flight (default 48)
  --top N              rows of the early-warning table (default 10)
  --wait-seconds N     how long to wait for the read models at the end (default 300)`;

class UsageError extends Error {}

function positiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`--${name} must be a whole number >= 1, got "${text}"`);
  return value;
}

function options() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      seed: { type: 'string' },
      customers: { type: 'string' },
      until: { type: 'string' },
      concurrency: { type: 'string' },
      top: { type: 'string' },
      'wait-seconds': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const seedText = values.seed ?? (process.env.DEMO_SEED || undefined);
  const seed = seedText === undefined ? 42 : Number(seedText);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) {
    throw new UsageError(`--seed must be a whole number from 0 to 2147483647, got "${seedText}"`);
  }
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  let until = today;
  if (values.until !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(values.until) || Number.isNaN(Date.parse(`${values.until}T00:00:00Z`))) {
      throw new UsageError(`--until must be a date YYYY-MM-DD, got "${values.until}"`);
    }
    until = Date.parse(`${values.until}T00:00:00Z`);
    if (until > today)
      throw new UsageError(`--until ${values.until} is in the future: the demo records the past`);
  }
  const url = (values.url ?? (process.env.DEMO_URL || 'http://127.0.0.1:3000')).replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]+/.test(url)) throw new UsageError(`--url must be an http(s) URL, got "${url}"`);
  return {
    url,
    seed,
    until,
    customers: positiveInt('customers', values.customers, 3000),
    concurrency: positiveInt('concurrency', values.concurrency, 48),
    top: positiveInt('top', values.top, 10),
    waitSeconds: positiveInt('wait-seconds', values['wait-seconds'], 300),
    token: values.token ?? (process.env.DEMO_TOKEN || adminTokenFromDataDir()),
  };
}

function adminTokenFromDataDir(): string {
  const file = join(resolve(process.env.DATA_DIR || 'data'), 'admin-token');
  if (!existsSync(file)) {
    throw new UsageError(
      `No token: pass an admin token with --token (or DEMO_TOKEN). Without API_KEYS, \`npm start\` writes one to ${file}.`,
    );
  }
  return readFileSync(file, 'utf8').trim();
}

async function main() {
  const o = options();
  const client = new DemoClient(o.url, o.token);
  const health = await client.send('GET', '/health', { auth: false, attempts: 1 }).catch((error: unknown) => {
    if (error instanceof ServiceUnreachableError) throw error;
    throw new DemoError(`The service at ${o.url} is not healthy (GET /health): ${(error as Error).message}`);
  });
  if (health.body?.status !== 'ok') {
    throw new DemoError(
      `The service at ${o.url} is not healthy: GET /health answered ${JSON.stringify(health.body)}`,
    );
  }
  await client.send('GET', '/analytics/early-warning?limit=1'); // 401 / 403 here, before writing anything

  const plan = planDemo({ seed: o.seed, customers: o.customers, until: o.until });
  const lanes = demoLanes(plan);
  const purchases = plan.customers.reduce((sum, c) => sum + c.purchases.length, 0);
  const complaints = plan.customers.reduce((sum, c) => sum + c.complaints.length, 0);
  const until = new Date(o.until).toISOString().slice(0, 10);
  console.log(
    `Demo seed ${o.seed}, ${count(o.customers)} customers, ${DEMO_MONTHS} months up to ${until} ` +
      `(resume with: npm run demo -- --seed ${o.seed} --customers ${o.customers} --until ${until})`,
  );
  console.log(
    `${count(purchases)} purchases, ${count(complaints)} complaints: ${count(lanes.reduce((s, l) => s + l.length, 0))} ` +
      `commands to ${o.url}, ${o.concurrency} in flight`,
  );

  const progress = new ProgressLine();
  const started = Date.now();
  const describe = (p: LaneProgress) => {
    const seconds = (Date.now() - started) / 1000;
    const rate = p.done / Math.max(seconds, 0.001);
    const eta = rate > 0 ? Math.ceil((p.total - p.done) / rate) : 0;
    return (
      `${count(p.done)} / ${count(p.total)} commands (${((100 * p.done) / Math.max(1, p.total)).toFixed(1)}%), ` +
      `${count(Math.round(rate))}/s, ${count(p.replayed)} already recorded, ${p.done === p.total ? `${seconds.toFixed(1)} s` : p.done > 0 ? `ETA ${eta} s` : 'starting'}`
    );
  };
  const done = await runLanes(client, lanes, o.concurrency, (p) => progress.update(describe(p)));
  progress.finish(describe(done));
  if (done.skipped > 0) {
    console.log(
      `${count(done.skipped)} commands skipped: their complaint received a later event (a service-level timer) ` +
        'while an interrupted run was away, and a complaint never goes back in time.',
    );
  }

  await waitForProjections(client, progress, o.waitSeconds * 1000);
  console.log('');
  console.log(funnelTable(await fetchFunnel(client, plan)));
  console.log('');
  console.log(earlyWarningTable(await fetchEarlyWarning(client, o.top)));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`demo: ${error.message}\n\n${USAGE}`);
      process.exit(2);
    }
    if (error instanceof DemoError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`\ndemo: ${(error as Error).message}`);
      process.exit(1);
    }
    console.error(error);
    process.exit(1);
  },
);
