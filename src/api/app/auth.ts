// The project's own sign-in API for the web apps and workers: login → bearer token, logout, me, applicant registration, health.
import { callerOf } from '../caller.js';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { validateIin } from '../../iin/index.js';
import { AuthenticationError, InvalidRequestError, NotFoundError } from '../../errors.js';
import type { Principal } from '../../store/identity.js';

const sessionSchema = {
  type: 'object',
  properties: {
    token: { type: 'string' },
    expiresAt: { type: 'string', format: 'date-time' },
    user: { $ref: 'SessionUser#' },
    tenants: { type: 'array', items: { type: 'string' } },
    groups: { type: 'array', items: { type: 'string' } },
    roles: { type: 'array', items: { type: 'string' } },
  },
} as const;

function describe(principal: Principal) {
  const { id, firstName, lastName, email, kind } = principal.user;
  return {
    user: { id, firstName, lastName, email, kind },
    tenants: principal.tenantIds,
    groups: principal.groupIds,
    roles: principal.roles,
  };
}

export default async function authRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema({
    $id: 'SessionUser',
    type: 'object',
    properties: {
      id: { type: 'string' }, firstName: { type: ['string', 'null'] }, lastName: { type: ['string', 'null'] },
      email: { type: ['string', 'null'] }, kind: { type: 'string' },
    },
  });
  const { max, timeWindowMs } = app.apiConfig.loginRateLimit;
  const rateLimit = { max, timeWindow: timeWindowMs };
  // Per address and account: colleagues behind one ЦОН address each have their own budget.
  const loginRateLimit = {
    ...rateLimit,
    // After the body is parsed, so the key can name the account.
    hook: 'preHandler' as const,
    keyGenerator: (request: FastifyRequest) => {
      const body = (request.body ?? {}) as { username?: unknown; iin?: unknown };
      const who = typeof body.username === 'string' ? body.username : typeof body.iin === 'string' ? body.iin : '';
      return `${request.ip}|${who.toLowerCase().slice(0, 128)}`;
    },
  };

  app.get('/api/health', {
    config: { public: true },
    schema: { tags: ['api'], response: { 200: { type: 'object', properties: { status: { type: 'string' } } } } },
  }, async () => {
    await app.db.raw('select 1');
    return { status: 'ok' };
  });

  app.post<{ Body: { username?: string; iin?: string; password: string } }>('/api/auth/login', {
    config: { public: true, rateLimit: loginRateLimit },
    schema: {
      tags: ['api'],
      body: {
        type: 'object',
        properties: { username: { type: 'string', maxLength: 128 }, iin: { type: 'string', maxLength: 12 }, password: { type: 'string', maxLength: 1024 } },
        required: ['password'],
      },
      response: { 200: sessionSchema },
    },
  }, async (request) => {
    const { username, iin, password } = request.body;
    let userId = username;
    // Applicants may type their IIN as the user name: their user id is not the IIN.
    const byIin = iin ?? (username && /^[0-9]{12}$/.test(username) ? username : undefined);
    if (byIin && (!username || !(await app.identity.getUser(username)))) userId = (await app.identity.findUserByIin(byIin))?.id;
    if (!userId) {
      if (!byIin) throw new InvalidRequestError('Cannot sign in: give a username or an iin');
      // Same work and answer as a wrong password, so the answer does not tell which IINs are registered.
      await app.auth.checkPassword(`\u0000iin:${byIin}`, password, request.ip);
      throw new AuthenticationError('Wrong user name or password');
    }
    const check = await app.auth.checkPassword(userId, password, request.ip);
    if (!check.ok) {
      if (check.reason === 'locked') throw new AuthenticationError('The account is locked after repeated failed sign-ins; try again later');
      throw new AuthenticationError('Wrong user name or password');
    }
    const principal = (await app.identity.principal(userId))!;
    // Expired tokens are swept at sign-in, so the table stays small without a timer.
    await app.identity.purgeExpiredTokens();
    const { token, expiresAt } = await app.identity.issueToken(userId, app.apiConfig.tokenTtlMs);
    return { token, expiresAt: new Date(expiresAt).toISOString(), ...describe(principal) };
  });

  // The akimats an applicant may register with: public, as the portal's registration form lists them.
  app.get('/api/auth/tenants', {
    config: { public: true },
    schema: { tags: ['api'], response: { 200: { type: 'array', items: { type: 'object', properties: {
      id: { type: 'string' }, name: { type: ['string', 'null'] },
      // The akimat's name in both languages, from its profile (tenant.json), for a page in either; null without a profile.
      names: { type: ['object', 'null'], properties: { ru: { type: 'string' }, kk: { type: 'string' } } },
    } } } } },
  }, async () => {
    const [tenants, profiles] = await Promise.all([app.identity.listTenants({}), app.db('tenant_profile').select('tenant_id', 'profile')]);
    const names = new Map(profiles.map((row: { tenant_id: string; profile: unknown }) => {
      const profile = (typeof row.profile === 'string' ? JSON.parse(row.profile) : row.profile) as { name?: { ru?: string; kk?: string } } | null;
      return [row.tenant_id, profile?.name ?? null];
    }));
    return tenants.map((tn) => ({ ...tn, names: names.get(tn.id) ?? null }));
  });

  app.post('/api/auth/logout', { config: { permission: 'authenticated' },
    schema: { tags: ['api'] },
  }, async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const match = /^bearer\s+(.+)$/i.exec(header);
    if (match) {
      await app.identity.revokeToken(match[1]!.trim());
      app.auth.forgetToken(match[1]!.trim());
    }
    return reply.code(204).send();
  });

  // The authorize worker asks who signed in to start a process: the process holds a ticket, not the sign-in token
  // (src/engine/credential-tickets.ts). Workers only; the ticket must be of this instance and this external task.
  app.post<{ Body: { ticket: string; processInstanceId: string; externalTaskId: string } }>('/api/auth/session-tickets/redeem', {
    config: { permission: 'external-tasks:work' },
    schema: {
      tags: ['api'],
      body: {
        type: 'object', required: ['ticket', 'processInstanceId', 'externalTaskId'], additionalProperties: false,
        properties: { ticket: { type: 'string', maxLength: 200 }, processInstanceId: { type: 'string', maxLength: 64 }, externalTaskId: { type: 'string', maxLength: 64 } },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            valid: { type: 'boolean' },
            user: { $ref: 'SessionUser#' },
            tenants: { type: 'array', items: { type: 'string' } },
            groups: { type: 'array', items: { type: 'string' } },
            roles: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  }, async (request) => {
    const { ticket, processInstanceId, externalTaskId } = request.body;
    const tokenHash = await app.host.redeemCredentialTicket(ticket, { instanceId: processInstanceId, externalTaskId }, request.access);
    const session = tokenHash ? await app.identity.resolveTokenHash(tokenHash) : null;
    const principal = session ? await app.identity.principal(session.userId) : null;
    if (!principal || !principal.user.active) return { valid: false };
    return { valid: true, ...describe(principal) };
  });

  app.get('/api/auth/me', { config: { permission: 'authenticated' },
    schema: {
      tags: ['api'],
      response: {
        200: {
          type: 'object',
          properties: {
            user: { $ref: 'SessionUser#' },
            tenants: { type: 'array', items: { type: 'string' } },
            groups: { type: 'array', items: { type: 'string' } },
            roles: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    },
  }, async (request) => describe(callerOf(request)));

  app.post<{ Body: { iin: string; password: string; firstName: string; lastName: string; email?: string; tenantId: string } }>('/api/auth/register', {
    config: { public: true, rateLimit },
    schema: {
      tags: ['api'],
      body: {
        type: 'object',
        properties: {
          iin: { type: 'string', maxLength: 12 },
          password: { type: 'string', minLength: 8, maxLength: 1024 },
          firstName: { type: 'string', minLength: 1, maxLength: 200 },
          lastName: { type: 'string', minLength: 1, maxLength: 200 },
          email: { type: 'string', maxLength: 320, format: 'email' },
          tenantId: { type: 'string', maxLength: 128 },
        },
        required: ['iin', 'password', 'firstName', 'lastName', 'tenantId'],
      },
      response: { 200: sessionSchema },
    },
  }, async (request) => {
    const { iin, password, firstName, lastName, email, tenantId } = request.body;
    const check = validateIin(iin);
    if (!check.ok) throw new InvalidRequestError(`Cannot register: ${check.reason}`);
    if (!(await app.identity.getTenant(tenantId))) throw new NotFoundError(`Cannot register: no akimat with id '${tenantId}'`);
    // The user id is random, not the IIN: user ids appear in task assignees, logs and URLs, the IIN must not.
    const id = `applicant-${randomBytes(8).toString('hex')}`;
    await app.identity.createUser({ id, iin, password, firstName, lastName, email: email ?? null, kind: 'applicant' });
    await app.identity.ensureRoleGroups();
    await app.identity.addGroupMember('applicant', id);
    await app.identity.addTenantUser(tenantId, id);
    const principal = (await app.identity.principal(id))!;
    const { token, expiresAt } = await app.identity.issueToken(id, app.apiConfig.tokenTtlMs);
    return { token, expiresAt: new Date(expiresAt).toISOString(), ...describe(principal) };
  });
}
