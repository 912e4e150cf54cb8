// Output documents end to end: a process on the real engine-rest whose external tasks document-generate and
// document-deliver are served by the real worker modules through the runner; the PDF is stored, verifiable and
// e-mailed to a local SMTP server.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySeedTenant, bundleDataResources } from '../support/seed-tenant.js';
import { startWorkers, type RunningWorkers } from '../../workers/runner.js';
import * as generateModule from '../../workers/document-generate.js';
import * as deliverModule from '../../workers/document-deliver.js';
import { loadDocumentKeys } from '../../src/documents/keys.js';
import { deliveriesOf } from '../../src/documents/store.js';
import { verifyDocument } from '../../src/documents/verify.js';
import { adminAuth, startServer, type TestServer } from '../support/server.js';
import { header, parts, startSmtp } from '../documents/smtp.js';
import { pdfText } from '../documents/support.js';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs-doc" targetNamespace="http://reglament.test">
  <bpmn:process id="housing-queue-portal" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="generate-notice" />
    <bpmn:serviceTask id="generate-notice" name="процесс 8 — формирование уведомления" camunda:type="external" camunda:topic="document-generate">
      <bpmn:extensionElements><camunda:properties><camunda:property name="form" value="housing-queue-notice" /></camunda:properties></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="generate-notice" targetRef="send-notice" />
    <bpmn:serviceTask id="send-notice" name="выдача — электронная почта" camunda:type="external" camunda:topic="document-deliver">
      <bpmn:extensionElements><camunda:properties><camunda:property name="channel" value="email" /></camunda:properties></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="send-notice" targetRef="done" />
    <bpmn:userTask id="done" name="результат выдан" />
    <bpmn:sequenceFlow id="f4" sourceRef="done" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

const logger = { info: () => {}, warn: () => {}, error: () => {} };

describe('output documents through the engine and the workers', () => {
  let server: TestServer;
  let base: string;
  let workers: RunningWorkers;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  const env = { REGLAMENT_DEMO_PKI_DIR: mkdtempSync(join(tmpdir(), 'reglament-flow-pki-')), REGLAMENT_PUBLIC_URL: 'https://reglament.test' } as Record<string, string>;

  const rest = async (path: string, init: RequestInit = {}): Promise<any> => {
    const res = await fetch(base + path, { ...init, headers: { authorization: adminAuth, ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}), ...init.headers } });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };

  beforeAll(async () => {
    [server, smtp] = await Promise.all([startServer({ startHost: true, workerApi: { env } }), startSmtp()]);
    env.REGLAMENT_SMTP_URL = smtp.url;
    env.REGLAMENT_SMTP_FROM = 'no-reply@semey.test';
    base = `${await server.listen()}/engine-rest`;
    const form = new FormData();
    form.append('deployment-name', 'documents-flow');
    form.append('tenant-id', 'semey');
    form.append('data', new Blob([BPMN], { type: 'application/xml' }), 'housing-queue-portal.bpmn');
    // The bundle's data deploys with the diagram: its manifest and its document templates render the notice. The act
    // lost force in 2013; this test's diagram is not the act's, so its start is not held to the act's validity.
    for (const r of bundleDataResources('semey', 'housing-queue')) {
      const content = r.name === 'manifest.json' ? JSON.stringify({ ...JSON.parse(r.content), validity: undefined }) : r.content;
      form.append(r.name, new Blob([content], { type: 'application/json' }), r.name);
    }
    await rest('/deployment/create', { method: 'POST', body: form });
    await applySeedTenant(server.db.db, 'semey');
    workers = await startWorkers({
      engineRestUrl: base, auth: { username: 'admin', password: 'admin-secret' },
      modules: [generateModule, deliverModule], ctx: { env, logger },
      asyncResponseTimeout: 1000, retryBackoffMs: 20, interval: 50,
    });
  });
  afterAll(async () => { await workers?.stop(); await server?.close(); await smtp?.close(); });

  it('generates the housing queue notice in Kazakh, stores it verifiable and e-mails it', async () => {
    const v = (value: unknown, type = 'String') => ({ value, type });
    const started = await rest('/process-definition/key/housing-queue-portal/tenant-id/semey/start', {
      method: 'POST',
      body: JSON.stringify({ variables: {
        tenant: v('semey'), language: v('kk'), requestNumber: v('SEM-HQ-2026-000300'), applicantEmail: v('aliya@example.kz'),
        applicantFullName: v('Сейітқали Әлия Нұрланқызы'), address: v('Семей қ., Абай көшесі, 7'), commissionDecisionDate: v('2026-11-18'),
        category: v('многодетные семьи'), applicationDate: v('2026-10-30'), applicationNumber: v('SEM-HQ-2026-000300'),
        familySize: v(5, 'Integer'), queueNumber: v(1208, 'Integer'),
      } }),
    });
    const end = Date.now() + 30_000;
    let tasks: Array<{ taskDefinitionKey: string }> = [];
    while (Date.now() < end) {
      tasks = await rest(`/task?processInstanceId=${started.id}`);
      if (tasks.length) break;
      const incidents = await rest(`/incident?processInstanceId=${started.id}`);
      if (incidents.length) throw new Error(`incident: ${incidents[0].incidentMessage}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(tasks.map((t) => t.taskDefinitionKey)).toEqual(['done']);
    const vars = await rest(`/process-instance/${started.id}/variables`);
    const documentId = vars.documentId.value as string;
    const code = vars.verificationCode.value as string;
    expect(vars.deliveredAt.type).toBe('Date');

    const row = await server.db.db('documents').where({ id: documentId }).first();
    expect(row).toMatchObject({ process_instance_id: started.id, tenant_id: 'semey', service: 'housing-queue', form: 'housing-queue-notice', lang: 'kk', signer_kind: 'service', signer_organisation: 'Акимат города Семей' });
    const text = pdfText(Buffer.from(row.pdf)).replace(/\s+/g, ' ');
    expect(text).toContain('Есепке қою сәтінде Сіздің кезегіңіз № 1208');
    expect(text).toContain(`https://reglament.test/api/documents/verify/${code}`);

    const keys = await loadDocumentKeys(env);
    expect(await verifyDocument(server.db.db, keys.trust, code)).toMatchObject({ found: true, authentic: true, signer: { organisation: 'Акимат города Семей' } });
    expect((await deliveriesOf(server.db.db, documentId)).map((d) => d.status)).toEqual(['sent']);
    expect(smtp.messages).toHaveLength(1);
    expect(header(smtp.messages[0]!.raw, 'Subject')).toContain('SEM-HQ-2026-000300');
    const pdf = parts(smtp.messages[0]!.raw).find((p) => /application\/pdf/.test(p.headers))!;
    expect(Buffer.compare(pdf.body, Buffer.from(row.pdf))).toBe(0);
  }, 60_000);
});
