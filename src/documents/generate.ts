// Generates one output document: takes the data (process variables, or XML the specialist signed), renders the PDF,
// signs the data with the service key when the specialist did not, seals both with the service key, and stores all
// of it in one transaction. A retry with the same idempotency key returns the stored document.
import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { InvalidRequestError } from '../errors.js';
import type { TrustStore } from '../eds/trust-store.js';
import type { RevocationChecker } from '../eds/revocation.js';
import { prepare, renderDocument } from './render.js';
import { documentScope } from './scope.js';
import type { ProfileSource, TemplateSource } from './template-source.js';
import { buildDataXml, buildSealXml, readDataXml } from './signed-data.js';
import { findByIdempotencyKey, insertDocument, type DocumentRow } from './store.js';
import type { FieldSpec, Lang } from './types.js';
import { newVerificationCode } from './verification-code.js';
import { signXml, verifyXml, type SigningKey } from './xml-signer.js';

export interface ServiceKey extends SigningKey {
  /** The organisation printed as the signer (O of the certificate). */
  organisation: string;
}

export interface DocumentServiceDeps {
  db: Knex;
  /** The akimat's service key for a tenant: signs data when no specialist signature is given, and seals every document. */
  serviceKey(tenant: string): Promise<ServiceKey>;
  /** Where templates come from: the deployment of the instance's definition (./template-source.ts). */
  templates: TemplateSource;
  /** The tenant's profile: provider, signers, organisation. */
  profiles: ProfileSource;
  /** Roots trusted for the specialists' and the service certificates. */
  trust: TrustStore;
  /** Revocation of the specialist's certificate, checked when the document is made (CRL/OCSP of src/eds). */
  revocation?: RevocationChecker;
  /** Public base of the verification link, e.g. https://reglament.example/api/documents/verify/ */
  verifyBaseUrl: string;
  clock?: () => Date;
}

export interface GenerateInput {
  form: string;
  lang: Lang;
  tenant: string;
  service?: string;
  /** The definition the instance started from: its deployment's templates render the document. */
  processDefinitionId?: string | null;
  processInstanceId?: string | null;
  /** One document per key: e.g. `<processInstanceId>:<activityId>:<form>`. */
  idempotencyKey?: string;
  requestNumber: string;
  /** The form's data from process variables; ignored when signedDocumentData is given. */
  data?: unknown;
  /** Or: the data built from the resolved template's fields (the worker maps process variables onto them). */
  dataFor?: (fields: readonly FieldSpec[]) => unknown;
  /** Data XML (urn:reglament:output-document:1) signed by the specialist's ЭЦП in the UI. */
  signedDocumentData?: string;
  /** When given, the specialist's certificate must carry this IIN (SERIALNUMBER IIN…). */
  specialistIin?: string | null;
  applicantIin?: string | null;
  applicantUserId?: string | null;
}

export interface GeneratedDocument {
  id: string;
  verificationCode: string;
  created: boolean;
  signerKind: 'specialist' | 'service';
  pdfSha256: string;
  /** ms spent rendering the PDF (0 when the stored document was returned). */
  renderMs: number;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Thrown when the specialist's signed data does not verify; the worker turns it into a BPMN error. */
export class SignedDataRejected extends InvalidRequestError {}

export async function generateDocument(deps: DocumentServiceDeps, input: GenerateInput): Promise<GeneratedDocument> {
  const existing = input.idempotencyKey ? await findByIdempotencyKey(deps.db, input.idempotencyKey) : undefined;
  if (existing) return summary(existing, false, 0);
  const resolved = await deps.templates.resolve({ form: input.form, tenant: input.tenant, service: input.service, processDefinitionId: input.processDefinitionId });
  const form = resolved.template;
  const scope = documentScope(resolved.manifest, await deps.profiles(input.tenant), form.id);
  const now = deps.clock?.() ?? new Date();
  const id = randomUUID();
  const verificationCode = newVerificationCode();
  const serviceKey = await deps.serviceKey(input.tenant);

  let data: unknown = input.dataFor ? input.dataFor(form.fields) : input.data;
  let signedXml: string | undefined;
  let signerKind: 'specialist' | 'service' = 'service';
  let signerOrganisation = serviceKey.organisation;
  let signerCertificateSha256 = sha256(serviceKey.certificate);
  const issuedAt = now;
  if (input.signedDocumentData) {
    const check = await verifyXml(input.signedDocumentData, deps.trust, now, deps.revocation, now);
    if (!check.valid || !check.document) {
      throw new SignedDataRejected(`Cannot generate form '${form.id}': the specialist's signed data does not verify (${check.reason})`);
    }
    if (input.specialistIin && check.subjectSerial !== `IIN${input.specialistIin}`) {
      throw new SignedDataRejected(`Cannot generate form '${form.id}': the signed data is not signed by the specialist of the task (IIN mismatch)`);
    }
    const read = readDataXml(check.document, form.fields);
    if (read.header.form !== form.id) throw new SignedDataRejected(`Cannot generate form '${form.id}': the signed data is for form '${read.header.form}'`);
    if (read.header.tenant !== input.tenant) throw new SignedDataRejected(`Cannot generate form '${form.id}': the signed data is for another tenant`);
    // Signed for this request only: a signature cannot be replayed onto another applicant's document.
    if (read.header.requestNumber !== input.requestNumber) throw new SignedDataRejected(`Cannot generate form '${form.id}': the signed data is for another request`);
    if (read.header.service && read.header.service !== scope.service) throw new SignedDataRejected(`Cannot generate form '${form.id}': the signed data is for service '${read.header.service}'`);
    data = read.data;
    signedXml = input.signedDocumentData;
    signerKind = 'specialist';
    signerOrganisation = check.organisation ?? signerOrganisation;
    signerCertificateSha256 = check.certificateSha256 ?? '';
  }

  const renderInput = {
    template: form, scope, lang: input.lang, data,
    requestNumber: input.requestNumber, issuedAt, verificationCode,
    verifyUrl: `${deps.verifyBaseUrl.replace(/\/?$/, '/')}${verificationCode}`,
    signerOrganisation,
  };
  // Validate before any signing or rendering: bad input fails fast with the form and field named.
  const { data: valid, ctx } = prepare(renderInput);
  if (!signedXml) {
    signedXml = await signXml(buildDataXml({
      form: form.id, tenant: input.tenant, service: scope.service, requestNumber: input.requestNumber,
      processInstanceId: input.processInstanceId ?? null, issuedAt,
    }, form.fields, valid), serviceKey);
  }
  const started = performance.now();
  const { pdf } = await renderDocument(renderInput);
  const renderMs = performance.now() - started;
  const pdfSha256 = sha256(pdf);
  const xmlSha256 = sha256(signedXml);
  const sealXml = await signXml(buildSealXml({
    documentId: id, verificationCode, form: form.id, lang: ctx.lang, tenant: input.tenant, requestNumber: input.requestNumber,
    issuedAt: issuedAt.toISOString(), pdfSha256, dataSha256: xmlSha256, dataSigner: signerKind,
  }), serviceKey);

  const row: DocumentRow = {
    id, tenantId: input.tenant, service: scope.service, form: form.id, title: form.title, lang: ctx.lang,
    processInstanceId: input.processInstanceId ?? null, idempotencyKey: input.idempotencyKey ?? null,
    requestNumber: input.requestNumber, applicantIin: input.applicantIin ?? null, applicantUserId: input.applicantUserId ?? null,
    verificationCode, pdf, pdfSha256, signedXml, xmlSha256, sealXml, signerKind, signerOrganisation,
    signerCertificateSha256, createdAt: issuedAt,
  };
  if (!(await insertDocument(deps.db, row))) {
    // A concurrent attempt with the same key stored first: its document is the one.
    return summary((await findByIdempotencyKey(deps.db, input.idempotencyKey!))!, false, renderMs);
  }
  return summary(row, true, renderMs);
}

function summary(row: DocumentRow, created: boolean, renderMs: number): GeneratedDocument {
  return { id: row.id, verificationCode: row.verificationCode, created, signerKind: row.signerKind, pdfSha256: row.pdfSha256, renderMs };
}
