// The validity window of an act (docs/calendar.md, «Validity of an act»): the one rule that gives validity.from when
// the text has no day of entry into force, whether a day lies inside the window, and how the window reads.
import type { Manifest } from './manifest.js';

export type Validity = Manifest['validity'];

const DAY = 86_400_000;

/** Days the seeds' clause waits after the day of publication: «по истечении десяти календарных дней после дня его
 *  первого официального опубликования» — the ten days run from the day after it, so the act is in force on the 11th. */
export const DAYS_AFTER_PUBLICATION = 11;

function addDays(ymd: string, days: number): string {
  return new Date(Date.parse(`${ymd}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

/** validity.from by the rule, when the text does not give the publication date: the earliest day of publication (the
 *  justice registration, else the act's own date) + 11 days. Null without any date. */
export function assumedEntryIntoForce(act: Partial<Manifest['act']> | undefined): { from: string; why: string } | null {
  const registered = act?.justiceRegistration?.date;
  if (registered) return { from: addDays(registered, DAYS_AFTER_PUBLICATION), why: `justice registration ${registered} + ${DAYS_AFTER_PUBLICATION} days` };
  if (act?.date) return { from: addDays(act.date, DAYS_AFTER_PUBLICATION), why: `act date ${act.date} + ${DAYS_AFTER_PUBLICATION} days (no registration in the text)` };
  return null;
}

/** `{ "unknown": true }`: the text does not give the act's status. */
export function endIsUnknown(to: unknown): to is { unknown: true } {
  return typeof to === 'object' && to !== null && (to as { unknown?: unknown }).unknown === true;
}

/** The day the act is last in force (inclusive), or null when open or unknown. */
export function lastDayOf(validity: Validity | undefined): string | null {
  return typeof validity?.to === 'string' ? validity.to : null;
}

/** Whether a YYYY-MM-DD lies in the window; `to` is the last day in force, an unknown end counts as open (the policy
 *  of docs/calendar.md) and is reported in `endUnknown`. */
export function inForceOn(validity: Validity | undefined, day: string): { inForce: boolean; endUnknown: boolean } {
  const last = lastDayOf(validity);
  const inForce = (!validity?.from || validity.from <= day) && (!last || day <= last);
  return { inForce, endUnknown: endIsUnknown(validity?.to) };
}

/** «2013-02-08 (assumed) – 2013-05-22 (assumed)», «… – unknown», «… – open». */
export function describeValidity(validity: Validity | undefined): string {
  const from = validity?.from ? `${validity.from}${validity.fromBasis === 'assumed' ? ' (assumed)' : ''}` : '…';
  const to = endIsUnknown(validity?.to) ? 'unknown' : lastDayOf(validity) ? `${validity!.to}${validity!.toBasis === 'assumed' ? ' (assumed)' : ''}` : 'open';
  return `${from} – ${to}`;
}
