/// <reference lib="dom" />
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { CHROMIUM_AVAILABLE, CHROMIUM_PATH, launchChromium } from '../support/chromium';
import { REPO_ROOT } from '../support/child-process';
import { API_KEYS, TOKENS, type HttpAnswer } from '../support/http-client';
import { startServiceProcess } from '../support/service-process';
import { makeTempDir } from '../support/temp-dir';
import { deleteRedisKeys } from '../support/test-app';
import { STORE_UNDER_TEST } from '../support/test-store';
import { AS_OF, PERIOD, seedConsoleData } from './console-data';

const SCREENSHOTS = join(REPO_ROOT, 'test-output', 'console');
const describeInChromium = CHROMIUM_AVAILABLE ? describe : describe.skip;
if (!CHROMIUM_AVAILABLE) {
  console.log(
    `notice: ${CHROMIUM_PATH} is missing: the console's browser tests are skipped (npm test installs Debian's chromium as root).`,
  );
}

/** A table row of the console as { field: data-value } (numbers where the API has numbers). */
type Row = Record<string, string>;

/**
 * The console in Debian's Chromium against the service as `npm start` runs it (ROLE=all),
 * with a small data set made through the API: each view shows the numbers the API answers
 * for the same query, read from the page; denied views, a bad token, empty answers and the
 * service going down each show a clear message. Screenshots go to test-output/console/.
 */
describeInChromium('the console in Chromium', () => {
  const dir = makeTempDir('console');
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  let service: Awaited<ReturnType<typeof startServiceProcess>>;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let seeded: Awaited<ReturnType<typeof seedConsoleData>>;
  const api = (path: string, token = TOKENS.analyst) => service.http('GET', path, { token });
  const okBody = async (answer: Promise<HttpAnswer>) => {
    const { status, body, text } = await answer;
    if (status !== 200) throw new Error(`${status} ${text}`);
    return body;
  };

  /** Waits until every projection has caught up and the log's head stays put (timers may append). */
  async function settled(): Promise<void> {
    let last = '';
    for (let stable = 0; stable < 2;) {
      await new Promise((resolve) => setTimeout(resolve, 150));
      const health = (await service.http('GET', '/health', { token: null })).body;
      const projections = Object.values(health?.projections ?? {}) as { position: string; lag: number }[];
      const caughtUp = projections.length > 0 && projections.every((projection) => projection.lag === 0);
      const head = projections.map((projection) => projection.position).join(',');
      stable = caughtUp && head === last ? stable + 1 : 0;
      last = head;
    }
  }

  /** Shows a view by its address and waits until it has rendered. */
  async function show(hash: string): Promise<void> {
    const before = await page.evaluate(() => Number(document.getElementById('view')!.dataset.render ?? 0));
    await page.evaluate((next) => (location.hash = next), hash);
    await page.waitForFunction((previous) => {
      const view = document.getElementById('view')!;
      return Number(view.dataset.render ?? 0) > previous && view.dataset.state === 'ready';
    }, before);
  }

  async function signIn(token: string): Promise<void> {
    await page.goto(`${service.url}/console/`);
    await page.waitForSelector('#sign-in:not([hidden]), #sign-out:not([hidden])');
    if (await page.isVisible('#sign-out')) {
      await page.click('#sign-out');
      await page.waitForSelector('#sign-in:not([hidden])');
    }
    await page.fill('#token', token);
    await page.click('#sign-in-form button[type=submit]');
  }

  async function signInAs(role: keyof typeof TOKENS): Promise<void> {
    await signIn(TOKENS[role]);
    await page.waitForSelector(`#who[data-role="${role}"]`);
    await page.waitForSelector('#view[data-state=ready]');
  }

  async function rows(selector: string): Promise<Row[]> {
    return page.$$eval(`${selector} tbody tr`, (trs) =>
      trs.map((tr) => {
        const row: Record<string, string> = {};
        for (const cell of Array.from(tr.children) as HTMLElement[]) {
          if (cell.dataset.field && cell.dataset.value !== undefined)
            row[cell.dataset.field] = cell.dataset.value;
        }
        return row;
      }),
    );
  }

  const screenshot = (name: string) =>
    page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const env = { DATA_DIR: dir.path, REDIS_PREFIX: prefix, API_KEYS, PORT: '0', HOST: '127.0.0.1' };
    [service, browser] = await Promise.all([startServiceProcess(env), launchChromium()]);
    seeded = await seedConsoleData(service.http);
    await settled();
    page = await browser.context.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    if (service && service.server.child.exitCode === null) {
      service.server.child.kill('SIGTERM');
      await service.server.exited();
    }
    await deleteRedisKeys(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
    dir.remove();
  });

  it('funnel: the stages, the baseline and the table show what GET /analytics/funnel answers', async () => {
    await signInAs('analyst');
    await show(`#funnel?from=${PERIOD.from}&to=${PERIOD.to}&groupBy=resolutionSpeed&window=90`);
    const report = await okBody(
      api(
        `/analytics/funnel?from=${PERIOD.from}T00:00:00Z&to=${PERIOD.to}T00:00:00Z&groupBy=resolutionSpeed&repurchaseWindowDays=90`,
      ),
    );
    expect(report.groups.length).toBeGreaterThan(1);
    expect(report.baseline.customers).toBe(2);
    const expected = report.groups.map(
      (group: Record<string, unknown> & { rates: Record<string, number> }) => ({
        key: group.key,
        filed: text(group.filed),
        resolved: text(group.resolved),
        callbackReached: text(group.callbackReached),
        satisfied: text(group.satisfied),
        repurchased: text(group.repurchased),
        'rates.resolved': text(group.rates.resolved),
        'rates.callbackReached': text(group.rates.callbackReached),
        'rates.satisfied': text(group.rates.satisfied),
        'rates.repurchased': text(group.rates.repurchased),
        medianHoursToResolve: text(group.medianHoursToResolve),
      }),
    );
    const shown = (await rows('#funnel-table')).map((row) => ({ ...row, key: row.key }));
    const keys = await page.$$eval('#funnel-table tbody tr', (trs) =>
      trs.map((tr) => (tr as HTMLElement).dataset.key),
    );
    expect(shown.map((row, index) => ({ ...row, key: keys[index] }))).toEqual(expected);
    const baseline = await page.$$eval('#funnel-baseline [data-field]', (spans) =>
      Object.fromEntries(
        spans.map((span) => [(span as HTMLElement).dataset.field, (span as HTMLElement).dataset.value]),
      ),
    );
    expect(baseline).toEqual({
      'baseline.customers': text(report.baseline.customers),
      'baseline.repurchased': text(report.baseline.repurchased),
      'baseline.rate': text(report.baseline.rate),
    });
    // Chart.js (served from node_modules) drew both charts.
    expect(await page.evaluate(() => typeof (window as unknown as { Chart?: unknown }).Chart)).toBe(
      'function',
    );
    for (const id of ['funnel-stages', 'funnel-repurchase']) {
      expect((await page.$eval(`#${id}`, (canvas) => (canvas as HTMLCanvasElement).width)) > 0).toBe(true);
    }
    // The CSV download is the API's CSV.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=Download CSV')]);
    const csv = await service.http(
      'GET',
      `/analytics/funnel?from=${PERIOD.from}T00:00:00Z&to=${PERIOD.to}T00:00:00Z&groupBy=resolutionSpeed&repurchaseWindowDays=90`,
      {
        token: TOKENS.analyst,
        headers: { accept: 'text/csv' },
      },
    );
    const path = await download.path();
    expect(readFileSync(path, 'utf8')).toBe(csv.text);
    await screenshot('funnel');
  });

  it('early warning: the ranked list, a customer timeline from GET /customers/:id/history and the risk at a date', async () => {
    await show(`#warning?asOf=${AS_OF}&minLevel=none&limit=100`);
    const answer = await okBody(api(`/analytics/early-warning?asOf=${AS_OF}Z&minLevel=none&limit=100`));
    expect(answer.customers.length).toBeGreaterThan(0);
    const shown = await rows('#warning-table');
    expect(shown).toEqual(
      answer.customers.map(
        (
          customer: {
            customerId: string;
            level: string;
            score: number;
            value: number;
            reasons: { code: string }[];
          },
          index: number,
        ) => ({
          rank: String(index + 1),
          customerId: customer.customerId,
          level: customer.level,
          score: String(customer.score),
          value: String(customer.value),
          reasons: customer.reasons.map((reason) => reason.code).join(','),
        }),
      ),
    );
    // Level colours: each badge carries its level's class.
    const badges = await page.$$eval('#warning-table .level', (spans) => spans.map((span) => span.className));
    expect(badges).toEqual(
      answer.customers.map((customer: { level: string }) => `level level-${customer.level}`),
    );

    const customerId = answer.customers[0].customerId;
    await Promise.all([
      page.waitForFunction(() => document.querySelector('#customer-risk [data-field=score]') !== null),
      page.click(`#warning-table tr[data-customer="${customerId}"] button`),
    ]);
    const history = await okBody(api(`/customers/${customerId}/history`));
    expect(history.complaints.length).toBeGreaterThan(0);
    const timeline = await page.$$eval('#timeline li', (items) =>
      items.map((item) => ({ kind: (item as HTMLElement).dataset.kind, text: item.textContent ?? '' })),
    );
    const filed = timeline
      .filter((item) => item.kind === 'complaint')
      .map((item) => /Complaint (\S+)/.exec(item.text)![1]);
    expect(filed.sort()).toEqual([...history.complaints].sort());
    const purchases = history.events.filter((event: { type: string }) => event.type === 'PurchaseRecorded');
    expect(timeline.filter((item) => item.kind === 'purchase')).toHaveLength(purchases.length);
    expect(timeline.some((item) => item.kind === 'survey')).toBe(true);
    const risk = await okBody(api(`/customers/${customerId}/risk?asOf=${AS_OF}Z`));
    expect(await page.getAttribute('#customer-risk [data-field=score]', 'data-value')).toBe(
      String(risk.score),
    );
    // Another date, chosen in the form.
    await page.fill('#customer-detail input[name=riskAsOf]', '2026-01-06T00:00:00');
    await page.click('#customer-detail button[type=submit]');
    // The date itself (en-GB, UTC): "2026, 00:00:00" alone matched the answer shown before.
    await page.waitForSelector('#customer-risk p:has-text("06/01/2026, 00:00:00")');
    const early = await okBody(api(`/customers/${customerId}/risk?asOf=2026-01-06T00:00:00Z`));
    expect(await page.getAttribute('#customer-risk [data-field=score]', 'data-value')).toBe(
      String(early.score),
    );
    await screenshot('early-warning');
  });

  it('problems and branch rankings: sorted bars with the previous period, the numbers of the API', async () => {
    await show(`#rankings?from=${PERIOD.from}&to=${PERIOD.to}&by=category`);
    const period = `from=${PERIOD.from}T00:00:00Z&to=${PERIOD.to}T00:00:00Z`;
    const problems = await okBody(api(`/analytics/problems?${period}&by=category`));
    const branches = await okBody(api(`/analytics/branches?${period}`));
    const asRow = (
      row: Record<string, number | string | null> & { previous: Record<string, number | null> },
    ) => ({
      count: text(row.count),
      'previous.count': text(row.previous.count),
      breachRate: text(row.breachRate),
      'previous.breachRate': text(row.previous.breachRate),
      reopenRate: text(row.reopenRate),
      'previous.reopenRate': text(row.previous.reopenRate),
      avgSatisfaction: text(row.avgSatisfaction),
      'previous.avgSatisfaction': text(row.previous.avgSatisfaction),
    });
    const keysOf = (selector: string) =>
      page.$$eval(`${selector} tbody tr`, (trs) => trs.map((tr) => (tr as HTMLElement).dataset.key));
    expect(problems.rows.length).toBeGreaterThan(1);
    const sorted = [...problems.rows].sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
    expect(await keysOf('#problems-table')).toEqual(sorted.map((row) => row.key));
    expect(await rows('#problems-table')).toEqual(sorted.map(asRow));
    expect(sorted.some((row) => row.previous.count > 0)).toBe(true);
    expect(await keysOf('#branches-satisfaction-table')).toEqual(
      branches.bySatisfaction.map((row: { key: string }) => row.key),
    );
    expect(await rows('#branches-satisfaction-table')).toEqual(branches.bySatisfaction.map(asRow));
    expect(await rows('#branches-breach-table')).toEqual(branches.byBreachRate.map(asRow));
    await screenshot('rankings');
  });

  it('corrective actions: the open and overdue ones, and each one’s before and after as the API answers', async () => {
    await show(`#actions?asOf=${AS_OF}&windowDays=30`);
    const list = await okBody(api('/corrective-actions'));
    expect(await rows('#actions-table')).toEqual(
      list.items.map(
        (item: {
          actionId: string;
          target: { by: string; value: string };
          owner: string;
          dueAt: string;
          status: string;
          overdue: boolean;
          completedAt?: string;
        }) => ({
          actionId: item.actionId,
          target: `${item.target.by}: ${item.target.value}`,
          owner: item.owner,
          dueAt: item.dueAt,
          status: item.overdue ? 'overdue' : item.status,
          completedAt: text(item.completedAt),
        }),
      ),
    );
    expect(list.items.map((item: { actionId: string }) => item.actionId)).toEqual(['CA-2', 'CA-1']);
    const report = await okBody(api(`/analytics/corrective-actions?asOf=${AS_OF}Z&windowDays=30`));
    // CA-1's billing complaints were all filed before its completion: 5 before, 0 after.
    expect(report.actions[0]).toMatchObject({ before: { complaints: 5 }, after: { complaints: 0 } });
    expect(await rows('#effects-table')).toEqual(
      report.actions.map(
        (action: {
          actionId: string;
          target: { by: string; value: string };
          completedAt: string | null;
          before: { complaints: number; perThirtyDays: number };
          after: { complaints: number; perThirtyDays: number | null; days: number } | null;
          change: number | null;
        }) => ({
          actionId: action.actionId,
          target: `${action.target.by}: ${action.target.value}`,
          completedAt: text(action.completedAt),
          'before.complaints': text(action.before.complaints),
          'before.perThirtyDays': text(action.before.perThirtyDays),
          'after.complaints': text(action.after?.complaints),
          'after.perThirtyDays': text(action.after?.perThirtyDays),
          'after.days': text(action.after?.days),
          change: text(action.change),
        }),
      ),
    );
    expect((await page.$eval('#effects-chart', (canvas) => (canvas as HTMLCanvasElement).width)) > 0).toBe(
      true,
    );
    await show('#actions?status=overdue');
    expect(await rows('#actions-table')).toHaveLength(1);
    expect(await page.getAttribute('#actions-table tbody tr', 'data-action')).toBe('CA-2');
    await screenshot('corrective-actions');
  });

  it('backtest: the AUC, loss and lift per asOf, the reasons and the suggested points as the API answers', async () => {
    // February and March 2026: the data's customers bought before, some of them again after.
    const asOf = ['2026-02-01', '2026-03-01'];
    await show(`#backtest?asOf=${asOf.join(',')}&horizonDays=90`);
    const report = await okBody(
      api(
        `/analytics/early-warning/backtest?asOf=${asOf.map((date) => `${date}T00:00:00Z`).join(',')}&horizonDays=90`,
      ),
    );
    expect(report.results.every((result: { auc: number | null }) => result.auc !== null)).toBe(true);
    expect(await rows('#backtest-table')).toEqual(
      report.results.map(
        (result: {
          asOf: string;
          customers: number;
          lost: number;
          lossRate: number;
          auc: number;
          topDecile: { customers: number; lost: number; lift: number | null };
        }) => ({
          asOf: result.asOf,
          customers: text(result.customers),
          lost: text(result.lost),
          lossRate: text(result.lossRate),
          auc: text(result.auc),
          'topDecile.customers': text(result.topDecile.customers),
          'topDecile.lost': text(result.topDecile.lost),
          'topDecile.lift': text(result.topDecile.lift),
        }),
      ),
    );
    // The reasons' bars and table are of the last asOf by default.
    const last = report.results.at(-1);
    expect((await rows('#backtest-reasons-table')).map((row) => row['with.lossRate'])).toEqual(
      last.byReason.map((reason: { with: { lossRate: number | null } }) => text(reason.with.lossRate)),
    );
    expect(await page.getAttribute('#backtest-suggested [data-field=configuredAuc]', 'data-value')).toBe(
      text(report.suggested.configuredAuc),
    );
    expect((await page.$eval('#backtest-reasons', (canvas) => (canvas as HTMLCanvasElement).width)) > 0).toBe(
      true,
    );
    await screenshot('backtest');
  });

  it("complaint history for auditors: every event, the state at any revision, the chain's verification", async () => {
    await signInAs('auditor');
    const complaintId = 'K-2';
    await show(`#complaint?id=${complaintId}`);
    await page.waitForSelector('#verification [data-valid]');
    const history = await okBody(api(`/complaints/${complaintId}/history`, TOKENS.auditor));
    expect(await rows('#complaint-events')).toEqual(
      history.events.map(
        (event: {
          revision: number;
          type: string;
          occurredAt: string;
          recordedAt: string;
          actor: { id: string; role: string; via?: string };
          position: string;
        }) => ({
          revision: String(event.revision),
          type: event.type,
          occurredAt: event.occurredAt,
          recordedAt: event.recordedAt,
          actor: event.actor.id,
          signedInWith: event.actor.via ?? event.actor.role,
          position: event.position,
        }),
      ),
    );
    // Who acted and how they signed in, as the page reads: the filing was the agent's API key
    // (no name: the id), and the header names the auditor who is signed in.
    const agent = await okBody(api('/console/session', TOKENS.agent));
    const auditor = await okBody(api('/console/session', TOKENS.auditor));
    const filedRow = '#complaint-events tr[data-revision="0"]';
    expect(await page.textContent(`${filedRow} [data-field=actor]`)).toBe(`${agent.actorId} (agent)`);
    expect(await page.textContent(`${filedRow} [data-field=signedInWith]`)).toBe('API key');
    expect(await page.textContent('#who')).toBe(`Signed in as ${auditor.actorId} (auditor, API key)`);
    expect(await page.getAttribute('#verification [data-valid]', 'data-valid')).toBe('true');
    // The slider, by keyboard: Home is the filing, End the last event.
    await page.focus('#revision-slider');
    await page.keyboard.press('Home');
    await page.waitForSelector('#complaint-state[data-revision="0"]');
    const first = await okBody(api(`/complaints/${complaintId}/state?revision=0`, TOKENS.auditor));
    expect(await page.textContent('#complaint-state dd[data-field=status]')).toBe(first.status);
    const lastRevision = history.events.length - 1;
    await page.keyboard.press('End');
    await page.waitForSelector(`#complaint-state[data-revision="${lastRevision}"]`);
    const last = await okBody(
      api(`/complaints/${complaintId}/state?revision=${lastRevision}`, TOKENS.auditor),
    );
    expect(await page.textContent('#complaint-state dd[data-field=status]')).toBe(last.status);
    expect(await page.textContent('#complaint-state dd[data-field=revision]')).toBe(String(last.revision));
    // A click on a row's button shows the state there.
    await page.click('#complaint-events tr[data-revision="1"] button');
    await page.waitForSelector('#complaint-state[data-revision="1"]');
    await screenshot('complaint-history');
  });

  (STORE_UNDER_TEST === 'sqlite' ? it : it.skip)(
    'highlights the revision from which a tampered chain breaks',
    async () => {
      const complaintId = 'K-3';
      const db = new Database(join(dir.path, 'events.db'));
      try {
        db.prepare(
          "UPDATE events SET data = json_set(data, '$.summary', 'altered afterwards') WHERE stream_id = ? AND revision = 1",
        ).run(`complaint-${complaintId}`);
      } finally {
        db.close();
      }
      const verification = await okBody(api(`/complaints/${complaintId}/verify`, TOKENS.auditor));
      expect(verification).toMatchObject({ valid: false, firstInvalidRevision: 1 });
      await show(`#complaint?id=${complaintId}`);
      await page.waitForSelector('#verification [data-valid="false"]');
      expect(await page.getAttribute('#verification [data-valid]', 'data-first-invalid-revision')).toBe('1');
      expect(
        await page.$$eval('#complaint-events tr.broken', (trs) =>
          trs.map((tr) => (tr as HTMLElement).dataset.revision),
        ),
      ).toEqual(['1']);
      await screenshot('complaint-broken-chain');
    },
  );

  it('says what the role may not see (403), and a token it does not know', async () => {
    await signInAs('auditor');
    // The backtest's link shows only to analysts (and admins).
    expect(await page.isVisible('#views a[data-view=backtest]')).toBe(false);
    await show(`#funnel?from=${PERIOD.from}&to=${PERIOD.to}`);
    expect(await page.textContent('#view [data-notice=denied]')).toMatch(
      /Your role \(auditor\) may not see the funnel: this needs the analyst role/,
    );
    await screenshot('denied');
    await signIn('not-a-token');
    await page.waitForSelector('#message:has-text("This token is not known")');
    expect(await page.isVisible('#sign-in')).toBe(true);
    expect(await page.isVisible('#views')).toBe(false);
    await screenshot('bad-token');
  });

  it('refreshes a list view live: from the event stream (admin) and by polling (analyst)', async () => {
    await signInAs('admin');
    await show(`#warning?minLevel=none`);
    await page.waitForSelector('#live:has-text("following the event stream")');
    const before = await page.evaluate(() => Number(document.getElementById('view')!.dataset.render));
    const purchase = await service.http('POST', '/customers/CU-LIVE/purchases', {
      body: { orderId: 'LIVE-1', amount: 5, currency: 'EUR' },
    });
    expect(purchase.status).toBe(201);
    await page.waitForFunction(
      (previous) => Number(document.getElementById('view')!.dataset.render) > previous,
      before,
    );
    await signInAs('analyst');
    expect(await page.textContent('#live')).toMatch(
      /every 5 s \(the live event stream needs the integrator role\)/,
    );
  });

  it('says so when there is nothing: an empty period and an empty list', async () => {
    await show('#funnel?from=2020-01-01&to=2020-02-01');
    expect(await page.textContent('#view [data-notice=info]')).toMatch(
      /No complaint was filed between 2020-01-01 and 2020-02-01/,
    );
    expect(await page.$$eval('#funnel-table tbody tr', (trs) => trs.length)).toBeLessThanOrEqual(1);
    await screenshot('funnel-empty');
    await show('#warning?asOf=2020-01-01T00:00:00&minLevel=watch');
    expect(await page.textContent('#view [data-notice=info]')).toMatch(
      /No customer is at level watch or above/,
    );
    await show('#rankings?from=2020-01-01&to=2020-02-01');
    expect(await page.textContent('#problems [data-notice=info]')).toMatch(/No complaint was filed/);
    expect(seeded.complaints.length).toBe(15);
  });

  it('says the service does not answer when it is down, instead of a blank page', async () => {
    await show(`#funnel?from=${PERIOD.from}&to=${PERIOD.to}`);
    service.server.child.kill('SIGTERM');
    await service.server.exited();
    await page.click('#view form button[type=submit]');
    await page.waitForSelector('#message:not([hidden])');
    expect(await page.textContent('#message')).toMatch(
      /The service does not answer: check that it is running/,
    );
    expect(await page.textContent('#view')).toMatch(/the funnel: the service does not answer/);
    await screenshot('service-down');
  });
});
