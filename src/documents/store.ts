// The documents and document_delivery tables: insert a document in one transaction, find it by id, code or
// idempotency key, record deliveries once per key.
import type { Knex } from 'knex';
import type { Bilingual, Lang } from './types.js';

export interface DocumentRow {
  id: string;
  tenantId: string;
  service: string;
  form: string;
  /** The template's title when the document was made (null for documents made before titles were kept). */
  title: Bilingual | null;
  lang: Lang;
  processInstanceId: string | null;
  idempotencyKey: string | null;
  requestNumber: string;
  applicantIin: string | null;
  applicantUserId: string | null;
  verificationCode: string;
  pdf: Buffer;
  pdfSha256: string;
  signedXml: string;
  xmlSha256: string;
  sealXml: string;
  signerKind: 'specialist' | 'service';
  signerOrganisation: string | null;
  signerCertificateSha256: string | null;
  createdAt: Date;
}

type Db = Knex | Knex.Transaction;

function toDb(r: DocumentRow): Record<string, unknown> {
  return {
    id: r.id, tenant_id: r.tenantId, service: r.service, form: r.form, lang: r.lang, title_ru: r.title?.ru ?? null, title_kk: r.title?.kk ?? null,
    process_instance_id: r.processInstanceId, idempotency_key: r.idempotencyKey, request_number: r.requestNumber,
    applicant_iin: r.applicantIin, applicant_user_id: r.applicantUserId, verification_code: r.verificationCode,
    pdf: r.pdf, pdf_sha256: r.pdfSha256, signed_xml: r.signedXml, xml_sha256: r.xmlSha256, seal_xml: r.sealXml,
    signer_kind: r.signerKind, signer_organisation: r.signerOrganisation, signer_certificate_sha256: r.signerCertificateSha256,
    created_at: r.createdAt.getTime(),
  };
}

function fromDb(r: Record<string, any>): DocumentRow {
  return {
    id: r.id, tenantId: r.tenant_id, service: r.service, form: r.form, lang: r.lang,
    title: r.title_ru && r.title_kk ? { ru: r.title_ru, kk: r.title_kk } : null,
    processInstanceId: r.process_instance_id ?? null, idempotencyKey: r.idempotency_key ?? null, requestNumber: r.request_number,
    applicantIin: r.applicant_iin ?? null, applicantUserId: r.applicant_user_id ?? null, verificationCode: r.verification_code,
    pdf: Buffer.from(r.pdf), pdfSha256: r.pdf_sha256, signedXml: r.signed_xml, xmlSha256: r.xml_sha256, sealXml: r.seal_xml,
    signerKind: r.signer_kind, signerOrganisation: r.signer_organisation ?? null, signerCertificateSha256: r.signer_certificate_sha256 ?? null,
    createdAt: new Date(Number(r.created_at)),
  };
}

/** Inserts the document; returns false (and inserts nothing) when its idempotency key is already taken. */
export async function insertDocument(db: Knex, row: DocumentRow): Promise<boolean> {
  try {
    await db.transaction(async (trx) => {
      await trx('documents').insert(toDb(row));
    });
    return true;
  } catch (err) {
    if (row.idempotencyKey && isUniqueViolation(err) && (await findByIdempotencyKey(db, row.idempotencyKey))) return false;
    throw err;
  }
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string };
  return e?.code === '23505' || e?.code === 'SQLITE_CONSTRAINT' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

export async function findByIdempotencyKey(db: Db, key: string): Promise<DocumentRow | undefined> {
  const r = await db('documents').where({ idempotency_key: key }).first();
  return r ? fromDb(r) : undefined;
}

export async function findByCode(db: Db, code: string): Promise<DocumentRow | undefined> {
  const r = await db('documents').where({ verification_code: code }).first();
  return r ? fromDb(r) : undefined;
}

export async function findById(db: Db, id: string): Promise<DocumentRow | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const r = await db('documents').where({ id }).first();
  return r ? fromDb(r) : undefined;
}

export type DeliveryChannel = 'cabinet' | 'email' | 'hand';

export interface DeliveryRow {
  id: number;
  documentId: string;
  channel: DeliveryChannel;
  status: 'available' | 'sent' | 'handed-over';
  recipient: string | null;
  messageId: string | null;
  idempotencyKey: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

function deliveryFromDb(r: Record<string, any>): DeliveryRow {
  return {
    id: Number(r.id), documentId: r.document_id, channel: r.channel, status: r.status, recipient: r.recipient ?? null,
    messageId: r.message_id ?? null, idempotencyKey: r.idempotency_key ?? null, createdAt: new Date(Number(r.created_at)),
    deliveredAt: r.delivered_at == null ? null : new Date(Number(r.delivered_at)),
  };
}

export async function findDelivery(db: Db, idempotencyKey: string): Promise<DeliveryRow | undefined> {
  const r = await db('document_delivery').where({ idempotency_key: idempotencyKey }).first();
  return r ? deliveryFromDb(r) : undefined;
}

export async function insertDelivery(db: Db, d: Omit<DeliveryRow, 'id'>): Promise<DeliveryRow> {
  await db('document_delivery').insert({
    document_id: d.documentId, channel: d.channel, status: d.status, recipient: d.recipient, message_id: d.messageId,
    idempotency_key: d.idempotencyKey, created_at: d.createdAt.getTime(), delivered_at: d.deliveredAt?.getTime() ?? null,
  });
  const r = d.idempotencyKey
    ? await db('document_delivery').where({ idempotency_key: d.idempotencyKey }).first()
    : await db('document_delivery').where({ document_id: d.documentId }).orderBy('id', 'desc').first();
  return deliveryFromDb(r);
}

export async function deliveriesOf(db: Db, documentId: string): Promise<DeliveryRow[]> {
  return (await db('document_delivery').where({ document_id: documentId }).orderBy('id')).map(deliveryFromDb);
}

/** Documents made available in an applicant's cabinet (личный кабинет), newest first, without their bytes. */
export async function cabinetDocuments(db: Db, who: { applicantIin?: string; applicantUserId?: string }): Promise<Omit<DocumentRow, 'pdf' | 'signedXml' | 'sealXml'>[]> {
  if (!who.applicantIin && !who.applicantUserId) return [];
  const rows = await db('documents')
    .select('documents.*')
    .whereExists(db('document_delivery').whereRaw('document_delivery.document_id = documents.id').where({ channel: 'cabinet' }))
    .where((q) => {
      if (who.applicantIin) q.orWhere('applicant_iin', who.applicantIin);
      if (who.applicantUserId) q.orWhere('applicant_user_id', who.applicantUserId);
    })
    .orderBy('created_at', 'desc');
  return rows.map((r: Record<string, any>) => {
    const { pdf: _p, signedXml: _s, sealXml: _x, ...rest } = fromDb({ ...r, pdf: Buffer.alloc(0) });
    return rest;
  });
}

/** What a request page lists of a request's documents: no PDF, no signatures, no personal data. */
export interface RequestDocument {
  id: string; form: string; title: Bilingual | null; lang: string; requestNumber: string; verificationCode: string; createdAt: Date;
}

export async function requestDocuments(db: Db, tenantId: string, requestNumber: string): Promise<RequestDocument[]> {
  const rows = await db('documents').where({ tenant_id: tenantId, request_number: requestNumber }).orderBy('created_at', 'asc')
    .select('id', 'form', 'title_ru', 'title_kk', 'lang', 'request_number', 'verification_code', 'created_at');
  return rows.map((d: Record<string, any>) => ({
    id: String(d.id), form: String(d.form), title: d.title_ru && d.title_kk ? { ru: String(d.title_ru), kk: String(d.title_kk) } : null,
    lang: String(d.lang), requestNumber: String(d.request_number), verificationCode: String(d.verification_code), createdAt: new Date(Number(d.created_at)),
  }));
}
