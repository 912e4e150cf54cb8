// The Kazakhstan working-day calendar: the surface the engine, the linter and the UIs use.
export { isWorkingDay, calendarYearsCovered, workingDayRule } from './days-off.js';
export {
  addWorkingDays,
  workingDaysBetween,
  deadlineDay,
  receiptDayOf,
  nextWorkingDay,
  endOfWorkingDay,
  WORKDAY_END,
  type WorkingDayOptions,
} from './working-days.js';
export { addDuration, checkDuration, type AddDurationOptions, type CalendarKind } from './add-duration.js';
export { parseIsoDuration, type IsoDuration } from './iso-duration.js';
export { localDateOf, DEFAULT_TIME_ZONE } from './zoned-time.js';
export { kzOverrides, type OverrideEntry, type YearOverrides } from './kz-overrides.js';
