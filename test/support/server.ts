// Starts the real server for API tests: a fresh migrated database, the durable host and buildServer,
// plus helpers for Basic credentials and seeding users in tenants with roles.
import type { FastifyInstance } from 'fastify';
import type { Host } from '../../src/engine/api.js';
import { createHost } from '../../src/engine/index.js';
import { buildServer } from '../../src/api/server.js';
import type { ApiConfig } from '../../src/api/config.js';
import { workerRoutes, type WorkerRoutesOptions } from '../../src/api/reglament-workers.js';
import { IdentityStore, type Role } from '../../src/store/identity.js';
import { freshDb, type TestDb } from './databases.js';
import type { Dialect } from '../../src/store/db.js';

export const ADMIN = { user: 'admin', password: 'admin-secret' };

export interface TestServer {
  app: FastifyInstance;
  host: Host;
  db: TestDb;
  identity: IdentityStore;
  /** Base URL after listen() (real HTTP), e.g. http://127.0.0.1:40123/engine-rest */
  engineRestUrl?: string;
  listen(): Promise<string>;
  close(): Promise<void>;
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

export const adminAuth = basic(ADMIN.user, ADMIN.password);

export interface StartOptions {
  dialect?: Dialect;
  config?: Partial<ApiConfig>;
  /** Start the host's timer scheduler (default false: tests fire timers explicitly). */
  startHost?: boolean;
  /** Identity and auth suites do not touch the engine: skip creating it (every host call throws). */
  withoutEngine?: boolean;
  /** Extra plugins, as the application registers them (e.g. the web apps). */
  plugins?: ((app: FastifyInstance) => Promise<void>)[];
  /** The workers' API (/api/worker, registered always): its environment (document keys, SMTP) and services. */
  workerApi?: Partial<WorkerRoutesOptions>;
}

const noEngine = new Proxy({}, {
  get: (_t, name) => (typeof name === 'symbol' || ['then', 'getter', 'setter', 'toJSON'].includes(name) ? undefined : async () => { if (name === 'stop' || name === 'start') return; throw new Error(`no engine in this suite (called ${String(name)})`); }),
}) as Host;

export async function startServer(options: StartOptions = {}): Promise<TestServer> {
  const db = await freshDb(options.dialect ?? 'sqlite');
  const host = options.withoutEngine ? noEngine : await createHost({ db: db.db });
  if (options.startHost) await host.start();
  const app = await buildServer({
    db: db.db,
    host,
    config: { adminUser: ADMIN.user, adminPassword: ADMIN.password, ...options.config },
    plugins: [workerRoutes({ env: {}, ...options.workerApi }), ...(options.plugins ?? [])],
  });
  const identity = new IdentityStore(db.db);
  const server: TestServer = {
    app, host, db, identity,
    async listen() {
      const address = await app.listen({ host: '127.0.0.1', port: 0 });
      server.engineRestUrl = `${address}/engine-rest`;
      return address;
    },
    async close() {
      await app.close();
      await host.stop();
      await db.destroy();
    },
  };
  return server;
}

/** Creates a user with roles, groups and tenants; returns its Basic header. */
export async function seedUser(identity: IdentityStore, spec: { id: string; password?: string; roles?: Role[]; groups?: string[]; tenants?: string[] }): Promise<string> {
  const password = spec.password ?? `${spec.id}-pw`;
  await identity.ensureRoleGroups();
  await identity.createUser({ id: spec.id, password });
  for (const role of spec.roles ?? []) await identity.addGroupMember(role, spec.id);
  for (const g of spec.groups ?? []) {
    if (!(await identity.getGroup(g))) await identity.createGroup({ id: g });
    await identity.addGroupMember(g, spec.id);
  }
  for (const t of spec.tenants ?? []) {
    if (!(await identity.getTenant(t))) await identity.createTenant({ id: t });
    await identity.addTenantUser(t, spec.id);
  }
  return basic(spec.id, password);
}
