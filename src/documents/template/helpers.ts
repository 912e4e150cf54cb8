// The named helpers a placeholder may call (docs/documents.md lists them). The whole computation a template can ask
// for is here: formatting of dates, amounts and enum values, masking and optional parts — no code from a bundle runs.
import type { FieldSpec, Lang } from '../types.js';

/** What a helper sees: its arguments, resolved, and for a field argument the field's spec. */
export interface HelperArgs { values: unknown[]; specs: Array<FieldSpec | undefined>; lang: Lang }

export interface Helper {
  /** Number of arguments: [min, max]. */
  arity: [number, number];
  summary: string;
  /** The text, or undefined to print the blank line of a missing value. */
  run(args: HelperArgs): string | undefined;
}

const MONTHS: Record<Lang, string[]> = {
  ru: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
  kk: ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'],
};

const isEmpty = (v: unknown) => v === undefined || v === null || v === '';

/** YYYY-MM-DD (or a Date, taken in Asia/Almaty) → [year, month, day]. */
function dayOf(value: unknown): [string, number, string] | undefined {
  let iso: string | undefined;
  if (value instanceof Date && !Number.isNaN(value.getTime())) {
    iso = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty', year: 'numeric', month: '2-digit', day: '2-digit' }).format(value);
  } else if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
    iso = value.slice(0, 10);
  }
  if (!iso) return undefined;
  const [y, m, d] = iso.split('-');
  return [y!, Number(m), d!];
}

function grouped(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** DD.MM.YYYY, the way the acts write dates; a Date is the day in Asia/Almaty, whatever the host's zone. */
export function formatDate(value: unknown): string | undefined {
  const d = dayOf(value);
  return d ? `${d[2]}.${String(d[1]).padStart(2, '0')}.${d[0]}` : undefined;
}

export const HELPERS: Readonly<Record<string, Helper>> = {
  date: {
    arity: [1, 1], summary: 'a date as the acts write it: DD.MM.YYYY',
    run: ({ values: [v] }) => formatDate(v),
  },
  longDate: {
    arity: [1, 1], summary: 'a date in words: «28 декабря 2012 года» / «2012 жылғы 28 желтоқсан»',
    run: ({ values: [v], lang }) => {
      const d = dayOf(v);
      if (!d) return undefined;
      const month = MONTHS[lang][d[1] - 1]!;
      return lang === 'ru' ? `${Number(d[2])} ${month} ${d[0]} года` : `${d[0]} жылғы ${Number(d[2])} ${month}`;
    },
  },
  choice: {
    arity: [1, 1], summary: "an enum field's wording in the document's language",
    run: ({ values: [v], specs: [spec], lang }) => {
      if (isEmpty(v)) return undefined;
      const text = spec?.values?.[String(v)];
      return text ? text[lang] : String(v);
    },
  },
  opt: {
    arity: [1, 3], summary: 'the value between an optional prefix and suffix, or nothing at all when it is missing',
    run: ({ values: [v, prefix, suffix] }) => (isEmpty(v) ? '' : `${prefix ?? ''}${String(v)}${suffix ?? ''}`),
  },
  amount: {
    arity: [1, 1], summary: 'a number with its thousands grouped by spaces, two decimals when it has a fraction: 45 000, 11 250,50',
    run: ({ values: [v] }) => {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+([.,]\d+)?$/.test(v.trim()) ? Number(v.trim().replace(',', '.')) : NaN;
      if (!Number.isFinite(n)) return isEmpty(v) ? undefined : String(v);
      const [int, frac] = Math.abs(n).toFixed(Number.isInteger(n) ? 0 : 2).split('.');
      return `${n < 0 ? '-' : ''}${grouped(int!)}${frac ? `,${frac}` : ''}`;
    },
  },
  mask: {
    arity: [1, 1], summary: 'an IIN or other number with all but its last four characters hidden: ********9012',
    run: ({ values: [v] }) => (isEmpty(v) ? undefined : String(v).replace(/.(?=.{4})/g, '*')),
  },
  queuePosition: {
    arity: [1, 1], summary: 'a place in a queue: a positive whole number with grouped thousands (1 207), the blank otherwise',
    run: ({ values: [v] }) => {
      const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : NaN;
      return Number.isSafeInteger(n) && n > 0 ? grouped(String(n)) : undefined;
    },
  },
};
