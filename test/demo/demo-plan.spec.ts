import { DAY_MS, RESOLUTION_SPEEDS } from '@cl/domain';
import { DEMO_REPURCHASE_WINDOW_DAYS, planDemo, type DemoPlan } from '../../apps/demo/src/demo-plan';
import { demoLanes } from '../../apps/demo/src/demo-requests';

const until = Date.UTC(2026, 11, 1);

const spendOf = (plan: DemoPlan) =>
  plan.customers.map((customer) => customer.purchases.reduce((sum, purchase) => sum + purchase.amount, 0));

/** The repurchase rate per resolution speed, computed from the plan as docs/domain.md's funnel defines it. */
function repurchaseBySpeed(plan: DemoPlan): Record<string, number> {
  const counts: Record<string, { filed: number; repurchased: number }> = {};
  const cohortEnd = plan.until - DEMO_REPURCHASE_WINDOW_DAYS * DAY_MS;
  for (const customer of plan.customers) {
    for (const complaint of customer.complaints) {
      if (complaint.filedAt >= cohortEnd) continue;
      const anchor = complaint.steps.find((step) => step.kind === 'resolve')?.at ?? complaint.filedAt;
      const repurchased = customer.purchases.some(
        (p) => p.occurredAt > anchor && p.occurredAt <= anchor + DEMO_REPURCHASE_WINDOW_DAYS * DAY_MS,
      );
      const group = (counts[complaint.speed] ??= { filed: 0, repurchased: 0 });
      group.filed++;
      if (repurchased) group.repurchased++;
    }
  }
  return Object.fromEntries(Object.entries(counts).map(([key, c]) => [key, c.repurchased / c.filed]));
}

describe('the demo plan', () => {
  const plan = planDemo({ seed: 42, customers: 3000, until });

  it('is the same for the same seed, and another for another seed', () => {
    const again = planDemo({ seed: 42, customers: 3000, until });
    // (compared as JSON: jest's deep equality takes seconds over ~40,000 requests)
    expect(JSON.stringify(again)).toBe(JSON.stringify(plan));
    expect(JSON.stringify(demoLanes(again))).toBe(JSON.stringify(demoLanes(plan)));
    const other = planDemo({ seed: 43, customers: 3000, until });
    expect(spendOf(other)).not.toEqual(spendOf(plan));
  });

  it('gives customer i the same data whatever the number of customers (--customers N is a prefix)', () => {
    const small = planDemo({ seed: 42, customers: 100, until });
    expect(JSON.stringify(small.customers)).toBe(JSON.stringify(plan.customers.slice(0, 100)));
  });

  it('has a long-tailed spend: 20-30% of the customers bring 75% of it', () => {
    const spend = spendOf(plan).sort((a, b) => b - a);
    const total = spend.reduce((sum, x) => sum + x, 0);
    let share = 0;
    let customers = 0;
    while (share < 0.75 * total) share += spend[customers++];
    expect(customers / spend.length).toBeGreaterThanOrEqual(0.2);
    expect(customers / spend.length).toBeLessThanOrEqual(0.3);
    const top = (fraction: number) =>
      spend.slice(0, Math.round(fraction * spend.length)).reduce((sum, x) => sum + x, 0) / total;
    expect(top(0.2)).toBeGreaterThan(0.6);
    expect(top(0.3)).toBeLessThan(0.9);
    // and most customers buy a little: the median customer spends under half the mean
    expect(spend[Math.floor(spend.length / 2)]).toBeLessThan(total / spend.length / 2);
  });

  it('lets the repurchase rate fall from on-the-spot to unresolved (docs/domain.md figures)', () => {
    const rates = repurchaseBySpeed(plan);
    const ordered = RESOLUTION_SPEEDS.map((speed) => rates[speed]);
    for (let i = 1; i < ordered.length; i++) expect(ordered[i]).toBeLessThan(ordered[i - 1]);
    expect(rates.on_the_spot).toBeGreaterThan(0.9);
    expect(rates.unresolved).toBeLessThan(0.3);
  });

  it('lets a customer who comes back after slow handling buy less often afterwards', () => {
    // Customers with one complaint who came back: purchases in the 180 days after its
    // resolution against the 180 days before its filing, per speed.
    const window = 180 * DAY_MS;
    const counts: Record<string, { before: number; after: number }> = {};
    for (const customer of plan.customers) {
      const [complaint] = customer.complaints;
      if (customer.complaints.length !== 1 || !complaint.returns) continue;
      const anchor = complaint.steps.find((step) => step.kind === 'resolve')?.at ?? complaint.filedAt;
      if (complaint.filedAt - window < customer.createdAt || anchor + window > plan.until) continue;
      const count = (counts[complaint.speed] ??= { before: 0, after: 0 });
      for (const { occurredAt } of customer.purchases) {
        if (occurredAt >= complaint.filedAt - window && occurredAt < complaint.filedAt) count.before++;
        else if (occurredAt > anchor && occurredAt <= anchor + window) count.after++;
      }
    }
    const ratio = (speed: string) => counts[speed].after / counts[speed].before;
    expect(ratio('slower')).toBeLessThan(0.75 * ratio('within_1d'));
    expect(ratio('within_3d')).toBeLessThan(ratio('within_1d'));
  });

  it('covers every channel, severity, speed, step, departures and multi-contact surveys', () => {
    const complaints = plan.customers.flatMap((customer) => customer.complaints);
    expect(new Set(complaints.map((c) => c.channel)).size).toBe(7);
    expect(new Set(complaints.map((c) => c.severity)).size).toBe(4);
    expect(new Set(complaints.map((c) => c.speed)).size).toBe(5);
    expect(new Set(complaints.flatMap((c) => c.steps.map((s) => s.kind)))).toEqual(
      new Set(['assign', 'escalate', 'resolve', 'callback', 'survey', 'reopen', 'close']),
    );
    expect(complaints.some((c) => c.steps.filter((s) => s.kind === 'survey').length >= 2)).toBe(true);
    expect(complaints.some((c) => c.goodwill)).toBe(true);
    const departures = plan.customers.map((customer) => customer.departure?.after);
    expect(departures).toContain('complaint');
    expect(departures).toContain('nothing');
  });

  it('keeps every event in the 18 months, each complaint in time order, order ids unique per customer', () => {
    const problems: string[] = [];
    const check = (ok: boolean, problem: string) => ok || problems.push(problem);
    for (const customer of plan.customers) {
      const orderIds = new Set(customer.purchases.map((p) => p.orderId));
      check(orderIds.size === customer.purchases.length, `${customer.customerId}: an orderId twice`);
      for (const purchase of customer.purchases) {
        check(
          purchase.occurredAt >= plan.from && purchase.occurredAt < plan.until,
          `${purchase.orderId}: out of range`,
        );
      }
      for (const complaint of customer.complaints) {
        let last = complaint.filedAt;
        check(last >= plan.from, `${complaint.complaintId}: filed before the period`);
        for (const step of complaint.steps) {
          check(step.at >= last, `${complaint.complaintId}: ${step.kind} goes back in time`);
          last = step.at;
        }
        check(last < plan.until, `${complaint.complaintId}: an event after the end`);
        if (complaint.orderId)
          check(orderIds.has(complaint.orderId), `${complaint.complaintId}: unknown order`);
      }
    }
    expect(problems).toEqual([]);
  });
});
