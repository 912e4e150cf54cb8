// Repairs what publishing did to an act's text, line by line so that line numbers stay the act's own:
// letter-spaced words («д о к у м е н т»), markdown marks, annex references pushed to a line's end.

export interface Repair {
  line: number;
  what: string;
}

const LETTER = String.raw`[\p{L}]`;
// Three or more single letters separated by one space: «л и б о» → «либо». Two spaces separate words.
const SPACED = new RegExp(String.raw`(?<!${LETTER})${LETTER}(?: ${LETTER}){2,}(?!${LETTER})`, 'gu');
// A reference glued to the previous word or punctuation at the end of a line: «Регламенту.приложении 2».
const DISPLACED = /(?<=[\p{L}.,:;)])((?:приложени|пункт|подпункт)\p{L}*\s+\d+|\d+\s*[-–]\s*қосымша\p{L}*)\s*$/u;

export function normalizeLine(raw: string, lineNo: number, repairs: Repair[]): string {
  let text = raw.replace(/\*\*/g, '').replace(/^\s*#+\s*/, '').replace(/^\s*-\s+(?=\d+\))/, '');
  const spaced = text.replace(SPACED, (m) => m.replace(/ /g, ''));
  if (spaced !== text) repairs.push({ line: lineNo, what: 'letter-spaced word(s) joined' });
  text = spaced.replace(/(?<!\d)(\d) (\d) (\d) (\d)(?=\s+жыл)/gu, '$1$2$3$4');
  const displaced = DISPLACED.exec(text);
  if (displaced) {
    repairs.push({ line: lineNo, what: `displaced reference «${displaced[1]}» removed from the end of the line` });
    text = text.slice(0, displaced.index).trimEnd();
  }
  return text;
}

/** The act's lines, repaired; index i is line i+1. */
export function normalizeText(raw: string): { lines: string[]; repairs: Repair[] } {
  const repairs: Repair[] = [];
  const lines = raw.replace(/\r\n?/g, '\n').split('\n').map((l, i) => normalizeLine(l, i + 1, repairs));
  return { lines, repairs };
}

/** Lines joined into one passage: a word split across lines with a hyphen is joined, spaces collapsed. */
export function joinLines(lines: string[]): string {
  let out = '';
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (/\p{L}-$/u.test(out) && /^\p{Ll}/u.test(line)) out = out.slice(0, -1) + line;
    else if (/^-\p{Ll}/u.test(line) && /\p{L}$/u.test(out)) out += line.slice(1);
    else out += (out ? ' ' : '') + line;
  }
  return out.replace(/\s+/g, ' ').replace(/\s+([,.;:)])/g, '$1').replace(/\(\s+/g, '(').trim();
}
