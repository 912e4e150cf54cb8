// Counting Kazakhstan working days from an instant: the receipt day, the deadline day and the gap between two days.
// Semantics (docs/calendar.md): a request received on a day off or after working hours is received on the next
// working day; with excludeReceiptDay (the default) that day does not count; the deadline is the end of working
// hours on the last counted day, because an act done in an organisation must be done before it closes.
import { InvalidRequestError } from '../errors.js';
import { isWorkingDay } from './days-off.js';
import { DEFAULT_TIME_ZONE, instantAt, localDateOf, shiftYmd, wallTimeOf } from './zoned-time.js';

/** End of the working day of state bodies (09:00–18:30, the hours the standards of the services state). */
export const WORKDAY_END = { hour: 18, minute: 30 } as const;

export interface WorkingDayOptions {
  /** The receipt day does not count (default true: «день приема … не входит в срок»). */
  excludeReceiptDay?: boolean;
  /** IANA zone of the service provider (default Asia/Almaty). */
  timeZone?: string;
}

/** The first working day strictly after a date. */
export function nextWorkingDay(ymd: string): string {
  let d = shiftYmd(ymd, 1);
  // A year has no run of days off longer than a few weeks; the bound guards against a broken table.
  for (let i = 0; i < 60 && !isWorkingDay(d); i++) d = shiftYmd(d, 1);
  if (!isWorkingDay(d)) throw new InvalidRequestError(`No working day within 60 days after ${ymd}: the calendar table is broken`);
  return d;
}

/** The day a request received at this instant counts as received: the same day if it is a working day and
 *  working hours have not ended, otherwise the next working day. */
export function receiptDayOf(instant: Date, timeZone = DEFAULT_TIME_ZONE): string {
  const w = wallTimeOf(instant, timeZone);
  const minutes = w.hour * 60 + w.minute + (w.second > 0 || w.millisecond > 0 ? 1e-3 : 0);
  const afterHours = minutes > WORKDAY_END.hour * 60 + WORKDAY_END.minute;
  return isWorkingDay(w.ymd) && !afterHours ? w.ymd : nextWorkingDay(w.ymd);
}

/** The end of working hours of a working day, as an instant. */
export function endOfWorkingDay(ymd: string, timeZone = DEFAULT_TIME_ZONE): Date {
  return instantAt(ymd, WORKDAY_END.hour, WORKDAY_END.minute, 0, 0, timeZone);
}

/** The deadline date of a limit of `days` working days for a request received at `from`. */
export function deadlineDay(from: Date, days: number, opts: WorkingDayOptions = {}): string {
  if (!Number.isInteger(days) || days < 0) {
    throw new InvalidRequestError(`Invalid number of working days ${days}: expected a whole number ≥ 0`);
  }
  const excludeReceiptDay = opts.excludeReceiptDay ?? true;
  let day = receiptDayOf(from, opts.timeZone);
  const toCount = excludeReceiptDay ? days : Math.max(days - 1, 0);
  for (let i = 0; i < toCount; i++) day = nextWorkingDay(day);
  return day;
}

/** The deadline of a limit of `days` working days for a request received at `from`: the end of working hours
 *  of the last day counted. */
export function addWorkingDays(from: Date, days: number, opts: WorkingDayOptions = {}): Date {
  return endOfWorkingDay(deadlineDay(from, days, opts), opts.timeZone);
}

/** Working days d with date(a) < d ≤ date(b) (negative when b is before a): the countdown a UI shows
 *  ("2 working days left" on Monday for a Wednesday deadline). Dates are taken in the zone's calendar. */
export function workingDaysBetween(a: Date | string, b: Date | string, timeZone = DEFAULT_TIME_ZONE): number {
  const from = typeof a === 'string' ? a : localDateOf(a, timeZone);
  const to = typeof b === 'string' ? b : localDateOf(b, timeZone);
  if (from === to) return 0;
  const sign = from < to ? 1 : -1;
  const [lo, hi] = sign > 0 ? [from, to] : [to, from];
  let count = 0;
  for (let d = shiftYmd(lo, 1); d <= hi; d = shiftYmd(d, 1)) if (isWorkingDay(d)) count++;
  return sign * count;
}
