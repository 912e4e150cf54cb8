// Tenant profiles (src/tenants/profile.ts): one JSON document per akimat, with a revision that grows on each change.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('tenant_profile', (t) => {
    t.string('tenant_id', 64).primary();
    // JSON on PostgreSQL, TEXT on SQLite: src/tenants/store.ts reads both.
    t.json('profile').notNullable();
    t.integer('revision').notNullable();
    t.bigInteger('updated_at').notNullable();
    t.string('updated_by', 128);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('tenant_profile');
}
