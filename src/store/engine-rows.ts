// Row ↔ DTO mapping and tenant filtering for the engine tables (engine_*), the same on SQLite and PostgreSQL.
import type { Knex } from 'knex';
import type {
  Access, Deployment, ExternalTask, HistoricActivityInstance, HistoricProcessInstance, Incident, ProcessDefinition,
  ProcessInstance, UserOperation, UserTask,
} from '../engine/api.js';

/** pg returns bigint as text; SQLite returns numbers. */
export const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
export const dateOf = (v: unknown): Date => new Date(num(v));
export const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(num(v)));
export const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(num(v)).toISOString().replace('Z', '+0000'));
export const bool = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't';

type Row = Record<string, any>;

/** Restricts a query to rows the caller may see: its tenants, plus rows without tenant. */
export function tenantScope(q: Knex.QueryBuilder, access: Access, column = 'tenant_id'): Knex.QueryBuilder {
  if (access.tenantIds === null) return q;
  const ids = access.tenantIds;
  return q.where((w) => { w.whereNull(column); if (ids.length) w.orWhereIn(column, ids); });
}

export function visible(access: Access, tenantId: string | null | undefined): boolean {
  return access.tenantIds === null || tenantId == null || access.tenantIds.includes(tenantId);
}

/** tenantIdIn / withoutTenantId filters as Camunda spells them. */
export function tenantFilter(q: Knex.QueryBuilder, f: { tenantIdIn?: string[]; withoutTenantId?: boolean }, column = 'tenant_id'): void {
  if (f.tenantIdIn?.length && f.withoutTenantId) q.where((w) => w.whereIn(column, f.tenantIdIn!).orWhereNull(column));
  else if (f.tenantIdIn?.length) q.whereIn(column, f.tenantIdIn);
  else if (f.withoutTenantId) q.whereNull(column);
}

export function page(q: Knex.QueryBuilder, f: { firstResult?: number; maxResults?: number }): void {
  if (f.maxResults != null) q.limit(Math.max(0, f.maxResults));
  if (f.firstResult) { if (f.maxResults == null) q.limit(1_000_000); q.offset(f.firstResult); }
}

export const likeText = (s: string): string => s; // Camunda passes % itself

export function deploymentDto(r: Row): Deployment {
  return { id: r.id, name: r.name, source: r.source ?? null, tenantId: r.tenant_id ?? null, deploymentTime: dateOf(r.deployment_time) };
}

export function definitionDto(r: Row): ProcessDefinition {
  return {
    id: r.id, key: r.key, version: num(r.version), versionTag: r.version_tag ?? null, name: r.name ?? null, description: r.description ?? null,
    category: r.category ?? null, resource: r.resource_name, deploymentId: r.deployment_id, tenantId: r.tenant_id ?? null, suspended: bool(r.suspended),
    validFrom: dateOrNull(r.valid_from), validTo: dateOrNull(r.valid_to), repealedBy: r.repealed_by ?? null,
    validFromBasis: r.valid_from_basis ?? null, validToBasis: r.valid_to_basis ?? null,
    activationTime: r.activation_time == null ? null : new Date(num(r.activation_time)),
    properties: JSON.parse(r.properties || '{}'), startableInTasklist: true, historyTimeToLive: numOrNull(r.history_ttl),
  };
}

export function instanceDto(r: Row): ProcessInstance {
  return {
    id: r.id, definitionId: r.definition_id, definitionKey: r.definition_key, businessKey: r.business_key ?? null, tenantId: r.tenant_id ?? null,
    state: r.state, ended: r.state !== 'ACTIVE', suspended: false, startTime: dateOf(r.start_time), endTime: dateOrNull(r.end_time), startUserId: r.start_user_id ?? null,
  };
}

export function historicInstanceDto(r: Row): HistoricProcessInstance {
  const start = num(r.start_time);
  const end = numOrNull(r.end_time);
  return {
    id: r.id, businessKey: r.business_key ?? null, processDefinitionId: r.definition_id, processDefinitionKey: r.definition_key,
    processDefinitionName: r.def_name ?? null, processDefinitionVersion: numOrNull(r.def_version) ?? 0,
    startTime: new Date(start), endTime: end == null ? null : new Date(end), durationInMillis: end == null ? null : end - start,
    startUserId: r.start_user_id ?? null, startActivityId: r.start_activity_id ?? null, deleteReason: r.delete_reason ?? null,
    tenantId: r.tenant_id ?? null, state: r.state,
  };
}

export function externalTaskDto(r: Row): ExternalTask {
  return {
    id: r.id, topicName: r.topic, workerId: r.worker_id ?? null, lockExpirationTime: iso(r.lock_expiration), createTime: iso(r.create_time)!,
    retries: numOrNull(r.retries), errorMessage: r.error_message ?? null, activityId: r.activity_id, activityInstanceId: r.id, executionId: r.id,
    processInstanceId: r.instance_id, processDefinitionId: r.definition_id, processDefinitionKey: r.definition_key,
    processDefinitionVersionTag: r.version_tag ?? null, tenantId: r.tenant_id ?? null, businessKey: r.business_key ?? null,
    priority: num(r.priority), suspended: bool(r.suspended),
  };
}

const splitList = (s: string | null): string[] => (s ? s.split(',').filter(Boolean) : []);

export function userTaskDto(r: Row): UserTask {
  return {
    id: r.id, name: r.name ?? null, description: r.description ?? null, assignee: r.assignee ?? null, owner: r.owner ?? null,
    candidateUsers: splitList(r.candidate_users), candidateGroups: splitList(r.candidate_groups), created: dateOf(r.created),
    lastUpdated: dateOf(r.last_updated), due: dateOrNull(r.due), followUp: dateOrNull(r.follow_up), priority: num(r.priority),
    formKey: r.form_key ?? null, camundaFormRef: r.form_ref ? (() => { const f = JSON.parse(r.form_ref); return { key: f.key, binding: f.binding, version: f.version == null ? null : Number(f.version) }; })() : null,
    taskDefinitionKey: r.task_definition_key, tenantId: r.tenant_id ?? null, processDefinitionId: r.definition_id,
    processDefinitionKey: r.definition_key, processInstanceId: r.instance_id, businessKey: r.business_key ?? null, executionId: r.id,
    documentation: r.documentation ?? null, properties: JSON.parse(r.properties || '{}'), suspended: false, revision: num(r.rev),
  };
}

export function incidentDto(r: Row): Incident {
  return {
    id: r.id, processDefinitionId: r.definition_id, processInstanceId: r.instance_id, executionId: r.execution_id, incidentTimestamp: dateOf(r.created),
    incidentType: r.incident_type, activityId: r.activity_id, failedActivityId: r.activity_id, causeIncidentId: r.id, rootCauseIncidentId: r.id,
    configuration: r.configuration ?? null, tenantId: r.tenant_id ?? null, incidentMessage: r.message ?? null,
    endTime: dateOrNull(r.end_time), state: r.state,
  };
}

export function activityDto(r: Row): HistoricActivityInstance {
  const start = num(r.start_time);
  const end = numOrNull(r.end_time);
  return {
    id: r.id, parentActivityInstanceId: r.parent_id ?? null, activityId: r.activity_id, activityName: r.activity_name ?? null,
    activityType: String(r.activity_type).replace(/^bpmn:/, '').replace(/^./, (c: string) => c.toLowerCase()),
    processDefinitionKey: r.definition_key, processDefinitionId: r.definition_id, processInstanceId: r.instance_id, executionId: r.id,
    taskId: r.task_id ?? null, assignee: r.assignee ?? null, startTime: new Date(start), endTime: end == null ? null : new Date(end),
    durationInMillis: end == null ? null : end - start, canceled: bool(r.canceled), completeScope: false, tenantId: r.tenant_id ?? null,
  };
}

export function userOperationDto(r: Row): UserOperation {
  return {
    id: r.id, userId: r.user_id ?? null, timestamp: dateOf(r.timestamp), operationType: r.operation_type, entityType: r.entity_type,
    property: r.property ?? null, orgValue: r.org_value ?? null, newValue: r.new_value ?? null, deploymentId: r.deployment_id ?? null,
    processDefinitionId: r.definition_id ?? null, processDefinitionKey: r.definition_key ?? null, processInstanceId: r.instance_id ?? null,
    taskId: r.task_id ?? null, externalTaskId: r.external_task_id ?? null, tenantId: r.tenant_id ?? null, annotation: r.annotation ?? null,
  };
}
