// Camunda's deployment-activation-time: the definitions of such a deployment are suspended until that moment.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('engine_definition', (t) => {
    t.bigInteger('activation_time');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('engine_definition', (t) => {
    t.dropColumn('activation_time');
  });
}
