// Prepared statements kept per SQLite connection. The driver's own `Database#all` prepares, runs and finalizes:
// three trips to its thread, each waiting for the event loop to schedule the next; a kept statement needs one.
// A connection with statements still prepared cannot close, so openDb() finalizes them before knex closes it.

type Row = Record<string, unknown>;

export interface SqliteStatement {
  all(params: readonly unknown[], cb: (err: Error | null, rows: Row[]) => void): void;
  finalize(cb?: () => void): void;
}
export interface PreparingConn {
  prepare(sql: string, cb: (err: Error | null) => void): SqliteStatement;
}

const caches = new WeakMap<object, Map<string, SqliteStatement>>();

/** The statement for `sql` on `conn`, prepared on first use; least recently used ones beyond `limit` are finalized. */
export function cachedStatement(conn: PreparingConn, sql: string, limit: number, cb: (err: Error | null, stmt?: SqliteStatement) => void): void {
  let cache = caches.get(conn);
  if (!cache) caches.set(conn, (cache = new Map()));
  const hit = cache.get(sql);
  if (hit) {
    cache.delete(sql);
    cache.set(sql, hit);
    cb(null, hit);
    return;
  }
  const stmt = conn.prepare(sql, (err) => {
    if (err) { cb(err); return; }
    cache.set(sql, stmt);
    while (cache.size > limit) {
      const [oldest, old] = cache.entries().next().value as [string, SqliteStatement];
      cache.delete(oldest);
      old.finalize();
    }
    cb(null, stmt);
  });
}

/** Finalizes every statement kept for `conn` (before it closes). */
export async function finalizeStatements(conn: object): Promise<void> {
  const cache = caches.get(conn);
  if (!cache) return;
  caches.delete(conn);
  await Promise.all([...cache.values()].map((s) => new Promise<void>((resolve) => s.finalize(() => resolve()))));
}
