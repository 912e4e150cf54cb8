// The act's identity from its opening lines: issuer, number, date, justice registration, the act that repealed it.
import type { Language } from './structure.js';

const MONTHS_RU = ['январ', 'феврал', 'март', 'апрел', 'ма', 'июн', 'июл', 'август', 'сентябр', 'октябр', 'ноябр', 'декабр'];
const MONTHS_KK = ['қаңтар', 'ақпан', 'наурыз', 'сәуір', 'мамыр', 'маусым', 'шілде', 'тамыз', 'қыркүйек', 'қазан', 'қараша', 'желтоқсан'];

function isoDate(day: string, month: string, year: string): string | null {
  const m = month.toLowerCase();
  let idx = MONTHS_KK.findIndex((k) => m.startsWith(k));
  if (idx < 0) idx = MONTHS_RU.findIndex((k) => (k === 'ма' ? /^ма[яй]/u.test(m) : m.startsWith(k)));
  if (idx < 0) return null;
  return `${year}-${String(idx + 1).padStart(2, '0')}-${day.padStart(2, '0')}`;
}

const DATE = String.raw`(\d{1,2})\s+([\p{L}]+)\s+(\d{4})\s*(?:года|жылғы|ж\.)?`;

export interface ActIdentity {
  issuer: string | null;
  number: string | null;
  date: string | null;
  justiceRegistration: { number: string; date: string } | null;
  repealedBy: string | null;
  repealedOn: string | null;
  standard: string | null;
  unknown: string[];
}

export function readIdentity(text: string, language: Language): ActIdentity {
  const head = text.slice(0, 4000).replace(/\s+/g, ' ');
  const unknown: string[] = [];
  const act = new RegExp(String.raw`(?:Постановление|Решение)\s+(.{3,120}?)\s+от\s+${DATE}\s*(?:N|№)\s*([\w-]+)`, 'iu').exec(head)
    ?? new RegExp(String.raw`(.{3,120}?)\s+${DATE}\s*(?:N|№)\s*([\w-]+)\s+қаулысы`, 'iu').exec(head);
  const kk = act ? null : new RegExp(String.raw`([\p{L}\s-]{3,80}?)(?:ның|нің|тың|тің)\s+(\d{4})\s*жылғы\s+(\d{1,2})\s+([\p{L}]+?)(?:дағы|дегі|тағы|тегі)?\s*№\s*([\w-]+)\s+қаулы`, 'iu').exec(head);
  const reg = new RegExp(String.raw`Зарегистрирован\S*\s+.{0,80}?${DATE}\s*(?:за\s+)?(?:N|№)\s*([\w-]+)`, 'iu').exec(head)
    ?? new RegExp(String.raw`${DATE}\s*(?:N|№)\s*([\w-]+)\s+болып\s+тіркелді`, 'iu').exec(head)
    ?? new RegExp(String.raw`тіркелген\S*\s+.{0,80}?${DATE}\s*(?:N|№)\s*([\w-]+)`, 'iu').exec(head);
  const repeal = new RegExp(String.raw`Утратил\S*\s+силу\s+(постановлением\s+.{3,120}?\s+от\s+${DATE}\s*(?:N|№)\s*[\w-]+)`, 'iu').exec(head)
    ?? new RegExp(String.raw`(.{3,120}?\s+${DATE}\s*(?:N|№)\s*[\w-]+\s+қаулысымен)\s+күші\s+жойыл`, 'iu').exec(head);
  const standard = /(стандарт\S*\s+государственн\S*\s+услуг\S*\s*[«"][^»"]+[»"]?,?\s*утвержденн\S*\s+постановлением\s+Правительства\s+Республики\s+Казахстан\s+от\s+\d{1,2}\s+\S+\s+\d{4}\s+года\s+№\s*\d+)/iu.exec(text.replace(/\s+/g, ' '))
    ?? /(мемлекеттік\s+қызмет\s+стандарт\S*[^.]{0,300})/iu.exec(text.replace(/\s+/g, ' '));
  const issuer = act ? act[1]!.trim().replace(/^акимата\s+/iu, 'Акимат ') : kk ? kk[1]!.trim() : null;
  const out: ActIdentity = {
    issuer,
    number: act ? act[5]! : kk ? kk[5]! : null,
    date: act ? isoDate(act[2]!, act[3]!, act[4]!) : kk ? isoDate(kk[3]!, kk[4]!, kk[2]!) : null,
    justiceRegistration: reg ? { number: reg[4]!, date: isoDate(reg[1]!, reg[2]!, reg[3]!) ?? '' } : null,
    repealedBy: repeal ? repeal[1]!.replace(/^постановлением/iu, 'Постановление').trim() : null,
    repealedOn: repeal ? isoDate(repeal[2]!, repeal[3]!, repeal[4]!) : null,
    standard: standard ? standard[1]!.trim() : null,
    unknown,
  };
  for (const [k, v] of Object.entries({ issuer: out.issuer, number: out.number, date: out.date, justiceRegistration: out.justiceRegistration, standard: out.standard })) if (!v) unknown.push(k);
  if (language === 'kk' && !out.repealedBy) unknown.push('repealedBy (if any)');
  return out;
}
