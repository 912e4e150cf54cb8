// The composition root: one running reglament — store, durable host, HTTP server with every plugin, the web apps,
// the external-task workers (in-process, but over the server's own HTTP API, as a remote worker would), the status
// outbox dispatcher, and with `demo` the demo PKI and data. `reglament serve` and the end-to-end tests both use it.
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import { configFromEnv, migrateLatest, openDb, type DbConfig } from '../store/db.js';
import { createHost } from '../engine/index.js';
import type { Host, HostLogger } from '../engine/api.js';
import { buildServer } from '../api/server.js';
import { webApps } from '../web/plugin.js';
import { calendarRoutes } from '../api/reglament-calendar.js';
import { analystRoutes } from '../api/reglament-analyst.js';
import { demoSignerRoutes } from '../api/reglament-demo-signer.js';
import { verifierFromEnv } from '../eds/config.js';
import reglamentDocuments, { callerFromPrincipal } from '../api/reglament-documents.js';
import { reglamentStatusRoutes } from '../api/reglament-status.js';
import { reglamentQualityRoutes } from '../api/reglament-quality.js';
import { reglamentTenantRoutes } from '../api/reglament-tenants.js';
import { workerRoutes } from '../api/reglament-workers.js';
import { loadDocumentKeys } from '../documents/keys.js';
import { storedProfiles } from '../documents/template-source.js';
import { ensureCabinetSubscriptions, startOutboxDispatcher, type OutboxDispatcher } from '../outbox/index.js';
import { parseBpmn } from '../reglament/moddle.js';
import { lintDefinitions, workerTopics, formIds } from '../reglament/lint/index.js';
import { startWorkers, jsonLogger, type RunningWorkers } from '../../workers/runner.js';
import { openDemoPki } from '../demo/pki.js';
import { seedDemo, WORKER_USER, type SeedResult } from '../demo/seed.js';

export interface AppOptions {
  db?: Knex;
  dbConfig?: DbConfig;
  port?: number;
  listenHost?: string;
  demo?: boolean;
  /** Run the workers in this process (default true). */
  workers?: boolean;
  env?: Record<string, string | undefined>;
  adminUser?: string;
  adminPassword?: string;
  /** Where the demo keeps its PKI (default data/demo-pki). */
  dataDir?: string;
  logger?: boolean | Record<string, unknown>;
  hostLogger?: HostLogger;
  /** Timer scheduler poll interval (ms). */
  timerPollInterval?: number;
  /** Demo: deploy only these bundles (`<tenant>/<service>` under processes/); default all. */
  bundles?: string[];
  /** The repository root (processes/, forms/, workers/, .bpmnlintrc); default the working directory. */
  root?: string;
}

export interface RunningApp {
  url: string;
  app: FastifyInstance;
  host: Host;
  db: Knex;
  demo: SeedResult | null;
  close(): Promise<void>;
}

/** A demo node runs for days at most; a node killed without closing leaves a token that expires by itself. */
const DEMO_WORKER_TOKEN_TTL_MS = 30 * 24 * 3600_000;

const silentHost: HostLogger = { info() {}, warn() {}, error() {} };

export async function startApp(options: AppOptions = {}): Promise<RunningApp> {
  const root = resolve(options.root ?? process.cwd());
  const env: Record<string, string | undefined> = { ...(options.env ?? process.env) };
  const ownDb = !options.db;
  const db = options.db ?? openDb(options.dbConfig ?? configFromEnv(env));
  await migrateLatest(db);

  const demoPki = options.demo ? await openDemoPki(resolve(options.dataDir ?? join(root, 'data'), 'demo-pki')) : null;
  // Explicit settings win; the demo PKI only fills what is not configured.
  if (demoPki) for (const [k, v] of Object.entries(demoPki.env)) env[k] ??= v;

  const host = await createHost({ db, logger: options.hostLogger ?? silentHost, timerPollInterval: options.timerPollInterval });
  await host.start();

  const profiles = storedProfiles(db);
  const documentKeys = await loadDocumentKeys(env, { organisationOf: async (tenant) => (await profiles(tenant))?.organization.ru ?? null });
  // One linter for the analyst's editor and for every deployment through engine-rest (findings are warnings there).
  const lintContext = { topics: workerTopics(root), forms: formIds(root) };
  const lintXml = async (xml: string, file: string) => lintDefinitions((await parseBpmn(xml)).definitions, file, lintContext, root);
  const lintRoute = async (xml: string) =>
    (await lintXml(xml, 'route.bpmn')).map((f) => ({ id: f.where, rule: f.rule, message: f.message, category: f.severity }));
  const deployLint = async (resource: { name: string; content: string }) => (resource.name.endsWith('.bpmn')
    ? (await lintXml(resource.content, resource.name)).map((f) => ({ message: `${f.rule}: ${f.message}`, mainElementId: f.where, elementIds: f.where ? [f.where] : [] }))
    : []);

  const plugins: ((app: FastifyInstance) => Promise<void>)[] = [
    (app) => webApps(app, { bundleDir: join(root, 'data', 'web-build') }),
    calendarRoutes,
    analystRoutes({ lint: lintRoute }),
    (app) => reglamentStatusRoutes(app),
    (app) => reglamentQualityRoutes(app),
    reglamentTenantRoutes,
    // What the workers need besides engine-rest (numbers, statuses, documents …): they hold no database handle.
    workerRoutes({ env, documentKeys }),
    (app) => reglamentDocuments(app, {
      db, trust: documentKeys.trust,
      // The server's auth hook has authenticated every /api request already.
      authenticate: async (_request: FastifyRequest, _reply: FastifyReply) => {},
      access: (request) => callerFromPrincipal(request.principal),
    }),
  ];
  if (demoPki) plugins.push(demoSignerRoutes(demoPki));

  const app = await buildServer({
    db, host, logger: options.logger ?? false, plugins, lint: deployLint,
    // One verifier configuration for the ЭЦП sign-in and the signature workers: this app's settings.
    edsVerifier: () => verifierFromEnv(env),
    config: { demo: Boolean(options.demo), adminUser: options.adminUser ?? env.REGLAMENT_ADMIN_USER, adminPassword: options.adminPassword ?? env.REGLAMENT_ADMIN_PASSWORD },
  });
  const address = await app.listen({ port: options.port ?? 0, host: options.listenHost ?? '127.0.0.1' });
  const url = address.replace('0.0.0.0', '127.0.0.1').replace('[::]', '127.0.0.1');

  // The demo worker user's password is random and kept nowhere: its workers use a token (below).
  const workerPassword = randomBytes(18).toString('base64url');
  const demo = options.demo
    ? await seedDemo({ db, host, processesDir: join(root, 'processes'), workerPassword, bundles: options.bundles, log: (event, fields) => app.log.warn(fields ?? {}, event) })
    : null;

  // The demo's in-process workers sign in with a token of this node's own, revoked on close: nodes sharing a
  // database each have theirs, and a start never changes another node's credentials.
  const workerToken = demo ? (await app.identity.issueToken(WORKER_USER, DEMO_WORKER_TOKEN_TTL_MS)).token : null;
  // Outside the demo the workers sign in with configured credentials of a worker user in every served tenant.
  const workerAuth = workerToken ? { token: workerToken }
    : env.REGLAMENT_WORKER_USER && env.REGLAMENT_WORKER_PASSWORD ? { username: env.REGLAMENT_WORKER_USER, password: env.REGLAMENT_WORKER_PASSWORD } : null;
  let workers: RunningWorkers | null = null;
  if (options.workers !== false && workerAuth) {
    env.REGLAMENT_API_URL ??= url;
    env.REGLAMENT_PUBLIC_URL ??= url;
    workers = await startWorkers({ engineRestUrl: `${url}/engine-rest`, auth: workerAuth, ctx: { env, logger: jsonLogger() } });
  } else if (options.workers !== false) {
    app.log.warn('workers not started: set REGLAMENT_WORKER_USER and REGLAMENT_WORKER_PASSWORD, or run `reglament workers` elsewhere');
  }
  // Every akimat's statuses reach the applicants' личный кабинет; other systems subscribe through the API.
  const tenants = (await db('identity_tenant').select('id')) as { id: string }[];
  await ensureCabinetSubscriptions(db, tenants.map((t) => t.id));
  const outbox: OutboxDispatcher = startOutboxDispatcher({ db });

  return {
    url, app, host, db, demo,
    async close() {
      await workers?.stop();
      if (workerToken) await app.identity.revokeToken(workerToken);
      await outbox.stop();
      await app.close();
      await host.stop();
      if (ownDb) await db.destroy();
    },
  };
}
