// The contract tour: every /engine-rest operation this server registers that Camunda 7.15's OpenAPI document also
// describes is called here at least once, and every answer (error bodies included) is validated with ajv against
// that document (test/support/camunda-contract.ts lists its known defects). A route added without a call here fails.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, basic, seedUser, startServer, type TestServer } from '../support/server.js';
import { contractProblems, templateOf } from '../support/camunda-contract.js';
import { fixture, modelerDeploy, multipart } from './fixtures/index.js';

const T = 'shymkent';
let s: TestServer;
let operator: string;
let worker: string;
const problems: string[] = [];
const called = new Set<string>();

interface Answer { statusCode: number; body: string; json(): any }

async function call(method: string, url: string, auth = adminAuth, payload?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await s.app.inject({ method: method as 'GET', url: `/engine-rest${url}`, headers: { authorization: auth, ...headers }, ...(payload !== undefined ? { payload: payload as never } : {}) });
  const path = url.split('?')[0]!;
  const template = templateOf(method, path);
  if (template) called.add(`${method} ${template}`);
  problems.push(...contractProblems(method, path, res.statusCode, res.body, String(res.headers['content-type'] ?? '')));
  return res as unknown as Answer;
}

async function ok(method: string, url: string, auth = adminAuth, payload?: unknown): Promise<any> {
  const res = await call(method, url, auth, payload);
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.statusCode === 204 ? null : res.body.startsWith('{') || res.body.startsWith('[') ? res.json() : res.body;
}

const waitXml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs-api-tour-wait" targetNamespace="http://reglament.test/api">
  <bpmn:process id="api-tour-wait" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="await-answer" />
    <bpmn:receiveTask id="await-answer" name="процесс 4 — ответ ШЭП" messageRef="msg" />
    <bpmn:sequenceFlow id="f2" sourceRef="await-answer" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
  <bpmn:message id="msg" name="tour-answer" />
</bpmn:definitions>`;

beforeAll(async () => {
  s = await startServer();
  operator = await seedUser(s.identity, { id: 'op-shym', roles: ['operator'], groups: ['provider-specialist'], tenants: [T] });
  worker = await seedUser(s.identity, { id: 'w-shym', roles: ['worker'], tenants: [T] });
});
afterAll(async () => { await s.close(); });

describe('every engine-rest operation against Camunda 7.15\'s OpenAPI document', () => {
  let deployment: string;
  let definition: string;

  it('engine, deployments and definitions', async () => {
    await ok('GET', '/engine');
    await ok('GET', '/version');
    const { body, contentType } = modelerDeploy({ name: 'tour', tenantId: T, files: [
      { filename: 'operations.bpmn', content: fixture('operations.bpmn') }, { filename: 'decision.form', content: fixture('decision.form') },
      { filename: 'wait.bpmn', content: Buffer.from(waitXml) },
    ] });
    const created = await call('POST', '/deployment/create', adminAuth, body, { 'content-type': contentType });
    expect(created.statusCode, created.body).toBe(200);
    deployment = created.json().id;
    definition = Object.values(created.json().deployedProcessDefinitions as Record<string, { id: string; key: string }>).find((d) => d.key === 'api-operations')!.id;
    await ok('GET', `/deployment?tenantIdIn=${T}`);
    await ok('GET', '/deployment/count');
    await ok('GET', `/deployment/${deployment}`);
    const [res] = await ok('GET', `/deployment/${deployment}/resources`);
    await ok('GET', `/deployment/${deployment}/resources/${res.id}`);
    await ok('GET', `/deployment/${deployment}/resources/${res.id}/data`);
    await ok('GET', `/process-definition?tenantIdIn=${T}`);
    await ok('GET', '/process-definition/count');
    for (const path of [`/process-definition/${definition}`, '/process-definition/key/api-operations', `/process-definition/key/api-operations/tenant-id/${T}`]) {
      await ok('GET', path);
      await ok('GET', `${path}/xml`);
      await ok('GET', `${path}/startForm`);
      await ok('GET', `${path}/form-variables`);
      expect((await call('GET', `${path}/diagram`)).statusCode).toBe(204);
      if (!path.includes('tenant-id')) await ok('GET', `${path}/statistics`);
    }
    await ok('GET', '/process-definition/statistics');
  });

  let instance: string;
  it('starts, lists and reads instances and their variables', async () => {
    const scan = Buffer.from('%PDF-1.7 заявление').toString('base64');
    for (const [i, path] of [`/process-definition/${definition}`, '/process-definition/key/api-operations', `/process-definition/key/api-operations/tenant-id/${T}`].entries()) {
      const started = await ok('POST', `${path}/start`, adminAuth, { businessKey: `tour-${i}`, variables: { scan: { type: 'File', value: scan, valueInfo: { filename: 'scan.pdf', mimeType: 'application/pdf' } }, prio: { type: 'Integer', value: i } }, withVariablesInReturn: true });
      instance ??= started.id;
    }
    await ok('GET', `/process-instance?businessKey=tour-0`);
    await ok('POST', '/process-instance', adminAuth, { businessKey: 'tour-0' });
    await ok('GET', '/process-instance/count');
    await ok('POST', '/process-instance/count', adminAuth, { tenantIdIn: [T] });
    await ok('GET', `/process-instance/${instance}`);
    await ok('GET', `/process-instance/${instance}/activity-instances`);
    await ok('GET', `/process-instance/${instance}/variables`);
    await ok('PUT', `/process-instance/${instance}/variables/note`, adminAuth, { type: 'String', value: 'x' });
    await ok('GET', `/process-instance/${instance}/variables/note`);
    await ok('POST', `/process-instance/${instance}/variables`, adminAuth, { modifications: { n: { type: 'Integer', value: 1 } }, deletions: ['note'] });
    await ok('DELETE', `/process-instance/${instance}/variables/n`);
    await ok('GET', `/process-instance/${instance}/variables/scan/data`);
    expect((await call('GET', `/process-instance/${instance}/variables/nothing`)).statusCode).toBe(404);
  });

  let extTask: string;
  it('external tasks: fetch, lock, extend, unlock, failure, retries, priority, complete, BPMN error, queries', async () => {
    const [t] = await ok('POST', '/external-task/fetchAndLock', worker, { workerId: 'tour', maxTasks: 1, topics: [{ topicName: 'api-operations-register', lockDuration: 60_000, businessKey: 'tour-0' }] });
    extTask = t.id;
    await ok('GET', `/execution/${instance}/localVariables/scan/data`, worker);
    await ok('GET', `/variable-instance/${encodeURIComponent(`${instance}:scan`)}/data`);
    await ok('POST', `/external-task/${extTask}/extendLock`, worker, { workerId: 'tour', newDuration: 60_000 });
    await ok('POST', `/external-task/${extTask}/unlock`, worker);
    await ok('POST', `/external-task/${extTask}/lock`, worker, { workerId: 'tour', lockDuration: 60_000 });
    await ok('POST', `/external-task/${extTask}/failure`, worker, { workerId: 'tour', errorMessage: 'ГБД ФЛ недоступна', errorDetails: 'timeout', retries: 0, retryTimeout: 0 });
    await ok('GET', `/external-task/${extTask}/errorDetails`);
    await ok('GET', `/incident?processInstanceId=${instance}`);
    await ok('GET', '/incident/count');
    await ok('PUT', `/external-task/${extTask}/retries`, adminAuth, { retries: 1 });
    await ok('PUT', `/external-task/${extTask}/priority`, adminAuth, { priority: 5 });
    await ok('GET', `/external-task?processInstanceId=${instance}`);
    await ok('POST', '/external-task', adminAuth, { processInstanceId: instance });
    await ok('GET', '/external-task/count');
    await ok('POST', '/external-task/count', adminAuth, { topicName: 'api-operations-register' });
    await ok('GET', '/external-task/topic-names');
    await ok('GET', `/external-task/${extTask}`);
    await ok('POST', '/external-task/fetchAndLock', worker, { workerId: 'tour', maxTasks: 1, topics: [{ topicName: 'api-operations-register', lockDuration: 60_000, businessKey: 'tour-0' }] });
    expect((await call('POST', `/external-task/${extTask}/complete`, worker, { workerId: 'intruder' })).statusCode).toBe(400);
    await ok('POST', `/external-task/${extTask}/complete`, worker, { workerId: 'tour', variables: { requestNumber: { type: 'String', value: 'KZ-1' } } });
    const [t2] = await ok('POST', '/external-task/fetchAndLock', worker, { workerId: 'tour', maxTasks: 1, topics: [{ topicName: 'api-operations-register', lockDuration: 60_000, businessKey: 'tour-1' }] });
    await ok('POST', `/external-task/${t2.id}/bpmnError`, worker, { workerId: 'tour', errorCode: 'NOT_MODELLED' });
    expect((await call('GET', `/external-task/${extTask}`)).statusCode).toBe(404);
  });

  it('user tasks: queries, identity links, forms, claim, assignee, variables, complete, submit, BPMN error', async () => {
    const [task] = await ok('GET', `/task?processInstanceId=${instance}`, operator);
    await ok('POST', '/task', operator, { processInstanceId: instance });
    await ok('GET', '/task/count', operator);
    await ok('POST', '/task/count', operator, { candidateGroup: 'provider-specialist' });
    await ok('GET', `/task/${task.id}`, operator);
    await ok('GET', `/task/${task.id}/identity-links`, operator);
    await ok('GET', `/task/${task.id}/form`, operator);
    await ok('GET', `/task/${task.id}/form-variables`, operator);
    expect((await call('GET', `/task/${task.id}/deployed-form`, operator)).statusCode).toBe(404);
    await ok('POST', `/task/${task.id}/claim`, operator, { userId: 'op-shym' });
    await ok('POST', `/task/${task.id}/unclaim`, operator);
    await ok('POST', `/task/${task.id}/assignee`, adminAuth, { userId: 'op-shym' });
    await ok('GET', `/task/${task.id}/variables`, operator);
    await ok('GET', `/task/${task.id}/localVariables`, operator);
    await ok('PUT', `/task/${task.id}/localVariables/draftScan`, operator, { type: 'File', value: Buffer.from('черновик').toString('base64'), valueInfo: { filename: 'draft.txt', mimeType: 'text/plain' } });
    await ok('GET', `/task/${task.id}/localVariables/draftScan`, operator);
    await ok('GET', `/task/${task.id}/localVariables/draftScan/data`, operator);
    const upload = multipart([{ name: 'data', value: Buffer.from('скан'), filename: 'scan.txt', contentType: 'text/plain' }, { name: 'valueType', value: 'Bytes' }]);
    expect((await call('POST', `/task/${task.id}/localVariables/draftScan/data`, operator, upload.body, { 'content-type': upload.contentType })).statusCode).toBe(204);
    await ok('GET', `/task/${task.id}/variables/draftScan/data`, operator);
    await ok('GET', `/task/${task.id}/variables/scan/data`, operator);
    await ok('POST', `/task/${task.id}/localVariables`, operator, { modifications: { note: { type: 'String', value: 'x' } }, deletions: ['draftScan'] });
    await ok('DELETE', `/task/${task.id}/localVariables/note`, operator);
    expect((await call('GET', `/task/${task.id}/localVariables/note`, operator)).statusCode).toBe(404);
    await ok('PUT', `/task/${task.id}/variables/draft`, adminAuth, { type: 'String', value: 'x' });
    await ok('GET', `/task/${task.id}/variables/draft`, operator);
    await ok('POST', `/task/${task.id}/variables`, adminAuth, { modifications: { d: { type: 'Boolean', value: true } } });
    await ok('DELETE', `/task/${task.id}/variables/draft`, adminAuth);
    await ok('POST', `/task/${task.id}/complete`, operator, { variables: { decision: { type: 'String', value: 'issued' } }, withVariablesInReturn: true });
    expect((await call('POST', `/task/${task.id}/complete`, operator, {})).statusCode).toBe(500);
    // the third instance: its user task is submitted, then a BPMN error on a fresh one
    const [t3] = await ok('POST', '/external-task/fetchAndLock', worker, { workerId: 'tour', maxTasks: 1, topics: [{ topicName: 'api-operations-register', lockDuration: 60_000, businessKey: 'tour-2' }] });
    await ok('POST', `/external-task/${t3.id}/complete`, worker, { workerId: 'tour' });
    const [task3] = await ok('GET', '/task?processInstanceBusinessKey=tour-2', operator);
    await ok('POST', `/task/${task3.id}/submit-form`, operator, { variables: { decision: { type: 'String', value: 'refused' } } });
    const i4 = (await ok('POST', `/process-definition/${definition}/start`, adminAuth, { businessKey: 'tour-3' })).id;
    const [t4] = await ok('POST', '/external-task/fetchAndLock', worker, { workerId: 'tour', maxTasks: 1, topics: [{ topicName: 'api-operations-register', lockDuration: 60_000, businessKey: 'tour-3' }] });
    await ok('POST', `/external-task/${t4.id}/complete`, worker, { workerId: 'tour' });
    const [task4] = await ok('GET', `/task?processInstanceId=${i4}`, operator);
    await ok('POST', `/task/${task4.id}/bpmnError`, operator, { errorCode: 'WITHDRAWN', errorMessage: 'отозвано' });
  });

  it('jobs, variable instances, executions, event subscriptions and messages', async () => {
    const i5 = (await ok('POST', `/process-definition/${definition}/start`, adminAuth, { businessKey: 'tour-5' })).id;
    const [t5] = await ok('POST', '/external-task/fetchAndLock', worker, { workerId: 'tour', maxTasks: 1, topics: [{ topicName: 'api-operations-register', lockDuration: 60_000, businessKey: 'tour-5' }] });
    await ok('POST', `/external-task/${t5.id}/complete`, worker, { workerId: 'tour' });
    const [job] = await ok('GET', `/job?processInstanceId=${i5}`);
    await ok('POST', '/job', adminAuth, { processInstanceId: i5 });
    await ok('GET', '/job/count');
    await ok('POST', '/job/count', adminAuth, { timers: true });
    const id = encodeURIComponent(job.id);
    await ok('GET', `/job/${id}`);
    await ok('PUT', `/job/${id}/duedate`, adminAuth, { duedate: null });
    await ok('PUT', `/job/${id}/retries`, adminAuth, { retries: 2 });
    await ok('POST', `/job/${id}/execute`);
    const [vi] = await ok('GET', `/variable-instance?processInstanceIdIn=${i5}`);
    await ok('GET', `/variable-instance/${encodeURIComponent(vi.id)}`);
    const [file] = await ok('GET', `/variable-instance?processInstanceIdIn=${instance}&variableName=scan`);
    expect(file).toBeUndefined(); // the first instance has ended: its variables are history now
    await ok('GET', `/execution/${i5}`);
    await ok('POST', '/variable-instance', adminAuth, { processInstanceIdIn: [i5] });
    await ok('GET', '/variable-instance/count');
    await ok('POST', '/variable-instance/count', adminAuth, {});
    await ok('GET', `/execution?processInstanceId=${i5}`);
    await ok('POST', '/execution', adminAuth, { processInstanceId: i5 });
    await ok('GET', '/execution/count');
    await ok('POST', '/execution/count', adminAuth, {});
    const waiting = (await ok('POST', `/process-definition/key/api-tour-wait/tenant-id/${T}/start`, adminAuth, {})).id;
    await ok('GET', `/event-subscription?processInstanceId=${waiting}`);
    await ok('GET', '/event-subscription/count');
    await ok('POST', '/message', operator, { messageName: 'tour-answer', processInstanceId: waiting, resultEnabled: true });
    await ok('POST', '/signal', operator, { name: 'tour-signal' });
    await ok('DELETE', `/process-instance/${i5}?deleteReason=tour`);
  });

  it('history', async () => {
    await ok('GET', `/history/process-instance?processInstanceId=${instance}`);
    await ok('POST', '/history/process-instance', adminAuth, { processInstanceId: instance });
    await ok('GET', '/history/process-instance/count');
    await ok('POST', '/history/process-instance/count', adminAuth, {});
    await ok('GET', `/history/process-instance/${instance}`);
    await ok('GET', `/history/activity-instance?processInstanceId=${instance}`);
    await ok('GET', '/history/activity-instance/count');
    const [log] = await ok('GET', `/history/external-task-log?processInstanceId=${instance}&failureLog=true`);
    await ok('POST', '/history/external-task-log', adminAuth, { processInstanceId: instance });
    await ok('GET', '/history/external-task-log/count');
    await ok('POST', '/history/external-task-log/count', adminAuth, { successLog: true });
    await ok('GET', `/history/external-task-log/${log.id}`);
    await ok('GET', `/history/external-task-log/${log.id}/error-details`);
    expect((await call('GET', '/history/external-task-log/nothing')).statusCode).toBe(404);
  });

  it('authorizations: read, counted, checked; writing refused with the reason', async () => {
    const [a] = await ok('GET', '/authorization?groupIdIn=operator');
    await ok('GET', '/authorization/count');
    await ok('GET', `/authorization/${a.id}`);
    await ok('OPTIONS', '/authorization');
    await ok('OPTIONS', `/authorization/${a.id}`);
    await ok('GET', '/authorization/check?permissionName=READ&resourceName=Task&resourceType=7', operator);
    expect((await call('POST', '/authorization/create', adminAuth, { type: 1, permissions: ['READ'], groupId: 'operator', resourceType: 7, resourceId: '*' })).statusCode).toBe(400);
    expect((await call('PUT', `/authorization/${a.id}`, adminAuth, { permissions: ['READ'] })).statusCode).toBe(400);
    expect((await call('DELETE', `/authorization/${a.id}`, adminAuth)).statusCode).toBe(400);
  });

  it('identity: users, groups, tenants, memberships, verification', async () => {
    await ok('POST', '/user/create', adminAuth, { profile: { id: 'tour-user', firstName: 'Айгерим', lastName: 'Сапарова', email: 'a@example.kz' }, credentials: { password: 'tour-user-pw' } });
    await ok('GET', '/user');
    await ok('GET', '/user/count');
    await ok('GET', '/user/tour-user/profile');
    await ok('PUT', '/user/tour-user/credentials', adminAuth, { password: 'tour-user-pw2', authenticatedUserPassword: 'admin-secret' });
    await ok('POST', '/identity/verify', adminAuth, { username: 'tour-user', password: 'tour-user-pw2' });
    await ok('POST', '/group/create', adminAuth, { id: 'tour-group', name: 'Тур', type: 'WORKFLOW' });
    expect((await call('POST', '/group/create', adminAuth, { id: 'tour-group' })).statusCode).toBe(500);
    await ok('GET', '/group');
    await ok('GET', '/group/count');
    await ok('GET', '/group/tour-group');
    await ok('PUT', '/group/tour-group/members/tour-user');
    await ok('GET', '/identity/groups?userId=tour-user', basic('tour-user', 'tour-user-pw2'));
    await ok('DELETE', '/group/tour-group/members/tour-user');
    await ok('POST', '/tenant/create', adminAuth, { id: 'tour-tenant', name: 'Тур' });
    await ok('GET', '/tenant');
    await ok('GET', '/tenant/count');
    await ok('GET', '/tenant/tour-tenant');
    await ok('PUT', '/tenant/tour-tenant/user-members/tour-user');
    await ok('DELETE', '/tenant/tour-tenant/user-members/tour-user');
    await ok('PUT', '/tenant/tour-tenant/group-members/tour-group');
    await ok('DELETE', '/tenant/tour-tenant/group-members/tour-group');
    await ok('DELETE', '/tenant/tour-tenant');
    await ok('DELETE', '/group/tour-group');
    await ok('DELETE', '/user/tour-user');
  });

  it('deleting the deployment: refused while instances run, then with cascade', async () => {
    await ok('POST', `/process-definition/${definition}/start`, adminAuth, { businessKey: 'tour-last' });
    expect((await call('DELETE', `/deployment/${deployment}`)).statusCode).toBe(500);
    await ok('DELETE', `/deployment/${deployment}?cascade=true`);
    // the cascade takes the instances' history with them, their external task log included
    expect(await ok('GET', `/history/external-task-log?processInstanceId=${instance}`)).toEqual([]);
  });

  it('every operation Camunda documents and this server registers was called, and every answer conforms', () => {
    const registered = s.app.registeredRoutes.filter((r) => r.url.startsWith('/engine-rest/') && r.method !== 'HEAD')
      .map((r) => ({ method: String(r.method), template: templateOf(String(r.method), r.url.slice('/engine-rest'.length).replace(/:[\w-]+/g, 'x')) }))
      .filter((r): r is { method: string; template: string } => Boolean(r.template));
    expect(registered.length).toBeGreaterThan(120);
    expect(registered.filter((r) => !called.has(`${r.method} ${r.template}`)).map((r) => `${r.method} ${r.template}`)).toEqual([]);
    expect(problems).toEqual([]);
  });
});
