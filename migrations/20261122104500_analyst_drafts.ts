// Draft versions of a route that an analyst saves in the editor before deploying.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('analyst_draft', (t) => {
    t.string('id', 64).primary();
    t.string('definition_id', 255).notNullable();
    t.string('definition_key', 255).notNullable();
    t.string('tenant_id', 64).nullable();
    t.integer('version').notNullable();
    t.text('xml').notNullable();
    t.string('created_by', 128).nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['definition_key', 'tenant_id', 'version']);
    t.index(['definition_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('analyst_draft');
}
