// The output documents library: forms, rendering, signed data, storage, verification and delivery (re-exports only).
export type { Bilingual, FieldSpec, Lang, OutputForm, RenderContext, ActHeader } from './types.js';
export { LANGS } from './types.js';
export { forms, formIds, getForm, describeForms, type FormSummary } from './forms/index.js';
export { listActs, actHeader } from './acts.js';
export { validateFormData, MAX_DATA_BYTES } from './validate.js';
export { renderDocument, prepare, checkLang, type RenderInput, type Rendered } from './render.js';
export { renderPdf, closePdfThreads } from './pdf.js';
export { buildDataXml, readDataXml, buildSealXml, readSeal, DATA_NS, SEAL_NS, type Seal } from './signed-data.js';
export { signXml, verifyXml, trustStoreOf, type SigningKey, type SignatureCheck } from './xml-signer.js';
export { generateDocument, SignedDataRejected, type DocumentServiceDeps, type GenerateInput, type GeneratedDocument, type ServiceKey } from './generate.js';
export { verifyDocument, type VerificationReport } from './verify.js';
export { deliverDocument, mailConfigFromEnv, type DeliveryDeps, type DeliverInput, type MailConfig } from './deliver.js';
export { loadDocumentKeys, verifyBaseUrl, type DocumentKeys } from './keys.js';
export { newVerificationCode, normaliseCode, formatCode } from './verification-code.js';
export * as store from './store.js';
export { createDemoPki, signingKeyPem, type DemoPki } from './demo-pki.js';
