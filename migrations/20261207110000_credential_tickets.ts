// Tickets that stand in for bearer credentials inside process instances (src/engine/credential-tickets.ts).
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('engine_credential_ticket', (t) => {
    t.string('ticket_hash', 64).primary();
    // sha256 of the sign-in token, the same key identity_token is stored under: the token itself is kept nowhere.
    t.string('credential_hash', 64).notNullable();
    t.string('instance_id', 64).notNullable();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    // The external task that redeemed it: the same task may ask again (a retry), no other may.
    t.string('redeemed_by', 64);
    t.bigInteger('redeemed_at');
    t.index(['instance_id']);
    t.index(['expires_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('engine_credential_ticket');
}
