// Status subscribers of a tenant profile may take only some routes (provider, con, portal) or services: comma lists,
// null for all, as event_types.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('outbox_subscription', (t) => {
    t.string('routes', 200);
    t.string('services', 2000);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('outbox_subscription', (t) => {
    t.dropColumn('routes');
    t.dropColumn('services');
  });
}
