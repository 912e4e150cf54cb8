// Camunda 7 typed variables: validation and conversion between typed values, stored JSON and plain JS values.
import { InvalidRequestError } from '../errors.js';
import type { TypedValue, VariableMap, VariableType } from './api.js';

export const RESERVED_NAMES = new Set(['fields', 'content', 'properties']);
export const DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024;

const TYPES: Record<string, VariableType> = {
  string: 'String', integer: 'Integer', long: 'Long', double: 'Double', boolean: 'Boolean', date: 'Date',
  json: 'Json', object: 'Object', file: 'File', null: 'Null', short: 'Integer', bytes: 'File',
};

/** Camunda date text: `2025-01-02T03:04:05.678+0000`. */
export function formatDate(d: Date): string {
  return d.toISOString().replace('Z', '+0000');
}

export function parseDate(value: unknown, name: string): Date {
  if (value instanceof Date) return value;
  if (typeof value === 'number') return new Date(value);
  if (typeof value !== 'string') throw new InvalidRequestError(`Cannot convert value of variable '${name}' to type Date: not a string`);
  // +0000 / +05:00 / Z / none
  const text = value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2');
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new InvalidRequestError(`Cannot convert value '${value}' of variable '${name}' to type Date`);
  return d;
}

export function checkName(name: string): void {
  if (RESERVED_NAMES.has(name)) throw new InvalidRequestError(`Variable name '${name}' is reserved by the engine`);
  if (!name || name.length > 255) throw new InvalidRequestError(`Variable name '${name}' is empty or too long`);
}

/**
 * Validates and normalizes one typed value from a request: canonical type name, checked value. A transient value
 * (valueInfo.transient: true) keeps that mark whatever its type, so the step can tell it from the values it stores.
 */
export function normalizeTyped(name: string, input: TypedValue, maxFileSize = DEFAULT_MAX_FILE_SIZE): TypedValue {
  checkName(name);
  if (!input || typeof input !== 'object') throw new InvalidRequestError(`Variable '${name}' must be an object with type and value`);
  const out = normalizeValue(name, input, maxFileSize);
  if (!isTransient(input)) return out;
  return { ...out, valueInfo: { ...(out.valueInfo ?? {}), transient: true } };
}

function normalizeValue(name: string, input: TypedValue, maxFileSize: number): TypedValue {
  const rawType = input.type == null ? inferType(input.value) : String(input.type);
  // Own keys only: `__proto__` or `constructor` must not find Object.prototype's members.
  const type = Object.hasOwn(TYPES, rawType.toLowerCase()) ? TYPES[rawType.toLowerCase()] : undefined;
  if (!type) throw new InvalidRequestError(`Unsupported value type '${rawType}' of variable '${name}'`);
  const v = input.value;
  const info = input.valueInfo ?? undefined;
  if (v === null || v === undefined) return type === 'Null' ? { type, value: null } : { type, value: null, ...(info && { valueInfo: info }) };
  switch (type) {
    case 'String': return { type, value: String(v) };
    case 'Boolean':
      if (typeof v === 'boolean') return { type, value: v };
      if (v === 'true' || v === 'false') return { type, value: v === 'true' };
      throw new InvalidRequestError(`Cannot convert value '${String(v)}' of variable '${name}' to type Boolean`);
    case 'Integer': case 'Long': case 'Double': {
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n)) throw new InvalidRequestError(`Cannot convert value '${String(v)}' of variable '${name}' to type ${type}`);
      if (type !== 'Double' && !Number.isInteger(n)) throw new InvalidRequestError(`Cannot convert value '${String(v)}' of variable '${name}' to type ${type}`);
      if (type === 'Integer' && (n > 2147483647 || n < -2147483648)) throw new InvalidRequestError(`Value of variable '${name}' is out of the Integer range`);
      return { type, value: n };
    }
    case 'Date': return { type, value: formatDate(parseDate(v, name)) };
    case 'Json': {
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      try { JSON.parse(text); } catch { throw new InvalidRequestError(`Value of Json variable '${name}' is not JSON`); }
      return { type, value: text, ...(info && { valueInfo: info }) };
    }
    case 'Object': {
      const fmt = (info as { serializationDataFormat?: string } | undefined)?.serializationDataFormat ?? 'application/json';
      if (fmt !== 'application/json') throw new InvalidRequestError(`Variable '${name}': only serializationDataFormat application/json is supported`);
      const text = typeof v === 'string' ? v : JSON.stringify(v);
      try { JSON.parse(text); } catch { throw new InvalidRequestError(`Value of Object variable '${name}' is not JSON`); }
      return { type, value: text, valueInfo: { objectTypeName: 'java.lang.Object', ...(info ?? {}), serializationDataFormat: 'application/json' } };
    }
    case 'File': {
      if (typeof v !== 'string') throw new InvalidRequestError(`Value of File variable '${name}' must be base64 text`);
      const size = Math.floor((v.length * 3) / 4);
      if (size > maxFileSize) throw new InvalidRequestError(`File variable '${name}' is larger than ${maxFileSize} bytes`);
      return { type, value: v, valueInfo: { filename: 'file', ...(info ?? {}) } };
    }
    case 'Null': return { type, value: null };
  }
}

function inferType(v: unknown): string {
  if (v === null || v === undefined) return 'Null';
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? (Math.abs(v) > 2147483647 ? 'Long' : 'Integer') : 'Double';
  if (typeof v === 'string') return 'String';
  if (v instanceof Date) return 'Date';
  return 'Json';
}

/** Camunda's `valueInfo.transient: true`: the value lives for the step it is passed to and is never stored. */
export function isTransient(tv: TypedValue | undefined): boolean {
  return (tv?.valueInfo as { transient?: unknown } | undefined)?.transient === true;
}

/** Splits a normalized map into the values to store and the transient ones (valueInfo.transient: true). */
export function splitTransient(map: VariableMap): { stored: VariableMap; transient: VariableMap } {
  const stored: VariableMap = {};
  const transient: VariableMap = {};
  for (const [k, v] of Object.entries(map)) (isTransient(v) ? transient : stored)[k] = v;
  return { stored, transient };
}

/** Normalizes a whole map from a request (rejects reserved names). */
export function normalizeMap(map: VariableMap | undefined | null, maxFileSize?: number): VariableMap {
  const out: VariableMap = {};
  if (!map) return out;
  if (typeof map !== 'object') throw new InvalidRequestError('Variables must be an object of typed values');
  for (const [name, value] of Object.entries(map)) out[name] = normalizeTyped(name, value, maxFileSize);
  return out;
}

/** Typed → plain JS, as expressions and workers see it: Json/Object parsed, Date as Date, File as metadata only. */
export function toPlain(tv: TypedValue): unknown {
  if (tv.value === null || tv.value === undefined) return null;
  switch (tv.type) {
    case 'Date': return new Date(parseDate(tv.value, '').getTime());
    case 'Json': case 'Object':
      try { return JSON.parse(String(tv.value)); } catch { return tv.value; }
    case 'File': return { filename: (tv.valueInfo as { filename?: string } | undefined)?.filename ?? 'file', mimeType: (tv.valueInfo as { mimeType?: string } | undefined)?.mimeType ?? null };
    default: return tv.value;
  }
}

export function toPlainMap(map: VariableMap): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) out[k] = toPlain(v);
  return out;
}

/** Plain JS → typed (for values the engine produced, e.g. the initiator). */
export function fromPlain(name: string, value: unknown): TypedValue {
  if (value instanceof Date) return { type: 'Date', value: formatDate(value) };
  const t = inferType(value);
  if (t === 'Json') return { type: 'Json', value: JSON.stringify(value) };
  return normalizeTyped(name, { type: t, value });
}

/** A map for output: files are never inlined (value null, valueInfo kept), as fetchAndLock requires. */
export function forOutput(map: VariableMap, names?: string[] | null): VariableMap {
  const out: VariableMap = {};
  for (const [k, v] of Object.entries(map)) {
    if (names && !names.includes(k)) continue;
    out[k] = v.type === 'File' ? { type: 'File', value: null, valueInfo: v.valueInfo } : v;
  }
  return out;
}
