// The shared runner: subscribes every worker module with camunda-external-task-client-js and maps outcomes to
// complete / handleBpmnError / handleFailure. A throwing handler becomes a failure with retries, never a task left locked.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { discoverWorkers } from './discover.js';
import type { Outcome, TaskInput, WorkerContext, WorkerLogger, WorkerModule } from './types.js';

/** Structured JSON lines on stderr; callers pass only ids, topics, durations and error classes, never variables. */
export function jsonLogger(write: (line: string) => void = (l) => process.stderr.write(l)): WorkerLogger {
  const emit = (level: string) => (event: string, fields?: Record<string, unknown>) =>
    write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...fields })}\n`);
  return { info: emit('info'), warn: emit('warn'), error: emit('error') };
}

/** Masks anything that looks like an IIN/BIN, and bounds the length: for messages of errors we did not write. */
export function redact(text: string, max = 300): string {
  const masked = text.replace(/\d{12}/g, '************');
  return masked.length > max ? `${masked.slice(0, max)}…` : masked;
}

// The client ships no types; this is the small part we use. Its traps (shared worker id, a throwing handler keeping
// the task locked, no long polling by default) are why this runner exists.
interface ClientVariables { getAll(): Record<string, unknown>; setAll(values: Record<string, unknown>): ClientVariables }
interface ClientTask {
  id: string; topicName: string; processInstanceId: string; processDefinitionKey?: string | null; processDefinitionId?: string | null; activityId: string;
  businessKey?: string | null; tenantId?: string | null; retries: number | null; variables: ClientVariables;
  extensionProperties?: Record<string, string> | null;
}
interface ClientTaskService {
  complete(task: ClientTask, variables?: ClientVariables, localVariables?: ClientVariables): Promise<void>;
  handleFailure(task: ClientTask, options: { errorMessage: string; errorDetails?: string; retries: number; retryTimeout: number }): Promise<void>;
  handleBpmnError(task: ClientTask, code: string, message?: string, variables?: ClientVariables): Promise<void>;
  unlock(task: ClientTask): Promise<void>;
}
interface ClientInstance {
  subscribe(topic: string, options: Record<string, unknown>, handler: (args: { task: ClientTask; taskService: ClientTaskService }) => Promise<void>): unknown;
  on(event: string, listener: (...args: unknown[]) => void): void;
  start(): void;
  stop(): void;
}
interface ClientLibrary {
  Client: new (options: Record<string, unknown>) => ClientInstance;
  Variables: new () => ClientVariables;
  BasicAuthInterceptor: new (options: { username: string; password: string }) => (config: Record<string, unknown>) => Record<string, unknown>;
}

const LIBRARY = 'camunda-external-task-client-js';

export type EngineAuth = { username: string; password: string } | { token: string };

export interface StartWorkersOptions {
  engineRestUrl: string;
  auth?: EngineAuth;
  topics?: string[];
  /** unique per process by default: the client's default id is shared by every worker */
  workerId?: string;
  maxTasks?: number;
  /** long polling, ms; default 20 000 (the client does none unless set) */
  asyncResponseTimeout?: number;
  /** pause between polls, ms; default 300 */
  interval?: number;
  /** retries given to a task on its first failure; default 3 */
  retries?: number;
  /** first retry timeout, doubled per used retry; default 5 000 ms */
  retryBackoffMs?: number;
  /** No database: workers reach the product through its HTTP API (`services` replaces it, e.g. in tests). */
  ctx: { env?: Record<string, string | undefined>; services?: WorkerContext['services']; logger?: WorkerLogger };
  /** explicit modules (tests); discovered from workers/ when omitted */
  modules?: WorkerModule[];
}

export interface RunningWorkers {
  workerId: string;
  topics: string[];
  /** Stops polling and waits for the handlers in flight; tasks fetched after the stop are unlocked, not run. */
  stop(): Promise<void>;
}

/** Failure retries as C7 clients count them: the first failure gets `initial`, later ones one less, never below 0. */
export function nextRetries(current: number | null, initial: number): number {
  return current == null ? initial : Math.max(0, current - 1);
}

/** Back-off for the next attempt: base × 2^(attempts used so far), capped at 10 minutes. */
export function retryTimeoutFor(retriesLeft: number, initial: number, baseMs: number): number {
  return Math.min(600_000, baseMs * 2 ** Math.max(0, initial - retriesLeft));
}

function toInput(task: ClientTask): TaskInput {
  return {
    id: task.id, topicName: task.topicName, processInstanceId: task.processInstanceId,
    processDefinitionKey: task.processDefinitionKey ?? null, processDefinitionId: task.processDefinitionId ?? null, activityId: task.activityId, businessKey: task.businessKey ?? null,
    tenantId: task.tenantId ?? null, retries: task.retries ?? null,
    variables: task.variables.getAll(), properties: { ...(task.extensionProperties ?? {}) },
  };
}

function defined(values: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!values) return undefined;
  const out = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined));
  return Object.keys(out).length ? out : undefined;
}

export async function startWorkers(options: StartWorkersOptions): Promise<RunningWorkers> {
  const lib = (await import(LIBRARY as string)) as ClientLibrary;
  const logger = options.ctx.logger ?? jsonLogger();
  const modules = options.modules ?? (await discoverWorkers(options.topics));
  const selected = options.topics?.length ? modules.filter((m) => options.topics!.includes(m.topic)) : modules;
  const workerId = options.workerId ?? `reglament-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const initialRetries = options.retries ?? 3;
  const baseBackoff = options.retryBackoffMs ?? 5000;
  const auth = options.auth;
  const authorization = !auth ? undefined : 'token' in auth ? `Bearer ${auth.token}` : `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
  const ctx: WorkerContext = { env: options.ctx.env ?? process.env, services: options.ctx.services, engineRestUrl: options.engineRestUrl, authorization, logger };

  const interceptors = [] as Array<(config: Record<string, unknown>) => Record<string, unknown>>;
  if (auth && 'token' in auth) {
    interceptors.push((config) => ({ ...config, headers: { ...(config.headers as object), Authorization: `Bearer ${auth.token}` } }));
  } else if (auth) {
    interceptors.push(new lib.BasicAuthInterceptor(auth));
  }

  const client = new lib.Client({
    baseUrl: options.engineRestUrl.replace(/\/+$/, ''), workerId, autoPoll: false,
    maxTasks: options.maxTasks ?? 10, interval: options.interval ?? 300,
    asyncResponseTimeout: options.asyncResponseTimeout ?? 20_000,
    // The client rejects an empty list: no credentials, no interceptor.
    ...(interceptors.length ? { interceptors } : {}),
  });
  let stopping = false;
  const inFlight = new Set<Promise<void>>();
  let pollErrors = 0;
  client.on('poll:error', (err) => {
    // Logged once per streak: a down engine must not flood the log every interval.
    if (pollErrors++ === 0) logger.warn('poll.error', { workerId, error: (err as Error)?.name ?? 'Error', status: (err as { httpStatusCode?: number })?.httpStatusCode });
  });
  client.on('poll:success', () => {
    if (pollErrors > 0) logger.info('poll.recovered', { workerId, failedPolls: pollErrors });
    pollErrors = 0;
  });

  const served: string[] = [];
  for (const mod of selected) {
    let handle: (task: TaskInput) => Promise<Outcome>;
    try {
      handle = mod.fromContext(ctx);
    } catch (err) {
      // A worker asked for by name must start; among all discovered ones, a misconfigured one is skipped and said so.
      if (options.topics?.includes(mod.topic)) throw err;
      logger.warn('worker.unavailable', { topic: mod.topic, error: redact((err as Error)?.message ?? String(err)) });
      continue;
    }
    served.push(mod.topic);
    client.subscribe(mod.topic, {
      lockDuration: mod.lockDuration ?? 60_000,
      ...(mod.variables ? { variables: mod.variables } : {}),
      includeExtensionProperties: true,
    }, ({ task, taskService }) => {
      const run = runTask(mod.topic, handle, task, taskService);
      inFlight.add(run);
      return run.finally(() => inFlight.delete(run));
    });
  }

  async function runTask(topic: string, handle: (t: TaskInput) => Promise<Outcome>, task: ClientTask, service: ClientTaskService): Promise<void> {
    const started = Date.now();
    const base = { topic, taskId: task.id, processInstanceId: task.processInstanceId, workerId };
    if (stopping) {
      await service.unlock(task).catch(() => undefined);
      logger.info('task.unlocked', { ...base, reason: 'stopping' });
      return;
    }
    let outcome: Outcome;
    try {
      outcome = await handle(toInput(task));
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      outcome = { kind: 'failure', message: `${e.name}: ${redact(e.message, 200)}`, details: redact(e.stack ?? e.message, 4000) };
      logger.error('task.threw', { ...base, error: e.name });
    }
    try {
      if (outcome.kind === 'complete') {
        const vars = defined(outcome.variables);
        const local = defined(outcome.localVariables);
        await service.complete(task, vars ? new lib.Variables().setAll(vars) : undefined, local ? new lib.Variables().setAll(local) : undefined);
        logger.info('task.completed', { ...base, durationMs: Date.now() - started });
      } else if (outcome.kind === 'bpmnError') {
        const vars = defined(outcome.variables);
        await service.handleBpmnError(task, outcome.code, outcome.message, vars ? new lib.Variables().setAll(vars) : undefined);
        logger.info('task.bpmn-error', { ...base, code: outcome.code, durationMs: Date.now() - started });
      } else {
        const retries = outcome.retries ?? nextRetries(task.retries, initialRetries);
        const retryTimeout = outcome.retryTimeout ?? retryTimeoutFor(retries, initialRetries, baseBackoff);
        await service.handleFailure(task, { errorMessage: outcome.message, errorDetails: outcome.details, retries, retryTimeout });
        logger.warn(retries === 0 ? 'task.incident' : 'task.failed', { ...base, retries, retryTimeout, durationMs: Date.now() - started });
      }
    } catch (err) {
      // The engine refused the report (lock lost, task gone): the lock expires and the task is fetched again.
      logger.error('task.report-failed', { ...base, outcome: outcome.kind, error: (err as Error)?.name ?? 'Error', status: (err as { httpStatusCode?: number })?.httpStatusCode });
    }
  }

  client.start();
  logger.info('workers.started', { workerId, topics: served, engineRestUrl: options.engineRestUrl });
  return {
    workerId,
    topics: served,
    async stop() {
      stopping = true;
      client.stop();
      await Promise.allSettled([...inFlight]);
      logger.info('workers.stopped', { workerId });
    },
  };
}
