// Camunda's variable conditions on process variables (`variables=name_eq_value` in a query string,
// `[{name, operator, value}]` in a body): their shape and checks. The SQL lives in src/store/variable-filter.ts.
import { InvalidRequestError } from '../errors.js';

export type VariableOperator = 'eq' | 'neq' | 'gt' | 'gteq' | 'lt' | 'lteq' | 'like';
export type FilterValue = string | number | boolean | null;
export interface VariableCondition {
  name: string; operator: VariableOperator; value: FilterValue;
  /** A query string's digits may name a number or a String variable (an IIN): `eq`/`neq` then match either. */
  text?: string;
}

export const OPERATORS: Record<VariableOperator, string> = { eq: '=', neq: '<>', gt: '>', gteq: '>=', lt: '<', lteq: '<=', like: 'like' };
export const ORDERED = new Set<VariableOperator>(['gt', 'gteq', 'lt', 'lteq']);

/** Checks one condition as a client sent it; throws InvalidRequestError naming what is wrong. */
export function variableCondition(name: unknown, operator: unknown, value: unknown): VariableCondition {
  if (typeof name !== 'string' || !/^[\w.-]{1,255}$/.test(name)) throw new InvalidRequestError(`Invalid variable name in a variable filter: '${String(name)}'`);
  if (typeof operator !== 'string' || !Object.hasOwn(OPERATORS, operator)) {
    throw new InvalidRequestError(`Invalid variable comparator '${String(operator)}' for variable '${name}': use one of ${Object.keys(OPERATORS).join(', ')}`);
  }
  const op = operator as VariableOperator;
  if (value !== null && !['string', 'number', 'boolean'].includes(typeof value)) throw new InvalidRequestError(`Variable filter '${name}_${op}' needs a string, number, boolean or null value`);
  if (ORDERED.has(op) && (typeof value !== 'number' || !Number.isFinite(value))) throw new InvalidRequestError(`Variable filter '${name}_${op}' needs a number`);
  if (op === 'like' && typeof value !== 'string') throw new InvalidRequestError(`Variable filter '${name}_like' needs a string`);
  return { name, operator: op, value: value as FilterValue };
}

/** The query-string form: `name_op_value` items separated by commas; numbers and booleans as Camunda reads them. */
export function parseVariableConditions(text: string): VariableCondition[] {
  return text.split(',').filter((s) => s.trim() !== '').map((item) => {
    const m = /^([^_]+(?:_[^_]+)*?)_(eq|neq|gteq|gt|lteq|lt|like)_(.*)$/.exec(item.trim());
    if (!m) throw new InvalidRequestError(`Invalid variable filter '${item}': expected name_operator_value`);
    const raw = m[3]!;
    const numeric = raw !== '' && Number.isFinite(Number(raw));
    const value = m[2] === 'like' ? raw : raw === 'true' ? true : raw === 'false' ? false : numeric ? Number(raw) : raw;
    return { ...variableCondition(m[1], m[2], value), ...(numeric && m[2] !== 'like' && { text: raw }) };
  });
}

