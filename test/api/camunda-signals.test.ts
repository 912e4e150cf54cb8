// POST /signal, POST /message to a message start event and GET /event-subscription over HTTP, with Camunda's status
// codes and DTOs: every answer, error bodies included, is validated against Camunda's OpenAPI document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, seedUser, startServer, type TestServer } from '../support/server.js';
import { dialects } from '../support/databases.js';
import { contractProblems, templateOf } from '../support/camunda-contract.js';
import { modelerDeploy } from './fixtures/index.js';

const A = 'ulytau';
const B = 'abay';
const NS = 'xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="http://reglament.test"';

const catcher = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions id="d-sig" ${NS}>
  <bpmn:process id="api-signal-wait" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="await-docs" />
    <bpmn:intermediateCatchEvent id="await-docs" name="процесс 5 — документы готовы"><bpmn:signalEventDefinition signalRef="sig-docs" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="await-docs" targetRef="issue" />
    <bpmn:userTask id="issue" />
  </bpmn:process>
  <bpmn:signal id="sig-docs" name="documents-ready" />
</bpmn:definitions>`;

const starter = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions id="d-msg" ${NS}>
  <bpmn:process id="api-message-start" isExecutable="true">
    <bpmn:startEvent id="on-application"><bpmn:messageEventDefinition messageRef="msg-app" /></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="on-application" targetRef="register" />
    <bpmn:userTask id="register" />
    <bpmn:startEvent id="on-docs"><bpmn:signalEventDefinition signalRef="sig-docs" /></bpmn:startEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="on-docs" targetRef="register" />
  </bpmn:process>
  <bpmn:message id="msg-app" name="application-received" />
  <bpmn:signal id="sig-docs" name="documents-ready" />
</bpmn:definitions>`;

describe.each(dialects)('signals and message starts over engine-rest on %s', (dialect) => {
  let s: TestServer;
  let operatorA: string;
  let operatorB: string;
  const problems: string[] = [];

  async function call(method: string, url: string, auth = adminAuth, payload?: unknown) {
    const res = await s.app.inject({ method: method as 'GET', url: `/engine-rest${url}`, headers: { authorization: auth }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
    const path = url.split('?')[0]!;
    if (templateOf(method, path)) problems.push(...contractProblems(method, path, res.statusCode, res.body, String(res.headers['content-type'] ?? '')));
    return res;
  }
  async function ok(method: string, url: string, auth = adminAuth, payload?: unknown): Promise<any> {
    const res = await call(method, url, auth, payload);
    if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.statusCode === 204 ? null : res.json();
  }
  async function deploy(tenant: string, name: string, xml: string): Promise<void> {
    const { body, contentType } = modelerDeploy({ name, tenantId: tenant, files: [{ filename: `${name}.bpmn`, content: Buffer.from(xml) }] });
    const res = await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body });
    expect(res.statusCode, res.body).toBe(200);
  }

  beforeAll(async () => {
    s = await startServer({ dialect });
    operatorA = await seedUser(s.identity, { id: 'op-ulytau', roles: ['operator'], groups: ['provider-specialist'], tenants: [A] });
    operatorB = await seedUser(s.identity, { id: 'op-abay', roles: ['operator'], groups: ['provider-specialist'], tenants: [B] });
    for (const t of [A, B]) { await deploy(t, 'signal-wait', catcher); await deploy(t, 'message-start', starter); }
  });
  afterAll(async () => { await s?.close(); });

  it('GET /event-subscription lists signal catches of instances and start events of definitions, tenant-scoped', async () => {
    const instance = (await ok('POST', `/process-definition/key/api-signal-wait/tenant-id/${A}/start`, adminAuth, {})).id;
    const mine = await ok('GET', `/event-subscription?eventType=signal&processInstanceId=${instance}`, operatorA);
    expect(mine).toEqual([expect.objectContaining({ eventType: 'signal', eventName: 'documents-ready', processInstanceId: instance, activityId: 'await-docs', tenantId: A })]);
    expect(mine[0].executionId).toBeTruthy();
    const starts = await ok('GET', '/event-subscription?activityId=on-application', operatorA);
    expect(starts).toEqual([expect.objectContaining({ eventType: 'message', eventName: 'application-received', executionId: null, processInstanceId: null, tenantId: A })]);
    expect(await ok('GET', `/event-subscription?processInstanceId=${instance}`, operatorB)).toEqual([]);
    expect(await ok('GET', '/event-subscription/count?eventType=signal&eventName=documents-ready', operatorA)).toEqual({ count: 2 });
  });

  it('POST /signal reaches the caller\'s tenant only, starts the signal start definition there, and delivers to one execution by executionId', async () => {
    const a = (await ok('POST', `/process-definition/key/api-signal-wait/tenant-id/${A}/start`, adminAuth, {})).id;
    const b = (await ok('POST', `/process-definition/key/api-signal-wait/tenant-id/${B}/start`, adminAuth, {})).id;
    const startsBefore = (await ok('GET', `/process-instance/count?processDefinitionKey=api-message-start`)).count;
    expect((await call('POST', '/signal', operatorA, { name: 'documents-ready', variables: { docs: { type: 'Integer', value: 3 } } })).statusCode).toBe(204);
    expect((await ok('GET', `/task?processInstanceId=${a}`)).map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)).toEqual(['issue']);
    expect(await ok('GET', `/process-instance/${a}/variables/docs`)).toMatchObject({ type: 'Integer', value: 3 });
    expect(await ok('GET', `/task?processInstanceId=${b}`)).toEqual([]);
    const started = await ok('GET', `/process-instance?processDefinitionKey=api-message-start`);
    expect(started.length).toBe(startsBefore + 1);
    expect(started.every((i: { tenantId: string }) => i.tenantId === A)).toBe(true);

    const [sub] = await ok('GET', `/event-subscription?processInstanceId=${b}`, operatorB);
    const wrong = await call('POST', '/signal', operatorB, { name: 'another-signal', executionId: sub.executionId });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json()).toMatchObject({ type: 'InvalidRequestException', message: expect.stringMatching(/has not subscribed/) });
    // another akimat's execution is not found for the caller
    expect((await call('POST', '/signal', operatorA, { name: 'documents-ready', executionId: sub.executionId })).statusCode).toBe(400);
    expect((await call('POST', '/signal', operatorB, { name: 'documents-ready', executionId: sub.executionId })).statusCode).toBe(204);
    expect((await ok('GET', `/task?processInstanceId=${b}`)).map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)).toEqual(['issue']);
  });

  it('POST /message starts the latest definition at its message start event, answers resultType ProcessDefinition, and refuses an ambiguous one', async () => {
    const res = await ok('POST', '/message', operatorA, { messageName: 'application-received', businessKey: 'app-1', processVariables: { iin: { type: 'String', value: 'x' } }, resultEnabled: true, variablesInResultEnabled: true });
    expect(res).toHaveLength(1);
    expect(res[0]).toMatchObject({ resultType: 'ProcessDefinition', execution: null, processInstance: { businessKey: 'app-1', tenantId: A, ended: false } });
    expect(res[0].variables.iin).toMatchObject({ value: 'x' });
    expect((await ok('GET', `/task?processInstanceId=${res[0].processInstance.id}`)).map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)).toEqual(['register']);
    // the administrator sees both akimats' definitions: ambiguous without a tenant
    const amb = await call('POST', '/message', adminAuth, { messageName: 'application-received' });
    expect(amb.statusCode).toBe(400);
    expect(amb.json()).toMatchObject({ type: 'RestException', message: expect.stringMatching(/^org\.camunda\.bpm\.engine\.MismatchingMessageCorrelationException: Cannot correlate message 'application-received'/) });
    expect((await call('POST', '/message', adminAuth, { messageName: 'application-received', tenantId: B })).statusCode).toBe(204);
    const none = await call('POST', '/message', adminAuth, { messageName: 'nobody-waits' });
    expect(none.statusCode).toBe(400);
    // a definition with two message/signal start events and no none start cannot be started by key
    expect((await call('POST', `/process-definition/key/api-message-start/tenant-id/${A}/start`, adminAuth, {})).statusCode).toBe(500);
  });

  it('every answer matched Camunda\'s OpenAPI document', () => {
    expect(problems).toEqual([]);
  });
});
