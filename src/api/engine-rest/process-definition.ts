// Process definitions: list/count with Camunda's filters, lookup by id, key and key + tenant, BPMN XML, and start.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Access, ProcessDefinition, ProcessInstance, VariableMap } from '../../engine/api.js';
import { InvalidRequestError, NotFoundError } from '../../errors.js';
import { baseUrl, countSchema, linkSchema, list, pagingProps, sortProps, variableMapSchema } from '../dto.js';
import { definitionDto } from './deployment.js';
import { formSchema } from './task.js';

interface DefinitionQs {
  processDefinitionId?: string; processDefinitionIdIn?: string; key?: string; keysIn?: string; keyLike?: string; name?: string; nameLike?: string;
  deploymentId?: string; version?: number; latestVersion?: boolean; versionTag?: string; tenantIdIn?: string; withoutTenantId?: boolean;
  includeProcessDefinitionsWithoutTenantId?: boolean; sortBy?: string; sortOrder?: 'asc' | 'desc'; firstResult?: number; maxResults?: number;
}

const definitionQs = {
  type: 'object',
  properties: {
    processDefinitionId: { type: 'string' }, processDefinitionIdIn: { type: 'string' }, key: { type: 'string' }, keysIn: { type: 'string' },
    keyLike: { type: 'string' }, name: { type: 'string' }, nameLike: { type: 'string' }, deploymentId: { type: 'string' },
    version: { type: 'integer' }, latestVersion: { type: 'boolean' }, versionTag: { type: 'string' }, tenantIdIn: { type: 'string' },
    withoutTenantId: { type: 'boolean' }, includeProcessDefinitionsWithoutTenantId: { type: 'boolean' },
    ...sortProps, ...pagingProps,
  },
} as const;

function filterOf(q: DefinitionQs) {
  return {
    id: q.processDefinitionId, idIn: list(q.processDefinitionIdIn), key: q.key, keyIn: list(q.keysIn), keyLike: q.keyLike, name: q.name,
    nameLike: q.nameLike, deploymentId: q.deploymentId, version: q.version, latestVersion: q.latestVersion, versionTag: q.versionTag,
    tenantIdIn: list(q.tenantIdIn), withoutTenantId: q.withoutTenantId, includeProcessDefinitionsWithoutTenantId: q.includeProcessDefinitionsWithoutTenantId,
    sortBy: q.sortBy as 'key' | undefined, sortOrder: q.sortOrder, firstResult: q.firstResult, maxResults: q.maxResults,
  };
}

export const processInstanceWithVariablesSchema = {
  type: 'object',
  properties: {
    links: { type: 'array', items: linkSchema },
    id: { type: 'string' }, definitionId: { type: 'string' }, definitionKey: { type: 'string' }, businessKey: { type: ['string', 'null'] },
    caseInstanceId: { type: 'null' }, ended: { type: 'boolean' }, suspended: { type: 'boolean' }, tenantId: { type: ['string', 'null'] },
    variables: variableMapSchema,
  },
} as const;

export function instanceDto(request: FastifyRequest, i: ProcessInstance) {
  return {
    links: [{ method: 'GET', href: `${baseUrl(request)}/process-instance/${i.id}`, rel: 'self' }],
    id: i.id, definitionId: i.definitionId, definitionKey: i.definitionKey, businessKey: i.businessKey, caseInstanceId: null,
    ended: i.ended, suspended: i.suspended, tenantId: i.tenantId,
    ...(i.variables ? { variables: i.variables } : {}),
  };
}

/**
 * `/key/{key}` without a tenant: Camunda picks the definition without tenant. A caller who can see the key in exactly
 * one of their tenants gets that one, so an akimat's staff need not spell their tenant on every call.
 */
async function byKey(app: FastifyInstance, key: string, tenantId: string | null | undefined, access: Access): Promise<ProcessDefinition> {
  if (tenantId !== undefined) return app.host.getDefinitionByKey(key, tenantId, undefined, access);
  const latest = await app.host.listDefinitions({ key, latestVersion: true }, access);
  const tenants = [...new Set(latest.map((d) => d.tenantId))];
  if (tenants.length === 0) throw new NotFoundError(`No matching process definition with key '${key}'`);
  if (tenants.length === 1) return app.host.getDefinitionByKey(key, tenants[0] ?? null, undefined, access);
  if (tenants.includes(null)) return app.host.getDefinitionByKey(key, null, undefined, access);
  throw new InvalidRequestError(`Process definition key '${key}' exists in several tenants; use /key/${key}/tenant-id/{tenant-id}`);
}

interface StartBody { businessKey?: string; variables?: VariableMap; withVariablesInReturn?: boolean }
const startBody = {
  type: ['object', 'null'],
  properties: {
    businessKey: { type: ['string', 'null'], maxLength: 255 },
    variables: { type: ['object', 'null'], additionalProperties: { $ref: 'VariableValueDto#' } },
    withVariablesInReturn: { type: 'boolean' },
    caseInstanceId: { type: ['string', 'null'] },
    skipCustomListeners: { type: 'boolean' },
    skipIoMappings: { type: 'boolean' },
  },
} as const;

const xmlSchema = { type: 'object', properties: { id: { type: 'string' }, bpmn20Xml: { type: 'string' } } } as const;

export default async function processDefinitionRoutes(app: FastifyInstance): Promise<void> {

  app.get<{ Querystring: DefinitionQs }>('/process-definition', {
    config: { permission: 'definitions:read' },
    schema: { tags: ['Process Definition'], querystring: definitionQs, response: { 200: { type: 'array', items: { $ref: 'ProcessDefinitionDto#' } } } },
  }, async (request) => (await app.host.listDefinitions(filterOf(request.query), request.access)).map(definitionDto));

  app.get<{ Querystring: DefinitionQs }>('/process-definition/count', {
    config: { permission: 'definitions:read' },
    schema: { tags: ['Process Definition'], querystring: definitionQs, response: { 200: countSchema } },
  }, async (request) => ({ count: await app.host.countDefinitions(filterOf(request.query), request.access) }));

  // The three ways Camunda names one definition: by id, by key, by key + tenant.
  const targets: { path: string; params: Record<string, unknown>; resolve: (r: FastifyRequest) => Promise<ProcessDefinition> }[] = [
    {
      path: '/process-definition/:id',
      params: { type: 'object', properties: { id: { type: 'string' } } },
      resolve: (r) => app.host.getDefinition((r.params as { id: string }).id, r.access),
    },
    {
      path: '/process-definition/key/:key',
      params: { type: 'object', properties: { key: { type: 'string' } } },
      resolve: (r) => byKey(app, (r.params as { key: string }).key, undefined, r.access),
    },
    {
      path: '/process-definition/key/:key/tenant-id/:tenantId',
      params: { type: 'object', properties: { key: { type: 'string' }, tenantId: { type: 'string' } } },
      resolve: (r) => {
        const p = r.params as { key: string; tenantId: string };
        return byKey(app, p.key, p.tenantId, r.access);
      },
    },
  ];

  // Cockpit's dashboard: per definition its running instances, failed jobs (timers here never fail: 0) and incidents.
  const statisticsQs = { type: 'object', properties: { failedJobs: { type: 'boolean' }, incidents: { type: 'boolean' }, incidentsForType: { type: 'string' }, rootIncidents: { type: 'boolean' } } } as const;
  const incidentStats = { type: 'array', items: { type: 'object', properties: { incidentType: { type: 'string' }, incidentCount: { type: 'integer' } } } } as const;
  type StatisticsQs = { failedJobs?: boolean; incidents?: boolean; incidentsForType?: string; rootIncidents?: boolean };
  const wanted = (q: StatisticsQs) => Boolean(q.incidents || q.rootIncidents || q.incidentsForType);

  app.get<{ Querystring: StatisticsQs }>('/process-definition/statistics', {
    config: { permission: 'definitions:read' },
    schema: {
      tags: ['Process Definition'], querystring: statisticsQs,
      response: { 200: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, instances: { type: 'integer' }, failedJobs: { type: 'integer' }, incidents: incidentStats, definition: { $ref: 'ProcessDefinitionDto#' } } } } },
    },
  }, async (request) => {
    const stats = new Map((await app.host.definitionStatistics({ incidentType: request.query.incidentsForType }, request.access)).map((x) => [x.id, x]));
    const defs = await app.host.listDefinitions({}, request.access);
    return defs.map((d) => ({ id: d.id, instances: stats.get(d.id)?.instances ?? 0, failedJobs: 0, incidents: wanted(request.query) ? stats.get(d.id)?.incidents ?? [] : [], definition: definitionDto(d) }));
  });

  for (const t of targets) {
    app.get(t.path, {
      config: { permission: 'definitions:read' },
      schema: { tags: ['Process Definition'], params: t.params, response: { 200: { $ref: 'ProcessDefinitionDto#' } } },
    }, async (request) => definitionDto(await t.resolve(request)));

    app.get(`${t.path}/xml`, {
      config: { permission: 'definitions:read' },
      schema: { tags: ['Process Definition'], params: t.params, response: { 200: xmlSchema } },
    }, async (request) => {
      const def = await t.resolve(request);
      return { id: def.id, bpmn20Xml: await app.host.getDefinitionXml(def.id, request.access) };
    });

    // Camunda serves the diagram image deployed beside the BPMN, or 204 when there is none; a deployment here holds
    // no images (the modeler and the web apps draw the diagram from …/xml).
    app.get(`${t.path}/diagram`, {
      config: { permission: 'definitions:read' },
      schema: { tags: ['Process Definition'], params: t.params },
    }, async (request, reply) => {
      await t.resolve(request);
      return reply.code(204).send();
    });

    if (!t.path.includes('tenant-id')) {
      app.get<{ Querystring: StatisticsQs }>(`${t.path}/statistics`, {
        config: { permission: 'definitions:read' },
        schema: {
          tags: ['Process Definition'], params: t.params, querystring: { type: 'object', properties: { failedJobs: { type: 'boolean' }, incidents: { type: 'boolean' }, incidentsForType: { type: 'string' } } },
          response: { 200: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, instances: { type: 'integer' }, failedJobs: { type: 'integer' }, incidents: incidentStats } } } },
        },
      }, async (request) => {
        const def = await t.resolve(request);
        const stats = await app.host.activityStatistics(def.id, { incidentType: request.query.incidentsForType }, request.access);
        return stats.map((x) => ({ id: x.id, instances: x.instances, failedJobs: 0, incidents: wanted(request.query) ? x.incidents : [] }));
      });
    }

    app.get(`${t.path}/startForm`, {
      config: { permission: 'definitions:read' },
      schema: { tags: ['Process Definition'], params: t.params, response: { 200: formSchema } },
    }, async (request) => {
      const def = await t.resolve(request);
      return { ...(await app.host.getStartForm(def.id, request.access)), contextPath: null };
    });

    // Camunda lists the start form's generated fields (camunda:formData) here; this host reads no formData, so a
    // definition has none to list and the answer is {} (forms are form-js schemas, GET …/startForm names them).
    app.get(`${t.path}/form-variables`, {
      config: { permission: 'definitions:read' },
      schema: { tags: ['Process Definition'], params: t.params, querystring: { type: 'object', properties: { variableNames: { type: 'string' }, deserializeValues: { type: 'boolean' } } }, response: { 200: variableMapSchema } },
    }, async (request) => {
      await t.resolve(request);
      return {};
    });

    app.post<{ Body: StartBody | null }>(`${t.path}/start`, {
      config: { permission: 'instances:start' },
      schema: { tags: ['Process Definition'], params: t.params, body: startBody, response: { 200: processInstanceWithVariablesSchema } },
    }, async (request) => {
      const def = await t.resolve(request);
      const body = request.body ?? {};
      const instance = await app.host.startInstance({ definitionId: def.id }, {
        businessKey: body.businessKey ?? null,
        variables: body.variables ?? undefined,
        withVariablesInReturn: body.withVariablesInReturn ?? false,
      }, request.access);
      return instanceDto(request, instance);
    });
  }
}
