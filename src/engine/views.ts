// Read-only views Camunda's engine-rest exposes beside the runtime rows: historic user tasks, variable instances,
// executions, timers as jobs and an instance's activity-instance tree, all tenant-scoped like the other queries.
import type { Knex } from 'knex';
import { NotFoundError } from '../errors.js';
import { num, numOrNull, page, tenantFilter, tenantScope, visible } from '../store/engine-rows.js';
import type {
  Access, ActivityInstanceTree, Statistics, EventSubscription, EventSubscriptionFilter, Execution, ExecutionFilter, HistoricTask, HistoricTaskFilter, VariableInstance, VariableInstanceFilter, VariableMap,
} from './api.js';
import { forOutput } from './variables.js';

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

/** Instances read per round by the views that expand rows in code (variables, executions). */
const SCAN_CHUNK = 200;

/** `bpmn:UserTask` → `userTask`, as Camunda names activity types. */
const camundaType = (t: string): string => String(t).replace(/^bpmn:/, '').replace(/^./, (c) => c.toLowerCase());

/** A variable instance's id: this host keeps a process's variables in one row, so the id is made of its parts. */
const variableId = (instanceId: string, name: string): string => `${instanceId}:${name}`;

/** Waiting executions' subscriptions and the latest definitions' start subscriptions, as one relation. */
function subscriptionQuery(db: Knex, f: EventSubscriptionFilter, access: Access): Knex.QueryBuilder {
  const waiting = db('engine_message_subscription').select('id', 'event_type', db.raw('message_name as event_name'), db.raw('id as execution_id'), 'instance_id', 'activity_id', 'created', 'tenant_id');
  const starting = db('engine_start_subscription').select('id', 'event_type', 'event_name', db.raw('null as execution_id'), db.raw('null as instance_id'), 'activity_id', 'created', 'tenant_id');
  const q = tenantScope(db.from(waiting.unionAll(starting).as('s')), access);
  if (f.eventSubscriptionId) q.where('id', f.eventSubscriptionId);
  if (f.eventName) q.where('event_name', f.eventName);
  if (f.eventType) q.where('event_type', f.eventType);
  if (f.executionId) q.where('execution_id', f.executionId);
  if (f.processInstanceId) q.where('instance_id', f.processInstanceId);
  if (f.activityId) q.where('activity_id', f.activityId);
  tenantFilter(q, f);
  return q;
}

export function viewOps(deps: ViewDeps) {
  const { db } = deps;
  const taskColumns = ['h.id', 'h.instance_id', 'h.activity_id', 'h.activity_name', 'h.definition_id', 'h.definition_key', 'h.assignee',
    'h.start_time', 'h.end_time', 'h.canceled', 'h.tenant_id', 'u.description', 'u.priority', 'u.due', 'u.follow_up', 'u.assignee as u_assignee'];
  /**
   * The task-local variables of a chunk of instances: of their waiting user tasks, or (history) the last values their
   * activities' history rows keep — user tasks' and the local variables external-task workers completed with.
   */
  async function localVariableInstances(instances: Row[], history: boolean, wanted: (name: string) => boolean): Promise<VariableInstance[]> {
    if (!instances.length) return [];
    const byId = new Map(instances.map((r) => [r.id as string, r]));
    const rows: Row[] = history
      ? await db('engine_hist_activity').whereIn('instance_id', [...byId.keys()]).whereNotNull('local_variables').select('id', 'instance_id', 'task_id', 'local_variables').orderBy('start_time').orderBy('id')
      : await db('engine_user_task').whereIn('instance_id', [...byId.keys()]).whereNotNull('local_variables').select('id', 'instance_id', 'local_variables').orderBy('created').orderBy('id');
    const out: VariableInstance[] = [];
    for (const t of rows) {
      const r = byId.get(t.instance_id)!;
      for (const [name, v] of Object.entries(forOutput(JSON.parse(t.local_variables) as VariableMap))) {
        if (!wanted(name)) continue;
        out.push({
          id: variableId(t.id, name), name, type: v.type, value: v.value, valueInfo: v.valueInfo ?? {}, processDefinitionId: r.definition_id,
          processDefinitionKey: r.definition_key, processInstanceId: r.id, executionId: t.id, activityInstanceId: t.id, tenantId: r.tenant_id ?? null,
          taskId: history ? t.task_id ?? null : t.id, state: 'CREATED',
        });
      }
    }
    return out;
  }

  const ops = {
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
    /**
     * The activity-instance tree of a running instance: the instance at the root, every activity it is in (open
     * history rows) below the scope that holds it, with the open incidents of each.
     */
    async activityInstanceTree(instanceId: string, access: Access): Promise<ActivityInstanceTree> {
      const inst = await db('engine_instance').where({ id: instanceId }).first();
      if (!inst || !visible(access, inst.tenant_id) || inst.state !== 'ACTIVE') throw new NotFoundError(`Process instance with id ${instanceId} does not exist`);
      const def = await db('engine_definition').where({ id: inst.definition_id }).first('name');
      const open: Row[] = await db('engine_hist_activity').where({ instance_id: instanceId }).whereNull('end_time').orderBy('start_time').orderBy('id');
      const incidents: Row[] = await db('engine_incident').where({ instance_id: instanceId, state: 'open' }).select('id', 'execution_id');
      const node = (r: Row, parent: string): ActivityInstanceTree => {
        const ids = incidents.filter((i) => i.execution_id === r.id).map((i) => i.id as string);
        return {
          id: r.id, parentActivityInstanceId: parent, activityId: r.activity_id, activityName: r.activity_name ?? null, activityType: camundaType(r.activity_type),
          processInstanceId: instanceId, processDefinitionId: inst.definition_id, childActivityInstances: [], childTransitionInstances: [],
          executionIds: [r.id], incidentIds: ids, incidents: ids.map((id) => ({ id, parentActivityInstanceId: r.id })),
        };
      };
      const root: ActivityInstanceTree = {
        id: instanceId, parentActivityInstanceId: null, activityId: inst.definition_id, activityName: def?.name ?? null, activityType: 'processDefinition',
        processInstanceId: instanceId, processDefinitionId: inst.definition_id, childActivityInstances: [], childTransitionInstances: [],
        executionIds: [instanceId], incidentIds: [], incidents: [],
      };
      const byId = new Map<string, ActivityInstanceTree>();
      for (const r of open) byId.set(r.id, node(r, instanceId));
      for (const r of open) {
        const parent = r.parent_id ? byId.get(r.parent_id) : undefined;
        const n = byId.get(r.id)!;
        if (parent) { n.parentActivityInstanceId = parent.id; parent.childActivityInstances.push(n); } else root.childActivityInstances.push(n);
      }
      return root;
    },

    /** Variables as Camunda's variable instances: one per name and instance (running only, or with `history`, ended ones too). */
    async variableInstances(f: VariableInstanceFilter, access: Access, history = false): Promise<VariableInstance[]> {
      const q = tenantScope(db('engine_instance'), access).select('id', 'definition_id', 'definition_key', 'tenant_id', 'state', 'variables');
      if (!history) q.where('state', 'ACTIVE');
      if (f.processInstanceIdIn?.length) q.whereIn('id', f.processInstanceIdIn);
      if (f.processDefinitionId) q.where('definition_id', f.processDefinitionId);
      if (f.processDefinitionKey) q.where('definition_key', f.processDefinitionKey);
      tenantFilter(q, f);
      q.orderBy('start_time').orderBy('id');
      const want = f.maxResults == null || f.sortBy ? Infinity : (f.firstResult ?? 0) + f.maxResults;
      const like = f.variableNameLike ? new RegExp(`^${f.variableNameLike.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.')}$`) : null;
      const out: VariableInstance[] = [];
      // instances are read a chunk at a time, and no further once the page is full (sorting by name needs them all)
      for (let offset = 0; out.length < want; offset += SCAN_CHUNK) {
        const rows = (await q.clone().limit(SCAN_CHUNK).offset(offset)) as Row[];
        for (const r of rows) {
          const vars = forOutput(JSON.parse(r.variables) as VariableMap);
          for (const [name, v] of Object.entries(vars)) {
            if (f.variableName && name !== f.variableName) continue;
            if (like && !like.test(name)) continue;
            out.push({
              id: variableId(r.id, name), name, type: v.type, value: v.value, valueInfo: v.valueInfo ?? {}, processDefinitionId: r.definition_id,
              processDefinitionKey: r.definition_key, processInstanceId: r.id, executionId: r.id, activityInstanceId: r.id, tenantId: r.tenant_id ?? null,
              state: 'CREATED',
            });
          }
        }
        out.push(...await localVariableInstances(rows, history, (name) => (!f.variableName || name === f.variableName) && (!like || like.test(name))));
        if (rows.length < SCAN_CHUNK) break;
      }
      if (f.sortBy === 'variableName') out.sort((a, b) => a.name.localeCompare(b.name) * (f.sortOrder === 'desc' ? -1 : 1));
      const first = f.firstResult ?? 0;
      return out.slice(first, f.maxResults == null ? undefined : first + f.maxResults);
    },

    /** Camunda's executions: each running instance's own, and one per activity it waits in (open history rows). */
    async executions(f: ExecutionFilter, access: Access): Promise<Execution[]> {
      const q = tenantScope(db('engine_instance'), access).where('state', 'ACTIVE').select('id', 'tenant_id');
      if (f.processInstanceId) q.where('id', f.processInstanceId);
      if (f.businessKey) q.where('business_key', f.businessKey);
      if (f.processDefinitionId) q.where('definition_id', f.processDefinitionId);
      if (f.processDefinitionKey) q.where('definition_key', f.processDefinitionKey);
      tenantFilter(q, f);
      q.orderBy('start_time').orderBy('id');
      const want = f.maxResults == null ? Infinity : (f.firstResult ?? 0) + f.maxResults;
      const out: Execution[] = [];
      for (let offset = 0; out.length < want; offset += SCAN_CHUNK) {
        const chunk: Row[] = await q.clone().limit(SCAN_CHUNK).offset(offset);
        if (!chunk.length) break;
        const acts = db('engine_hist_activity').whereIn('instance_id', chunk.map((r) => r.id)).whereNull('end_time').select('id', 'instance_id', 'activity_id', 'tenant_id').orderBy('start_time').orderBy('id');
        if (f.activityId) acts.where('activity_id', f.activityId);
        const byInstance = new Map<string, Row[]>();
        for (const a of (await acts) as Row[]) byInstance.set(a.instance_id, [...(byInstance.get(a.instance_id) ?? []), a]);
        for (const r of chunk) {
          if (!f.activityId) out.push({ id: r.id, processInstanceId: r.id, ended: false, tenantId: r.tenant_id ?? null });
          for (const a of byInstance.get(r.id) ?? []) out.push({ id: a.id, processInstanceId: r.id, ended: false, tenantId: a.tenant_id ?? null });
        }
        if (chunk.length < SCAN_CHUNK) break;
      }
      const first = f.firstResult ?? 0;
      return out.slice(first, f.maxResults == null ? undefined : first + f.maxResults);
    },

    async definitionStatistics(opts: { incidentType?: string }, access: Access): Promise<Statistics[]> {
      const defs: Row[] = await tenantScope(db('engine_definition'), access).select('id').orderBy('key').orderBy('version');
      const counts: Row[] = await tenantScope(db('engine_instance'), access).where('state', 'ACTIVE').groupBy('definition_id').select('definition_id').count({ c: '*' });
      const inc = tenantScope(db('engine_incident'), access).where('state', 'open').groupBy('definition_id', 'incident_type').select('definition_id', 'incident_type').count({ c: '*' });
      if (opts.incidentType) inc.where('incident_type', opts.incidentType);
      const incidents: Row[] = await inc;
      const n = new Map(counts.map((r) => [r.definition_id as string, num(r.c)]));
      return defs.map((d) => ({
        id: d.id, instances: n.get(d.id) ?? 0,
        incidents: incidents.filter((i) => i.definition_id === d.id).map((i) => ({ incidentType: i.incident_type, incidentCount: num(i.c) })),
      }));
    },
    async activityStatistics(definitionId: string, opts: { incidentType?: string }, access: Access): Promise<Statistics[]> {
      const def = await db('engine_definition').where({ id: definitionId }).first('tenant_id');
      if (!def || !visible(access, def.tenant_id)) throw new NotFoundError(`Process definition with id ${definitionId} does not exist`);
      const running = db('engine_instance').where({ definition_id: definitionId, state: 'ACTIVE' }).select('id');
      const counts: Row[] = await db('engine_hist_activity').whereIn('instance_id', running).whereNull('end_time').groupBy('activity_id').select('activity_id').count({ c: '*' }).orderBy('activity_id');
      const inc = db('engine_incident').where({ definition_id: definitionId, state: 'open' }).groupBy('activity_id', 'incident_type').select('activity_id', 'incident_type').count({ c: '*' });
      if (opts.incidentType) inc.where('incident_type', opts.incidentType);
      const incidents: Row[] = await inc;
      return counts.map((r) => ({
        id: r.activity_id, instances: num(r.c),
        incidents: incidents.filter((i) => i.activity_id === r.activity_id).map((i) => ({ incidentType: i.incident_type, incidentCount: num(i.c) })),
      }));
    },

    async getExecution(id: string, access: Access): Promise<Execution> {
      const missing = () => new NotFoundError(`Execution with id ${id} does not exist`);
      const own = await db('engine_instance').where({ id, state: 'ACTIVE' }).first('id', 'tenant_id');
      if (own) {
        if (!visible(access, own.tenant_id)) throw missing();
        return { id, processInstanceId: id, ended: false, tenantId: own.tenant_id ?? null };
      }
      const act = await db('engine_hist_activity as h').join('engine_instance as i', 'i.id', 'h.instance_id')
        .where('h.id', id).whereNull('h.end_time').where('i.state', 'ACTIVE').first('h.id', 'h.instance_id', 'h.tenant_id');
      if (!act || !visible(access, act.tenant_id)) throw missing();
      return { id, processInstanceId: act.instance_id, ended: false, tenantId: act.tenant_id ?? null };
    },

    async getVariableInstance(id: string, access: Access): Promise<VariableInstance> {
      const cut = id.indexOf(':');
      const [scopeId, name] = cut > 0 ? [id.slice(0, cut), id.slice(cut + 1)] : ['', ''];
      // `<instance>:<name>` for an instance's variable, `<task>:<name>` for a task-local one
      const task = scopeId ? await db('engine_user_task').where({ id: scopeId }).first('instance_id') : undefined;
      const instanceId = task?.instance_id ?? scopeId;
      const [found] = instanceId ? (await ops.variableInstances({ processInstanceIdIn: [instanceId], variableName: name }, access)).filter((v) => v.id === id) : [];
      if (!found) throw new NotFoundError(`Variable instance with Id '${id}' does not exist.`);
      return found;
    },

    async eventSubscriptions(f: EventSubscriptionFilter, access: Access): Promise<EventSubscription[]> {
      const q = subscriptionQuery(db, f, access).select('id', 'event_type', 'event_name', 'execution_id', 'instance_id', 'activity_id', 'created', 'tenant_id');
      q.orderBy(f.sortBy === 'tenantId' ? 'tenant_id' : 'created', f.sortOrder ?? 'asc').orderBy('id');
      page(q, f);
      return ((await q) as Row[]).map((r) => ({
        id: r.id, eventType: r.event_type === 'signal' ? 'signal' as const : 'message' as const, eventName: r.event_name, executionId: r.execution_id ?? null, processInstanceId: r.instance_id ?? null,
        activityId: r.activity_id, createdDate: new Date(num(r.created)), tenantId: r.tenant_id ?? null,
      }));
    },
    async countEventSubscriptions(f: EventSubscriptionFilter, access: Access): Promise<number> {
      return num((await subscriptionQuery(db, f, access).count({ c: '*' }).first())?.c ?? 0);
    },

    /** The history of one user task, or NotFoundError when it never existed or belongs to another tenant. */
    async historyTask(id: string, access: Access): Promise<HistoricTask> {
      const r = await historicTaskQuery(db, { taskId: id }, access).select(taskColumns).first();
      if (!r || !visible(access, r.tenant_id)) throw new NotFoundError(`Historic task with id '${id}' does not exist`);
      return historicTaskDto(r);
    },
  };
  return ops;
}
