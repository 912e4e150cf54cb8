// The dialects a store test runs on: SQLite always, PostgreSQL when the machine has it (CI does).
// Each call gets a fresh, migrated database: a temp SQLite file, or a new PostgreSQL schema.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knex, { type Knex } from 'knex';
import { openDb, migrateLatest, type Dialect } from '../../src/store/db.js';

export const PG_URL = process.env.REGLAMENT_TEST_PG ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Dialects from REGLAMENT_TEST_DIALECTS (comma list), default both. */
export const dialects: Dialect[] = (process.env.REGLAMENT_TEST_DIALECTS ?? 'sqlite,postgres')
  .split(',').map((d) => d.trim()).filter((d): d is Dialect => d === 'sqlite' || d === 'postgres');

export interface TestDb { db: Knex; dialect: Dialect; config: { databaseUrl?: string; sqliteFile?: string; schema?: string }; destroy(): Promise<void> }

export async function freshDb(dialect: Dialect, migrate = true): Promise<TestDb> {
  if (dialect === 'sqlite') {
    const sqliteFile = join(mkdtempSync(join(tmpdir(), 'reglament-')), 'test.sqlite');
    const db = openDb({ sqliteFile });
    if (migrate) await migrateLatest(db);
    return { db, dialect, config: { sqliteFile }, destroy: () => db.destroy() };
  }
  const schema = `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = knex({ client: 'pg', connection: PG_URL, pool: { min: 0, max: 1 } });
  await admin.raw(`CREATE SCHEMA "${schema}"`);
  await admin.destroy();
  const config = { databaseUrl: PG_URL, schema };
  const db = openDb(config);
  if (migrate) await migrateLatest(db);
  return {
    db, dialect, config,
    async destroy() {
      await db.destroy();
      const a = knex({ client: 'pg', connection: PG_URL, pool: { min: 0, max: 1 } });
      await a.raw(`DROP SCHEMA "${schema}" CASCADE`);
      await a.destroy();
    },
  };
}
