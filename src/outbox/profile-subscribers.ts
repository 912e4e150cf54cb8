// The status subscribers a tenant profile lists, as outbox subscriptions: created when missing (matched by system
// and URL), never changed or removed here — an administrator deactivates one through the status API.
import type { Knex } from 'knex';
import type { StatusSubscriber } from '../tenants/profile.js';
import { createSubscription } from './subscriptions.js';

/** Creates the missing subscriptions; returns one line per created one. The cabinet is built in (src/outbox/cabinet.ts). */
export async function syncProfileSubscribers(trx: Knex.Transaction, tenantId: string, subscribers: StatusSubscriber[], now: number): Promise<string[]> {
  const created: string[] = [];
  for (const s of subscribers) {
    // The cabinet needs no row of the profile's; e-mail delivery is not built yet (docs/onboarding.md says so).
    if (s.system === 'cabinet' || s.system === 'email' || !s.url) continue;
    const existing = await trx('outbox_subscription').where({ tenant_id: tenantId, system: s.system, url: s.url }).first('id');
    if (existing) continue;
    const sub = await createSubscription(trx, { tenantId, name: s.name, system: s.system, url: s.url, eventTypes: s.eventTypes, now });
    await trx('outbox_subscription').where({ id: sub.id }).update({
      routes: s.routes?.length ? s.routes.join(',') : null,
      services: s.services?.length ? s.services.join(',') : null,
    });
    created.push(`subscriber ${s.name} (${s.system})`);
  }
  return created;
}
