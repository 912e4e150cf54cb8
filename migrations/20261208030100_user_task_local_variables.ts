// Task-local variables (Camunda's variables in a task's own scope) live in the task's row and end with it.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('engine_user_task', (t) => {
    /** typed variable map as JSON; null = none */
    t.text('local_variables');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('engine_user_task', (t) => { t.dropColumn('local_variables'); });
}
