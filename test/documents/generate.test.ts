// Generating, storing and verifying output documents on SQLite and PostgreSQL: service- and specialist-signed data,
// idempotent retries, and the verification failing after the stored PDF or XML is tampered with.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects, freshDb, type TestDb } from '../support/databases.js';
import { generateDocument, SignedDataRejected } from '../../src/documents/generate.js';
import { buildDataXml } from '../../src/documents/signed-data.js';
import { findById } from '../../src/documents/store.js';
import { verifyDocument } from '../../src/documents/verify.js';
import { signXml } from '../../src/documents/xml-signer.js';
import { signXml as edsSignXml } from '../../src/eds/xml-signature.js';
import { parseCertificate } from '../../src/eds/certificate.js';
import { createCrl, type Issued } from '../../src/eds/pki.js';
import { CrlRevocationChecker } from '../../src/eds/revocation.js';
import { createDemoPki } from '../../src/documents/demo-pki.js';
import { depsFor, documentsFixture, pdfText, templateOf, type DocumentsFixture } from './support.js';

const sample = templateOf('semey/preschool-queue', 'preschool-queue-notice').sample as Record<string, unknown>;
const base = {
  form: 'preschool-queue-notice', lang: 'kk' as const, tenant: 'semey', requestNumber: 'SEM-PQ-2026-000042',
  processInstanceId: 'pi-1', applicantIin: '900101300126', data: sample,
};

describe.each(dialects)('documents on %s', (dialect) => {
  let t: TestDb;
  let f: DocumentsFixture;
  beforeAll(async () => { t = await freshDb(dialect); f = await documentsFixture(); });
  afterAll(async () => { await t?.destroy(); });

  it('stores a service-signed document that verifies as authentic, without personal data in the answer', async () => {
    const doc = await generateDocument(depsFor(t.db, f), { ...base, idempotencyKey: 'pi-1:notice' });
    expect(doc.created).toBe(true);
    expect(doc.signerKind).toBe('service');
    expect(doc.verificationCode).toMatch(/^[A-HJ-NP-Z2-9]{16}$/);
    const row = (await findById(t.db, doc.id))!;
    expect(row.pdfSha256).toBe(createHash('sha256').update(row.pdf).digest('hex'));
    expect(row.signedXml).toContain('urn:reglament:output-document:1');
    expect(row.sealXml).toContain(row.pdfSha256);
    expect(pdfText(row.pdf)).toContain(doc.verificationCode);
    const report = await verifyDocument(t.db, f.trust, doc.verificationCode);
    expect(report).toMatchObject({ found: true, authentic: true, requestNumber: 'SEM-PQ-2026-000042', form: { id: 'preschool-queue-notice' }, signer: { kind: 'service', organisation: f.pki.service.organisation } });
    const json = JSON.stringify(report);
    expect(json).not.toContain('900101300126');
    expect(json).not.toContain(String(sample.parentFullName));
    // Typed from paper: lower case and dashes are fine.
    const typed = doc.verificationCode.toLowerCase().replace(/(.{4})(?=.)/g, '$1-');
    expect((await verifyDocument(t.db, f.trust, typed)).authentic).toBe(true);
  });

  it('a retry of the same task returns the same document, also when attempts race', async () => {
    const deps = depsFor(t.db, f);
    const first = await generateDocument(deps, { ...base, idempotencyKey: 'pi-2:notice' });
    const again = await generateDocument(deps, { ...base, idempotencyKey: 'pi-2:notice' });
    expect(again).toMatchObject({ id: first.id, verificationCode: first.verificationCode, created: false });
    const raced = await Promise.all([1, 2, 3].map(() => generateDocument(deps, { ...base, idempotencyKey: 'pi-3:notice' })));
    expect(new Set(raced.map((d) => d.id)).size).toBe(1);
    const [{ n }] = await t.db('documents').where({ idempotency_key: 'pi-3:notice' }).count({ n: '*' });
    expect(Number(n)).toBe(1);
  });

  it('embeds data the specialist signed, and renders what was signed', async () => {
    const form = templateOf('semey/preschool-queue', 'preschool-queue-notice');
    const data = { ...sample, queueNumber: 777 };
    const xml = buildDataXml({ form: form.id, tenant: 'semey', service: 'preschool-queue', requestNumber: 'SEM-PQ-2026-000043', issuedAt: new Date() }, form.fields, data);
    const signed = await signXml(xml, f.pki.specialist);
    const doc = await generateDocument(depsFor(t.db, f), { ...base, requestNumber: 'SEM-PQ-2026-000043', data: { ...sample, queueNumber: 1 }, signedDocumentData: signed });
    expect(doc.signerKind).toBe('specialist');
    const row = (await findById(t.db, doc.id))!;
    expect(row.signedXml).toBe(signed);
    expect(pdfText(row.pdf)).toContain('№ 777');
    expect((await verifyDocument(t.db, f.trust, doc.verificationCode)).signer).toEqual({ kind: 'specialist', organisation: f.pki.specialist.organisation });
  });

  it('accepts a XAdES-BES signature of the specialist, and checks the IIN when the task names the specialist', async () => {
    const form = templateOf('semey/preschool-queue', 'preschool-queue-notice');
    const xml = buildDataXml({ form: form.id, tenant: 'semey', service: 'preschool-queue', requestNumber: 'SEM-PQ-2026-000044', issuedAt: new Date() }, form.fields, sample);
    const xades = await edsSignXml(xml, { key: f.pki.specialist.privateKey, certificate: parseCertificate(f.pki.specialist.certificate), xades: true });
    expect(xades).toContain('SignedProperties');
    const deps = depsFor(t.db, f);
    expect((await generateDocument(deps, { ...base, requestNumber: 'SEM-PQ-2026-000044', signedDocumentData: xades, specialistIin: '900101300126' })).signerKind).toBe('specialist');
    await expect(generateDocument(deps, { ...base, requestNumber: 'SEM-PQ-2026-000044', signedDocumentData: xades, specialistIin: '791028302728' })).rejects.toThrow(/IIN mismatch/);
  });

  it('refuses data signed with a revoked specialist certificate when a CRL is configured', async () => {
    const form = templateOf('semey/preschool-queue', 'preschool-queue-notice');
    const xml = buildDataXml({ form: form.id, tenant: 'semey', service: 'preschool-queue', requestNumber: 'SEM-PQ-2026-000045', issuedAt: new Date() }, form.fields, sample);
    const signed = await signXml(xml, f.pki.specialist);
    const ca = { certificate: parseCertificate(f.pki.ca.certificate), keys: { privateKey: f.pki.ca.privateKey } } as unknown as Issued;
    const crl = async (revoked: boolean) => new CrlRevocationChecker({ sources: [{ data: new Uint8Array((await createCrl(ca, revoked ? { revoked: [{ certificate: parseCertificate(f.pki.specialist.certificate) }] } : {})).rawData) }] });
    const withCrl = async (revoked: boolean) => ({ ...depsFor(t.db, f), revocation: await crl(revoked) });
    expect((await generateDocument(await withCrl(false), { ...base, requestNumber: 'SEM-PQ-2026-000045', signedDocumentData: signed })).signerKind).toBe('specialist');
    await expect(generateDocument(await withCrl(true), { ...base, requestNumber: 'SEM-PQ-2026-000045', signedDocumentData: signed })).rejects.toThrow(/revoked/);
  });

  it('refuses specialist data that was changed after signing, signed by an unknown CA, or made for another form', async () => {
    const form = templateOf('semey/preschool-queue', 'preschool-queue-notice');
    const xml = buildDataXml({ form: form.id, tenant: 'semey', service: 'preschool-queue', requestNumber: 'R-1', issuedAt: new Date() }, form.fields, sample);
    const signed = await signXml(xml, f.pki.specialist);
    const deps = depsFor(t.db, f);
    await expect(generateDocument(deps, { ...base, signedDocumentData: signed.replace('318', '1') })).rejects.toThrow(SignedDataRejected);
    const stranger = await createDemoPki();
    await expect(generateDocument(deps, { ...base, signedDocumentData: await signXml(xml, stranger.specialist) })).rejects.toThrow(/not trusted/);
    await expect(generateDocument(deps, { ...base, form: 'refusal', service: 'preschool-queue', signedDocumentData: signed })).rejects.toThrow(/signed data is for form 'preschool-queue-notice'/);
    await expect(generateDocument(deps, { ...base, signedDocumentData: signed })).rejects.toThrow(/signed data is for another request/);
    await expect(generateDocument(deps, { ...base, tenant: 'zhambyl-sko', form: 'preschool-queue-notice', signedDocumentData: signed })).rejects.toThrow(/signed data is for another tenant/);
  });

  it('is not authentic after the stored PDF or XML is tampered with, even with the hash column updated', async () => {
    const deps = depsFor(t.db, f);
    const check = async (change: (id: string, row: NonNullable<Awaited<ReturnType<typeof findById>>>) => Promise<void>) => {
      const doc = await generateDocument(deps, base);
      await change(doc.id, (await findById(t.db, doc.id))!);
      return verifyDocument(t.db, f.trust, doc.verificationCode);
    };
    const pdfChanged = await check(async (id, row) => {
      const pdf = Buffer.from(row.pdf); pdf[pdf.length - 20] ^= 1;
      await t.db('documents').where({ id }).update({ pdf });
    });
    expect(pdfChanged).toMatchObject({ authentic: false, failed: ['pdf-hash', 'seal-content'] });
    const pdfAndHash = await check(async (id, row) => {
      const pdf = Buffer.concat([row.pdf, Buffer.from('\n% appended\n')]);
      await t.db('documents').where({ id }).update({ pdf, pdf_sha256: createHash('sha256').update(pdf).digest('hex') });
    });
    expect(pdfAndHash).toMatchObject({ authentic: false, failed: ['seal-content'] });
    const xmlChanged = await check(async (id, row) => {
      await t.db('documents').where({ id }).update({ signed_xml: row.signedXml.replace('>318<', '>1<') });
    });
    expect(xmlChanged).toMatchObject({ authentic: false, failed: ['data-hash', 'data-signature', 'seal-content'] });
    const sealChanged = await check(async (id, row) => {
      await t.db('documents').where({ id }).update({ seal_xml: row.sealXml.replace(row.pdfSha256, '0'.repeat(64)) });
    });
    expect(sealChanged).toMatchObject({ authentic: false, failed: ['seal-signature'] });
  });

  it('answers found: false for an unknown or malformed code', async () => {
    expect(await verifyDocument(t.db, f.trust, 'AAAAAAAAAAAAAAAA')).toEqual({ found: false, authentic: false });
    expect(await verifyDocument(t.db, f.trust, "' OR 1=1 --")).toEqual({ found: false, authentic: false });
  });
});
