// Conversions between instants and wall-clock dates in a named time zone (Asia/Almaty by default), via Intl.
// Asia/Almaty was UTC+6 until 1 March 2024 and is UTC+5 since; Intl knows both, a fixed offset would not.

export const DEFAULT_TIME_ZONE = 'Asia/Almaty';

export interface WallTime {
  ymd: string;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time of an instant in a time zone. */
export function wallTimeOf(instant: Date, timeZone = DEFAULT_TIME_ZONE): WallTime {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid date: not a valid instant');
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) parts[p.type] = p.value;
  return {
    ymd: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    millisecond: ((ms % 1000) + 1000) % 1000,
  };
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDateOf(instant: Date, timeZone = DEFAULT_TIME_ZONE): string {
  return wallTimeOf(instant, timeZone).ymd;
}

function offsetMs(instant: number, timeZone: string): number {
  const w = wallTimeOf(new Date(instant), timeZone);
  const [y, m, d] = w.ymd.split('-').map(Number) as [number, number, number];
  const asUtc = Date.UTC(y, m - 1, d, w.hour, w.minute, w.second, w.millisecond);
  return asUtc - instant;
}

/** The instant at which the wall clock of a time zone shows this date and time. */
export function instantAt(ymd: string, hour: number, minute: number, second = 0, millisecond = 0, timeZone = DEFAULT_TIME_ZONE): Date {
  const [y, m, d] = parseYmd(ymd);
  const naive = Date.UTC(y, m - 1, d, hour, minute, second, millisecond);
  // Two rounds settle the offset even across a change of the zone's rules.
  let guess = naive - offsetMs(naive, timeZone);
  guess = naive - offsetMs(guess, timeZone);
  return new Date(guess);
}

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Splits and checks a YYYY-MM-DD string. */
export function parseYmd(ymd: string): [number, number, number] {
  const m = YMD.exec(ymd);
  if (!m) throw new RangeError(`Invalid date '${ymd}': expected YYYY-MM-DD`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`Invalid date '${ymd}': no such calendar day`);
  }
  return [y, mo, d];
}

/** The date `days` calendar days after (or before) a YYYY-MM-DD date. */
export function shiftYmd(ymd: string, days: number): string {
  const [y, m, d] = parseYmd(ymd);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, for a YYYY-MM-DD date. */
export function weekdayOf(ymd: string): number {
  const [y, m, d] = parseYmd(ymd);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}
