// The heatmap counts a definition's activity history grouped by activity: without this index every request scans the
// history of every route in the database.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('engine_hist_activity', (t) => {
    t.index(['definition_id', 'activity_id'], 'engine_hist_activity_definition_activity');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('engine_hist_activity', (t) => {
    t.dropIndex(['definition_id', 'activity_id'], 'engine_hist_activity_definition_activity');
  });
}
