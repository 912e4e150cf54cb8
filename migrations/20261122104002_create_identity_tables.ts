// Identity: users, groups, memberships, tenants (akimats), tenant memberships and bearer tokens.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('identity_user', (t) => {
    t.string('id', 128).primary();
    t.string('first_name', 200);
    t.string('last_name', 200);
    t.string('email', 320);
    // Applicants sign in with their IIN; staff and services usually have none.
    t.string('iin', 12).unique();
    t.string('kind', 16).notNullable().defaultTo('staff');
    t.boolean('active').notNullable().defaultTo(true);
    t.string('password_hash', 256);
    t.string('password_salt', 64);
    t.integer('failed_attempts').notNullable().defaultTo(0);
    t.bigInteger('locked_until');
    t.bigInteger('created_at').notNullable();
  });
  await db.schema.createTable('identity_group', (t) => {
    t.string('id', 128).primary();
    t.string('name', 200);
    // `role` marks the groups that carry a role (admin, operator, worker, auditor, applicant).
    t.string('type', 32).notNullable().defaultTo('WORKFLOW');
  });
  await db.schema.createTable('identity_membership', (t) => {
    t.string('user_id', 128).notNullable().references('id').inTable('identity_user').onDelete('CASCADE');
    t.string('group_id', 128).notNullable().references('id').inTable('identity_group').onDelete('CASCADE');
    t.primary(['user_id', 'group_id']);
  });
  await db.schema.createTable('identity_tenant', (t) => {
    t.string('id', 128).primary();
    t.string('name', 300);
  });
  await db.schema.createTable('identity_tenant_user', (t) => {
    t.string('tenant_id', 128).notNullable().references('id').inTable('identity_tenant').onDelete('CASCADE');
    t.string('user_id', 128).notNullable().references('id').inTable('identity_user').onDelete('CASCADE');
    t.primary(['tenant_id', 'user_id']);
  });
  await db.schema.createTable('identity_tenant_group', (t) => {
    t.string('tenant_id', 128).notNullable().references('id').inTable('identity_tenant').onDelete('CASCADE');
    t.string('group_id', 128).notNullable().references('id').inTable('identity_group').onDelete('CASCADE');
    t.primary(['tenant_id', 'group_id']);
  });
  await db.schema.createTable('identity_token', (t) => {
    // Only the SHA-256 of a token is stored: a leaked table does not leak sessions.
    t.string('token_hash', 64).primary();
    t.string('user_id', 128).notNullable().references('id').inTable('identity_user').onDelete('CASCADE');
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.bigInteger('revoked_at');
    t.index(['user_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['identity_token', 'identity_tenant_group', 'identity_tenant_user', 'identity_tenant', 'identity_membership', 'identity_group', 'identity_user']) {
    await db.schema.dropTableIfExists(table);
  }
}
