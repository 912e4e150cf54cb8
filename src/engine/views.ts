// Read-only views Camunda's engine-rest exposes beside the runtime rows: historic user tasks, variable instances,
// executions, timers as jobs and an instance's activity-instance tree, all tenant-scoped like the other queries.
import type { Knex } from 'knex';
import { NotFoundError } from '../errors.js';
import { num, numOrNull, page, tenantFilter, tenantScope, visible } from '../store/engine-rows.js';
import type { Access, HistoricTask, HistoricTaskFilter } from './api.js';

type Row = Record<string, any>;

export interface ViewDeps { db: Knex }

function historicTaskQuery(db: Knex, f: HistoricTaskFilter, access: Access): Knex.QueryBuilder {
  const q = tenantScope(db('engine_hist_activity as h'), access, 'h.tenant_id').where('h.activity_type', 'bpmn:UserTask')
    .leftJoin('engine_user_task as u', 'u.id', 'h.id');
  if (f.taskId) q.where('h.id', f.taskId);
  if (f.processInstanceId) q.where('h.instance_id', f.processInstanceId);
  if (f.processDefinitionId) q.where('h.definition_id', f.processDefinitionId);
  if (f.processDefinitionKey) q.where('h.definition_key', f.processDefinitionKey);
  if (f.taskDefinitionKey) q.where('h.activity_id', f.taskDefinitionKey);
  if (f.taskAssignee) q.where('h.assignee', f.taskAssignee);
  if (f.finished) q.whereNotNull('h.end_time');
  if (f.unfinished) q.whereNull('h.end_time');
  tenantFilter(q, f, 'h.tenant_id');
  return q;
}

/** Camunda's HistoricTaskInstanceDto from a user task's history row (and its runtime row while it waits). */
export function historicTaskDto(r: Row): HistoricTask {
  const start = num(r.start_time);
  const end = numOrNull(r.end_time);
  return {
    id: r.id, processDefinitionKey: r.definition_key, processDefinitionId: r.definition_id, processInstanceId: r.instance_id,
    executionId: r.id, activityInstanceId: r.id, name: r.activity_name ?? null, description: r.description ?? null,
    deleteReason: end == null ? null : r.canceled === true || r.canceled === 1 ? 'deleted' : 'completed',
    owner: null, assignee: r.assignee ?? r.u_assignee ?? null, startTime: new Date(start), endTime: end == null ? null : new Date(end),
    duration: end == null ? null : end - start, taskDefinitionKey: r.activity_id, priority: numOrNull(r.priority) ?? 50,
    due: r.due == null ? null : new Date(num(r.due)), followUp: r.follow_up == null ? null : new Date(num(r.follow_up)),
    tenantId: r.tenant_id ?? null,
  };
}

export function viewOps(deps: ViewDeps) {
  const { db } = deps;
  const taskColumns = ['h.id', 'h.instance_id', 'h.activity_id', 'h.activity_name', 'h.definition_id', 'h.definition_key', 'h.assignee',
    'h.start_time', 'h.end_time', 'h.canceled', 'h.tenant_id', 'u.description', 'u.priority', 'u.due', 'u.follow_up', 'u.assignee as u_assignee'];
  return {
    async historyTasks(f: HistoricTaskFilter, access: Access): Promise<HistoricTask[]> {
      const q = historicTaskQuery(db, f, access).select(taskColumns);
      const col: Record<string, string> = { taskId: 'h.id', startTime: 'h.start_time', endTime: 'h.end_time', processInstanceId: 'h.instance_id', taskDefinitionKey: 'h.activity_id', assignee: 'h.assignee', tenantId: 'h.tenant_id' };
      q.orderBy(col[f.sortBy ?? 'startTime'] ?? 'h.start_time', f.sortOrder ?? 'asc').orderBy('h.id');
      page(q, f);
      return (await q).map(historicTaskDto);
    },
    async countHistoryTasks(f: HistoricTaskFilter, access: Access): Promise<number> {
      return num((await historicTaskQuery(db, f, access).count({ c: '*' }).first())?.c ?? 0);
    },
    /** The history of one user task, or NotFoundError when it never existed or belongs to another tenant. */
    async historyTask(id: string, access: Access): Promise<HistoricTask> {
      const r = await historicTaskQuery(db, { taskId: id }, access).select(taskColumns).first();
      if (!r || !visible(access, r.tenant_id)) throw new NotFoundError(`Historic task with id '${id}' does not exist`);
      return historicTaskDto(r);
    },
  };
}
