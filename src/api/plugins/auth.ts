// Authenticates every /engine-rest and /api request (HTTP Basic as Camunda's REST, or a bearer token),
// then checks the route's permission against the caller's roles and sets `request.access` for the host.
import { createHmac, randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AuthenticationError, AuthorizationError } from '../../errors.js';
import { sha256, type Principal } from '../../store/identity.js';
import { accessOf, allows } from '../permissions.js';

/** Paths under these prefixes need a caller; everything else (web apps' static files) is not ours to guard. */
const GUARDED = /^\/(engine-rest|api)(\/|$|\?)/;

interface Cached { principal: Principal; until: number }

export interface AuthDecorations {
  /** Forgets cached principals of a user (after a password change, lockout or membership change). */
  forgetUser(userId: string): void;
  /** Forgets one bearer token (after logout). */
  forgetToken(token: string): void;
}

declare module 'fastify' {
  interface FastifyInstance { auth: AuthDecorations }
}

async function auth(app: FastifyInstance): Promise<void> {
  // Verified credentials are cached briefly under an HMAC with a per-process key: scrypt per request
  // would cost a worker polling every 300 ms tens of milliseconds of CPU each time.
  const key = randomBytes(32);
  const cache = new Map<string, Cached>();
  const ttl = app.apiConfig.authCacheMs;

  const remember = (id: string, principal: Principal) => {
    if (ttl <= 0) return;
    if (cache.size > 10_000) cache.clear();
    cache.set(id, { principal, until: Date.now() + ttl });
  };
  const recall = (id: string): Principal | null => {
    const hit = cache.get(id);
    if (!hit) return null;
    if (hit.until < Date.now()) { cache.delete(id); return null; }
    return hit.principal;
  };

  app.decorate('auth', {
    forgetUser(userId: string) {
      for (const [k, v] of cache) if (v.principal.user.id === userId) cache.delete(k);
    },
    forgetToken(token: string) {
      cache.delete(`t:${sha256(token)}`);
    },
  });

  async function basic(encoded: string): Promise<Principal> {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new AuthenticationError('Malformed Basic credentials');
    const userId = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const id = `b:${createHmac('sha256', key).update(decoded).digest('hex')}`;
    const cached = recall(id);
    if (cached) return cached;
    const check = await app.identity.verifyPassword(userId, password);
    if (!check.ok) {
      if (check.reason === 'locked') throw new AuthenticationError('The account is locked after repeated failed sign-ins; try again later');
      throw new AuthenticationError('Wrong user name or password');
    }
    const principal = await app.identity.principal(userId);
    if (!principal) throw new AuthenticationError('Wrong user name or password');
    remember(id, principal);
    return principal;
  }

  async function bearer(token: string): Promise<Principal> {
    const id = `t:${sha256(token)}`;
    const cached = recall(id);
    if (cached) return cached;
    const session = await app.identity.resolveToken(token);
    if (!session) throw new AuthenticationError('The token is unknown, expired or revoked');
    const principal = await app.identity.principal(session.userId);
    if (!principal || !principal.user.active) throw new AuthenticationError('The token is unknown, expired or revoked');
    remember(id, principal);
    return principal;
  }

  app.decorate('authenticate', async (request: FastifyRequest): Promise<Principal> => {
    const header = request.headers.authorization;
    if (!header) throw new AuthenticationError('Authentication required: send HTTP Basic credentials or a bearer token');
    const [scheme, value] = header.split(' ', 2);
    if (/^basic$/i.test(scheme ?? '') && value) return basic(value.trim());
    if (/^bearer$/i.test(scheme ?? '') && value) return bearer(value.trim());
    throw new AuthenticationError('Unsupported authorization scheme');
  });

  app.addHook('onRequest', async (request) => {
    if (!GUARDED.test(request.url)) return;
    const config = request.routeOptions.config;
    if (config?.public) return;
    const principal = await app.authenticate(request);
    if (!principal.user.active) throw new AuthenticationError('The account is disabled');
    request.principal = principal;
    request.access = accessOf(principal);
    const permission = config?.permission ?? 'authenticated';
    if (!allows(principal, permission)) {
      throw new AuthorizationError(`User '${principal.user.id}' has no permission for ${request.method} ${request.routeOptions.url ?? ''}`);
    }
  });
}

declare module 'fastify' {
  interface FastifyInstance { authenticate(request: FastifyRequest): Promise<Principal> }
}

export default fp(auth, { name: 'reglament-auth', fastify: '5.x', dependencies: ['reglament-context'] });
