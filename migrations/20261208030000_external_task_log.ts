// Camunda's historic external task log: one row per created, failed, successful or deleted event of an external task,
// written in the same commit as the step, failure or cancellation that causes it.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('engine_hist_ext_task_log', (t) => {
    t.string('id', 64).primary();
    t.bigInteger('timestamp').notNullable();
    t.string('external_task_id', 128).notNullable();
    t.string('topic', 128).notNullable();
    t.string('worker_id', 255);
    t.integer('priority').notNullable().defaultTo(0);
    t.integer('retries');
    t.string('error_message', 4000);
    t.text('error_details');
    t.string('activity_id', 128).notNullable();
    t.string('instance_id', 64).notNullable();
    t.string('definition_id', 190).notNullable();
    t.string('definition_key', 128).notNullable();
    t.string('tenant_id', 64);
    /** Camunda's ExternalTaskState: 0 created, 1 failed, 2 successful, 3 deleted */
    t.integer('state').notNullable();
    t.index(['instance_id']);
    t.index(['external_task_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('engine_hist_ext_task_log');
}
