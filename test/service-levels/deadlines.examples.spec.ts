import {
  BusinessCalendar,
  closeOfThirdBusinessDay,
  dayNumberOf,
  dueAfterResume,
  dueAt,
  finalResponseDueAt,
  NoSuchExtensionError,
  parseServiceLevelPolicy,
  timeLeftMs,
  type ServiceLevelPolicy,
} from '@cl/service-levels';
import { EXAMPLE_POLICY } from './example-policy';

/**
 * The example policy of docs/service-levels.md computed by hand. Asia/Shanghai is UTC+8 all year:
 * local 16:00 is 08:00Z. Mon 09:00-12:00 + 13:00-18:00 (a lunch break), Tue-Fri 09:00-18:00;
 * 2026-10-01 (Thu) and 10-02 (Fri) holidays; Saturday 2026-10-10 a make-up workday (Monday's hours).
 */
const policy: ServiceLevelPolicy = parseServiceLevelPolicy(EXAMPLE_POLICY);
const calendar = new BusinessCalendar(policy);
const { acknowledge, finalResponse } = policy.targets;
const { critical, high, medium, low } = policy.targets.resolve;
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('the example policy of docs/service-levels.md, by hand', () => {
  describe('a filing on Friday 2026-09-25 at 16:00 local (08:00Z)', () => {
    const filed = at('2026-09-25T08:00:00Z');

    it('acknowledge, 4 business hours: Fri 16:00-18:00, then Mon 09:00-11:00', () => {
      expect(iso(dueAt(calendar, acknowledge!, filed))).toBe('2026-09-28T03:00:00.000Z');
    });

    it('high, 8 business hours: Fri 2 h, Mon 09:00-12:00, the lunch break skipped, 13:00-16:00', () => {
      expect(iso(dueAt(calendar, high!, filed))).toBe('2026-09-28T08:00:00.000Z');
    });

    it('critical, 4 calendar hours', () => {
      expect(iso(dueAt(calendar, critical!, filed))).toBe('2026-09-25T12:00:00.000Z');
    });

    it('medium, 3 business days: Mon, Tue, Wed; due at Wednesday’s close', () => {
      expect(iso(dueAt(calendar, medium!, filed))).toBe('2026-09-30T10:00:00.000Z');
    });

    it('low, 5 business days: Mon, Tue, Wed, (holidays Thu and Fri, the weekend), Mon 10-05, Tue 10-06', () => {
      expect(iso(dueAt(calendar, low!, filed))).toBe('2026-10-06T10:00:00.000Z');
    });

    it('final response, 15 days: the midnight ending 2026-10-10; extended to 30, then 60 days from the filing', () => {
      expect(iso(finalResponseDueAt(calendar, finalResponse!, filed))).toBe('2026-10-10T16:00:00.000Z');
      expect(iso(finalResponseDueAt(calendar, finalResponse!, filed, 1))).toBe('2026-10-25T16:00:00.000Z');
      expect(iso(finalResponseDueAt(calendar, finalResponse!, filed, 2))).toBe('2026-11-24T16:00:00.000Z');
      expect(finalResponse!.extensions.map((extension) => extension.approval)).toEqual([false, true]);
      expect(() => finalResponseDueAt(calendar, finalResponse!, filed, 3)).toThrow(NoSuchExtensionError);
    });

    it('closed by the third business day: by Wednesday 2026-09-30 18:00', () => {
      expect(iso(closeOfThirdBusinessDay(calendar, filed))).toBe('2026-09-30T10:00:00.000Z');
    });

    it('a pause over the weekend: 7 business hours left, counted again from the resume', () => {
      const due = dueAt(calendar, high!, filed); // Mon 16:00 local
      const pausedAt = at('2026-09-25T09:00:00Z'); // Fri 17:00 local
      const left = timeLeftMs(calendar, 'businessHours', due, pausedAt);
      expect(left).toBe(7 * 3_600_000); // Fri 17-18, Mon 09-12, 13-16
      // Resumed on Sunday 10:00 local: Mon 09-12, 13-17.
      expect(iso(dueAfterResume(calendar, 'businessHours', left, at('2026-09-27T02:00:00Z')))).toBe(
        '2026-09-28T09:00:00.000Z',
      );
      // Resumed on Monday 10:00 local: 10-12, 13-18 uses it up exactly at the close, so due then.
      expect(iso(dueAfterResume(calendar, 'businessHours', left, at('2026-09-28T02:00:00Z')))).toBe(
        '2026-09-28T10:00:00.000Z',
      );
      // A pause that begins after the due time leaves nothing.
      expect(timeLeftMs(calendar, 'businessHours', due, due + 1)).toBe(0);
      // Critical counts calendar time: paused 1 h after filing, 3 h left, due 3 h after the resume.
      const criticalDue = dueAt(calendar, critical!, filed);
      expect(timeLeftMs(calendar, 'hours', criticalDue, filed + 3_600_000)).toBe(3 * 3_600_000);
    });
  });

  describe('the holiday block and the make-up Saturday', () => {
    it('a filing on Wednesday 2026-09-30 17:00: Wed 1 h, holidays and weekend skipped, Mon 10-05 until 17:00', () => {
      const filed = at('2026-09-30T09:00:00Z');
      expect(iso(dueAt(calendar, high!, filed))).toBe('2026-10-05T09:00:00.000Z');
      // Business days: Mon 10-05, Tue, Wed 10-07.
      expect(iso(dueAt(calendar, medium!, filed))).toBe('2026-10-07T10:00:00.000Z');
    });

    it('a filing on the holiday 2026-10-01 counts from Monday 10-05 (the holiday is the start date)', () => {
      const filed = at('2026-10-01T03:00:00Z'); // Thu 11:00 local
      expect(iso(dueAt(calendar, acknowledge!, filed))).toBe('2026-10-05T06:00:00.000Z'); // Mon 09-12, 13-14
      expect(iso(dueAt(calendar, medium!, filed))).toBe('2026-10-07T10:00:00.000Z');
    });

    it('a filing on Friday 2026-10-09 15:00: the make-up Saturday opens with Monday’s hours and lunch break', () => {
      const filed = at('2026-10-09T07:00:00Z');
      // Fri 15-18 (3 h), Sat 09-12 (3 h), 13-15 (2 h).
      expect(iso(dueAt(calendar, high!, filed))).toBe('2026-10-10T07:00:00.000Z');
      // Business days: Sat 10-10, Mon 10-12, Tue 10-13.
      expect(iso(dueAt(calendar, medium!, filed))).toBe('2026-10-13T10:00:00.000Z');
      expect(iso(closeOfThirdBusinessDay(calendar, filed))).toBe('2026-10-13T10:00:00.000Z');
    });

    it('a filing on the make-up Saturday itself: 10:00-12:00, then 13:00-15:00', () => {
      expect(iso(dueAt(calendar, acknowledge!, at('2026-10-10T02:00:00Z')))).toBe('2026-10-10T07:00:00.000Z');
    });

    it('the start date never counts, even when filed before it opens', () => {
      // Mon 2026-09-28 08:00 local: Tue, Wed, (Thu and Fri holidays, weekend), Mon 10-05.
      expect(iso(dueAt(calendar, medium!, at('2026-09-28T00:00:00Z')))).toBe('2026-10-05T10:00:00.000Z');
    });
  });
});

describe('daylight saving, by hand', () => {
  const london = (sunday: string[]) =>
    new BusinessCalendar({
      timezone: 'Europe/London',
      week: {
        mon: [{ start: 540, end: 1020 }],
        tue: [{ start: 540, end: 1020 }],
        wed: [{ start: 540, end: 1020 }],
        thu: [{ start: 540, end: 1020 }],
        fri: [{ start: 540, end: 1020 }],
        sat: [],
        sun: sunday.map((text) => {
          const [start, end] = text
            .split('-')
            .map((hhmm) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3)));
          return { start, end };
        }),
      },
      holidays: [],
      workdays: [],
    });

  it('spring (2026-03-29, 01:00 GMT -> 02:00 BST): 00:30-03:00 opens 1.5 hours', () => {
    const calendar = london(['00:30-03:00']);
    const saturday = at('2026-03-28T12:00:00Z');
    expect(calendar.openingMsBetween(saturday, at('2026-03-30T00:00:00Z'))).toBe(1.5 * 3_600_000);
    expect(iso(dueAt(calendar, { unit: 'businessHours', amount: 1 }, saturday))).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    expect(iso(dueAt(calendar, { unit: 'businessHours', amount: 1.5 }, saturday))).toBe(
      '2026-03-29T02:00:00.000Z',
    );
  });

  it('spring: a time inside the gap means the first instant after it (01:30-04:00 opens at 01:00Z)', () => {
    const calendar = london(['01:30-04:00']);
    expect(calendar.instantAt(dayNumberOf('2026-03-29'), 90)).toBe(at('2026-03-29T01:00:00Z'));
    expect(calendar.openingMsBetween(at('2026-03-28T12:00:00Z'), at('2026-03-30T00:00:00Z'))).toBe(
      2 * 3_600_000,
    );
  });

  it('autumn (2026-10-25, 02:00 BST -> 01:00 GMT): 00:30-03:00 opens 3.5 hours, a repeated time at its first occurrence', () => {
    const calendar = london(['00:30-03:00']);
    expect(calendar.openingMsBetween(at('2026-10-24T12:00:00Z'), at('2026-10-26T00:00:00Z'))).toBe(
      3.5 * 3_600_000,
    );
    expect(calendar.instantAt(dayNumberOf('2026-10-25'), 90)).toBe(at('2026-10-25T00:30:00Z'));
  });

  it('business days and days across the change: closes at 17:00 BST (16:00Z), midnights at 23:00Z', () => {
    const calendar = london([]);
    const friday = at('2026-03-27T12:00:00Z');
    expect(iso(dueAt(calendar, { unit: 'businessDays', amount: 1 }, friday))).toBe(
      '2026-03-30T16:00:00.000Z',
    );
    expect(iso(dueAt(calendar, { unit: 'days', amount: 3 }, friday))).toBe('2026-03-30T23:00:00.000Z');
    // FCA DISP 1.6: eight weeks, 56 days, over the autumn change.
    expect(iso(dueAt(calendar, { unit: 'days', amount: 56 }, at('2026-09-01T10:00:00Z')))).toBe(
      '2026-10-28T00:00:00.000Z',
    );
  });

  it('a midnight the clocks skip (America/Santiago, 2026-09-06 00:00 -> 01:00): the day starts at the jump', () => {
    const santiago = new BusinessCalendar({ ...policy, timezone: 'America/Santiago' });
    expect(iso(santiago.startOfDay(dayNumberOf('2026-09-06')))).toBe('2026-09-06T04:00:00.000Z');
    expect(iso(dueAt(santiago, { unit: 'days', amount: 1 }, at('2026-09-04T15:00:00Z')))).toBe(
      '2026-09-06T04:00:00.000Z',
    );
  });
});

describe('BusinessCalendar', () => {
  it('refuses a calendar without an open weekday (its deadlines would never come)', () => {
    const closed = { ...policy, week: { ...policy.week, mon: [], tue: [], wed: [], thu: [], fri: [] } };
    expect(() => new BusinessCalendar(closed)).toThrow(/at least one weekday/);
  });

  it('counts opening time over many blocks and back: a year of the example calendar', () => {
    const from = at('2026-01-01T00:00:00Z');
    const to = at('2027-01-01T00:00:00Z');
    const year = calendar.openingMsBetween(from, to);
    // 2026 starts on a Thursday: 52 weeks and one day, so 53 Thursdays; Mondays 52 x 8 h,
    // other weekdays 9 h; minus the holidays (two 9-hour days), plus the make-up Saturday (8 h).
    const weekdays = { mon: 52, tue: 52, wed: 52, thu: 53, fri: 52 };
    const expected =
      (weekdays.mon * 8 + (weekdays.tue + weekdays.wed + weekdays.thu + weekdays.fri) * 9 - 18 + 8) *
      3_600_000;
    expect(year).toBe(expected);
    expect(calendar.addOpeningMs(from, year)).toBe(at('2026-12-31T10:00:00Z')); // Thu 2026-12-31, 18:00 local
  });
});
