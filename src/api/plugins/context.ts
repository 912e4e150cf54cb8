// Decorates the app with what handlers need (host, identity store, settings) and declares the request's auth fields.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import type { Access, Host } from '../../engine/api.js';
import type { IdentityStore, Principal } from '../../store/identity.js';
import type { ApiConfig } from '../config.js';
import type { Permission } from '../permissions.js';
import type { Problem } from '../../errors.js';

/** Lints one BPMN resource of a deployment; findings are returned to the deployer as warnings. */
export type DeployLint = (resource: { name: string; content: string }) => Promise<Problem[]>;

declare module 'fastify' {
  interface FastifyInstance {
    host: Host;
    identity: IdentityStore;
    db: Knex;
    apiConfig: ApiConfig;
    deployLint: DeployLint | null;
  }
  interface FastifyRequest {
    /** Set by the auth plugin on every authenticated route. */
    principal: Principal | null;
    access: Access;
  }
  interface FastifyContextConfig {
    /** No authentication (login, register, health, public document verification). */
    public?: boolean;
    /**
     * What the caller's roles must allow. Every route declares either this or `public`: a route with neither is
     * refused to everyone (deny by default), and the server refuses to start with one (src/api/plugins/auth.ts).
     */
    permission?: Permission;
  }
}

export interface ContextOptions { host: Host; identity: IdentityStore; db: Knex; config: ApiConfig; lint?: DeployLint }

async function context(app: FastifyInstance, opts: ContextOptions): Promise<void> {
  app.decorate('host', opts.host);
  app.decorate('identity', opts.identity);
  app.decorate('db', opts.db);
  app.decorate('apiConfig', opts.config);
  app.decorate('deployLint', opts.lint ?? null);
  app.decorateRequest('principal', null);
  app.decorateRequest('access', null as unknown as Access);
}

export default fp(context, { name: 'reglament-context', fastify: '5.x' });
