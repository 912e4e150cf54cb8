// The format version of engine_instance.engine_state (src/engine/state-format.ts). Every row written before it
// holds a state of the first format, version 1; the host writes the version with every save and refuses to load a
// state newer than it reads (docs/engine.md).
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('engine_instance', (t) => {
    t.integer('engine_state_version').notNullable().defaultTo(1);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('engine_instance', (t) => {
    t.dropColumn('engine_state_version');
  });
}
