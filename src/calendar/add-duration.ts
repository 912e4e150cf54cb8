// Deadline arithmetic for timers: plain ISO 8601 on the wall clock, or the day part counted in KZ working days.
import { InvalidRequestError } from '../errors.js';
import { parseIsoDuration, timePartMs, type IsoDuration } from './iso-duration.js';
import { addWorkingDays } from './working-days.js';
import { DEFAULT_TIME_ZONE, instantAt, parseYmd, wallTimeOf } from './zoned-time.js';

export type CalendarKind = 'kz-working-days' | 'calendar';

export interface AddDurationOptions {
  calendar: CalendarKind;
  excludeReceiptDay?: boolean;
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

/** The instant `isoDuration` after `from`. With `calendar` it is ISO arithmetic on the zone's wall clock; with
 *  `kz-working-days` the day part is a limit of working days (see addWorkingDays) and the time part is then
 *  added as ordinary time; a duration without days is ordinary time in both. */
export function addDuration(from: Date, isoDuration: string, opts: AddDurationOptions): Date {
  const timeZone = opts.timeZone ?? DEFAULT_TIME_ZONE;
  const d = checkDuration(isoDuration, opts.calendar);
  if (opts.calendar === 'calendar' || d.days === 0) return addCalendar(from, d, timeZone);
  const end = addWorkingDays(from, d.days, { excludeReceiptDay: opts.excludeReceiptDay, timeZone });
  return new Date(end.getTime() + timePartMs(d));
}
