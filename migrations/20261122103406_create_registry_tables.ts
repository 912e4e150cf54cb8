// Embedded state registries (ГБД ФЛ persons and their children, ЕНИС powers of attorney, the guardianship register) and a shared sequence table.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('registry_person', (t) => {
    t.string('iin', 12).primary();
    t.string('last_name', 200).notNullable();
    t.string('first_name', 200).notNullable();
    t.string('middle_name', 200);
    t.string('birth_date', 10).notNullable();
    t.string('sex', 8).notNullable();
    t.string('address', 500);
    // Which akimat's demo data a person belongs to; a real ГБД ФЛ is national.
    t.string('tenant_id', 128);
    t.bigInteger('created_at').notNullable();
  });
  await db.schema.createTable('registry_person_link', (t) => {
    t.string('parent_iin', 12).notNullable().references('iin').inTable('registry_person').onDelete('CASCADE');
    t.string('child_iin', 12).notNullable().references('iin').inTable('registry_person').onDelete('CASCADE');
    t.primary(['parent_iin', 'child_iin']);
    t.index(['child_iin']);
  });
  await db.schema.createTable('registry_power_of_attorney', (t) => {
    t.string('number', 64).primary();
    t.string('principal_iin', 12).notNullable();
    t.string('representative_iin', 12).notNullable();
    t.string('issued_on', 10).notNullable();
    t.string('valid_until', 10).notNullable();
    t.boolean('revoked').notNullable().defaultTo(false);
    t.index(['representative_iin']);
  });
  await db.schema.createTable('registry_guardianship', (t) => {
    t.increments('id').primary();
    t.string('child_iin', 12).notNullable();
    t.string('guardian_iin', 12).notNullable();
    // опека (under 14) or попечительство (14–18)
    t.string('kind', 16).notNullable();
    t.string('decision_number', 64).notNullable();
    t.string('decision_date', 10).notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.index(['child_iin']);
  });
  // Gap-free counters (request numbers, queue numbers): incremented inside the transaction that uses the value.
  await db.schema.createTable('registry_sequence', (t) => {
    t.string('key', 200).primary();
    t.bigInteger('value').notNullable().defaultTo(0);
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['registry_sequence', 'registry_guardianship', 'registry_power_of_attorney', 'registry_person_link', 'registry_person']) {
    await db.schema.dropTableIfExists(table);
  }
}
