// A timer row is Camunda 7's timer job: `retries` left (null = never failed, the host's default applies) and the
// message of its last failure. A failed firing moves `due_at` by a back-off; at 0 retries it is no longer
// acquired and a `failedJob` incident stands until retries are set again (docs/engine.md).
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('engine_timer', (t) => {
    t.integer('retries');
    t.string('error_message', 4000);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('engine_timer', (t) => {
    t.dropColumn('retries');
    t.dropColumn('error_message');
  });
}
