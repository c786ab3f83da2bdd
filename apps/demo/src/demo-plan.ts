import type { Attitude, Channel, ResolutionType, RespondentRole } from '@cl/complaints';
import type { ValueTier } from '@cl/customers';
import { DAY_MS, HOUR_MS, type ResolutionSpeed, type Severity } from '@cl/domain';
import { DemoRandom } from './demo-random';
import {
  BRANCHES,
  CATEGORIES,
  type Category,
  PRODUCTS,
  RESOLUTION_TYPE_BY_CATEGORY,
  describeComplaint,
  summarizeResolution,
} from './demo-vocabulary';

/**
 * The demo's data set as a plan: every customer, purchase and complaint with the times its
 * events occur, decided by a seeded generator alone (no clock, no I/O), so the same options
 * give the same plan. Customer i's data depends only on (seed, i, until): `--customers 200`
 * is the first 200 customers of `--customers 3000`.
 *
 * What shapes it (docs/domain.md): customer value is long-tailed (a log-normal weight drives how
 * often and how much each customer buys, so about a quarter of the customers bring three
 * quarters of the spend); a complaint's first resolution decides the chance that the customer
 * buys again (on the spot 95%, within a day 82%, within three days 68%, slower 54%,
 * unresolved 19%, goodwill +8 points), and a customer who does not is a silent departure:
 * no purchase after it. Some customers leave without ever complaining.
 */
export interface DemoPlanOptions {
  seed: number;
  customers: number;
  /** End of the data set (UTC ms): every event occurs before it. */
  until: number;
}

export const DEMO_MONTHS = 18;
export const DEMO_CURRENCY = 'EUR';
/** Days a complaint's repurchase window spans in the demo's funnel. */
export const DEMO_REPURCHASE_WINDOW_DAYS = 90;

/** The chance that a complainant buys again, by the first resolution's speed (docs/domain.md, TARP). */
export const RETURN_CHANCE: Readonly<Record<ResolutionSpeed, number>> = {
  on_the_spot: 0.95,
  within_1d: 0.82,
  within_3d: 0.68,
  slower: 0.54,
  unresolved: 0.19,
};
const GOODWILL_BONUS = 0.08;
/**
 * The share of a returning complainant's habitual purchases that stay after the complaint, by
 * its first resolution's speed: slow (mostly breached) or no handling leaves a customer who
 * still buys, but less often (the first purchase after it is always kept, so the funnel's
 * repurchase does not change).
 */
export const KEPT_PURCHASES: Readonly<Record<ResolutionSpeed, number>> = {
  on_the_spot: 1,
  within_1d: 1,
  within_3d: 0.8,
  slower: 0.5,
  unresolved: 0.4,
};
/** sigma of the log-normal customer value weight: the top ~25% bring ~75% of the spend. */
const VALUE_SIGMA = 1.3;

export type Segment = 'consumer' | 'small_business' | 'corporate';

export interface PlannedPurchase {
  orderId: string;
  amount: number;
  occurredAt: number;
}

export type PlannedStep =
  | { kind: 'assign'; at: number; agentId: string }
  | { kind: 'escalate'; at: number; note: string }
  | {
      kind: 'resolve';
      at: number;
      resolutionType: ResolutionType;
      summary: string;
      onTheSpot: boolean;
      compensation?: { amount: number; currency: string };
      goodwill?: { description: string; value: number };
    }
  | { kind: 'callback'; at: number; reached: boolean; attitude?: Attitude; notes?: string; agentId?: string }
  | {
      kind: 'survey';
      at: number;
      respondent: { contactId: string; role: RespondentRole };
      score: number;
      comment?: string;
    }
  | { kind: 'reopen'; at: number; reason: string }
  | { kind: 'close'; at: number; reason?: string };

export interface PlannedComplaint {
  complaintId: string;
  customerId: string;
  filedAt: number;
  channel: Channel;
  category: Category;
  severity: Severity;
  description: string;
  branchId?: string;
  productId?: string;
  orderId?: string;
  /** The funnel bucket the plan intends (the service decides it from the events). */
  speed: ResolutionSpeed;
  goodwill: boolean;
  /** Whether the customer buys again after it (else departs silently). */
  returns: boolean;
  steps: PlannedStep[];
}

export interface PlannedCustomer {
  customerId: string;
  segment: Segment;
  valueTier: ValueTier;
  createdAt: number;
  purchases: PlannedPurchase[];
  complaints: PlannedComplaint[];
  /** When the customer stopped buying: after a complaint, or silently; null while active. */
  departure: { at: number; after: 'complaint' | 'nothing' } | null;
}

export interface DemoPlan {
  seed: number;
  from: number;
  until: number;
  customers: PlannedCustomer[];
}

const MINUTE_MS = 60_000;
const second = (ms: number) => Math.floor(ms / 1000) * 1000;

export function planDemo(options: DemoPlanOptions): DemoPlan {
  const from = options.until - Math.round(DEMO_MONTHS * 30.44) * DAY_MS;
  const customers: PlannedCustomer[] = [];
  for (let i = 0; i < options.customers; i++) customers.push(planCustomer(options, from, i));
  return { seed: options.seed, from, until: options.until, customers };
}

function planCustomer(options: DemoPlanOptions, from: number, index: number): PlannedCustomer {
  const r = DemoRandom.forItem(options.seed, index);
  const until = options.until;
  const customerId = `demo${options.seed}-c${String(index).padStart(5, '0')}`;
  const segment = r.weighted<Segment>({ consumer: 75, small_business: 20, corporate: 5 });
  const z = r.normal();
  const weight =
    Math.exp(VALUE_SIGMA * z) * (segment === 'corporate' ? 1.8 : segment === 'small_business' ? 1.3 : 1);
  // The tiers follow the weight's quantiles: A the top 20%, B the next 30%.
  const valueTier: ValueTier = z > 0.8416 ? 'A' : z > 0 ? 'B' : 'C';
  const homeBranch = r.pick(BRANCHES);

  const createdAt = second(
    r.chance(0.6) ? from + r.between(0, 10) * DAY_MS : from + r.between(10, 460) * DAY_MS,
  );
  const silentChurn = r.chance(0.12)
    ? second(r.between(createdAt + 60 * DAY_MS, until + 200 * DAY_MS))
    : null;
  const activeEnd = Math.min(until, silentChurn ?? until);

  // Purchase habit: how often (days between purchases) and how much (basket) follow the weight.
  const gapDays = Math.max(4, 30 / (0.12 + 0.45 * Math.pow(weight, 0.6)));
  const basket = 40 * Math.pow(weight, 0.4) * r.logNormal(0.25);
  const times: number[] = [];
  for (
    let t = createdAt + r.between(0, gapDays) * DAY_MS;
    t < activeEnd;
    t += gapDays * r.between(0.6, 1.4) * DAY_MS
  ) {
    times.push(second(t));
  }
  const purchases = times.map((occurredAt) => ({ occurredAt, amount: amountOf(r, basket) }));

  // Complaints: a third of the customers, some of them several times, some in a cluster.
  const complaintTimes: number[] = [];
  const complainChance = 0.3 + 0.12 * Math.min(1, purchases.length / 30);
  if (activeEnd - createdAt > 2 * DAY_MS && r.chance(complainChance)) {
    const count = r.weighted({ one: 70, two: 18, three: 7, four: 3, five: 2 });
    const n = { one: 1, two: 2, three: 3, four: 4, five: 5 }[count];
    const first = r.between(createdAt + DAY_MS, activeEnd - HOUR_MS);
    complaintTimes.push(first);
    const clustered = r.chance(0.5);
    for (let k = 1; k < n; k++) {
      complaintTimes.push(
        clustered ? first + r.between(1, 60) * DAY_MS : r.between(createdAt + DAY_MS, activeEnd - HOUR_MS),
      );
    }
  }
  complaintTimes.sort((a, b) => a - b);

  const complaints: PlannedComplaint[] = [];
  let departure: PlannedCustomer['departure'] = null;
  for (const [k, time] of complaintTimes.entries()) {
    const filedAt = second(time);
    if (filedAt >= until - HOUR_MS || (departure && filedAt > departure.at)) break;
    const complaint = planComplaint(r, {
      complaintId: `${customerId}-k${k + 1}`,
      customerId,
      filedAt,
      until,
      segment,
      homeBranch,
      basket,
      lastPurchase: lastBefore(purchases, filedAt),
    });
    complaints.push(complaint);
    const anchor = complaint.steps.find((step) => step.kind === 'resolve')?.at ?? filedAt;
    if (complaint.returns) {
      const next = purchases.find((purchase) => purchase.occurredAt > anchor);
      if (!next || next.occurredAt > anchor + 85 * DAY_MS) {
        const at = second(anchor + r.between(2, 80) * DAY_MS);
        if (at < until) {
          purchases.push({ occurredAt: at, amount: amountOf(r, basket) });
          purchases.sort((a, b) => a.occurredAt - b.occurredAt);
        }
      }
    } else {
      departure = { at: anchor, after: 'complaint' };
      for (let p = purchases.length - 1; p >= 0 && purchases[p].occurredAt > anchor; p--) purchases.pop();
    }
  }
  if (!departure && silentChurn !== null && silentChurn < until)
    departure = { at: silentChurn, after: 'nothing' };

  const planned: PlannedPurchase[] = [];
  let previous = -Infinity;
  for (const purchase of thinAfterSlowHandling(options.seed, index, purchases, complaints)) {
    const occurredAt = Math.max(purchase.occurredAt, previous + 1000);
    planned.push({ orderId: `${customerId}-o${occurredAt / 1000}`, amount: purchase.amount, occurredAt });
    previous = occurredAt;
  }
  for (const complaint of complaints) {
    if (complaint.orderId === 'last') {
      const bought = lastBefore(planned, complaint.filedAt);
      if (bought) complaint.orderId = bought.orderId;
      else delete complaint.orderId;
    }
  }
  return { customerId, segment, valueTier, createdAt, purchases: planned, complaints, departure };
}

const anchorOf = (complaint: PlannedComplaint) =>
  complaint.steps.find((step) => step.kind === 'resolve')?.at ?? complaint.filedAt;

/**
 * The purchases left after the complaints that the customer came back from: each later
 * purchase stays with the KEPT_PURCHASES share of the slowest of them, except the first one
 * after each complaint. A generator of its own, so the rest of the plan draws as before.
 */
function thinAfterSlowHandling<T extends { occurredAt: number }>(
  seed: number,
  index: number,
  purchases: T[],
  complaints: PlannedComplaint[],
): T[] {
  const returned = complaints
    .filter((complaint) => complaint.returns && KEPT_PURCHASES[complaint.speed] < 1)
    .map((complaint) => ({ at: anchorOf(complaint), keep: KEPT_PURCHASES[complaint.speed] }));
  if (returned.length === 0) return purchases;
  const r = DemoRandom.forItem(seed ^ 0x5bd1e995, index);
  const firstAfter = new Set(
    complaints.map((complaint) => purchases.find((purchase) => purchase.occurredAt > anchorOf(complaint))),
  );
  return purchases.filter((purchase) => {
    if (firstAfter.has(purchase)) return true;
    const keep = Math.min(
      1,
      ...returned.filter(({ at }) => at < purchase.occurredAt).map(({ keep }) => keep),
    );
    return keep >= 1 || r.chance(keep);
  });
}

function amountOf(r: DemoRandom, basket: number): number {
  return Math.max(1, Math.round(basket * r.logNormal(0.3) * 100) / 100);
}

function lastBefore<T extends { occurredAt: number }>(purchases: T[], time: number): T | undefined {
  let last: T | undefined;
  for (const purchase of purchases) if (purchase.occurredAt < time) last = purchase;
  return last;
}

const SPOT_BY_CHANNEL: Record<Channel, number> = {
  store: 0.42,
  phone: 0.3,
  social: 0.15,
  web: 0.1,
  other: 0.1,
  email: 0.05,
  letter: 0,
};
const SPOT_BY_SEVERITY: Record<Severity, number> = { low: 1.2, medium: 1, high: 0.4, critical: 0.1 };
const ROLES: RespondentRole[] = ['primary', 'decision_maker', 'influencer', 'user'];

function planComplaint(
  r: DemoRandom,
  c: {
    complaintId: string;
    customerId: string;
    filedAt: number;
    until: number;
    segment: Segment;
    homeBranch: string;
    basket: number;
    lastPurchase: unknown;
  },
): PlannedComplaint {
  const { filedAt, until } = c;
  const channel = r.weighted<Channel>({
    phone: 28,
    email: 20,
    web: 20,
    store: 16,
    social: 8,
    letter: 3,
    other: 5,
  });
  const category = r.pick(CATEGORIES);
  const severity = r.weighted<Severity>({ low: 30, medium: 42, high: 22, critical: 6 });
  const branchId =
    channel === 'store' || r.chance(0.6) ? (r.chance(0.85) ? c.homeBranch : r.pick(BRANCHES)) : undefined;
  // Branches differ: the first resolve faster than the last.
  const quality = branchId
    ? 1.3 - (0.6 * (BRANCHES as readonly string[]).indexOf(branchId)) / (BRANCHES.length - 1)
    : 1;
  const productId = r.chance(0.7) ? r.pick(PRODUCTS) : undefined;
  const withOrder = c.lastPurchase !== undefined && r.chance(0.7);

  let speed: ResolutionSpeed = r.chance(SPOT_BY_CHANNEL[channel] * SPOT_BY_SEVERITY[severity] * quality)
    ? 'on_the_spot'
    : r.weighted<ResolutionSpeed>({
        on_the_spot: 0,
        within_1d: 38 * quality,
        within_3d: 27,
        slower: 20 / quality,
        unresolved: 15 / quality,
      });
  const hoursToResolve =
    speed === 'on_the_spot'
      ? r.between(2, 25) / 60
      : speed === 'within_1d'
        ? r.between(0.5, 24)
        : speed === 'within_3d'
          ? r.between(24.2, 72)
          : speed === 'slower'
            ? Math.min(45 * 24, 72 + 72 * r.logNormal(0.8))
            : null;
  let resolvedAt = hoursToResolve === null ? null : second(filedAt + hoursToResolve * HOUR_MS);
  if (resolvedAt !== null && resolvedAt >= until - 10 * MINUTE_MS) {
    resolvedAt = null; // not resolved yet: still open at the end of the data set
    speed = 'unresolved';
  }
  const goodwill =
    resolvedAt !== null &&
    r.chance(
      0.08 +
        (speed === 'slower' ? 0.2 : speed === 'within_3d' ? 0.1 : 0) +
        (severity === 'high' || severity === 'critical' ? 0.1 : 0),
    );
  const returns = r.chance(Math.min(0.97, RETURN_CHANCE[speed] + (goodwill ? GOODWILL_BONUS : 0)));
  const agentId = `agent-${(branchId ?? 'central').replace(/^br-/, '')}-${r.int(1, 4)}`;

  const steps: PlannedStep[] = [];
  if (speed !== 'on_the_spot') {
    const room = (resolvedAt ?? filedAt + 4 * HOUR_MS) - filedAt;
    steps.push({
      kind: 'assign',
      at: second(filedAt + Math.min(r.between(5, 90) * MINUTE_MS, room / 2)),
      agentId,
    });
  }
  if (
    (severity === 'high' || severity === 'critical') &&
    (speed === 'slower' || speed === 'unresolved') &&
    r.chance(0.35)
  ) {
    const last = steps[steps.length - 1]?.at ?? filedAt;
    const end = resolvedAt ?? filedAt + 4 * DAY_MS;
    steps.push({
      kind: 'escalate',
      at: second(last + (end - last) / 2),
      note: 'Customer chased twice; team lead informed.',
    });
  }
  if (resolvedAt !== null) {
    const resolutionType = r.pick(RESOLUTION_TYPE_BY_CATEGORY[category]);
    const compensation =
      resolutionType === 'refund' || resolutionType === 'compensation'
        ? { amount: Math.round(c.basket * r.between(0.2, 1) * 100) / 100, currency: DEMO_CURRENCY }
        : undefined;
    steps.push({
      kind: 'resolve',
      at: resolvedAt,
      resolutionType,
      summary: summarizeResolution(resolutionType, speed === 'on_the_spot'),
      onTheSpot: speed === 'on_the_spot',
      ...(compensation ? { compensation } : {}),
      ...(goodwill ? { goodwill: { description: r.pick(GOODWILL), value: r.int(5, 40) } } : {}),
    });
    let last = resolvedAt;
    if (r.chance(speed === 'on_the_spot' ? 0.5 : 0.8)) {
      last = second(last + r.between(2, 30) * HOUR_MS);
      const reached = r.chance(0.85);
      const attitude: Attitude = returns
        ? r.weighted<Attitude>({ satisfied: 75, neutral: 20, dissatisfied: 5 })
        : r.weighted<Attitude>({ satisfied: 15, neutral: 40, dissatisfied: 45 });
      steps.push(
        reached
          ? { kind: 'callback', at: last, reached, attitude, agentId, notes: CALLBACK_NOTES[attitude] }
          : { kind: 'callback', at: last, reached, agentId, notes: 'No answer; voicemail left.' },
      );
      if (reached && attitude === 'dissatisfied' && r.chance(0.5)) {
        last = second(last + r.between(1, 24) * HOUR_MS);
        steps.push({
          kind: 'reopen',
          at: last,
          reason: 'The customer is still unhappy after the call-back.',
        });
        last = second(last + r.between(4, 72) * HOUR_MS);
        steps.push({
          kind: 'resolve',
          at: last,
          resolutionType: 'replacement',
          summary: 'Second look: replaced the item and apologised.',
          onTheSpot: false,
        });
      }
    }
    if (r.chance(0.6)) {
      const respondents = c.segment === 'consumer' ? (r.chance(0.25) ? 2 : 1) : r.int(2, 3);
      last = second(last + r.between(1, 7) * DAY_MS);
      for (let k = 0; k < respondents; k++) {
        if (k > 0) last = second(last + r.between(2, 48) * HOUR_MS);
        const base = (returns ? 4.3 : 2.3) + (goodwill ? 0.3 : 0) - (speed === 'slower' ? 0.2 : 0);
        const score = Math.min(5, Math.max(1, Math.round(base + 0.8 * r.normal())));
        steps.push({
          kind: 'survey',
          at: last,
          respondent: { contactId: `${c.customerId}-ct${k + 1}`, role: ROLES[k] },
          score,
          ...(r.chance(0.4) ? { comment: SURVEY_COMMENTS[score - 1] } : {}),
        });
      }
    }
    if (r.chance(0.75))
      steps.push({
        kind: 'close',
        at: second(last + r.between(1, 10) * DAY_MS),
        reason: 'Resolved and confirmed.',
      });
  } else if (filedAt < until - 60 * DAY_MS && r.chance(0.8)) {
    const last = steps[steps.length - 1]?.at ?? filedAt;
    steps.push({
      kind: 'close',
      at: second(last + r.between(10, 40) * DAY_MS),
      reason: 'The customer stopped responding.',
    });
  }
  const cut = steps.findIndex((step) => step.at >= until - MINUTE_MS);
  if (cut >= 0) steps.length = cut;

  return {
    complaintId: c.complaintId,
    customerId: c.customerId,
    filedAt,
    channel,
    category,
    severity,
    description: describeComplaint(category, r.float()),
    ...(branchId ? { branchId } : {}),
    ...(productId ? { productId } : {}),
    ...(withOrder ? { orderId: 'last' } : {}),
    speed,
    goodwill,
    returns,
    steps,
  };
}

const GOODWILL = [
  'Voucher for the next purchase',
  'Free delivery for a year',
  'Loyalty points credited',
  'Free extended warranty',
];
const CALLBACK_NOTES: Record<Attitude, string> = {
  satisfied: 'Happy with how it was handled.',
  neutral: 'Accepts the outcome, no more.',
  dissatisfied: 'Unhappy: took too long and nobody kept them informed.',
};
const SURVEY_COMMENTS = [
  'Never again.',
  'Slow and had to chase.',
  'Fine in the end.',
  'Good handling.',
  'Excellent, fixed right away.',
];
