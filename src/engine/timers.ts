// Fires due timers as Camunda 7 fires timer jobs: leases rows of engine_timer (FOR UPDATE SKIP LOCKED on
// PostgreSQL, a conditional UPDATE everywhere) so two nodes never fire one timer, then steps each instance and lets
// the engine's timer callback run. A firing that throws leaves the instance where it was, costs the timer one retry
// and moves its due date by a fixed back-off; the last retry opens a `failedJob` incident (docs/engine.md).
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import type { Dialect } from '../store/db.js';
import type { Access, Host, HostLogger } from './api.js';
import type { InstanceRunner } from './instances.js';

/** Camunda 7's default: a job is tried three times before it gets an incident. */
export const DEFAULT_TIMER_RETRIES = 3;
/** Wait between two tries of a failed timer; fixed, not Camunda's retry cycle (R3/PT5M is not read). */
export const DEFAULT_TIMER_RETRY_BACKOFF_MS = 5 * 60_000;
/** The host's timerRetries and timerRetryBackoff, checked: a count from 0 and a wait in ms from 0. */
export function timerRetryOptions(o: { timerRetries?: number; timerRetryBackoff?: number }): { retries: number; backoffMs: number } {
  const retries = o.timerRetries ?? DEFAULT_TIMER_RETRIES;
  const backoffMs = o.timerRetryBackoff ?? DEFAULT_TIMER_RETRY_BACKOFF_MS;
  if (!Number.isInteger(retries) || retries < 0) throw new InvalidRequestError(`Host option timerRetries must be a whole number, zero or more, not ${retries}`);
  if (!Number.isFinite(backoffMs) || backoffMs < 0) throw new InvalidRequestError(`Host option timerRetryBackoff must be a number of milliseconds, zero or more, not ${backoffMs}`);
  return { retries, backoffMs };
}

/** How long one node holds a due timer while it fires it. */
const LEASE_MS = 60_000;

export interface TimerDeps {
  db: Knex;
  dialect: Dialect;
  now(): number;
  nodeId: string;
  runner: InstanceRunner;
  logger: HostLogger;
  retries: number;
  backoffMs: number;
}

type Row = Record<string, any>;

/** A timer row may be leased when no node holds it and it has retries left. */
function acquirable(q: Knex.QueryBuilder, now: number): Knex.QueryBuilder {
  return q.andWhere((w) => w.whereNull('lock_expiration').orWhere('lock_expiration', '<', now))
    .andWhere((w) => w.whereNull('retries').orWhere('retries', '>', 0));
}

export async function fireDueTimers(deps: TimerDeps, at: Date): Promise<number> {
  const { db, dialect, now, nodeId, runner } = deps;
  const t = at.getTime();
  let fired = 0;
  for (let round = 0; round < 20; round++) {
    const leaseUntil = now() + LEASE_MS;
    const due: Row[] = await db.transaction(async (trx) => {
      const q = acquirable(trx('engine_timer').where('due_at', '<=', t), now())
        .orderBy('due_at').limit(50).select('id', 'instance_id', 'execution_id', 'activity_id', 'tenant_id', 'due_at', 'retries');
      if (dialect === 'postgres') q.forUpdate().skipLocked();
      const rows = await q;
      const mine: Row[] = [];
      for (const r of rows) {
        const n = await acquirable(trx('engine_timer').where({ id: r.id }), now()).update({ lock_owner: nodeId, lock_expiration: leaseUntil });
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
        await recordTimerFailure(deps, r, err as Error);
      }
    }
    if (due.length < 50) break;
  }
  return fired;
}

/**
 * The step was rolled back, so the instance is as it was; the timer row, still leased by this node, loses one
 * retry and waits out the back-off, and its last retry opens the incident — one transaction, committed before the
 * scheduler goes on. A row whose lease this node lost (it fired past the lease) is left to its new holder.
 */
export type FailureDeps = Pick<TimerDeps, 'db' | 'now' | 'nodeId' | 'logger' | 'retries' | 'backoffMs'>;

/** `r`: the timer row (id, instance_id, execution_id, activity_id, tenant_id, retries), leased by this node. */
export async function recordTimerFailure(deps: FailureDeps, r: Row, err: Error): Promise<void> {
  const { db, now, nodeId, logger } = deps;
  const message = err.message.slice(0, 3900);
  const retries = Math.max(0, (r.retries == null ? deps.retries : Number(r.retries)) - 1);
  const at = now();
  const recorded = await db.transaction(async (trx) => {
    // the back-off moves the due date, as a retry cycle moves a Camunda job's; the last one leaves it as it was
    const n = await trx('engine_timer').where({ id: r.id, lock_owner: nodeId })
      .update({ retries, error_message: message, lock_owner: null, lock_expiration: null, ...(retries > 0 && { due_at: at + deps.backoffMs }) });
    if (n !== 1) return false;
    if (retries === 0) await openFailedJobIncident(trx, r, message, at);
    return true;
  });
  logger.error('timer-failed', { timerId: r.id, instanceId: r.instance_id, retriesLeft: recorded ? retries : null, error: err.message });
}

async function openFailedJobIncident(trx: Knex.Transaction, timer: Row, message: string | null, at: number): Promise<void> {
  if (await trx('engine_incident').where({ configuration: timer.id, state: 'open' }).first('id')) return;
  const instance = await trx('engine_instance').where({ id: timer.instance_id }).first('definition_id');
  if (!instance) return;
  await trx('engine_incident').insert({
    id: randomUUID(), incident_type: 'failedJob', instance_id: timer.instance_id, definition_id: instance.definition_id,
    execution_id: timer.execution_id, activity_id: timer.activity_id, configuration: timer.id, message, tenant_id: timer.tenant_id ?? null,
    created: at, state: 'open',
  });
}

export interface TimerJobDeps {
  db: Knex;
  now(): number;
  opLog(trx: Knex.Transaction, access: Access, e: Record<string, unknown> & { operation_type: string; entity_type: string }): Promise<void>;
  visibleRow(table: string, id: string, access: Access, what: string): Promise<Row>;
}

/** Timer rows seen as Camunda's timer jobs: the job id is the timer row's id (also its incident's configuration). */
export function timerJobOps(deps: TimerJobDeps): Pick<Host, 'setJobRetries'> {
  const { db, now, opLog, visibleRow } = deps;
  return {
    async setJobRetries(id, retries, access) {
      if (!Number.isInteger(retries) || retries < 0) throw new InvalidRequestError(`Cannot set retries of job '${id}': retries must be a whole number, zero or more, not ${retries}`);
      const r = await visibleRow('engine_timer', id, access, 'Job');
      await db.transaction(async (trx) => {
        // its due date stays: after the last retry it was not moved, so a timer given retries again fires at the next poll
        await trx('engine_timer').where({ id }).update({ retries });
        if (retries > 0) await trx('engine_incident').where({ configuration: id, state: 'open' }).update({ state: 'resolved', end_time: now() });
        else await openFailedJobIncident(trx, r, r.error_message ?? null, now());
        const instance = await trx('engine_instance').where({ id: r.instance_id }).first('definition_id', 'definition_key');
        await opLog(trx, access, {
          operation_type: 'SetJobRetries', entity_type: 'Job', property: 'retries', org_value: r.retries == null ? null : String(r.retries), new_value: String(retries),
          instance_id: r.instance_id, definition_id: instance?.definition_id ?? null, definition_key: instance?.definition_key ?? null, tenant_id: r.tenant_id ?? null,
        });
      });
    },
  };
}
