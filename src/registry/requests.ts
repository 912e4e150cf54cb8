// Registered requests: the number assigned once per process instance, the current status and its history;
// every status change writes its outbox event in the same transaction.
import type { Knex } from 'knex';
import { NotFoundError } from '../errors.js';
import { enqueueEvent } from '../outbox/events.js';
import { formatRequestNumber, kzYear, requestPrefix } from './request-number.js';
import { readProfile } from '../tenants/store.js';
import { isUniqueViolation, nextValue } from './sequence.js';
import { FINAL_STATUSES, STATUS_LABELS, type RequestStatus } from './statuses.js';

export interface RegisterInput {
  tenantId: string;
  service: string;
  route?: string | null;
  processDefinitionKey?: string | null;
  processInstanceId: string;
  applicantIin?: string | null;
  initiator?: string | null;
  now?: Date;
}

export interface RequestRecord {
  id: number;
  number: string;
  tenantId: string;
  service: string;
  route: string | null;
  processInstanceId: string;
  applicantIin: string | null;
  initiator: string | null;
  status: RequestStatus;
  statusLabel: { ru: string; kk: string };
  receivedAt: string;
  statusAt: string;
  completedAt: string | null;
}

export interface StatusEntry { status: RequestStatus; label: { ru: string; kk: string }; at: string; reason: string | null }

export function toRequest(row: Record<string, unknown>): RequestRecord {
  const status = row.status as RequestStatus;
  return {
    id: Number(row.id), number: String(row.number), tenantId: String(row.tenant_id), service: String(row.service),
    route: (row.route as string | null) ?? null, processInstanceId: String(row.process_instance_id),
    applicantIin: (row.applicant_iin as string | null) ?? null, initiator: (row.initiator as string | null) ?? null,
    status, statusLabel: STATUS_LABELS[status],
    receivedAt: new Date(Number(row.received_at)).toISOString(),
    statusAt: new Date(Number(row.status_at)).toISOString(),
    completedAt: row.completed_at == null ? null : new Date(Number(row.completed_at)).toISOString(),
  };
}

/** The route of a definition key `<service>-<route>` (docs/conventions.md). */
export function routeOfKey(key: string | null | undefined): string | null {
  const m = key ? /-(provider|con|portal)$/.exec(key) : null;
  return m ? m[1]! : null;
}

function statusPayload(req: { number: string; service: string; route: string | null }, status: RequestStatus, at: number, reason: string | null) {
  return {
    requestNumber: req.number, service: req.service, route: req.route, status, statusLabel: STATUS_LABELS[status],
    statusAt: new Date(at).toISOString(), ...(reason ? { reason } : {}),
  };
}

/**
 * «Присвоение номера заявлению»: registers the request of a process instance and sets it «поступившие».
 * Idempotent per instance: a retried step gets the number it was given the first time (`created` false).
 */
export async function registerRequest(db: Knex, input: RegisterInput): Promise<RequestRecord & { created: boolean }> {
  const existing = await db('registry_request').where({ process_instance_id: input.processInstanceId }).first();
  if (existing) return { ...toRequest(existing), created: false };
  const now = (input.now ?? new Date()).getTime();
  try {
    return await db.transaction(async (trx) => {
      const year = kzYear(new Date(now));
      // Keyed by prefix, not tenant: two tenants sharing a prefix share one sequence, so numbers stay unique.
      const prefix = requestPrefix(input.tenantId, (await readProfile(trx, input.tenantId))?.profile.requestPrefix);
      const seq = await nextValue(trx, `request:${prefix}:${year}`);
      const number = formatRequestNumber(prefix, year, seq);
      const route = input.route ?? routeOfKey(input.processDefinitionKey);
      const row = {
        number, tenant_id: input.tenantId, service: input.service, route, process_definition_key: input.processDefinitionKey ?? null,
        process_instance_id: input.processInstanceId, applicant_iin: input.applicantIin ?? null, initiator: input.initiator ?? null,
        status: 'received', received_at: now, status_at: now, completed_at: null,
      };
      const [inserted] = await trx('registry_request').insert(row).returning('id');
      const id = Number(typeof inserted === 'object' ? (inserted as { id: number }).id : inserted);
      await trx('registry_request_status').insert({ request_id: id, status: 'received', activity_id: null, reason: null, at: now });
      await enqueueEvent(trx, { tenantId: input.tenantId, stream: number, type: 'status', payload: statusPayload({ number, service: input.service, route }, 'received', now, null), now: new Date(now) });
      return { ...toRequest({ ...row, id }), created: true };
    });
  } catch (err) {
    // A concurrent retry of the same instance won the race; its number stands (our sequence step rolled back).
    if (isUniqueViolation(err)) {
      const row = await db('registry_request').where({ process_instance_id: input.processInstanceId }).first();
      if (row) return { ...toRequest(row), created: false };
    }
    throw err;
  }
}

export interface StatusChange {
  processInstanceId: string;
  status: RequestStatus;
  activityId?: string | null;
  reason?: string | null;
  now?: Date;
  /** Extra state changes to commit with the status (same transaction). */
  alsoInTransaction?: (trx: Knex.Transaction, request: RequestRecord) => Promise<void>;
}

/**
 * Sets the status of an instance's request and writes the outbox event in the same transaction.
 * Returns null when the instance has no registered request (refusals before registration have no status);
 * `changed` is false when the request already had this status (a retried step notifies once).
 */
export async function changeStatus(db: Knex, change: StatusChange): Promise<{ request: RequestRecord; changed: boolean } | null> {
  return db.transaction(async (trx) => {
    let q = trx('registry_request').where({ process_instance_id: change.processInstanceId });
    if (trx.client.config.client === 'pg') q = q.forUpdate();
    const row = await q.first();
    if (!row) return null;
    if (row.status === change.status) return { request: toRequest(row), changed: false };
    const now = (change.now ?? new Date()).getTime();
    const completedAt = FINAL_STATUSES.has(change.status) ? now : null;
    await trx('registry_request').where({ id: row.id }).update({ status: change.status, status_at: now, completed_at: completedAt });
    await trx('registry_request_status').insert({ request_id: row.id, status: change.status, activity_id: change.activityId ?? null, reason: change.reason ?? null, at: now });
    // A finished request closes its open breaches in the supervisor view (they stay counted in the indicators).
    if (completedAt !== null) await trx('registry_overdue_step').where({ process_instance_id: change.processInstanceId }).whereNull('resolved_at').update({ resolved_at: now });
    const request = toRequest({ ...row, status: change.status, status_at: now, completed_at: completedAt });
    await enqueueEvent(trx, { tenantId: request.tenantId, stream: request.number, type: 'status', payload: statusPayload(request, change.status, now, change.reason ?? null), now: new Date(now) });
    if (change.alsoInTransaction) await change.alsoInTransaction(trx, request);
    return { request, changed: true };
  });
}

export async function findRequestByNumber(db: Knex, number: string): Promise<RequestRecord | null> {
  const row = await db('registry_request').where({ number }).first();
  return row ? toRequest(row) : null;
}

export async function findRequestByInstance(db: Knex, processInstanceId: string): Promise<RequestRecord | null> {
  const row = await db('registry_request').where({ process_instance_id: processInstanceId }).first();
  return row ? toRequest(row) : null;
}

export interface RequestFilter { applicantIin?: string; initiator?: string; tenantIds?: string[]; limit?: number }

/** «История получения услуг»: requests of one applicant (by IIN or user id), or of tenants for staff; newest first. */
export async function listRequests(db: Knex, filter: RequestFilter): Promise<RequestRecord[]> {
  const q = db('registry_request').orderBy('received_at', 'desc').orderBy('id', 'desc').limit(Math.min(filter.limit ?? 100, 500));
  if (filter.applicantIin || filter.initiator) {
    q.where((w) => {
      if (filter.applicantIin) w.orWhere('applicant_iin', filter.applicantIin);
      if (filter.initiator) w.orWhere('initiator', filter.initiator);
    });
  }
  if (filter.tenantIds) q.whereIn('tenant_id', filter.tenantIds);
  return (await q).map(toRequest);
}

export async function statusHistory(db: Knex, number: string): Promise<StatusEntry[]> {
  const req = await db('registry_request').where({ number }).first('id');
  if (!req) throw new NotFoundError(`Request '${number}' not found`);
  const rows = await db('registry_request_status').where({ request_id: req.id }).orderBy('at').orderBy('id');
  return rows.map((r) => ({
    status: r.status as RequestStatus, label: STATUS_LABELS[r.status as RequestStatus],
    at: new Date(Number(r.at)).toISOString(), reason: r.reason ?? null,
  }));
}
