// The hot path to SQLite: step commits, fetch-and-lock and task lists of the durable host go through this lane
// instead of knex's query runner. It borrows the pool's one connection while it has work and gives it back when it
// runs dry (or when knex has waited for it long enough), so knex transactions and lane operations never interleave.
//
// Why not knex: with knex, the next query is handed the connection only after the previous caller's continuation
// ran — on the host that is a whole engine step of several milliseconds — so SQLite sat idle while the event loop
// worked and the event loop sat idle while SQLite worked. The lane starts the next queued operation from the
// driver's callback, before it resumes the caller, so SQLite's thread and the event loop overlap.
//
// Group commit: step commits queued together are written in one transaction (one hop to the driver's thread, one
// WAL commit). A batch that fails inside a group (a revision or guard check) rolls the group back; each batch of
// that group then runs alone, so every caller gets its own outcome and nothing of a failed batch stays.
import type { Knex } from 'knex';
import { cachedStatement, type PreparingConn } from './sqlite-statements.js';

type Row = Record<string, unknown>;

interface SqliteConn extends PreparingConn {
  exec(sql: string, cb: (err: Error | null) => void): void;
}
interface Pool {
  acquireConnection(): Promise<SqliteConn>;
  releaseConnection(c: SqliteConn): Promise<void>;
  pool?: { numPendingAcquires(): number };
}

type Op =
  | { kind: 'commit'; statements: readonly string[]; alone: boolean; resolve(): void; reject(err: Error): void }
  | { kind: 'all'; sql: string; bindings: readonly unknown[]; resolve(rows: Row[]): void; reject(err: Error): void };
type CommitOp = Extract<Op, { kind: 'commit' }>;

export interface SqliteLaneOptions {
  /** Most step batches in one transaction. */
  maxGroup?: number;
  /** Operations run in a row before the connection goes back to knex when knex is waiting for it. */
  maxHold?: number;
  /** Prepared statements kept per connection (src/store/sqlite-statements.ts). */
  statementCacheSize?: number;
}

export class SqliteLane {
  private readonly queue: Op[] = [];
  private conn: SqliteConn | null = null;
  private busy = false;
  private acquiring = false;
  private held = 0;
  private readonly maxGroup: number;
  private readonly maxHold: number;
  private readonly cacheSize: number;
  /** Transactions written, batches in them, batches re-run alone after a group failed. */
  readonly stats = { groups: 0, batches: 0, retriedAlone: 0 };

  constructor(private readonly db: Knex, options: SqliteLaneOptions = {}) {
    this.maxGroup = options.maxGroup ?? 64;
    this.maxHold = options.maxHold ?? 32;
    this.cacheSize = options.statementCacheSize ?? 64;
  }

  /**
   * Commits `statements` (without BEGIN/COMMIT) atomically; resolves only after their COMMIT. They are joined into
   * the transaction's text once, with the rest of their group (an engine state is copied once, not per layer).
   */
  commit(statements: readonly string[]): Promise<void> {
    return new Promise<void>((resolve, reject) => this.push({ kind: 'commit', statements, alone: false, resolve, reject }));
  }

  /** Runs one statement (a read, or a write that commits by itself) and returns its rows. */
  all(sql: string, bindings: readonly unknown[] = []): Promise<Row[]> {
    return new Promise<Row[]>((resolve, reject) => this.push({ kind: 'all', sql, bindings, resolve, reject }));
  }

  /** Runs a knex query builder's statement through the lane. */
  query(q: Knex.QueryBuilder | Knex.Raw): Promise<Row[]> {
    const { sql, bindings } = q.toSQL().toNative();
    return this.all(sql, bindings);
  }

  private get pool(): Pool { return this.db.client as unknown as Pool; }

  private push(op: Op): void {
    this.queue.push(op);
    this.next();
  }

  /** Starts the next operation, borrowing or returning the connection as needed. Never throws. */
  private next(): void {
    if (this.busy || this.acquiring) return;
    if (!this.queue.length) { this.giveBack(); return; }
    if (!this.conn) { this.borrow(); return; }
    if (this.held >= this.maxHold && (this.pool.pool?.numPendingAcquires() ?? 0) > 0) {
      // knex has been waiting: let it run, then queue up for the connection again
      this.giveBack();
      this.borrow();
      return;
    }
    this.held++;
    this.busy = true;
    const head = this.queue[0]!;
    if (head.kind === 'all') {
      this.queue.shift();
      cachedStatement(this.conn, head.sql, this.cacheSize, (err, stmt) => {
        if (err || !stmt) { this.settled(() => head.reject(err ?? new Error('statement not prepared'))); return; }
        stmt.all(head.bindings, (e, rows) => this.settled(() => (e ? head.reject(e) : head.resolve(rows))));
      });
      return;
    }
    // a batch re-run after its group failed goes alone; others join the commits queued right behind them
    const group: CommitOp[] = [this.queue.shift() as CommitOp];
    while (!group[0]!.alone && group.length < this.maxGroup && this.queue[0]?.kind === 'commit' && !this.queue[0].alone) {
      group.push(this.queue.shift() as CommitOp);
    }
    this.stats.groups++;
    this.stats.batches += group.length;
    const conn = this.conn;
    const text: string[] = ['BEGIN IMMEDIATE'];
    for (const g of group) for (const st of g.statements) text.push(st);
    text.push('COMMIT');
    conn.exec(text.join(';\n'), (err) => {
      if (!err) { this.settled(() => { for (const g of group) g.resolve(); }); return; }
      // the failed statement left the transaction open: end it before anything else runs on this connection
      conn.exec('ROLLBACK', () => {
        if (group.length === 1) { this.settled(() => group[0]!.reject(err)); return; }
        this.stats.retriedAlone += group.length;
        for (const g of group) g.alone = true;
        this.queue.unshift(...group);
        this.settled(() => undefined);
      });
    });
  }

  /** The driver called back: start the next operation first, then resume the finished one's caller. */
  private settled(resume: () => void): void {
    this.busy = false;
    this.next();
    resume();
  }

  private borrow(): void {
    this.acquiring = true;
    this.pool.acquireConnection().then((c) => {
      this.acquiring = false;
      this.conn = c;
      this.held = 0;
      this.next();
    }, (err: Error) => {
      this.acquiring = false;
      for (const op of this.queue.splice(0)) op.reject(err);
    });
  }

  private giveBack(): void {
    const c = this.conn;
    if (!c) return;
    this.conn = null;
    void this.pool.releaseConnection(c);
  }
}
