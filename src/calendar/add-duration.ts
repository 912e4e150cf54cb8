// Deadline arithmetic for timers: plain ISO 8601 on the wall clock, or the day part counted in KZ working days.
import { InvalidRequestError } from '../errors.js';
import { parseIsoDuration, timePartMs, type IsoDuration } from './iso-duration.js';
import { addWorkingDays, endOfWorkingDay, nextWorkingDay } from './working-days.js';
import { isWorkingDay } from './days-off.js';
import { DEFAULT_TIME_ZONE, instantAt, parseYmd, shiftYmd, wallTimeOf } from './zoned-time.js';

export type CalendarKind = 'kz-working-days' | 'calendar';

export interface AddDurationOptions {
  calendar: CalendarKind;
  /** The day of receipt is not counted («день приема … не входит в срок»). Working days: default true. */
  excludeReceiptDay?: boolean;
  /** The day of issue is not counted either («день приема и день выдачи документов не входит»): one day more. */
  excludeIssueDay?: boolean;
  timeZone?: string;
}

/** Checks that a duration can be counted in a calendar; returns the parsed duration or throws why not. */
export function checkDuration(isoDuration: string, calendar: string): IsoDuration {
  if (calendar !== 'calendar' && calendar !== 'kz-working-days') {
    throw new InvalidRequestError(`Invalid calendar '${calendar}': expected 'kz-working-days' or 'calendar'`);
  }
  const d = parseIsoDuration(isoDuration);
  if (calendar === 'kz-working-days' && (d.years || d.months || d.weeks)) {
    throw new InvalidRequestError(
      `Invalid working-day duration '${isoDuration}': years, months and weeks have no working-day meaning; write the days (P10D)`,
    );
  }
  return d;
}

function addCalendar(from: Date, d: IsoDuration, timeZone: string): Date {
  const w = wallTimeOf(from, timeZone);
  const [y, m, day] = parseYmd(w.ymd);
  // Years and months move the wall-clock date, clamped to the month's last day (31 Jan + P1M = 28/29 Feb).
  const monthIndex = y * 12 + (m - 1) + d.years * 12 + d.months;
  const ny = Math.floor(monthIndex / 12);
  const nm = monthIndex % 12;
  const lastDay = new Date(Date.UTC(ny, nm + 1, 0)).getUTCDate();
  const shifted = new Date(Date.UTC(ny, nm, Math.min(day, lastDay) + d.weeks * 7 + d.days)).toISOString().slice(0, 10);
  const base = instantAt(shifted, w.hour, w.minute, w.second, w.millisecond, timeZone);
  return new Date(base.getTime() + timePartMs(d));
}

/**
 * A term of calendar days (docs/calendar.md): with the receipt day excluded it runs over the N days after it and
 * ends when working hours end on the last; without, it is ISO arithmetic on the wall clock. A term whose last day is
 * a day off ends on the next working day (the Civil Code's rule on a term ending on a non-working day).
 */
function addCalendarDays(from: Date, d: IsoDuration, opts: AddDurationOptions, timeZone: string): Date {
  const extra = opts.excludeIssueDay ? 1 : 0;
  const plain = addCalendar(from, { ...d, days: d.days + extra }, timeZone);
  const lastDay = opts.excludeReceiptDay ? shiftYmd(wallTimeOf(from, timeZone).ymd, d.days + extra) : wallTimeOf(plain, timeZone).ymd;
  if (!opts.excludeReceiptDay && isWorkingDay(lastDay)) return plain;
  const day = isWorkingDay(lastDay) ? lastDay : nextWorkingDay(lastDay);
  // The term ends with the working day: a time part of the duration does not carry past closing time.
  return endOfWorkingDay(day, timeZone);
}

/** The instant `isoDuration` after `from`. With `calendar` it is ISO arithmetic on the zone's wall clock (days as
 *  addCalendarDays says); with `kz-working-days` the day part is a limit of working days (see addWorkingDays) and the
 *  time part is then added as ordinary time; a duration without date part is ordinary time in both. */
export function addDuration(from: Date, isoDuration: string, opts: AddDurationOptions): Date {
  const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
  const d = checkDuration(isoDuration, opts.calendar);
  const hasDays = d.years || d.months || d.weeks || d.days;
  if (!hasDays) return addCalendar(from, d, timeZone);
  if (opts.calendar === 'calendar') return addCalendarDays(from, d, opts, timeZone);
  const end = addWorkingDays(from, d.days + (opts.excludeIssueDay ? 1 : 0), { excludeReceiptDay: opts.excludeReceiptDay, timeZone });
  return new Date(end.getTime() + timePartMs(d));
}
