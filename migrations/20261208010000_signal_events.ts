// Signal events and message start events: subscriptions of waiting executions carry their event type (message or
// signal); start events of the latest version of a definition subscribe without an instance; a signal thrown
// by a step is an outbox row committed with that step, delivered from there once to each subscription it reached.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('engine_message_subscription', (t) => {
    t.string('event_type', 16).notNullable().defaultTo('message');
    t.index(['event_type', 'message_name'], 'engine_message_subscription_type_name');
  });
  await db.schema.createTable('engine_start_subscription', (t) => {
    t.string('id', 200).primary();
    t.string('definition_id', 255).notNullable();
    t.string('definition_key', 255).notNullable();
    t.string('event_type', 16).notNullable();
    t.string('event_name', 255).notNullable();
    t.string('activity_id', 128).notNullable();
    t.string('tenant_id', 64);
    t.bigInteger('created').notNullable();
    t.index(['event_type', 'event_name'], 'engine_start_subscription_type_name');
    t.index(['definition_id'], 'engine_start_subscription_definition');
  });
  await db.schema.createTable('engine_signal', (t) => {
    t.string('id', 64).primary();
    t.string('name', 255).notNullable();
    /** JSON { tenants: string[] | null (null = any), withoutTenant: boolean }: whom the signal may reach. */
    t.text('scope').notNullable();
    t.text('variables').notNullable();
    /** The instance that threw it (its own catches got it inside its step), or null for POST /signal. */
    t.string('source_instance_id', 64);
    t.bigInteger('created').notNullable();
  });
  await db.schema.createTable('engine_signal_delivery', (t) => {
    /** `<signal id>:<instance id>` or `<signal id>:start:<definition id>`: a second delivery fails on this key. */
    t.string('id', 400).primary();
    t.string('signal_id', 64).notNullable();
    t.bigInteger('created').notNullable();
    t.index(['signal_id'], 'engine_signal_delivery_signal');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('engine_signal_delivery');
  await db.schema.dropTableIfExists('engine_signal');
  await db.schema.dropTableIfExists('engine_start_subscription');
  await db.schema.alterTable('engine_message_subscription', (t) => {
    t.dropIndex(['event_type', 'message_name'], 'engine_message_subscription_type_name');
    t.dropColumn('event_type');
  });
}
