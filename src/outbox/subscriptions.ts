// Subscriptions per tenant: the systems status events are delivered to (ИС ЦОН, ИС услугодателя, the cabinet, any endpoint an akimat registers).
import { randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import { insertCabinet } from './cabinet.js';

export const SYSTEMS = ['con', 'provider', 'cabinet', 'external'] as const;
export type SubscriberSystem = (typeof SYSTEMS)[number];

export interface Subscription {
  id: string;
  tenantId: string;
  name: string;
  system: SubscriberSystem;
  /** null: the built-in personal cabinet, delivered in the store without HTTP */
  url: string | null;
  eventTypes: string[];
  active: boolean;
  createdAt: string;
}

export interface NewSubscription {
  tenantId: string;
  name: string;
  system: SubscriberSystem;
  url?: string | null;
  /** generated when omitted; returned once on creation */
  secret?: string;
  eventTypes?: string[];
  now?: number;
}

function toSubscription(row: Record<string, unknown>): Subscription {
  return {
    id: String(row.id), tenantId: String(row.tenant_id), name: String(row.name), system: row.system as SubscriberSystem,
    url: (row.url as string | null) ?? null, eventTypes: String(row.event_types).split(','), active: Boolean(row.active),
    createdAt: new Date(Number(row.created_at)).toISOString(),
  };
}

export async function createSubscription(db: Knex | Knex.Transaction, input: NewSubscription): Promise<Subscription & { secret: string }> {
  if (!(SYSTEMS as readonly string[]).includes(input.system)) {
    throw new InvalidRequestError(`Cannot create subscription: system must be one of ${SYSTEMS.join(', ')}`);
  }
  const url = input.url ?? null;
  if (url === null && input.system !== 'cabinet') {
    throw new InvalidRequestError('Cannot create subscription: url is required unless the system is the built-in cabinet');
  }
  if (url !== null) {
    let parsed: URL;
    try { parsed = new URL(url); } catch { throw new InvalidRequestError('Cannot create subscription: url is not a valid URL'); }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new InvalidRequestError('Cannot create subscription: url must be http or https');
    }
  }
  const eventTypes = input.eventTypes?.length ? input.eventTypes : ['*'];
  if (eventTypes.some((t) => !/^(\*|status|routing|escalation)$/.test(t))) {
    throw new InvalidRequestError('Cannot create subscription: eventTypes may hold *, status, routing, escalation');
  }
  const secret = input.secret ?? randomBytes(32).toString('hex');
  const row = {
    id: randomUUID(), tenant_id: input.tenantId, name: input.name, system: input.system, url, secret,
    event_types: eventTypes.join(','), active: true, created_at: input.now ?? Date.now(),
  };
  await db('outbox_subscription').insert(row);
  return { ...toSubscription(row), secret };
}

export async function listSubscriptions(db: Knex, tenantIds: string[]): Promise<Subscription[]> {
  const rows = await db('outbox_subscription').whereIn('tenant_id', tenantIds).where({ active: true }).orderBy('created_at');
  return rows.map(toSubscription);
}

/** Deactivates (keeps the row so delivery history stays readable); pending deliveries are dropped. */
export async function deleteSubscription(db: Knex, id: string, tenantIds: string[]): Promise<void> {
  await db.transaction(async (trx) => {
    const n = await trx('outbox_subscription').where({ id, active: true }).whereIn('tenant_id', tenantIds).update({ active: false });
    if (!n) throw new NotFoundError(`Cannot delete subscription '${id}': no such subscription`);
    await trx('outbox_delivery').where({ subscription_id: id, state: 'pending' }).update({ state: 'cancelled' });
  });
}

/** Every tenant gets the built-in personal cabinet as a subscriber (idempotent): «Уведомления» of the portal. */
export async function ensureCabinetSubscriptions(db: Knex, tenantIds: string[]): Promise<void> {
  for (const tenantId of tenantIds) {
    const existing = await db('outbox_subscription').where({ tenant_id: tenantId, system: 'cabinet', active: true }).whereNull('url').first('id');
    if (!existing) await insertCabinet(db, tenantId, Date.now());
  }
}
