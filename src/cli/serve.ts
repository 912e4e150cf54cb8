// `reglament serve`: runs one reglament through the composition root (src/app/compose.ts: store and migrations, the
// first administrator, the durable host, the HTTP server with every plugin, web apps, workers, outbox) and closes it
// cleanly on SIGTERM/SIGINT. `--demo` also seeds the demo akimats, users and bundles.
import { parseArgs } from 'node:util';
import type { HostLogger } from '../engine/api.js';
import { startApp } from '../app/compose.js';

/** Host events as JSON lines, like fastify's own log (the host logs ids and event names, no personal data). */
const hostLogger: HostLogger = {
  info: (event, fields) => process.stdout.write(`${JSON.stringify({ level: 30, time: Date.now(), msg: event, ...fields })}\n`),
  warn: (event, fields) => process.stdout.write(`${JSON.stringify({ level: 40, time: Date.now(), msg: event, ...fields })}\n`),
  error: (event, fields) => process.stderr.write(`${JSON.stringify({ level: 50, time: Date.now(), msg: event, ...fields })}\n`),
};

/** What a person starting the demo needs to read first: where to go, who to sign in as, and what is exposed. */
export function demoBanner(url: string, akimats: string[], defaultAdmin: boolean): string {
  return [
    '',
    `reglament demo is running: open ${url.replace(/\/$/, '')}/ in a browser.`,
    'Demo logins (password demo12345): specialist.<akimat>, operator.<akimat>, supervisor.<akimat>, applicant.<akimat>',
    `  with <akimat> one of ${akimats.join(', ')} — the README's "Demo logins" lists them all.`,
    defaultAdmin
      ? 'Administrator: admin / admin. These passwords are public: the demo listens only on this machine unless --host says otherwise.'
      : 'Administrator: REGLAMENT_ADMIN_USER with REGLAMENT_ADMIN_PASSWORD.',
    '',
  ].join('\n') + '\n';
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { demo: { type: 'boolean', default: false }, port: { type: 'string' }, host: { type: 'string' } },
    allowPositionals: false,
  });
  const env = process.env;
  let adminUser = env.REGLAMENT_ADMIN_USER;
  let adminPassword = env.REGLAMENT_ADMIN_PASSWORD;
  // The demo needs someone to sign in as; outside it there is no default password.
  if (values.demo && !adminUser && !adminPassword) {
    adminUser = 'admin';
    adminPassword = 'admin';
  }

  const running = await startApp({
    port: Number(values.port ?? env.PORT ?? 8080),
    // The demo has well-known passwords: it stays on this machine unless told where else to listen.
    listenHost: values.host ?? env.HOST ?? (values.demo ? '127.0.0.1' : '0.0.0.0'),
    demo: values.demo,
    adminUser,
    adminPassword,
    logger: { level: env.LOG_LEVEL ?? 'info' },
    hostLogger,
  });
  if (!adminUser || !adminPassword) running.app.log.warn('REGLAMENT_ADMIN_USER / REGLAMENT_ADMIN_PASSWORD not set: no administrator was ensured');
  if (values.demo) {
    const akimats = [...new Set((running.demo?.logins ?? []).flatMap((l) => (l.tenant ? [l.tenant] : [])))];
    process.stdout.write(demoBanner(running.url, akimats, adminUser === 'admin' && adminPassword === 'admin'));
  }

  return new Promise<number>((resolve) => {
    let closing = false;
    const shutdown = async (signal: string) => {
      if (closing) return;
      closing = true;
      running.app.log.info({ signal }, 'shutting down');
      try {
        await running.close();
        resolve(0);
      } catch (err) {
        running.app.log.error({ err: { message: (err as Error).message } }, 'shutdown failed');
        resolve(1);
      }
    };
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
  });
}
