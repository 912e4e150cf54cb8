// The contract between workers/runner.ts and the one-file-per-topic worker modules.
// A handler gets a task with plain values and returns an Outcome; only the runner talks to the engine.
import type { WorkerServices } from '../src/worker-api/services.js';

export interface TaskInput {
  id: string;
  topicName: string;
  processInstanceId: string;
  processDefinitionKey?: string | null;
  /** The definition the instance runs: its deployment holds the bundle's forms and document templates. */
  processDefinitionId?: string | null;
  activityId: string;
  businessKey?: string | null;
  tenantId?: string | null;
  retries: number | null;
  /** Process variables as plain values: json parsed, dates as Date, files as { filename, mimetype, load() }. */
  variables: Record<string, unknown>;
  /** camunda:properties of the element (fetched with includeExtensionProperties). */
  properties: Record<string, string>;
}

export type Outcome =
  | { kind: 'complete'; variables?: Record<string, unknown>; localVariables?: Record<string, unknown> }
  | { kind: 'bpmnError'; code: string; message?: string; variables?: Record<string, unknown> }
  | { kind: 'failure'; message: string; details?: string; retries?: number; retryTimeout?: number };

export const complete = (variables?: Record<string, unknown>, localVariables?: Record<string, unknown>): Outcome =>
  ({ kind: 'complete', variables, localVariables });
export const bpmnError = (code: string, message?: string, variables?: Record<string, unknown>): Outcome =>
  ({ kind: 'bpmnError', code, message, variables });
/** A technical failure: the runner reports it with retries; it is never a refusal of the service. */
export const failure = (message: string, details?: string, retryTimeout?: number): Outcome =>
  ({ kind: 'failure', message, details, retryTimeout });

/** Structured log without personal data: fields must never carry an IIN, a name or a document. */
export interface WorkerLogger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

/** What every worker may build its own dependencies from. */
export interface WorkerContext {
  env: Record<string, string | undefined>;
  /** Base URL of the engine-rest the runner talks to, e.g. http://127.0.0.1:8080/engine-rest. */
  engineRestUrl: string;
  /** The runner's own credentials as an Authorization header, for workers that call the server's other APIs. */
  authorization?: string;
  logger: WorkerLogger;
  /**
   * What the workers need from the product (request numbers, statuses, documents …): the product's HTTP API at
   * REGLAMENT_API_URL (default: the engine-rest URL's server) with the runner's credentials (workers/services.ts).
   * Tests may pass another implementation (src/worker-api/store.ts).
   */
  services?: WorkerServices;
}

/** Each workers/<topic>.ts exports these; the runner discovers them by file. */
export interface WorkerModule {
  topic: string;
  /** ms; default 60 000 */
  lockDuration?: number;
  /** Variables to fetch; all when omitted. */
  variables?: string[];
  fromContext(ctx: WorkerContext): (task: TaskInput) => Promise<Outcome>;
}
