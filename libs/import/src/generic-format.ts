import canonicalize from 'canonicalize';
import { complaintStreamId } from '@cl/complaints';
import { customerStreamId } from '@cl/customers';
import { toInstant } from '@cl/domain';
import type { ImportCommandType, ImportOperation } from './import-operation';

type ColumnType = 'string' | 'number' | 'boolean';

/** A column of a row: where it goes in the API body, and its JSON type there. */
interface ColumnRule {
  column: string;
  /** The body field, e.g. `['compensation', 'amount']`; default: the column's name. */
  path: readonly string[];
  type: ColumnType;
}

/** What one value of `event` stands for (docs/import.md, `--format generic`). */
export interface GenericEvent {
  event: string;
  target: 'complaint' | 'customer';
  command: ImportCommandType;
  columns: readonly ColumnRule[];
}

const col = (
  column: string,
  type: ColumnType = 'string',
  path: readonly string[] = [column],
): ColumnRule => ({
  column,
  path,
  type,
});

/** The one table from a row's `event` to the API's command and body: one entry per event. */
export const GENERIC_EVENTS: readonly GenericEvent[] = [
  {
    event: 'filed',
    target: 'complaint',
    command: 'file',
    columns: [
      col('complaintId'),
      col('customerId'),
      col('channel'),
      col('category'),
      col('severity'),
      col('description'),
      col('branchId'),
      col('productId'),
      col('orderId'),
      col('followUpOf'),
      col('subjectAgentId'),
    ],
  },
  { event: 'assigned', target: 'complaint', command: 'assign', columns: [col('agentId')] },
  { event: 'escalated', target: 'complaint', command: 'escalate', columns: [col('note')] },
  {
    event: 'resolved',
    target: 'complaint',
    command: 'resolve',
    columns: [
      col('resolutionType'),
      col('summary'),
      col('compensationAmount', 'number', ['compensation', 'amount']),
      col('compensationCurrency', 'string', ['compensation', 'currency']),
      col('goodwillDescription', 'string', ['goodwill', 'description']),
      col('goodwillValue', 'number', ['goodwill', 'value']),
      col('onTheSpot', 'boolean'),
      col('outcome'),
    ],
  },
  { event: 'acknowledged', target: 'complaint', command: 'acknowledge', columns: [col('channel')] },
  { event: 'paused', target: 'complaint', command: 'pause', columns: [col('reason')] },
  { event: 'resumed', target: 'complaint', command: 'resume', columns: [] },
  { event: 'extended', target: 'complaint', command: 'extend', columns: [col('reason')] },
  { event: 'reopened', target: 'complaint', command: 'reopen', columns: [col('reason')] },
  {
    event: 'callback',
    target: 'complaint',
    command: 'recordCallback',
    columns: [col('reached', 'boolean'), col('attitude'), col('notes'), col('agentId')],
  },
  {
    event: 'satisfaction',
    target: 'complaint',
    command: 'recordSatisfaction',
    columns: [
      col('contactId', 'string', ['respondent', 'contactId']),
      col('role', 'string', ['respondent', 'role']),
      col('score', 'number'),
      col('comment'),
    ],
  },
  { event: 'closed', target: 'complaint', command: 'close', columns: [col('reason')] },
  {
    event: 'root_cause',
    target: 'complaint',
    command: 'recordRootCause',
    columns: [col('cause'), col('note')],
  },
  {
    event: 'purchase',
    target: 'customer',
    command: 'recordPurchase',
    columns: [col('orderId'), col('amount', 'number'), col('currency')],
  },
  {
    event: 'profile',
    target: 'customer',
    command: 'updateProfile',
    columns: [col('segment'), col('valueTier')],
  },
];

const BY_EVENT = new Map(GENERIC_EVENTS.map((entry) => [entry.event, entry]));

/** The columns every row may have. */
export const ROW_COLUMNS = ['event', 'occurredAt', 'complaintId', 'customerId'] as const;

/** Every column the generic format knows; others are ignored (with one warning). */
export const GENERIC_COLUMNS: ReadonlySet<string> = new Set([
  ...ROW_COLUMNS,
  ...GENERIC_EVENTS.flatMap((entry) => entry.columns.map((rule) => rule.column)),
]);

/** Header problems that make the file unusable (exit 2): the columns every row needs. */
export function genericHeaderProblems(header: readonly string[]): string[] {
  const has = new Set(header);
  const problems = ['event', 'occurredAt']
    .filter((column) => !has.has(column))
    .map((column) => `the column '${column}' is missing`);
  if (!has.has('complaintId') && !has.has('customerId')) {
    problems.push("the file needs a 'complaintId' or a 'customerId' column");
  }
  return problems;
}

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A CSV value as the JSON value the API would receive: numbers and booleans typed, others as text. */
function typed(value: string, type: ColumnType): unknown {
  if (type === 'number' && NUMBER.test(value)) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function setPath(body: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = body;
  for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[path[path.length - 1]] = value;
}

/**
 * One generic row (its known, non-empty columns) as the command it stands for. Pure: the
 * API's rules are applied later, to `body`, exactly as the route applies them.
 */
export function genericOperation(line: number, fields: Readonly<Record<string, string>>): ImportOperation {
  const given = Object.entries(fields).filter(
    ([column, value]) => value !== '' && GENERIC_COLUMNS.has(column),
  );
  const row = Object.fromEntries(given);
  const occurredAt = row.occurredAt === undefined ? undefined : toInstant(row.occurredAt);
  const canonical = canonicalize({ ...row, ...(occurredAt !== undefined && { occurredAt }) })!;
  const entry = BY_EVENT.get(row.event ?? '');
  const target = entry?.target ?? (row.complaintId !== undefined ? 'complaint' : 'customer');
  const targetId = (target === 'complaint' ? row.complaintId : row.customerId) ?? '';
  const base = {
    line,
    event: row.event ?? '',
    target,
    targetId,
    ...(row.complaintId !== undefined && { complaintId: row.complaintId }),
    ...(row.customerId !== undefined && { customerId: row.customerId }),
    streamId: target === 'complaint' ? complaintStreamId(targetId) : customerStreamId(targetId),
    ...(occurredAt !== undefined && { occurredAt }),
    canonical,
    body: {},
  } satisfies ImportOperation;
  const refuse = (message: string): ImportOperation => ({ ...base, refusal: { status: 400, message } });

  if (entry === undefined) {
    const known = GENERIC_EVENTS.map((event) => event.event).join(', ');
    return refuse(
      row.event === undefined ? `event is required: one of ${known}` : `event must be one of ${known}`,
    );
  }
  if (targetId === '') return refuse(`${target}Id is required for event ${entry.event}`);
  if (row.occurredAt === undefined) {
    return refuse('occurredAt is required: the business time of the event, e.g. 2026-03-01T09:30:00Z');
  }

  const rules = new Map(entry.columns.map((rule) => [rule.column, rule]));
  const body: Record<string, unknown> = { occurredAt: row.occurredAt };
  for (const [column, value] of given) {
    if (column === 'event' || column === 'occurredAt') continue;
    const rule = rules.get(column);
    if (rule === undefined) {
      // The path's id, not a body field; any other column the event does not take goes into
      // the body under its own name, so the API's rule names it ("should not exist").
      if (column !== `${target}Id`) body[column] = value;
      continue;
    }
    setPath(body, rule.path, typed(value, rule.type));
  }
  return {
    ...base,
    command: entry.command,
    body,
    ...(entry.command === 'file' && row.followUpOf !== undefined && { followUpOf: row.followUpOf }),
  };
}
