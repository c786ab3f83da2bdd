import {
  parseServiceLevelPolicy,
  parseServiceLevelPolicyText,
  ServiceLevelPolicyError,
} from '@cl/service-levels';
import { EXAMPLE_POLICY } from './example-policy';

/** The example as free JSON, so each case can break it in its own way. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EditablePolicy = any;

/** The problems a policy has, or [] when it parses. */
function problemsOf(policy: unknown): string[] {
  try {
    parseServiceLevelPolicy(policy);
    return [];
  } catch (error) {
    if (error instanceof ServiceLevelPolicyError) return error.problems;
    throw error;
  }
}

/** The example with one change applied to a deep copy. */
function exampleWith(change: (policy: EditablePolicy) => void): unknown {
  const policy = structuredClone(EXAMPLE_POLICY);
  change(policy);
  return policy;
}

describe('parseServiceLevelPolicy', () => {
  it('reads the example of docs/service-levels.md into a typed policy', () => {
    expect(parseServiceLevelPolicy(EXAMPLE_POLICY)).toEqual({
      timezone: 'Asia/Shanghai',
      week: {
        mon: [
          { start: 540, end: 720 },
          { start: 780, end: 1080 },
        ],
        tue: [{ start: 540, end: 1080 }],
        wed: [{ start: 540, end: 1080 }],
        thu: [{ start: 540, end: 1080 }],
        fri: [{ start: 540, end: 1080 }],
        sat: [],
        sun: [],
      },
      holidays: ['2026-10-01', '2026-10-02'],
      workdays: ['2026-10-10'],
      targets: {
        acknowledge: { unit: 'businessHours', amount: 4 },
        resolve: {
          critical: { unit: 'hours', amount: 4, pausable: true },
          high: { unit: 'businessHours', amount: 8, pausable: true },
          medium: { unit: 'businessDays', amount: 3, pausable: false },
          low: { unit: 'businessDays', amount: 5, pausable: false },
        },
        finalResponse: {
          unit: 'days',
          amount: 15,
          extensions: [
            { amount: 15, approval: false },
            { amount: 30, approval: true },
          ],
        },
      },
      rules: [],
      // 31 December of the latest year the holidays and workdays name.
      calendarCoversUntil: '2026-12-31',
    });
  });

  it('defaults: lists empty, weekdays left out closed, no targets; 24:00 ends a day; intervals sorted', () => {
    const policy = parseServiceLevelPolicy({
      timezone: 'europe/london',
      week: { sat: ['13:00-24:00', '00:00-01:30'] },
    });
    expect(policy).toEqual({
      timezone: 'Europe/London',
      week: {
        mon: [],
        tue: [],
        wed: [],
        thu: [],
        fri: [],
        sat: [
          { start: 0, end: 90 },
          { start: 780, end: 1440 },
        ],
        sun: [],
      },
      holidays: [],
      workdays: [],
      targets: { resolve: {} },
      rules: [],
    });
  });

  it('takes workdayHours for make-up workdays, and fractional hours', () => {
    const policy = parseServiceLevelPolicy({
      timezone: 'UTC',
      week: { tue: ['10:00-11:00'] },
      workdays: ['2026-10-10'],
      workdayHours: ['08:00-12:00'],
      targets: { acknowledge: { hours: 0.001 }, resolve: { high: { businessHours: 0.5, pausable: true } } },
    });
    expect(policy.workdayHours).toEqual([{ start: 480, end: 720 }]);
    expect(policy.targets.acknowledge).toEqual({ unit: 'hours', amount: 0.001 });
    expect(policy.targets.resolve.high).toEqual({ unit: 'businessHours', amount: 0.5, pausable: true });
  });

  it.each([
    ['timezone missing', (p: EditablePolicy) => delete p.timezone, 'timezone: required'],
    [
      'not an IANA zone',
      (p: EditablePolicy) => (p.timezone = 'Mars/Olympus'),
      'timezone: "Mars/Olympus" is not an IANA time zone',
    ],
    [
      'an offset is not a zone',
      (p: EditablePolicy) => (p.timezone = '+08:00'),
      'timezone: "+08:00" is not an IANA',
    ],
    ['unknown top-level field', (p: EditablePolicy) => (p.holiday = []), 'holiday: unknown field'],
    ['unknown weekday', (p: EditablePolicy) => (p.week.thur = []), 'week.thur: unknown field'],
    [
      'interval text',
      (p: EditablePolicy) => (p.week.tue = ['9:00-18:00']),
      'week.tue[0]: "HH:MM-HH:MM" expected',
    ],
    [
      '24:00 as a start',
      (p: EditablePolicy) => (p.week.tue = ['24:00-24:00']),
      'week.tue[0]: the start 24:00 is not',
    ],
    [
      'past 24:00',
      (p: EditablePolicy) => (p.week.tue = ['09:00-24:30']),
      'week.tue[0]: the end 24:30 is not',
    ],
    [
      'minutes over 59',
      (p: EditablePolicy) => (p.week.tue = ['09:60-10:00']),
      'week.tue[0]: the start 09:60',
    ],
    [
      'end before start',
      (p: EditablePolicy) => (p.week.tue = ['18:00-09:00']),
      'week.tue[0]: the end must be after the start',
    ],
    [
      'empty interval',
      (p: EditablePolicy) => (p.week.tue = ['09:00-09:00']),
      'week.tue[0]: the end must be after the start',
    ],
    [
      'overlap',
      (p: EditablePolicy) => (p.week.mon = ['09:00-12:00', '11:00-13:00']),
      'week.mon[1]: overlaps week.mon[0] (09:00-12:00)',
    ],
    [
      'overlap given out of order',
      (p: EditablePolicy) => (p.week.mon = ['13:00-18:00', '08:00-14:00']),
      'week.mon[1]: overlaps week.mon[0] (13:00-18:00)',
    ],
    [
      'no open weekday',
      (p: EditablePolicy) => {
        p.week = { mon: [], sat: [] };
        p.workdays = [];
      },
      'week: at least one weekday needs an opening interval',
    ],
    [
      'a bad date',
      (p: EditablePolicy) => (p.holidays = ['2026-02-30']),
      'holidays[0]: a date "YYYY-MM-DD" expected',
    ],
    ['a date-time', (p: EditablePolicy) => (p.workdays = ['2026-10-10T00:00']), 'workdays[0]: a date'],
    [
      'a date in both lists',
      (p: EditablePolicy) => p.holidays.push('2026-10-10'),
      'holidays[2]: 2026-10-10 is also listed in workdays',
    ],
    [
      'a workday on an open weekday',
      (p: EditablePolicy) => (p.workdays = ['2026-10-13']),
      'workdays[0]: 2026-10-13 is a tue, already open',
    ],
    [
      'workdays without hours',
      (p: EditablePolicy) => (p.week.mon = []),
      'workdays: make-up workdays use Monday’s intervals, and Monday has none: give workdayHours',
    ],
    [
      'empty workdayHours',
      (p: EditablePolicy) => (p.workdayHours = []),
      'workdayHours: needs at least one interval',
    ],
    [
      'two units',
      (p: EditablePolicy) => (p.targets.resolve.high = { hours: 1, days: 1 }),
      'targets.resolve.high: exactly one unit of hours, businessHours, businessDays, days, got hours and days',
    ],
    [
      'no unit',
      (p: EditablePolicy) => (p.targets.acknowledge = {}),
      'targets.acknowledge: exactly one unit of',
    ],
    [
      'zero',
      (p: EditablePolicy) => (p.targets.resolve.low = { businessDays: 0 }),
      'targets.resolve.low.businessDays: a whole number',
    ],
    [
      'negative',
      (p: EditablePolicy) => (p.targets.resolve.critical = { hours: -1 }),
      'targets.resolve.critical.hours: a number of hours > 0',
    ],
    [
      'not a number',
      (p: EditablePolicy) => (p.targets.resolve.critical = { hours: '4' }),
      'targets.resolve.critical.hours: a number',
    ],
    [
      'fractional days',
      (p: EditablePolicy) => (p.targets.finalResponse.days = 1.5),
      'targets.finalResponse.days: a whole number of days > 0, got 1.5',
    ],
    [
      'fractional business days',
      (p: EditablePolicy) => (p.targets.resolve.medium = { businessDays: 0.5 }),
      'targets.resolve.medium.businessDays: a whole number',
    ],
    [
      'too long',
      (p: EditablePolicy) => (p.targets.resolve.low = { days: 400 }),
      'targets.resolve.low.days: at most 366 days',
    ],
    [
      'pausable in business days',
      (p: EditablePolicy) => (p.targets.resolve.medium.pausable = true),
      'targets.resolve.medium.pausable: only targets in hours or businessHours can be paused',
    ],
    [
      'pausable acknowledgement',
      (p: EditablePolicy) => (p.targets.acknowledge.pausable = true),
      'targets.acknowledge.pausable: only resolve targets can be paused',
    ],
    [
      'pausable final response',
      (p: EditablePolicy) => (p.targets.finalResponse.pausable = true),
      'targets.finalResponse.pausable: only resolve targets can be paused',
    ],
    [
      'pausable not boolean',
      (p: EditablePolicy) => (p.targets.resolve.high.pausable = 'yes'),
      'targets.resolve.high.pausable: true or false',
    ],
    [
      'unknown severity',
      (p: EditablePolicy) => (p.targets.resolve.urgent = { hours: 1 }),
      'targets.resolve.urgent: unknown field',
    ],
    [
      'a rule without a name',
      (p: EditablePolicy) =>
        (p.rules = [{ match: { category: ['payments'] }, targets: { acknowledge: { days: 1 } } }]),
      'rules[0].name: required',
    ],
    [
      'two rules of one name',
      (p: EditablePolicy) =>
        (p.rules = [0, 1].map(() => ({
          name: 'psr',
          match: { category: ['payments'] },
          targets: { acknowledge: { days: 1 } },
        }))),
      'rules[1].name: "psr" is the name of rules[0] too',
    ],
    [
      'a rule matching everything',
      (p: EditablePolicy) => (p.rules = [{ name: 'all', match: {}, targets: { acknowledge: { days: 1 } } }]),
      'rules[0].match: names none of category, product, channel',
    ],
    [
      'a rule matching an empty list',
      (p: EditablePolicy) =>
        (p.rules = [{ name: 'r', match: { channel: [] }, targets: { acknowledge: { days: 1 } } }]),
      'rules[0].match.channel: a non-empty list',
    ],
    [
      'a rule with an unknown match field',
      (p: EditablePolicy) =>
        (p.rules = [{ name: 'r', match: { region: ['x'] }, targets: { acknowledge: { days: 1 } } }]),
      'rules[0].match.region: unknown field',
    ],
    [
      'a rule setting no target',
      (p: EditablePolicy) => (p.rules = [{ name: 'r', match: { category: ['x'] }, targets: {} }]),
      'rules[0].targets: sets no target',
    ],
    [
      'a rule with a bad target',
      (p: EditablePolicy) =>
        (p.rules = [{ name: 'r', match: { category: ['x'] }, targets: { finalResponse: { days: 0 } } }]),
      'rules[0].targets.finalResponse.days: a whole number of days > 0',
    ],
    [
      'a calendar end that is not a date',
      (p: EditablePolicy) => (p.calendarCoversUntil = '2027'),
      'calendarCoversUntil: a date "YYYY-MM-DD" expected',
    ],
    [
      'unknown target',
      (p: EditablePolicy) => (p.targets.respond = { hours: 1 }),
      'targets.respond: unknown field',
    ],
    [
      'extensions on another target',
      (p: EditablePolicy) => (p.targets.acknowledge.extensions = []),
      'targets.acknowledge.extensions: unknown field',
    ],
    [
      'extension in another unit',
      (p: EditablePolicy) => (p.targets.finalResponse.extensions[1] = { businessDays: 30 }),
      "targets.finalResponse.extensions[1]: extensions count in the base target's unit (days), got businessDays",
    ],
    [
      'extension approval not boolean',
      (p: EditablePolicy) => (p.targets.finalResponse.extensions[0].approval = 1),
      'targets.finalResponse.extensions[0].approval: true or false',
    ],
    [
      'extensions too long in total',
      (p: EditablePolicy) => p.targets.finalResponse.extensions.push({ days: 320 }),
      'targets.finalResponse: with every extension the target reaches 380 days, at most 366',
    ],
  ])('rejects %s, naming the field', (_, change, expected) => {
    const problems = problemsOf(exampleWith(change));
    expect(problems).toEqual([expect.stringContaining(expected)]);
  });

  it('reads rules in order and an explicit calendar end', () => {
    const policy = parseServiceLevelPolicy({
      ...EXAMPLE_POLICY,
      calendarCoversUntil: '2027-06-30',
      rules: [
        {
          name: 'psr',
          match: { category: ['payments'], channel: ['web', 'phone'] },
          targets: {
            finalResponse: { businessDays: 15, extensions: [{ businessDays: 20, approval: true }] },
          },
        },
        { name: 'urgent-cards', match: { product: ['card'] }, targets: { resolve: { high: { hours: 2 } } } },
      ],
    });
    expect(policy.calendarCoversUntil).toBe('2027-06-30');
    expect(policy.rules).toEqual([
      {
        name: 'psr',
        match: { category: ['payments'], channel: ['web', 'phone'] },
        targets: {
          resolve: {},
          finalResponse: { unit: 'businessDays', amount: 15, extensions: [{ amount: 20, approval: true }] },
        },
      },
      {
        name: 'urgent-cards',
        match: { product: ['card'] },
        targets: { resolve: { high: { unit: 'hours', amount: 2, pausable: false } } },
      },
    ]);
  });

  it('names every problem of a policy at once', () => {
    const problems = problemsOf({
      timezone: 'Nowhere',
      week: { mon: ['09:00-12:00', '10:00-11:00'] },
      holidays: ['2026-10-01'],
      workdays: ['2026-10-01'],
      targets: { resolve: { high: { businessDays: 2, pausable: true } } },
    });
    expect(problems).toEqual([
      expect.stringMatching(/^timezone:/),
      expect.stringMatching(/^week\.mon\[1\]: overlaps week\.mon\[0\]/),
      'holidays[0]: 2026-10-01 is also listed in workdays',
      expect.stringMatching(/^targets\.resolve\.high\.pausable:/),
    ]);
  });

  it('says when the text is not JSON or not an object', () => {
    expect(() => parseServiceLevelPolicyText('{"timezone": ')).toThrow(/not JSON/);
    expect(problemsOf([])).toEqual(['the policy must be a JSON object']);
  });
});
