// условие 1 and условие 2 end to end: the real server and engine, the real runner over /engine-rest, the authorize
// and eds-verify-signature modules as discovered, a password session and a signed request from the test PKI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startWorkers, type RunningWorkers } from '../../workers/runner.js';
import type { WorkerModule } from '../../workers/types.js';
import * as authorize from '../../workers/authorize.js';
import * as edsVerify from '../../workers/eds-verify-signature.js';
import { adminAuth, startServer, type TestServer } from '../support/server.js';
import { testPki, requestXml, signWith } from '../factories/pki.js';
import type { TestPki } from '../../src/eds/pki.js';
import { restClient, until } from '../support/rest.js';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs" targetNamespace="http://reglament.test">
  <bpmn:process id="eds-portal" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="authorize" />
    <bpmn:serviceTask id="authorize" name="условие 1 — проверка на ПЭП" camunda:type="external" camunda:topic="authorize">
      <bpmn:extensionElements><camunda:properties><camunda:property name="system" value="ПЭП" /></camunda:properties></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="authorize" targetRef="authorized" />
    <bpmn:exclusiveGateway id="authorized" />
    <bpmn:sequenceFlow id="f3" sourceRef="authorized" targetRef="auth-refused"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\${!authorized}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f4" sourceRef="authorized" targetRef="verify"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\${authorized}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:userTask id="auth-refused" name="процесс 2" />
    <bpmn:serviceTask id="verify" name="условие 2" camunda:type="external" camunda:topic="eds-verify-signature">
      <bpmn:extensionElements><camunda:properties><camunda:property name="signerRole" value="applicant" /></camunda:properties></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f5" sourceRef="verify" targetRef="signature-valid" />
    <bpmn:exclusiveGateway id="signature-valid" />
    <bpmn:sequenceFlow id="f6" sourceRef="signature-valid" targetRef="signature-refused"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\${!signatureValid}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="f7" sourceRef="signature-valid" targetRef="accepted"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\${signatureValid}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:userTask id="signature-refused" name="процесс 5" />
    <bpmn:userTask id="accepted" name="процесс 6" />
  </bpmn:process>
</bpmn:definitions>`;

let server: TestServer;
let base = '';
let pki: TestPki;
let workers: RunningWorkers;
const logLines: string[] = [];

const rest = restClient(() => base);


/** Starts the portal route as `token`'s owner (the applicant starts it themself; the host sets `initiator`). */
async function run(variables: Record<string, { value: unknown; type: string }>, token?: string) {
  const started = await rest('/process-definition/key/eds-portal/start', {
    method: 'POST', body: JSON.stringify({ variables }), ...(token && { headers: { authorization: `Bearer ${token}` } }),
  }) as { id: string };
  const [task] = await until('the task after the checks', async () => {
    const list = await rest(`/task?processInstanceId=${started.id}`) as Array<{ taskDefinitionKey: string }>;
    return list.length ? list : null;
  });
  const vars = await rest(`/process-instance/${started.id}/variables`) as Record<string, { type: string; value: unknown }>;
  return { at: task!.taskDefinitionKey, vars };
}

beforeAll(async () => {
  pki = await testPki();
  server = await startServer({ startHost: true });
  const address = await server.listen();
  base = `${address}/engine-rest`;
  await server.identity.createGroup({ id: 'applicant' }).catch(() => undefined);
  await server.identity.createUser({ id: 'applicant-e2e', iin: pki.iin, kind: 'applicant', password: 'applicant-password' });
  await server.identity.addGroupMember('applicant', 'applicant-e2e');
  const form = new FormData();
  form.append('deployment-name', 'eds-portal');
  form.append('data', new Blob([BPMN], { type: 'application/xml' }), 'eds-portal.bpmn');
  await rest('/deployment/create', { method: 'POST', body: form });
  const logger = { info: (e: string, f?: object) => logLines.push(JSON.stringify({ e, f })), warn: (e: string, f?: object) => logLines.push(JSON.stringify({ e, f })), error: (e: string, f?: object) => logLines.push(JSON.stringify({ e, f })) };
  workers = await startWorkers({
    engineRestUrl: base, auth: { username: 'admin', password: 'admin-secret' },
    modules: [authorize as WorkerModule, edsVerify as WorkerModule],
    ctx: { env: { EDS_TRUST_ROOTS: join(pki.dir, 'ca.pem'), EDS_CRL_FILES: join(pki.dir, 'crl.pem') }, logger },
    asyncResponseTimeout: 1000, interval: 50, retryBackoffMs: 20,
  });
});

afterAll(async () => { await workers?.stop(); await server?.close(); });

describe('authorize + eds-verify-signature through /engine-rest', () => {
  it('a signed-in applicant with a valid ЭЦП reaches процесс 6; the session token does not stay in the process', async () => {
    const login = await fetch(`${base.replace(/\/engine-rest$/, '')}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ iin: pki.iin, password: 'applicant-password' }),
    });
    const { token } = await login.json() as { token: string };
    const signedRequest = await signWith(pki, 'valid', requestXml(pki.iin), { xades: true });
    const { at, vars } = await run({
      authSession: { value: token, type: 'String' },
      applicantIin: { value: pki.iin, type: 'String' },
      signedRequest: { value: signedRequest, type: 'String' },
    }, token);
    expect(at).toBe('accepted');
    expect(vars.authorized!.value).toBe(true);
    expect(vars.signatureValid!.value).toBe(true);
    expect(vars.authorizedUser!.value).toBe('applicant-e2e');
    expect(vars.authSession?.value ?? null).toBeNull();
  });

  it('a forged session ends at процесс 2, a revoked certificate at процесс 5 with the failing check', async () => {
    const refusedAuth = await run({ authSession: { value: 'forged', type: 'String' } });
    expect(refusedAuth.at).toBe('auth-refused');
    expect(String(refusedAuth.vars.authRefusal!.value)).toMatch(/^Отказ в авторизации в ПЭП/);

    const login = await fetch(`${base.replace(/\/engine-rest$/, '')}/api/auth/login`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ iin: pki.iin, password: 'applicant-password' }),
    });
    const { token } = await login.json() as { token: string };
    const refusedSig = await run({
      authSession: { value: token, type: 'String' },
      applicantIin: { value: pki.iin, type: 'String' },
      signedRequest: { value: await signWith(pki, 'revoked', requestXml(pki.iin)), type: 'String' },
    }, token);
    expect(refusedSig.at).toBe('signature-refused');
    expect(String(refusedSig.vars.signatureRefusal!.value)).toMatch(/отозвано/);
    const check = refusedSig.vars.signatureCheck!;
    expect(check.type).toBe('Json');
    expect(JSON.parse(String(check.value))).toMatchObject({ valid: false, check: 'revoked' });
    // The workers' logs never carry the IIN.
    expect(logLines.join('\n')).not.toContain(pki.iin);
  });
});
