// Process instances: list/count (GET and POST query), lookup, delete, and their variables (get, put, modify, delete, file data).
import type { FastifyInstance } from 'fastify';
import type { InstanceFilter, TypedValue, VariableMap } from '../../engine/api.js';
import { countSchema, idParam, linkSchema, list, pagingProps, sortProps, variableMapSchema } from '../dto.js';
import { instanceDto } from './process-definition.js';
import { checkVariables, fileBytes } from '../variables.js';
import { NotFoundError } from '../../errors.js';
import { parseVariableConditions, variableCondition } from '../../engine/variable-conditions.js';

const instanceSchema = {
  $id: 'ProcessInstanceDto',
  type: 'object',
  properties: {
    links: { type: 'array', items: linkSchema },
    id: { type: 'string' }, definitionId: { type: 'string' }, definitionKey: { type: 'string' }, businessKey: { type: ['string', 'null'] },
    caseInstanceId: { type: 'null' }, ended: { type: 'boolean' }, suspended: { type: 'boolean' }, tenantId: { type: ['string', 'null'] },
  },
} as const;

interface InstanceQuery {
  processInstanceIds?: string | string[]; processDefinitionId?: string; processDefinitionKey?: string; processDefinitionKeyIn?: string | string[];
  businessKey?: string; businessKeyLike?: string; tenantIdIn?: string | string[]; withoutTenantId?: boolean; active?: boolean; completed?: boolean;
  variables?: string | { name: string; operator: string; value: unknown }[];
  sortBy?: string; sortOrder?: 'asc' | 'desc'; sorting?: { sortBy: string; sortOrder: 'asc' | 'desc' }[]; firstResult?: number; maxResults?: number;
}

const queryProps = {
  processInstanceIds: { type: ['string', 'array'], items: { type: 'string' } }, processDefinitionId: { type: 'string' }, processDefinitionKey: { type: 'string' },
  processDefinitionKeyIn: { type: ['string', 'array'], items: { type: 'string' } }, businessKey: { type: 'string' }, businessKeyLike: { type: 'string' },
  tenantIdIn: { type: ['string', 'array'], items: { type: 'string' } }, withoutTenantId: { type: 'boolean' }, active: { type: 'boolean' },
  completed: { type: 'boolean' }, ...sortProps, ...pagingProps,
  // `name_op_value,…` (the POST body's form is an array: bodyProps)
  variables: { type: 'string', maxLength: 4000 },
} as const;
const bodyProps = {
  ...queryProps,
  variables: { type: 'array', maxItems: 50, items: { type: 'object', required: ['name', 'operator'], properties: { name: { type: 'string' }, operator: { type: 'string' }, value: {} } } },
} as const;

function conditionsOf(v: InstanceQuery['variables']) {
  if (v == null) return undefined;
  return typeof v === 'string' ? parseVariableConditions(v) : v.map((c) => variableCondition(c.name, c.operator, c.value));
}

function filterOf(q: InstanceQuery, paging?: { firstResult?: number; maxResults?: number }): InstanceFilter {
  const sort = q.sorting?.[0];
  return {
    processInstanceIds: list(q.processInstanceIds), processDefinitionId: q.processDefinitionId, processDefinitionKey: q.processDefinitionKey,
    processDefinitionKeyIn: list(q.processDefinitionKeyIn), businessKey: q.businessKey, businessKeyLike: q.businessKeyLike,
    tenantIdIn: list(q.tenantIdIn), withoutTenantId: q.withoutTenantId,
    // The runtime query holds running instances only, as Camunda's does (ended ones are in /history); `completed` is
    // this server's extension to list the ended ones here.
    active: !q.completed, variables: conditionsOf(q.variables),
    sortBy: (sort?.sortBy ?? q.sortBy) as InstanceFilter['sortBy'], sortOrder: sort?.sortOrder ?? q.sortOrder,
    firstResult: paging?.firstResult ?? q.firstResult, maxResults: paging?.maxResults ?? q.maxResults,
  };
}

const varParams = { type: 'object', properties: { id: { type: 'string' }, varName: { type: 'string' } }, required: ['id', 'varName'] } as const;

/** Camunda's ActivityInstanceDto, recursive through childActivityInstances. */
const activityInstanceSchema = {
  $id: 'ActivityInstanceDto',
  type: 'object',
  properties: {
    id: { type: 'string' }, parentActivityInstanceId: { type: ['string', 'null'] }, activityId: { type: 'string' }, activityName: { type: ['string', 'null'] },
    activityType: { type: 'string' }, processInstanceId: { type: 'string' }, processDefinitionId: { type: 'string' },
    childActivityInstances: { type: 'array', items: { $ref: 'ActivityInstanceDto#' } }, childTransitionInstances: { type: 'array', items: { type: 'object' } },
    executionIds: { type: 'array', items: { type: 'string' } }, incidentIds: { type: 'array', items: { type: 'string' } },
    incidents: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, parentActivityInstanceId: { type: 'string' } } } },
  },
} as const;

export default async function processInstanceRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(instanceSchema);
  app.addSchema(activityInstanceSchema);
  const listResponse = { 200: { type: 'array', items: { $ref: 'ProcessInstanceDto#' } } };
  const tags = ['Process Instance'];

  app.get<{ Querystring: InstanceQuery }>('/process-instance', {
    config: { permission: 'instances:read' },
    schema: { tags, querystring: { type: 'object', properties: queryProps }, response: listResponse },
  }, async (request) => (await app.host.listInstances(filterOf(request.query), request.access)).map((i) => instanceDto(request, i)));

  app.post<{ Body: InstanceQuery | null; Querystring: { firstResult?: number; maxResults?: number } }>('/process-instance', {
    config: { permission: 'instances:read' },
    schema: {
      tags, querystring: { type: 'object', properties: pagingProps },
      body: { type: ['object', 'null'], properties: { ...bodyProps, sorting: { type: 'array', items: { type: 'object', properties: sortProps } } } },
      response: listResponse,
    },
  }, async (request) => (await app.host.listInstances(filterOf(request.body ?? {}, request.query), request.access)).map((i) => instanceDto(request, i)));

  app.get<{ Querystring: InstanceQuery }>('/process-instance/count', {
    config: { permission: 'instances:read' },
    schema: { tags, querystring: { type: 'object', properties: queryProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: await app.host.countInstances(filterOf(request.query), request.access) }));

  app.post<{ Body: InstanceQuery | null }>('/process-instance/count', {
    config: { permission: 'instances:read' },
    schema: { tags, body: { type: ['object', 'null'], properties: bodyProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: await app.host.countInstances(filterOf(request.body ?? {}), request.access) }));

  app.get<{ Params: { id: string } }>('/process-instance/:id', {
    config: { permission: 'instances:read' },
    schema: { tags, params: idParam, response: { 200: { $ref: 'ProcessInstanceDto#' } } },
  }, async (request) => {
    const instance = await app.host.getInstance(request.params.id, request.access);
    // Camunda answers 404 for an ended instance: "poll until 404" loops rely on it.
    if (instance.ended) throw new NotFoundError(`Process instance with id ${request.params.id} does not exist`);
    return instanceDto(request, instance);
  });

  app.delete<{ Params: { id: string }; Querystring: { deleteReason?: string } }>('/process-instance/:id', {
    config: { permission: 'instances:write' },
    schema: { tags, params: idParam, querystring: { type: 'object', properties: { deleteReason: { type: 'string', maxLength: 4000 }, skipCustomListeners: { type: 'boolean' }, skipIoMappings: { type: 'boolean' }, skipSubprocesses: { type: 'boolean' }, failIfNotExists: { type: 'boolean' } } } },
  }, async (request, reply) => {
    await app.host.cancelInstance(request.params.id, request.query.deleteReason ?? null, request.access);
    return reply.code(204).send();
  });

  app.get<{ Params: { id: string } }>('/process-instance/:id/activity-instances', {
    config: { permission: 'instances:read' },
    schema: { tags, params: idParam, response: { 200: activityInstanceSchema } },
  }, async (request) => app.host.activityInstanceTree(request.params.id, request.access));

  // ---- variables ----

  app.get<{ Params: { id: string }; Querystring: { deserializeValues?: boolean } }>('/process-instance/:id/variables', {
    config: { permission: 'instances:read' },
    schema: { tags, params: idParam, querystring: { type: 'object', properties: { deserializeValues: { type: 'boolean' } } }, response: { 200: variableMapSchema } },
  }, async (request) => app.host.getVariables(request.params.id, request.access));

  app.post<{ Params: { id: string }; Body: { modifications?: VariableMap; deletions?: string[] } }>('/process-instance/:id/variables', {
    config: { permission: 'instances:write' },
    schema: {
      tags, params: idParam,
      body: { type: 'object', properties: { modifications: { type: ['object', 'null'], additionalProperties: { $ref: 'VariableValueDto#' } }, deletions: { type: ['array', 'null'], items: { type: 'string' } } } },
    },
  }, async (request, reply) => {
    checkVariables(request.body.modifications, app.apiConfig.maxFileVariableSize);
    await app.host.modifyVariables(request.params.id, { modifications: request.body.modifications ?? undefined, deletions: request.body.deletions ?? undefined }, request.access);
    return reply.code(204).send();
  });

  app.get<{ Params: { id: string; varName: string } }>('/process-instance/:id/variables/:varName', {
    config: { permission: 'instances:read' },
    schema: { tags, params: varParams, querystring: { type: 'object', properties: { deserializeValue: { type: 'boolean' } } }, response: { 200: { $ref: 'VariableValueDto#' } } },
  }, async (request) => app.host.getVariable(request.params.id, request.params.varName, request.access));

  app.put<{ Params: { id: string; varName: string }; Body: TypedValue }>('/process-instance/:id/variables/:varName', {
    config: { permission: 'instances:write' },
    schema: { tags, params: varParams, body: { $ref: 'VariableValueDto#' } },
  }, async (request, reply) => {
    const vars = { [request.params.varName]: request.body };
    checkVariables(vars, app.apiConfig.maxFileVariableSize);
    await app.host.setVariables(request.params.id, vars, request.access);
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string; varName: string } }>('/process-instance/:id/variables/:varName', {
    config: { permission: 'instances:write' },
    schema: { tags, params: varParams },
  }, async (request, reply) => {
    await app.host.modifyVariables(request.params.id, { deletions: [request.params.varName] }, request.access);
    return reply.code(204).send();
  });

  // File.load() of camunda-external-task-client-js asks the execution path with the process instance id.
  for (const path of ['/process-instance/:id/variables/:varName/data', '/execution/:id/localVariables/:varName/data']) {
    app.get<{ Params: { id: string; varName: string } }>(path, {
      config: { permission: path.startsWith('/execution') ? 'external-tasks:work' : 'instances:read' },
      schema: { tags: path.startsWith('/execution') ? ['Execution'] : tags, params: varParams },
    }, async (request, reply) => {
      const value = await app.host.getVariable(request.params.id, request.params.varName, request.access);
      const file = fileBytes(request.params.varName, value);
      return reply.type(file.mimeType).send(file.content);
    });
  }
}
