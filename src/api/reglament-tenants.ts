// /api/tenants: the tenant file applied over REST (global administrators, in the user-operation log), the stored
// profile for the tenant's staff, «where to apply» for the portal, and an IIN set on a staff user so they can sign.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { AuthorizationError, InvalidRequestError, NotFoundError } from '../errors.js';
import { validateIin } from '../iin/index.js';
import { applyTenant } from '../tenants/apply.js';
import { readProfile } from '../tenants/store.js';
import { conDepartmentsOf, providerOf } from '../tenants/profile.js';
import { callerOf } from './caller.js';
import { isGlobalAdmin } from './permissions.js';

const tenantParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64 } } } as const;
const tags = ['Tenants'];

export async function reglamentTenantRoutes(app: FastifyInstance): Promise<void> {
  const { db } = app;

  app.put<{ Params: { id: string }; Body: Record<string, unknown> }>('/api/tenants/:id', {
    config: { permission: 'identity:admin' },
    bodyLimit: 2 * 1024 * 1024,
    schema: { tags, summary: 'Apply a tenant file (tenant.json): tenant, profile, staff, workers, archive mode', params: tenantParams, body: { type: 'object' } },
  }, async (request) => {
    const caller = callerOf(request);
    if (!isGlobalAdmin(caller)) throw new AuthorizationError('Only a global administrator may apply tenant files');
    if (request.body.id !== request.params.id) {
      throw new InvalidRequestError(`Cannot apply tenant '${request.params.id}': the file's id is '${String(request.body.id)}'`);
    }
    const result = await applyTenant(db, request.body, { userId: caller.user.id, file: `tenant ${request.params.id}` });
    for (const u of result.touchedUsers) app.auth.forgetUser(u);
    return { tenantId: result.tenantId, revision: result.revision, changes: result.changes };
  });

  app.get<{ Params: { id: string } }>('/api/tenants/:id/profile', {
    config: { permission: 'authenticated' },
    schema: { tags, summary: "The tenant's stored profile, for its staff and global administrators", params: tenantParams },
  }, async (request) => {
    const caller = callerOf(request);
    const staff = caller.roles.some((r) => r !== 'applicant');
    if (!staff || (!isGlobalAdmin(caller) && !caller.tenantIds.includes(request.params.id))) throw new NotFoundError(`Tenant '${request.params.id}' not found`);
    const stored = await readProfile(db, request.params.id);
    if (!stored) throw new NotFoundError(`Tenant '${request.params.id}' has no profile`);
    return stored;
  });

  // Public: the organization a signature and the public verification page name (no signers, no subscribers).
  app.get<{ Params: { id: string } }>('/api/tenants/:id/organization', {
    config: { public: true },
    schema: { tags, summary: 'The organization of a tenant as signatures and the verification page show it', params: tenantParams },
  }, async (request) => {
    const stored = await readProfile(db, request.params.id);
    if (!stored) throw new NotFoundError(`Tenant '${request.params.id}' not found`);
    return { tenantId: stored.profile.id, name: stored.profile.name, organization: stored.profile.organization };
  });

  // Public: the offices and ЦОН departments are printed in the acts' annexes; signers and subscribers are not shown.
  app.get<{ Params: { id: string }; Querystring: { service: string } }>('/api/tenants/:id/where-to-apply', {
    config: { public: true },
    schema: {
      tags, summary: '«Where to apply» for a service: the provider with its offices and the ЦОН departments', params: tenantParams,
      querystring: { type: 'object', required: ['service'], properties: { service: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,127}$' } } },
    },
  }, async (request) => {
    const stored = await readProfile(db, request.params.id);
    if (!stored) throw new NotFoundError(`Tenant '${request.params.id}' not found`);
    const { profile } = stored;
    const provider = providerOf(profile, request.query.service);
    return {
      tenantId: profile.id, name: profile.name, organization: profile.organization, service: request.query.service,
      provider: provider && { name: provider.name, shortName: provider.shortName, offices: provider.offices.filter((o) => !o.services?.length || o.services.includes(request.query.service)) },
      conDepartments: conDepartmentsOf(profile, request.query.service),
    };
  });

  app.put<{ Params: { id: string }; Body: { iin: string | null } }>('/api/users/:id/iin', {
    config: { permission: 'identity:admin' },
    schema: {
      tags, summary: "Set or clear a staff user's IIN (the certificate of their ЭЦП must carry it)",
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 128 } } },
      body: { type: 'object', required: ['iin'], additionalProperties: false, properties: { iin: { type: ['string', 'null'], maxLength: 12 } } },
    },
  }, async (request, reply) => {
    const caller = callerOf(request);
    const { id } = request.params;
    const user = await app.identity.getUser(id);
    const visible = user && (isGlobalAdmin(caller) || (caller.tenantIds.length > 0 && (await app.identity.countUsers({ id, memberOfTenantIn: caller.tenantIds })) > 0));
    if (!user || !visible) throw new NotFoundError(`User with id '${id}' does not exist`);
    if (user.kind !== 'staff') throw new InvalidRequestError(`Cannot set the IIN of user '${id}': only staff users get it over this route`);
    const { iin } = request.body;
    if (iin !== null) {
      const check = validateIin(iin);
      if (!check.ok) throw new InvalidRequestError(`Cannot set the IIN of user '${id}': not a valid IIN (${check.reason})`);
      const holder = await app.identity.findUserByIin(iin);
      if (holder && holder.id !== id) throw new InvalidRequestError(`Cannot set the IIN of user '${id}': this IIN is already registered`);
    }
    if (iin === user.iin) return reply.code(204).send();
    await db.transaction(async (trx) => {
      await trx('identity_user').where({ id }).update({ iin });
      // Whether an IIN is set, never the number.
      await trx('engine_op_log').insert({
        id: randomUUID(), user_id: caller.user.id, timestamp: Date.now(), operation_type: 'Update', entity_type: 'User',
        property: 'iin', org_value: user.iin ? 'set' : null, new_value: iin ? 'set' : null, annotation: `user ${id}`,
      });
    });
    app.auth.forgetUser(id);
    return reply.code(204).send();
  });
}
