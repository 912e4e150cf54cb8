// `reglament workers [--url URL] [--api-url URL] [--topics a,b] [--user U --password P | --token T]`: runs the external-task
// workers against any Camunda-7-compatible engine-rest until SIGINT/SIGTERM. No database: request numbers, statuses,
// documents and the embedded registries come from the product's HTTP API (/api/worker, docs/scaling.md).
import { parseArgs } from 'node:util';
import { jsonLogger, startWorkers, type EngineAuth } from '../../workers/runner.js';
import { discoverWorkers } from '../../workers/discover.js';

const USAGE = `usage: reglament workers [--url URL] [--api-url URL] [--topics a,b] [--user U --password P | --token T] [--max-tasks N] [--worker-id ID] [--list]
  --url        engine-rest base URL (default $REGLAMENT_ENGINE_URL or http://127.0.0.1:8080/engine-rest)
  --api-url    the product's server (its /api/worker), default $REGLAMENT_API_URL or the --url server without /engine-rest
  --topics     comma list of topics to serve (default: every worker module)
  --user/--password, --token   credentials (default $REGLAMENT_WORKER_USER / $REGLAMENT_WORKER_PASSWORD / $REGLAMENT_WORKER_TOKEN)
  --list       print the known topics and exit
The workers need no database: numbers, queues, statuses, documents and registries go through the product's API
with the same credentials (a worker user in every tenant served).
`;

export async function run(argv: string[], signal?: AbortSignal): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' }, 'api-url': { type: 'string' }, topics: { type: 'string' }, user: { type: 'string' }, password: { type: 'string' },
        token: { type: 'string' }, 'max-tasks': { type: 'string' }, 'worker-id': { type: 'string' }, list: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) { process.stdout.write(USAGE); return 0; }
  const env = process.env;
  if (values.list) {
    for (const m of await discoverWorkers()) process.stdout.write(`${m.topic}\n`);
    return 0;
  }
  const url = values.url ?? env.REGLAMENT_ENGINE_URL ?? 'http://127.0.0.1:8080/engine-rest';
  try { new URL(url); } catch { process.stderr.write(`--url is not a URL\n${USAGE}`); return 2; }
  const apiUrl = values['api-url'] ?? env.REGLAMENT_API_URL;
  if (apiUrl !== undefined) { try { new URL(apiUrl); } catch { process.stderr.write(`--api-url is not a URL\n${USAGE}`); return 2; } }
  const user = values.user ?? env.REGLAMENT_WORKER_USER;
  const password = values.password ?? env.REGLAMENT_WORKER_PASSWORD;
  const token = values.token ?? env.REGLAMENT_WORKER_TOKEN;
  if ((user && !password) || (!user && password)) { process.stderr.write(`--user and --password go together\n${USAGE}`); return 2; }
  const auth: EngineAuth | undefined = token ? { token } : user && password ? { username: user, password } : undefined;
  const topics = values.topics ? values.topics.split(',').map((s) => s.trim()).filter(Boolean) : undefined;
  const maxTasks = values['max-tasks'] ? Number(values['max-tasks']) : undefined;
  if (maxTasks !== undefined && !(Number.isInteger(maxTasks) && maxTasks > 0)) { process.stderr.write(`--max-tasks must be a positive integer\n${USAGE}`); return 2; }

  const logger = jsonLogger();
  const workerEnv = apiUrl === undefined ? env : { ...env, REGLAMENT_API_URL: apiUrl };
  let workers;
  try {
    workers = await startWorkers({ engineRestUrl: url, auth, topics, maxTasks, workerId: values['worker-id'], ctx: { env: workerEnv, logger } });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 1;
  }
  await new Promise<void>((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
    signal?.addEventListener('abort', done, { once: true });
  });
  await workers.stop();
  return 0;
}
