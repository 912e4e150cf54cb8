// Checks a template's input data against its field specs: required fields, types, lengths, enum values, overall size.
// Errors name the form and the field, never the value (it may be personal data).
import { InvalidRequestError } from '../errors.js';
import type { FieldSpec } from './types.js';
import type { DocumentTemplate } from './template/types.js';

/** The largest data set one document accepts, as JSON. */
export const MAX_DATA_BYTES = 64 * 1024;

const datePattern = /^\d{4}-\d{2}-\d{2}$/;

function almatyDay(d: Date): string | undefined {
  if (Number.isNaN(d.getTime())) return undefined;
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Almaty', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
}

function isValidDate(s: string): boolean {
  if (!datePattern.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function checkField(formId: string, path: string, spec: FieldSpec, value: unknown): unknown {
  const where = `Form '${formId}' field '${path}'`;
  switch (spec.type) {
    case 'string':
    case 'text': {
      if (typeof value === 'number') value = String(value);
      if (typeof value !== 'string') throw new InvalidRequestError(`${where} must be a string`);
      const max = spec.maxLength ?? (spec.type === 'string' ? 300 : 2000);
      if (value.length > max) throw new InvalidRequestError(`${where} is longer than ${max} characters`);
      return value.trim();
    }
    case 'date': {
      // A Date (a process variable such as receivedAt) is the calendar day in Kazakhstan, not in UTC.
      const s = value instanceof Date ? almatyDay(value) : typeof value === 'string' ? value.slice(0, 10) : undefined;
      if (!s || !isValidDate(s)) throw new InvalidRequestError(`${where} must be a date YYYY-MM-DD`);
      return s;
    }
    case 'integer': {
      const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw new InvalidRequestError(`${where} must be an integer`);
      return n;
    }
    case 'enum': {
      const allowed = Object.keys(spec.values ?? {});
      if (typeof value !== 'string' || !allowed.includes(value)) throw new InvalidRequestError(`${where} must be one of ${allowed.join(', ')}`);
      return value;
    }
    case 'list': {
      if (!Array.isArray(value)) throw new InvalidRequestError(`${where} must be a list`);
      const max = spec.maxItems ?? 20;
      if (value.length > max) throw new InvalidRequestError(`${where} has more than ${max} rows`);
      return value.map((row, i) => {
        if (typeof row !== 'object' || row === null || Array.isArray(row)) throw new InvalidRequestError(`${where}[${i}] must be an object`);
        return checkObject(formId, `${path}[${i}].`, spec.items ?? [], row as Record<string, unknown>);
      });
    }
  }
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function checkObject(formId: string, prefix: string, fields: readonly FieldSpec[], raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const spec of fields) {
    const v = raw[spec.name];
    if (isEmpty(v)) {
      if (spec.required) throw new InvalidRequestError(`Form '${formId}' is missing the required field '${prefix}${spec.name}' (${spec.label.ru})`);
      continue;
    }
    out[spec.name] = checkField(formId, `${prefix}${spec.name}`, spec, v);
  }
  return out;
}

/** Returns the form's data with only its declared fields, typed and trimmed; throws InvalidRequestError otherwise. */
export function validateFormData(form: Pick<DocumentTemplate, 'id' | 'fields' | 'requiredWhen'>, raw: unknown): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidRequestError(`Form '${form.id}' data must be a JSON object`);
  const size = Buffer.byteLength(JSON.stringify(raw));
  if (size > MAX_DATA_BYTES) throw new InvalidRequestError(`Form '${form.id}' data is ${size} bytes, more than the ${MAX_DATA_BYTES} accepted`);
  const data = checkObject(form.id, '', form.fields, raw as Record<string, unknown>);
  const missing = (form.requiredWhen ?? [])
    .filter((r) => data[r.field] === r.equals)
    .flatMap((r) => r.require.filter((name) => isEmpty(data[name])));
  if (missing.length) throw new InvalidRequestError(`Form '${form.id}' is missing the required field '${missing[0]}' for this variant`);
  return data;
}
