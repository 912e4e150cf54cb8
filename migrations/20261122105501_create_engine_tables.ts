// Tables of the durable BPMN host: deployments, definitions, instances, durable waits, incidents, history, operation log.
// Times are epoch milliseconds (bigint) so comparisons behave the same on SQLite and PostgreSQL.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('engine_deployment', (t) => {
    t.string('id', 64).primary();
    t.string('name', 255).notNullable();
    t.string('source', 255);
    t.string('tenant_id', 64);
    t.bigInteger('deployment_time').notNullable();
    t.index(['tenant_id']);
  });
  await db.schema.createTable('engine_resource', (t) => {
    t.string('id', 64).primary();
    t.string('deployment_id', 64).notNullable().references('id').inTable('engine_deployment').onDelete('CASCADE');
    t.string('name', 255).notNullable();
    t.binary('content').notNullable();
    t.string('checksum', 64).notNullable();
    t.index(['deployment_id']);
    t.index(['name', 'checksum']);
  });
  await db.schema.createTable('engine_definition', (t) => {
    t.string('id', 190).primary();
    t.string('key', 128).notNullable();
    t.integer('version').notNullable();
    t.string('version_tag', 128);
    t.string('name', 255);
    t.text('description');
    t.string('category', 255);
    t.string('resource_name', 255).notNullable();
    t.string('deployment_id', 64).notNullable().references('id').inTable('engine_deployment').onDelete('CASCADE');
    t.string('tenant_id', 64);
    t.string('checksum', 64).notNullable();
    t.bigInteger('valid_from');
    t.bigInteger('valid_to');
    t.string('repealed_by', 512);
    t.text('properties').notNullable();
    /** activity metadata (types, topics, user task settings, boundaries) as JSON */
    t.text('meta').notNullable();
    /** serialized moddle-context-serializer context: restarts recover without reparsing */
    t.text('context').notNullable();
    t.boolean('suspended').notNullable().defaultTo(false);
    t.integer('history_ttl');
    t.index(['key', 'tenant_id', 'version']);
    t.index(['deployment_id']);
  });
  await db.schema.createTable('engine_instance', (t) => {
    t.string('id', 64).primary();
    t.string('definition_id', 190).notNullable();
    t.string('definition_key', 128).notNullable();
    t.string('business_key', 255);
    t.string('tenant_id', 64);
    /** ACTIVE | COMPLETED | EXTERNALLY_TERMINATED | INTERNALLY_TERMINATED */
    t.string('state', 32).notNullable();
    t.bigInteger('start_time').notNullable();
    t.bigInteger('end_time');
    t.string('start_user_id', 128);
    t.string('start_activity_id', 128);
    t.string('delete_reason', 1024);
    t.integer('rev').notNullable();
    t.text('engine_state');
    t.text('variables').notNullable();
    /** ids of this instance's wait rows by kind, so a step diffs waits without reading them */
    t.text('waits').notNullable();
    t.index(['definition_id']);
    t.index(['business_key']);
    t.index(['state']);
    t.index(['tenant_id']);
  });
  await db.schema.createTable('engine_external_task', (t) => {
    t.string('id', 128).primary();
    t.string('instance_id', 64).notNullable();
    t.string('activity_id', 128).notNullable();
    t.string('topic', 128).notNullable();
    t.integer('priority').notNullable().defaultTo(0);
    t.string('worker_id', 255);
    t.bigInteger('lock_expiration');
    t.integer('retries');
    t.string('error_message', 4000);
    t.text('error_details');
    t.bigInteger('create_time').notNullable();
    t.string('tenant_id', 64);
    t.string('definition_id', 190).notNullable();
    t.string('definition_key', 128).notNullable();
    t.string('version_tag', 128);
    t.string('business_key', 255);
    t.boolean('suspended').notNullable().defaultTo(false);
    t.index(['topic', 'lock_expiration']);
    t.index(['instance_id']);
  });
  await db.schema.createTable('engine_user_task', (t) => {
    t.string('id', 128).primary();
    t.string('instance_id', 64).notNullable();
    t.string('task_definition_key', 128).notNullable();
    t.string('name', 512);
    t.text('description');
    t.string('assignee', 128);
    t.string('owner', 128);
    /** JSON arrays, and ',a,b,' texts for LIKE filters */
    t.text('candidate_users').notNullable();
    t.text('candidate_groups').notNullable();
    t.bigInteger('created').notNullable();
    t.bigInteger('last_updated').notNullable();
    t.bigInteger('due');
    t.bigInteger('follow_up');
    t.integer('priority').notNullable().defaultTo(50);
    t.string('form_key', 512);
    t.text('form_ref');
    t.string('tenant_id', 64);
    t.string('definition_id', 190).notNullable();
    t.string('definition_key', 128).notNullable();
    t.string('business_key', 255);
    t.text('documentation');
    t.text('properties').notNullable();
    t.integer('rev').notNullable().defaultTo(1);
    t.index(['instance_id']);
    t.index(['assignee']);
  });
  await db.schema.createTable('engine_timer', (t) => {
    t.string('id', 190).primary();
    t.string('instance_id', 64).notNullable();
    t.string('activity_id', 128).notNullable();
    t.string('execution_id', 128).notNullable();
    t.bigInteger('due_at').notNullable();
    t.string('lock_owner', 128);
    t.bigInteger('lock_expiration');
    t.string('tenant_id', 64);
    t.index(['due_at']);
    t.index(['instance_id']);
  });
  await db.schema.createTable('engine_message_subscription', (t) => {
    t.string('id', 128).primary();
    t.string('instance_id', 64).notNullable();
    t.string('activity_id', 128).notNullable();
    t.string('message_name', 255).notNullable();
    t.string('business_key', 255);
    t.string('tenant_id', 64);
    t.bigInteger('created').notNullable();
    t.index(['message_name']);
    t.index(['instance_id']);
  });
  await db.schema.createTable('engine_incident', (t) => {
    t.string('id', 64).primary();
    t.string('incident_type', 64).notNullable();
    t.string('instance_id', 64).notNullable();
    t.string('definition_id', 190).notNullable();
    t.string('execution_id', 128);
    t.string('activity_id', 128);
    t.string('configuration', 190);
    t.string('message', 4000);
    t.string('tenant_id', 64);
    t.bigInteger('created').notNullable();
    t.bigInteger('end_time');
    /** open | resolved | deleted */
    t.string('state', 16).notNullable();
    t.index(['instance_id']);
    t.index(['configuration']);
  });
  await db.schema.createTable('engine_hist_activity', (t) => {
    t.string('id', 128).primary();
    t.string('instance_id', 64).notNullable();
    t.string('activity_id', 128).notNullable();
    t.string('activity_name', 512);
    t.string('activity_type', 64).notNullable();
    t.string('definition_id', 190).notNullable();
    t.string('definition_key', 128).notNullable();
    t.string('parent_id', 128);
    t.string('task_id', 128);
    t.string('assignee', 255);
    t.bigInteger('start_time').notNullable();
    t.bigInteger('end_time');
    t.boolean('canceled').notNullable().defaultTo(false);
    t.string('tenant_id', 64);
    t.text('local_variables');
    t.integer('seq').notNullable().defaultTo(0);
    t.index(['instance_id']);
  });
  await db.schema.createTable('engine_op_log', (t) => {
    t.string('id', 64).primary();
    t.string('user_id', 128);
    t.bigInteger('timestamp').notNullable();
    t.string('operation_type', 64).notNullable();
    t.string('entity_type', 64).notNullable();
    t.string('property', 128);
    t.text('org_value');
    t.text('new_value');
    t.string('deployment_id', 64);
    t.string('definition_id', 190);
    t.string('definition_key', 128);
    t.string('instance_id', 64);
    t.string('task_id', 128);
    t.string('external_task_id', 128);
    t.string('tenant_id', 64);
    t.text('annotation');
    t.index(['instance_id']);
    t.index(['timestamp']);
  });
  await db.schema.createTable('engine_tenant_setting', (t) => {
    t.string('tenant_id', 64).notNullable();
    t.string('name', 128).notNullable();
    t.text('value');
    t.primary(['tenant_id', 'name']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['engine_tenant_setting', 'engine_op_log', 'engine_hist_activity', 'engine_incident', 'engine_message_subscription',
    'engine_timer', 'engine_user_task', 'engine_external_task', 'engine_instance', 'engine_definition', 'engine_resource', 'engine_deployment']) {
    await db.schema.dropTableIfExists(table);
  }
}
