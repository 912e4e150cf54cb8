// Query builders for the engine tables: Camunda-style filters of the Host API turned into knex queries, tenant-scoped.
import { whereVariables } from './variable-filter.js';
import type { Knex } from 'knex';
import type { Access, DefinitionFilter, DeploymentFilter, ExternalTaskFilter, HistoryFilter, IncidentFilter, InstanceFilter, TaskFilter } from '../engine/api.js';
import { tenantFilter, tenantScope } from './engine-rows.js';

export function deploymentQuery(db: Knex, f: DeploymentFilter, access: Access): Knex.QueryBuilder {
  const q = tenantScope(db('engine_deployment'), access);
  if (f.id) q.where('id', f.id);
  if (f.name) q.where('name', f.name);
  if (f.nameLike) q.where('name', 'like', f.nameLike);
  if (f.source) q.where('source', f.source);
  if (f.after) q.where('deployment_time', '>', f.after.getTime());
  if (f.before) q.where('deployment_time', '<', f.before.getTime());
  tenantFilter(q, f);
  return q;
}

export function definitionQuery(db: Knex, f: DefinitionFilter, access: Access): Knex.QueryBuilder {
  const q = tenantScope(db('engine_definition'), access);
  if (f.id) q.where('id', f.id);
  if (f.idIn?.length) q.whereIn('id', f.idIn);
  if (f.key) q.where('key', f.key);
  if (f.keyIn?.length) q.whereIn('key', f.keyIn);
  if (f.keyLike) q.where('key', 'like', f.keyLike);
  if (f.name) q.where('name', f.name);
  if (f.nameLike) q.where('name', 'like', f.nameLike);
  if (f.deploymentId) q.where('deployment_id', f.deploymentId);
  if (f.version != null) q.where('version', f.version);
  if (f.versionTag) q.where('version_tag', f.versionTag);
  if (f.includeProcessDefinitionsWithoutTenantId && f.tenantIdIn?.length) q.where((w) => w.whereIn('tenant_id', f.tenantIdIn!).orWhereNull('tenant_id'));
  else tenantFilter(q, f);
  if (f.latestVersion) {
    q.whereRaw(`version = (select max(d2.version) from engine_definition d2 where d2.key = engine_definition.key and ((d2.tenant_id is null and engine_definition.tenant_id is null) or d2.tenant_id = engine_definition.tenant_id))`);
  }
  return q;
}

export function instanceQuery(db: Knex, f: InstanceFilter, access: Access): Knex.QueryBuilder {
  const q = tenantScope(db('engine_instance'), access);
  if (f.processInstanceIds?.length) q.whereIn('id', f.processInstanceIds);
  if (f.processDefinitionId) q.where('definition_id', f.processDefinitionId);
  if (f.processDefinitionKey) q.where('definition_key', f.processDefinitionKey);
  if (f.processDefinitionKeyIn?.length) q.whereIn('definition_key', f.processDefinitionKeyIn);
  if (f.businessKey) q.where('business_key', f.businessKey);
  if (f.businessKeyLike) q.where('business_key', 'like', f.businessKeyLike);
  tenantFilter(q, f);
  if (f.active === true) q.where('state', 'ACTIVE');
  if (f.active === false) q.whereNot('state', 'ACTIVE');
  whereVariables(db, q, 'variables', f.variables);
  return q;
}

export function taskQuery(db: Knex, f: TaskFilter, access: Access): Knex.QueryBuilder {
  const q = tenantScope(db('engine_user_task'), access);
  if (f.taskId) q.where('id', f.taskId);
  if (f.taskIdIn?.length) q.whereIn('id', f.taskIdIn);
  if (f.assignee) q.where('assignee', f.assignee);
  if (f.assigneeIn?.length) q.whereIn('assignee', f.assigneeIn);
  if (f.assigneeLike) q.where('assignee', 'like', f.assigneeLike);
  const groups = [...(f.candidateGroup ? [f.candidateGroup] : []), ...(f.candidateGroups ?? [])];
  const candidate = groups.length > 0 || !!f.candidateUser;
  if (candidate) {
    const userGroups = f.candidateUser && f.candidateUser === access.userId ? access.groupIds ?? [] : [];
    q.where((w) => {
      for (const g of [...groups, ...userGroups]) w.orWhere('candidate_groups', 'like', `%,${g},%`);
      if (f.candidateUser) w.orWhere('candidate_users', 'like', `%,${f.candidateUser},%`);
    });
    if (!f.includeAssignedTasks) q.whereNull('assignee');
  }
  if (f.unassigned) q.whereNull('assignee');
  if (f.assigned) q.whereNotNull('assignee');
  if (f.processInstanceId) q.where('instance_id', f.processInstanceId);
  if (f.processInstanceBusinessKey) q.where('business_key', f.processInstanceBusinessKey);
  if (f.processDefinitionId) q.where('definition_id', f.processDefinitionId);
  if (f.processDefinitionKey) q.where('definition_key', f.processDefinitionKey);
  if (f.taskDefinitionKey) q.where('task_definition_key', f.taskDefinitionKey);
  if (f.taskDefinitionKeyIn?.length) q.whereIn('task_definition_key', f.taskDefinitionKeyIn);
  tenantFilter(q, f);
  if (f.dueBefore) q.where('due', '<', f.dueBefore.getTime());
  if (f.dueAfter) q.where('due', '>', f.dueAfter.getTime());
  if (f.followUpBefore) q.where('follow_up', '<', f.followUpBefore.getTime());
  if (f.followUpAfter) q.where('follow_up', '>', f.followUpAfter.getTime());
  if (f.followUpBeforeOrNotExistent) q.where((w) => w.whereNull('follow_up').orWhere('follow_up', '<', f.followUpBeforeOrNotExistent!.getTime()));
  if (f.name) q.where('name', f.name);
  if (f.nameLike) q.where('name', 'like', f.nameLike);
  return q;
}

export function externalQuery(db: Knex, f: ExternalTaskFilter, access: Access, t: number): Knex.QueryBuilder {
  const q = tenantScope(db('engine_external_task'), access);
  if (f.externalTaskId) q.where('id', f.externalTaskId);
  if (f.externalTaskIdIn?.length) q.whereIn('id', f.externalTaskIdIn);
  if (f.topicName) q.where('topic', f.topicName);
  if (f.workerId) q.where('worker_id', f.workerId);
  if (f.locked) q.where('lock_expiration', '>=', t);
  if (f.notLocked) q.where((w) => w.whereNull('lock_expiration').orWhere('lock_expiration', '<', t));
  if (f.withRetriesLeft) q.where((w) => w.whereNull('retries').orWhere('retries', '>', 0));
  if (f.noRetriesLeft) q.where('retries', 0);
  if (f.activityId) q.where('activity_id', f.activityId);
  if (f.processInstanceId) q.where('instance_id', f.processInstanceId);
  if (f.processDefinitionId) q.where('definition_id', f.processDefinitionId);
  if (f.processDefinitionKey) q.where('definition_key', f.processDefinitionKey);
  if (f.priorityHigherThanOrEquals != null) q.where('priority', '>=', f.priorityHigherThanOrEquals);
  tenantFilter(q, f);
  return q;
}

export function incidentQuery(db: Knex, f: IncidentFilter, access: Access): Knex.QueryBuilder {
  const q = tenantScope(db('engine_incident'), access);
  if (f.incidentId) q.where('id', f.incidentId);
  if (f.incidentType) q.where('incident_type', f.incidentType);
  if (f.processInstanceId) q.where('instance_id', f.processInstanceId);
  if (f.processDefinitionId) q.where('definition_id', f.processDefinitionId);
  if (f.activityId) q.where('activity_id', f.activityId);
  if (f.configuration) q.where('configuration', f.configuration);
  tenantFilter(q, f);
  return q;
}

export function historyInstanceQuery(db: Knex, f: HistoryFilter, access: Access): Knex.QueryBuilder {
  const q = tenantScope(db('engine_instance as i').leftJoin('engine_definition as d', 'd.id', 'i.definition_id'), access, 'i.tenant_id')
    .select('i.id', 'i.business_key', 'i.definition_id', 'i.definition_key', 'i.start_time', 'i.end_time', 'i.start_user_id', 'i.start_activity_id',
      'i.delete_reason', 'i.tenant_id', 'i.state', 'd.name as def_name', 'd.version as def_version');
  if (f.processInstanceId) q.where('i.id', f.processInstanceId);
  if (f.processInstanceIds?.length) q.whereIn('i.id', f.processInstanceIds);
  if (f.processDefinitionId) q.where('i.definition_id', f.processDefinitionId);
  if (f.processDefinitionKey) q.where('i.definition_key', f.processDefinitionKey);
  if (f.businessKey) q.where('i.business_key', f.businessKey);
  if (f.finished) q.whereNot('i.state', 'ACTIVE');
  if (f.unfinished) q.where('i.state', 'ACTIVE');
  if (f.startedAfter) q.where('i.start_time', '>', f.startedAfter.getTime());
  if (f.startedBefore) q.where('i.start_time', '<', f.startedBefore.getTime());
  tenantFilter(q, f, 'i.tenant_id');
  return q;
}

export const taskSort: Record<string, string> = { created: 'created', dueDate: 'due', followUpDate: 'follow_up', name: 'name', assignee: 'assignee', priority: 'priority', id: 'id', instanceId: 'instance_id' };
