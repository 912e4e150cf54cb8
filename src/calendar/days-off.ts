// Which Kazakhstan dates are working days: date-holidays' KZ public holidays, corrected by kz-overrides.
// Works on YYYY-MM-DD strings only: the package's holidays start at the previous sunset for Kurban ait,
// so testing a Date would mark the evening before as a holiday.
import Holidays from 'date-holidays';
import { kzOverrides, type YearOverrides } from './kz-overrides.js';
import { parseYmd, weekdayOf } from './zoned-time.js';

const holidays = new Holidays('KZ');

type YearTable = { off: Set<string>; working: Set<string> };

/** The working-day rule over an override table (the real one, or a test's). */
export function workingDayRule(overrides: Readonly<Record<number, YearOverrides>>): (ymd: string) => boolean {
  const byYear = new Map<number, YearTable>();
  const yearTable = (year: number): YearTable => {
    let t = byYear.get(year);
    if (!t) {
      const o = overrides[year];
      const off = new Set<string>();
      for (const h of holidays.getHolidays(year) || []) {
        if (h.type === 'public') off.add(h.date.slice(0, 10));
      }
      for (const e of o?.extraDaysOff ?? []) off.add(e.date);
      for (const e of o?.notDaysOff ?? []) off.delete(e.date);
      t = { off, working: new Set((o?.workingWeekends ?? []).map((e) => e.date)) };
      byYear.set(year, t);
    }
    return t;
  };
  return (ymd: string): boolean => {
    const [year] = parseYmd(ymd);
    const t = yearTable(year);
    if (t.working.has(ymd)) return true;
    const wd = weekdayOf(ymd);
    if (wd === 0 || wd === 6) return false;
    return !t.off.has(ymd);
  };
}

const kzRule = workingDayRule(kzOverrides);

/** True when a YYYY-MM-DD date (Asia/Almaty) is a working day of the five-day week in Kazakhstan. */
export function isWorkingDay(ymd: string): boolean {
  return kzRule(ymd);
}

/** The years whose transfer order has been reviewed into kz-overrides (other years use the package alone). */
export function calendarYearsCovered(): number[] {
  return Object.keys(kzOverrides)
    .map(Number)
    .sort((a, b) => a - b);
}
