// External tasks of the Host API: fetch-and-lock, complete, failure and retries, BPMN errors, locks, priorities, listings.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import type { Dialect } from '../store/db.js';
import { externalQuery } from '../store/engine-queries.js';
import type { SqliteLane } from '../store/sqlite-lane.js';
import { externalTaskDto, iso, num, page, tenantFilter, tenantScope, visible } from '../store/engine-rows.js';
import type { Access, Host, HostLogger, LockedExternalTask, VariableMap } from './api.js';
import type { ActivityMeta } from './definitions.js';
import { StepGuardError, type DefinitionEntry, type InstanceRunner, type StepContext } from './instances.js';
import { forOutput, normalizeMap, splitTransient, toPlainMap } from './variables.js';
import { sortColumn } from './sorting.js';
import { EXT_LOG_TABLE, LogState, logRow } from './external-task-log.js';

type Row = Record<string, any>;

export interface ExternalTaskDeps {
  db: Knex;
  /** SQLite only: the hot path to the connection. */
  lane: SqliteLane | null;
  dialect: Dialect;
  now(): number;
  runner: InstanceRunner;
  definitionEntry(id: string): Promise<DefinitionEntry>;
  listeners: Set<(e: { topicName: string; tenantId: string | null }) => void>;
  maxFileSize: number | undefined;
  opLog(trx: Knex.Transaction, access: Access, e: Record<string, unknown> & { operation_type: string; entity_type: string }): Promise<void>;
  visibleRow(table: string, id: string, access: Access, what: string): Promise<Row>;
  /** Told of BPMN errors nothing catches, as Camunda logs them (the path ends without an incident). */
  logger?: HostLogger;
}

export function findWaiting(ctx: StepContext, executionId: string, what: string): { id: string; executionId: string; sendApiMessage(t: string, c: unknown): void; discard(): void } {
  const p = ctx.postponed().find((a) => a.executionId === executionId && !/EventDefinition$/.test(a.type));
  if (!p) throw new NotFoundError(`${what} '${executionId}' not found (already completed or cancelled)`);
  return p;
}

/** The error boundary event of `activityId` that catches `code`: one naming the code first, then a catch-all (as Camunda orders them). */
export function catcher(def: DefinitionEntry, activityId: string, code: string): ActivityMeta | undefined {
  const boundaries = Object.values(def.activities).filter((a) => a.attachedTo === activityId && a.errorCode !== undefined);
  return boundaries.find((a) => a.errorCode === code) ?? boundaries.find((a) => a.errorCode === null);
}

export function catches(def: DefinitionEntry, activityId: string, code: string): boolean {
  return catcher(def, activityId, code) !== undefined;
}

/** The variables a catching boundary's camunda:errorCodeVariable / camunda:errorMessageVariable name, set to the error. */
export function errorVariables(boundary: ActivityMeta, code: string, message: string | undefined): VariableMap {
  const out: VariableMap = {};
  if (boundary.errorCodeVariable) out[boundary.errorCodeVariable] = { type: 'String', value: code };
  if (boundary.errorMessageVariable) out[boundary.errorMessageVariable] = message == null ? { type: 'Null', value: null } : { type: 'String', value: message };
  return out;
}


type ExternalTaskMethods = Pick<Host, 'fetchAndLock' | 'completeExternalTask' | 'handleExternalTaskFailure' | 'handleExternalTaskBpmnError' | 'lockExternalTask'
  | 'extendExternalTaskLock' | 'unlockExternalTask' | 'setExternalTaskRetries' | 'setExternalTaskPriority' | 'listExternalTasks' | 'countExternalTasks'
  | 'getExternalTask' | 'getExternalTaskErrorDetails' | 'topicNames' | 'onExternalTaskCreated'>;

export function externalTaskOps(deps: ExternalTaskDeps): ExternalTaskMethods {
  const { db, lane, dialect, now, runner, definitionEntry, listeners, maxFileSize, opLog, visibleRow, logger } = deps;

  async function externalRow(id: string, access: Access): Promise<Row> {
    return visibleRow('engine_external_task', id, access, 'External task');
  }
  function checkWorker(r: Row, workerId: string, verb: string): void {
    if (!workerId) throw new InvalidRequestError(`Cannot ${verb} external task '${r.id}': workerId is required`);
    if (r.worker_id !== workerId) throw new InvalidRequestError(`Cannot ${verb} external task '${r.id}': it is locked by worker '${r.worker_id ?? 'none'}', not '${workerId}'`);
  }

  async function openIncident(trx: Knex.Transaction, r: Row, type: string, message: string | null): Promise<void> {
    const open = await trx('engine_incident').where({ configuration: r.id, state: 'open' }).first();
    if (open) return;
    await trx('engine_incident').insert({ id: randomUUID(), incident_type: type, instance_id: r.instance_id, definition_id: r.definition_id,
      execution_id: r.id, activity_id: r.activity_id, configuration: r.id, message, tenant_id: r.tenant_id, created: now(), state: 'open' });
  }

  function lockedDto(r: Row, vars: VariableMap, def: DefinitionEntry | null, withProps: boolean): LockedExternalTask {
    const b = externalTaskDto(r);
    return {
      ...b, workerId: r.worker_id, lockExpirationTime: iso(r.lock_expiration)!, errorDetails: r.error_details ?? null, variables: vars,
      extensionProperties: withProps && def ? def.activities[r.activity_id]?.properties ?? {} : {},
    };
  }

  return {
  async fetchAndLock(req, access) {
    if (!req.workerId) throw new InvalidRequestError('fetchAndLock needs a workerId');
    const max = Math.max(0, req.maxTasks ?? 10);
    const locked: { row: Row; topic: (typeof req.topics)[number] }[] = [];
    for (const topic of req.topics ?? []) {
      if (locked.length >= max) break;
      if (!topic.topicName || !(topic.lockDuration > 0)) throw new InvalidRequestError('Each topic needs a topicName and a positive lockDuration');
      const t = now();
      // SQLite has one connection, so the conditional UPDATE alone is atomic; PostgreSQL locks candidates FOR UPDATE SKIP LOCKED.
      const inTrx = <T>(fn: (trx: Knex | Knex.Transaction) => Promise<T>): Promise<T> => (dialect === 'postgres' ? db.transaction(fn) : fn(db));
      // Candidates lost to a concurrent fetch are re-queried (SQLite has no SKIP LOCKED), a few rounds at most.
      for (let round = 0; round < 5 && locked.length < max; round++) {
      let lost = 0;
      const rows: Row[] = await inTrx(async (trx) => {
        const q = tenantScope(trx('engine_external_task'), access).where('topic', topic.topicName).where('suspended', false)
          .andWhere((w) => w.whereNull('lock_expiration').orWhere('lock_expiration', '<', t))
          .andWhere((w) => w.whereNull('retries').orWhere('retries', '>', 0));
        if (topic.businessKey) q.where('business_key', topic.businessKey);
        if (topic.processDefinitionId) q.where('definition_id', topic.processDefinitionId);
        if (topic.processDefinitionIdIn?.length) q.whereIn('definition_id', topic.processDefinitionIdIn);
        if (topic.processDefinitionKey) q.where('definition_key', topic.processDefinitionKey);
        if (topic.processDefinitionKeyIn?.length) q.whereIn('definition_key', topic.processDefinitionKeyIn);
        if (topic.processDefinitionVersionTag) q.where('version_tag', topic.processDefinitionVersionTag);
        tenantFilter(q, topic);
        if (req.usePriority !== false) q.orderBy('priority', 'desc');
        for (const s of req.sorting ?? []) if (s.sortBy === 'createTime') q.orderBy('create_time', s.sortOrder === 'desc' ? 'desc' : 'asc');
        q.orderBy('create_time', 'asc').limit((max - locked.length) * (topic.processVariables ? 5 : 1));
        if (dialect === 'postgres') q.forUpdate().skipLocked();
        const byVariables = Boolean(topic.processVariables && Object.keys(topic.processVariables).length);
        if (lane && !byVariables) {
          // One UPDATE … WHERE id IN (SELECT … LIMIT n) is atomic on SQLite: concurrent fetches never take the same task.
          // RETURNING gives exactly the rows this UPDATE locked (a read-back by worker and expiry could also see a
          // concurrent fetch of the same workerId in the same millisecond) and brings the instance variables along.
          const exp = t + topic.lockDuration;
          const update = trx('engine_external_task').whereIn('id', q.clone().clearSelect().select('id'))
            .update({ worker_id: req.workerId, lock_expiration: exp }).toSQL().toNative();
          const got = (await lane.all(`${update.sql} RETURNING *, (SELECT i.variables FROM engine_instance i WHERE i.id = engine_external_task.instance_id) AS inst_variables`, update.bindings)) as Row[];
          const desc = req.sorting?.some((x) => x.sortBy === 'createTime' && x.sortOrder === 'desc');
          return got.sort((a, b) => (req.usePriority !== false ? num(b.priority) - num(a.priority) : 0)
            || (desc ? num(b.create_time) - num(a.create_time) : num(a.create_time) - num(b.create_time)));
        }
        let candidates: Row[] = await q;
        if (topic.processVariables && Object.keys(topic.processVariables).length) {
          const inst = await trx('engine_instance').whereIn('id', candidates.map((c) => c.instance_id)).select('id', 'variables');
          const byId = new Map(inst.map((i: Row) => [i.id, toPlainMap(JSON.parse(i.variables))]));
          candidates = candidates.filter((c) => Object.entries(topic.processVariables!).every(([k, v]) => {
            const actual = byId.get(c.instance_id)?.[k];
            return actual === v || (actual instanceof Date && String(v) === actual.toISOString());
          }));
        }
        const got: Row[] = [];
        for (const c of candidates) {
          if (got.length + locked.length >= max) break;
          const exp = t + topic.lockDuration;
          const n = await trx('engine_external_task').where({ id: c.id })
            .andWhere((w) => w.whereNull('lock_expiration').orWhere('lock_expiration', '<', t))
            .andWhere((w) => w.whereNull('retries').orWhere('retries', '<>', 0))
            .update({ worker_id: req.workerId, lock_expiration: exp });
          if (n === 1) got.push({ ...c, worker_id: req.workerId, lock_expiration: exp });
          else lost++;
        }
        return got;
      });
      for (const row of rows) locked.push({ row, topic });
      if (!lost) break;
      }
    }
    if (!locked.length) return [];
    const missing = [...new Set(locked.filter((l) => l.row.inst_variables == null).map((l) => l.row.instance_id))];
    const inst = missing.length ? await db('engine_instance').whereIn('id', missing).select('id', 'variables') : [];
    const varsById = new Map<string, VariableMap>(inst.map((i: Row) => [i.id, JSON.parse(i.variables) as VariableMap]));
    for (const l of locked) if (l.row.inst_variables != null) varsById.set(l.row.instance_id, JSON.parse(l.row.inst_variables) as VariableMap);
    const out: LockedExternalTask[] = [];
    for (const { row, topic } of locked) {
      const all = varsById.get(row.instance_id) ?? {};
      const vars = forOutput(all, topic.variables ?? null);
      const def = topic.includeExtensionProperties ? await definitionEntry(row.definition_id).catch(() => null) : null;
      out.push(lockedDto(row, vars, def, Boolean(topic.includeExtensionProperties)));
    }
    return out;
  },
  async completeExternalTask(id, body, access) {
    const vars0 = normalizeMap(body.variables, maxFileSize);
    // local variables end with the task and are kept in its history row only, where a transient one never goes
    const local0 = splitTransient(normalizeMap(body.localVariables, maxFileSize)).stored;
    // Fast path: the task was created here, so its instance is known without reading its row; the worker's lock is
    // checked inside the step's transaction instead. Any doubt (guard failed, task gone) falls back to the checked path.
    const o = body.workerId ? runner.waitOwner(id) : undefined;
    if (o && visible(access, o.tenantId)) {
      try {
        await runner.step(o.instanceId, (ctx) => {
          const p = findWaiting(ctx, id, 'External task');
          ctx.setVariables(vars0);
          ctx.actor(id, body.workerId, Object.keys(local0).length ? local0 : undefined);
          ctx.succeeded(id);
          ctx.execution.signal({ id: p.id ?? o.activityId, executionId: id });
        }, { exists: { table: 'engine_external_task', where: { eq: { id, worker_id: body.workerId } } } });
        return;
      } catch (err) {
        if (!(err instanceof StepGuardError) && !(err instanceof NotFoundError)) throw err;
      }
    }
    const r = await externalRow(id, access);
    checkWorker(r, body.workerId, 'complete');
    const vars = vars0;
    const local = local0;
    await runner.step(r.instance_id, (ctx) => {
      const p = findWaiting(ctx, id, 'External task');
      ctx.setVariables(vars);
      ctx.actor(id, body.workerId, Object.keys(local).length ? local : undefined);
      ctx.succeeded(id);
      ctx.execution.signal({ id: p.id ?? r.activity_id, executionId: id });
    });
  },
  async handleExternalTaskFailure(id, body, access) {
    const r = await externalRow(id, access);
    checkWorker(r, body.workerId, 'report a failure of');
    const retries = body.retries == null ? (r.retries == null ? 0 : Math.max(0, num(r.retries) - 1)) : Math.max(0, Math.trunc(body.retries));
    const t = now();
    await db.transaction(async (trx) => {
      const n = await trx('engine_external_task').where({ id, worker_id: body.workerId }).update({
        retries, error_message: body.errorMessage?.slice(0, 3900) ?? null, error_details: body.errorDetails ?? null,
        lock_expiration: t + Math.max(0, body.retryTimeout ?? 0),
      });
      if (n !== 1) throw new NotFoundError(`External task '${id}' not found`);
      await trx(EXT_LOG_TABLE).insert(logRow({ ...r, retries, error_message: body.errorMessage?.slice(0, 3900) ?? null, error_details: body.errorDetails ?? null }, LogState.failed, t));
      if (retries === 0) await openIncident(trx, r, 'failedExternalTask', body.errorMessage ?? null);
    });
  },
  async handleExternalTaskBpmnError(id, body, access) {
    const r = await externalRow(id, access);
    checkWorker(r, body.workerId, 'report a BPMN error of');
    if (!body.errorCode) throw new InvalidRequestError(`Cannot report a BPMN error of external task '${id}': errorCode is required`);
    const def = await definitionEntry(r.definition_id);
    const vars = normalizeMap(body.variables, maxFileSize);
    const boundary = catcher(def, r.activity_id, body.errorCode);
    if (!boundary) logger?.warn('bpmn-error-uncaught', { instanceId: r.instance_id, activityId: r.activity_id, externalTaskId: id, errorCode: body.errorCode });
    await runner.step(r.instance_id, (ctx) => {
      const p = findWaiting(ctx, id, 'External task');
      ctx.setVariables(vars);
      ctx.actor(id, body.workerId);
      // Camunda 7 (BpmnExceptionHandler.propagateError): with no catching boundary the error is logged and the
      // execution ends there, like a none end event; no incident, no outgoing flow (docs/api.md).
      if (!boundary) return p.discard();
      ctx.setVariables(errorVariables(boundary, body.errorCode, body.errorMessage));
      p.sendApiMessage('error', { message: body.errorMessage ?? body.errorCode, code: body.errorCode });
    });
  },
  async lockExternalTask(id, body, access) {
    const r = await externalRow(id, access);
    const t = now();
    const n = await db('engine_external_task').where({ id }).andWhere((w) => w.whereNull('lock_expiration').orWhere('lock_expiration', '<', t).orWhere('worker_id', body.workerId))
      .update({ worker_id: body.workerId, lock_expiration: t + body.lockDuration });
    if (n !== 1) throw new InvalidRequestError(`Cannot lock external task '${id}': it is locked by worker '${r.worker_id}'`);
  },
  async extendExternalTaskLock(id, body, access) {
    const r = await externalRow(id, access);
    checkWorker(r, body.workerId, 'extend the lock of');
    const t = now();
    if (r.lock_expiration == null || num(r.lock_expiration) < t) throw new InvalidRequestError(`Cannot extend the lock of external task '${id}': the lock has expired`);
    if (!(body.newDuration > 0)) throw new InvalidRequestError(`Cannot extend the lock of external task '${id}': newDuration must be positive`);
    await db('engine_external_task').where({ id, worker_id: body.workerId }).update({ lock_expiration: t + body.newDuration });
  },
  async unlockExternalTask(id, access) {
    await externalRow(id, access);
    await db('engine_external_task').where({ id }).update({ worker_id: null, lock_expiration: null });
    const r = await db('engine_external_task').where({ id }).first();
    for (const l of listeners) l({ topicName: r.topic, tenantId: r.tenant_id ?? null });
  },
  async setExternalTaskRetries(id, retries, access) {
    const r = await externalRow(id, access);
    if (!(retries >= 0)) throw new InvalidRequestError('retries must be zero or more');
    await db.transaction(async (trx) => {
      await trx('engine_external_task').where({ id }).update({ retries, ...(retries > 0 && { lock_expiration: null, worker_id: null }) });
      if (retries > 0) await trx('engine_incident').where({ configuration: id, state: 'open' }).update({ state: 'resolved', end_time: now() });
      else await openIncident(trx, r, 'failedExternalTask', r.error_message ?? null);
      await opLog(trx, access, { operation_type: 'SetExternalTaskRetries', entity_type: 'ExternalTask', property: 'retries', org_value: r.retries == null ? null : String(r.retries), new_value: String(retries), external_task_id: id, instance_id: r.instance_id, definition_id: r.definition_id, definition_key: r.definition_key, tenant_id: r.tenant_id });
    });
    if (retries > 0) for (const l of listeners) l({ topicName: r.topic, tenantId: r.tenant_id ?? null });
  },
  async setExternalTaskPriority(id, priority, access) {
    const r = await externalRow(id, access);
    await db.transaction(async (trx) => {
      await trx('engine_external_task').where({ id }).update({ priority: Math.trunc(priority) });
      await opLog(trx, access, { operation_type: 'SetPriority', entity_type: 'ExternalTask', property: 'priority', org_value: String(r.priority), new_value: String(priority), external_task_id: id, instance_id: r.instance_id, tenant_id: r.tenant_id });
    });
  },
  async listExternalTasks(f, access) {
    const q = externalQuery(db, f, access, now());
    q.orderBy(sortColumn({ id: 'id', lockExpirationTime: 'lock_expiration', processInstanceId: 'instance_id', processDefinitionKey: 'definition_key', tenantId: 'tenant_id', taskPriority: 'priority', createTime: 'create_time' }, f.sortBy, 'create_time', 'external tasks'), f.sortOrder ?? 'asc');
    page(q, f);
    return (await q).map(externalTaskDto);
  },
  async countExternalTasks(f, access) { return num((await externalQuery(db, f, access, now()).count({ c: '*' }).first())?.c ?? 0); },
  async getExternalTask(id, access) { return externalTaskDto(await externalRow(id, access)); },
  async getExternalTaskErrorDetails(id, access) { return (await externalRow(id, access)).error_details ?? null; },
  async topicNames(opts, access) {
    const q = tenantScope(db('engine_external_task'), access).distinct('topic');
    const t = now();
    if (opts.withLockedTasks) q.where('lock_expiration', '>=', t);
    if (opts.withUnlockedTasks) q.where((w) => w.whereNull('lock_expiration').orWhere('lock_expiration', '<', t));
    if (opts.withRetriesLeft) q.where((w) => w.whereNull('retries').orWhere('retries', '>', 0));
    return (await q.orderBy('topic')).map((r: Row) => r.topic as string);
  },
  onExternalTaskCreated(listener) { listeners.add(listener); return () => { listeners.delete(listener); }; },
  };
}
