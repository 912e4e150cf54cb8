// History: process instances, activity instances, the user-operation log and incidents, with Camunda's DTO names.
import type { FastifyInstance } from 'fastify';
import type { HistoricActivityInstance, HistoricProcessInstance, HistoricTask, HistoricTaskFilter, HistoryFilter, UserOperation, UserOperationFilter } from '../../engine/api.js';
import { camundaDate, countSchema, list, pagingProps, parseCamundaDate, sortProps } from '../dto.js';
import { incidentDto, incidentFilterOf, incidentProps, incidentQueryProps, type IncidentQuery } from './incident.js';
import { variableFilterOf, variableInstanceDto, variableInstanceProps, variableQueryProps, type VariableQuery } from './variable-instance.js';

const s = { type: ['string', 'null'] } as const;

const historicProcessInstanceSchema = {
  $id: 'HistoricProcessInstanceDto',
  type: 'object',
  properties: {
    id: { type: 'string' }, rootProcessInstanceId: s, superProcessInstanceId: s, superCaseInstanceId: s, caseInstanceId: s, businessKey: s,
    processDefinitionId: { type: 'string' }, processDefinitionKey: { type: 'string' }, processDefinitionName: s, processDefinitionVersion: { type: 'integer' },
    startTime: { type: 'string' }, endTime: s, removalTime: s, durationInMillis: { type: ['integer', 'null'] }, startUserId: s, startActivityId: s,
    deleteReason: s, tenantId: s, state: { type: 'string' },
  },
} as const;

const historicActivityInstanceSchema = {
  $id: 'HistoricActivityInstanceDto',
  type: 'object',
  properties: {
    id: { type: 'string' }, parentActivityInstanceId: s, activityId: { type: 'string' }, activityName: s, activityType: { type: 'string' },
    processDefinitionKey: { type: 'string' }, processDefinitionId: { type: 'string' }, processInstanceId: { type: 'string' }, executionId: s,
    taskId: s, calledProcessInstanceId: s, calledCaseInstanceId: s, assignee: s, startTime: { type: 'string' }, endTime: s,
    durationInMillis: { type: ['integer', 'null'] }, canceled: { type: 'boolean' }, completeScope: { type: 'boolean' }, tenantId: s,
    removalTime: s, rootProcessInstanceId: s,
  },
} as const;

const userOperationSchema = {
  $id: 'UserOperationLogEntryDto',
  type: 'object',
  properties: {
    id: { type: 'string' }, userId: s, timestamp: { type: 'string' }, operationId: s, operationType: { type: 'string' }, entityType: { type: 'string' },
    category: s, annotation: s, property: s, orgValue: s, newValue: s, deploymentId: s, processDefinitionId: s, processDefinitionKey: s,
    processInstanceId: s, executionId: s, caseDefinitionId: s, caseInstanceId: s, caseExecutionId: s, taskId: s, externalTaskId: s,
    batchId: s, jobId: s, jobDefinitionId: s, removalTime: s, rootProcessInstanceId: s, tenantId: s,
  },
} as const;

const historicIncidentSchema = {
  $id: 'HistoricIncidentDto',
  type: 'object',
  properties: { ...incidentProps, createTime: { type: 'string' }, endTime: s, removalTime: s, rootProcessInstanceId: s, open: { type: 'boolean' }, deleted: { type: 'boolean' }, resolved: { type: 'boolean' } },
} as const;

const historicTaskSchema = {
  $id: 'HistoricTaskInstanceDto',
  type: 'object',
  properties: {
    id: { type: 'string' }, processDefinitionKey: s, processDefinitionId: s, processInstanceId: s, executionId: s, caseDefinitionKey: s,
    caseDefinitionId: s, caseInstanceId: s, caseExecutionId: s, activityInstanceId: s, name: s, description: s, deleteReason: s, owner: s,
    assignee: s, startTime: s, endTime: s, duration: { type: ['integer', 'null'] }, taskDefinitionKey: s, priority: { type: 'integer' }, due: s,
    parentTaskId: s, followUp: s, tenantId: s, removalTime: s, rootProcessInstanceId: s,
  },
} as const;

function historicTaskDto(t: HistoricTask) {
  return {
    id: t.id, processDefinitionKey: t.processDefinitionKey, processDefinitionId: t.processDefinitionId, processInstanceId: t.processInstanceId,
    executionId: t.executionId, caseDefinitionKey: null, caseDefinitionId: null, caseInstanceId: null, caseExecutionId: null,
    activityInstanceId: t.activityInstanceId, name: t.name, description: t.description, deleteReason: t.deleteReason, owner: t.owner,
    assignee: t.assignee, startTime: camundaDate(t.startTime), endTime: camundaDate(t.endTime), duration: t.duration,
    taskDefinitionKey: t.taskDefinitionKey, priority: t.priority, due: camundaDate(t.due), parentTaskId: null, followUp: camundaDate(t.followUp),
    tenantId: t.tenantId, removalTime: null, rootProcessInstanceId: t.processInstanceId,
  };
}

interface TaskHistoryQuery {
  taskId?: string; processInstanceId?: string; processDefinitionId?: string; processDefinitionKey?: string; taskDefinitionKey?: string;
  taskAssignee?: string; finished?: boolean; unfinished?: boolean; tenantIdIn?: string; withoutTenantId?: boolean;
  sortBy?: string; sortOrder?: 'asc' | 'desc'; firstResult?: number; maxResults?: number;
}
const taskHistoryProps = {
  taskId: { type: 'string' }, processInstanceId: { type: 'string' }, processDefinitionId: { type: 'string' }, processDefinitionKey: { type: 'string' },
  taskDefinitionKey: { type: 'string' }, taskAssignee: { type: 'string' }, finished: { type: 'boolean' }, unfinished: { type: 'boolean' },
  tenantIdIn: { type: 'string' }, withoutTenantId: { type: 'boolean' },
  sortBy: { type: 'string', enum: ['taskId', 'startTime', 'endTime', 'processInstanceId', 'taskDefinitionKey', 'assignee', 'tenantId'] },
  sortOrder: { type: 'string', enum: ['asc', 'desc'] }, ...pagingProps,
} as const;

function taskHistoryFilterOf(q: TaskHistoryQuery, paged = true): HistoricTaskFilter {
  return Object.fromEntries(Object.entries({
    ...q, tenantIdIn: list(q.tenantIdIn), firstResult: paged ? q.firstResult : undefined, maxResults: paged ? q.maxResults : undefined,
  }).filter(([, v]) => v !== undefined)) as HistoricTaskFilter;
}

function processInstanceDto(h: HistoricProcessInstance) {
  return {
    id: h.id, rootProcessInstanceId: h.id, superProcessInstanceId: null, superCaseInstanceId: null, caseInstanceId: null, businessKey: h.businessKey,
    processDefinitionId: h.processDefinitionId, processDefinitionKey: h.processDefinitionKey, processDefinitionName: h.processDefinitionName,
    processDefinitionVersion: h.processDefinitionVersion, startTime: camundaDate(h.startTime), endTime: camundaDate(h.endTime), removalTime: null,
    durationInMillis: h.durationInMillis, startUserId: h.startUserId, startActivityId: h.startActivityId, deleteReason: h.deleteReason,
    tenantId: h.tenantId, state: h.state,
  };
}

function activityInstanceDto(a: HistoricActivityInstance) {
  return {
    id: a.id, parentActivityInstanceId: a.parentActivityInstanceId, activityId: a.activityId, activityName: a.activityName, activityType: a.activityType,
    processDefinitionKey: a.processDefinitionKey, processDefinitionId: a.processDefinitionId, processInstanceId: a.processInstanceId,
    executionId: a.executionId, taskId: a.taskId, calledProcessInstanceId: null, calledCaseInstanceId: null, assignee: a.assignee,
    startTime: camundaDate(a.startTime), endTime: camundaDate(a.endTime), durationInMillis: a.durationInMillis, canceled: a.canceled,
    completeScope: a.completeScope, tenantId: a.tenantId, removalTime: null, rootProcessInstanceId: a.processInstanceId,
  };
}

function userOperationDto(u: UserOperation) {
  return {
    id: u.id, userId: u.userId, timestamp: camundaDate(u.timestamp), operationId: u.id, operationType: u.operationType, entityType: u.entityType,
    category: null, annotation: u.annotation, property: u.property, orgValue: u.orgValue, newValue: u.newValue, deploymentId: u.deploymentId,
    processDefinitionId: u.processDefinitionId, processDefinitionKey: u.processDefinitionKey, processInstanceId: u.processInstanceId,
    executionId: null, caseDefinitionId: null, caseInstanceId: null, caseExecutionId: null, taskId: u.taskId, externalTaskId: u.externalTaskId,
    batchId: null, jobId: null, jobDefinitionId: null, removalTime: null, rootProcessInstanceId: u.processInstanceId, tenantId: u.tenantId,
  };
}

interface HistoryQuery {
  processInstanceId?: string; processInstanceIds?: string; processDefinitionId?: string; processDefinitionKey?: string;
  processInstanceBusinessKey?: string; activityId?: string; activityType?: string; finished?: boolean; unfinished?: boolean;
  tenantIdIn?: string; startedAfter?: string; startedBefore?: string; sortBy?: string; sortOrder?: 'asc' | 'desc'; firstResult?: number; maxResults?: number;
}
const historyProps = {
  processInstanceId: { type: 'string' }, processInstanceIds: { type: 'string' }, processDefinitionId: { type: 'string' },
  processDefinitionKey: { type: 'string' }, processInstanceBusinessKey: { type: 'string' }, activityId: { type: 'string' },
  activityType: { type: 'string' }, finished: { type: 'boolean' }, unfinished: { type: 'boolean' }, tenantIdIn: { type: 'string' },
  startedAfter: { type: 'string' }, startedBefore: { type: 'string' }, ...sortProps, ...pagingProps,
} as const;

function historyFilterOf(q: HistoryQuery, paged = true): HistoryFilter {
  return Object.fromEntries(Object.entries({
    processInstanceId: q.processInstanceId, processInstanceIds: list(q.processInstanceIds), processDefinitionId: q.processDefinitionId,
    processDefinitionKey: q.processDefinitionKey, businessKey: q.processInstanceBusinessKey, activityId: q.activityId, activityType: q.activityType,
    finished: q.finished, unfinished: q.unfinished, tenantIdIn: list(q.tenantIdIn), startedAfter: parseCamundaDate(q.startedAfter),
    startedBefore: parseCamundaDate(q.startedBefore), sortBy: q.sortBy, sortOrder: q.sortOrder,
    firstResult: paged ? q.firstResult : undefined, maxResults: paged ? q.maxResults : undefined,
  }).filter(([, v]) => v !== undefined)) as HistoryFilter;
}

interface OperationQuery {
  userId?: string; operationType?: string; entityType?: string; processInstanceId?: string; taskId?: string; deploymentId?: string;
  tenantIdIn?: string; afterTimestamp?: string; beforeTimestamp?: string; firstResult?: number; maxResults?: number;
}
const operationProps = {
  userId: { type: 'string' }, operationType: { type: 'string' }, entityType: { type: 'string' }, processInstanceId: { type: 'string' },
  taskId: { type: 'string' }, deploymentId: { type: 'string' }, tenantIdIn: { type: 'string' }, afterTimestamp: { type: 'string' },
  beforeTimestamp: { type: 'string' }, ...sortProps, ...pagingProps,
} as const;

function operationFilterOf(q: OperationQuery, paged = true): UserOperationFilter {
  return Object.fromEntries(Object.entries({
    userId: q.userId, operationType: q.operationType, entityType: q.entityType, processInstanceId: q.processInstanceId, taskId: q.taskId,
    deploymentId: q.deploymentId, tenantIdIn: list(q.tenantIdIn), afterTimestamp: parseCamundaDate(q.afterTimestamp),
    beforeTimestamp: parseCamundaDate(q.beforeTimestamp), firstResult: paged ? q.firstResult : undefined, maxResults: paged ? q.maxResults : undefined,
  }).filter(([, v]) => v !== undefined)) as UserOperationFilter;
}

export default async function historyRoutes(app: FastifyInstance): Promise<void> {
  for (const schema of [historicProcessInstanceSchema, historicActivityInstanceSchema, userOperationSchema, historicIncidentSchema, historicTaskSchema]) app.addSchema(schema);
  const config = { permission: 'history:read' as const };
  const tags = ['History'];
  const arr = (ref: string) => ({ 200: { type: 'array', items: { $ref: `${ref}#` } } });

  // The host has no count for history: counts list without paging (history of one akimat stays small per query).
  app.get<{ Querystring: HistoryQuery }>('/history/process-instance', {
    config, schema: { tags, querystring: { type: 'object', properties: historyProps }, response: arr('HistoricProcessInstanceDto') },
  }, async (request) => (await app.host.historyProcessInstances(historyFilterOf(request.query), request.access)).map(processInstanceDto));

  app.get<{ Querystring: HistoryQuery }>('/history/process-instance/count', {
    config, schema: { tags, querystring: { type: 'object', properties: historyProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: (await app.host.historyProcessInstances(historyFilterOf(request.query, false), request.access)).length }));

  // Camunda's POST form of the same query: the filters in the body, paging in the query string.
  app.post<{ Body: HistoryQuery | null; Querystring: { firstResult?: number; maxResults?: number } }>('/history/process-instance', {
    config, schema: { tags, querystring: { type: 'object', properties: pagingProps }, body: { type: ['object', 'null'], properties: historyProps }, response: arr('HistoricProcessInstanceDto') },
  }, async (request) => (await app.host.historyProcessInstances(historyFilterOf({ ...(request.body ?? {}), ...request.query }), request.access)).map(processInstanceDto));

  app.post<{ Body: HistoryQuery | null }>('/history/process-instance/count', {
    config, schema: { tags, body: { type: ['object', 'null'], properties: historyProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: (await app.host.historyProcessInstances(historyFilterOf(request.body ?? {}, false), request.access)).length }));

  app.get<{ Querystring: TaskHistoryQuery }>('/history/task', {
    config, schema: { tags, querystring: { type: 'object', properties: taskHistoryProps }, response: arr('HistoricTaskInstanceDto') },
  }, async (request) => (await app.host.historyTasks(taskHistoryFilterOf(request.query), request.access)).map(historicTaskDto));

  app.get<{ Querystring: TaskHistoryQuery }>('/history/task/count', {
    config, schema: { tags, querystring: { type: 'object', properties: taskHistoryProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: await app.host.countHistoryTasks(taskHistoryFilterOf(request.query, false), request.access) }));

  // This host keeps a process's variables with the instance, also once it ended: those are its variable history
  // (the last value of each, state CREATED as in Camunda after the end), not a log of every change.
  const historicVariableQueryProps = { ...variableQueryProps, processDefinitionId: { type: 'string' }, processDefinitionKey: { type: 'string' } } as const;
  const historicVariable = (v: Parameters<typeof variableInstanceDto>[0]) => ({
    ...variableInstanceDto(v), processDefinitionKey: v.processDefinitionKey, caseDefinitionKey: null, caseDefinitionId: null, state: v.state,
    createTime: null, removalTime: null, rootProcessInstanceId: v.processInstanceId,
  });
  app.get<{ Querystring: VariableQuery & { processDefinitionId?: string; processDefinitionKey?: string } }>('/history/variable-instance', {
    config,
    schema: {
      tags, querystring: { type: 'object', properties: historicVariableQueryProps },
      response: { 200: { type: 'array', items: { type: 'object', properties: { ...variableInstanceProps, processDefinitionKey: s, caseDefinitionKey: s, caseDefinitionId: s, state: s, createTime: s, removalTime: s, rootProcessInstanceId: s } } } },
    },
  }, async (request) => (await app.host.variableInstances(variableFilterOf(request.query), request.access, true)).map(historicVariable));

  app.get<{ Querystring: VariableQuery & { processDefinitionId?: string; processDefinitionKey?: string } }>('/history/variable-instance/count', {
    config, schema: { tags, querystring: { type: 'object', properties: historicVariableQueryProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: (await app.host.variableInstances(variableFilterOf(request.query, false), request.access, true)).length }));

  app.get<{ Params: { id: string } }>('/history/process-instance/:id', {
    config, schema: { tags, params: { type: 'object', properties: { id: { type: 'string' } } }, response: { 200: { $ref: 'HistoricProcessInstanceDto#' } } },
  }, async (request, reply) => {
    const [found] = await app.host.historyProcessInstances({ processInstanceId: request.params.id }, request.access);
    if (!found) return reply.code(404).type('application/json').send(JSON.stringify({ type: 'InvalidRequestException', message: `Historic process instance with id ${request.params.id} does not exist`, code: null }));
    return processInstanceDto(found);
  });

  app.get<{ Querystring: HistoryQuery }>('/history/activity-instance', {
    config, schema: { tags, querystring: { type: 'object', properties: historyProps }, response: arr('HistoricActivityInstanceDto') },
  }, async (request) => (await app.host.historyActivityInstances(historyFilterOf(request.query), request.access)).map(activityInstanceDto));

  app.get<{ Querystring: HistoryQuery }>('/history/activity-instance/count', {
    config, schema: { tags, querystring: { type: 'object', properties: historyProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: (await app.host.historyActivityInstances(historyFilterOf(request.query, false), request.access)).length }));

  app.get<{ Querystring: OperationQuery }>('/history/user-operation', {
    config, schema: { tags, querystring: { type: 'object', properties: operationProps }, response: arr('UserOperationLogEntryDto') },
  }, async (request) => (await app.host.userOperations(operationFilterOf(request.query), request.access)).map(userOperationDto));

  app.get<{ Querystring: OperationQuery }>('/history/user-operation/count', {
    config, schema: { tags, querystring: { type: 'object', properties: operationProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: (await app.host.userOperations(operationFilterOf(request.query, false), request.access)).length }));

  const historicIncident = (i: Parameters<typeof incidentDto>[0]) => ({
    ...incidentDto(i), createTime: camundaDate(i.incidentTimestamp), endTime: camundaDate(i.endTime ?? null), removalTime: null,
    rootProcessInstanceId: i.processInstanceId, open: (i.state ?? 'open') === 'open', deleted: i.state === 'deleted', resolved: i.state === 'resolved',
  });

  app.get<{ Querystring: IncidentQuery }>('/history/incident', {
    config, schema: { tags, querystring: { type: 'object', properties: { ...incidentQueryProps, open: { type: 'boolean' }, resolved: { type: 'boolean' } } }, response: arr('HistoricIncidentDto') },
  }, async (request) => (await app.host.historyIncidents(incidentFilterOf(request.query), request.access)).map(historicIncident));

  app.get<{ Querystring: IncidentQuery }>('/history/incident/count', {
    config, schema: { tags, querystring: { type: 'object', properties: { ...incidentQueryProps, open: { type: 'boolean' }, resolved: { type: 'boolean' } } }, response: { 200: countSchema } },
  }, async (request) => ({ count: (await app.host.historyIncidents(incidentFilterOf({ ...request.query, firstResult: undefined, maxResults: undefined }), request.access)).length }));
}
