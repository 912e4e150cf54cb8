// Variable instances, executions and event subscriptions, Camunda's runtime views that tools such as Cockpit list: a
// running instance's variables one per name (historic ones under /history/variable-instance, history.ts), the
// executions of running instances (the instance's own and one per activity it waits in), and the messages they await.
// Each as GET with query parameters and as POST with the same filters in the body (lists as arrays there).
import type { FastifyInstance } from 'fastify';
import type { EventSubscription, EventSubscriptionFilter, ExecutionFilter, VariableInstance, VariableInstanceFilter } from '../../engine/api.js';
import { camundaDate } from '../dto.js';
import { countSchema, list, pagingProps } from '../dto.js';
import { fileBytes } from '../variables.js';

const s = { type: ['string', 'null'] } as const;
export const variableInstanceProps = {
  id: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' }, value: {}, valueInfo: { type: 'object', additionalProperties: true },
  processDefinitionId: s, processInstanceId: s, executionId: s, caseInstanceId: s, caseExecutionId: s, taskId: s, batchId: s,
  activityInstanceId: s, errorMessage: s, tenantId: s,
} as const;
const variableInstanceSchema = { $id: 'VariableInstanceDto', type: 'object', properties: variableInstanceProps } as const;
const executionSchema = { $id: 'ExecutionDto', type: 'object', properties: { id: { type: 'string' }, processInstanceId: { type: 'string' }, ended: { type: 'boolean' }, tenantId: s } } as const;

export function variableInstanceDto(v: VariableInstance) {
  return {
    id: v.id, name: v.name, type: v.type, value: v.value, valueInfo: v.valueInfo, processDefinitionId: v.processDefinitionId,
    processInstanceId: v.processInstanceId, executionId: v.executionId, caseInstanceId: null, caseExecutionId: null, taskId: v.taskId ?? null, batchId: null,
    activityInstanceId: v.activityInstanceId, errorMessage: null, tenantId: v.tenantId,
  };
}

const strOrList = { type: ['string', 'array'], items: { type: 'string' } } as const;

export interface VariableQuery {
  variableName?: string; variableNameLike?: string; processInstanceIdIn?: string | string[]; tenantIdIn?: string | string[]; deserializeValues?: boolean;
  sortBy?: 'variableName'; sortOrder?: 'asc' | 'desc'; firstResult?: number; maxResults?: number;
}
export const variableQueryProps = {
  variableName: { type: 'string' }, variableNameLike: { type: 'string' }, processInstanceIdIn: strOrList, tenantIdIn: strOrList,
  deserializeValues: { type: 'boolean' }, sortBy: { type: 'string', enum: ['variableName'] }, sortOrder: { type: 'string', enum: ['asc', 'desc'] }, ...pagingProps,
} as const;

export function variableFilterOf(q: VariableQuery & { processDefinitionId?: string; processDefinitionKey?: string }, paged = true): VariableInstanceFilter {
  const { deserializeValues: _ignored, ...rest } = q;
  return Object.fromEntries(Object.entries({
    ...rest, processInstanceIdIn: list(q.processInstanceIdIn), tenantIdIn: list(q.tenantIdIn),
    firstResult: paged ? q.firstResult : undefined, maxResults: paged ? q.maxResults : undefined,
  }).filter(([, v]) => v !== undefined)) as VariableInstanceFilter;
}

interface ExecutionQuery {
  processInstanceId?: string; businessKey?: string; processDefinitionId?: string; processDefinitionKey?: string; activityId?: string;
  tenantIdIn?: string | string[]; firstResult?: number; maxResults?: number;
}
const executionQueryProps = {
  processInstanceId: { type: 'string' }, businessKey: { type: 'string' }, processDefinitionId: { type: 'string' }, processDefinitionKey: { type: 'string' },
  activityId: { type: 'string' }, tenantIdIn: strOrList, ...pagingProps,
} as const;

interface SubscriptionQuery {
  eventSubscriptionId?: string; eventName?: string; eventType?: string; executionId?: string; processInstanceId?: string; activityId?: string;
  tenantIdIn?: string | string[]; withoutTenantId?: boolean; sortBy?: 'created' | 'tenantId'; sortOrder?: 'asc' | 'desc'; firstResult?: number; maxResults?: number;
}
const subscriptionQueryProps = {
  eventSubscriptionId: { type: 'string' }, eventName: { type: 'string' }, eventType: { type: 'string', enum: ['message', 'signal', 'compensate', 'conditional'] },
  executionId: { type: 'string' }, processInstanceId: { type: 'string' }, activityId: { type: 'string' }, tenantIdIn: strOrList, withoutTenantId: { type: 'boolean' },
  sortBy: { type: 'string', enum: ['created', 'tenantId'] }, sortOrder: { type: 'string', enum: ['asc', 'desc'] }, ...pagingProps,
} as const;
const subscriptionSchema = {
  $id: 'EventSubscriptionDto',
  type: 'object',
  properties: { id: { type: 'string' }, eventType: { type: 'string' }, eventName: { type: 'string' }, executionId: s, processInstanceId: s, activityId: { type: 'string' }, createdDate: { type: 'string' }, tenantId: s },
} as const;
const subscriptionDto = (e: EventSubscription) => ({ ...e, createdDate: camundaDate(e.createdDate) });

function subscriptionFilterOf(q: SubscriptionQuery, paged = true): EventSubscriptionFilter {
  return Object.fromEntries(Object.entries({
    ...q, tenantIdIn: list(q.tenantIdIn), firstResult: paged ? q.firstResult : undefined, maxResults: paged ? q.maxResults : undefined,
  }).filter(([, v]) => v !== undefined)) as EventSubscriptionFilter;
}

function executionFilterOf(q: ExecutionQuery, paged = true): ExecutionFilter {
  return Object.fromEntries(Object.entries({
    ...q, tenantIdIn: list(q.tenantIdIn), firstResult: paged ? q.firstResult : undefined, maxResults: paged ? q.maxResults : undefined,
  }).filter(([, v]) => v !== undefined)) as ExecutionFilter;
}

export default async function variableInstanceRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(variableInstanceSchema);
  app.addSchema(executionSchema);
  app.addSchema(subscriptionSchema);
  const config = { permission: 'instances:read' as const };
  const paging = { type: 'object', properties: pagingProps } as const;

  app.get<{ Querystring: VariableQuery }>('/variable-instance', {
    config, schema: { tags: ['Variable Instance'], querystring: { type: 'object', properties: variableQueryProps }, response: { 200: { type: 'array', items: { $ref: 'VariableInstanceDto#' } } } },
  }, async (request) => (await app.host.variableInstances(variableFilterOf(request.query), request.access)).map(variableInstanceDto));

  app.get<{ Querystring: VariableQuery }>('/variable-instance/count', {
    config, schema: { tags: ['Variable Instance'], querystring: { type: 'object', properties: variableQueryProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: (await app.host.variableInstances(variableFilterOf(request.query, false), request.access)).length }));

  app.get<{ Querystring: ExecutionQuery }>('/execution', {
    config, schema: { tags: ['Execution'], querystring: { type: 'object', properties: executionQueryProps }, response: { 200: { type: 'array', items: { $ref: 'ExecutionDto#' } } } },
  }, async (request) => app.host.executions(executionFilterOf(request.query), request.access));

  app.get<{ Querystring: ExecutionQuery }>('/execution/count', {
    config, schema: { tags: ['Execution'], querystring: { type: 'object', properties: executionQueryProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: (await app.host.executions(executionFilterOf(request.query, false), request.access)).length }));

  const idParams = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 500 } }, required: ['id'] } as const;

  app.get<{ Params: { id: string } }>('/variable-instance/:id', {
    config, schema: { tags: ['Variable Instance'], params: idParams, querystring: { type: 'object', properties: { deserializeValue: { type: 'boolean' } } }, response: { 200: { $ref: 'VariableInstanceDto#' } } },
  }, async (request) => variableInstanceDto(await app.host.getVariableInstance(request.params.id, request.access)));

  app.get<{ Params: { id: string } }>('/variable-instance/:id/data', {
    config, schema: { tags: ['Variable Instance'], params: idParams },
  }, async (request, reply) => {
    const v = await app.host.getVariableInstance(request.params.id, request.access);
    const file = fileBytes(v.name, await app.host.getVariable(v.processInstanceId, v.name, request.access));
    return reply.type(file.mimeType).send(file.content);
  });

  app.get<{ Params: { id: string } }>('/execution/:id', {
    config, schema: { tags: ['Execution'], params: idParams, response: { 200: { $ref: 'ExecutionDto#' } } },
  }, async (request) => app.host.getExecution(request.params.id, request.access));

  // the POST forms: filters in the body, paging in the query string
  // Camunda reads deserializeValues of the POST form from the query string, as the generated client sends it
  app.post<{ Body: VariableQuery | null; Querystring: { firstResult?: number; maxResults?: number; deserializeValues?: boolean } }>('/variable-instance', {
    config, schema: { tags: ['Variable Instance'], querystring: { type: 'object', properties: { ...pagingProps, deserializeValues: { type: 'boolean' } } }, body: { type: ['object', 'null'], properties: variableQueryProps }, response: { 200: { type: 'array', items: { $ref: 'VariableInstanceDto#' } } } },
  }, async (request) => (await app.host.variableInstances(variableFilterOf({ ...(request.body ?? {}), ...request.query }), request.access)).map(variableInstanceDto));

  app.post<{ Body: VariableQuery | null }>('/variable-instance/count', {
    config, schema: { tags: ['Variable Instance'], body: { type: ['object', 'null'], properties: variableQueryProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: (await app.host.variableInstances(variableFilterOf(request.body ?? {}, false), request.access)).length }));

  app.post<{ Body: ExecutionQuery | null; Querystring: { firstResult?: number; maxResults?: number } }>('/execution', {
    config, schema: { tags: ['Execution'], querystring: paging, body: { type: ['object', 'null'], properties: executionQueryProps }, response: { 200: { type: 'array', items: { $ref: 'ExecutionDto#' } } } },
  }, async (request) => app.host.executions(executionFilterOf({ ...(request.body ?? {}), ...request.query }), request.access));

  app.post<{ Body: ExecutionQuery | null }>('/execution/count', {
    config, schema: { tags: ['Execution'], body: { type: ['object', 'null'], properties: executionQueryProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: (await app.host.executions(executionFilterOf(request.body ?? {}, false), request.access)).length }));

  app.get<{ Querystring: SubscriptionQuery }>('/event-subscription', {
    config, schema: { tags: ['Event Subscription'], querystring: { type: 'object', properties: subscriptionQueryProps }, response: { 200: { type: 'array', items: { $ref: 'EventSubscriptionDto#' } } } },
  }, async (request) => (await app.host.eventSubscriptions(subscriptionFilterOf(request.query), request.access)).map(subscriptionDto));

  app.get<{ Querystring: SubscriptionQuery }>('/event-subscription/count', {
    config, schema: { tags: ['Event Subscription'], querystring: { type: 'object', properties: subscriptionQueryProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: await app.host.countEventSubscriptions(subscriptionFilterOf(request.query, false), request.access) }));
}
