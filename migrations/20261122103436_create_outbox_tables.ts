// The status outbox (ШЭП/РШЭП): events written with the state change, subscriptions per tenant, one delivery row per event and subscriber.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('outbox_subscription', (t) => {
    t.string('id', 64).primary();
    t.string('tenant_id', 128).notNullable();
    t.string('name', 200).notNullable();
    // con (ИС ЦОН), provider (ИС услугодателя), cabinet (личный кабинет), external (any endpoint the akimat registers)
    t.string('system', 32).notNullable();
    // null for the built-in cabinet: delivered into outbox_cabinet_notification, no HTTP.
    t.string('url', 2000);
    t.string('secret', 200);
    // comma list of event types, or *
    t.string('event_types', 200).notNullable().defaultTo('*');
    t.boolean('active').notNullable().defaultTo(true);
    t.bigInteger('created_at').notNullable();
    t.index(['tenant_id', 'active']);
  });
  await db.schema.createTable('outbox_event', (t) => {
    t.increments('id').primary();
    // The idempotency key receivers deduplicate on; stable across retries.
    t.string('event_id', 64).notNullable().unique();
    t.string('tenant_id', 128).notNullable();
    // Ordering unit: events of one stream (a request) are delivered in id order.
    t.string('stream', 200).notNullable();
    t.string('type', 32).notNullable();
    t.string('target', 32);
    t.text('payload').notNullable();
    t.bigInteger('created_at').notNullable();
  });
  await db.schema.createTable('outbox_delivery', (t) => {
    t.increments('id').primary();
    t.integer('event_seq').notNullable().references('id').inTable('outbox_event').onDelete('CASCADE');
    t.string('subscription_id', 64).notNullable().references('id').inTable('outbox_subscription').onDelete('CASCADE');
    t.string('stream', 200).notNullable();
    t.string('state', 16).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.bigInteger('next_attempt_at').notNullable();
    t.bigInteger('locked_until');
    t.string('locked_by', 128);
    t.integer('last_status');
    t.string('last_error', 500);
    t.bigInteger('delivered_at');
    t.unique(['event_seq', 'subscription_id']);
    t.index(['state', 'next_attempt_at']);
    t.index(['subscription_id', 'stream', 'state']);
  });
  await db.schema.createTable('outbox_cabinet_notification', (t) => {
    t.increments('id').primary();
    t.string('tenant_id', 128).notNullable();
    t.string('event_id', 64).notNullable().unique();
    t.string('request_number', 64);
    t.text('text').notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('read_at');
    t.index(['request_number']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['outbox_cabinet_notification', 'outbox_delivery', 'outbox_event', 'outbox_subscription']) {
    await db.schema.dropTableIfExists(table);
  }
}
