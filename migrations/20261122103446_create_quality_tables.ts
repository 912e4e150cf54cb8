// Answers to the анкета «качество» и «доступность»: one per request.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('quality_answer', (t) => {
    t.increments('id').primary();
    t.integer('request_id').notNullable().unique().references('id').inTable('registry_request').onDelete('CASCADE');
    t.string('tenant_id', 128).notNullable();
    t.string('service', 128).notNullable();
    t.string('route', 32);
    // 1) не удовлетворен; 2) частично удовлетворен; 3) удовлетворен.
    t.integer('process_satisfaction').notNullable();
    t.integer('information_satisfaction').notNullable();
    t.string('lang', 2).notNullable();
    t.bigInteger('answered_at').notNullable();
    t.index(['tenant_id', 'service']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('quality_answer');
}
