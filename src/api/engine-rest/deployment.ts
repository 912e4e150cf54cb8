// Deployments: the multipart `POST /deployment/create` as Camunda Modeler sends it, listing, lookup, resources, delete.
import { callerOf } from '../caller.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { Deployment, DeployInput, ProcessDefinition } from '../../engine/api.js';
import { AuthorizationError, BpmnParseError, InvalidRequestError, type Problem } from '../../errors.js';
import { isGlobalAdmin } from '../permissions.js';
import { baseUrl, camundaDate, countSchema, idParam, linkSchema, list, pagingProps, parseCamundaDate, sortProps } from '../dto.js';

export const processDefinitionSchema = {
  $id: 'ProcessDefinitionDto',
  type: 'object',
  properties: {
    id: { type: 'string' }, key: { type: 'string' }, category: { type: ['string', 'null'] }, description: { type: ['string', 'null'] },
    name: { type: ['string', 'null'] }, version: { type: 'integer' }, resource: { type: ['string', 'null'] }, deploymentId: { type: 'string' },
    diagram: { type: ['string', 'null'] }, suspended: { type: 'boolean' }, tenantId: { type: ['string', 'null'] }, versionTag: { type: ['string', 'null'] },
    historyTimeToLive: { type: ['integer', 'null'] }, startableInTasklist: { type: 'boolean' },
  },
} as const;

export function definitionDto(d: ProcessDefinition) {
  return {
    id: d.id, key: d.key, category: d.category, description: d.description, name: d.name, version: d.version, resource: d.resource,
    // Suspended while its deployment's activation time is ahead, as Camunda's deployment-activation-time.
    deploymentId: d.deploymentId, diagram: null, suspended: d.suspended || (d.activationTime !== null && d.activationTime.getTime() > Date.now()), tenantId: d.tenantId, versionTag: d.versionTag,
    historyTimeToLive: d.historyTimeToLive, startableInTasklist: d.startableInTasklist,
  };
}

const deploymentProps = {
  links: { type: 'array', items: linkSchema },
  id: { type: 'string' }, name: { type: ['string', 'null'] }, source: { type: ['string', 'null'] },
  deploymentTime: { type: 'string' }, tenantId: { type: ['string', 'null'] },
} as const;

const deploymentSchema = { $id: 'DeploymentDto', type: 'object', properties: deploymentProps } as const;

const deploymentWithDefinitionsSchema = {
  type: 'object',
  properties: {
    ...deploymentProps,
    deployedProcessDefinitions: { type: ['object', 'null'], additionalProperties: { $ref: 'ProcessDefinitionDto#' } },
    deployedCaseDefinitions: { type: 'null' },
    deployedDecisionDefinitions: { type: 'null' },
    deployedDecisionRequirementsDefinitions: { type: 'null' },
    warnings: { type: 'object', additionalProperties: true, description: 'reglament: lint findings per resource (non-fatal)' },
  },
} as const;

function deploymentDto(request: FastifyRequest, d: Deployment) {
  return {
    links: [{ method: 'GET', href: `${baseUrl(request)}/deployment/${d.id}`, rel: 'self' }],
    id: d.id, name: d.name, source: d.source, deploymentTime: camundaDate(d.deploymentTime), tenantId: d.tenantId,
  };
}

interface DeploymentQs {
  id?: string; name?: string; nameLike?: string; source?: string; tenantIdIn?: string; withoutTenantId?: boolean;
  after?: string; before?: string; sortBy?: 'id' | 'name' | 'deploymentTime' | 'tenantId'; sortOrder?: 'asc' | 'desc'; firstResult?: number; maxResults?: number;
}
const deploymentQs = {
  type: 'object',
  properties: {
    id: { type: 'string' }, name: { type: 'string' }, nameLike: { type: 'string' }, source: { type: 'string' }, tenantIdIn: { type: 'string' },
    withoutTenantId: { type: 'boolean' }, after: { type: 'string' }, before: { type: 'string' }, ...sortProps, ...pagingProps,
  },
} as const;

function filterOf(q: DeploymentQs) {
  return {
    id: q.id, name: q.name, nameLike: q.nameLike, source: q.source, tenantIdIn: list(q.tenantIdIn), withoutTenantId: q.withoutTenantId,
    after: parseCamundaDate(q.after), before: parseCamundaDate(q.before), sortBy: q.sortBy, sortOrder: q.sortOrder,
    firstResult: q.firstResult, maxResults: q.maxResults,
  };
}

const FIELDS = new Set(['deployment-name', 'deployment-source', 'enable-duplicate-filtering', 'deploy-changed-only', 'tenant-id', 'deployment-activation-time']);

export default async function deploymentRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(deploymentSchema);

  /** Lint findings per BPMN resource; a linter that fails on a resource does not fail the deployment. */
  async function lintResources(resources: DeployInput['resources']): Promise<Record<string, Problem[]>> {
    const out: Record<string, Problem[]> = {};
    if (!app.deployLint) return out;
    for (const r of resources) {
      if (!/\.bpmn(20\.xml)?$/i.test(r.name)) continue;
      try {
        const problems = await app.deployLint({ name: r.name, content: r.content.toString('utf8') });
        if (problems.length) out[r.name] = problems;
      } catch {
        // The engine's parse errors say what is wrong with such a file.
      }
    }
    return out;
  }
  // A client that sends a full local path (C:\\…\\x.bpmn, /home/…/x.bpmn) means the file's name, as before.
  const resourceName = (name: string) => (/^([A-Za-z]:)?[\\/]/.test(name) || name.includes('\\') ? name.split(/[\\/]/).pop() || name : name);
  const cfg = app.apiConfig;
  await app.register(multipart, {
    limits: { fileSize: cfg.fileLimit, files: cfg.maxFiles, fields: cfg.maxFiles + 10, fieldSize: cfg.fileLimit, parts: cfg.maxFiles + 20 },
    throwFileSizeLimit: true,
    // A bundle's resources keep their folders (forms/x.form, documents/x.json), as Camunda keeps a part's file name;
    // the engine refuses a name that climbs out or is absolute.
    preservePath: true,
  });

  app.post('/deployment/create', {
    config: { permission: 'deploy' },
    schema: {
      tags: ['Deployment'],
      consumes: ['multipart/form-data'],
      response: { 200: deploymentWithDefinitionsSchema },
    },
  }, async (request) => {
    if (!request.isMultipart()) throw new InvalidRequestError('Cannot deploy: the request must be multipart/form-data');
    const fields: Record<string, string> = {};
    const resources: DeployInput['resources'] = [];
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const content = await part.toBuffer();
        resources.push({ name: resourceName(part.filename || part.fieldname), content });
      } else if (FIELDS.has(part.fieldname)) {
        fields[part.fieldname] = String(part.value ?? '');
      } else {
        // As in Camunda, any other part is a resource, named by its part name when it carries no file name.
        resources.push({ name: part.fieldname, content: Buffer.from(String(part.value ?? ''), 'utf8') });
      }
    }
    if (!resources.length) throw new InvalidRequestError('Cannot deploy: the request has no resource file');
    const access = request.access;
    let tenantId: string | null = fields['tenant-id'] || null;
    const principal = callerOf(request);
    if (!isGlobalAdmin(principal)) {
      // An administrator of some akimats deploys into one of them, never into "no tenant" (visible to all akimats).
      if (!tenantId && principal.tenantIds.length === 1) tenantId = principal.tenantIds[0]!;
      if (!tenantId || !principal.tenantIds.includes(tenantId)) {
        throw new AuthorizationError(`User '${principal.user.id}' may deploy only into their own tenants`);
      }
    }
    const lint = await lintResources(resources);
    const activation = fields['deployment-activation-time'];
    const result = await app.host.deploy({
      name: fields['deployment-name'] || 'undefined',
      source: fields['deployment-source'] || null,
      tenantId,
      resources,
      enableDuplicateFiltering: fields['enable-duplicate-filtering'] === 'true',
      deployChangedOnly: fields['deploy-changed-only'] === 'true',
      activationTime: activation ? parseCamundaDate(activation) ?? null : null,
    }, access).catch((err: unknown) => {
      // A resource that does not parse still gets its lint findings, as warnings beside the errors.
      if (err instanceof BpmnParseError) {
        for (const [name, problems] of Object.entries(lint)) {
          const entry = (err.details[name] ??= { errors: [], warnings: [] });
          entry.warnings.push(...problems);
        }
      }
      throw err;
    });
    const all: Record<string, Problem[]> = { ...(result.warnings ?? {}) };
    for (const [name, problems] of Object.entries(lint)) all[name] = [...(all[name] ?? []), ...problems];
    const defs = Object.fromEntries(result.processDefinitions.map((d) => [d.id, definitionDto(d)]));
    const warnings = Object.fromEntries(Object.entries(all).filter(([, w]) => w.length));
    return {
      ...deploymentDto(request, result.deployment),
      deployedProcessDefinitions: result.processDefinitions.length ? defs : null,
      deployedCaseDefinitions: null,
      deployedDecisionDefinitions: null,
      deployedDecisionRequirementsDefinitions: null,
      ...(Object.keys(warnings).length ? { warnings } : {}),
    };
  });

  app.get<{ Querystring: DeploymentQs }>('/deployment', {
    config: { permission: 'deployments:read' },
    schema: { tags: ['Deployment'], querystring: deploymentQs, response: { 200: { type: 'array', items: { $ref: 'DeploymentDto#' } } } },
  }, async (request) => (await app.host.listDeployments(filterOf(request.query), request.access)).map((d) => deploymentDto(request, d)));

  app.get<{ Querystring: DeploymentQs }>('/deployment/count', {
    config: { permission: 'deployments:read' },
    schema: { tags: ['Deployment'], querystring: deploymentQs, response: { 200: countSchema } },
  }, async (request) => ({ count: await app.host.countDeployments(filterOf(request.query), request.access) }));

  app.get<{ Params: { id: string } }>('/deployment/:id', {
    config: { permission: 'deployments:read' },
    schema: { tags: ['Deployment'], params: idParam, response: { 200: { $ref: 'DeploymentDto#' } } },
  }, async (request) => deploymentDto(request, await app.host.getDeployment(request.params.id, request.access)));

  app.delete<{ Params: { id: string }; Querystring: { cascade?: boolean } }>('/deployment/:id', {
    config: { permission: 'deploy' },
    schema: { tags: ['Deployment'], params: idParam, querystring: { type: 'object', properties: { cascade: { type: 'boolean' }, skipCustomListeners: { type: 'boolean' }, skipIoMappings: { type: 'boolean' } } } },
  }, async (request, reply) => {
    await app.host.deleteDeployment(request.params.id, { cascade: request.query.cascade ?? false }, request.access);
    return reply.code(204).send();
  });

  const resourceSchema = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, deploymentId: { type: 'string' } } } as const;

  app.get<{ Params: { id: string } }>('/deployment/:id/resources', {
    config: { permission: 'deployments:read' },
    schema: { tags: ['Deployment'], params: idParam, response: { 200: { type: 'array', items: resourceSchema } } },
  }, async (request) => app.host.getResources(request.params.id, request.access));

  app.get<{ Params: { id: string; resourceId: string } }>('/deployment/:id/resources/:resourceId', {
    config: { permission: 'deployments:read' },
    schema: { tags: ['Deployment'], params: { type: 'object', properties: { id: { type: 'string' }, resourceId: { type: 'string' } } }, response: { 200: resourceSchema } },
  }, async (request) => (await app.host.getResource(request.params.id, request.params.resourceId, request.access)).resource);

  app.get<{ Params: { id: string; resourceId: string } }>('/deployment/:id/resources/:resourceId/data', {
    config: { permission: 'deployments:read' },
    schema: { tags: ['Deployment'], params: { type: 'object', properties: { id: { type: 'string' }, resourceId: { type: 'string' } } } },
  }, async (request, reply) => {
    const { resource, content } = await app.host.getResource(request.params.id, request.params.resourceId, request.access);
    const type = /\.(bpmn|xml)$/i.test(resource.name) ? 'application/xml' : /\.(form|json)$/i.test(resource.name) ? 'application/json' : 'application/octet-stream';
    return reply.type(type).header('content-disposition', `attachment; filename="${resource.name.replace(/[^\w.-]/g, '_')}"`).send(content);
  });
}
