// Queues with номер очередности: the preschool queue per akimat and birth year, the housing queue per category; entries and their history.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('queue_entry', (t) => {
    t.increments('id').primary();
    t.string('tenant_id', 128).notNullable();
    t.string('queue', 32).notNullable();
    t.string('group_key', 64).notNullable();
    t.integer('number').notNullable();
    t.string('process_instance_id', 128);
    t.string('request_number', 64);
    t.string('subject_iin', 12);
    t.string('status', 16).notNullable();
    t.string('left_reason', 64);
    t.bigInteger('created_at').notNullable();
    t.bigInteger('left_at');
    t.unique(['tenant_id', 'queue', 'group_key', 'number']);
    // Retrying queue-assign for the same instance returns the same entry.
    t.unique(['queue', 'process_instance_id']);
    t.index(['tenant_id', 'queue', 'group_key', 'status']);
  });
  await db.schema.createTable('queue_history', (t) => {
    t.increments('id').primary();
    t.integer('entry_id').notNullable().references('id').inTable('queue_entry').onDelete('CASCADE');
    t.string('event', 32).notNullable();
    t.text('details');
    t.string('actor', 128);
    t.bigInteger('at').notNullable();
    t.index(['entry_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('queue_history');
  await db.schema.dropTableIfExists('queue_entry');
}
