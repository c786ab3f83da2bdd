import fc from 'fast-check';
import {
  ATTITUDES,
  CHANNELS,
  OUTCOMES,
  PAUSE_REASONS,
  RESOLUTION_TYPES,
  RESPONDENT_ROLES,
  SEVERITIES,
} from '@cl/complaints';
import { VALUE_TIERS } from '@cl/customers';
import { TOKENS } from '../support/http-client';

/** One request as it goes on the wire: any method, path, headers and body text. */
export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** What the fuzzed service holds before the first request (see seedFuzzData). */
export const KNOWN = {
  complaints: ['F-OPEN', 'F-RESOLVED', 'F-CLOSED'],
  customers: ['FC-1', 'FC-2'],
};

const knownId = fc.constantFrom(...KNOWN.complaints, ...KNOWN.customers, 'NOPE-1');
const knownComplaint = fc.constantFrom(...KNOWN.complaints);
const knownCustomer = fc.constantFrom(...KNOWN.customers);
const validId = fc.stringMatching(/^[A-Za-z0-9_.-]{1,64}$/);
const anyText = fc.string({ unit: 'binary', maxLength: 80 });
const oddText = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '..',
  '__proto__',
  'constructor',
  'x'.repeat(2001),
  'x'.repeat(5001),
  '\ud800',
  '😀'.repeat(40),
);

/** Well-formed values, for the bodies before mutation. */
const idValue = fc.oneof({ weight: 3, arbitrary: knownId }, { weight: 1, arbitrary: validId });
const text = fc.string({ minLength: 1, maxLength: 40 });
const recentInstant = fc
  .integer({ min: -30 * 86_400_000, max: 4 * 60_000 })
  .map((offset) => new Date(Date.now() + offset).toISOString());
const amount = fc.oneof(fc.integer({ min: 0, max: 10_000 }), fc.double({ min: 0, max: 1e9, noNaN: true }));

/** Any instant, well-formed or not (query parameters). */
const instant = fc.oneof(
  { weight: 4, arbitrary: recentInstant },
  {
    weight: 1,
    arbitrary: fc
      .date({
        min: new Date('0000-01-01T00:00:00Z'),
        max: new Date('9999-12-31T23:59:59Z'),
        noInvalidDate: true,
      })
      .map((date) => date.toISOString()),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '2026-03-01',
      '2026-02-30T10:00:00Z',
      '2026-03-01T24:00:00Z',
      '2026-03-01T10:00:00+99:99',
      '2026-03-01T10:00:00.123456789+0200',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999Z',
    ),
  },
  { weight: 1, arbitrary: anyText },
);

/** What a mutation puts in a field: anything JSON can carry, odd text, instants and numbers. */
const anyJson = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  {
    weight: 1,
    arbitrary: fc.array(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }))),
  },
  { weight: 1, arbitrary: anyText },
  { weight: 1, arbitrary: oddText },
  { weight: 1, arbitrary: instant },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      0,
      -0,
      -1,
      0.5,
      1e12,
      1e12 + 1,
      1e308,
      5e-324,
      Number.MAX_SAFE_INTEGER,
      2 ** 53,
    ),
  },
);

const optional = { requiredKeys: [] as never[] };
const occurredAt = { occurredAt: recentInstant };

/** A well-formed body for each command (before mutation). */
const COMMAND_BODIES: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  file: fc
    .tuple(
      fc.record({
        customerId: idValue,
        channel: fc.constantFrom(...CHANNELS),
        category: text,
        severity: fc.constantFrom(...SEVERITIES),
        description: text,
      }),
      fc.record(
        {
          complaintId: fc.oneof({ weight: 3, arbitrary: fc.uuid() }, { weight: 1, arbitrary: idValue }),
          branchId: idValue,
          productId: idValue,
          orderId: idValue,
          followUpOf: knownComplaint,
          subjectAgentId: idValue,
          ...occurredAt,
        },
        optional,
      ),
    )
    .map(([required, rest]) => ({ ...required, ...rest })),
  assignment: fc.record({ agentId: idValue, ...occurredAt }, { requiredKeys: ['agentId'] }),
  escalation: fc.record({ note: text, ...occurredAt }, optional),
  resolution: fc.record(
    {
      resolutionType: fc.constantFrom(...RESOLUTION_TYPES),
      summary: text,
      compensation: fc.record({ amount, currency: fc.constantFrom('EUR', 'USD') }),
      goodwill: fc.record({ description: text, value: amount }, { requiredKeys: ['description'] }),
      onTheSpot: fc.boolean(),
      outcome: fc.constantFrom(...OUTCOMES),
      ...occurredAt,
    },
    { requiredKeys: ['resolutionType', 'summary'] },
  ),
  reopen: fc.record({ reason: text, ...occurredAt }, { requiredKeys: ['reason'] }),
  callbacks: fc.record(
    {
      reached: fc.boolean(),
      attitude: fc.constantFrom(...ATTITUDES),
      notes: text,
      agentId: idValue,
      ...occurredAt,
    },
    { requiredKeys: ['reached'] },
  ),
  satisfaction: fc.record(
    {
      respondent: fc.record({ contactId: idValue, role: fc.constantFrom(...RESPONDENT_ROLES) }),
      score: fc.integer({ min: 1, max: 5 }),
      comment: text,
      ...occurredAt,
    },
    { requiredKeys: ['respondent', 'score'] },
  ),
  close: fc.record({ reason: text, ...occurredAt }, optional),
  acknowledgement: fc.record({ channel: fc.constantFrom(...CHANNELS), ...occurredAt }, optional),
  pause: fc.record(
    { reason: fc.constantFrom(...PAUSE_REASONS), ...occurredAt },
    { requiredKeys: ['reason'] },
  ),
  resume: fc.record({ ...occurredAt }, optional),
  extension: fc.record({ reason: text, ...occurredAt }, { requiredKeys: ['reason'] }),
  'root-cause': fc.record({ cause: idValue, note: text, ...occurredAt }, { requiredKeys: ['cause'] }),
  correctiveAction: fc.record(
    {
      actionId: validId,
      target: fc.record({ by: fc.constantFrom('category', 'product', 'branch', 'cause'), value: idValue }),
      description: text,
      owner: idValue,
      dueAt: recentInstant,
      ...occurredAt,
    },
    { requiredKeys: ['target', 'description', 'owner', 'dueAt'] },
  ),
  completion: fc.record({ note: text, ...occurredAt }, optional),
  profile: fc.record({ segment: text, valueTier: fc.constantFrom(...VALUE_TIERS), ...occurredAt }, optional),
  purchases: fc.record({ orderId: validId, amount, currency: fc.constantFrom('EUR', 'USD'), ...occurredAt }),
};

/** A body changed in one way: a field set to any JSON (arrays where objects belong included), one dropped, one added. */
function mutated(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<unknown> {
  const withField = (body: Record<string, unknown>) => {
    const keys = Object.keys(body);
    return keys.length === 0 ? fc.string({ maxLength: 8 }) : fc.constantFrom(...keys);
  };
  return fc.oneof(
    { weight: 6, arbitrary: valid },
    {
      weight: 2,
      arbitrary: valid.chain((body) =>
        fc.tuple(withField(body), anyJson).map(([key, value]) => ({ ...body, [key]: value })),
      ),
    },
    {
      weight: 1,
      arbitrary: valid.chain((body) =>
        withField(body).map((key) =>
          Object.fromEntries(Object.entries(body).filter(([name]) => name !== key)),
        ),
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(valid, fc.string({ maxLength: 12 }), anyJson)
        .map(([body, key, value]) => ({ ...body, [key]: value })),
    },
    { weight: 1, arbitrary: valid.map((body) => [body]) },
  );
}

/** Nested `levels` deep in a field, around the 32-level limit. */
const nested = fc
  .tuple(fc.integer({ min: 25, max: 40 }), fc.boolean())
  .map(([levels, objects]) =>
    objects
      ? `{"note":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}`
      : `{"note":${'['.repeat(levels)}${']'.repeat(levels)}}`,
  );

/** The text of a body: mostly a mutated command body, else broken, odd or hostile JSON. */
function bodyText(valid: fc.Arbitrary<Record<string, unknown>>): fc.Arbitrary<string | undefined> {
  const json = mutated(valid).map((body) => JSON.stringify(body));
  return fc.oneof(
    { weight: 8, arbitrary: json },
    { weight: 1, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
    { weight: 1, arbitrary: anyText },
    {
      weight: 1,
      arbitrary: fc.tuple(json, fc.nat()).map(([body, cut]) => body.slice(0, cut % (body.length + 1))),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(json, fc.nat(), fc.string({ maxLength: 4 })).map(([body, at, inserted]) => {
        const index = at % (body.length + 1);
        return body.slice(0, index) + inserted + body.slice(index);
      }),
    },
    { weight: 1, arbitrary: nested },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        'null',
        '[]',
        '"x"',
        '1e400',
        '{"amount":1e400,"score":-1e400}',
        '{"__proto__":{"polluted":1}}',
        '{"constructor":{"prototype":{"polluted":1}}}',
        '{"a":1,"a":2}',
        `{"description":"${'x'.repeat(70_000)}"}`,
        `{"note":${'['.repeat(3000)}${']'.repeat(3000)}}`,
        `{"note":${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}}`,
      ),
    },
  );
}

/** An id in a path: mostly one of the kind the route expects, sometimes any text. */
function idInPath(expected: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 12, arbitrary: expected },
    { weight: 2, arbitrary: knownId },
    { weight: 1, arbitrary: validId },
    { weight: 2, arbitrary: anyText.map(encodeURIComponent) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '..',
        '%2e%2e',
        '%00',
        '%',
        '%zz',
        'a'.repeat(300),
        '%F0%9F%98%80',
        'a%2Fb',
        '__proto__',
      ),
    },
  );
}

const queryValue = fc.oneof(
  instant,
  fc.constantFrom('0', '-1', '1', '50', '500', '501', '1001', '1e400', 'NaN', '1.5', 'true', 'false', ''),
  fc.constantFrom(
    'open',
    'resolved',
    'closed',
    ...SEVERITIES,
    'category',
    'product',
    'branch',
    'month',
    'goodwill',
  ),
  fc.constantFrom('none', 'watch', 'warning', 'critical', '30', '90', '180'),
  anyText,
);

function query(names: string[]): fc.Arbitrary<string> {
  const name =
    names.length === 0
      ? anyText
      : fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: anyText });
  return fc
    .array(fc.tuple(name, queryValue), { maxLength: 5 })
    .map((pairs) =>
      pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`).join('&'),
    )
    .map((text) => (text ? `?${text}` : ''));
}

const PERIOD = ['from', 'to'];
/** Every route of the service, with the body or query it takes. */
interface Route {
  method: string;
  path: (id: string) => string;
  body?: string;
  query?: string[];
  /** The ids its path names, when it names one. */
  ids?: fc.Arbitrary<string>;
}
const ROUTES: Route[] = [
  { method: 'POST', path: () => '/complaints', body: 'file' },
  ...[
    'assignment',
    'escalation',
    'resolution',
    'reopen',
    'callbacks',
    'satisfaction',
    'close',
    'acknowledgement',
    'pause',
    'resume',
    'extension',
    'root-cause',
  ].map((action) => ({
    method: 'POST',
    path: (id: string) => `/complaints/${id}/${action}`,
    body: action,
    ids: knownComplaint,
  })),
  { method: 'POST', path: () => '/corrective-actions', body: 'correctiveAction' },
  { method: 'POST', path: (id) => `/corrective-actions/${id}/completion`, body: 'completion', ids: idValue },
  { method: 'GET', path: () => '/corrective-actions', query: ['status'] },
  { method: 'GET', path: () => '/analytics/corrective-actions', query: ['asOf', 'windowDays'] },
  { method: 'PUT', path: (id) => `/customers/${id}/profile`, body: 'profile', ids: knownCustomer },
  { method: 'POST', path: (id) => `/customers/${id}/purchases`, body: 'purchases', ids: knownCustomer },
  {
    method: 'GET',
    path: () => '/complaints',
    query: [
      'customerId',
      'status',
      'severity',
      'category',
      'branchId',
      'slaBreached',
      'callbackDue',
      'limit',
      'cursor',
    ],
  },
  { method: 'GET', path: (id) => `/complaints/${id}`, query: [], ids: knownComplaint },
  { method: 'GET', path: (id) => `/customers/${id}/risk`, query: ['asOf'], ids: knownCustomer },
  { method: 'GET', path: () => '/analytics/funnel', query: [...PERIOD, 'groupBy', 'repurchaseWindowDays'] },
  { method: 'GET', path: () => '/analytics/problems', query: [...PERIOD, 'by'] },
  { method: 'GET', path: () => '/analytics/branches', query: PERIOD },
  { method: 'GET', path: () => '/analytics/early-warning', query: ['asOf', 'limit', 'minLevel'] },
  { method: 'GET', path: () => '/analytics/early-warning/backtest', query: ['asOf', 'horizonDays'] },
  { method: 'GET', path: () => '/health', query: [] },
  { method: 'GET', path: () => '/metrics', query: [] },
  { method: 'GET', path: () => '/docs-json', query: [] },
];

/** Absent three times in four. */
const rarely = <T>(arbitrary: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });

/** Header values as Node's HTTP client can send them (it refuses other characters itself). */
const headerValue = (value: string) => value.replace(/[^\t\x20-\x7e\x80-\xff]/g, '');

const authorization = fc.oneof(
  { weight: 6, arbitrary: fc.constant(`Bearer ${TOKENS.agent}`) },
  { weight: 4, arbitrary: fc.constantFrom(...Object.values(TOKENS)).map((token) => `Bearer ${token}`) },
  { weight: 1, arbitrary: fc.constant(undefined) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'Bearer',
      'Bearer ',
      `bearer   ${TOKENS.agent}  `,
      `Basic ${TOKENS.admin}`,
      'Bearer a b',
    ),
  },
  { weight: 1, arbitrary: anyText.map((value) => `Bearer ${headerValue(value)}`) },
);

const otherHeaders = fc.record({
  'content-type': fc.oneof(
    { weight: 20, arbitrary: fc.constant('application/json') },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        'application/json; charset=utf-8',
        'Application/JSON',
        'application/json; charset=latin1',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json-patch+json',
      ),
    },
    { weight: 1, arbitrary: anyText.map(headerValue) },
  ),
  'idempotency-key': rarely(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom('k-1', 'k-2', 'k-3') },
      { weight: 4, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: anyText.map(headerValue) },
      { weight: 1, arbitrary: fc.constant('k'.repeat(256)) },
    ),
  ),
  'if-match': rarely(
    fc.oneof(fc.constantFrom('"0"', '"1"', 'W/"2"', '*', '"99999999999999999999"'), anyText.map(headerValue)),
  ),
  'x-correlation-id': rarely(fc.oneof(validId, anyText.map(headerValue))),
  accept: rarely(fc.constantFrom('text/csv', '*/*', 'application/json', 'text/html', 'text/csv;q=0.1, */*')),
});

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'];

/** Any request: a route of the service (mostly with its own method) or an unknown path. */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...ROUTES) },
      {
        weight: 1,
        arbitrary: fc.webPath().map((path): Route => ({ method: 'GET', path: () => path || '/', query: [] })),
      },
    ),
    fc.oneof(
      { weight: 12, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constantFrom(...METHODS) },
    ),
    authorization,
    otherHeaders,
  )
  .chain(([route, otherMethod, auth, headers]) => {
    const method = otherMethod ?? route.method;
    const body = route.body
      ? bodyText(COMMAND_BODIES[route.body])
      : fc.option(fc.json({ maxDepth: 2 }), { freq: 5 });
    const id = idInPath(route.ids ?? knownId);
    const search = route.query ? query(route.query) : rarely(query([])).map((text) => text ?? '');
    return fc.tuple(id, body, search).map(([id, text, search]) => ({
      method,
      path: route.path(id) + search,
      headers: {
        ...(auth !== undefined && { authorization: auth }),
        ...Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== undefined)),
      } as Record<string, string>,
      ...(text !== undefined && text !== null && method !== 'GET' && method !== 'HEAD' && { body: text }),
    }));
  });
