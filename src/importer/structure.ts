// Finds the template's parts in a normalised act: its services (one регламент each), the routes of each service
// («Пошаговые действия … через ПЭП», «… ЭҮП арқылы …»), the numbered steps of each route and its action table.
import { joinLines } from './normalize.js';
import { excludesReceiptDay, parseLimitText, respace, type ParsedLimit } from './limit-text.js';

export type Route = 'provider' | 'con' | 'portal';
export type Language = 'ru' | 'kk';

export interface ActStep {
  /** «процесс 4», «условие 2», «2-шарт», or «п. 6 1)» for an item the act does not label. */
  label: string;
  labelled: boolean;
  kind: 'process' | 'condition' | 'item';
  text: string;
  line: number;
}

export interface TableAction {
  number: number;
  /** The action's description when the table kept its cells (tabs or one cell per line). */
  description?: string;
  /** The row's «next action» names alternatives («2 – если …; 3 – если …»): a check decides after it. */
  branches?: boolean;
  /** The «next action» cell as printed, when the table kept it. */
  next?: string;
  limit: ParsedLimit;
  line: number;
}

export interface RouteSection {
  route: Route;
  paragraph: string;
  line: number;
  steps: ActStep[];
  table?: { label: string; line: number; actions: TableAction[]; unreadLimits: number[] };
}

export interface ServiceSection {
  title: string;
  line: number;
  endLine: number;
  lostForce: boolean;
  routes: RouteSection[];
}

const ROUTE_SECTION = /Пошаговые\s+действия|(?:адымдық|ағымдық|қадамдық)(?:\s+іс-?\s*әрекет|(?:\s+\d+\s*[-–]\s*қосымша\S*)?\s*$)/iu;
const SERVICE_HEADING_RU = /^\s*Регламент\s+электронн\S*\s+государственн\S*\s+услуг/iu;
const SERVICE_HEADING_KK = /қызмет(?:ін)?\s+көрсету\s+регламенті\s*$/iu;
const PARAGRAPH = /^\s*(\d+)\.\s+\S/u;
const ITEM = /^\s*(\d+)\)\s*(.*)$/u;
const LABEL = /^(процесс\s*[-–]?\s*\d+|условие\s*[-–]?\s*\d+|\d+\s*[-–]\s*процесс|\d+\s*[-–]\s*шарт)(?![\p{L}\d])\s*[-–—:]?\s*/iu;
const TABLE_HEADING = /^\s*(?:Таблица\s+(\d+)|(\d+)\s*[-–]\s*кесте)\.?\s+(.*)$/iu;
const ANNEX = /^\s*Приложение(?:\s+\d+)?\s*$|Регламент(?:і|)не\s+\d+\s*[-–]\s*қосымша\s*$|^\s*\d+\s*[-–]\s*қосымша\s*$/iu;
const LOST_FORCE = /Утратил\S*\s+силу|күшін\s+жо/iu;

export function languageOf(lines: string[]): Language {
  const text = lines.join('\n');
  const kk = (text.match(/[әғқңөұүһі]/giu) ?? []).length;
  const all = (text.match(/[а-яё]/giu) ?? []).length || 1;
  return kk / all > 0.02 ? 'kk' : 'ru';
}

export function routeOf(header: string): Route | null {
  if (/через\s+(?:веб-?портал|ПЭП|портал)|ЭҮП\s+арқылы|посредством\s+ПЭП/iu.test(header)) return 'portal';
  if (/через\s+(?:Центр|ЦОН)|(?:ХҚКО|ЦОН|Орталық)\S*\s*(?:\([^)]*\)\s*)?арқылы|посредством\s+ЦОН/iu.test(header)) return 'con';
  if (/ПЭП|ЭҮП/u.test(header)) return 'portal';
  if (/ЦОН|Центр|ХҚКО/u.test(header)) return 'con';
  return 'provider';
}

// The label stays as the act writes it («процесс-1», «процесс 1», «2-шарт»): reglament:step is verbatim.
function normaliseLabel(raw: string): { label: string; kind: 'process' | 'condition' } {
  const label = raw.replace(/\s+/g, ' ').replace(/\s*([-–])\s*/g, '$1').trim().toLowerCase();
  return { label, kind: /условие|шарт/u.test(label) ? 'condition' : 'process' };
}

/** The services of the act: each регламент heading starts one; an act with none is one service. */
export function findServices(lines: string[], language: Language): Array<{ line: number; endLine: number; title: string; lostForce: boolean }> {
  const starts: number[] = [];
  lines.forEach((l, i) => {
    if (SERVICE_HEADING_RU.test(l) || (language === 'kk' && SERVICE_HEADING_KK.test(l) && !/Регламент(?:і|)не/iu.test(l))) starts.push(i);
  });
  // A heading counts only when a route section follows before the next heading (the act's preamble names them too).
  const useful = starts.filter((s, k) => {
    const end = starts[k + 1] ?? lines.length;
    return lines.slice(s, end).some((l) => ROUTE_SECTION.test(l));
  });
  const heads = useful.length ? useful : [0];
  return heads.map((s, k) => {
    const end = heads[k + 1] ?? lines.length;
    // The title is the quoted name after the heading (Russian) or before «регламенті» (Kazakh); it may wrap many lines.
    const head = language === 'kk' ? joinLines(lines.slice(Math.max(0, s - 6), s + 1)) : joinLines(lines.slice(s, Math.min(end, s + 12)));
    const quoted = /[«"“]\s*([^«»"“”]{8,}?)\s*[»"”]/u.exec(head) ?? /[«"“]\s*([^«»"“”]{8,300})/u.exec(head);
    const before = lines.slice(s, Math.min(end, s + 6)).join(' ');
    return { line: s + 1, endLine: end, title: quoted ? quoted[1]!.trim() : '', lostForce: useful.length > 1 && LOST_FORCE.test(before) };
  });
}

function stepsOf(lines: string[], from: number, to: number, paragraph: string, language: Language): ActStep[] {
  const items: Array<{ no: string; start: number; lines: string[] }> = [];
  for (let i = from; i < to; i++) {
    const m = ITEM.exec(lines[i]!);
    if (m) items.push({ no: m[1]!, start: i, lines: [m[2]!] });
    else if (items.length) items[items.length - 1]!.lines.push(lines[i]!);
  }
  return items.map((it) => {
    const text = joinLines(it.lines);
    const m = LABEL.exec(text);
    if (m) {
      const { label, kind } = normaliseLabel(m[1]!);
      return { label, labelled: true, kind, text: text.slice(m[0].length).trim() || text, line: it.start + 1 };
    }
    const label = language === 'kk' ? `${paragraph}-тармақ ${it.no})` : `п. ${paragraph} ${it.no})`;
    return { label, labelled: false, kind: 'item' as const, text, line: it.start + 1 };
  });
}

const LIMIT_ROW = /Сроки\s+исполнения|Срок\s+исполнения|Орындалу\s+мерзім\S*/giu;
const LIMIT_END = /Номер\s+следующего|Келесі\s+іс|№\s*действия|Іс-?\s*әрекет\s*\(|Таблица|кесте|Действия\s+основного|процесс\s*\(жұмыс|^\s*6\s*$/imu;
/** Limits of one action table region, in the order the table gives them. */
const DESCRIPTION_ROW = /Наименование\s+действия|Іс-?\s*әрекет\s*\(\s*процесс/iu;
const NEXT_ROW = /Номер\s+следующего|Келесі\s+іс/iu;

/** Cells of one kind of row when the table kept its cells: a tab-separated row or one cell per line. */
export function tableDescriptions(lines: string[], from: number, to: number, row: RegExp = DESCRIPTION_ROW): string[] {
  const out: string[] = [];
  for (let i = from; i < to; i++) {
    if (!row.test(lines[i]!)) continue;
    if (lines[i]!.includes('\t') && lines[i]!.split('\t').filter((c) => c.trim()).length > 2) {
      const cells = lines[i]!.split('\t').map((c) => c.trim());
      const at = cells.findIndex((c) => row.test(c));
      out.push(...cells.slice(at + 1).filter(Boolean));
      continue;
    }
    // One cell per line, the row ends at the next row number or the next row's title.
    for (let j = i + 1; j < to; j++) {
      const c = lines[j]!.trim();
      if (!c) continue;
      if ((row === DESCRIPTION_ROW && /^\d+$/.test(c)) || /Форма\s+завершения|Аяқталу\s+нысаны|Действия\s+основного/iu.test(c)) break;
      out.push(c);
    }
  }
  return out;
}

const C_NUM = String.raw`\d+(?:[.,]\d+)?`;
const C_UNIT = String.raw`(?:рабоч\p{L}*?(?:дн|день)\p{L}*|жұмыскүн\p{L}*|минут\p{L}*?|секунд\p{L}*?|сағат\p{L}*?|час\p{L}*?|(?:дн|день)\p{L}*?|күн\p{L}*?|тәулік\p{L}*?)`;
const COMPACT_PHRASE = new RegExp(
  String.raw`(?:(?:неболее|втечени[еи]|до))?${C_NUM}(?:[-–—]${C_NUM})?${C_UNIT}(?:(?:[-–—](?:${C_NUM})?|\p{L}?(?=минут))${C_UNIT})?(?:көпемес|ішінде|аспайды|тан|тен|нан|нен)*(?:\([^)]*\))?`,
  'giu',
);

/** A compact phrase with the spaces the limit parser needs: «1минуттанкөпемес» → «1 минуттанкөпемес». */

export function tableLimits(lines: string[], from: number, to: number): { limits: Array<{ text: string; parse: string; line: number }>; numbers: number[] } {
  const limits: Array<{ text: string; parse: string; line: number }> = [];
  const numbers: number[] = [];
  const offsets: number[] = [];
  let text = '';
  for (let i = from; i < to; i++) {
    offsets.push(text.length);
    text += `${lines[i]}\n`;
  }
  const lineAt = (pos: number): number => {
    let k = 0;
    while (k + 1 < offsets.length && offsets[k + 1]! <= pos) k++;
    return from + k + 1;
  };
  for (const row of text.matchAll(LIMIT_ROW)) {
    const start = row.index! + row[0].length;
    const rest = text.slice(start);
    const end = LIMIT_END.exec(rest);
    const cell = rest.slice(0, end ? end.index : rest.length);
    // Words split across lines inside cells («1 минуттан көп \nемес») are one phrase once the breaks are spaces.
    // Publishing split the cells' words anywhere («минут\nтан», «1 0  м и\nнуттан»): phrases are found in the cell
    // with all spacing removed, and their text is taken back from the cell as printed.
    const pos: number[] = [];
    let compact = '';
    for (let c = 0; c < cell.length; c++) if (!/\s/u.test(cell[c]!)) { pos.push(c); compact += cell[c]; }
    for (const p of compact.matchAll(COMPACT_PHRASE)) {
      const a = pos[p.index!]!;
      const b = pos[p.index! + p[0].length - 1]!;
      const printed = cell.slice(a, b + 1).replace(/\s+/g, ' ').trim();
      limits.push({ text: printed, parse: respace(p[0]), line: lineAt(start + a) });
    }
  }
  for (const row of text.matchAll(/№\s*действия[^\n]*?\)|Іс-?\s*әрекет\s*\(жұмыс\s*барысы,\s*ағымы\)\s*№/giu)) {
    const rest = text.slice(row.index! + row[0].length);
    const stop = /\d+\s+(?:Наимен|ҚФБ|СФЕ)|Наимен|атауы|ҚФБ|СФЕ/iu.exec(rest);
    for (const n of rest.slice(0, stop ? stop.index : 0).matchAll(/\d+/g)) numbers.push(Number(n[0]));
  }
  return { limits, numbers };
}

/** A table that kept its cells as tab-separated rows: each column is one action, read by position, with
 *  continuation lines (cells that wrapped onto a line of their own) appended to the rightmost columns. */
export function tabTable(lines: string[], from: number, to: number): Array<{ number: number; text: string; line: number; description?: string; next?: string }> | null {
  const out: Array<{ number: number; text: string; line: number; description?: string; next?: string }> = [];
  let group: { numbers: number[]; desc: string[]; limits: string[]; next: string[]; line: number } | null = null;
  let last: 'desc' | 'limits' | 'next' | 'other' = 'other';
  const flush = (): void => {
    if (!group) return;
    group.numbers.forEach((number, i) => {
      const text = (group!.limits[i] ?? '').trim();
      if (text && text !== '–' && text !== '-') out.push({ number, text, line: group!.line, description: group!.desc[i], next: group!.next[i] });
    });
  };
  const after = (cells: string[], re: RegExp): string[] => {
    const at = cells.findIndex((c) => re.test(c));
    return cells.slice(at + 1).map((c) => c.trim());
  };
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    if (!line.includes('\t')) continue;
    const cells = line.split('\t');
    if (/№/.test(line) && /действ|іс-?\s*әрекет/iu.test(line)) {
      flush();
      group = { numbers: cells.filter((c) => /^\s*\d+\s*$/.test(c)).map(Number).filter((n, k, a) => k > 0 || a.length === 1 || n !== 1 || a[1] === 2), desc: [], limits: [], next: [], line: i + 1 };
      // The row's own number («1 № действия …») is not an action: numbers are the cells after the label.
      const label = cells.findIndex((c) => /№|действ/iu.test(c));
      group.numbers = cells.slice(label + 1).filter((c) => /^\s*\d+\s*$/.test(c)).map(Number);
      last = 'other';
      continue;
    }
    if (!group) continue;
    if (DESCRIPTION_ROW.test(line)) { group.desc = after(cells, DESCRIPTION_ROW); last = 'desc'; continue; }
    if (LIMIT_ROW_ONE.test(line)) { group.limits = after(cells, LIMIT_ROW_ONE); group.line = i + 1; last = 'limits'; continue; }
    if (NEXT_ROW.test(line)) { group.next = after(cells, NEXT_ROW); last = 'next'; continue; }
    if (/^\s*\d+\s*\t/.test(line) || /^\s*\d+\s+\p{L}/u.test(line)) { last = 'other'; continue; }
    if (last !== 'other') {
      const row = group[last];
      const extra = cells.map((c) => c.trim()).filter(Boolean);
      const n = Math.max(group.numbers.length, row.length);
      while (row.length < n) row.push('');
      extra.forEach((c, k) => { const at = n - extra.length + k; if (at >= 0) row[at] = `${row[at]} ${c}`.trim(); });
    }
  }
  flush();
  return out.length ? out : null;
}

const LIMIT_ROW_ONE = /Сроки\s+исполнения|Срок\s+исполнения|Орындалу\s+мерзім/iu;

export function readStructure(lines: string[], language: Language): ServiceSection[] {
  return findServices(lines, language).map((svc) => {
    const routes: RouteSection[] = [];
    const sections: number[] = [];
    for (let i = svc.line - 1; i < svc.endLine; i++) if (ROUTE_SECTION.test(lines[i]!)) sections.push(i);
    for (const found of sections) {
      // The section's paragraph may start a line or two before the words that mark it.
      let s = found;
      for (let b = found; b >= Math.max(svc.line - 1, found - 3); b--) if (PARAGRAPH.test(lines[b]!)) { s = b; break; }
      let first = found;
      while (first < svc.endLine && !ITEM.test(lines[first]!)) first++;
      const header = joinLines(lines.slice(s, first));
      let end = first;
      while (end < svc.endLine && !(end > first && (PARAGRAPH.test(lines[end]!) || ROUTE_SECTION.test(lines[end]!) || TABLE_HEADING.test(lines[end]!) || ANNEX.test(lines[end]!)))) end++;
      const paragraph = PARAGRAPH.exec(lines[s]!)?.[1] ?? '';
      const route = routeOf(header);
      if (!route) continue;
      routes.push({ route, paragraph, line: s + 1, steps: stepsOf(lines, first, end, paragraph, language) });
    }
    // Action tables: each heading names its route; a table runs to the next table or annex.
    const tables: number[] = [];
    for (let i = svc.line - 1; i < svc.endLine; i++) if (TABLE_HEADING.test(lines[i]!) && /действ|іс-?\s*әрекет/iu.test(lines[i]!)) tables.push(i);
    // Tables follow the routes' order when there is one per route (a garbled title then loses); else titles decide.
    const byOrder = tables.length === routes.length;
    tables.forEach((t, k) => {
      let end = tables[k + 1] ?? svc.endLine;
      for (let j = t + 1; j < end; j++) if (ANNEX.test(lines[j]!) || SERVICE_HEADING_RU.test(lines[j]!)) { end = j; break; }
      const m = TABLE_HEADING.exec(lines[t]!)!;
      const route = routeOf(m[3]!);
      const section = byOrder ? routes[k] : routes.find((r) => r.route === route && !r.table);
      if (!section) return;
      const tab = tabTable(lines, t + 1, end);
      if (tab) {
        const actions: TableAction[] = [];
        const unreadLimits: number[] = [];
        for (const a of tab) {
          const compact = a.text.replace(/\s+/g, '');
          const phrase = [...compact.matchAll(COMPACT_PHRASE)][0];
          const read = parseLimitText(phrase ? respace(phrase[0]) : a.text);
          if (!read) { unreadLimits.push(a.number); continue; }
          actions.push({ number: a.number, line: a.line, limit: { ...read, text: a.text, excludeReceiptDay: read.duration.endsWith('D') && excludesReceiptDay(a.text) }, ...(a.description ? { description: a.description } : {}), ...(a.next !== undefined ? { branches: /если|егер/iu.test(a.next), next: a.next } : {}) });
        }
        const no = m[1] ?? m[2]!;
        section.table = { label: language === 'kk' ? `${no}-кесте` : `Таблица ${no}`, line: t + 1, actions, unreadLimits };
        return;
      }
      const { limits, numbers } = tableLimits(lines, t + 1, end);
      const descriptions = tableDescriptions(lines, t + 1, end);
      const described = descriptions.length === limits.length;
      const next = tableDescriptions(lines, t + 1, end, NEXT_ROW);
      const nextKnown = next.length === limits.length;
      const useNumbers = numbers.length === limits.length;
      const actions: TableAction[] = [];
      const unreadLimits: number[] = [];
      limits.forEach((l, i) => {
        const read = parseLimitText(l.parse);
        const parsed = read ? { ...read, text: l.text, excludeReceiptDay: read.calendar !== undefined && read.duration.endsWith('D') && excludesReceiptDay(l.text) } : null;
        const number = useNumbers ? numbers[i]! : i + 1;
        if (parsed) actions.push({ number, limit: parsed, line: l.line, ...(described ? { description: descriptions[i]! } : {}), ...(nextKnown ? { branches: /если|егер/iu.test(next[i]!), next: next[i]! } : {}) });
        else unreadLimits.push(number);
      });
      const no = m[1] ?? m[2]!;
      section.table = { label: language === 'kk' ? `${no}-кесте` : `Таблица ${no}`, line: t + 1, actions, unreadLimits };
    });
    return { ...svc, routes };
  });
}
