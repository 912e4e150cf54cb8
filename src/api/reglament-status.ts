// /api/requests and /api/status: «История получения услуг» for the applicant (own requests only), the tenant's requests
// for its staff, cabinet notifications, the supervisor's overdue view, and status subscriptions for administrators.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import { requestDocuments } from '../documents/store.js';
import { AuthorizationError, NotFoundError, ReglamentError } from '../errors.js';
import { createSubscription, deleteSubscription, listSubscriptions, type SubscriberSystem } from '../outbox/index.js';
import {
  findQueueEntry, findQueueEntryByRequest, findRequestByNumber, leaveQueue, listOverdue, listRequests, positionOf, queueHistory,
  restoreQueueEntry, statusHistory, waitingList, FINAL_STATUSES, type RequestRecord,
} from '../registry/index.js';
import { expectedDate } from './request-expected-date.js';

/** Who is asking, as these routes need it. `tenantIds: null` = every tenant (global administrator). */
export interface Caller {
  userId: string;
  iin: string | null;
  roles: string[];
  tenantIds: string[] | null;
  /** The caller's groups (supervisor, provider-specialist, …); absent = none. */
  groupIds?: string[];
}

export interface ReglamentRouteOptions {
  /** the store; defaults to the `db` the server decorates */
  db?: Knex;
  /** preHandler that authenticates (not needed under the server's global auth hook) */
  authenticate?: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  /** the caller; defaults to the principal set by the server's auth plugin */
  access?: (request: FastifyRequest) => Caller | Promise<Caller>;
}

const STAFF = ['admin', 'operator', 'auditor'];

export function isStaff(caller: Caller): boolean {
  return caller.roles.some((r) => STAFF.includes(r));
}

/** The caller from the principal the server's auth plugin sets on the request. */
export function callerFromRequest(request: FastifyRequest): Caller {
  const principal = (request as { principal?: { user: { id: string; iin: string | null }; roles: string[]; tenantIds: string[]; groupIds?: string[] } | null }).principal;
  if (!principal) throw new AuthorizationError('Authentication required');
  const globalAdmin = principal.roles.includes('admin') && principal.tenantIds.length === 0;
  return { userId: principal.user.id, iin: principal.user.iin, roles: principal.roles, tenantIds: globalAdmin ? null : principal.tenantIds, groupIds: principal.groupIds ?? [] };
}

/** The group of the услугодатель's head, to whom escalate-overdue reports breaches (its default supervisorGroup). */
export const SUPERVISOR_GROUP = 'supervisor';

/** Supervisors (staff in the supervisor group) and administrators read the breaches; a specialist does not. */
export function isSupervisor(caller: Caller): boolean {
  return caller.roles.includes('admin') || (isStaff(caller) && (caller.groupIds ?? []).includes(SUPERVISOR_GROUP));
}

export function ownsRequest(caller: Caller, request: RequestRecord): boolean {
  return (caller.iin !== null && request.applicantIin === caller.iin) || request.initiator === caller.userId;
}

export function staffOfTenant(caller: Caller, tenantId: string): boolean {
  return isStaff(caller) && (caller.tenantIds === null || caller.tenantIds.includes(tenantId));
}

/** The request if the caller may read it; 404 otherwise, so another applicant's number does not leak its existence. */
export async function readableRequest(db: Knex, caller: Caller, number: string): Promise<RequestRecord> {
  const request = await findRequestByNumber(db, number);
  if (!request || !(ownsRequest(caller, request) || staffOfTenant(caller, request.tenantId))) {
    throw new NotFoundError(`Request '${number}' not found`);
  }
  return request;
}

/**
 * Errors of the catalogue rendered as Camunda's ExceptionDto, so the routes behave the same on a bare fastify.
 * Under the server, its own error plugin (reglament-errors) already does this, and stays in charge.
 */
export function renderCatalogueErrors(app: FastifyInstance): void {
  if (app.hasPlugin('reglament-errors')) return;
  app.setErrorHandler((err, _request, reply) => {
    if (err instanceof ReglamentError) return reply.code(err.status).send({ type: err.type, message: err.message, code: err.code ?? null });
    throw err;
  });
}

/** The public view of a request: the applicant's IIN stays out of the answer. */
function publicRequest(r: RequestRecord) {
  return {
    number: r.number, tenantId: r.tenantId, service: r.service, route: r.route, processInstanceId: r.processInstanceId, status: r.status, statusLabel: r.statusLabel,
    receivedAt: r.receivedAt, statusAt: r.statusAt, completedAt: r.completedAt,
  };
}

/**
 * The documents of a finished request, for whoever may read the request (its applicant, its akimat's staff). A route may
 * give its result, a refusal above all, without a delivery to the cabinet (Semey's portal routes end a refusal with the
 * message «сообщение об отказе потребителю»); the applicant still gets the document the act gives them. Before the
 * result nothing is listed here: a document being prepared is not the applicant's yet. The PDF itself is served by
 * /api/documents/:id/pdf, which checks the reader again.
 */
async function resultDocuments(db: Knex, r: RequestRecord) {
  if (!FINAL_STATUSES.has(r.status)) return [];
  return (await requestDocuments(db, r.tenantId, r.number)).map((d) => ({
    ...d, createdAt: d.createdAt.toISOString(), pdf: `/api/documents/${d.id}/pdf`,
  }));
}

const numberParams = { type: 'object', required: ['number'], properties: { number: { type: 'string', maxLength: 64 } } } as const;

export async function reglamentStatusRoutes(app: FastifyInstance, options: ReglamentRouteOptions = {}): Promise<void> {
  const db = options.db ?? (app as unknown as { db: Knex }).db;
  const caller = async (request: FastifyRequest) => (options.access ? options.access(request) : callerFromRequest(request));
  if (options.authenticate) app.addHook('preHandler', options.authenticate);
  renderCatalogueErrors(app);
  // The expected date needs the route's limits, read through the host; on a bare fastify (unit tests) there is none.
  const expectedOf = (r: RequestRecord, cache?: Parameters<typeof expectedDate>[2]) =>
    (app.hasDecorator('host') ? expectedDate(app.host, r, cache).catch(() => null) : Promise.resolve(null));

  app.get<{ Querystring: { iin?: string; tenant?: string; limit?: number } }>('/api/requests', { config: { permission: 'authenticated' },
    schema: {
      tags: ['Requests'],
      querystring: { type: 'object', properties: { iin: { type: 'string', pattern: '^[0-9]{12}$' }, tenant: { type: 'string' }, limit: { type: 'integer', minimum: 1, maximum: 500 } } },
    },
  }, async (request) => {
    const c = await caller(request);
    const { iin, tenant, limit } = request.query;
    if (isStaff(c)) {
      const tenants = tenant ? [tenant] : c.tenantIds ?? undefined;
      if (tenant && c.tenantIds && !c.tenantIds.includes(tenant)) return [];
      return (await listRequests(db, { applicantIin: iin, tenantIds: tenants, limit })).map(publicRequest);
    }
    // An applicant sees only their own requests, whatever the query says; with the date each result is expected.
    const mine = await listRequests(db, { applicantIin: c.iin ?? undefined, initiator: c.userId, limit });
    const limits = new Map();
    return Promise.all(mine.map(async (r) => ({ ...publicRequest(r), expectedAt: (await expectedOf(r, limits))?.toISOString() ?? null })));
  });

  app.get<{ Params: { number: string } }>('/api/requests/:number/history', { config: { permission: 'authenticated' }, schema: { tags: ['Requests'], params: numberParams } }, async (request) => {
    const c = await caller(request);
    const r = await readableRequest(db, c, request.params.number);
    const entry = await findQueueEntryByRequest(db, r.number);
    // Without a host (the routes on a bare fastify in unit tests) there is no route to read the limits from.
    const expected = await expectedOf(r);
    return {
      request: { ...publicRequest(r), expectedAt: expected?.toISOString() ?? null },
      documents: await resultDocuments(db, r),
      history: await statusHistory(db, r.number),
      queue: entry ? { queue: entry.queue, group: entry.group, number: entry.number, status: entry.status, position: await positionOf(db, entry.id) } : null,
    };
  });

  app.get('/api/notifications', { config: { permission: 'authenticated' }, schema: { tags: ['Requests'] } }, async (request) => {
    const c = await caller(request);
    const mine = await listRequests(db, { applicantIin: c.iin ?? undefined, initiator: c.userId, limit: 500 });
    if (!mine.length) return [];
    const rows = await db('outbox_cabinet_notification').whereIn('request_number', mine.map((r) => r.number)).orderBy('id', 'desc').limit(200);
    return rows.map((n) => ({ id: Number(n.id), requestNumber: n.request_number, text: n.text, createdAt: new Date(Number(n.created_at)).toISOString() }));
  });

  app.get('/api/status/overdue', { config: { permission: 'authenticated' }, schema: { tags: ['Requests'] } }, async (request) => {
    const c = await caller(request);
    if (!isSupervisor(c)) throw new AuthorizationError(`Only supervisors (group '${SUPERVISOR_GROUP}') and administrators may read overdue steps`);
    const tenants = c.tenantIds ?? (await db('registry_overdue_step').distinct('tenant_id')).map((r) => String(r.tenant_id));
    return listOverdue(db, tenants);
  });

  // Queues: the staff of the tenant read a group's line and record departures (направление issued, removal) and returns.
  app.get<{ Params: { queue: 'preschool' | 'housing'; group: string }; Querystring: { tenant: string } }>('/api/queues/:queue/:group', { config: { permission: 'authenticated' },
    schema: {
      tags: ['Queues'],
      params: { type: 'object', required: ['queue', 'group'], properties: { queue: { type: 'string', enum: ['preschool', 'housing'] }, group: { type: 'string', maxLength: 64 } } },
      querystring: { type: 'object', required: ['tenant'], properties: { tenant: { type: 'string', maxLength: 128 } } },
    },
  }, async (request) => {
    const c = await caller(request);
    if (!staffOfTenant(c, request.query.tenant)) throw new NotFoundError(`Queue '${request.params.queue}/${request.params.group}' not found`);
    return (await waitingList(db, request.query.tenant, request.params.queue, request.params.group))
      .map((e) => ({ id: e.id, number: e.number, position: e.position, requestNumber: e.requestNumber, createdAt: e.createdAt }));
  });

  const entryParams = { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } } as const;
  const staffEntry = async (c: Caller, id: number) => {
    const entry = await findQueueEntry(db, id);
    if (!entry || !staffOfTenant(c, entry.tenantId)) throw new NotFoundError(`Queue entry ${id} not found`);
    return entry;
  };

  app.get<{ Params: { id: number } }>('/api/queues/entries/:id/history', { config: { permission: 'authenticated' }, schema: { tags: ['Queues'], params: entryParams } }, async (request) => {
    const entry = await staffEntry(await caller(request), request.params.id);
    return { entry: { ...entry, position: await positionOf(db, entry.id) }, history: await queueHistory(db, entry.id) };
  });

  app.post<{ Params: { id: number }; Body: { reason: string } }>('/api/queues/entries/:id/leave', { config: { permission: 'authenticated' },
    schema: {
      tags: ['Queues'], params: entryParams,
      body: { type: 'object', required: ['reason'], additionalProperties: false, properties: { reason: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[a-z0-9-]+$' } } },
    },
  }, async (request) => {
    const c = await caller(request);
    const entry = await staffEntry(c, request.params.id);
    return leaveQueue(db, entry.id, request.body.reason, c.userId);
  });

  app.post<{ Params: { id: number } }>('/api/queues/entries/:id/restore', { config: { permission: 'authenticated' }, schema: { tags: ['Queues'], params: entryParams } }, async (request) => {
    const c = await caller(request);
    const entry = await staffEntry(c, request.params.id);
    return restoreQueueEntry(db, entry.id, c.userId);
  });

  app.get<{ Params: { id: string }; Querystring: { state?: string } }>('/api/status/subscriptions/:id/deliveries', { config: { permission: 'authenticated' },
    schema: {
      tags: ['Status subscriptions'],
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } },
      querystring: { type: 'object', properties: { state: { type: 'string', enum: ['pending', 'delivered', 'cancelled'] } } },
    },
  }, async (request) => {
    const c = await caller(request);
    requireAdmin(c);
    const sub = await db('outbox_subscription').where({ id: request.params.id }).first('tenant_id');
    if (!sub || (c.tenantIds && !c.tenantIds.includes(sub.tenant_id))) throw new NotFoundError(`Subscription '${request.params.id}' not found`);
    const q = db('outbox_delivery as d').join('outbox_event as e', 'e.id', 'd.event_seq').where('d.subscription_id', request.params.id)
      .orderBy('d.id', 'desc').limit(200)
      .select('e.event_id', 'e.type', 'd.stream', 'd.state', 'd.attempts', 'd.last_status', 'd.last_error', 'd.next_attempt_at', 'd.delivered_at');
    if (request.query.state) q.where('d.state', request.query.state);
    const iso = (v: unknown) => (v == null ? null : new Date(Number(v)).toISOString());
    return (await q).map((d) => ({
      eventId: d.event_id, type: d.type, requestNumber: d.stream, state: d.state, attempts: d.attempts, lastStatus: d.last_status ?? null,
      lastError: d.last_error ?? null, nextAttemptAt: d.state === 'pending' ? iso(d.next_attempt_at) : null, deliveredAt: iso(d.delivered_at),
    }));
  });

  function requireAdmin(c: Caller): void {
    if (!c.roles.includes('admin')) throw new AuthorizationError('Only administrators manage status subscriptions');
  }

  app.post<{ Body: { tenantId: string; name: string; system: SubscriberSystem; url?: string | null; eventTypes?: string[]; secret?: string } }>('/api/status/subscriptions', { config: { permission: 'authenticated' },
    schema: {
      tags: ['Status subscriptions'],
      body: {
        type: 'object', required: ['tenantId', 'name', 'system'], additionalProperties: false,
        properties: {
          tenantId: { type: 'string', maxLength: 128 }, name: { type: 'string', minLength: 1, maxLength: 200 },
          system: { type: 'string', enum: ['con', 'provider', 'cabinet', 'external'] }, url: { type: ['string', 'null'], maxLength: 2000 },
          eventTypes: { type: 'array', items: { type: 'string' }, maxItems: 4 }, secret: { type: 'string', minLength: 16, maxLength: 200 },
        },
      },
    },
  }, async (request, reply) => {
    const c = await caller(request);
    requireAdmin(c);
    if (c.tenantIds && !c.tenantIds.includes(request.body.tenantId)) throw new NotFoundError(`Tenant '${request.body.tenantId}' not found`);
    const created = await createSubscription(db, request.body);
    // The secret is shown once, on creation.
    return reply.code(201).send(created);
  });

  app.get('/api/status/subscriptions', { config: { permission: 'authenticated' }, schema: { tags: ['Status subscriptions'] } }, async (request) => {
    const c = await caller(request);
    requireAdmin(c);
    const tenants = c.tenantIds ?? (await db('outbox_subscription').distinct('tenant_id')).map((r) => String(r.tenant_id));
    return listSubscriptions(db, tenants);
  });

  app.delete<{ Params: { id: string } }>('/api/status/subscriptions/:id', { config: { permission: 'authenticated' },
    schema: { tags: ['Status subscriptions'], params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 64 } } } },
  }, async (request, reply) => {
    const c = await caller(request);
    requireAdmin(c);
    const tenants = c.tenantIds ?? (await db('outbox_subscription').where({ id: request.params.id }).select('tenant_id')).map((r) => String(r.tenant_id));
    await deleteSubscription(db, request.params.id, tenants);
    return reply.code(204).send();
  });
}

export default reglamentStatusRoutes;
