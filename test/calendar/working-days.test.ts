// The Kazakhstan working-day calendar: regression dates, the traps of deadlines, and properties of the arithmetic.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addDuration,
  addWorkingDays,
  calendarYearsCovered,
  deadlineDay,
  isWorkingDay,
  kzOverrides,
  localDateOf,
  receiptDayOf,
  workingDaysBetween,
  workingDayRule,
} from '../../src/calendar/index.js';

const at = (iso: string): Date => new Date(iso);
const almaty = (ymd: string, hm = '10:00'): Date => new Date(`${ymd}T${hm}:00+05:00`);

describe('src/calendar isWorkingDay', () => {
  it.each([
    ['2026-03-20', true, 'Friday before Nauryz'],
    ['2026-03-23', false, 'Nauryz'],
    ['2026-03-24', false, 'substitute for 21 March'],
    ['2026-03-25', false, 'substitute for 22 March, missing in date-holidays 3.37.0'],
    ['2026-03-26', true, 'first working day after Nauryz'],
    ['2026-03-16', true, 'new Constitution Day is celebrated from 2027 only'],
    ['2026-05-26', true, 'eve of Kurban ait: the package starts the holiday at sunset, the day is still a working day'],
    ['2026-05-27', false, 'Kurban ait'],
    ['2026-05-11', false, 'Victory Day (Saturday) moved to Monday'],
    ['2025-01-03', false, 'transfer order: day off moved from Sunday 5 January'],
    ['2025-01-05', true, 'working Sunday of the transfer order'],
    ['2026-11-21', false, 'ordinary Saturday'],
    ['2027-03-24', false, 'Nauryz 2027: Sunday 21 March moves to 24 March'],
  ])('%s → %s (%s)', (ymd, expected) => {
    expect(isWorkingDay(ymd)).toBe(expected);
  });

  it('rejects a malformed or impossible date with the date in the message', () => {
    expect(() => isWorkingDay('2026-02-30')).toThrow(/2026-02-30/);
    expect(() => isWorkingDay('20.11.2026')).toThrow(/YYYY-MM-DD/);
  });
});

describe('src/calendar addWorkingDays: regression table (+3 working days)', () => {
  it.each([
    ['2026-03-19', '2026-03-27'],
    ['2026-05-06', '2026-05-13'],
    ['2026-05-26', '2026-06-01'],
    ['2026-11-20', '2026-11-25'],
    ['2026-12-31', '2027-01-08'],
  ])('received %s → due %s', (start, due) => {
    const deadline = addWorkingDays(almaty(start), 3);
    expect(localDateOf(deadline)).toBe(due);
    // The deadline is the end of working hours of the last day (18:30 Almaty = 13:30 UTC).
    expect(deadline.toISOString()).toBe(`${due}T13:30:00.000Z`);
  });
});

describe('src/calendar deadlines: the traps', () => {
  it('P1D in working days is one working day, not 24 working hours nor 24 hours', () => {
    const monday = almaty('2026-11-23');
    expect(addDuration(monday, 'P1D', { calendar: 'kz-working-days' }).toISOString()).toBe('2026-11-24T13:30:00.000Z');
    const friday = almaty('2026-11-20');
    expect(addDuration(friday, 'P1D', { calendar: 'kz-working-days' }).toISOString()).toBe('2026-11-23T13:30:00.000Z');
    // One calendar day from Friday ends on Saturday, a day off: the term ends with Monday's working hours.
    expect(addDuration(friday, 'P1D', { calendar: 'calendar' }).toISOString()).toBe('2026-11-23T13:30:00.000Z');
  });

  it('calendar days exclude the receipt day and the issue day where the act says so, and end on a working day', () => {
    // Issue 16's case: received Friday 14 December 2012 16:10 in Актобе, «3 дня (день приема … не входит)»: 15, 16, 17
    // December count; 16–17 December are Independence Day and 18 December its transferred day off: 19 December 18:30.
    const received = almaty('2012-12-14', '16:10');
    expect(addDuration(received, 'P3D', { calendar: 'calendar', excludeReceiptDay: true }).toISOString()).toBe('2012-12-19T12:30:00.000Z');
    // A working Wednesday: 3 days after Monday's receipt end with Thursday's working hours.
    const monday = almaty('2026-11-23', '10:00');
    expect(addDuration(monday, 'P3D', { calendar: 'calendar', excludeReceiptDay: true }).toISOString()).toBe('2026-11-26T13:30:00.000Z');
    expect(addDuration(monday, 'P3D', { calendar: 'calendar' }).toISOString()).toBe('2026-11-26T05:00:00.000Z');
    // «день приема и день выдачи документов не входит»: the issue day is one day more, in either calendar.
    expect(addDuration(monday, 'P3D', { calendar: 'calendar', excludeReceiptDay: true, excludeIssueDay: true }).toISOString()).toBe('2026-11-27T13:30:00.000Z');
    expect(addDuration(monday, 'P3D', { calendar: 'kz-working-days', excludeReceiptDay: true, excludeIssueDay: true }).toISOString()).toBe('2026-11-27T13:30:00.000Z');
    // Minutes stay minutes.
    expect(addDuration(monday, 'PT10M', { calendar: 'calendar', excludeReceiptDay: true }).toISOString()).toBe('2026-11-23T05:10:00.000Z');
  });

  it('a request received Friday 18:00 is due at the end of the third working day after Friday', () => {
    const due = addDuration(almaty('2026-11-20', '18:00'), 'P3D', { calendar: 'kz-working-days', excludeReceiptDay: true });
    expect(due.toISOString()).toBe('2026-11-25T13:30:00.000Z');
  });

  it('a request received Friday after working hours counts as received on Monday', () => {
    expect(receiptDayOf(at('2026-11-20T13:30:00Z'))).toBe('2026-11-20'); // 18:30 sharp still counts
    expect(receiptDayOf(at('2026-11-20T13:30:01Z'))).toBe('2026-11-23');
    expect(deadlineDay(almaty('2026-11-20', '19:00'), 3)).toBe('2026-11-26');
  });

  it('a request received on a day off counts as received on the next working day', () => {
    expect(receiptDayOf(almaty('2026-11-21'))).toBe('2026-11-23');
    expect(deadlineDay(almaty('2026-11-21'), 3)).toBe('2026-11-26');
    // Received on the evening before Kurban ait: the holiday does not start at sunset for us, but the
    // receipt is after hours, so it rolls over the holiday to Thursday 28 May.
    expect(receiptDayOf(almaty('2026-05-26', '19:00'))).toBe('2026-05-28');
  });

  it('counts the receipt day only when told to', () => {
    const monday = almaty('2026-11-23');
    expect(deadlineDay(monday, 3)).toBe('2026-11-26');
    expect(deadlineDay(monday, 3, { excludeReceiptDay: false })).toBe('2026-11-25');
    // A Saturday receipt day is not a working day, so counting it changes nothing but the start.
    expect(deadlineDay(almaty('2026-11-21'), 3, { excludeReceiptDay: false })).toBe('2026-11-25');
  });

  it('a holiday falling on Saturday moves to Monday', () => {
    expect(deadlineDay(almaty('2026-05-08'), 1)).toBe('2026-05-12');
  });

  it('a transferred working weekend day counts', () => {
    // 31 Dec 2024 (Tue) + 1: 1–3 January off, Saturday 4 off, Sunday 5 January worked.
    expect(deadlineDay(almaty('2024-12-31'), 1)).toBe('2025-01-05');
    expect(receiptDayOf(almaty('2025-01-05'))).toBe('2025-01-05');
  });

  it('a working Saturday of a transfer order counts, and the day it gives off does not', () => {
    // No order of 2025–2027 moved work to a Saturday; the rule is the same as for the working Sunday above.
    const entry = (date: string) => ({ date, reason: 'test transfer', source: 'test fixture', status: 'assumption' as const });
    const rule = workingDayRule({ 2026: { reviewed: '2026-11-22', extraDaysOff: [entry('2026-11-23')], notDaysOff: [], workingWeekends: [entry('2026-11-21')] } });
    expect(rule('2026-11-21')).toBe(true);
    expect(rule('2026-11-22')).toBe(false);
    expect(rule('2026-11-23')).toBe(false);
    expect(rule('2026-03-25')).toBe(true); // this table lacks the real Nauryz correction
    expect(isWorkingDay('2026-11-21')).toBe(false);
  });

  it('handles limits of 30 and more working days across holidays and the year boundary', () => {
    // 23 Nov 2026 (Mon) + 30 working days: 16 Dec off, then 1, 2, 4 (substitute) and 7 January off.
    expect(deadlineDay(almaty('2026-11-23'), 30)).toBe('2027-01-08');
    expect(workingDaysBetween('2026-11-23', '2027-01-08')).toBe(30);
    // Sunday 1 March 2026 + 45: received Monday 2 March; 9, 23–25 March, 1, 7, 11 May off (counted by hand).
    expect(deadlineDay(almaty('2026-03-01'), 45)).toBe('2026-05-13');
  });

  it('does ISO arithmetic with the calendar option, a term ending on a day off moving to the next working day', () => {
    const jan31 = almaty('2026-01-31', '09:15');
    // 28 February 2026 is a Saturday: the term ends on Monday 2 March at the end of working hours.
    expect(addDuration(jan31, 'P1M', { calendar: 'calendar' }).toISOString()).toBe('2026-03-02T13:30:00.000Z');
    expect(addDuration(jan31, 'P45D', { calendar: 'calendar' }).toISOString()).toBe('2026-03-17T04:15:00.000Z');
    expect(addDuration(jan31, 'PT30M', { calendar: 'calendar' }).toISOString()).toBe('2026-01-31T04:45:00.000Z');
    // Sunday 1 February: Monday 2 February, end of working hours.
    expect(addDuration(jan31, 'P1DT2H', { calendar: 'calendar' }).toISOString()).toBe('2026-02-02T13:30:00.000Z');
    expect(addDuration(jan31, 'PT15S', { calendar: 'kz-working-days' }).toISOString()).toBe('2026-01-31T04:15:15.000Z');
    // Working days then ordinary time: Saturday receipt → Monday is the receipt day, due Tuesday 18:30 + 2 h.
    expect(addDuration(jan31, 'P1DT2H', { calendar: 'kz-working-days' }).toISOString()).toBe('2026-02-03T15:30:00.000Z');
  });

  it('uses the zone rules of the date: Almaty was UTC+6 before March 2024', () => {
    expect(addWorkingDays(almaty('2024-02-01'), 1).toISOString()).toBe('2024-02-02T12:30:00.000Z');
  });

  it('rejects durations that have no working-day meaning, and bad input, with a clear message', () => {
    expect(() => addDuration(new Date(), 'P1M', { calendar: 'kz-working-days' })).toThrow(/P1M.*write the days/);
    expect(() => addDuration(new Date(), '3 days', { calendar: 'calendar' })).toThrow(/Invalid ISO 8601 duration '3 days'/);
    expect(() => addDuration(new Date(), 'PT', { calendar: 'calendar' })).toThrow(/Invalid ISO 8601/);
    expect(() => addDuration(new Date(), 'P1D', { calendar: 'working' as 'calendar' })).toThrow(/Invalid calendar 'working'/);
    expect(() => addWorkingDays(new Date(), -1)).toThrow(/whole number/);
    expect(() => addWorkingDays(new Date(), 1.5)).toThrow(/whole number/);
  });

  it('counts working days between two dates for countdowns, negative when overdue', () => {
    expect(workingDaysBetween(almaty('2026-11-23'), almaty('2026-11-25', '18:30'))).toBe(2);
    expect(workingDaysBetween(almaty('2026-11-23', '08:00'), almaty('2026-11-23', '18:30'))).toBe(0);
    expect(workingDaysBetween('2026-11-27', '2026-11-20')).toBe(-5);
    expect(workingDaysBetween('2026-03-20', '2026-03-26')).toBe(1);
  });

  it('computes 10,000 deadlines quickly', () => {
    const t0 = performance.now();
    for (let i = 0; i < 10_000; i++) addWorkingDays(new Date(Date.UTC(2026, 0, 1) + i * 3_600_000), 3);
    expect(performance.now() - t0).toBeLessThan(2_000);
  });
});

describe('src/calendar coverage of the override table', () => {
  it('has the current year reviewed, and next year from November on', () => {
    const now = new Date();
    const year = Number(localDateOf(now).slice(0, 4));
    const years = calendarYearsCovered();
    expect(years).toContain(year);
    if (now.getUTCMonth() >= 10) expect(years, `add the transfer order of ${year + 1} to src/calendar/kz-overrides.ts`).toContain(year + 1);
  });

  it('gives every override entry a source and a reason, in its own year', () => {
    for (const [year, o] of Object.entries(kzOverrides)) {
      for (const e of [...o.extraDaysOff, ...o.notDaysOff, ...o.workingWeekends]) {
        expect(e.date.startsWith(`${year}-`), e.date).toBe(true);
        expect(e.source.length).toBeGreaterThan(10);
        expect(e.reason.length).toBeGreaterThan(10);
      }
    }
  });
});

// Instants from 2025-01-01 to 2027-12-31, at any minute.
const instant = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 11, 31) }).map((ms) => new Date(ms - (ms % 60_000)));
const days = fc.integer({ min: 0, max: 40 });

describe('src/calendar properties', () => {
  it('is monotonic in the start', () => {
    fc.assert(
      fc.property(instant, instant, days, (a, b, n) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return addWorkingDays(lo, n).getTime() <= addWorkingDays(hi, n).getTime();
      }),
    );
  });

  it('adding n then m working days equals adding n + m', () => {
    fc.assert(
      fc.property(instant, days, days, (x, n, m) => addWorkingDays(addWorkingDays(x, n), m).getTime() === addWorkingDays(x, n + m).getTime()),
    );
  });

  it('always ends on a working day, strictly after the receipt day when days > 0', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 40 }), (x, n) => {
        const due = localDateOf(addWorkingDays(x, n));
        return isWorkingDay(due) && due > receiptDayOf(x) && workingDaysBetween(receiptDayOf(x), due) === n;
      }),
    );
  });
});
