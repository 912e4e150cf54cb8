// Fires due timers: leases rows of engine_timer (FOR UPDATE SKIP LOCKED on PostgreSQL, a conditional UPDATE
// everywhere) so two nodes never fire one timer, then steps each instance and lets the engine's timer callback run.
import type { Knex } from 'knex';
import { NotFoundError } from '../errors.js';
import type { Dialect } from '../store/db.js';
import type { HostLogger } from './api.js';
import type { InstanceRunner } from './instances.js';

export interface TimerDeps {
  db: Knex;
  dialect: Dialect;
  now(): number;
  nodeId: string;
  runner: InstanceRunner;
  logger: HostLogger;
}

type Row = Record<string, any>;

export async function fireDueTimers(deps: TimerDeps, at: Date): Promise<number> {
  const { db, dialect, now, nodeId, runner, logger } = deps;
  const t = at.getTime();
  let fired = 0;
  for (let round = 0; round < 20; round++) {
    const leaseUntil = now() + 60_000;
    const due: Row[] = await db.transaction(async (trx) => {
      const q = trx('engine_timer').where('due_at', '<=', t).andWhere((w) => w.whereNull('lock_expiration').orWhere('lock_expiration', '<', now()))
        .orderBy('due_at').limit(50).select('id', 'instance_id', 'execution_id', 'due_at');
      if (dialect === 'postgres') q.forUpdate().skipLocked();
      const rows = await q;
      const mine: Row[] = [];
      for (const r of rows) {
        const n = await trx('engine_timer').where({ id: r.id }).andWhere((w) => w.whereNull('lock_expiration').orWhere('lock_expiration', '<', now()))
          .update({ lock_owner: nodeId, lock_expiration: leaseUntil });
        if (n === 1) mine.push(r);
      }
      return mine;
    });
    if (!due.length) break;
    for (const r of due) {
      try {
        await runner.step(r.instance_id, (ctx) => { ctx.timers.fire(r.execution_id); });
        fired++;
        // The step removed the row unless the instance still holds it (e.g. the timer was not in the engine).
        await db('engine_timer').where({ id: r.id, lock_owner: nodeId }).delete();
      } catch (err) {
        if (err instanceof NotFoundError) { await db('engine_timer').where({ id: r.id }).delete(); continue; }
        logger.error('timer-failed', { timerId: r.id, instanceId: r.instance_id, error: (err as Error).message });
      }
    }
    if (due.length < 50) break;
  }
  return fired;
}
