// Where a definition's validity days come from (docs/calendar.md, «Validity of an act»): `text` (the act gives the
// day), `assumed` (derived by the documented rule), and for the end also `unknown` (the text does not give the act's
// status; the host starts such a definition as in force and reports the unknown end).
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('engine_definition', (t) => {
    t.string('valid_from_basis', 16);
    t.string('valid_to_basis', 16);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('engine_definition', (t) => {
    t.dropColumn('valid_from_basis');
    t.dropColumn('valid_to_basis');
  });
}
