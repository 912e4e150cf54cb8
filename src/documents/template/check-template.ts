// Checks a document template before it is deployed: its structure (JSON Schema), then what the schema cannot say —
// every placeholder names a declared field or a context value, both languages are present, conditions and tables
// name fields that exist, and the sample is valid data for the fields.
import { Ajv, type ErrorObject } from 'ajv';
import type { FieldSpec } from '../types.js';
import { CONTEXT_PATHS } from './context.js';
import { parseText, PlaceholderSyntaxError } from './expression.js';
import { DOCUMENT_TEMPLATE_SCHEMA } from './schema.js';
import type { Block, DocumentTemplate, Text } from './types.js';

export interface TemplateProblem { path: string; message: string }

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const checkShape = ajv.compile(DOCUMENT_TEMPLATE_SCHEMA);

function why(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return `unknown key '${(e.params as { additionalProperty: string }).additionalProperty}'`;
  if (e.keyword === 'required') return `missing key '${(e.params as { missingProperty: string }).missingProperty}'`;
  return e.message ?? e.keyword;
}

/** Schema errors of a oneOf are many; the ones deepest in the document say most. */
function shapeProblems(errors: ErrorObject[]): TemplateProblem[] {
  const deepest = new Map<string, TemplateProblem>();
  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') continue;
    const path = e.instancePath || '/';
    if (!deepest.has(path)) deepest.set(path, { path, message: why(e) });
  }
  const paths = [...deepest.keys()];
  return [...deepest.values()].filter((p) => !paths.some((q) => q !== p.path && q.startsWith(`${p.path}/`)));
}

interface Scope { item?: FieldSpec }

export function templateProblems(raw: unknown): TemplateProblem[] {
  if (!checkShape(raw)) return shapeProblems(checkShape.errors ?? []);
  const t = raw as DocumentTemplate;
  const problems: TemplateProblem[] = [];
  const add = (path: string, message: string) => void problems.push({ path, message });
  const top = new Map<string, FieldSpec>();
  t.fields.forEach((f, i) => {
    if (top.has(f.name)) add(`/fields/${i}/name`, `field '${f.name}' is declared twice`);
    top.set(f.name, f);
    if (f.type === 'enum' && !f.values) add(`/fields/${i}`, `enum field '${f.name}' lists no values`);
    if (f.type === 'list' && !f.items?.length) add(`/fields/${i}`, `list field '${f.name}' declares no items`);
  });
  const field = (path: string, scope: Scope): FieldSpec | undefined => {
    if (path.startsWith('item.')) return scope.item?.items?.find((f) => f.name === path.slice(5));
    const [name, sub, more] = path.split('.');
    if (more) return undefined;
    const f = top.get(name!);
    return sub ? f?.items?.find((x) => x.name === sub) : f;
  };
  const known = (path: string, scope: Scope): boolean =>
    Boolean(CONTEXT_PATHS[path] || (path === 'item.index' && scope.item) || (!path.includes('.') && top.has(path)) || (path.startsWith('item.') && field(path, scope)));

  const text = (value: Text, at: string, scope: Scope) => {
    if (typeof value === 'object' && 'label' in value) {
      if (!field(value.label, scope)) add(at, `label of '${value.label}': no such field`);
      return;
    }
    const langs = typeof value === 'string' ? { '': value } : value;
    if (typeof value === 'object') {
      for (const lang of ['ru', 'kk'] as const) if (!value[lang]?.trim()) add(`${at}/${lang}`, `the ${lang === 'ru' ? 'Russian' : 'Kazakh'} text is empty`);
    }
    for (const [lang, s] of Object.entries(langs)) {
      try {
        for (const piece of parseText(s)) {
          if (typeof piece === 'string') continue;
          for (const a of piece.args) {
            if ('path' in a && !known(a.path, scope)) {
              add(lang ? `${at}/${lang}` : at, `placeholder '{{${piece.source}}}' names '${a.path}', which is neither a field of the template nor a context value (${Object.keys(CONTEXT_PATHS).join(', ')})`);
            }
          }
        }
      } catch (e) {
        if (e instanceof PlaceholderSyntaxError) add(lang ? `${at}/${lang}` : at, e.message);
        else throw e;
      }
    }
  };
  const listField = (name: string, at: string): FieldSpec | undefined => {
    const f = top.get(name);
    if (!f) add(at, `no field '${name}'`);
    else if (f.type !== 'list') add(at, `field '${name}' is not a list`);
    return f?.type === 'list' ? f : undefined;
  };
  const walk = (list: readonly Block[], at: string, scope: Scope) => list.forEach((b, i) => {
    const here = `${at}/${i}`;
    if ('if' in b) {
      if (!known(b.if.field, scope) || CONTEXT_PATHS[b.if.field]) add(`${here}/if/field`, `condition on '${b.if.field}': no such field`);
      walk(b.then, `${here}/then`, scope);
      if (b.else) walk(b.else, `${here}/else`, scope);
    } else if ('title' in b) text(b.title, `${here}/title`, scope);
    else if ('subtitle' in b) text(b.subtitle, `${here}/subtitle`, scope);
    else if ('paragraph' in b) text(b.paragraph, `${here}/paragraph`, scope);
    else if ('text' in b) text(b.text, `${here}/text`, scope);
    else if ('row' in b) {
      if (typeof b.row === 'string') { if (!top.has(b.row)) add(`${here}/row`, `no field '${b.row}'`); }
      else { text(b.row.label, `${here}/row/label`, scope); text(b.row.value, `${here}/row/value`, scope); }
    } else if ('signature' in b) {
      text(b.signature.role, `${here}/signature/role`, scope);
      if (b.signature.name && !top.has(b.signature.name)) add(`${here}/signature/name`, `no field '${b.signature.name}'`);
    } else if ('table' in b) {
      const item = listField(b.table.rows, `${here}/table/rows`);
      if (b.table.widths && b.table.widths.length !== b.table.columns.length) add(`${here}/table/widths`, `${b.table.widths.length} widths for ${b.table.columns.length} columns`);
      b.table.columns.forEach((c, j) => { text(c.header, `${here}/table/columns/${j}/header`, { item }); text(c.value, `${here}/table/columns/${j}/value`, { item }); });
    } else if ('list' in b) {
      if (Array.isArray(b.list)) b.list.forEach((x, j) => text(x, `${here}/list/${j}`, scope));
      else { const item = listField(b.list.items, `${here}/list/items`); text(b.list.item, `${here}/list/item`, { item }); }
    }
  });
  walk(t.body, '/body', {});
  (t.requiredWhen ?? []).forEach((r, i) => {
    if (!top.has(r.field)) add(`/requiredWhen/${i}/field`, `no field '${r.field}'`);
    r.require.forEach((n, j) => { if (!top.has(n)) add(`/requiredWhen/${i}/require/${j}`, `no field '${n}'`); });
  });
  return problems;
}
