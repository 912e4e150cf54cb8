// Authenticates every request to a route that is not declared public (HTTP Basic as Camunda's REST, or a bearer
// token), then checks the route's declared permission against the caller's roles and sets `request.access`.
// The decision reads the route the router matched, never the raw URL: the router decodes `%65ngine-rest` and the
// like, so a pattern on the raw URL is a bypass. A route that declares neither `public` nor a permission is
// refused to everyone, and the server does not start with one.
import { createHmac, randomBytes } from 'node:crypto';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { AuthenticationError, AuthorizationError, TooManyAttemptsError } from '../../errors.js';
import { sha256, type PasswordCheck, type Principal } from '../../store/identity.js';
import { SignInThrottle } from '../sign-in-throttle.js';
import { accessOf, allows, PERMISSIONS, type Permission } from '../permissions.js';

interface Cached { principal: Principal; until: number }

export interface AuthDecorations {
  /** Forgets cached principals of a user (after a password change, lockout or membership change). */
  forgetUser(userId: string): void;
  /** Forgets one bearer token (after logout). */
  forgetToken(token: string): void;
  /**
   * Checks a password through the sign-in throttle: every password check of the server goes here (Basic, login,
   * identity/verify, the demo signer), so failures back off the address that made them and never lock the account.
   * Throws TooManyAttemptsError while the attempt's (account, address) backs off.
   */
  checkPassword(userId: string, password: string, address: string): Promise<PasswordCheck>;
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

  const throttle = new SignInThrottle(app.apiConfig.signInThrottle);
  async function checkPassword(userId: string, password: string, address: string): Promise<PasswordCheck> {
    const decision = throttle.check(userId, address, password);
    if (!decision.allowed) {
      throw new TooManyAttemptsError(`Too many failed sign-ins for this account from this address; try again in ${Math.ceil(decision.retryAfterMs / 1000)} s`, decision.retryAfterMs);
    }
    const check = await app.identity.verifyPassword(userId, password);
    if (check.ok) throttle.success(userId, address, password);
    else if (check.reason === 'wrong' || check.reason === 'unknown') throttle.failure(userId, address);
    return check;
  }

  app.decorate('auth', {
    checkPassword,
    forgetUser(userId: string) {
      for (const [k, v] of cache) if (v.principal.user.id === userId) cache.delete(k);
    },
    forgetToken(token: string) {
      cache.delete(`t:${sha256(token)}`);
    },
  });

  async function basic(encoded: string, address: string): Promise<Principal> {
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new AuthenticationError('Malformed Basic credentials');
    const userId = decoded.slice(0, colon);
    const password = decoded.slice(colon + 1);
    const id = `b:${createHmac('sha256', key).update(decoded).digest('hex')}`;
    const cached = recall(id);
    if (cached) return cached;
    const check = await checkPassword(userId, password, address);
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
    if (/^basic$/i.test(scheme ?? '') && value) {
      // A browser attaches cached Basic credentials to cross-site requests too; the web apps use bearer tokens.
      if (request.headers['sec-fetch-site'] === 'cross-site') throw new AuthenticationError('Basic credentials are not accepted on a cross-site browser request');
      return basic(value.trim(), request.ip);
    }
    if (/^bearer$/i.test(scheme ?? '') && value) return bearer(value.trim());
    throw new AuthenticationError('Unsupported authorization scheme');
  });

  // Every route's declaration, checked once all are registered: a route without one fails the start, not a request.
  // The route options themselves are kept: hooks of inner contexts (the web apps mark theirs public) run later.
  const declared: RouteOptions[] = [];
  app.addHook('onRoute', (route) => { declared.push(route); });
  app.addHook('onReady', async () => {
    const undeclared = declared.filter((r) => {
      const config = r.config as { public?: boolean; permission?: unknown } | undefined;
      return config?.public !== true && !isPermission(config?.permission);
    });
    if (undeclared.length) {
      throw new Error(`Cannot start the server: ${undeclared.length} route(s) declare neither config.public nor a known config.permission: ${undeclared.map((r) => `${r.method} ${r.url}`).join('; ')}`);
    }
  });

  app.addHook('onRequest', async (request) => {
    // No route matched: the 404 answer carries nothing and changes nothing.
    if (request.is404) return;
    const config = request.routeOptions.config;
    if (config?.public === true) return;
    const principal = await app.authenticate(request);
    if (!principal.user.active) throw new AuthenticationError('The account is disabled');
    request.principal = principal;
    request.access = accessOf(principal);
    const permission = config?.permission;
    if (!isPermission(permission)) {
      throw new AuthorizationError(`${request.method} ${request.routeOptions.url ?? ''} declares no permission and is refused`);
    }
    if (!allows(principal, permission)) {
      throw new AuthorizationError(`User '${principal.user.id}' has no permission for ${request.method} ${request.routeOptions.url ?? ''}`);
    }
  });
}

function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && Object.hasOwn(PERMISSIONS, value);
}

declare module 'fastify' {
  interface FastifyInstance { authenticate(request: FastifyRequest): Promise<Principal> }
}

export default fp(auth, { name: 'reglament-auth', fastify: '5.x', dependencies: ['reglament-context'] });
