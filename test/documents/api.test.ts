// The documents API on a bare fastify with a tiny fake authentication: public verification, access control of the
// PDF download (applicant, staff of the tenant, other tenants), the cabinet list.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import reglamentDocuments, { callerFromPrincipal, type DocumentCaller } from '../../src/api/reglament-documents.js';
import { generateDocument, type GeneratedDocument } from '../../src/documents/generate.js';
import { findById, insertDelivery } from '../../src/documents/store.js';
import { signXml } from '../../src/documents/xml-signer.js';
import { errorsPlugin } from './errors-plugin.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { depsFor, documentsFixture, PROCESSES, templateOf, type DocumentsFixture } from './support.js';
import { folderProfiles, folderTemplates } from '../../src/documents/template-source.js';

const APPLICANT = '900101300126';

/** The fake: `x-caller` carries the caller as JSON; no header means unauthenticated. */
function caller(request: FastifyRequest): DocumentCaller | null {
  const h = request.headers['x-caller'];
  return typeof h === 'string' ? JSON.parse(h) as DocumentCaller : null;
}

describe('documents API', () => {
  let t: TestDb;
  let f: DocumentsFixture;
  let app: FastifyInstance;
  let doc: GeneratedDocument;

  beforeAll(async () => {
    t = await freshDb('sqlite');
    f = await documentsFixture();
    doc = await generateDocument(depsFor(t.db, f), {
      form: 'housing-queue-notice', lang: 'ru', tenant: 'semey', requestNumber: 'SEM-HQ-2026-000077', processInstanceId: 'pi-h',
      applicantIin: APPLICANT, applicantUserId: 'portal-user-1', data: templateOf('semey/housing-queue', 'housing-queue-notice').sample,
    });
    app = Fastify();
    errorsPlugin(app);
    await app.register(reglamentDocuments, {
      db: t.db,
      trust: f.trust,
      templates: folderTemplates(PROCESSES),
      profiles: folderProfiles(PROCESSES),
      authenticate: async (request, reply) => { if (!caller(request)) await reply.code(401).send({ type: 'AuthenticationException', message: 'Authentication required', code: null }); },
      access: caller,
    });
    await app.ready();
  });
  afterAll(async () => { await app?.close(); await t?.destroy(); });

  const get = (url: string, who?: DocumentCaller) => app.inject({ method: 'GET', url, headers: who ? { 'x-caller': JSON.stringify(who) } : {} });

  it('verifies a document publicly, without authentication and without personal data', async () => {
    const res = await get(`/api/documents/verify/${doc.verificationCode}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ found: true, authentic: true, requestNumber: 'SEM-HQ-2026-000077', form: { id: 'housing-queue-notice' }, signer: { kind: 'service' } });
    expect(res.body).not.toContain(APPLICANT);
    expect(res.body).not.toContain('Сейітқали');
    expect((await get('/api/documents/verify/ZZZZZZZZZZZZZZZZ')).statusCode).toBe(404);
  });

  it('shows a page to a browser that followed the QR link', async () => {
    const res = await app.inject({ method: 'GET', url: `/api/documents/verify/${doc.verificationCode}`, headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('Құжат түпнұсқа және өзгертілмеген');
    expect(res.body).toContain('SEM-HQ-2026-000077');
    expect(res.body).not.toContain(APPLICANT);
    const missing = await app.inject({ method: 'GET', url: '/api/documents/verify/ZZZZZZZZZZZZZZZZ', headers: { accept: 'text/html' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('Документ не найден');
  });

  it('says not authentic once the stored PDF changed', async () => {
    const other = await generateDocument(depsFor(t.db, f), { form: 'refusal', service: 'housing-queue', lang: 'kk', tenant: 'semey', requestNumber: 'R-2', data: { applicantFullName: 'Иванов И.И.', refusalReason: 'нет оснований', familySize: 3 } });
    const row = (await findById(t.db, other.id))!;
    await t.db('documents').where({ id: other.id }).update({ pdf: Buffer.concat([row.pdf, Buffer.from(' ')]) });
    const body = (await get(`/api/documents/verify/${other.verificationCode}`)).json();
    expect(body).toMatchObject({ found: true, authentic: false });
    expect(body.failed).toContain('pdf-hash');
  });

  it('gives the PDF to its applicant and to staff of the tenant, answers 404 to everybody else', async () => {
    const url = `/api/documents/${doc.id}/pdf`;
    const stored = (await findById(t.db, doc.id))!.pdf;
    const mine = await get(url, { iin: APPLICANT, staffTenants: [] });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(mine.rawPayload, stored)).toBe(0);
    expect((await get(url, { userId: 'portal-user-1', staffTenants: [] })).statusCode).toBe(200);
    expect((await get(url, { userId: 'operator-semey', staffTenants: ['semey'] })).statusCode).toBe(200);
    expect((await get(url, { userId: 'admin', staffTenants: 'all' })).statusCode).toBe(200);
    const otherTenant = await get(url, { userId: 'operator-kyz', staffTenants: ['kyzylzhar'] });
    expect(otherTenant.statusCode).toBe(404);
    expect((await get(url, { iin: '791028302728', userId: 'someone', staffTenants: [] })).statusCode).toBe(404);
    expect(otherTenant.body).toBe((await get('/api/documents/00000000-0000-0000-0000-000000000000/pdf', { staffTenants: ['kyzylzhar'] })).body.replace('00000000-0000-0000-0000-000000000000', doc.id));
    expect((await get(url)).statusCode).toBe(401);
  });

  it('lists the cabinet documents of the applicant only', async () => {
    expect((await get('/api/documents', { iin: APPLICANT, staffTenants: [] })).json()).toEqual([]);
    await insertDelivery(t.db, { documentId: doc.id, channel: 'cabinet', status: 'available', recipient: null, messageId: null, idempotencyKey: 'k1', createdAt: new Date(), deliveredAt: new Date() });
    const list = (await get('/api/documents', { iin: APPLICANT, staffTenants: [] })).json();
    expect(list).toEqual([expect.objectContaining({ id: doc.id, pdf: `/api/documents/${doc.id}/pdf`, requestNumber: 'SEM-HQ-2026-000077' })]);
    expect((await get('/api/documents', { iin: '791028302728', staffTenants: [] })).json()).toEqual([]);
  });

  it('prepares the data XML for the specialist to sign; the signed XML makes the document', async () => {
    const post = (who: DocumentCaller | undefined, body: unknown) => app.inject({ method: 'POST', url: '/api/documents/data-xml', payload: body as object, headers: who ? { 'x-caller': JSON.stringify(who) } : {} });
    const body = { form: 'refusal', tenant: 'semey', service: 'housing-queue', requestNumber: 'SEM-HQ-2026-000078', data: { applicantFullName: 'Иванов И.И.', refusalReason: 'доход выше порога', familySize: 2, unknownField: 'dropped' } };
    const res = await post({ userId: 'spec', staffTenants: ['semey'] }, body);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/xml/);
    expect(res.body).toContain('<field name="refusalReason">доход выше порога</field>');
    expect(res.body).not.toContain('unknownField');
    const signed = await signXml(res.body, f.pki.specialist);
    const made = await generateDocument(depsFor(t.db, f), { form: 'refusal', lang: 'ru', tenant: 'semey', service: 'housing-queue', requestNumber: 'SEM-HQ-2026-000078', signedDocumentData: signed });
    expect(made.signerKind).toBe('specialist');
    expect((await post({ userId: 'spec', staffTenants: ['kyzylzhar'] }, body)).statusCode).toBe(403);
    expect((await post({ iin: APPLICANT, staffTenants: [] }, body)).statusCode).toBe(403);
    const bad = await post({ userId: 'spec', staffTenants: ['semey'] }, { ...body, data: { applicantFullName: 'Иванов И.И.' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain("Form 'refusal' is missing the required field 'refusalReason'");
  });

  it("lists the templates of the caller's tenants for the UI, and none to an applicant", async () => {
    const forms = (await get('/api/documents/forms', { userId: 'spec', staffTenants: ['semey'] })).json();
    expect(forms).toContainEqual(expect.objectContaining({ id: 'minors-deposits-certificate', tenant: 'semey', service: 'minors-deposits-certificate' }));
    expect(new Set(forms.map((x: { tenant: string }) => x.tenant))).toEqual(new Set(['semey']));
    expect((await get('/api/documents/forms', { iin: APPLICANT, staffTenants: [] })).json()).toEqual([]);
  });

  it('maps the host principal: staff roles read their tenants, an admin in no tenant reads all', () => {
    expect(callerFromPrincipal({ user: { id: 'u', iin: APPLICANT }, roles: ['applicant'], tenantIds: [] })).toEqual({ userId: 'u', iin: APPLICANT, staffTenants: [] });
    expect(callerFromPrincipal({ user: { id: 'o' }, roles: ['operator'], tenantIds: ['semey'] })?.staffTenants).toEqual(['semey']);
    expect(callerFromPrincipal({ user: { id: 'a' }, roles: ['admin'], tenantIds: [] })?.staffTenants).toBe('all');
  });
});
