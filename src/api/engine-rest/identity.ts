// Camunda's admin REST for identity: users, groups, tenants and their memberships, credential checks.
// A global administrator manages everything; an administrator of some akimats manages their users and memberships only.
import { callerOf } from '../caller.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuthorizationError, InvalidRequestError, NotFoundError, ProcessEngineError } from '../../errors.js';
import { ROLE_GROUP_TYPE, type Principal, type UserRecord } from '../../store/identity.js';
import { allows, isGlobalAdmin } from '../permissions.js';

const id = { type: 'string', minLength: 1, maxLength: 128 } as const;
const paging = { firstResult: { type: 'integer', minimum: 0 }, maxResults: { type: 'integer', minimum: 0 } } as const;
const userProfile = {
  $id: 'UserProfileDto',
  type: 'object',
  properties: { id: { type: 'string' }, firstName: { type: ['string', 'null'] }, lastName: { type: ['string', 'null'] }, email: { type: ['string', 'null'] } },
} as const;
const groupDto = { $id: 'GroupDto', type: 'object', properties: { id: { type: 'string' }, name: { type: ['string', 'null'] }, type: { type: ['string', 'null'] } } } as const;
const tenantDto = { $id: 'TenantDto', type: 'object', properties: { id: { type: 'string' }, name: { type: ['string', 'null'] } } } as const;
const countDto = { type: 'object', properties: { count: { type: 'integer' } } } as const;

const profile = (u: UserRecord) => ({ id: u.id, firstName: u.firstName, lastName: u.lastName, email: u.email });

export default async function identityRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(userProfile);
  app.addSchema(groupDto);
  app.addSchema(tenantDto);

  const me = (request: FastifyRequest): Principal => callerOf(request);

  /** A user the caller may see: anyone for a global administrator, else users sharing one of the caller's tenants. */
  async function visibleUser(caller: Principal, userId: string): Promise<UserRecord> {
    const user = await app.identity.getUser(userId);
    if (user && (isGlobalAdmin(caller) || user.id === caller.user.id)) return user;
    if (user && caller.tenantIds.length && (await app.identity.countUsers({ id: userId, memberOfTenantIn: caller.tenantIds })) > 0) return user;
    throw new NotFoundError(`User with id '${userId}' does not exist`);
  }

  function ownTenant(caller: Principal, tenantId: string): void {
    if (!isGlobalAdmin(caller) && !caller.tenantIds.includes(tenantId)) throw new NotFoundError(`Tenant with id '${tenantId}' does not exist`);
  }

  function scopeUsers(caller: Principal) {
    return isGlobalAdmin(caller) ? {} : { memberOfTenantIn: caller.tenantIds.length ? caller.tenantIds : ['\u0000none'] };
  }

  // ---- users ----

  interface UserQs { id?: string; firstName?: string; lastName?: string; email?: string; memberOfGroup?: string; memberOfTenant?: string; firstResult?: number; maxResults?: number }
  const userQs = {
    type: 'object',
    properties: { id, firstName: { type: 'string' }, lastName: { type: 'string' }, email: { type: 'string' }, memberOfGroup: id, memberOfTenant: id, ...paging },
  } as const;

  app.post<{ Body: { profile: { id: string; firstName?: string; lastName?: string; email?: string }; credentials?: { password: string } } }>('/user/create', {
    config: { permission: 'identity:admin' },
    schema: {
      tags: ['User'],
      body: {
        type: 'object',
        required: ['profile'],
        properties: {
          profile: { type: 'object', required: ['id'], properties: { id, firstName: { type: 'string', maxLength: 200 }, lastName: { type: 'string', maxLength: 200 }, email: { type: 'string', maxLength: 320 } } },
          credentials: { type: 'object', properties: { password: { type: 'string', maxLength: 1024 } } },
        },
      },
    },
  }, async (request, reply) => {
    const { profile: p, credentials } = request.body;
    await app.identity.createUser({ id: p.id, firstName: p.firstName, lastName: p.lastName, email: p.email, password: credentials?.password, kind: 'staff' });
    // An administrator of some akimats creates users inside them, or they could never see the user again.
    const caller = me(request);
    if (!isGlobalAdmin(caller)) for (const t of caller.tenantIds) await app.identity.addTenantUser(t, p.id);
    return reply.code(204).send();
  });

  app.get<{ Querystring: UserQs }>('/user', {
    config: { permission: 'identity:read' },
    schema: { tags: ['User'], querystring: userQs, response: { 200: { type: 'array', items: { $ref: 'UserProfileDto#' } } } },
  }, async (request) => (await app.identity.listUsers({ ...request.query, ...scopeUsers(me(request)) })).map(profile));

  app.get<{ Querystring: UserQs }>('/user/count', {
    config: { permission: 'identity:read' },
    schema: { tags: ['User'], querystring: userQs, response: { 200: countDto } },
  }, async (request) => ({ count: await app.identity.countUsers({ ...request.query, ...scopeUsers(me(request)) }) }));

  app.get<{ Params: { id: string } }>('/user/:id/profile', { config: { permission: 'authenticated' },
    schema: { tags: ['User'], params: { type: 'object', properties: { id } }, response: { 200: { $ref: 'UserProfileDto#' } } },
  }, async (request) => {
    const caller = me(request);
    if (request.params.id !== caller.user.id && !allows(caller, 'identity:read')) {
      throw new NotFoundError(`User with id '${request.params.id}' does not exist`);
    }
    return profile(await visibleUser(caller, request.params.id));
  });

  app.put<{ Params: { id: string }; Body: { password: string; authenticatedUserPassword?: string } }>('/user/:id/credentials', { config: { permission: 'authenticated' },
    schema: {
      tags: ['User'],
      params: { type: 'object', properties: { id } },
      body: { type: 'object', required: ['password'], properties: { password: { type: 'string', maxLength: 1024 }, authenticatedUserPassword: { type: 'string', maxLength: 1024 } } },
    },
  }, async (request, reply) => {
    const caller = me(request);
    const target = request.params.id;
    if (target !== caller.user.id && !allows(caller, 'identity:admin')) throw new AuthorizationError('Only an administrator may change another user\'s password');
    await visibleUser(caller, target);
    // As in Camunda, the caller confirms with their own password.
    const confirm = await app.auth.checkPassword(caller.user.id, request.body.authenticatedUserPassword ?? '', request.ip);
    if (!confirm.ok) throw new AuthorizationError('The authenticated user\'s password is wrong');
    await app.identity.setPassword(target, request.body.password);
    app.auth.forgetUser(target);
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string } }>('/user/:id', {
    config: { permission: 'identity:admin' },
    schema: { tags: ['User'], params: { type: 'object', properties: { id } } },
  }, async (request, reply) => {
    await visibleUser(me(request), request.params.id);
    await app.identity.deleteUser(request.params.id);
    app.auth.forgetUser(request.params.id);
    return reply.code(204).send();
  });

  // ---- groups ----

  interface GroupQs { id?: string; name?: string; type?: string; member?: string; memberOfTenant?: string; firstResult?: number; maxResults?: number }
  const groupQs = { type: 'object', properties: { id, name: { type: 'string' }, type: { type: 'string' }, member: id, memberOfTenant: id, ...paging } } as const;

  app.post<{ Body: { id: string; name?: string; type?: string } }>('/group/create', {
    config: { permission: 'identity:admin' },
    schema: { tags: ['Group'], body: { type: 'object', required: ['id'], properties: { id, name: { type: 'string', maxLength: 200 }, type: { type: 'string', maxLength: 32 } } } },
  }, async (request, reply) => {
    // Camunda inserts and the database refuses the duplicate: a ProcessEngineException (500), not a 4xx.
    if (await app.identity.getGroup(request.body.id)) throw new ProcessEngineError(`Cannot create group '${request.body.id}': a group with this id exists`);
    await app.identity.createGroup(request.body);
    return reply.code(204).send();
  });

  app.get<{ Querystring: GroupQs }>('/group', {
    config: { permission: 'identity:read' },
    schema: { tags: ['Group'], querystring: groupQs, response: { 200: { type: 'array', items: { $ref: 'GroupDto#' } } } },
  }, async (request) => app.identity.listGroups(request.query));

  app.get<{ Querystring: GroupQs }>('/group/count', {
    config: { permission: 'identity:read' },
    schema: { tags: ['Group'], querystring: groupQs, response: { 200: countDto } },
  }, async (request) => ({ count: await app.identity.countGroups(request.query) }));

  app.get<{ Params: { id: string } }>('/group/:id', {
    config: { permission: 'identity:read' },
    schema: { tags: ['Group'], params: { type: 'object', properties: { id } }, response: { 200: { $ref: 'GroupDto#' } } },
  }, async (request) => {
    const group = await app.identity.getGroup(request.params.id);
    if (!group) throw new NotFoundError(`Group with id '${request.params.id}' does not exist`);
    return group;
  });

  // Groups are shared by every akimat (and role groups carry permissions): only a global administrator deletes one.
  app.delete<{ Params: { id: string } }>('/group/:id', {
    config: { permission: 'identity:admin' },
    schema: { tags: ['Group'], params: { type: 'object', properties: { id } } },
  }, async (request, reply) => {
    if (!isGlobalAdmin(me(request))) throw new AuthorizationError('Only a global administrator may delete groups');
    const group = await app.identity.getGroup(request.params.id);
    if (!group) throw new NotFoundError(`Group with id '${request.params.id}' does not exist`);
    if (group.type === ROLE_GROUP_TYPE) throw new InvalidRequestError(`Group '${request.params.id}' is a role group; its permissions are the server's (docs/api.md) and it cannot be deleted`);
    const members = await app.identity.deleteGroup(request.params.id);
    for (const u of members || []) app.auth.forgetUser(u);
    return reply.code(204).send();
  });

  const memberParams = { type: 'object', properties: { id, userId: id } } as const;
  app.put<{ Params: { id: string; userId: string } }>('/group/:id/members/:userId', {
    config: { permission: 'identity:admin' },
    schema: { tags: ['Group'], params: memberParams },
  }, async (request, reply) => {
    const caller = me(request);
    await visibleUser(caller, request.params.userId);
    // Only a global administrator hands out the global administrator role.
    if (request.params.id === 'admin' && !isGlobalAdmin(caller)) throw new AuthorizationError('Only a global administrator may grant the admin role');
    await app.identity.addGroupMember(request.params.id, request.params.userId);
    app.auth.forgetUser(request.params.userId);
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string; userId: string } }>('/group/:id/members/:userId', {
    config: { permission: 'identity:admin' },
    schema: { tags: ['Group'], params: memberParams },
  }, async (request, reply) => {
    await visibleUser(me(request), request.params.userId);
    await app.identity.removeGroupMember(request.params.id, request.params.userId);
    app.auth.forgetUser(request.params.userId);
    return reply.code(204).send();
  });

  // ---- tenants ----

  interface TenantQs { id?: string; name?: string; userMember?: string; groupMember?: string; firstResult?: number; maxResults?: number }
  const tenantQs = { type: 'object', properties: { id, name: { type: 'string' }, userMember: id, groupMember: id, ...paging } } as const;

  app.post<{ Body: { id: string; name?: string } }>('/tenant/create', {
    config: { permission: 'identity:admin' },
    schema: { tags: ['Tenant'], body: { type: 'object', required: ['id'], properties: { id, name: { type: 'string', maxLength: 300 } } } },
  }, async (request, reply) => {
    if (!isGlobalAdmin(me(request))) throw new AuthorizationError('Only a global administrator may create tenants');
    if (await app.identity.getTenant(request.body.id)) throw new ProcessEngineError(`Cannot create tenant '${request.body.id}': a tenant with this id exists`);
    await app.identity.createTenant(request.body);
    return reply.code(204).send();
  });

  app.get<{ Querystring: TenantQs }>('/tenant', { config: { permission: 'authenticated' },
    schema: { tags: ['Tenant'], querystring: tenantQs, response: { 200: { type: 'array', items: { $ref: 'TenantDto#' } } } },
  }, async (request) => {
    const caller = me(request);
    const tenants = await app.identity.listTenants(request.query);
    // Everyone may list the akimats they belong to; a global administrator sees all.
    return isGlobalAdmin(caller) ? tenants : tenants.filter((t) => caller.tenantIds.includes(t.id));
  });

  app.get<{ Querystring: TenantQs }>('/tenant/count', { config: { permission: 'authenticated' },
    schema: { tags: ['Tenant'], querystring: tenantQs, response: { 200: countDto } },
  }, async (request) => {
    const caller = me(request);
    const { firstResult: _f, maxResults: _m, ...filter } = request.query;
    if (isGlobalAdmin(caller)) return { count: await app.identity.countTenants(filter) };
    // the same tenants GET /tenant shows the caller: its own
    return { count: (await app.identity.listTenants(filter)).filter((t) => caller.tenantIds.includes(t.id)).length };
  });

  app.get<{ Params: { id: string } }>('/tenant/:id', { config: { permission: 'authenticated' },
    schema: { tags: ['Tenant'], params: { type: 'object', properties: { id } }, response: { 200: { $ref: 'TenantDto#' } } },
  }, async (request) => {
    ownTenant(me(request), request.params.id);
    const tenant = await app.identity.getTenant(request.params.id);
    if (!tenant) throw new NotFoundError(`Tenant with id '${request.params.id}' does not exist`);
    return tenant;
  });

  app.delete<{ Params: { id: string } }>('/tenant/:id', {
    config: { permission: 'identity:admin' },
    schema: { tags: ['Tenant'], params: { type: 'object', properties: { id } } },
  }, async (request, reply) => {
    if (!isGlobalAdmin(me(request))) throw new AuthorizationError('Only a global administrator may delete tenants');
    const members = await app.identity.listUsers({ memberOfTenant: request.params.id });
    if (!(await app.identity.deleteTenant(request.params.id))) throw new NotFoundError(`Tenant with id '${request.params.id}' does not exist`);
    for (const u of members) app.auth.forgetUser(u.id);
    return reply.code(204).send();
  });

  const tenantUserParams = { type: 'object', properties: { id, userId: id } } as const;
  const tenantGroupParams = { type: 'object', properties: { id, groupId: id } } as const;

  app.put<{ Params: { id: string; userId: string } }>('/tenant/:id/user-members/:userId', {
    config: { permission: 'identity:admin' },
    schema: { tags: ['Tenant'], params: tenantUserParams },
  }, async (request, reply) => {
    const caller = me(request);
    ownTenant(caller, request.params.id);
    if (!isGlobalAdmin(caller)) await visibleUser(caller, request.params.userId);
    await app.identity.addTenantUser(request.params.id, request.params.userId);
    app.auth.forgetUser(request.params.userId);
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string; userId: string } }>('/tenant/:id/user-members/:userId', {
    config: { permission: 'identity:admin' },
    schema: { tags: ['Tenant'], params: tenantUserParams },
  }, async (request, reply) => {
    ownTenant(me(request), request.params.id);
    await app.identity.removeTenantUser(request.params.id, request.params.userId);
    app.auth.forgetUser(request.params.userId);
    return reply.code(204).send();
  });

  app.put<{ Params: { id: string; groupId: string } }>('/tenant/:id/group-members/:groupId', {
    config: { permission: 'identity:admin' },
    schema: { tags: ['Tenant'], params: tenantGroupParams },
  }, async (request, reply) => {
    // A group in a tenant gives every member that tenant: only a global administrator may do it.
    if (!isGlobalAdmin(me(request))) throw new AuthorizationError('Only a global administrator may add groups to tenants');
    await app.identity.addTenantGroup(request.params.id, request.params.groupId);
    for (const u of await app.identity.listUsers({ memberOfGroup: request.params.groupId })) app.auth.forgetUser(u.id);
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string; groupId: string } }>('/tenant/:id/group-members/:groupId', {
    config: { permission: 'identity:admin' },
    schema: { tags: ['Tenant'], params: tenantGroupParams },
  }, async (request, reply) => {
    if (!isGlobalAdmin(me(request))) throw new AuthorizationError('Only a global administrator may remove groups from tenants');
    await app.identity.removeTenantGroup(request.params.id, request.params.groupId);
    for (const u of await app.identity.listUsers({ memberOfGroup: request.params.groupId })) app.auth.forgetUser(u.id);
    return reply.code(204).send();
  });

  // ---- identity service ----

  app.post<{ Body: { username: string; password: string } }>('/identity/verify', {
    config: { permission: 'authenticated', rateLimit: { max: app.apiConfig.loginRateLimit.max, timeWindow: app.apiConfig.loginRateLimit.timeWindowMs } },
    schema: {
      tags: ['Identity'],
      body: { type: 'object', required: ['username', 'password'], properties: { username: { type: 'string', maxLength: 128 }, password: { type: 'string', maxLength: 1024 } } },
      response: { 200: { type: 'object', properties: { authenticatedUser: { type: ['string', 'null'] }, authenticated: { type: 'boolean' } } } },
    },
  }, async (request) => {
    const check = await app.auth.checkPassword(request.body.username, request.body.password, request.ip);
    return { authenticatedUser: request.body.username, authenticated: check.ok };
  });

  app.get<{ Querystring: { userId: string } }>('/identity/groups', { config: { permission: 'authenticated' },
    schema: {
      tags: ['Identity'],
      querystring: { type: 'object', required: ['userId'], properties: { userId: id } },
      response: {
        200: {
          type: 'object',
          properties: {
            groups: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: ['string', 'null'] } } } },
            groupUsers: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, firstName: { type: ['string', 'null'] }, lastName: { type: ['string', 'null'] }, displayName: { type: 'string' } } } },
          },
        },
      },
    },
  }, async (request) => {
    const caller = me(request);
    if (request.query.userId !== caller.user.id && !allows(caller, 'identity:read')) throw new NotFoundError(`User with id '${request.query.userId}' does not exist`);
    await visibleUser(caller, request.query.userId);
    const groups = await app.identity.listGroups({ member: request.query.userId });
    const users = new Map<string, UserRecord>();
    for (const g of groups) {
      for (const u of await app.identity.listUsers({ memberOfGroup: g.id, ...scopeUsers(caller), maxResults: 500 })) users.set(u.id, u);
    }
    return {
      groups: groups.map((g) => ({ id: g.id, name: g.name })),
      groupUsers: [...users.values()].map((u) => ({ id: u.id, firstName: u.firstName, lastName: u.lastName, displayName: [u.firstName, u.lastName].filter(Boolean).join(' ') || u.id })),
    };
  });
}
