// The worker services both ways for one store: directly (src/worker-api/store.ts) or over the real HTTP API of a server
// on that store (src/worker-api/http.ts → /api/worker), called with a worker user's credentials in the given tenants.
import type { Knex } from 'knex';
import { buildServer } from '../../src/api/server.js';
import { workerRoutes } from '../../src/api/reglament-workers.js';
import type { Host } from '../../src/engine/api.js';
import { IdentityStore } from '../../src/store/identity.js';
import { httpServices } from '../../src/worker-api/http.js';
import type { WorkerServices } from '../../src/worker-api/services.js';
import { storeServices, storeServicesFromEnv, type DocumentDeps } from '../../src/worker-api/store.js';
import { basic, seedUser } from './server.js';

export const SERVICE_KINDS = ['store', 'http'] as const;
export type ServicesKind = (typeof SERVICE_KINDS)[number];

export interface ServicesUnderTest { services: WorkerServices; close(): Promise<void> }

const noHost = new Proxy({}, { get: (_t, name) => (name === 'then' ? undefined : async () => undefined) }) as Host;

export async function servicesOver(kind: ServicesKind, db: Knex, options: { documents?: DocumentDeps; tenants?: string[] } = {}): Promise<ServicesUnderTest> {
  const direct = options.documents ? storeServices(db, options.documents) : storeServicesFromEnv(db, {});
  if (kind === 'store') return { services: direct, close: async () => {} };
  const app = await buildServer({ db, host: noHost, plugins: [workerRoutes({ env: {}, db, services: direct })] });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const identity = new IdentityStore(db);
  const user = `worker-${Math.random().toString(36).slice(2, 8)}`;
  await seedUser(identity, { id: user, password: 'worker-password', roles: ['worker'], tenants: options.tenants ?? ['semey', 'zhambyl-sko'] });
  return { services: httpServices({ baseUrl: address, authorization: basic(user, 'worker-password') }), close: () => app.close() };
}
