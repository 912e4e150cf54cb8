// Small pdfmake building blocks shared by the form modules: dates, blanks, labelled rows, paragraphs, signature lines.
import type { Content } from 'pdfmake/interfaces.js';
import type { Bilingual, FieldSpec, RenderContext } from './types.js';

/** YYYY-MM-DD → DD.MM.YYYY, the way the acts write dates. */
export function date(iso: string | undefined): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}.${m}.${y}`;
}

export function dateOf(at: Date): string {
  // Asia/Almaty local date: documents are issued in Kazakhstan whatever the host's zone.
  return new Intl.DateTimeFormat('ru-RU', { timeZone: 'Asia/Almaty', day: '2-digit', month: '2-digit', year: 'numeric' }).format(at);
}

/** The value, or the form's blank line when it is missing. */
export function v(value: unknown): string {
  if (value === undefined || value === null || value === '') return '________';
  return String(value);
}

/** The document wording of an enum value. */
export function choice(ctx: RenderContext, spec: FieldSpec | undefined, value: unknown): string {
  const text = spec?.values?.[String(value)];
  return text ? ctx.t(text) : v(value);
}

export function row(ctx: RenderContext, label: Bilingual, value: unknown): Content {
  return { text: [{ text: `${ctx.t(label)}: `, bold: true }, v(value)], margin: [0, 2, 0, 2] };
}

export function para(text: string, extra: Record<string, unknown> = {}): Content {
  return { text, margin: [0, 4, 0, 4], alignment: 'justify', ...extra } as Content;
}

export function title(text: string): Content {
  return { text, style: 'title' };
}

/** A signature line: role, then the name or the blank «(ФИО)». */
export function signatureLine(ctx: RenderContext, role: Bilingual, name: unknown): Content {
  return {
    margin: [0, 14, 0, 0],
    columns: [
      { width: '*', text: ctx.t(role), bold: true },
      { width: 'auto', text: name ? String(name) : ctx.t({ ru: '________ (ФИО)', kk: '________ (Т.А.Ә.)' }) },
    ],
  };
}

export function field(fields: readonly FieldSpec[], name: string): FieldSpec {
  const f = fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field '${name}'`);
  return f;
}
