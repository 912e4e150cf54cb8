// Worker document-deliver against a real local SMTP server: the message reaches the recipient with the stored PDF
// attached byte for byte; cabinet and hand-over are recorded once per task; bad input needs a person, not a retry.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../workers/document-deliver.js';
import { generateDocument } from '../../src/documents/generate.js';
import { deliveriesOf, findById } from '../../src/documents/store.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { depsFor, documentsFixture, templateOf, type DocumentsFixture } from '../documents/support.js';
import { header, parts, startSmtp } from '../documents/smtp.js';
import type { TaskInput } from '../../workers/types.js';
import { SERVICE_KINDS, servicesOver, type ServicesUnderTest } from '../support/worker-services.js';

const task = (over: Partial<TaskInput> & { channel: string; variables: Record<string, unknown> }): TaskInput => ({
  id: 't-1', topicName: 'document-deliver', processInstanceId: 'pi-d', activityId: 'deliver-result', retries: null,
  tenantId: 'semey', properties: { channel: over.channel }, ...over,
});

describe.each(SERVICE_KINDS)('worker document-deliver over %s', (kind) => {
  let t: TestDb;
  let f: DocumentsFixture;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let documentId: string;
  let withMail: ServicesUnderTest;
  let mailless: ServicesUnderTest;

  beforeAll(async () => {
    [t, f, smtp] = await Promise.all([freshDb('sqlite'), documentsFixture(), startSmtp(['nobody@example.kz'])]);
    documentId = (await generateDocument(depsFor(t.db, f), {
      form: 'guardianship-certificate', lang: 'kk', tenant: 'semey', requestNumber: 'SEM-GC-2026-000005',
      processInstanceId: 'pi-d', data: templateOf('semey/guardianship-certificate', 'guardianship-certificate').sample,
    })).id;
    const verifyBaseUrl = 'https://reglament.test/api/documents/verify/';
    withMail = await servicesOver(kind, t.db, { documents: { generate: depsFor(t.db, f), deliver: { db: t.db, mail: { url: smtp.url, from: 'Акимат Семей <no-reply@semey.test>' }, verifyBaseUrl } } });
    mailless = await servicesOver(kind, t.db, { documents: { generate: depsFor(t.db, f), deliver: { db: t.db, verifyBaseUrl } } });
  });
  afterAll(async () => { await withMail?.close(); await mailless?.close(); await smtp?.close(); await t?.destroy(); });

  const deps = () => ({ documents: withMail.services.documents });

  it('e-mails the PDF to the applicant; the attachment is the stored PDF byte for byte', async () => {
    const outcome = await handler(deps())(task({ channel: 'email', variables: { documentId, applicantEmail: 'aliya@example.kz' } }));
    expect(outcome.kind).toBe('complete');
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.to).toEqual(['aliya@example.kz']);
    expect(mail.from).toBe('no-reply@semey.test');
    expect(header(mail.raw, 'Subject')).toBe('Қорғаншылық және қамқоршылық жөніндегі анықтама — № SEM-GC-2026-000005');
    const attachment = parts(mail.raw).find((p) => /application\/pdf/i.test(p.headers))!;
    expect(attachment.headers).toMatch(/guardianship-certificate-SEM-GC-2026-000005\.pdf/);
    const stored = (await findById(t.db, documentId))!;
    expect(Buffer.compare(attachment.body, stored.pdf)).toBe(0);
    const text = parts(mail.raw).find((p) => /text\/plain/i.test(p.headers))!;
    expect(text.body.toString('utf8')).toContain(`https://reglament.test/api/documents/verify/${stored.verificationCode}`);
    expect(text.body.toString('utf8')).toContain('Түпнұсқалығын тексеру');
    expect((await deliveriesOf(t.db, documentId)).map((d) => [d.channel, d.status])).toEqual([['email', 'sent']]);
  });

  it('a retried task does not send the e-mail again', async () => {
    const outcome = await handler(deps())(task({ channel: 'email', variables: { documentId, applicantEmail: 'aliya@example.kz' } }));
    expect(outcome.kind).toBe('complete');
    expect(smtp.messages).toHaveLength(1);
  });

  it('puts the document into the cabinet and records a hand-over, once each', async () => {
    for (let i = 0; i < 2; i++) {
      expect((await handler(deps())(task({ channel: 'cabinet', activityId: 'to-cabinet', variables: { documentId } }))).kind).toBe('complete');
    }
    expect((await handler(deps())(task({ channel: 'hand', activityId: 'hand-over', variables: { documentId } }))).kind).toBe('complete');
    expect((await deliveriesOf(t.db, documentId)).map((d) => [d.channel, d.status])).toEqual([['email', 'sent'], ['cabinet', 'available'], ['hand', 'handed-over']]);
  });

  it('a refused recipient is a retried failure whose message does not carry the address', async () => {
    await expect(handler(deps())(task({ channel: 'email', activityId: 'x0', variables: { documentId, applicantEmail: 'nobody@example.kz' } })))
      // Directly, the SMTP error; over HTTP, a server error (5xx): both retried by the runner, neither names the address.
      .rejects.toThrow(kind === 'store' ? /^Couldn't send document '.*' by e-mail: SMTP EENVELOPE 550$/ : /^Couldn't deliver the output document, the server answered HTTP 500/);
    expect((await deliveriesOf(t.db, documentId)).filter((d) => d.recipient === 'nobody@example.kz')).toEqual([]);
  });

  it('bad input fails without retries and names what is wrong, not the address', async () => {
    const noMail = await handler(deps())(task({ channel: 'email', activityId: 'x1', variables: { documentId, applicantEmail: 'not an address' } }));
    expect(noMail).toMatchObject({ kind: 'failure', retries: 0 });
    expect(JSON.stringify(noMail)).not.toContain('not an address');
    expect(await handler(deps())(task({ channel: 'pigeon', activityId: 'x2', variables: { documentId } }))).toMatchObject({ kind: 'failure', message: expect.stringMatching(/Unknown delivery channel 'pigeon'/) });
    expect(await handler(deps())(task({ channel: 'cabinet', activityId: 'x3', variables: { documentId: '00000000-0000-0000-0000-000000000000' } }))).toMatchObject({ kind: 'failure', message: expect.stringMatching(/no such document/) });
    expect(await handler({ documents: mailless.services.documents })(task({ channel: 'email', activityId: 'x4', variables: { documentId, applicantEmail: 'a@b.kz' } }))).toMatchObject({ kind: 'failure', message: expect.stringMatching(/no SMTP server is configured/) });
  });
});
