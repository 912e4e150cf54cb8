// Sign-in by ЭЦП: server challenges, single use with expiry, in the database so every server node sees them.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('eds_challenge', (t) => {
    // SHA-256 of the challenge: the table never holds a usable challenge.
    t.string('challenge_hash', 64).primary();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('expires_at').notNullable();
    t.index(['expires_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('eds_challenge');
}
