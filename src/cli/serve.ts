// `reglament serve`: opens the store, migrates, ensures the first administrator, starts the durable host and the HTTP
// server, and closes all of it cleanly on SIGTERM/SIGINT. `--demo` seeds demo data when src/demo/seed.ts exists.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { configFromEnv, migrateLatest, openDb } from '../store/db.js';
import { createHost } from '../engine/index.js';
import type { HostLogger } from '../engine/api.js';
import { buildServer } from '../api/server.js';

/** Host events as JSON lines on stdout, like fastify's own log (the host logs no personal data). */
const hostLogger: HostLogger = {
  info: (event, fields) => process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: event, ...fields })}\n`),
  warn: (event, fields) => process.stdout.write(`${JSON.stringify({ level: 40, time: Date.now(), msg: event, ...fields })}\n`),
  error: (event, fields) => process.stderr.write(`${JSON.stringify({ level: 50, time: Date.now(), msg: event, ...fields })}\n`),
};

async function optionalModule<T>(relative: string): Promise<T | null> {
  const url = new URL(relative, import.meta.url);
  const file = fileURLToPath(url);
  if (!existsSync(file) && !existsSync(file.replace(/\.js$/, '.ts'))) return null;
  return (await import(pathToFileURL(existsSync(file) ? file : file.replace(/\.js$/, '.ts')).href)) as T;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { demo: { type: 'boolean', default: false }, port: { type: 'string' }, host: { type: 'string' } },
    allowPositionals: false,
  });
  const env = process.env;
  const port = Number(values.port ?? env.PORT ?? 8080);
  const listenHost = values.host ?? env.HOST ?? '0.0.0.0';
  let adminUser = env.REGLAMENT_ADMIN_USER;
  let adminPassword = env.REGLAMENT_ADMIN_PASSWORD;
  if (values.demo && !adminUser && !adminPassword) {
    adminUser = 'admin';
    adminPassword = 'admin';
  }

  const db = openDb(configFromEnv(env));
  await migrateLatest(db);
  const host = await createHost({ db, logger: hostLogger });
  await host.start();

  const web = await optionalModule<{ webApps: (app: FastifyInstance) => Promise<void> }>('../web/plugin.js');
  const app = await buildServer({
    db, host,
    config: { adminUser, adminPassword },
    logger: { level: env.LOG_LEVEL ?? 'info' },
    plugins: web ? [(a) => web.webApps(a)] : [],
  });
  if (!adminUser || !adminPassword) app.log.warn('REGLAMENT_ADMIN_USER / REGLAMENT_ADMIN_PASSWORD not set: no administrator was ensured');

  const address = await app.listen({ port, host: listenHost });
  if (values.demo) {
    const demo = await optionalModule<{ seedDemo: (o: { db: typeof db; host: typeof host; baseUrl: string }) => Promise<void> }>('../demo/seed.js');
    if (demo) await demo.seedDemo({ db, host, baseUrl: address.replace('0.0.0.0', '127.0.0.1') });
    else app.log.warn('--demo: src/demo/seed.ts is not there, nothing seeded');
  }

  return new Promise<number>((resolve) => {
    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      app.log.info({ signal }, 'shutting down');
      try {
        await app.close();
        await host.stop();
        await db.destroy();
        resolve(0);
      } catch (err) {
        app.log.error({ err: { message: (err as Error).message } }, 'shutdown failed');
        resolve(1);
      }
    };
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
  });
}
