// The worker services over the product's HTTP API (/api/worker/*, src/api/reglament-workers.ts), with the worker's
// own credentials. A 4xx answer comes back as the catalogue's error (InvalidRequestError, NotFoundError,
// AuthorizationError …: no retry heals it); a 5xx, a timeout or a refused connection is a plain Error the runner retries.
import { AuthenticationError, AuthorizationError, InvalidRequestError, NotFoundError } from '../errors.js';
import type { GatewayConfig } from '../registry/http-client.js';
import { HttpGuardianshipRegistry, HttpPersonRegistry, HttpPowerOfAttorneyRegistry } from '../registry/http-registries.js';
import type { DocumentService, RequestService, StaffService, WorkerServices } from './services.js';
import { encodeValues } from './wire.js';

export interface HttpServicesOptions {
  /** The server's base URL (the API is <base>/api/worker), e.g. http://127.0.0.1:8080 */
  baseUrl: string;
  /** The worker's Authorization header (Basic or Bearer), as the runner sends it to engine-rest. */
  authorization?: string;
  /** per call, ms; default 30 000 (a document is rendered within the call) */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const iso = (d: Date) => d.toISOString();

export function httpServices(options: HttpServicesOptions): WorkerServices {
  const base = `${options.baseUrl.replace(/\/+$/, '')}/api/worker`;
  const doFetch = options.fetch ?? fetch;

  async function call<T>(what: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          ...(body !== undefined && { 'content-type': 'application/json' }),
          ...(options.authorization && { authorization: options.authorization }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (err) {
      const timeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new Error(`Couldn't ${what}, the server ${timeout ? 'did not answer in time' : 'is unreachable'} (${base})`);
    }
    const text = await response.text();
    if (response.ok) return JSON.parse(text) as T;
    let message = '';
    try { message = String((JSON.parse(text) as { message?: unknown }).message ?? ''); } catch { /* not an ExceptionDto */ }
    const reason = message || `HTTP ${response.status}`;
    if (response.status === 400) throw new InvalidRequestError(reason);
    if (response.status === 404) throw new NotFoundError(reason);
    if (response.status === 401) throw new AuthenticationError(`Couldn't ${what}: the worker's credentials were refused (${reason})`);
    if (response.status === 403) throw new AuthorizationError(`Couldn't ${what}: ${reason}`);
    throw new Error(`Couldn't ${what}, the server answered HTTP ${response.status}${message ? `: ${message}` : ''}`);
  }

  const id = (s: string) => encodeURIComponent(s);
  const requests: RequestService = {
    register: (c) => call('register the request', 'POST', '/requests', { ...c, now: iso(c.now) }),
    byInstance: async (pi) => (await call<{ request: Awaited<ReturnType<RequestService['byInstance']>> }>('read the request', 'GET', `/requests/by-instance/${id(pi)}`)).request,
    assignQueue: (c) => call('assign a queue number', 'POST', '/queues', { ...c, now: iso(c.now) }),
    changeStatus: async ({ processInstanceId, ...c }) => (await call<{ result: Awaited<ReturnType<RequestService['changeStatus']>> }>(
      'notify the status', 'POST', `/requests/by-instance/${id(processInstanceId)}/status`, { ...c, now: iso(c.now) })).result,
    route: (c) => call('route through ШЭП', 'POST', '/routing-events', { ...c, now: iso(c.now) }),
    recordOverdue: (c) => call('record the overdue step', 'POST', '/overdue-steps', { ...c, dueAt: iso(c.dueAt), now: iso(c.now) }),
  };
  const documents: DocumentService = {
    generate: (c) => call('generate the output document', 'POST', '/documents', { ...c, variables: encodeValues(c.variables) }),
    deliver: ({ documentId, ...c }) => call('deliver the output document', 'POST', `/documents/${id(documentId)}/deliveries`, c),
  };
  const staff: StaffService = {
    iinOf: async (userId) => (await call<{ iin: string | null }>('read the staff user', 'GET', `/staff/${id(userId)}/iin`)).iin,
  };
  const registries = {
    persons: new HttpPersonRegistry(embeddedGateway(options)),
    powersOfAttorney: new HttpPowerOfAttorneyRegistry(embeddedGateway(options)),
    guardianship: new HttpGuardianshipRegistry(embeddedGateway(options)),
  };
  return { requests, documents, staff, registries };
}

/** The embedded registries behind the server's worker API: one gateway in the format of docs/workers.md. */
export function embeddedGateway(options: HttpServicesOptions): GatewayConfig {
  const a = options.authorization ?? '';
  const basic = /^Basic (.+)$/i.exec(a);
  const [username = '', ...rest] = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':') : [];
  const auth = /^Bearer /i.test(a) ? { token: a.slice(7) } : basic ? { username, password: rest.join(':') } : undefined;
  return { baseUrl: `${options.baseUrl.replace(/\/+$/, '')}/api/worker/registries`, auth, fetch: options.fetch };
}
