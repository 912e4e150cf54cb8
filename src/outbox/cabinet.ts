// The built-in personal cabinet («Уведомления» of the portal) as every tenant's subscriber, without a restart.
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

/** One cabinet row per tenant, whatever node creates it: the id is derived from the tenant id. */
const cabinetId = (tenantId: string) => `cabinet-${createHash('sha256').update(tenantId).digest('hex').slice(0, 48)}`;

export async function insertCabinet(db: Knex | Knex.Transaction, tenantId: string, now: number): Promise<string> {
  const id = cabinetId(tenantId);
  await db('outbox_subscription')
    .insert({ id, tenant_id: tenantId, name: 'Личный кабинет', system: 'cabinet', url: null, secret: randomBytes(32).toString('hex'), event_types: '*', active: true, created_at: now })
    .onConflict('id').ignore();
  return id;
}

/**
 * The cabinet subscription of a tenant that never had one, created on its first event. Cabinets used to be created
 * only for the tenants present when the server started, so an akimat added at runtime reached no cabinet until a
 * restart. A cabinet an administrator deactivated stays deactivated.
 */
export async function cabinetOf(trx: Knex | Knex.Transaction, tenantId: string, now: number): Promise<{ id: string; system: string; event_types: string } | null> {
  if (await trx('outbox_subscription').where({ tenant_id: tenantId, system: 'cabinet' }).whereNull('url').first('id')) return null;
  const id = await insertCabinet(trx, tenantId, now);
  return (await trx('outbox_subscription').where({ id, active: true }).first('id', 'system', 'event_types')) ?? null;
}
