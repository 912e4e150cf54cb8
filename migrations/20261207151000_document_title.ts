// A document records its title as its template had it: templates live in deployments now, and the verification
// page and the e-mail name the document without looking for the template it was made from.
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('documents', (t) => {
    t.string('title_ru', 500);
    t.string('title_kk', 500);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('documents', (t) => {
    t.dropColumn('title_ru');
    t.dropColumn('title_kk');
  });
}
