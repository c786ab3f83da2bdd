import { IANAZone } from 'luxon';
import { SEVERITIES, type Severity } from '@cl/domain';
import { isLocalDate, weekdayOf } from './local-dates';
import {
  TARGET_UNITS,
  WEEKDAYS,
  type Extension,
  type FinalResponseTarget,
  RULE_MATCH_FIELDS,
  type OpeningInterval,
  type PolicyRule,
  type PolicyTargets,
  type ResolveTarget,
  type ServiceLevelPolicy,
  type Target,
  type TargetUnit,
  type Weekday,
} from './policy';

/** Every problem of a policy, each naming its field (`targets.resolve.high: ...`). */
export class ServiceLevelPolicyError extends Error {
  override readonly name = 'ServiceLevelPolicyError';
  constructor(readonly problems: string[]) {
    super(`Invalid service-level policy:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/**
 * The largest total a target may reach (base plus every extension), so that no deadline
 * computation walks decades of calendar: a year.
 */
export const MAX_TARGET_TOTAL: Record<TargetUnit, number> = {
  hours: 8784,
  businessHours: 8784,
  businessDays: 366,
  days: 366,
};

const INTERVAL = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;
const RULE_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

const FRACTIONAL_UNITS: readonly TargetUnit[] = ['hours', 'businessHours'];

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const formatMinute = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
export const formatInterval = (interval: OpeningInterval) =>
  `${formatMinute(interval.start)}-${formatMinute(interval.end)}`;

/** Parses SLA_POLICY_FILE's text. Throws ServiceLevelPolicyError naming every bad field. */
export function parseServiceLevelPolicyText(text: string): ServiceLevelPolicy {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ServiceLevelPolicyError([`not JSON: ${(error as Error).message}`]);
  }
  return parseServiceLevelPolicy(json);
}

/** Validates a parsed JSON policy (docs/service-levels.md) and returns it typed. */
export function parseServiceLevelPolicy(json: unknown): ServiceLevelPolicy {
  const problems: string[] = [];
  const policy = new PolicyReader(problems).read(json);
  if (problems.length > 0 || policy === undefined) throw new ServiceLevelPolicyError(problems);
  return policy;
}

class PolicyReader {
  constructor(private readonly problems: string[]) {}

  private problem(field: string, message: string): undefined {
    this.problems.push(field === '' ? message : `${field}: ${message}`);
    return undefined;
  }

  private onlyKeys(value: Json, field: string, allowed: readonly string[]): void {
    for (const key of Object.keys(value))
      if (!allowed.includes(key))
        this.problem(
          field === '' ? key : `${field}.${key}`,
          `unknown field (expected one of ${allowed.join(', ')})`,
        );
  }

  read(json: unknown): ServiceLevelPolicy | undefined {
    if (!isObject(json)) return this.problem('', 'the policy must be a JSON object');
    this.onlyKeys(json, '', [
      'timezone',
      'week',
      'holidays',
      'workdays',
      'workdayHours',
      'targets',
      'rules',
      'calendarCoversUntil',
    ]);
    const timezone = this.timezone(json.timezone);
    const week = this.week(json.week);
    const holidays = this.dates(json.holidays, 'holidays');
    const workdays = this.dates(json.workdays, 'workdays');
    const workdayHours =
      json.workdayHours === undefined ? undefined : this.intervals(json.workdayHours, 'workdayHours');
    if (workdayHours !== undefined && workdayHours.length === 0)
      this.problem('workdayHours', 'needs at least one interval (leave it out to use Monday’s)');
    this.calendarConsistency(week, holidays, workdays, workdayHours);
    const targets = this.targets(json.targets, 'targets');
    const rules = this.rules(json.rules);
    const calendarCoversUntil = this.coverage(json.calendarCoversUntil, holidays, workdays);
    if (timezone === undefined || week === undefined || targets === undefined) return undefined;
    return {
      timezone,
      week,
      holidays,
      workdays,
      ...(workdayHours !== undefined && { workdayHours }),
      targets,
      rules,
      ...(calendarCoversUntil !== undefined && { calendarCoversUntil }),
    };
  }

  /** Given, a local date; else 31 December of the latest year the holidays or workdays name. */
  private coverage(value: unknown, holidays: string[], workdays: string[]): string | undefined {
    if (value !== undefined) {
      if (typeof value === 'string' && isLocalDate(value)) return value;
      return this.problem(
        'calendarCoversUntil',
        `a date "YYYY-MM-DD" expected, got ${JSON.stringify(value)}`,
      );
    }
    const listed = [...holidays, ...workdays];
    if (listed.length === 0) return undefined;
    const latestYear = listed.reduce((latest, date) => (date > latest ? date : latest)).slice(0, 4);
    return `${latestYear}-12-31`;
  }

  private rules(value: unknown): PolicyRule[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.problem('rules', 'a list of rules such as [{ "name": "psr", "match": {...}, "targets": {...} }]');
      return [];
    }
    const rules: PolicyRule[] = [];
    const names = new Map<string, number>();
    value.forEach((raw, index) => {
      const field = `rules[${index}]`;
      if (!isObject(raw)) return this.problem(field, 'an object with name, match and targets');
      this.onlyKeys(raw, field, ['name', 'match', 'targets']);
      const name = raw.name;
      if (typeof name !== 'string' || !RULE_NAME.test(name)) {
        this.problem(`${field}.name`, 'required: 1-64 characters of A-Z a-z 0-9 _ . -');
      } else if (names.has(name)) {
        this.problem(
          `${field}.name`,
          `"${name}" is the name of rules[${names.get(name)}] too: names are unique`,
        );
      } else {
        names.set(name, index);
      }
      const match = this.match(raw.match, `${field}.match`);
      const targets = raw.targets === undefined ? undefined : this.targets(raw.targets, `${field}.targets`);
      if (raw.targets === undefined) this.problem(`${field}.targets`, 'required: the targets the rule sets');
      else if (isObject(raw.targets) && Object.keys(raw.targets).length === 0)
        this.problem(`${field}.targets`, 'sets no target (acknowledge, resolve or finalResponse)');
      if (typeof name === 'string' && match && targets) rules.push({ name, match, targets });
    });
    return rules;
  }

  /** `{ category?: [...], product?: [...], channel?: [...] }`, at least one, each a non-empty list of text. */
  private match(value: unknown, field: string): PolicyRule['match'] | undefined {
    if (!isObject(value))
      return this.problem(field, `required: an object naming ${RULE_MATCH_FIELDS.join(', ')} lists`);
    this.onlyKeys(value, field, RULE_MATCH_FIELDS);
    const match: PolicyRule['match'] = {};
    let valid = true;
    for (const name of RULE_MATCH_FIELDS) {
      const list = value[name];
      if (list === undefined) continue;
      if (
        !Array.isArray(list) ||
        list.length === 0 ||
        list.some((item) => typeof item !== 'string' || item === '')
      ) {
        this.problem(`${field}.${name}`, 'a non-empty list of values such as ["payments"]');
        valid = false;
      } else {
        match[name] = list as string[];
      }
    }
    if (Object.keys(value).length === 0)
      return this.problem(
        field,
        `names none of ${RULE_MATCH_FIELDS.join(', ')}: the rule would match every complaint`,
      );
    return valid ? match : undefined;
  }

  private timezone(value: unknown): string | undefined {
    if (typeof value !== 'string' || value === '')
      return this.problem('timezone', 'required: an IANA zone name such as "Europe/London"');
    // Intl also takes offsets such as "+08:00": those know no daylight saving and are not zones.
    if (!/^[A-Za-z]/.test(value) || !IANAZone.isValidZone(value))
      return this.problem('timezone', `"${value}" is not an IANA time zone (e.g. "Asia/Shanghai")`);
    return new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
  }

  private week(value: unknown): Record<Weekday, OpeningInterval[]> | undefined {
    if (!isObject(value))
      return this.problem('week', 'required: an object of weekdays (mon ... sun) to opening intervals');
    this.onlyKeys(value, 'week', WEEKDAYS);
    const week = {} as Record<Weekday, OpeningInterval[]>;
    for (const day of WEEKDAYS)
      week[day] = value[day] === undefined ? [] : this.intervals(value[day], `week.${day}`);
    if (WEEKDAYS.every((day) => week[day].length === 0))
      this.problem('week', 'at least one weekday needs an opening interval');
    return week;
  }

  /** `["HH:MM-HH:MM", ...]`: 24:00 only as an end, end after start, none overlapping. */
  private intervals(value: unknown, field: string): OpeningInterval[] {
    if (!Array.isArray(value)) {
      this.problem(field, 'a list of "HH:MM-HH:MM" intervals ([] when closed)');
      return [];
    }
    const read: { interval: OpeningInterval; index: number }[] = [];
    value.forEach((text, index) => {
      const interval = this.interval(text, `${field}[${index}]`);
      if (interval !== undefined) read.push({ interval, index });
    });
    const sorted = [...read].sort((a, b) => a.interval.start - b.interval.start);
    for (let i = 1; i < sorted.length; i++) {
      const previous = sorted[i - 1];
      const current = sorted[i];
      if (current.interval.start < previous.interval.end) {
        const [first, second] = previous.index < current.index ? [previous, current] : [current, previous];
        this.problem(
          `${field}[${second.index}]`,
          `overlaps ${field}[${first.index}] (${formatInterval(first.interval)})`,
        );
      }
    }
    return sorted.map(({ interval }) => interval);
  }

  private interval(text: unknown, field: string): OpeningInterval | undefined {
    const match = typeof text === 'string' ? INTERVAL.exec(text) : null;
    if (match === null) return this.problem(field, `"HH:MM-HH:MM" expected, got ${JSON.stringify(text)}`);
    const [startHour, startMinute, endHour, endMinute] = match.slice(1).map(Number);
    const [startText, endText] = match[0].split('-');
    const start = startHour * 60 + startMinute;
    const end = endHour * 60 + endMinute;
    if (startHour > 23 || startMinute > 59)
      return this.problem(field, `the start ${startText} is not a time of day (00:00-23:59)`);
    if (endMinute > 59 || end > 24 * 60)
      return this.problem(field, `the end ${endText} is not a time of day (00:01-24:00)`);
    if (end <= start) return this.problem(field, `the end must be after the start, got ${match[0]}`);
    return { start, end };
  }

  private dates(value: unknown, field: string): string[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.problem(field, 'a list of local dates "YYYY-MM-DD"');
      return [];
    }
    const dates: string[] = [];
    value.forEach((date, index) => {
      if (typeof date === 'string' && isLocalDate(date)) dates.push(date);
      else this.problem(`${field}[${index}]`, `a date "YYYY-MM-DD" expected, got ${JSON.stringify(date)}`);
    });
    return dates;
  }

  private calendarConsistency(
    week: Record<Weekday, OpeningInterval[]> | undefined,
    holidays: string[],
    workdays: string[],
    workdayHours: OpeningInterval[] | undefined,
  ): void {
    const workdaySet = new Set(workdays);
    holidays.forEach((date, index) => {
      if (workdaySet.has(date)) this.problem(`holidays[${index}]`, `${date} is also listed in workdays`);
    });
    if (week === undefined) return;
    workdays.forEach((date, index) => {
      const weekday = weekdayOf(date);
      if (week[weekday].length > 0)
        this.problem(
          `workdays[${index}]`,
          `${date} is a ${weekday}, already open in week (workdays are dates whose weekday is closed)`,
        );
    });
    if (workdays.length > 0 && workdayHours === undefined && week.mon.length === 0)
      this.problem(
        'workdays',
        'make-up workdays use Monday’s intervals, and Monday has none: give workdayHours',
      );
  }

  /** The policy's targets (`field` "targets") or a rule's. */
  private targets(value: unknown, field: string): PolicyTargets | undefined {
    if (value === undefined) return { resolve: {} };
    if (!isObject(value)) return this.problem(field, 'an object with acknowledge, resolve, finalResponse');
    this.onlyKeys(value, field, ['acknowledge', 'resolve', 'finalResponse']);
    const targets: PolicyTargets = { resolve: {} };
    if (value.acknowledge !== undefined) {
      const acknowledge = this.target(value.acknowledge, `${field}.acknowledge`, ['pausable']);
      if (acknowledge && this.notPausable(value.acknowledge, `${field}.acknowledge`))
        targets.acknowledge = acknowledge;
    }
    if (value.resolve !== undefined) {
      if (!isObject(value.resolve))
        this.problem(`${field}.resolve`, `an object of severities (${SEVERITIES.join(', ')}) to targets`);
      else {
        this.onlyKeys(value.resolve, `${field}.resolve`, SEVERITIES);
        for (const severity of SEVERITIES) {
          const text = value.resolve[severity];
          if (text === undefined) continue;
          const target = this.resolveTarget(text, `${field}.resolve.${severity}`);
          if (target) targets.resolve[severity as Severity] = target;
        }
      }
    }
    if (value.finalResponse !== undefined) {
      const finalResponse = this.finalResponse(value.finalResponse, `${field}.finalResponse`);
      if (finalResponse) targets.finalResponse = finalResponse;
    }
    return targets;
  }

  private resolveTarget(value: unknown, field: string): ResolveTarget | undefined {
    const target = this.target(value, field, ['pausable']);
    if (target === undefined || !isObject(value)) return undefined;
    const pausable = value.pausable ?? false;
    if (typeof pausable !== 'boolean') return this.problem(`${field}.pausable`, 'true or false');
    if (pausable && !FRACTIONAL_UNITS.includes(target.unit))
      return this.problem(
        `${field}.pausable`,
        `only targets in hours or businessHours can be paused, this one is in ${target.unit}`,
      );
    return { unit: target.unit, amount: target.amount, pausable };
  }

  private finalResponse(value: unknown, field: string): FinalResponseTarget | undefined {
    const target = this.target(value, field, ['pausable', 'extensions']);
    if (target === undefined || !isObject(value) || !this.notPausable(value, field)) return undefined;
    const extensions: Extension[] = [];
    if (value.extensions !== undefined && !Array.isArray(value.extensions))
      return this.problem(`${field}.extensions`, 'a list of extensions such as [{ "days": 15 }]');
    const raws = (value.extensions as unknown[] | undefined) ?? [];
    raws.forEach((raw, index) => {
      const extension = this.extension(raw, `${field}.extensions[${index}]`, target.unit);
      if (extension) extensions.push(extension);
    });
    const valid = extensions.length === raws.length;
    const total = extensions.reduce((sum, extension) => sum + extension.amount, target.amount);
    if (valid && total > MAX_TARGET_TOTAL[target.unit])
      return this.problem(
        field,
        `with every extension the target reaches ${total} ${target.unit}, at most ${MAX_TARGET_TOTAL[target.unit]}`,
      );
    return valid ? { unit: target.unit, amount: target.amount, extensions } : undefined;
  }

  private extension(raw: unknown, field: string, baseUnit: TargetUnit): Extension | undefined {
    const extension = this.target(raw, field, ['approval']);
    if (extension === undefined || !isObject(raw)) return undefined;
    if (extension.unit !== baseUnit)
      return this.problem(
        field,
        `extensions count in the base target's unit (${baseUnit}), got ${extension.unit}`,
      );
    const approval = raw.approval ?? false;
    if (typeof approval !== 'boolean') return this.problem(`${field}.approval`, 'true or false');
    return { amount: extension.amount, approval };
  }

  private notPausable(value: unknown, field: string): boolean {
    if (!isObject(value) || value.pausable === undefined || value.pausable === false) return true;
    this.problem(`${field}.pausable`, 'only resolve targets can be paused');
    return false;
  }

  /** `{ <unit>: N, ...extra }`: exactly one unit, N > 0, whole unless hours or businessHours. */
  private target(value: unknown, field: string, extra: readonly string[]): Target | undefined {
    if (!isObject(value))
      return this.problem(field, `an object with exactly one unit of ${TARGET_UNITS.join(', ')}`);
    this.onlyKeys(value, field, [...TARGET_UNITS, ...extra]);
    const units = TARGET_UNITS.filter((unit) => value[unit] !== undefined);
    if (units.length !== 1)
      return this.problem(
        field,
        `exactly one unit of ${TARGET_UNITS.join(', ')}, got ${units.length === 0 ? 'none' : units.join(' and ')}`,
      );
    const unit = units[0];
    const amount = value[unit];
    const fractional = FRACTIONAL_UNITS.includes(unit);
    if (
      typeof amount !== 'number' ||
      !Number.isFinite(amount) ||
      amount <= 0 ||
      (!fractional && !Number.isInteger(amount))
    )
      return this.problem(
        `${field}.${unit}`,
        `${fractional ? 'a number' : 'a whole number'} of ${unit} > 0, got ${JSON.stringify(amount)}`,
      );
    if (amount > MAX_TARGET_TOTAL[unit])
      return this.problem(`${field}.${unit}`, `at most ${MAX_TARGET_TOTAL[unit]} ${unit}, got ${amount}`);
    return { unit, amount };
  }
}
