// Registered requests («присвоение номера заявлению»), their status history and overdue steps.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('registry_request', (t) => {
    t.increments('id').primary();
    t.string('number', 64).notNullable().unique();
    t.string('tenant_id', 128).notNullable();
    t.string('service', 128).notNullable();
    t.string('route', 32);
    t.string('process_definition_key', 255);
    // One number per instance, so a retried registration step gets the same number.
    t.string('process_instance_id', 128).notNullable().unique();
    t.string('applicant_iin', 12);
    t.string('initiator', 128);
    t.string('status', 32).notNullable();
    t.bigInteger('received_at').notNullable();
    t.bigInteger('status_at').notNullable();
    t.bigInteger('completed_at');
    t.index(['tenant_id', 'service']);
    t.index(['applicant_iin']);
    t.index(['initiator']);
  });
  await db.schema.createTable('registry_request_status', (t) => {
    t.increments('id').primary();
    t.integer('request_id').notNullable().references('id').inTable('registry_request').onDelete('CASCADE');
    t.string('status', 32).notNullable();
    t.string('activity_id', 255);
    t.text('reason');
    t.bigInteger('at').notNullable();
    t.index(['request_id']);
  });
  await db.schema.createTable('registry_overdue_step', (t) => {
    t.increments('id').primary();
    t.string('tenant_id', 128);
    t.string('process_instance_id', 128).notNullable();
    t.string('process_definition_key', 255);
    t.string('request_number', 64);
    t.string('step', 200).notNullable();
    t.string('element_id', 255).notNullable();
    t.string('escalation_activity_id', 255).notNullable();
    t.bigInteger('due_at').notNullable();
    t.bigInteger('overdue_since').notNullable();
    t.string('supervisor_group', 128).notNullable();
    t.bigInteger('notified_at');
    t.bigInteger('resolved_at');
    // A retried escalation task records the breach once.
    t.unique(['process_instance_id', 'escalation_activity_id']);
    t.index(['tenant_id', 'resolved_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['registry_overdue_step', 'registry_request_status', 'registry_request']) {
    await db.schema.dropTableIfExists(table);
  }
}
