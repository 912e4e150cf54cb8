// Worker document-generate: the form from the task property, the language from the process, data from variables;
// a retry returns the same document; a specialist signature that does not hold is a BPMN error; bad data an incident.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataFor, handler } from '../../workers/document-generate.js';
import { buildDataXml } from '../../src/documents/signed-data.js';
import { findById } from '../../src/documents/store.js';
import { verifyDocument } from '../../src/documents/verify.js';
import { signXml } from '../../src/documents/xml-signer.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { depsFor, documentsFixture, pdfText, templateOf, type DocumentsFixture } from '../documents/support.js';
import type { TaskInput } from '../../workers/types.js';
import { SERVICE_KINDS, servicesOver, type ServicesUnderTest } from '../support/worker-services.js';

const queueVars = {
  tenant: 'semey', language: 'kk', requestNumber: 'SEM-PQ-2026-000101', receivedAt: new Date('2026-11-20T20:30:00Z'),
  applicantIin: '900101300126', initiator: 'portal-user-7',
  parentFullName: 'Сейітқали Әлия Нұрланқызы', childFullName: 'Сейітқали Жаһангер Ерланұлы', childBirthDate: '2022-03-14', queueNumber: 318,
};

const task = (over: Partial<TaskInput> = {}): TaskInput => ({
  id: 'ext-1', topicName: 'document-generate', processInstanceId: 'pi-g1', processDefinitionKey: 'preschool-queue-portal',
  activityId: 'issue-queue-notice', retries: null, tenantId: 'semey',
  properties: { form: 'preschool-queue-notice' }, variables: queueVars, ...over,
});

describe.each(SERVICE_KINDS)('worker document-generate over %s', (kind) => {
  let t: TestDb;
  let f: DocumentsFixture;
  let u: ServicesUnderTest;
  beforeAll(async () => {
    [t, f] = await Promise.all([freshDb('sqlite'), documentsFixture()]);
    u = await servicesOver(kind, t.db, { documents: { generate: depsFor(t.db, f), deliver: { db: t.db, verifyBaseUrl: 'https://reglament.test/api/documents/verify/' } } });
  });
  afterAll(async () => { await u?.close(); await t?.destroy(); });
  const deps = () => ({ documents: u.services.documents });

  it('generates the form of the task in the process language and returns documentId and verificationCode', async () => {
    const outcome = await handler(deps())(task());
    expect(outcome).toMatchObject({ kind: 'complete', variables: { documentId: expect.any(String), verificationCode: expect.stringMatching(/^[A-Z2-9]{16}$/) } });
    const vars = (outcome as unknown as { variables: { documentId: string; verificationCode: string } }).variables;
    const row = (await findById(t.db, vars.documentId))!;
    expect(row).toMatchObject({ form: 'preschool-queue-notice', lang: 'kk', tenantId: 'semey', service: 'preschool-queue', requestNumber: 'SEM-PQ-2026-000101', applicantIin: '900101300126', applicantUserId: 'portal-user-7' });
    const text = pdfText(row.pdf).replace(/\s+/g, ' ');
    expect(text).toContain('Баланы тіркеу туралы хабарлама');
    // receivedAt 20:30 UTC is the 21st in Almaty: the date of the act's territory.
    expect(text).toContain('21.11.2026 жылғы № 318');
    expect((await verifyDocument(t.db, f.trust, vars.verificationCode)).authentic).toBe(true);
  });

  it('a retry of the same task returns the same document', async () => {
    const a = await handler(deps())(task({ processInstanceId: 'pi-g2' }));
    const b = await handler(deps())(task({ processInstanceId: 'pi-g2', id: 'ext-1-retry' }));
    expect(b).toEqual(a);
    const [{ n }] = await t.db('documents').where({ process_instance_id: 'pi-g2' }).count({ n: '*' });
    expect(Number(n)).toBe(1);
  });

  it('embeds data the specialist signed; a forged one is an incident, or a BPMN error where the route catches it', async () => {
    const form = templateOf('semey/preschool-queue', 'refusal');
    const xml = buildDataXml({ form: 'refusal', tenant: 'semey', service: 'preschool-queue', requestNumber: 'SEM-PQ-2026-000102', issuedAt: new Date() },
      form.fields, { applicantFullName: 'Сейітқали Әлия Нұрланқызы', childFullName: 'Сейітқали Жаһангер Ерланұлы', refusalReason: 'ребенок старше 7 лет' });
    const signed = await signXml(xml, f.pki.specialist);
    const vars = { ...queueVars, language: 'ru', requestNumber: 'SEM-PQ-2026-000102', signedDocumentData: signed };
    const ok = await handler(deps())(task({ processInstanceId: 'pi-g3', properties: { form: 'refusal' }, variables: vars }));
    expect(ok.kind).toBe('complete');
    const row = (await findById(t.db, (ok as unknown as { variables: { documentId: string } }).variables.documentId))!;
    expect(row.signerKind).toBe('specialist');
    expect(pdfText(row.pdf).replace(/\s+/g, ' ')).toContain('по причине: ребенок старше 7 лет');
    const tampered = { ...vars, signedDocumentData: signed.replace('старше 7 лет', 'младше 7 лет') };
    const forged = await handler(deps())(task({ processInstanceId: 'pi-g4', properties: { form: 'refusal' }, variables: tampered }));
    expect(forged).toMatchObject({ kind: 'failure', retries: 0, message: expect.stringMatching(/signed data does not verify/) });
    const caught = await handler(deps())(task({ processInstanceId: 'pi-g9', properties: { form: 'refusal', signatureRejection: 'bpmn-error' }, variables: tampered }));
    expect(caught).toMatchObject({ kind: 'bpmnError', code: 'DOCUMENT_SIGNATURE_INVALID' });
  });

  it('bad input is an incident that names the form and the field, without personal data', async () => {
    const { queueNumber: _, ...missing } = queueVars;
    const outcome = await handler(deps())(task({ processInstanceId: 'pi-g5', variables: missing }));
    expect(outcome).toEqual({ kind: 'failure', message: "Form 'preschool-queue-notice' is missing the required field 'queueNumber' (Номер очередности)", retries: 0 });
    expect(await handler(deps())(task({ processInstanceId: 'pi-g6', properties: { form: 'nope' } })))
      .toMatchObject({ kind: 'failure', retries: 0, message: expect.stringMatching(/has no bundle of service 'preschool-queue' with documents\/nope\.json/) });
    expect(await handler(deps())(task({ processInstanceId: 'pi-g7', properties: {} })))
      .toMatchObject({ kind: 'failure', retries: 0, message: expect.stringMatching(/no property 'form'/) });
    const huge = await handler(deps())(task({ processInstanceId: 'pi-g8', variables: { ...queueVars, documentData: { blob: 'x'.repeat(70_000) } } }));
    expect(huge).toMatchObject({ kind: 'failure', message: expect.stringMatching(/more than the 65536 accepted/) });
  });

  it('takes data from variables named like the fields, aliases, and a documentData override', () => {
    expect(dataFor(templateOf('kyzylzhar/preschool-registration', 'preschool-registration-notice').fields, { requestNumber: 'R-9', receivedAt: 'x', childSurname: 'A', documentData: { childGivenName: 'B' } }))
      .toEqual({ registrationNumber: 'R-9', applicationDate: 'x', childSurname: 'A', childGivenName: 'B' });
    // The element's property decides the variant, whatever the variables say.
    expect(dataFor(templateOf('semey/minors-deposits-certificate', 'minors-deposits-certificate').fields, { variant: 'bank' }, { form: 'minors-deposits-certificate', variant: 'road-police', 'reglament:step': 'процесс 9' }))
      .toEqual({ variant: 'road-police' });
  });
});
