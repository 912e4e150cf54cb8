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

// Offsets change only on quarter-hour boundaries, and at most once in a day: one Intl call per zone and UTC day
// when the offset is the same at both ends of the day, else per quarter hour (formatToParts is the slow part).
const QUARTER_HOUR = 900_000;
const DAY = 86_400_000;
const offsets = new Map<string, number>();

function intlOffset(probe: number, timeZone: string): number {
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(probe))) parts[p.type] = p.value;
  const asUtc = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return asUtc - probe;
}

function remember(key: string, offset: number): number {
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

function offsetMs(instant: number, timeZone: string): number {
  const day = Math.floor(instant / DAY);
  const dayKey = `${timeZone}|d${day}`;
  const byDay = offsets.get(dayKey);
  if (byDay !== undefined && !Number.isNaN(byDay)) return byDay;
  if (byDay === undefined) {
    const start = intlOffset(day * DAY, timeZone);
    const end = intlOffset(day * DAY + DAY - QUARTER_HOUR, timeZone);
    // NaN marks a day with a change of offset: look it up per quarter hour.
    if (start === end) return remember(dayKey, start);
    remember(dayKey, Number.NaN);
  }
  const quarter = Math.floor(instant / QUARTER_HOUR);
  const key = `${timeZone}|q${quarter}`;
  return offsets.get(key) ?? remember(key, intlOffset(quarter * QUARTER_HOUR, timeZone));
}

/** The wall-clock time of an instant in a time zone. */
export function wallTimeOf(instant: Date, timeZone = DEFAULT_TIME_ZONE): WallTime {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid date: not a valid instant');
  const local = new Date(ms + offsetMs(ms, timeZone));
  return {
    ymd: local.toISOString().slice(0, 10),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    millisecond: local.getUTCMilliseconds(),
  };
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDateOf(instant: Date, timeZone = DEFAULT_TIME_ZONE): string {
  return wallTimeOf(instant, timeZone).ymd;
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

// Deadlines walk the same few hundred dates over and over: remember the checked ones.
const parsed = new Map<string, [number, number, number]>();
const nextDay = new Map<string, string>();

/** Splits and checks a YYYY-MM-DD string. */
export function parseYmd(ymd: string): [number, number, number] {
  const hit = parsed.get(ymd);
  if (hit) return hit;
  const m = YMD.exec(ymd);
  if (!m) throw new RangeError(`Invalid date '${ymd}': expected YYYY-MM-DD`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`Invalid date '${ymd}': no such calendar day`);
  }
  const out: [number, number, number] = [y, mo, d];
  if (parsed.size > 20_000) parsed.clear();
  parsed.set(ymd, out);
  return out;
}

/** The date `days` calendar days after (or before) a YYYY-MM-DD date. */
export function shiftYmd(ymd: string, days: number): string {
  if (days === 1) {
    const hit = nextDay.get(ymd);
    if (hit) return hit;
  }
  const [y, m, d] = parseYmd(ymd);
  const out = new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
  if (days === 1) {
    if (nextDay.size > 20_000) nextDay.clear();
    nextDay.set(ymd, out);
  }
  return out;
}

/** 0 = Sunday … 6 = Saturday, for a YYYY-MM-DD date. */
export function weekdayOf(ymd: string): number {
  const [y, m, d] = parseYmd(ymd);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}
