// User tasks of the Host API: task lists with Camunda filters, claim and assignment under the task's revision,
// revision-checked completion, BPMN errors, form variables and the deployed form of camunda:formRef.
import type { Knex } from 'knex';
import { InvalidRequestError, NotFoundError, OptimisticLockingError, TaskAlreadyClaimedError } from '../errors.js';
import { taskQuery, taskSort } from '../store/engine-queries.js';
import { sortColumn } from './sorting.js';
import type { SqliteLane } from '../store/sqlite-lane.js';
import { num, page, userTaskDto, visible } from '../store/engine-rows.js';
import type { Access, Host, HostLogger } from './api.js';
import { catcher, errorVariables, findWaiting } from './external-tasks.js';
import type { DefinitionEntry, InstanceRunner } from './instances.js';
import { forOutput, normalizeMap } from './variables.js';

type Row = Record<string, any>;
type OpEntry = Record<string, unknown> & { operation_type: string; entity_type: string };

export interface UserTaskDeps {
  db: Knex;
  /** SQLite only: the hot path to the connection. */
  lane: SqliteLane | null;
  now(): number;
  runner: InstanceRunner;
  definitionEntry(id: string): Promise<DefinitionEntry>;
  maxFileSize: number | undefined;
  opLog(trx: Knex.Transaction, access: Access, e: OpEntry): Promise<void>;
  opRow(access: Access, e: OpEntry): Record<string, unknown>;
  visibleRow(table: string, id: string, access: Access, what: string): Promise<Row>;
  tenantFilterEq<Q extends Knex.QueryBuilder>(q: Q, tenantId: string | null): Q;
  /** Told of BPMN errors nothing catches, as Camunda logs them. */
  logger?: HostLogger;
}

type UserTaskMethods = Pick<Host, 'listTasks' | 'countTasks' | 'getTask' | 'claimTask' | 'unclaimTask' | 'setAssignee' | 'completeTask'
  | 'taskBpmnError' | 'getTaskFormVariables' | 'getDeployedForm'>;

export function userTaskOps(deps: UserTaskDeps): UserTaskMethods {
  const { db, lane, now, runner, definitionEntry, maxFileSize, opLog, opRow, visibleRow, tenantFilterEq, logger } = deps;

  async function taskRow(id: string, access: Access): Promise<Row> {
    return visibleRow('engine_user_task', id, access, 'Task');
  }

  async function updateTask(r: Row, patch: Row, access: Access, op: { operation_type: string; property: string; org: unknown; value: unknown }): Promise<void> {
    await db.transaction(async (trx) => {
      const n = await trx('engine_user_task').where({ id: r.id, rev: r.rev }).update({ ...patch, rev: num(r.rev) + 1, last_updated: now() });
      if (n !== 1) throw new OptimisticLockingError(`Task '${r.id}' was changed by another user`);
      await opLog(trx, access, { operation_type: op.operation_type, entity_type: 'Task', property: op.property, org_value: op.org == null ? null : String(op.org),
        new_value: op.value == null ? null : String(op.value), task_id: r.id, instance_id: r.instance_id, definition_id: r.definition_id, definition_key: r.definition_key, tenant_id: r.tenant_id });
    });
  }

  return {
  async listTasks(f, access) {
    const q = taskQuery(db, f, access);
    for (const s of f.sorting ?? []) q.orderBy(sortColumn(taskSort, s.sortBy, 'created', 'tasks'), s.sortOrder === 'desc' ? 'desc' : 'asc');
    q.orderBy('created', 'asc').orderBy('id', 'asc');
    page(q, f);
    return (lane ? await lane.query(q) : await q).map(userTaskDto);
  },
  async countTasks(f, access) { return num((await taskQuery(db, f, access).count({ c: '*' }).first())?.c ?? 0); },
  async getTask(id, access) { return userTaskDto(await taskRow(id, access)); },
  async claimTask(id, userId, access) {
    const r = await taskRow(id, access);
    if (r.assignee && r.assignee !== userId) throw new TaskAlreadyClaimedError(`Task '${id}' is already claimed by someone else.`);
    await updateTask(r, { assignee: userId }, access, { operation_type: 'Claim', property: 'assignee', org: r.assignee, value: userId });
  },
  async unclaimTask(id, access) {
    const r = await taskRow(id, access);
    await updateTask(r, { assignee: null }, access, { operation_type: 'Unclaim', property: 'assignee', org: r.assignee, value: null });
  },
  async setAssignee(id, userId, access) {
    const r = await taskRow(id, access);
    await updateTask(r, { assignee: userId }, access, { operation_type: 'Assign', property: 'assignee', org: r.assignee, value: userId });
  },
  async completeTask(id, body, access) {
    // Fast path: a task created here needs no row read when no revision is expected and the caller is known (else the
    // history assignee falls back to the row's); the engine's wait and the instance rev decide, as on the checked path.
    const o = body.expectedRevision == null && access.userId ? runner.waitOwner(id) : undefined;
    if (o && visible(access, o.tenantId)) {
      const vars = normalizeMap(body.variables, maxFileSize);
      try {
        const result = await runner.step(o.instanceId, (ctx) => {
          const p = findWaiting(ctx, id, 'Task');
          ctx.setVariables(vars);
          ctx.actor(id, access.userId ?? null);
          ctx.insertRow('engine_op_log', opRow(access, { operation_type: 'Complete', entity_type: 'Task', task_id: id, instance_id: o.instanceId, definition_id: o.definitionId, definition_key: o.definitionKey, tenant_id: o.tenantId }));
          ctx.execution.signal({ id: p.id ?? o.activityId, executionId: id });
          return ctx.variables;
        });
        return body.withVariablesInReturn ? forOutput(result) : undefined;
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
    const r = await taskRow(id, access);
    if (body.expectedRevision != null && body.expectedRevision !== num(r.rev)) throw new OptimisticLockingError(`Task '${id}' was changed by another user (revision ${r.rev}, expected ${body.expectedRevision})`);
    const vars = normalizeMap(body.variables, maxFileSize);
    const result = await runner.step(r.instance_id, (ctx) => {
      const p = findWaiting(ctx, id, 'Task');
      ctx.setVariables(vars);
      ctx.actor(id, access.userId ?? r.assignee ?? null);
      ctx.insertRow('engine_op_log', opRow(access, { operation_type: 'Complete', entity_type: 'Task', task_id: id, instance_id: r.instance_id, definition_id: r.definition_id, definition_key: r.definition_key, tenant_id: r.tenant_id }));
      ctx.execution.signal({ id: p.id ?? r.task_definition_key, executionId: id });
      return ctx.variables;
    });
    return body.withVariablesInReturn ? forOutput(result) : undefined;
  },
  async taskBpmnError(id, body, access) {
    const r = await taskRow(id, access);
    if (!body.errorCode) throw new InvalidRequestError(`Cannot report a BPMN error of task '${id}': errorCode is required`);
    const def = await definitionEntry(r.definition_id);
    const boundary = catcher(def, r.task_definition_key, body.errorCode);
    if (!boundary) logger?.warn('bpmn-error-uncaught', { instanceId: r.instance_id, activityId: r.task_definition_key, taskId: id, errorCode: body.errorCode });
    const vars = normalizeMap(body.variables, maxFileSize);
    await runner.step(r.instance_id, (ctx) => {
      const p = findWaiting(ctx, id, 'Task');
      ctx.setVariables(vars);
      ctx.actor(id, access.userId ?? null);
      ctx.insertRow('engine_op_log', opRow(access, { operation_type: 'HandleTaskBpmnError', entity_type: 'Task', property: 'errorCode', new_value: body.errorCode, task_id: id, instance_id: r.instance_id, tenant_id: r.tenant_id }));
      // As for external tasks: an error nothing catches ends this path of the instance, as Camunda 7 does.
      if (!boundary) return p.discard();
      ctx.setVariables(errorVariables(boundary, body.errorCode, body.errorMessage));
      p.sendApiMessage('error', { message: body.errorMessage ?? body.errorCode, code: body.errorCode });
    });
  },
  async getTaskFormVariables(id, access) {
    const r = await taskRow(id, access);
    const inst = await db('engine_instance').where({ id: r.instance_id }).first();
    return forOutput(JSON.parse(inst.variables));
  },
  async getDeployedForm(taskId, access) {
    const r = await taskRow(taskId, access);
    const ref = r.form_ref ? (JSON.parse(r.form_ref) as { key: string; binding: string; version: string | null }) : null;
    if (!ref) throw new NotFoundError(`Task '${taskId}' has no camunda:formRef`);
    const def = await db('engine_definition').where({ id: r.definition_id }).first();
    const matches = (res: Row) => {
      if (!/\.form$/i.test(res.name)) return false;
      const base = res.name.replace(/^.*\//, '').replace(/\.form$/i, '');
      if (base === ref.key) return true;
      try { return JSON.parse(Buffer.from(res.content).toString('utf8')).id === ref.key; } catch { return false; }
    };
    const own = (await db('engine_resource').where({ deployment_id: def.deployment_id })).find(matches);
    let found = ref.binding === 'deployment' ? own : undefined;
    if (!found) {
      const deps = await tenantFilterEq(db('engine_deployment'), r.tenant_id ?? null).orderBy('deployment_time', 'desc').select('id');
      for (const d of deps) {
        found = (await db('engine_resource').where({ deployment_id: d.id }).where('name', 'like', '%.form')).find(matches);
        if (found) break;
      }
      found ??= own;
    }
    if (!found) throw new NotFoundError(`Form '${ref.key}' of task '${taskId}' is not deployed`);
    return { name: found.name, content: Buffer.from(found.content) };
  },
  };
}
