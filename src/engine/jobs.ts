// Timers as Camunda's jobs: listed and counted from engine_timer with their retries, their due date moved, and fired
// at once on request, the way the scheduler fires a due timer (src/engine/timers.ts), under the same lease so two
// nodes never fire one, and with the same cost of a failure.
import type { Knex } from 'knex';
import { NotFoundError } from '../errors.js';
import { num, page, tenantFilter, tenantScope, visible } from '../store/engine-rows.js';
import type { Access, Job, JobFilter } from './api.js';
import type { InstanceRunner } from './instances.js';
import { recordTimerFailure, type FailureDeps } from './timers.js';

type Row = Record<string, any>;

/** `retries`: what a timer that never failed has left (the host's timerRetries). */
export interface JobDeps extends FailureDeps { runner: InstanceRunner }

const sortColumns: Record<NonNullable<JobFilter['sortBy']>, string> = {
  jobId: 't.id', executionId: 't.execution_id', processInstanceId: 't.instance_id', processDefinitionId: 'i.definition_id',
  processDefinitionKey: 'i.definition_key', jobDueDate: 't.due_at', tenantId: 't.tenant_id',
};

function jobQuery(db: Knex, f: JobFilter, access: Access, now: number): Knex.QueryBuilder {
  const q = tenantScope(db('engine_timer as t').join('engine_instance as i', 'i.id', 't.instance_id'), access, 't.tenant_id');
  if (f.jobId) q.where('t.id', f.jobId);
  if (f.jobIds?.length) q.whereIn('t.id', f.jobIds);
  if (f.processInstanceId) q.where('t.instance_id', f.processInstanceId);
  if (f.processInstanceIds?.length) q.whereIn('t.instance_id', f.processInstanceIds);
  if (f.executionId) q.where('t.execution_id', f.executionId);
  if (f.processDefinitionId) q.where('i.definition_id', f.processDefinitionId);
  if (f.processDefinitionKey) q.where('i.definition_key', f.processDefinitionKey);
  if (f.activityId) q.where('t.activity_id', f.activityId);
  // every job here is a timer: asking for message jobs only, or for no timers, finds none
  if (f.timers === false || f.messages === true) q.whereRaw('1 = 0');
  if (f.executable) q.where('t.due_at', '<=', now).andWhere((w) => w.whereNull('t.retries').orWhere('t.retries', '>', 0));
  tenantFilter(q, f, 't.tenant_id');
  return q;
}

function jobDto(r: Row, defaultRetries: number): Job {
  return {
    id: r.id, dueDate: new Date(num(r.due_at)), processInstanceId: r.instance_id, executionId: r.execution_id, processDefinitionId: r.definition_id,
    processDefinitionKey: r.definition_key, activityId: r.activity_id, tenantId: r.tenant_id ?? null,
    retries: r.retries == null ? defaultRetries : num(r.retries), exceptionMessage: r.error_message ?? null,
  };
}

export function jobOps(deps: JobDeps) {
  const { db, now, nodeId, runner } = deps;
  const columns = ['t.id', 't.instance_id', 't.execution_id', 't.activity_id', 't.due_at', 't.tenant_id', 't.retries', 't.error_message', 'i.definition_id', 'i.definition_key'];
  const dto = (r: Row) => jobDto(r, deps.retries);

  async function jobRow(id: string, access: Access): Promise<Row> {
    const r = await db('engine_timer as t').join('engine_instance as i', 'i.id', 't.instance_id').where('t.id', id).first(columns);
    if (!r || !visible(access, r.tenant_id)) throw new NotFoundError(`Job with id ${id} does not exist`);
    return r;
  }

  return {
    async listJobs(f: JobFilter, access: Access): Promise<Job[]> {
      const q = jobQuery(db, f, access, now()).select(columns);
      q.orderBy(sortColumns[f.sortBy ?? 'jobDueDate'] ?? 't.due_at', f.sortOrder ?? 'asc').orderBy('t.id');
      page(q, f);
      return (await q).map(dto);
    },
    async countJobs(f: JobFilter, access: Access): Promise<number> {
      return num((await jobQuery(db, f, access, now()).count({ c: '*' }).first())?.c ?? 0);
    },
    async getJob(id: string, access: Access): Promise<Job> { return dto(await jobRow(id, access)); },
    async setJobDueDate(id: string, dueDate: Date | null, access: Access): Promise<void> {
      await jobRow(id, access);
      // the scheduler fires by this row's due_at; the engine's own timer only waits to be fired
      await db('engine_timer').where({ id }).update({ due_at: (dueDate ?? new Date(now())).getTime() });
    },
    async executeJob(id: string, access: Access): Promise<void> {
      const r = await jobRow(id, access);
      const leased = await db('engine_timer').where({ id }).andWhere((w) => w.whereNull('lock_expiration').orWhere('lock_expiration', '<', now()))
        .update({ lock_owner: nodeId, lock_expiration: now() + 60_000 });
      if (leased !== 1) throw new NotFoundError(`Job with id ${id} does not exist (it is being executed)`);
      try {
        await runner.step(r.instance_id, (ctx) => {
          if (!ctx.timers.fire(r.execution_id)) throw new NotFoundError(`Job with id ${id} does not exist`);
        });
      } catch (err) {
        // as in Camunda, a failed execution on request costs a retry like a failed firing by the scheduler
        if (err instanceof NotFoundError) await db('engine_timer').where({ id, lock_owner: nodeId }).update({ lock_owner: null, lock_expiration: null });
        else await recordTimerFailure(deps, r, err as Error);
        throw err;
      }
      // as the scheduler does: the step removed the row unless the instance still holds it
      await db('engine_timer').where({ id, lock_owner: nodeId }).delete();
    },
  };
}
