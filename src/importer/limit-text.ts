// Reads a limit of an action table («Не более 10 минут», «1 рабочий день», «3 күн ішінде (қабылдау күні … кірмейді)»)
// into the boundary-timer terms of docs/conventions.md. Pure: the lint rule on limit texts can share it.

export interface ParsedLimit {
  /** ISO 8601 duration of the upper bound: PT10M, PT1M30S, P3D. */
  duration: string;
  calendar: 'kz-working-days' | 'calendar';
  excludeReceiptDay: boolean;
  /** «день выдачи … не входит», «беру күні … кірмейді»: the day of issue is not counted either. */
  excludeIssueDay?: boolean;
  /** The text as given (trimmed, spaces collapsed). */
  text: string;
}

type Unit = 'S' | 'M' | 'H' | 'D';

// Stems, not words: the acts decline units (минуты, минут, минуттан, күннен) and split them across lines.
const UNITS: Array<[RegExp, Unit]> = [
  [/^(?:сек|с\.?$)/, 'S'],
  [/^(?:мин|м\.?$)/, 'M'],
  [/^(?:час|сағ)/, 'H'],
  [/^(?:дн|ден|день|дня|сут|күн|тәул)/, 'D'],
];

const NUMBER = String.raw`\d+(?:[.,]\d+)?`;
const TERM = new RegExp(String.raw`(${NUMBER})(?:\s*(?:[-–—]|до|или)\s*(${NUMBER}))?\s*(?:-?ти\s+)?((?:рабоч\S*|жұмыс\s+)?)\s*(?:(?:календарн|күнтізбелік)\S*\s+)?([а-яёәғқңөұүһі]+\.?)`, 'giu');

function unitOf(word: string): Unit | null {
  const w = word.toLowerCase();
  for (const [re, unit] of UNITS) if (re.test(w)) return unit;
  return null;
}

function isoOf(seconds: number, unit: Unit): string {
  if (unit === 'D') return `P${Math.round(seconds / 86400)}D`;
  let rest = Math.round(seconds);
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  const body = `${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s ? `${s}S` : ''}`;
  return body ? `PT${body}` : 'PT0S';
}

const SECONDS: Record<Unit, number> = { S: 1, M: 60, H: 3600, D: 86400 };

/** «день приема … не входят», «қабылдау күні … кірмейді»: the day of receipt is not counted. */
export function excludesReceiptDay(text: string): boolean {
  return /(день|дня)\s*при[её]ма[^)]*не\s*вход|қабылда\S*\s*күн[^)]*кірмейді/iu.test(text);
}

/** «день приема и день выдачи документов не входит», «қабылдау күні мен құжатты беру күні … кірмейді». */
export function excludesIssueDay(text: string): boolean {
  return /выдач\S*[^)]*не\s*вход|беру\s*күн\S*[^)]*кірмейді/iu.test(text);
}

/** The limit of a text, or null when it names no duration. A range counts by its upper bound; «1,5 минуты» is
 *  PT1M30S; working days (рабочих дней, жұмыс күні) count on kz-working-days; a note that the day of receipt is not
 *  counted (день приема … не входят / қабылдау күні … кірмейді) sets excludeReceiptDay. */
export function parseLimitText(raw: string): ParsedLimit | null {
  const text = raw.replace(/\s+/g, ' ').trim();
  if (!text) return null;
  let best: { seconds: number; unit: Unit; working: boolean } | null = null;
  for (const m of text.matchAll(TERM)) {
    const unit = unitOf(m[4]!);
    if (!unit) continue;
    const a = Number(m[1]!.replace(',', '.'));
    const b = m[2] ? Number(m[2].replace(',', '.')) : a;
    const seconds = Math.max(a, b) * SECONDS[unit];
    const working = Boolean(m[3]) || (unit === 'D' && /жұмыс/i.test(m[0]));
    if (!best || seconds > best.seconds) best = { seconds, unit, working };
  }
  // «30 секунд – минута», «30 секунда минута»: a bare unit word closing a range is one of that unit.
  const bare = /(?:[-–—]|секунд\S*)\s*(минут[аы]?|секунд[аы]?|час|сағат)(?![а-яёәғқңөұүһі\d])/iu.exec(text);
  if (bare) {
    const unit = unitOf(bare[1]!)!;
    if (!best || SECONDS[unit] > best.seconds) best = { seconds: SECONDS[unit], unit, working: false };
  }
  if (!best || best.seconds <= 0) return null;
  const receipt = excludesReceiptDay(text);
  return {
    duration: isoOf(best.seconds, best.unit),
    calendar: best.unit === 'D' && best.working ? 'kz-working-days' : 'calendar',
    excludeReceiptDay: best.unit === 'D' && receipt,
    excludeIssueDay: best.unit === 'D' && excludesIssueDay(text),
    text,
  };
}

/** Spaces back between numbers, units and qualifiers of a text whose spacing was removed («Неболее10минут»). */
export function respace(compact: string): string {
  return compact.replace(/(\d)(?=\p{L})/gu, '$1 ').replace(/(\p{L})(?=\d)/gu, '$1 ').replace(/(рабоч\p{L}*?)(дн|день)/gu, '$1 $2').replace(/(жұмыс)(күн)/gu, '$1 $2').replace(/[-–—]/gu, ' – ');
}

/**
 * The limit of a text as the act printed it, letter-spacing included («Н е более 1 0 минут»): read with its spacing
 * removed and put back, else as written. What lint checks a timer against, as the importer reads tables.
 */
export function readPrintedLimit(printed: string): ParsedLimit | null {
  // Spacing first: «1 5 м и нуттан» read as printed would be five minutes.
  const read = parseLimitText(respace(printed.replace(/\s+/g, ''))) ?? parseLimitText(printed);
  return read && { ...read, text: printed.replace(/\s+/g, ' ').trim() };
}
