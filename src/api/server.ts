// Builds the HTTP server: security plugins, the Camunda-7-compatible /engine-rest, the project's /api and the OpenAPI document.
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { Knex } from 'knex';
import type { Host } from '../engine/api.js';
import { IdentityStore } from '../store/identity.js';
import { withDefaults, type ApiConfig } from './config.js';
import type { DeployLint } from './plugins/context.js';
import context from './plugins/context.js';
import errors from './plugins/errors.js';
import jsonContentType from './plugins/json-content-type.js';
import auth from './plugins/auth.js';
import authRoutes from './app/auth.js';
import engineRest from './engine-rest/index.js';
import { edsLogin, type EdsLoginOptions } from './plugins/eds-login.js';

declare module 'fastify' {
  interface FastifyInstance { registeredRoutes: RegisteredRoute[] }
}

/** One route as registered; `public` is read when asked, since inner contexts' hooks may mark a route after this one saw it. */
export interface RegisteredRoute { method: string; url: string; hidden: boolean; readonly public: boolean }

export interface BuildServerOptions {
  db: Knex;
  host: Host;
  config?: Partial<ApiConfig>;
  /** false (default) = silent; true or pino options = log requests (bodies never, secrets redacted). */
  logger?: boolean | Record<string, unknown>;
  /**
   * Lints one deployed BPMN resource; its findings come back as `warnings` (non-fatal), also inside a ParseExceptionDto.
   * The composition root passes the project's linter (src/reglament/lint); without it deployments are not linted here.
   */
  lint?: DeployLint;
  /** The ЭЦП sign-in's verifier; default: built from the process environment (src/eds/config.ts). */
  edsVerifier?: EdsLoginOptions['verifier'];
  /** More routes registered inside the server (public document verification, web apps…). */
  plugins?: ((app: FastifyInstance) => Promise<void>)[];
}

/** What the log may contain of a request: method, path without query (queries may carry business keys) and with IINs
 *  masked (the registry gateway paths of /api/worker name one), client address. */
const redactedLogger = (options: Record<string, unknown>) => ({
  ...options,
  redact: {
    paths: ['req.headers.authorization', 'req.headers.cookie', 'password', 'iin', 'firstName', 'lastName', 'email', 'variables', 'token', '*.password', '*.iin', '*.token'],
    censor: '[redacted]',
  },
  serializers: {
    req: (req: { method: string; url: string; ip?: string; socket?: { remoteAddress?: string } }) => ({
      method: req.method, url: req.url.split('?')[0]!.replace(/\d{12}/g, '************'), remoteAddress: req.ip ?? req.socket?.remoteAddress,
    }),
  },
});

export async function buildServer(options: BuildServerOptions): Promise<FastifyInstance> {
  const config = withDefaults(options.config);
  const logger = options.logger === true ? redactedLogger({ level: 'info' })
    : options.logger ? redactedLogger(options.logger) : false;
  const app = Fastify({
    logger: logger as FastifyServerOptions['logger'],
    bodyLimit: config.bodyLimit,
    // Long polls hold a request for up to 30 minutes.
    requestTimeout: 0,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, useDefaults: true, allErrors: false, allowUnionTypes: true } },
  });

  // Every route as registered, so a test can hold the OpenAPI document against what is really served.
  const routes: RegisteredRoute[] = [];
  app.decorate('registeredRoutes', routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      const schema = route.schema as { hide?: boolean; tags?: string[] } | undefined;
      // Untagged routes (the web apps' static files) are not API and stay out of the document.
      routes.push({
        method, url: route.url, hidden: Boolean(schema?.hide) || !schema?.tags?.length,
        get public() { return (route.config as { public?: boolean } | undefined)?.public === true; },
      });
    }
  });

  const identity = new IdentityStore(options.db, config.lockout);
  await identity.ensureRoleGroups();
  if (config.adminUser && config.adminPassword) await identity.ensureAdmin(config.adminUser, config.adminPassword);

  await app.register(context, { host: options.host, identity, db: options.db, config, lint: options.lint });
  await app.register(errors);
  await app.register(jsonContentType);
  await app.register(helmet, { global: true });
  await app.register(rateLimit, { global: false });
  await app.register(swagger, {
    hideUntagged: true,
    openapi: {
      openapi: '3.0.3',
      info: { title: 'reglament engine-rest', description: 'Camunda 7 engine-rest subset served by reglament, and its own /api', version: '0.1.0' },
      components: { securitySchemes: { basic: { type: 'http', scheme: 'basic' }, bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ basic: [] }, { bearer: [] }],
    },
  });
  await app.register(auth);

  await app.register(authRoutes);
  await app.register(engineRest, { prefix: '/engine-rest' });
  // Sign-in with ЭЦП (challenge signed as XML) issues the same bearer sessions as password sign-in.
  await app.register(edsLogin({ verifier: options.edsVerifier }));
  for (const plugin of options.plugins ?? []) await app.register(plugin);

  app.get('/engine-rest/openapi.json', { config: { permission: 'authenticated' }, schema: { hide: true } }, async () => app.swagger());
  await app.ready();
  return app;
}
