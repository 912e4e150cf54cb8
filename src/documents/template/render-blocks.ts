// Turns a template's body into pdfmake content for one language: texts interpolated, conditions decided, tables and
// lists expanded from list fields. The shapes (margins, styles) are those of the page in ../layout.ts.
import type { Content } from 'pdfmake/interfaces.js';
import type { Bilingual, FieldSpec, Lang } from '../types.js';
import type { DocumentScope } from '../scope.js';
import { CONTEXT_PATHS, contextValue, type DocumentFacts } from './context.js';
import { parseText, type Arg } from './expression.js';
import { HELPERS } from './helpers.js';
import type { Block, Condition, DocumentTemplate, Text } from './types.js';

/** The form's blank line, printed where a value is missing (as on the paper form). */
export const BLANK = '________';
const NAME_BLANK: Bilingual = { ru: '________ (ФИО)', kk: '________ (Т.А.Ә.)' };

interface Env {
  template: DocumentTemplate;
  data: Record<string, unknown>;
  lang: Lang;
  scope: DocumentScope;
  doc: DocumentFacts;
  /** Inside a table or list: the current row and its 1-based index. */
  item?: { value: Record<string, unknown>; index: number; spec: FieldSpec };
  /** What a missing value prints: the blank line, or nothing in the placeholder row of an empty table. */
  missing: string;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '';

export function fieldSpec(template: DocumentTemplate, path: string, item?: FieldSpec): FieldSpec | undefined {
  if (path.startsWith('item.')) return item?.items?.find((f) => f.name === path.slice(5));
  const [name, sub] = path.split('.');
  const spec = template.fields.find((f) => f.name === name);
  return sub ? spec?.items?.find((f) => f.name === sub) : spec;
}

function valueOf(path: string, env: Env): unknown {
  if (path === 'item.index') return env.item?.index;
  if (path.startsWith('item.')) return env.item?.value[path.slice(5)];
  if (CONTEXT_PATHS[path]) return contextValue(path, env.scope, env.doc, env.lang);
  return env.data[path];
}

function argValue(arg: Arg, env: Env): unknown {
  return 'literal' in arg ? arg.literal : valueOf(arg.path, env);
}

export function interpolate(text: string, env: Env): string {
  return parseText(text).map((piece) => {
    if (typeof piece === 'string') return piece;
    if (!piece.helper) {
      const v = argValue(piece.args[0]!, env);
      return isEmpty(v) ? env.missing : String(v);
    }
    const out = HELPERS[piece.helper]!.run({
      values: piece.args.map((a) => argValue(a, env)),
      specs: piece.args.map((a) => ('path' in a ? fieldSpec(env.template, a.path, env.item?.spec) : undefined)),
      lang: env.lang,
    });
    return out ?? env.missing;
  }).join('');
}

function say(text: Text, env: Env): string {
  if (typeof text === 'string') return interpolate(text, env);
  if ('label' in text) return fieldSpec(env.template, text.label, env.item?.spec)?.label[env.lang] ?? text.label;
  return interpolate(text[env.lang], env);
}

function holds(cond: Condition, env: Env): boolean {
  const v = valueOf(cond.field, env);
  if (cond.equals !== undefined) return v === cond.equals;
  if (cond.in !== undefined) return cond.in.includes(v as string | number | boolean);
  return !isEmpty(v) && !(Array.isArray(v) && v.length === 0);
}

function rowsOf(field: string, env: Env): Record<string, unknown>[] {
  const v = env.data[field];
  return Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
}

function block(b: Block, env: Env): Content[] {
  const margin = 'margin' in b && b.margin ? { margin: b.margin } : {};
  if ('if' in b) return blocks(holds(b.if, env) ? b.then : b.else ?? [], env);
  if ('title' in b) return [{ text: say(b.title, env), style: 'title', ...margin }];
  if ('subtitle' in b) return [{ text: say(b.subtitle, env), style: 'subtitle', ...margin }];
  if ('paragraph' in b || 'text' in b) {
    const paragraph = 'paragraph' in b;
    const out: Record<string, unknown> = paragraph
      ? { text: say(b.paragraph, env), margin: [0, 4, 0, 4], alignment: 'justify' }
      : { text: say((b as { text: Text }).text, env) };
    if (b.align) out.alignment = b.align;
    if (b.bold) out.bold = true;
    if (b.italics) out.italics = true;
    if (b.fontSize) out.fontSize = b.fontSize;
    return [{ ...out, ...margin } as Content];
  }
  if ('row' in b) {
    const label = typeof b.row === 'string' ? say({ label: b.row }, env) : say(b.row.label, env);
    const value = typeof b.row === 'string' ? say(`{{${b.row}}}`, env) : say(b.row.value, env);
    return [{ text: [{ text: `${label}: `, bold: true }, value === '' ? BLANK : value], margin: [0, 2, 0, 2], ...margin }];
  }
  if ('signature' in b) {
    const name = b.signature.name ? env.data[b.signature.name] : undefined;
    return [{
      margin: [0, 14, 0, 0], ...margin,
      columns: [
        { width: '*', text: say(b.signature.role, env), bold: true },
        { width: 'auto', text: isEmpty(name) ? NAME_BLANK[env.lang] : String(name) },
      ],
    }];
  }
  if ('table' in b) {
    const t = b.table;
    const spec = fieldSpec(env.template, t.rows)!;
    const rows = rowsOf(t.rows, env);
    // An empty list still prints the table's one empty row, as the paper form has it.
    const body = (rows.length ? rows.map((value, i) => ({ value, index: i + 1, missing: env.missing })) : [{ value: {}, index: 1, missing: '' }])
      .map(({ value, index, missing }) => t.columns.map((c) => say(c.value, { ...env, item: { value, index, spec }, missing })));
    const head = t.columns.map((c) => ({ text: say(c.header, { ...env, item: { value: {}, index: 0, spec } }), style: 'th' }));
    return [{ table: { headerRows: 1, ...(t.widths ? { widths: t.widths } : {}), body: [head, ...body] }, margin: [0, 6, 0, 6], ...margin }];
  }
  if ('list' in b) {
    const items = Array.isArray(b.list)
      ? b.list.map((x) => say(x, env))
      : (() => {
          const list = b.list as { items: string; item: Text };
          const spec = fieldSpec(env.template, list.items)!;
          return rowsOf(list.items, env).map((value, i) => say(list.item, { ...env, item: { value, index: i + 1, spec } }));
        })();
    return [{ ul: items, margin: [0, 4, 0, 4], ...margin }];
  }
  return [];
}

function blocks(list: readonly Block[], env: Env): Content[] {
  return list.flatMap((b) => block(b, env));
}

export function renderBody(template: DocumentTemplate, data: Record<string, unknown>, lang: Lang, scope: DocumentScope, doc: DocumentFacts): Content[] {
  return blocks(template.body, { template, data, lang, scope, doc, missing: BLANK });
}
