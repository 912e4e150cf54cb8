// Parses ISO 8601 durations as BPMN timers write them (P1M, P45D, PT30M, P1DT2H, PT1.5S).
import { InvalidRequestError } from '../errors.js';

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/;

/** Parses an ISO 8601 duration; throws InvalidRequestError naming the text when it is not one. */
export function parseIsoDuration(text: string): IsoDuration {
  const m = PATTERN.exec(text.trim());
  if (!m || text.trim() === 'P' || text.trim().endsWith('T')) {
    throw new InvalidRequestError(`Invalid ISO 8601 duration '${text}': expected e.g. P3D, PT30M, P1DT2H`);
  }
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]!.replace(',', '.')));
  return { years: n(1), months: n(2), weeks: n(3), days: n(4), hours: n(5), minutes: n(6), seconds: n(7) };
}

/** The time part (hours, minutes, seconds) of a duration in milliseconds. */
export function timePartMs(d: IsoDuration): number {
  return Math.round(((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000);
}
