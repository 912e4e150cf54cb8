// Opens the project's one knex connection: an SQLite file by default, PostgreSQL when DATABASE_URL says so.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import knex, { type Knex } from 'knex';
import { migrationSource } from './migration-source.js';
import { AUTOCHECKPOINT_PAGES, startCheckpointer } from './sqlite-checkpointer.js';
import { finalizeStatements } from './sqlite-statements.js';

export type Dialect = 'sqlite' | 'postgres';

export interface DbConfig {
  /** A postgres:// URL switches the store to PostgreSQL. */
  databaseUrl?: string;
  /** SQLite file; ignored when databaseUrl is set. */
  sqliteFile?: string;
  /** PostgreSQL schema to use (tests isolate themselves with one schema each). */
  schema?: string;
}

export function dialectOf(db: Knex): Dialect {
  return db.client.config.client === 'pg' ? 'postgres' : 'sqlite';
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): DbConfig {
  const url = env.DATABASE_URL;
  if (url && /^postgres(ql)?:\/\//.test(url)) return { databaseUrl: url };
  return { sqliteFile: env.REGLAMENT_DB ?? resolve('data', 'reglament.sqlite') };
}

export function openDb(config: DbConfig): Knex {
  if (config.databaseUrl) {
    return knex({
      client: 'pg',
      connection: config.databaseUrl,
      searchPath: config.schema ? [config.schema] : undefined,
      pool: {
        min: 0,
        max: 10,
        afterCreate: (conn: { query: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, conn: unknown) => void) => {
          if (!config.schema) return done(null, conn);
          conn.query(`SET search_path TO "${config.schema}"`, (err) => done(err, conn));
        },
      },
    });
  }
  const file = config.sqliteFile ?? resolve('data', 'reglament.sqlite');
  const onDisk = file !== ':memory:';
  if (onDisk) mkdirSync(dirname(file), { recursive: true });
  const db = knex({
    client: 'sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    // One connection: SQLite has a single writer, and serialising in the pool avoids SQLITE_BUSY.
    pool: {
      min: 1,
      max: 1,
      afterCreate: (conn: { run: (sql: string, cb: (err: Error | null) => void) => void }, done: (err: Error | null, conn: unknown) => void) => {
        conn.run('PRAGMA journal_mode = WAL', () =>
          conn.run('PRAGMA synchronous = NORMAL', () =>
            conn.run(`PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`, () =>
              conn.run('PRAGMA foreign_keys = ON', () => conn.run('PRAGMA busy_timeout = 5000', (err) => done(err, conn))))));
      },
    },
  });
  const client = db.client as { destroy(callback?: unknown): Promise<unknown>; destroyRawConnection(conn: object): Promise<unknown> };
  // a connection with prepared statements left (the SQLite lane keeps some) cannot close
  const closeConnection = client.destroyRawConnection.bind(client);
  client.destroyRawConnection = (conn: object) => finalizeStatements(conn).then(() => closeConnection(conn));
  if (!onDisk) return db;
  // checkpoints move off the commit path (src/store/sqlite-checkpointer.ts); they stop with the knex instance
  const checkpointer = startCheckpointer(file);
  const destroy = client.destroy.bind(client);
  client.destroy = (callback?: unknown) => checkpointer.stop().then(() => destroy(callback));
  return db;
}

export async function migrateLatest(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource });
}
