// Output documents: the PDF, its signed data XML and the service seal, with hashes and the public verification code;
// and their deliveries (cabinet, e-mail, by hand).
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('documents', (t) => {
    t.string('id', 36).primary();
    t.string('tenant_id', 128).notNullable();
    t.string('service', 64).notNullable();
    t.string('form', 64).notNullable();
    t.string('lang', 2).notNullable();
    t.string('process_instance_id', 64);
    // The same generate task retried finds its document by this key instead of making a second one.
    t.string('idempotency_key', 200).unique();
    t.string('request_number', 64).notNullable();
    // Who may download it besides the tenant's staff.
    t.string('applicant_iin', 12);
    t.string('applicant_user_id', 128);
    t.string('verification_code', 32).notNullable().unique();
    t.binary('pdf').notNullable();
    t.string('pdf_sha256', 64).notNullable();
    t.text('signed_xml').notNullable();
    t.string('xml_sha256', 64).notNullable();
    // The service key's signature over both hashes and the code: a changed PDF or XML cannot be re-hashed unnoticed.
    t.text('seal_xml').notNullable();
    t.string('signer_kind', 16).notNullable();
    t.string('signer_organisation', 300);
    t.string('signer_certificate_sha256', 64);
    t.bigInteger('created_at').notNullable();
    t.index(['tenant_id', 'process_instance_id']);
    t.index(['tenant_id', 'request_number']);
  });
  await db.schema.createTable('document_delivery', (t) => {
    t.increments('id').primary();
    t.string('document_id', 36).notNullable().references('id').inTable('documents').onDelete('CASCADE');
    t.string('channel', 16).notNullable();
    t.string('status', 16).notNullable();
    t.string('recipient', 320);
    t.string('message_id', 300);
    t.string('idempotency_key', 200).unique();
    t.bigInteger('created_at').notNullable();
    t.bigInteger('delivered_at');
    t.index(['document_id']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('document_delivery');
  await db.schema.dropTableIfExists('documents');
}
