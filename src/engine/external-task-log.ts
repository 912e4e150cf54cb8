// Camunda's historic external task log: the rows a task's creation, failures, completion and deletion leave, each
// written in the commit that causes it (a step, a failure report, a cancellation), and the queries over them.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { NotFoundError } from '../errors.js';
import type { Statement } from '../store/engine-statements.js';
import { iso, num, numOrNull, page, tenantFilter, tenantScope, visible } from '../store/engine-rows.js';
import type { Access, ExternalTaskLog, ExternalTaskLogFilter } from './api.js';
import { sortColumn } from './sorting.js';

type Row = Record<string, any>;

export const EXT_LOG_TABLE = 'engine_hist_ext_task_log';

/** Camunda's ExternalTaskState codes. */
export const LogState = { created: 0, failed: 1, successful: 2, deleted: 3 } as const;

/** Columns a log row copies from its external task row. */
const copied = ['topic', 'worker_id', 'priority', 'retries', 'error_message', 'error_details', 'activity_id', 'instance_id', 'definition_id', 'definition_key', 'tenant_id'] as const;

/** The log row of an external task row (as the step inserts it, or as read) in `state`. */
export function logRow(task: Row, state: number, at: number): Row {
  const out: Row = { id: randomUUID(), timestamp: at, external_task_id: task.id, state };
  for (const c of copied) out[c] = task[c] ?? null;
  out.priority = num(task.priority ?? 0);
  return out;
}

/**
 * The statement that logs the end of a task whose row the same commit deletes next: its columns are copied from the
 * row as it stands, so the worker, retries and error of its last lock and failure are in the log without a read.
 */
export function endStatement(taskId: string, state: number, at: number): Statement {
  const columns: Record<string, string | { value: unknown }> = { id: { value: randomUUID() }, timestamp: { value: at }, external_task_id: 'id', state: { value: state } };
  for (const c of copied) columns[c] = c;
  return { op: 'copy', table: EXT_LOG_TABLE, from: 'engine_external_task', columns, where: { eq: { id: taskId } } };
}

/** Inside a transaction that is about to delete `instanceIds`' external tasks: their deletion rows. */
export async function logDeletions(trx: Knex.Transaction, instanceIds: string[], at: number): Promise<void> {
  if (!instanceIds.length) return;
  const rows: Row[] = await trx('engine_external_task').whereIn('instance_id', instanceIds);
  for (let i = 0; i < rows.length; i += 50) await trx(EXT_LOG_TABLE).insert(rows.slice(i, i + 50).map((r) => logRow(r, LogState.deleted, at)));
}

function logDto(r: Row): ExternalTaskLog {
  const state = num(r.state);
  return {
    id: r.id, timestamp: iso(r.timestamp)!, externalTaskId: r.external_task_id, topicName: r.topic, workerId: r.worker_id ?? null,
    priority: num(r.priority), retries: numOrNull(r.retries), errorMessage: r.error_message ?? null, activityId: r.activity_id,
    activityInstanceId: r.external_task_id, executionId: r.external_task_id, processInstanceId: r.instance_id,
    processDefinitionId: r.definition_id, processDefinitionKey: r.definition_key, tenantId: r.tenant_id ?? null,
    creationLog: state === LogState.created, failureLog: state === LogState.failed, successLog: state === LogState.successful,
    deletionLog: state === LogState.deleted,
  };
}

const sortColumns: Record<string, string> = {
  timestamp: 'timestamp', externalTaskId: 'external_task_id', topicName: 'topic', workerId: 'worker_id', retries: 'retries',
  priority: 'priority', activityId: 'activity_id', activityInstanceId: 'external_task_id', executionId: 'external_task_id',
  processInstanceId: 'instance_id', processDefinitionId: 'definition_id', processDefinitionKey: 'definition_key', tenantId: 'tenant_id',
};

function logQuery(db: Knex, f: ExternalTaskLogFilter, access: Access): Knex.QueryBuilder {
  const q = tenantScope(db(EXT_LOG_TABLE), access);
  if (f.logId) q.where('id', f.logId);
  if (f.externalTaskId) q.where('external_task_id', f.externalTaskId);
  if (f.topicName) q.where('topic', f.topicName);
  if (f.workerId) q.where('worker_id', f.workerId);
  if (f.errorMessage) q.where('error_message', f.errorMessage);
  if (f.activityIdIn?.length) q.whereIn('activity_id', f.activityIdIn);
  if (f.activityInstanceIdIn?.length) q.whereIn('external_task_id', f.activityInstanceIdIn);
  if (f.executionIdIn?.length) q.whereIn('external_task_id', f.executionIdIn);
  if (f.processInstanceId) q.where('instance_id', f.processInstanceId);
  if (f.processDefinitionId) q.where('definition_id', f.processDefinitionId);
  if (f.processDefinitionKey) q.where('definition_key', f.processDefinitionKey);
  if (f.priorityLowerThanOrEquals != null) q.where('priority', '<=', f.priorityLowerThanOrEquals);
  if (f.priorityHigherThanOrEquals != null) q.where('priority', '>=', f.priorityHigherThanOrEquals);
  const states = ([['creationLog', LogState.created], ['failureLog', LogState.failed], ['successLog', LogState.successful], ['deletionLog', LogState.deleted]] as const)
    .filter(([k]) => f[k]).map(([, v]) => v);
  // Camunda ANDs these flags: two of them find nothing
  if (states.length > 1) q.whereRaw('1 = 0');
  else if (states.length === 1) q.where('state', states[0]!);
  tenantFilter(q, f);
  return q;
}

export interface ExternalTaskLogOps {
  listExternalTaskLogs(f: ExternalTaskLogFilter, access: Access): Promise<ExternalTaskLog[]>;
  countExternalTaskLogs(f: ExternalTaskLogFilter, access: Access): Promise<number>;
  getExternalTaskLog(id: string, access: Access): Promise<ExternalTaskLog>;
  getExternalTaskLogErrorDetails(id: string, access: Access): Promise<string | null>;
}

export function externalTaskLogOps(db: Knex): ExternalTaskLogOps {
  async function logRowOf(id: string, access: Access): Promise<Row> {
    const r = await db(EXT_LOG_TABLE).where({ id }).first();
    if (!r || !visible(access, r.tenant_id)) throw new NotFoundError(`Historic external task log with id ${id} does not exist`);
    return r;
  }
  return {
    async listExternalTaskLogs(f, access) {
      const q = logQuery(db, f, access);
      for (const s of f.sorting ?? []) q.orderBy(sortColumn(sortColumns, s.sortBy, 'timestamp', 'historic external task logs'), s.sortOrder === 'desc' ? 'desc' : 'asc');
      q.orderBy('timestamp', 'asc').orderBy('id', 'asc');
      page(q, f);
      return (await q).map(logDto);
    },
    async countExternalTaskLogs(f, access) { return num((await logQuery(db, f, access).count({ c: '*' }).first())?.c ?? 0); },
    async getExternalTaskLog(id, access) { return logDto(await logRowOf(id, access)); },
    async getExternalTaskLogErrorDetails(id, access) { return (await logRowOf(id, access)).error_details ?? null; },
  };
}
