// /api/worker/*: what the external-task workers need from the product besides the engine — request numbers, queue
// places, statuses, routing and escalation events, output documents, a staff user's IIN and the embedded registries —
// so that a worker needs no database and runs against any Camunda-7-compatible engine (docs/scaling.md). Worker
// credentials (permission external-tasks:work), scoped to the caller's tenants; each call is idempotent as the store
// functions behind it (src/worker-api/store.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import { AuthorizationError, NotFoundError } from '../errors.js';
import type { DocumentKeys } from '../documents/keys.js';
import { findById } from '../documents/store.js';
import { REQUEST_STATUSES } from '../registry/index.js';
import { IdentityStore } from '../store/identity.js';
import { storeServicesFromEnv } from '../worker-api/store.js';
import { decodeValues } from '../worker-api/wire.js';
import type { GenerateCall, WorkerServices } from '../worker-api/services.js';

export interface WorkerRoutesOptions {
  /** Read when a call comes (REGLAMENT_PUBLIC_URL, SMTP, document keys), so settings made after start count. */
  env: Record<string, string | undefined>;
  /** The documents' keys; loaded from `env` on first use when not given. */
  documentKeys?: DocumentKeys | Promise<DocumentKeys>;
  db?: Knex;
  /** The services behind the routes (tests: templates from the processes/ folder); default over `db` and `env`. */
  services?: WorkerServices;
}

const config = { permission: 'external-tasks:work' as const };
const tags = ['api'];
const id = { type: 'string', minLength: 1, maxLength: 64 };
const text = (max: number) => ({ type: 'string', maxLength: max });
const nullable = (max: number) => ({ type: ['string', 'null'], maxLength: max });
const date = { type: 'string', format: 'date-time' };
const object = (required: string[], properties: Record<string, unknown>) => ({ type: 'object', additionalProperties: false, required, properties });
const request = object(['number', 'tenantId', 'service', 'route', 'status', 'receivedAt'], {
  number: { type: 'string' }, tenantId: { type: 'string' }, service: { type: 'string' }, route: { type: ['string', 'null'] },
  status: { type: 'string' }, receivedAt: { type: 'string' }, created: { type: 'boolean' },
});

/** A tenant the caller may act in: its own tenants, every tenant for a global administrator. */
function inTenant(req: FastifyRequest, tenantId: string | null): void {
  const tenants = req.access.tenantIds;
  if (tenants === null) return;
  if (tenantId === null || !tenants.includes(tenantId)) {
    throw new AuthorizationError(`No permission for tenant '${String(tenantId).slice(0, 64)}': worker '${(req.access.userId ?? '').slice(0, 64)}' is not a member of it`);
  }
}

export function workerRoutes(options: WorkerRoutesOptions) {
  return async function workerApi(app: FastifyInstance): Promise<void> {
    const db = options.db ?? app.db;
    const env = options.env;
    const services = options.services ?? storeServicesFromEnv(db, env, options.documentKeys);
    const identity = new IdentityStore(db);

    /** The instance's request when the caller may see it; null when the instance has none. */
    async function requestOf(req: FastifyRequest, processInstanceId: string) {
      const found = await services.requests.byInstance(processInstanceId);
      if (found) inTenant(req, found.tenantId);
      return found;
    }

    app.post<{ Body: { tenantId: string; service: string; processDefinitionKey?: string | null; processInstanceId: string; applicantIin?: string | null; initiator?: string | null; now: string } }>('/api/worker/requests', {
      config, schema: {
        tags, body: object(['tenantId', 'service', 'processInstanceId', 'now'], {
          tenantId: id, service: text(128), processDefinitionKey: nullable(255), processInstanceId: id,
          applicantIin: { type: ['string', 'null'], pattern: '^[0-9]{12}$' }, initiator: nullable(255), now: date,
        }),
        response: { 200: request },
      },
    }, async (req) => {
      inTenant(req, req.body.tenantId);
      const existing = await requestOf(req, req.body.processInstanceId);
      if (existing) return { ...existing, created: false };
      return services.requests.register({ ...req.body, now: new Date(req.body.now) });
    });

    app.get<{ Params: { processInstanceId: string } }>('/api/worker/requests/by-instance/:processInstanceId', {
      config, schema: { tags, params: object(['processInstanceId'], { processInstanceId: id }), response: { 200: object(['request'], { request: { anyOf: [request, { type: 'null' }] } }) } },
    }, async (req) => ({ request: await requestOf(req, req.params.processInstanceId) }));

    app.post<{ Params: { processInstanceId: string }; Body: { status: (typeof REQUEST_STATUSES)[number]; activityId?: string | null; reason?: string | null; now: string } }>('/api/worker/requests/by-instance/:processInstanceId/status', {
      config, schema: {
        tags, params: object(['processInstanceId'], { processInstanceId: id }),
        body: object(['status', 'now'], { status: { type: 'string', enum: [...REQUEST_STATUSES] }, activityId: nullable(255), reason: nullable(2000), now: date }),
        response: { 200: object(['result'], { result: { anyOf: [object(['status', 'changed'], { status: { type: 'string' }, changed: { type: 'boolean' } }), { type: 'null' }] } }) },
      },
    }, async (req) => {
      if (!(await requestOf(req, req.params.processInstanceId))) return { result: null };
      return { result: await services.requests.changeStatus({ ...req.body, processInstanceId: req.params.processInstanceId, now: new Date(req.body.now) }) };
    });

    app.post<{ Body: { tenantId: string; queue: 'preschool' | 'housing'; processInstanceId: string; requestNumber?: string | null; childBirthDate?: string; housingCategory?: string; subjectIin?: string | null; now: string } }>('/api/worker/queues', {
      config, schema: {
        tags, body: object(['tenantId', 'queue', 'processInstanceId', 'now'], {
          tenantId: id, queue: text(32), processInstanceId: id, requestNumber: nullable(64), childBirthDate: text(32),
          housingCategory: text(64), subjectIin: { type: ['string', 'null'], pattern: '^[0-9]{12}$' }, now: date,
        }),
        response: { 200: object(['number', 'group', 'position'], { number: { type: 'integer' }, group: { type: 'string' }, position: { type: ['integer', 'null'] } }) },
      },
    }, async (req) => {
      inTenant(req, req.body.tenantId);
      return services.requests.assignQueue({ ...req.body, now: new Date(req.body.now) });
    });

    app.post<{ Body: { tenantId: string; processInstanceId: string; target: string; eventId: string; requestNumber?: string | null; step?: string | null; now: string } }>('/api/worker/routing-events', {
      config, schema: {
        tags, body: object(['tenantId', 'processInstanceId', 'target', 'eventId', 'now'], {
          tenantId: id, processInstanceId: id, target: { type: 'string', enum: ['provider', 'con', 'cabinet'] }, eventId: text(128),
          requestNumber: nullable(64), step: nullable(255), now: date,
        }),
        response: { 200: object(['eventId'], { eventId: { type: 'string' } }) },
      },
    }, async (req) => {
      inTenant(req, req.body.tenantId);
      await requestOf(req, req.body.processInstanceId);
      return services.requests.route({ ...req.body, now: new Date(req.body.now) });
    });

    app.post<{ Body: { tenantId: string | null; processInstanceId: string; processDefinitionKey?: string | null; requestNumber?: string | null; step: string; elementId: string; escalationActivityId: string; dueAt: string; supervisorGroup: string; now: string } }>('/api/worker/overdue-steps', {
      config, schema: {
        tags, body: object(['tenantId', 'processInstanceId', 'step', 'elementId', 'escalationActivityId', 'dueAt', 'supervisorGroup', 'now'], {
          tenantId: { type: ['string', 'null'], maxLength: 64 }, processInstanceId: id, processDefinitionKey: nullable(255), requestNumber: nullable(64),
          step: text(255), elementId: text(255), escalationActivityId: text(255), dueAt: date, supervisorGroup: text(255), now: date,
        }),
        response: { 200: object(['created'], { created: { type: 'boolean' } }) },
      },
    }, async (req) => {
      const request = await requestOf(req, req.body.processInstanceId);
      inTenant(req, req.body.tenantId ?? request?.tenantId ?? null);
      return services.requests.recordOverdue({ ...req.body, dueAt: new Date(req.body.dueAt), now: new Date(req.body.now) });
    });

    app.post<{ Body: Omit<GenerateCall, 'lang'> & { lang: 'ru' | 'kk' } }>('/api/worker/documents', {
      config, schema: {
        tags, body: object(['form', 'lang', 'tenant', 'requestNumber', 'processInstanceId', 'idempotencyKey', 'variables', 'properties'], {
          form: text(128), lang: { type: 'string', enum: ['ru', 'kk'] }, tenant: id, service: text(128), requestNumber: text(64),
          processDefinitionId: nullable(255), processInstanceId: id, idempotencyKey: text(512),
          variables: { type: 'object' }, properties: { type: 'object', additionalProperties: { type: 'string' } },
          signedDocumentData: text(1_000_000), specialistIin: nullable(12), applicantIin: nullable(12), applicantUserId: nullable(255),
        }),
        response: {
          200: object(['outcome'], {
            outcome: { type: 'string', enum: ['generated', 'signature-rejected'] }, id: { type: 'string' }, verificationCode: { type: 'string' },
            created: { type: 'boolean' }, message: { type: 'string' },
          }),
        },
      },
    }, async (req) => {
      inTenant(req, req.body.tenant);
      return services.documents.generate({ ...req.body, variables: decodeValues(req.body.variables) as Record<string, unknown> });
    });

    app.post<{ Params: { documentId: string }; Body: { channel: 'cabinet' | 'email' | 'hand'; email?: string; idempotencyKey: string } }>('/api/worker/documents/:documentId/deliveries', {
      config, schema: {
        tags, params: object(['documentId'], { documentId: id }),
        body: object(['channel', 'idempotencyKey'], { channel: text(32), email: text(320), idempotencyKey: text(512) }),
        response: { 200: object(['deliveredAt'], { deliveredAt: { type: 'string' } }) },
      },
    }, async (req) => {
      const doc = await findById(db, req.params.documentId);
      if (!doc) throw new NotFoundError(`Cannot deliver document '${req.params.documentId.slice(0, 36)}': no such document`);
      inTenant(req, doc.tenantId);
      return services.documents.deliver({ ...req.body, documentId: req.params.documentId });
    });

    app.get<{ Params: { userId: string } }>('/api/worker/staff/:userId/iin', {
      config, schema: { tags, params: object(['userId'], { userId: text(255) }), response: { 200: object(['iin'], { iin: { type: ['string', 'null'] } }) } },
    }, async (req) => {
      const principal = await identity.principal(req.params.userId).catch(() => null);
      const tenants = req.access.tenantIds;
      // A user of no tenant the worker serves is not the worker's to know: as unknown.
      if (!principal || (tenants !== null && !principal.tenantIds.some((t) => tenants.includes(t)))) return { iin: null };
      return { iin: principal.user.iin ?? null };
    });

    // The embedded registries (demo and tests): one gateway at /api/worker/registries in the format of docs/workers.md, 404 = no record.
    const { persons, powersOfAttorney: powers, guardianship } = services.registries;
    const iinParams = object(['iin'], { iin: { type: 'string', pattern: '^[0-9]{12}$' } });
    const none = (what: string) => new NotFoundError(`No ${what} in the embedded registry`);
    app.get<{ Params: { iin: string } }>('/api/worker/registries/persons/:iin', { config, schema: { tags, params: iinParams } }, async (req) => {
      const person = await persons.findPerson(req.params.iin);
      if (!person) throw none('person');
      return person;
    });
    app.get<{ Params: { iin: string } }>('/api/worker/registries/persons/:iin/children', { config, schema: { tags, params: iinParams } },
      async (req) => persons.childrenOf(req.params.iin));
    app.get<{ Params: { number: string } }>('/api/worker/registries/powers-of-attorney/:number', {
      config, schema: { tags, params: object(['number'], { number: text(64) }) },
    }, async (req) => {
      const poa = await powers.findPowerOfAttorney(req.params.number);
      if (!poa) throw none('power of attorney');
      return poa;
    });
    app.get<{ Querystring: { childIin: string } }>('/api/worker/registries/guardianship', {
      config, schema: { tags, querystring: object(['childIin'], { childIin: { type: 'string', pattern: '^[0-9]{12}$' } }) },
    }, async (req) => guardianship.findByChild(req.query.childIin));
  };
}
