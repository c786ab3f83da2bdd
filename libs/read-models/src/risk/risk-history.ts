import { emptyRiskFacts, type CustomerRiskFacts } from './customer-risk-facts';
import { scaledAmount } from './risk-snapshot';

/** One fact about a customer, as the customer-risk projection takes it from one event. Times in ms. */
export type RiskFact =
  | { kind: 'named'; at: number }
  | { kind: 'filed'; at: number; complaintId: string; dueAt: number }
  | { kind: 'resolved' | 'closed'; at: number; complaintId: string }
  | { kind: 'reopened'; at: number; complaintId: string; dueAt: number; position: string }
  | { kind: 'paused'; at: number; complaintId: string }
  | { kind: 'resumed'; at: number; complaintId: string; dueAt: number }
  | { kind: 'survey'; at: number; position: string; score: number }
  | { kind: 'callback'; at: number; position: string; reached: boolean; attitude?: string }
  | { kind: 'purchase'; at: number; position: string; amount: number };

const CODE = {
  named: 'n',
  filed: 'f',
  resolved: 'r',
  closed: 'c',
  reopened: 'o',
  paused: 'u',
  resumed: 'm',
  survey: 's',
  callback: 'b',
  purchase: 'p',
} as const;

/** A time as a sorted-set score: one that is not a number never comes due. */
export function scoreOf(ms: number): string {
  return Number.isFinite(ms) ? String(ms) : ms < 0 ? '-inf' : '+inf';
}

/** The inverse of scoreOf; also reads Redis's `inf` and `-inf`. */
export function msOf(score: string): number {
  return score === '+inf' || score === 'inf' ? Infinity : score === '-inf' ? -Infinity : Number(score);
}

/** The fact as an entry of the customer's history list: its code, time and fields, tab-separated. */
export function historyEntry(fact: RiskFact): string {
  const head = `${CODE[fact.kind]}\t${fact.at}`;
  switch (fact.kind) {
    case 'named':
      return head;
    case 'filed':
      return `${head}\t${fact.complaintId}\t${scoreOf(fact.dueAt)}`;
    case 'resolved':
    case 'closed':
      return `${head}\t${fact.complaintId}`;
    case 'reopened':
      return `${head}\t${fact.complaintId}\t${scoreOf(fact.dueAt)}\t${fact.position}`;
    case 'paused':
      return `${head}\t${fact.complaintId}`;
    case 'resumed':
      return `${head}\t${fact.complaintId}\t${scoreOf(fact.dueAt)}`;
    case 'survey':
      return `${head}\t${fact.position}\t${fact.score}`;
    case 'callback':
      return `${head}\t${fact.position}\t${fact.reached ? 1 : 0}\t${fact.attitude ?? ''}`;
    case 'purchase':
      return `${head}\t${fact.position}\t${fact.amount}`;
  }
}

/**
 * What APPLY_FACTS takes per fact it applies one by one (customer-risk-store.ts): code, time
 * and up to three fields its summaries need. Namings, surveys and call-backs are not among
 * them: their summaries are taken per customer (batchSummaryArguments).
 */
export function factArguments(fact: AppliedFact, closedInBatch = false): string[] {
  const [x, y, z] = ((): string[] => {
    switch (fact.kind) {
      case 'filed':
        return [fact.complaintId, scoreOf(fact.dueAt)];
      case 'resolved':
      case 'closed':
        return [fact.complaintId];
      case 'reopened':
        return [fact.complaintId, scoreOf(fact.dueAt), fact.position];
      case 'paused':
        return [fact.complaintId];
      case 'resumed':
        return [fact.complaintId, scoreOf(fact.dueAt)];
      case 'purchase':
        return [fact.position, String(scaledAmount(fact.amount))];
    }
  })();
  return [closedInBatch ? CLOSED_IN_BATCH : CODE[fact.kind], String(fact.at), x ?? '', y ?? '', z ?? ''];
}

/**
 * The code APPLY_FACTS takes for a filing whose complaint the same batch resolves or closes
 * before pausing, resuming or reopening it: the complaint is never among the open ones after
 * the batch, so it is not added to them only to be removed by the next fact (that resolution
 * or closing, which is left out).
 */
const CLOSED_IN_BATCH = 'F';

/** The facts APPLY_FACTS applies one by one: those that touch a customer's sorted sets or windows. */
export type AppliedFact = Exclude<RiskFact, { kind: 'named' | 'survey' | 'callback' }>;

/**
 * What APPLY_FACTS takes per customer before its applied facts: its history entries of the
 * batch (one APPEND), the earliest and latest time of its facts, and its latest survey and
 * call-back of the batch as the summary stores them ('' for none); and the facts it applies
 * one by one, in arrival order.
 */
export function batchSummaryArguments(facts: readonly RiskFact[]): {
  summary: string[];
  applied: AppliedFact[];
  /** The filings of `applied` to send as closed in the batch (factArguments). */
  closedInBatch: Set<AppliedFact>;
} {
  let history = '';
  let earliest = Infinity;
  let latest = -Infinity;
  let survey: Extract<RiskFact, { kind: 'survey' }> | undefined;
  let callback: Extract<RiskFact, { kind: 'callback' }> | undefined;
  const applied: AppliedFact[] = [];
  const closedInBatch = new Set<AppliedFact>();
  /** Per complaint filed in the batch, its filing while nothing but a resolution or closing followed it. */
  const filedHere = new Map<string, AppliedFact>();
  for (const fact of facts) {
    history += `${historyEntry(fact)}\n`;
    if (fact.at < earliest) earliest = fact.at;
    if (fact.at > latest) latest = fact.at;
    if (fact.kind === 'survey') {
      if (survey === undefined || isLater(fact, survey)) survey = fact;
    } else if (fact.kind === 'callback') {
      if (callback === undefined || isLater(fact, callback)) callback = fact;
    } else if (fact.kind === 'filed') {
      filedHere.set(fact.complaintId, fact);
      applied.push(fact);
    } else if (fact.kind === 'resolved' || fact.kind === 'closed') {
      const filing = filedHere.get(fact.complaintId);
      filedHere.delete(fact.complaintId);
      if (filing !== undefined) closedInBatch.add(filing);
      else applied.push(fact);
    } else if (fact.kind !== 'named') {
      if ('complaintId' in fact) filedHere.delete(fact.complaintId);
      applied.push(fact);
    }
  }
  return {
    summary: [
      history,
      String(earliest),
      String(latest),
      survey ? `${survey.at}\t${survey.position}\t${survey.score}` : '',
      callback
        ? `${callback.at}\t${callback.position}\t${callback.reached ? '1' : '0'}\t${callback.attitude ?? ''}`
        : '',
    ],
    applied,
    closedInBatch,
  };
}

/** Whether a fact is later than another by (time, position), as the script compares them (numbers). */
function isLater(fact: { at: number; position: string }, than: { at: number; position: string }): boolean {
  return fact.at > than.at || (fact.at === than.at && Number(fact.position) > Number(than.position));
}

/** The entries of a customer's history string (each ends with a newline). */
export function historyEntries(history: string): string[] {
  const entries = history.split('\n');
  entries.pop();
  return entries;
}

/** A customer's facts folded from its history entries, for an assessment at any asOf. */
export function factsFromHistory(entries: readonly string[]): CustomerRiskFacts {
  const facts = emptyRiskFacts();
  let named = Infinity;
  for (const entry of entries) {
    // Fields by hand rather than split(): a scan folds millions of entries, and the arrays
    // split() makes are most of the garbage.
    const code = entry[0];
    const afterAt = tabAfter(entry, 2);
    const at = Number(entry.slice(2, afterAt));
    const afterA = tabAfter(entry, afterAt + 1);
    const a = entry.slice(afterAt + 1, afterA);
    const afterB = tabAfter(entry, afterA + 1);
    const b = entry.slice(afterA + 1, afterB);
    const c = entry.slice(afterB + 1, tabAfter(entry, afterB + 1));
    if (at < named) named = at;
    switch (code) {
      case CODE.filed:
        facts.complaints[a] = { filedAt: at, changes: [{ type: 'filed', at, dueAt: msOf(b) }] };
        break;
      case CODE.resolved:
      case CODE.closed:
        facts.complaints[a]?.changes.push({ type: code === CODE.resolved ? 'resolved' : 'closed', at });
        break;
      case CODE.reopened:
        facts.complaints[a]?.changes.push({ type: 'reopened', at, dueAt: msOf(b) });
        break;
      case CODE.paused:
        facts.complaints[a]?.changes.push({ type: 'paused', at });
        break;
      case CODE.resumed:
        facts.complaints[a]?.changes.push({ type: 'resumed', at, dueAt: msOf(b) });
        break;
      case CODE.survey:
        facts.satisfaction.push({ at, position: Number(a), score: Number(b) });
        break;
      case CODE.callback:
        facts.callbacks.push({ at, position: Number(a), reached: b === '1', ...(c ? { attitude: c } : {}) });
        break;
      case CODE.purchase:
        facts.purchases.push({ at, amount: Number(b) });
        break;
    }
  }
  if (named !== Infinity) facts.firstNamedAt = named;
  return facts;
}

/** The index of the next tab from `from`, or the entry's length. */
function tabAfter(entry: string, from: number): number {
  if (from > entry.length) return entry.length;
  const tab = entry.indexOf('\t', from);
  return tab < 0 ? entry.length : tab;
}

/** The ids of the complaints filed for the customer, in the order the filings reached the history (log order). */
export function filedComplaintIds(entries: readonly string[]): string[] {
  const ids = new Set<string>();
  for (const entry of entries) {
    const [code, , complaintId] = entry.split('\t');
    if (code === CODE.filed) ids.add(complaintId);
  }
  return [...ids];
}
