// Issue 12 (item 5): on a route without `authorize`, a staff signature failed with «process variable 'signerIin' is
// missing». The server sets `signerIin` from the completing staff user's identity record, never from the client.
import { afterAll, beforeAll, expect } from 'vitest';
import { Feature, Scenario, Given, When, Then, And } from '../../support/scenario.js';
import { modelerDeploy } from '../../api/fixtures/index.js';
import { adminAuth, basic, seedUser, startServer, type TestServer } from '../../support/server.js';
import { OTHER_IIN } from '../../../src/eds/pki.js';
import { requestXml, signWith, testPki, testVerifier } from '../../factories/pki.js';
import { handler } from '../../../workers/eds-verify-signature.js';
import type { TestPki } from '../../../src/eds/pki.js';

const TENANT = 'signer-iin-test';

// A route with no `authorize` step (not from an act: the smallest shape that had the bug).
const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://reglament.kz/test">
  <bpmn:process id="staff-signs" isExecutable="true" camunda:candidateStarterGroups="provider-specialist">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="sign" />
    <bpmn:userTask id="sign" name="процесс 4: подписание ЭЦП специалиста (тест)" camunda:candidateGroups="provider-specialist" />
    <bpmn:sequenceFlow id="f2" sourceRef="sign" targetRef="verify" />
    <bpmn:serviceTask id="verify" name="условие 2: проверка ЭЦП (тест)" camunda:type="external" camunda:topic="eds-verify-signature">
      <bpmn:extensionElements><camunda:properties><camunda:property name="signerRole" value="specialist" /></camunda:properties></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="verify" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

Feature('signerIin of a staff signature comes from the signed-in user (issue 12)', () => {
  let s: TestServer;
  let pki: TestPki;
  let specialist: string;
  let worker: string;
  beforeAll(async () => {
    pki = await testPki();
    s = await startServer();
    await s.identity.ensureRoleGroups();
    await s.identity.createUser({ id: 'spec-1', password: 'spec-1-pw', iin: pki.iin });
    for (const g of ['operator', 'provider-specialist']) {
      if (!(await s.identity.getGroup(g))) await s.identity.createGroup({ id: g });
      await s.identity.addGroupMember(g, 'spec-1');
    }
    await s.identity.createTenant({ id: TENANT });
    await s.identity.addTenantUser(TENANT, 'spec-1');
    specialist = basic('spec-1', 'spec-1-pw');
    worker = await seedUser(s.identity, { id: 'worker-1', roles: ['worker'], tenants: [TENANT] });
    const { body, contentType } = modelerDeploy({ name: 'staff-signs', tenantId: TENANT, files: [{ filename: 'staff-signs.bpmn', content: Buffer.from(BPMN) }] });
    const res = await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(async () => { await s?.close(); });

  const call = async (method: string, url: string, auth: string, payload?: unknown) => {
    const res = await s.app.inject({ method: method as 'GET', url: `/engine-rest${url}`, headers: { authorization: auth }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.statusCode === 204 ? null : res.json();
  };

  Scenario('a specialist completes the signing task on a route without authorize, sending someone else\'s IIN', () => {
    let signedRequest: string;
    let fetched: { variables: Record<string, { value: unknown }> };
    Given('a started instance waiting at the signing task', async () => {
      await call('POST', `/process-definition/key/staff-signs/tenant-id/${TENANT}/start`, specialist, {});
      signedRequest = await signWith(pki, 'valid', requestXml(OTHER_IIN), { xades: true });
    });
    When('the specialist completes it with the signed request and a forged signerIin', async () => {
      const [task] = await call('GET', `/task?processDefinitionKey=staff-signs&tenantIdIn=${TENANT}`, specialist) as { id: string }[];
      await call('POST', `/task/${task.id}/complete`, specialist, {
        variables: { signedRequest: { value: signedRequest, type: 'String' }, signerIin: { value: OTHER_IIN, type: 'String' } },
      });
    });
    Then('the signature check receives the specialist\'s own IIN as signerIin', async () => {
      const [task] = await call('POST', '/external-task/fetchAndLock', worker, {
        workerId: 'w', maxTasks: 1, topics: [{ topicName: 'eds-verify-signature', lockDuration: 10_000, variables: ['signedRequest', 'signerIin', 'authorizedUser'] }],
      }) as typeof fetched[];
      fetched = task;
      expect(fetched.variables.signerIin?.value).toBe(pki.iin);
      expect(fetched.variables.authorizedUser).toBeUndefined();
    });
    And('the worker passes the signature instead of raising the missing-variable incident', async () => {
      const vars = Object.fromEntries(Object.entries(fetched.variables).map(([k, v]) => [k, v.value]));
      const outcome = await handler({ verifier: await testVerifier(pki) })({
        id: 't', topicName: 'eds-verify-signature', processInstanceId: 'p', activityId: 'verify', retries: null, variables: vars, properties: { signerRole: 'specialist' },
      });
      expect(outcome).toMatchObject({ kind: 'complete', variables: { signatureValid: true } });
    });
  });
});
