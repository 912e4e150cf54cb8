// Gap-free counters: the next value is taken inside the caller's transaction, so a rolled-back use leaves no gap.
import type { Knex } from 'knex';

/**
 * Increments and returns the counter `key`. The row lock taken by the UPDATE serialises concurrent
 * transactions on PostgreSQL; SQLite has one writer. Must be called inside a transaction.
 */
export async function nextValue(trx: Knex.Transaction, key: string): Promise<number> {
  await trx('registry_sequence').insert({ key, value: 0 }).onConflict('key').ignore();
  await trx('registry_sequence').where({ key }).increment('value', 1);
  const row = await trx('registry_sequence').where({ key }).first('value');
  return Number(row!.value);
}

/** True for a unique-constraint violation on either dialect. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT' || /UNIQUE constraint failed/.test(e?.message ?? '');
}
