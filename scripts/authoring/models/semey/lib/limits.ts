// Turns the «Сроки исполнения» cells of the Semey action tables into deadline limits (upper bound, ISO 8601).
import type { Limit } from '../../../route-model.js';

/** An explicit reading of a cell that the plain parser would read wrongly (cut or garbled in the source). */
export interface LimitOverride {
  duration: string;
  /** Why this reading; goes to the manifest's decisions. */
  reason: string;
  source: string;
}

const UNIT_SECONDS: Array<[RegExp, number]> = [
  [/^секунд/u, 1],
  [/^минут/u, 60],
  [/^час/u, 3600],
];

function unitSeconds(word: string): number | undefined {
  for (const [pattern, seconds] of UNIT_SECONDS) if (pattern.test(word)) return seconds;
  return undefined;
}

/** Seconds of one bound such as «1,5 минуты», «30 секунд», «минута» (a bare unit counts as one). */
function boundSeconds(bound: string): number | undefined {
  const match = /^\s*(\d+(?:[.,]\d+)?)?\s*([а-яё]+)\s*$/iu.exec(bound);
  if (!match) return undefined;
  const unit = unitSeconds(match[2]!.toLowerCase());
  if (unit === undefined) return undefined;
  const amount = match[1] === undefined ? 1 : Number(match[1].replace(',', '.'));
  return Math.round(amount * unit);
}

/** ISO 8601 duration of a number of seconds: 90 → 'PT1M30S'. */
export function isoDuration(totalSeconds: number): string {
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds || (!hours && !minutes) ? `${seconds}S` : ''}`;
}

/**
 * The upper bound of a cell: «10–15 секунд» → PT15S, «30 секунд – 1 минута» → PT1M, «1,5 минуты» → PT1M30S.
 * Returns undefined when the cell cannot be read; callers then need an override.
 */
export function parseLimitText(text: string): string | undefined {
  const bounds = text.split(/\s*[–—-]\s*/u).filter((part) => part.trim() !== '');
  if (bounds.length === 0) return undefined;
  const upper = bounds[bounds.length - 1]!;
  let seconds = boundSeconds(upper);
  if (seconds === undefined) {
    // «10–15 секунд»: the unit is written once, after the upper number.
    seconds = boundSeconds(upper.replace(/^(\d+)$/u, '$1 секунд'));
  }
  return seconds === undefined ? undefined : isoDuration(seconds);
}

/** The Limit of one action-table cell, with the act's text kept verbatim. */
export function limitOf(text: string, action: string, override?: LimitOverride): Limit | undefined {
  if (text.trim() === '' && !override) return undefined;
  const duration = override?.duration ?? parseLimitText(text);
  if (!duration) throw new Error(`Cannot read the time limit of ${action}: «${text}» needs an override`);
  return { duration, calendar: 'calendar', text, action };
}
