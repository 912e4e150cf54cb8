// The few statement shapes a durable step writes (insert, update, delete by simple conditions), rendered either as
// knex builders (PostgreSQL, in a transaction) or directly as SQLite text for the step's single batch.
import type { Knex } from 'knex';

type Values = Record<string, unknown>;

/** `eq` columns equal, `in` column in the list, `isNull` column null; all must hold. */
export interface Where { eq?: Values; in?: [string, unknown[]]; isNull?: string }

export type Statement =
  | { op: 'insert'; table: string; rows: Values[]; ignoreConflict?: boolean }
  | { op: 'update'; table: string; set: Values; where: Where }
  | { op: 'delete'; table: string; where: Where }
  /** INSERT INTO table (…) SELECT … FROM `from` WHERE …: each column a column of `from` or a constant. */
  | { op: 'copy'; table: string; from: string; columns: Record<string, string | { value: unknown }>; where: Where };

/** Rows of `table` matching `where` (the ids only): a step guard's condition. */
export interface Exists { table: string; where: Where }

function applyWhere(q: Knex.QueryBuilder, w: Where): Knex.QueryBuilder {
  if (w.eq) q.where(w.eq);
  if (w.in) q.whereIn(w.in[0], w.in[1] as readonly string[]);
  if (w.isNull) q.whereNull(w.isNull);
  return q;
}

export function existsToKnex(db: Knex, e: Exists): Knex.QueryBuilder {
  return applyWhere(db(e.table), e.where).select('id');
}

export function toKnex(db: Knex, s: Statement): Knex.QueryBuilder | Knex.Raw {
  // constants are inlined as SQL literals (escaped as for SQLite, which PostgreSQL reads alike), so that their types
  // come from the target columns rather than from untyped parameters
  if (s.op === 'copy') return db.raw(copySql(s));
  if (s.op === 'insert') {
    const q = db(s.table).insert(s.rows.length === 1 ? s.rows[0]! : s.rows);
    return s.ignoreConflict ? (q.onConflict('id').ignore() as unknown as Knex.QueryBuilder) : q;
  }
  const q = applyWhere(db(s.table), s.where);
  return s.op === 'update' ? q.update(s.set) : q.delete();
}

/** A SQLite literal, escaped as knex's own `toString()` does for this dialect (undefined becomes NULL, as with useNullAsDefault). */
function lit(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  switch (typeof v) {
    case 'number': return Number.isFinite(v) ? String(v) : 'NULL';
    case 'boolean': return v ? 'true' : 'false';
    case 'bigint': return String(v);
    // most values (engine states included) hold no quote: skip the copy a replace would make
    case 'string': return v.includes("'") ? `'${v.replace(/'/g, "''")}'` : `'${v}'`;
    default:
      if (v instanceof Date) return String(v.getTime());
      return `'${JSON.stringify(v).replace(/'/g, "''")}'`;
  }
}
const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

function whereSql(w: Where): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(w.eq ?? {})) parts.push(v === null || v === undefined ? `${ident(k)} IS NULL` : `${ident(k)} = ${lit(v)}`);
  if (w.in) parts.push(w.in[1].length ? `${ident(w.in[0])} IN (${w.in[1].map(lit).join(', ')})` : '0');
  if (w.isNull) parts.push(`${ident(w.isNull)} IS NULL`);
  return parts.length ? ` WHERE ${parts.join(' AND ')}` : '';
}

/** SQLite text of `SELECT id FROM … WHERE …`. */
export function existsToSqlite(e: Exists): string {
  return `SELECT "id" FROM ${ident(e.table)}${whereSql(e.where)}`;
}

function copySql(s: Extract<Statement, { op: 'copy' }>): string {
  const cols = Object.keys(s.columns);
  const exprs = cols.map((c) => { const v = s.columns[c]!; return typeof v === 'string' ? ident(v) : lit(v.value); });
  return `INSERT INTO ${ident(s.table)} (${cols.map(ident).join(', ')}) SELECT ${exprs.join(', ')} FROM ${ident(s.from)}${whereSql(s.where)}`;
}

/** SQLite text of a statement; knex's query compiler costs more than the step's own bookkeeping on the hot path. */
export function toSqlite(s: Statement): string {
  if (s.op === 'copy') return copySql(s);
  if (s.op === 'insert') {
    const cols = [...new Set(s.rows.flatMap((r) => Object.keys(r)))];
    const values = s.rows.map((r) => `(${cols.map((c) => lit(r[c])).join(', ')})`).join(', ');
    return `INSERT INTO ${ident(s.table)} (${cols.map(ident).join(', ')}) VALUES ${values}${s.ignoreConflict ? ' ON CONFLICT ("id") DO NOTHING' : ''}`;
  }
  if (s.op === 'update') {
    const set = Object.entries(s.set).filter(([, v]) => v !== undefined).map(([k, v]) => `${ident(k)} = ${lit(v)}`).join(', ');
    return `UPDATE ${ident(s.table)} SET ${set}${whereSql(s.where)}`;
  }
  return `DELETE FROM ${ident(s.table)}${whereSql(s.where)}`;
}
