// Writing events to the outbox: called inside the transaction of the state change, it fans the event out to the tenant's subscribers.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { cabinetOf } from './cabinet.js';

export type OutboxEventType = 'status' | 'routing' | 'escalation';

export interface OutboxEventInput {
  tenantId: string;
  /** Ordering unit, usually the request number: one stream's events reach each subscriber in order. */
  stream: string;
  type: OutboxEventType;
  /** For routing events: the system addressed (con, provider, cabinet); null reaches every subscriber of the type. */
  target?: string | null;
  /** No personal data: receivers correlate by request number. */
  payload: Record<string, unknown>;
  /** A caller-chosen idempotency key: enqueuing the same key again returns the first event (retried steps). */
  eventId?: string;
  now?: Date;
}

export interface OutboxEventRecord {
  seq: number;
  eventId: string;
  deliveries: number;
}

interface Sub { id: string; system: string; event_types: string; routes?: string | null; services?: string | null }

const within = (list: string | null | undefined, value: unknown) => !list || typeof value !== 'string' || list.split(',').includes(value);

/** Subscriptions of the tenant that want this event: by event type, and for targeted events by system. */
function wants(sub: Sub, type: string, target: string | null, payload: Record<string, unknown>): boolean {
  const types = sub.event_types.split(',').map((s) => s.trim());
  if (!types.includes('*') && !types.includes(type)) return false;
  // A profile's subscriber may take only some routes or services; an event without one reaches it.
  if (!within(sub.routes, payload.route) || !within(sub.services, payload.service)) return false;
  // Escalations are for the supervising group, not the applicant's cabinet.
  if (type === 'escalation' && sub.system === 'cabinet') return false;
  return target === null || sub.system === target || sub.system === 'external';
}

export async function enqueueEvent(trx: Knex.Transaction | Knex, input: OutboxEventInput): Promise<OutboxEventRecord> {
  const now = (input.now ?? new Date()).getTime();
  if (input.eventId) {
    const existing = await trx('outbox_event').where({ event_id: input.eventId }).first('id');
    if (existing) return { seq: Number(existing.id), eventId: input.eventId, deliveries: 0 };
  }
  const eventId = input.eventId ?? randomUUID();
  const target = input.target ?? null;
  const body = { eventId, type: input.type, tenantId: input.tenantId, target, at: new Date(now).toISOString(), ...input.payload };
  const [inserted] = await trx('outbox_event')
    .insert({ event_id: eventId, tenant_id: input.tenantId, stream: input.stream, type: input.type, target, payload: JSON.stringify(body), created_at: now })
    .returning('id');
  const seq = Number(typeof inserted === 'object' ? (inserted as { id: number }).id : inserted);
  const subs: Sub[] = await trx('outbox_subscription').where({ tenant_id: input.tenantId, active: true }).select('id', 'system', 'event_types', 'routes', 'services');
  if (!subs.some((s) => s.system === 'cabinet')) {
    const cabinet = await cabinetOf(trx, input.tenantId, now);
    if (cabinet) subs.push(cabinet);
  }
  const rows = subs.filter((s) => wants(s, input.type, target, input.payload)).map((s) => ({
    event_seq: seq, subscription_id: s.id, stream: input.stream, state: 'pending', attempts: 0, next_attempt_at: now,
  }));
  if (rows.length) await trx('outbox_delivery').insert(rows);
  return { seq, eventId, deliveries: rows.length };
}
