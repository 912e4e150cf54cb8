// /authorization as Camunda's AuthorizationRestService, read-only: the role table (src/api/authorizations.ts) listed as
// GRANT authorizations of the role groups, and the check answered for the caller's own rights. Creating, changing and
// deleting answer 400 naming why: rights here come from role membership (PUT /group/{role}/members/{userId}).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuthorizationError, InvalidRequestError, NotFoundError } from '../../errors.js';
import type { Principal } from '../../store/identity.js';
import { derivedAuthorizations, resourceByType, rolesAllow, type DerivedAuthorization } from '../authorizations.js';
import { callerOf } from '../caller.js';
import { countSchema, idParam, list, pagingProps } from '../dto.js';
import { allows, isGlobalAdmin, seesTask } from '../permissions.js';

const s = { type: ['string', 'null'] } as const;
const authorizationSchema = {
  $id: 'AuthorizationDto',
  type: 'object',
  properties: {
    id: { type: 'string' }, type: { type: 'integer' }, permissions: { type: 'array', items: { type: 'string' } }, userId: s, groupId: s,
    resourceType: { type: 'integer' }, resourceId: s, removalTime: s, rootProcessInstanceId: s,
  },
} as const;

interface Query { id?: string; type?: number; userIdIn?: string; groupIdIn?: string; resourceType?: number; resourceId?: string; sortBy?: 'resourceType' | 'resourceId'; sortOrder?: 'asc' | 'desc'; firstResult?: number; maxResults?: number }
const queryProps = {
  id: { type: 'string' }, type: { type: 'integer' }, userIdIn: { type: 'string' }, groupIdIn: { type: 'string' }, resourceType: { type: 'integer' },
  resourceId: { type: 'string' }, sortBy: { type: 'string', enum: ['resourceType', 'resourceId'] }, sortOrder: { type: 'string', enum: ['asc', 'desc'] },
} as const;

const READ_ONLY = 'Authorizations on this server are derived from its role table and cannot be created, changed or deleted: '
  + 'grant or withdraw a role with PUT or DELETE /group/{role}/members/{userId} (docs/security.md)';

export default async function authorizationRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(authorizationSchema);
  const tags = ['Authorization'];
  const any = { permission: 'authenticated' as const };
  const admin = { permission: 'identity:admin' as const };

  /** Identity readers see every derived authorization (Camunda: READ on Authorization); others those of their roles. */
  function visible(request: FastifyRequest): DerivedAuthorization[] {
    const p = callerOf(request);
    const all = derivedAuthorizations();
    return allows(p, 'identity:read') ? all : all.filter((a) => p.roles.includes(a.groupId));
  }

  function query(request: FastifyRequest, q: Query, paged: boolean): DerivedAuthorization[] {
    const users = list(q.userIdIn);
    const groups = list(q.groupIdIn);
    let out = visible(request).filter((a) => (q.id === undefined || a.id === q.id) && (q.type === undefined || a.type === q.type)
      && (q.resourceType === undefined || a.resourceType === q.resourceType) && (q.resourceId === undefined || a.resourceId === q.resourceId)
      // every authorization here is a group's: a userIdIn filter finds none of them
      && !users && (!groups || groups.includes(a.groupId)));
    if (q.sortBy) {
      const dir = q.sortOrder === 'desc' ? -1 : 1;
      out = [...out].sort((a, b) => dir * (q.sortBy === 'resourceType' ? a.resourceType - b.resourceType : a.resourceId.localeCompare(b.resourceId)));
    }
    if (paged) out = out.slice(q.firstResult ?? 0, q.maxResults === undefined ? undefined : (q.firstResult ?? 0) + q.maxResults);
    return out;
  }

  app.get<{ Querystring: Query }>('/authorization', {
    config: any, schema: { tags, querystring: { type: 'object', properties: { ...queryProps, ...pagingProps } }, response: { 200: { type: 'array', items: { $ref: 'AuthorizationDto#' } } } },
  }, async (request) => query(request, request.query, true));

  app.get<{ Querystring: Query }>('/authorization/count', {
    config: any, schema: { tags, querystring: { type: 'object', properties: queryProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: query(request, request.query, false).length }));

  /** The principal a check is for: the caller, or (for identity readers) another user who shares one of their tenants. */
  async function subject(request: FastifyRequest, userId: string | undefined): Promise<Principal> {
    const me = callerOf(request);
    if (!userId || userId === me.user.id) return me;
    if (!allows(me, 'identity:read')) throw new AuthorizationError(`User '${me.user.id}' may check only their own authorizations`);
    const other = await app.identity.principal(userId);
    if (!other || (!isGlobalAdmin(me) && !other.tenantIds.some((t) => me.tenantIds.includes(t)))) throw new NotFoundError(`User with id ${userId} does not exist`);
    return other;
  }

  /** Whether the principal can reach the one resource `resourceId` names (tenants, a task's groups), as the routes decide. */
  async function reaches(request: FastifyRequest, who: Principal, resource: string, id: string): Promise<boolean> {
    const access = { tenantIds: isGlobalAdmin(who) ? null : who.tenantIds, userId: who.user.id, groupIds: who.groupIds, startsAny: who.roles.includes('admin') };
    const found = async (fn: () => Promise<unknown>) => { try { await fn(); return true; } catch (err) { if (err instanceof NotFoundError) return false; throw err; } };
    if (resource === 'Task') return found(async () => { if (!seesTask(who, await app.host.getTask(id, access))) throw new NotFoundError(id); });
    if (resource === 'ProcessInstance') return found(() => app.host.getInstance(id, access));
    if (resource === 'Deployment') return found(() => app.host.getDeployment(id, access));
    // Camunda names a process definition by its key
    if (resource === 'ProcessDefinition') return (await app.host.countDefinitions({ key: id }, access)) > 0;
    return true;
  }

  app.get<{ Querystring: { permissionName: string; permissionValue?: number; resourceName: string; resourceType: number; resourceId?: string; userId?: string } }>('/authorization/check', {
    config: any,
    schema: {
      tags,
      querystring: {
        type: 'object', required: ['permissionName', 'resourceName', 'resourceType'],
        properties: { permissionName: { type: 'string', minLength: 1 }, permissionValue: { type: 'integer' }, resourceName: { type: 'string', minLength: 1 }, resourceType: { type: 'integer' }, resourceId: { type: 'string' }, userId: { type: 'string' } },
      },
      response: { 200: { type: 'object', properties: { permissionName: { type: 'string' }, resourceName: { type: 'string' }, resourceId: s, authorized: { type: 'boolean' }, isAuthorized: { type: 'boolean' } } } },
    },
  }, async (request) => {
    const { permissionName, resourceName, resourceType, resourceId, userId } = request.query;
    const resource = resourceByType(resourceType);
    if (!resource) throw new InvalidRequestError(`Resource type ${resourceType} is not one this server grants rights on; known: ${derivedAuthorizations().map((a) => a.resourceType).filter((t, i, all) => all.indexOf(t) === i).join(', ')}`);
    const who = await subject(request, userId);
    let authorized = rolesAllow(who.roles, resource, permissionName.toUpperCase());
    if (authorized && resourceId && resourceId !== '*') authorized = await reaches(request, who, resource, resourceId);
    // Camunda's reference names the field isAuthorized, its OpenAPI example authorized: both are sent
    return { permissionName, resourceName, resourceId: resourceId ?? null, authorized, isAuthorized: authorized };
  });

  app.get<{ Params: { id: string } }>('/authorization/:id', {
    config: any, schema: { tags, params: idParam, response: { 200: { $ref: 'AuthorizationDto#' } } },
  }, async (request) => {
    const found = visible(request).find((a) => a.id === request.params.id);
    if (!found) throw new NotFoundError(`Authorization with id ${request.params.id} does not exist.`);
    return found;
  });

  // Camunda's resource options: the operations the caller may use. Read-only here, so never `create`, `update` or
  // `delete`; Camunda's admin app offers editing only where these links list it.
  const optionsResponse = { 200: { type: 'object', properties: { links: { type: 'array', items: { type: 'object', properties: { method: { type: 'string' }, href: { type: 'string' }, rel: { type: 'string' } } } } } } };
  const base = (request: FastifyRequest) => `${request.protocol}://${request.host}/engine-rest/authorization`;
  app.options('/authorization', { config: any, schema: { tags, response: optionsResponse } }, async (request) => ({
    links: [{ method: 'GET', href: base(request), rel: 'list' }, { method: 'GET', href: `${base(request)}/count`, rel: 'count' }],
  }));
  app.options<{ Params: { id: string } }>('/authorization/:id', { config: any, schema: { tags, params: idParam, response: optionsResponse } }, async (request) => {
    if (!visible(request).some((a) => a.id === request.params.id)) throw new NotFoundError(`Authorization with id ${request.params.id} does not exist.`);
    return { links: [{ method: 'GET', href: `${base(request)}/${encodeURIComponent(request.params.id)}`, rel: 'self' }] };
  });

  app.post('/authorization/create', { config: admin, schema: { tags } }, async () => { throw new InvalidRequestError(READ_ONLY); });

  for (const method of ['put', 'delete'] as const) {
    app[method]<{ Params: { id: string } }>('/authorization/:id', { config: admin, schema: { tags, params: idParam } }, async (request) => {
      if (!derivedAuthorizations().some((a) => a.id === request.params.id)) throw new NotFoundError(`Authorization with id ${request.params.id} does not exist.`);
      throw new InvalidRequestError(READ_ONLY);
    });
  }
}
