// Answers whether a stored document is authentic and unchanged, by its verification code: recomputes the hashes of
// the PDF and the data XML, checks both signatures and the seal. Returns no personal data (no IIN, no names).
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { TrustStore } from '../eds/trust-store.js';
import { readSeal } from './signed-data.js';
import { findByCode } from './store.js';
import type { Bilingual, Lang } from './types.js';
import { normaliseCode } from './verification-code.js';
import { verifyXml } from './xml-signer.js';

export interface VerificationReport {
  found: boolean;
  authentic: boolean;
  /** Which checks failed, by name, when not authentic. */
  failed?: ('pdf-hash' | 'data-hash' | 'data-signature' | 'seal-signature' | 'seal-content')[];
  form?: { id: string; title: Bilingual };
  lang?: Lang;
  issuedAt?: string;
  requestNumber?: string;
  signer?: { kind: 'specialist' | 'service'; organisation: string | null };
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

export async function verifyDocument(db: Knex, trust: TrustStore, code: string): Promise<VerificationReport> {
  const normal = normaliseCode(code);
  const row = normal ? await findByCode(db, normal) : undefined;
  if (!row) return { found: false, authentic: false };
  const failed: NonNullable<VerificationReport['failed']> = [];
  const pdfHash = sha256(row.pdf);
  const xmlHash = sha256(row.signedXml);
  if (pdfHash !== row.pdfSha256) failed.push('pdf-hash');
  if (xmlHash !== row.xmlSha256) failed.push('data-hash');
  // Judged at the time the document was made: a certificate that expired later does not void it.
  const data = await verifyXml(row.signedXml, trust, row.createdAt);
  if (!data.valid) failed.push('data-signature');
  const seal = await verifyXml(row.sealXml, trust, row.createdAt);
  if (!seal.valid || !seal.document) {
    failed.push('seal-signature');
  } else {
    const s = readSeal(seal.document);
    if (!s || s.documentId !== row.id || s.verificationCode !== row.verificationCode || s.pdfSha256 !== pdfHash
      || s.dataSha256 !== xmlHash || s.form !== row.form || s.tenant !== row.tenantId || s.requestNumber !== row.requestNumber
      || s.dataSigner !== row.signerKind) {
      failed.push('seal-content');
    }
  }
  // Documents made before titles were kept show their template's id.
  const title: Bilingual = row.title ?? { ru: row.form, kk: row.form };
  return {
    found: true,
    authentic: failed.length === 0,
    ...(failed.length ? { failed } : {}),
    form: { id: row.form, title },
    lang: row.lang,
    issuedAt: row.createdAt.toISOString(),
    requestNumber: row.requestNumber,
    signer: { kind: row.signerKind, organisation: data.valid ? (data.organisation ?? null) : row.signerOrganisation },
  };
}
