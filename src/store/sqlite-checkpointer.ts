// Background WAL checkpoints for the SQLite store. By default SQLite checkpoints inside the commit that pushes the
// WAL past 1,000 pages: that commit (and everything queued behind it on the one connection) waits for pages to be
// copied into the database file and for its fsyncs. Here a second connection checkpoints on a timer, on the driver's
// thread pool, so commits do not stall; the main connection keeps a higher automatic limit as a safety net.
import sqlite3 from 'sqlite3';

export interface Checkpointer {
  /** Runs one PASSIVE checkpoint now; resolves to [busy, walFrames, checkpointedFrames]. */
  checkpoint(): Promise<[number, number, number]>;
  stop(): Promise<void>;
}

/** WAL pages at which the main connection still checkpoints by itself (default SQLite: 1,000). */
export const AUTOCHECKPOINT_PAGES = 8000;

export function startCheckpointer(file: string, intervalMs = 250): Checkpointer {
  let conn: Promise<sqlite3.Database> | null = null;
  let running: Promise<unknown> = Promise.resolve();
  let inFlight = false;
  let stopped = false;
  // opened on first use: the file may not exist yet when the store starts
  const open = (): Promise<sqlite3.Database> => (conn ??= new Promise<sqlite3.Database>((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READWRITE, (err) => (err ? reject(err) : resolve(db)));
  }));
  const drop = (): void => {
    const c = conn;
    conn = null;
    void c?.then((db) => db.close(() => undefined), () => undefined);
  };
  const checkpoint = (): Promise<[number, number, number]> => {
    const run = open().then((db) => new Promise<[number, number, number]>((resolve, reject) => {
      // PASSIVE never waits for a lock: it copies what no reader still needs and returns
      db.get('PRAGMA wal_checkpoint(PASSIVE)', (err: Error | null, row: { busy: number; log: number; checkpointed: number }) => {
        if (err) reject(err);
        else resolve([row.busy, row.log, row.checkpointed]);
      });
    }));
    running = run.catch(() => undefined);
    return run;
  };
  const timer = setInterval(() => {
    if (stopped || inFlight) return;
    inFlight = true;
    // a failed checkpoint reopens its connection next tick; the main connection's own limit still bounds the WAL
    checkpoint().catch(drop).finally(() => { inFlight = false; });
  }, intervalMs);
  timer.unref();
  return {
    checkpoint,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      const c = conn;
      conn = null;
      const db = await c?.catch(() => null);
      if (db) await new Promise<void>((resolve) => db.close(() => resolve()));
    },
  };
}
