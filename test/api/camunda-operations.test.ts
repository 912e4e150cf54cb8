// The engine-rest operations Camunda clients call beyond the worker path (tasklists, Cockpit-like tools, scripts), each
// answered with Camunda's paths, status codes and DTOs: every response here, error bodies included, is validated with
// ajv against Camunda's own OpenAPI document (test/support/camunda-contract.ts), and each operation keeps the
// authentication, permission and tenant isolation of the routes beside it.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, seedUser, startServer, type TestServer } from '../support/server.js';
import { dialects } from '../support/databases.js';
import { contractProblems, templateOf } from '../support/camunda-contract.js';
import { fixture, modelerDeploy, multipart } from './fixtures/index.js';

const A = 'ulytau';
const B = 'abay';
let s: TestServer;
let operatorA: string;
let operatorB: string;
let otherGroup: string;
let auditorA: string;
let adminA: string;
let adminB: string;
let deploymentA: string;
let definitionA: string;
const problems: string[] = [];
const covered = new Set<string>();
/** `METHOD /path` of every call, for the check that each operation docs/api.md lists was exercised. */
const calls: string[] = [];

interface Answer { statusCode: number; body: string; json(): any; headers: Record<string, unknown> }

/** One engine-rest call; its answer is checked against Camunda's document whatever the test then asserts. */
async function call(method: string, url: string, auth = adminAuth, payload?: unknown): Promise<Answer> {
  const res = await s.app.inject({ method: method as 'GET', url: `/engine-rest${url}`, headers: { authorization: auth }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
  const path = url.split('?')[0]!;
  calls.push(`${method} ${path}`);
  const template = templateOf(method, path);
  if (template) covered.add(`${method} ${template}`);
  if (template && res.statusCode !== 401) problems.push(...contractProblems(method, path, res.statusCode, res.body, String(res.headers['content-type'] ?? '')));
  return res as unknown as Answer;
}

async function ok(method: string, url: string, auth = adminAuth, payload?: unknown): Promise<any> {
  const res = await call(method, url, auth, payload);
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.statusCode === 204 ? null : res.json();
}

async function deploy(tenant: string): Promise<{ deployment: string; definition: string }> {
  const { body, contentType } = modelerDeploy({ name: 'operations', tenantId: tenant, files: [
    { filename: 'operations.bpmn', content: fixture('operations.bpmn') }, { filename: 'decision.form', content: fixture('decision.form') },
  ] });
  const res = await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body });
  expect(res.statusCode, res.body).toBe(200);
  const dto = res.json();
  return { deployment: dto.id, definition: Object.keys(dto.deployedProcessDefinitions)[0]! };
}

/** An instance of tenant `tenant` past its external task, waiting in the user task `review`. */
async function reviewTask(tenant: string, businessKey: string): Promise<{ instance: string; task: string }> {
  const instance = (await ok('POST', `/process-definition/key/api-operations/tenant-id/${tenant}/start`, adminAuth, {
    businessKey, variables: { applicantIin: { type: 'String', value: '870412300415' }, children: { type: 'Integer', value: 2 } },
  })).id;
  const [t] = await ok('POST', '/external-task/fetchAndLock', adminAuth, { workerId: 'ops', maxTasks: 1, topics: [{ topicName: 'api-operations-register', lockDuration: 60_000, businessKey }] });
  await ok('POST', `/external-task/${t.id}/complete`, adminAuth, { workerId: 'ops', variables: { requestNumber: { type: 'String', value: `KZ-${businessKey}` } } });
  const [task] = await ok('GET', `/task?processInstanceId=${instance}`);
  return { instance, task: task.id };
}

// Each operation runs on SQLite and on PostgreSQL (REGLAMENT_TEST_DIALECTS), as the store's own suites do.
for (const dialect of dialects) describe(dialect, () => {
  beforeAll(async () => {
    s = await startServer({ dialect });
    operatorA = await seedUser(s.identity, { id: 'op-ulytau', roles: ['operator'], groups: ['provider-specialist'], tenants: [A] });
    operatorB = await seedUser(s.identity, { id: 'op-abay', roles: ['operator'], groups: ['provider-specialist'], tenants: [B] });
    otherGroup = await seedUser(s.identity, { id: 'op-con', roles: ['operator'], groups: ['con-operator'], tenants: [A] });
    auditorA = await seedUser(s.identity, { id: 'aud-ulytau', roles: ['auditor'], tenants: [A] });
    adminA = await seedUser(s.identity, { id: 'adm-a-ulytau', roles: ['admin'], tenants: [A] });
    adminB = await seedUser(s.identity, { id: 'adm-abay', roles: ['admin'], tenants: [B] });
    ({ deployment: deploymentA, definition: definitionA } = await deploy(A));
    await deploy(B);
  });

  afterAll(async () => {
    await s.close();
  });

  describe('engine-rest operations against Camunda 7.15\'s OpenAPI document', () => {
    it('POST /external-task/count counts with the body\'s filters; an unknown field is refused', async () => {
      await ok('POST', `/process-definition/key/api-operations/tenant-id/${A}/start`, adminAuth, { businessKey: 'count-1' });
      await ok('POST', `/process-definition/key/api-operations/tenant-id/${A}/start`, adminAuth, { businessKey: 'count-2' });
      await ok('POST', `/process-definition/key/api-operations/tenant-id/${B}/start`, adminAuth, { businessKey: 'count-3' });
      expect(await ok('POST', '/external-task/count', adminAuth, { topicName: 'api-operations-register', tenantIdIn: [A] })).toEqual({ count: 2 });
      expect(await ok('POST', '/external-task/count', adminAuth, { topicName: 'api-operations-register' })).toEqual({ count: 3 });
      expect(await ok('POST', '/external-task/count', operatorA, { topicName: 'api-operations-register' })).toEqual({ count: 2 });
      const bad = await call('POST', '/external-task/count', adminAuth, { topic: 'x' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().message).toMatch(/'topic'/);
    });

    it('task variables: read, set, delete and modify the instance\'s variables through the task; no task-local ones', async () => {
      const { instance, task } = await reviewTask(A, 'vars');
      const all = await ok('GET', `/task/${task}/variables`, operatorA);
      expect(all.applicantIin).toMatchObject({ type: 'String', value: '870412300415' });
      expect(all.requestNumber).toMatchObject({ type: 'String', value: 'KZ-vars' });
      expect(await ok('GET', `/task/${task}/variables/children`, operatorA)).toMatchObject({ type: 'Integer', value: 2 });
      const missing = await call('GET', `/task/${task}/variables/nothing`, operatorA);
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ type: 'InvalidRequestException', message: 'task variable with name nothing does not exist' });

      expect((await call('PUT', `/task/${task}/variables/decisionDraft`, adminAuth, { type: 'String', value: 'выдать' })).statusCode).toBe(204);
      expect((await ok('GET', `/process-instance/${instance}/variables/decisionDraft`)).value).toBe('выдать');
      expect((await call('POST', `/task/${task}/variables`, adminA, { modifications: { reviewed: { type: 'Boolean', value: true } }, deletions: ['decisionDraft'] })).statusCode).toBe(204);
      const after = await ok('GET', `/process-instance/${instance}/variables`);
      expect(after.reviewed).toMatchObject({ type: 'Boolean', value: true });
      expect(after).not.toHaveProperty('decisionDraft');
      expect((await call('DELETE', `/task/${task}/variables/reviewed`, adminAuth)).statusCode).toBe(204);
      expect(await ok('GET', `/process-instance/${instance}/variables`)).not.toHaveProperty('reviewed');
      expect(await ok('GET', `/task/${task}/localVariables`, operatorA)).toEqual({});

      // who may: an operator of another group does not see the task, one of another akimat neither, an auditor reads
      // only; writing is instances:write (an operator changes variables by completing the task), never across akimats
      expect((await call('GET', `/task/${task}/variables`, otherGroup)).statusCode).toBe(404);
      expect((await call('GET', `/task/${task}/variables`, operatorB)).statusCode).toBe(404);
      expect((await call('GET', `/task/${task}/variables`, auditorA)).statusCode).toBe(200);
      expect((await call('PUT', `/task/${task}/variables/x`, auditorA, { type: 'String', value: 'y' })).statusCode).toBe(403);
      expect((await call('PUT', `/task/${task}/variables/initiator`, operatorA, { type: 'String', value: 'someone-else' })).statusCode).toBe(403);
      expect((await call('POST', `/task/${task}/variables`, operatorA, { modifications: { initiator: { type: 'String', value: 'x' } } })).statusCode).toBe(403);
      expect((await call('PUT', `/task/${task}/variables/x`, adminB, { type: 'String', value: 'y' })).statusCode).toBe(404);
      expect((await call('DELETE', `/task/${task}/variables/children`, adminB)).statusCode).toBe(404);
      expect((await call('GET', `/task/${task}/variables`, 'Basic bm9ib2R5Om5vcGU=')).statusCode).toBe(401);
    });

    it('forms: GET /task/{id}/form, the start form and form variables by id, by key and by key and tenant', async () => {
      const { task } = await reviewTask(A, 'forms');
      expect(await ok('GET', `/task/${task}/form`, operatorA)).toEqual({ key: 'camunda-forms:deployment:decision.form', contextPath: null, camundaFormRef: null });
      const form = { key: null, contextPath: null, camundaFormRef: { key: 'api-decision', binding: 'deployment', version: null } };
      expect(await ok('GET', `/process-definition/${definitionA}/startForm`, operatorA)).toEqual(form);
      expect(await ok('GET', '/process-definition/key/api-operations/startForm', operatorA)).toEqual(form);
      expect(await ok('GET', `/process-definition/key/api-operations/tenant-id/${A}/startForm`, operatorA)).toEqual(form);
      expect(await ok('GET', `/process-definition/${definitionA}/form-variables`, operatorA)).toEqual({});
      expect(await ok('GET', '/process-definition/key/api-operations/form-variables', operatorA)).toEqual({});
      expect(await ok('GET', `/process-definition/key/api-operations/tenant-id/${A}/form-variables`, operatorA)).toEqual({});
      expect((await call('GET', `/process-definition/key/api-operations/tenant-id/${A}/startForm`, operatorB)).statusCode).toBe(404);
    });

    it('GET /deployment/{id}/resources/{resourceId} and its /data', async () => {
      const resources = await ok('GET', `/deployment/${deploymentA}/resources`, operatorA);
      const bpmn = resources.find((r: { name: string }) => r.name === 'operations.bpmn');
      expect(await ok('GET', `/deployment/${deploymentA}/resources/${bpmn.id}`, operatorA)).toEqual({ id: bpmn.id, name: 'operations.bpmn', deploymentId: deploymentA });
      const data = await call('GET', `/deployment/${deploymentA}/resources/${bpmn.id}/data`, operatorA);
      expect(data.body).toContain('id="api-operations"');
      expect((await call('GET', `/deployment/${deploymentA}/resources/${bpmn.id}`, operatorB)).statusCode).toBe(404);
      expect((await call('GET', `/deployment/${deploymentA}/resources/no-such-resource`, operatorA)).statusCode).toBe(404);
    });

    it('GET /history/task and /history/task/count: waiting and completed user tasks, tenant-scoped', async () => {
      const { instance, task } = await reviewTask(A, 'hist-task');
      await ok('POST', `/task/${task}/claim`, operatorA, { userId: 'op-ulytau' });
      const [open] = await ok('GET', `/history/task?processInstanceId=${instance}`, auditorA);
      expect(open).toMatchObject({ id: task, taskDefinitionKey: 'review', name: 'процесс 3 — рассмотрение', endTime: null, deleteReason: null, assignee: 'op-ulytau', tenantId: A });
      await ok('POST', `/task/${task}/complete`, operatorA, {});
      const [done] = await ok('GET', `/history/task?taskId=${task}&finished=true`, auditorA);
      expect(done).toMatchObject({ id: task, deleteReason: 'completed', assignee: 'op-ulytau' });
      expect(done.duration).toBeGreaterThanOrEqual(0);
      expect(await ok('GET', `/history/task/count?processInstanceId=${instance}&unfinished=true`, auditorA)).toEqual({ count: 0 });
      expect(await ok('GET', `/history/task/count?processInstanceId=${instance}`, auditorA)).toEqual({ count: 1 });
      expect(await ok('GET', `/history/task?processInstanceId=${instance}`, operatorB)).toEqual([]);
      expect((await call('GET', '/history/task?candidateGroup=x', auditorA)).statusCode).toBe(400);
    });

    it('POST /history/process-instance filters in the body, pages in the query', async () => {
      const { instance } = await reviewTask(A, 'hist-post');
      const found = await ok('POST', '/history/process-instance?maxResults=5', auditorA, { processInstanceId: instance });
      expect(found.map((h: { id: string }) => h.id)).toEqual([instance]);
      expect(await ok('POST', '/history/process-instance/count', auditorA, { processInstanceId: instance })).toEqual({ count: 1 });
      expect(await ok('POST', '/history/process-instance', operatorB, { processInstanceId: instance })).toEqual([]);
      expect((await call('POST', '/history/process-instance', auditorA, { processInstanceIdx: instance })).statusCode).toBe(400);
    });

    it('GET /tenant/count counts the tenants the caller sees', async () => {
      expect(await ok('GET', '/tenant/count')).toEqual({ count: 2 });
      expect(await ok('GET', '/tenant/count', operatorA)).toEqual({ count: 1 });
      expect(await ok('GET', `/tenant/count?id=${B}`, operatorA)).toEqual({ count: 0 });
    });
  });

  describe('event subscriptions and diagrams', () => {
    it('GET /event-subscription and /count list the messages instances wait for', async () => {
      const xml = `<?xml version="1.0" encoding="UTF-8"?>
  <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs-api-wait" targetNamespace="http://reglament.test/api">
    <bpmn:process id="api-wait" isExecutable="true">
      <bpmn:startEvent id="start" />
      <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="await-answer" />
      <bpmn:receiveTask id="await-answer" name="процесс 4 — ответ ШЭП" messageRef="msg-answer" />
      <bpmn:sequenceFlow id="f2" sourceRef="await-answer" targetRef="end" />
      <bpmn:endEvent id="end" />
    </bpmn:process>
    <bpmn:message id="msg-answer" name="shep-answer" />
  </bpmn:definitions>`;
      const { body, contentType } = modelerDeploy({ name: 'wait', tenantId: A, files: [{ filename: 'wait.bpmn', content: Buffer.from(xml) }] });
      expect((await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body })).statusCode).toBe(200);
      const instance = (await ok('POST', `/process-definition/key/api-wait/tenant-id/${A}/start`, adminAuth, {})).id;
      const [sub] = await ok('GET', `/event-subscription?processInstanceId=${instance}`, operatorA);
      expect(sub).toMatchObject({ eventType: 'message', eventName: 'shep-answer', processInstanceId: instance, activityId: 'await-answer', tenantId: A });
      expect(await ok('GET', `/event-subscription/count?eventName=shep-answer&eventType=message`, operatorA)).toEqual({ count: 1 });
      expect(await ok('GET', `/event-subscription/count?eventType=signal`, operatorA)).toEqual({ count: 0 });
      expect(await ok('GET', `/event-subscription?processInstanceId=${instance}`, operatorB)).toEqual([]);
      await ok('POST', '/message', adminAuth, { messageName: 'shep-answer', processInstanceId: instance });
      expect(await ok('GET', `/event-subscription?processInstanceId=${instance}`, operatorA)).toEqual([]);
    });

    it('statistics: per definition its running instances and incidents, per activity where they are', async () => {
      const { instance } = await reviewTask(A, 'stats');
      await ok('POST', `/process-definition/key/api-operations/tenant-id/${A}/start`, adminAuth, { businessKey: 'stats-failing' });
      const [t] = await ok('POST', '/external-task/fetchAndLock', adminAuth, { workerId: 'stats', maxTasks: 1, topics: [{ topicName: 'api-operations-register', lockDuration: 60_000, businessKey: 'stats-failing' }] });
      await ok('POST', `/external-task/${t.id}/failure`, adminAuth, { workerId: 'stats', errorMessage: 'ГБД ФЛ недоступна', retries: 0 });
      const running = (await ok('GET', `/process-instance/count?processDefinitionId=${definitionA}`)).count;
      const all = await ok('GET', '/process-definition/statistics?incidents=true', operatorA);
      const mine = all.find((x: { id: string }) => x.id === definitionA);
      expect(mine).toMatchObject({ instances: running, failedJobs: 0, definition: { id: definitionA, key: 'api-operations', tenantId: A } });
      expect(mine.incidents).toEqual([{ incidentType: 'failedExternalTask', incidentCount: 1 }]);
      expect(all.every((x: { definition: { tenantId: string | null } }) => x.definition.tenantId !== B)).toBe(true);
      expect((await ok('GET', '/process-definition/statistics', operatorA)).find((x: { id: string }) => x.id === definitionA).incidents).toEqual([]);

      const acts = await ok('GET', `/process-definition/${definitionA}/statistics?incidentsForType=failedExternalTask`, operatorA);
      const register = acts.find((x: { id: string }) => x.id === 'register');
      expect(register.incidents).toEqual([{ incidentType: 'failedExternalTask', incidentCount: 1 }]);
      expect(acts.find((x: { id: string }) => x.id === 'review').instances).toBeGreaterThanOrEqual(1);
      expect(await ok('GET', '/process-definition/key/api-operations/statistics', operatorA)).toHaveLength(acts.length);
      expect((await call('GET', `/process-definition/${definitionA}/statistics`, operatorB)).statusCode).toBe(404);
      expect(instance).toBeTruthy();
    });

    it('POST /signal: a broadcast nobody waits for answers 204; one execution that cannot have subscribed answers 400', async () => {
      expect((await call('POST', '/signal', operatorA, { name: 'документы-готовы', variables: { x: { type: 'String', value: 'y' } } })).statusCode).toBe(204);
      const one = await call('POST', '/signal', operatorA, { name: 'документы-готовы', executionId: 'no-such-execution' });
      expect(one.statusCode).toBe(400);
      expect(one.json().message).toMatch(/has not subscribed/);
      expect((await call('POST', '/signal', operatorA, {})).statusCode).toBe(400);
      expect((await call('POST', '/signal', auditorA, { name: 'x' })).statusCode).toBe(403);
    });

    it('GET /process-definition/{id}/diagram answers 204: no diagram image is deployed', async () => {
      expect((await call('GET', `/process-definition/${definitionA}/diagram`, operatorA)).statusCode).toBe(204);
      expect((await call('GET', '/process-definition/key/api-operations/diagram', operatorA)).statusCode).toBe(204);
      expect((await call('GET', `/process-definition/key/api-operations/tenant-id/${A}/diagram`, operatorA)).statusCode).toBe(204);
      expect((await call('GET', `/process-definition/${definitionA}/diagram`, operatorB)).statusCode).toBe(404);
    });
  });

  describe('identity: DELETE /group/{id} and /tenant/{id}', () => {
    it('a global administrator deletes a group (its members lose it) and a tenant; role groups stay; others may not', async () => {
      const member = await seedUser(s.identity, { id: 'u-del', roles: ['operator'], groups: ['g-del'], tenants: [A] });
      const tenantAdmin = await seedUser(s.identity, { id: 'adm-ulytau', roles: ['admin'], tenants: [A] });
      expect((await ok('GET', '/identity/groups?userId=u-del', member)).groups.map((g: { id: string }) => g.id)).toContain('g-del');
      expect((await call('DELETE', '/group/g-del', tenantAdmin)).statusCode).toBe(403);
      expect((await call('DELETE', '/group/g-del', operatorA)).statusCode).toBe(403);
      expect((await call('DELETE', '/group/g-del')).statusCode).toBe(204);
      expect((await call('GET', '/group/g-del')).statusCode).toBe(404);
      expect((await ok('GET', '/identity/groups?userId=u-del', member)).groups.map((g: { id: string }) => g.id)).not.toContain('g-del');
      expect((await call('DELETE', '/group/g-del')).statusCode).toBe(404);
      const role = await call('DELETE', '/group/operator');
      expect(role.statusCode).toBe(400);
      expect(role.json().message).toMatch(/role group/);

      expect((await call('POST', '/tenant/create', adminAuth, { id: 'tmp-akimat', name: 'Временный' })).statusCode).toBe(204);
      expect((await call('DELETE', '/tenant/tmp-akimat', tenantAdmin)).statusCode).toBe(403);
      expect((await call('DELETE', '/tenant/tmp-akimat')).statusCode).toBe(204);
      expect((await call('GET', '/tenant/tmp-akimat')).statusCode).toBe(404);
      expect((await call('DELETE', '/tenant/tmp-akimat')).statusCode).toBe(404);
    });
  });

  describe('runtime views: activity instances, jobs, variable instances, executions', () => {
    it('GET /process-instance/{id}/activity-instances: the instance at the root, the activity it waits in below', async () => {
      const { instance, task } = await reviewTask(A, 'tree');
      const tree = await ok('GET', `/process-instance/${instance}/activity-instances`, operatorA);
      expect(tree).toMatchObject({ id: instance, parentActivityInstanceId: null, activityType: 'processDefinition', processInstanceId: instance, processDefinitionId: definitionA });
      expect(tree.childActivityInstances).toHaveLength(1);
      expect(tree.childActivityInstances[0]).toMatchObject({ id: task, parentActivityInstanceId: instance, activityId: 'review', activityType: 'userTask', activityName: 'процесс 3 — рассмотрение', executionIds: [task] });
      expect((await call('GET', `/process-instance/${instance}/activity-instances`, operatorB)).statusCode).toBe(404);
      await ok('POST', `/task/${task}/complete`, operatorA, {});
      expect((await call('GET', `/process-instance/${instance}/activity-instances`, operatorA)).statusCode).toBe(404);
    });

    it('jobs are the timers: listed, counted, read, moved, executed (the boundary fires), retries as timers have them', async () => {
      const before = Date.now();
      const { instance } = await reviewTask(A, 'jobs');
      const [job] = await ok('GET', `/job?processInstanceId=${instance}`, operatorA);
      expect(job).toMatchObject({ processInstanceId: instance, processDefinitionId: definitionA, processDefinitionKey: 'api-operations', tenantId: A, suspended: false, retries: 3 });
      const due = new Date(job.dueDate.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')).getTime();
      expect(due).toBeGreaterThanOrEqual(before + 3_600_000 - 1000);
      expect(await ok('GET', `/job/count?processInstanceId=${instance}&timers=true`, operatorA)).toEqual({ count: 1 });
      expect(await ok('GET', `/job/count?processInstanceId=${instance}&messages=true`, operatorA)).toEqual({ count: 0 });
      expect(await ok('GET', `/job/count?processInstanceId=${instance}&executable=true`, operatorA)).toEqual({ count: 0 });
      expect(await ok('GET', `/job?processInstanceId=${instance}`, operatorB)).toEqual([]);
      const id = encodeURIComponent(job.id);
      expect((await ok('GET', `/job/${id}`, operatorA)).id).toBe(job.id);

      expect(await ok('POST', '/job?maxResults=10', operatorA, { processInstanceIds: [instance], timers: true })).toEqual([job]);
      expect(await ok('POST', '/job/count', operatorA, { processInstanceId: instance, activityId: 'review-deadline' })).toEqual({ count: 1 });
      expect((await call('POST', '/job', operatorA, { dueDates: [] })).statusCode).toBe(400);

      expect((await call('PUT', `/job/${id}/duedate`, adminAuth, { duedate: '2026-01-05T09:00:00.000+0500' })).statusCode).toBe(204);
      expect((await ok('GET', `/job/${id}`)).dueDate).toBe('2026-01-05T04:00:00.000+0000');
      expect(await ok('GET', `/job/count?processInstanceId=${instance}&executable=true`)).toEqual({ count: 1 });
      expect((await call('PUT', `/job/${id}/duedate`, adminAuth, { duedate: 'tomorrow' })).statusCode).toBe(400);
      // Retries 0 stops the timer with a failedJob incident, as in Camunda; retries again resolves it.
      expect((await call('PUT', `/job/${id}/retries`, adminAuth, { retries: 0 })).statusCode).toBe(204);
      expect((await ok('GET', `/job/${id}`)).retries).toBe(0);
      expect(await ok('GET', `/incident?processInstanceId=${instance}`)).toEqual([expect.objectContaining({ incidentType: 'failedJob' })]);
      expect(await ok('GET', `/job/count?processInstanceId=${instance}&executable=true`)).toEqual({ count: 0 });
      expect((await call('PUT', `/job/${id}/retries`, adminAuth, { retries: 3 })).statusCode).toBe(204);
      expect((await ok('GET', `/job/${id}`)).retries).toBe(3);
      expect(await ok('GET', `/incident?processInstanceId=${instance}`)).toEqual([]);

      expect((await call('POST', `/job/${id}/execute`, operatorA)).statusCode).toBe(403);
      expect((await call('POST', `/job/${id}/execute`, operatorB)).statusCode).toBe(403);
      expect((await call('POST', `/job/${id}/execute`)).statusCode).toBe(204);
      // the non-interrupting deadline fired: the reminder waits for its worker, the review task still waits
      expect((await ok('GET', `/external-task?processInstanceId=${instance}`)).map((t: { activityId: string }) => t.activityId)).toEqual(['remind']);
      expect((await ok('GET', `/task?processInstanceId=${instance}`)).map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey)).toEqual(['review']);
      expect((await call('GET', `/job/${id}`)).statusCode).toBe(404);
      expect((await call('POST', `/job/${id}/execute`)).statusCode).toBe(404);
    });

    it('GET /variable-instance and /history/variable-instance: one per name, running and ended instances', async () => {
      const { instance, task } = await reviewTask(A, 'var-inst');
      const [iin] = await ok('GET', `/variable-instance?processInstanceIdIn=${instance}&variableName=applicantIin`, operatorA);
      expect(iin).toMatchObject({ name: 'applicantIin', type: 'String', value: '870412300415', processInstanceId: instance, processDefinitionId: definitionA, tenantId: A });
      const like = await ok('GET', `/variable-instance?processInstanceIdIn=${instance}&variableNameLike=req%25&sortBy=variableName&sortOrder=asc`, operatorA);
      expect(like.map((v: { name: string }) => v.name)).toEqual(['requestNumber']);
      const count = (await ok('GET', `/variable-instance/count?processInstanceIdIn=${instance}`, operatorA)).count;
      expect(count).toBeGreaterThanOrEqual(4); // applicantIin, children, requestNumber, initiator
      expect(await ok('GET', `/variable-instance?processInstanceIdIn=${instance}`, operatorB)).toEqual([]);
      expect(await ok('POST', '/variable-instance?maxResults=1', operatorA, { processInstanceIdIn: [instance], variableName: 'applicantIin' })).toEqual([iin]);
      expect(await ok('POST', '/variable-instance/count', operatorA, { processInstanceIdIn: [instance] })).toEqual({ count });
      expect(await ok('GET', `/variable-instance/${encodeURIComponent(iin.id)}`, operatorA)).toEqual(iin);
      expect((await call('GET', `/variable-instance/${encodeURIComponent(iin.id)}`, operatorB)).statusCode).toBe(404);
      expect((await call('GET', `/variable-instance/${encodeURIComponent(iin.id)}/data`, operatorA)).statusCode).toBe(400);
      expect((await call('GET', '/variable-instance/no-such-id', operatorA)).statusCode).toBe(404);
      expect((await call('GET', '/variable-instance?variableValues=x_eq_1', operatorA)).statusCode).toBe(400);

      await ok('POST', `/task/${task}/complete`, operatorA, { variables: { decision: { type: 'String', value: 'issued' } } });
      expect(await ok('GET', `/variable-instance?processInstanceIdIn=${instance}`, operatorA)).toEqual([]);
      const hist = await ok('GET', `/history/variable-instance?processInstanceIdIn=${instance}&variableName=decision`, auditorA);
      expect(hist).toHaveLength(1);
      expect(hist[0]).toMatchObject({ name: 'decision', value: 'issued', state: 'CREATED', processDefinitionKey: 'api-operations' });
      expect(await ok('GET', `/history/variable-instance/count?processInstanceIdIn=${instance}`, auditorA)).toEqual({ count: count + 1 });
    });

    it('GET /execution and /execution/count: the instance\'s execution and one per waiting activity', async () => {
      const { instance, task } = await reviewTask(A, 'exec');
      const all = await ok('GET', `/execution?processInstanceId=${instance}`, operatorA);
      expect(all).toEqual([{ id: instance, processInstanceId: instance, ended: false, tenantId: A }, { id: task, processInstanceId: instance, ended: false, tenantId: A }]);
      expect(await ok('GET', `/execution?processInstanceId=${instance}&activityId=review`, operatorA)).toEqual([{ id: task, processInstanceId: instance, ended: false, tenantId: A }]);
      expect(await ok('GET', `/execution/count?businessKey=exec`, operatorA)).toEqual({ count: 2 });
      expect(await ok('GET', `/execution?processInstanceId=${instance}`, operatorB)).toEqual([]);
      expect(await ok('POST', '/execution?firstResult=1', operatorA, { processInstanceId: instance })).toEqual([all[1]]);
      expect(await ok('POST', '/execution/count', operatorA, { processInstanceId: instance, tenantIdIn: [A] })).toEqual({ count: 2 });
      expect(await ok('GET', `/execution/${task}`, operatorA)).toEqual(all[1]);
      expect(await ok('GET', `/execution/${instance}`, operatorA)).toEqual(all[0]);
      expect((await call('GET', `/execution/${task}`, operatorB)).statusCode).toBe(404);
      expect((await call('GET', '/execution/no-such-execution', operatorA)).statusCode).toBe(404);
    });
  });

  describe('the contract', () => {
    it('the validator refuses what the document does not allow', () => {
      expect(contractProblems('GET', '/task/t1/form', 200, JSON.stringify({ key: 5 }))).not.toEqual([]);
      expect(contractProblems('POST', '/external-task/count', 200, JSON.stringify([{ count: 1 }]))).not.toEqual([]);
      expect(contractProblems('GET', '/task/t1/form', 418, '{}')).not.toEqual([]);
      expect(contractProblems('GET', '/no-such-resource', 200, '{}')).not.toEqual([]);
    });

    it('task-local variables: set, read and deleted in the task\'s own scope, shadowing the instance\'s; gone with the task, kept in its history', async () => {
      const { instance, task } = await reviewTask(A, 'locals');
      expect(await ok('GET', `/task/${task}/localVariables`, operatorA)).toEqual({});
      expect((await call('PUT', `/task/${task}/localVariables/draft`, operatorA, { type: 'String', value: 'черновик решения' })).statusCode).toBe(204);
      expect(await ok('GET', `/task/${task}/localVariables/draft`, operatorA)).toMatchObject({ type: 'String', value: 'черновик решения' });
      expect(await ok('GET', `/process-instance/${instance}/variables`)).not.toHaveProperty('draft');
      const scan = Buffer.from('%PDF-1.7 проект').toString('base64');
      expect((await call('POST', `/task/${task}/localVariables`, operatorA, { modifications: { children: { type: 'Integer', value: 5 }, scan: { type: 'File', value: scan, valueInfo: { filename: 'draft.pdf', mimeType: 'application/pdf' } } } })).statusCode).toBe(204);
      // through the task the local one wins; the instance keeps its own
      expect((await ok('GET', `/task/${task}/variables`, operatorA)).children).toMatchObject({ type: 'Integer', value: 5 });
      expect(await ok('GET', `/task/${task}/variables/children`, operatorA)).toMatchObject({ value: 5 });
      expect(await ok('GET', `/process-instance/${instance}/variables/children`)).toMatchObject({ value: 2 });
      // PUT and DELETE /task/{id}/variables/{name} act on the task-local variable of the name, as Camunda's do
      expect((await call('PUT', `/task/${task}/variables/children`, adminAuth, { type: 'Integer', value: 6 })).statusCode).toBe(204);
      expect(await ok('GET', `/task/${task}/localVariables/children`, operatorA)).toMatchObject({ value: 6 });
      expect(await ok('GET', `/process-instance/${instance}/variables/children`)).toMatchObject({ value: 2 });
      const data = await call('GET', `/task/${task}/localVariables/scan/data`, operatorA);
      expect(data.statusCode).toBe(200);
      expect(data.headers['content-type']).toBe('application/pdf');
      expect(data.body).toBe('%PDF-1.7 проект');
      expect((await call('GET', `/task/${task}/localVariables/draft/data`, operatorA)).statusCode).toBe(400);
      // Camunda's binary upload: a multipart 'data' part becomes a File with the part's name and media type
      const upload = multipart([{ name: 'data', value: Buffer.from('%PDF-1.7 скан'), filename: 'скан.pdf', contentType: 'application/pdf' }, { name: 'valueType', value: 'File' }]);
      const posted = await s.app.inject({ method: 'POST', url: `/engine-rest/task/${task}/localVariables/upload/data`, headers: { authorization: operatorA, 'content-type': upload.contentType }, payload: upload.body });
      calls.push(`POST /task/${task}/localVariables/upload/data`);
      problems.push(...contractProblems('POST', `/task/${task}/localVariables/upload/data`, posted.statusCode, posted.body));
      expect(posted.statusCode, posted.body).toBe(204);
      expect(await ok('GET', `/task/${task}/localVariables/upload`, operatorA)).toMatchObject({ type: 'File', valueInfo: { filename: 'скан.pdf', mimeType: 'application/pdf' } });
      expect((await call('GET', `/task/${task}/localVariables/upload/data`, operatorA)).body).toBe('%PDF-1.7 скан');
      const wrong = multipart([{ name: 'file', value: Buffer.from('x'), filename: 'x.bin' }]);
      const refused = await s.app.inject({ method: 'POST', url: `/engine-rest/task/${task}/localVariables/upload/data`, headers: { authorization: operatorA, 'content-type': wrong.contentType }, payload: wrong.body });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().message).toMatch(/part 'file' is not read/);
      expect((await call('DELETE', `/task/${task}/localVariables/upload`, operatorA)).statusCode).toBe(204);
      expect((await call('DELETE', `/task/${task}/localVariables/draft`, operatorA)).statusCode).toBe(204);
      const missing = await call('GET', `/task/${task}/localVariables/draft`, operatorA);
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toMatchObject({ type: 'InvalidRequestException', message: 'task variable with name draft does not exist' });
      // who may: another group's operator and another akimat's see nothing, an auditor reads but may not write
      expect((await call('GET', `/task/${task}/localVariables`, otherGroup)).statusCode).toBe(404);
      expect((await call('PUT', `/task/${task}/localVariables/x`, operatorB, { type: 'String', value: 'y' })).statusCode).toBe(404);
      expect((await call('PUT', `/task/${task}/localVariables/x`, adminB, { type: 'String', value: 'y' })).statusCode).toBe(404);
      expect((await call('GET', `/task/${task}/localVariables/children`, auditorA)).statusCode).toBe(200);
      expect((await call('PUT', `/task/${task}/localVariables/x`, auditorA, { type: 'String', value: 'y' })).statusCode).toBe(403);
      // the runtime variable instances list it in the task's scope, by its own id
      const running = await ok('GET', `/variable-instance?processInstanceIdIn=${instance}&variableName=children`);
      expect(running.map((v: { value: unknown; taskId: string | null }) => [v.value, v.taskId])).toEqual([[2, null], [6, task]]);
      expect(await ok('GET', `/variable-instance/${encodeURIComponent(running[1].id)}`)).toMatchObject({ value: 6, taskId: task, activityInstanceId: task });
      // completing the task ends its scope: the instance goes on without them, the task's history keeps their last values
      await ok('POST', `/task/${task}/complete`, operatorA, { variables: { decision: { type: 'String', value: 'issued' } } });
      expect(await ok('GET', `/variable-instance?processInstanceIdIn=${instance}&variableName=children`)).toEqual([]); // the instance ended
      const vars = await ok('GET', `/history/variable-instance?processInstanceIdIn=${instance}&variableName=children`);
      expect(vars.map((v: { value: unknown; taskId: string | null }) => [v.value, v.taskId])).toEqual([[2, null], [6, task]]);
      expect((await call('GET', `/task/${task}/localVariables`, operatorA)).statusCode).toBe(404);
      const hist = await s.db.db('engine_hist_activity').where({ id: task }).first();
      expect(Object.keys(JSON.parse(hist.local_variables)).sort()).toEqual(['children', 'scan']);
      expect(JSON.parse(hist.local_variables).children).toMatchObject({ value: 6 });
    });

    it('GET /history/external-task-log: the created, failed, successful and deleted events of external tasks, tenant-scoped', async () => {
      const instance = (await ok('POST', `/process-definition/key/api-operations/tenant-id/${A}/start`, adminAuth, { businessKey: 'log-1' })).id;
      const fetch = async () => (await ok('POST', '/external-task/fetchAndLock', adminAuth, { workerId: 'log-worker', maxTasks: 1, topics: [{ topicName: 'api-operations-register', lockDuration: 60_000, businessKey: 'log-1' }] }))[0];
      const t = await fetch();
      await ok('POST', `/external-task/${t.id}/failure`, adminAuth, { workerId: 'log-worker', errorMessage: 'ГБД ФЛ недоступна', errorDetails: 'connect ETIMEDOUT', retries: 2, retryTimeout: 0 });
      expect((await fetch()).id).toBe(t.id);
      await ok('POST', `/external-task/${t.id}/complete`, adminAuth, { workerId: 'log-worker' });
      const logs = await ok('GET', `/history/external-task-log?processInstanceId=${instance}`);
      const kind = (l: Record<string, boolean>) => ['creationLog', 'failureLog', 'successLog', 'deletionLog'].filter((k) => l[k]);
      expect(logs.map(kind)).toEqual([['creationLog'], ['failureLog'], ['successLog']]);
      expect(logs[0]).toMatchObject({ externalTaskId: t.id, topicName: 'api-operations-register', workerId: null, retries: null, activityId: 'register', processInstanceId: instance, processDefinitionKey: 'api-operations', tenantId: A });
      expect(logs[1]).toMatchObject({ workerId: 'log-worker', retries: 2, errorMessage: 'ГБД ФЛ недоступна' });
      expect(logs[2]).toMatchObject({ workerId: 'log-worker', retries: 2, successLog: true });
      expect(await ok('GET', `/history/external-task-log/${logs[1].id}`)).toMatchObject({ id: logs[1].id, failureLog: true });
      const details = await call('GET', `/history/external-task-log/${logs[1].id}/error-details`);
      expect(details.body).toBe('connect ETIMEDOUT');
      expect(await ok('GET', `/history/external-task-log/count?processInstanceId=${instance}&failureLog=true`)).toEqual({ count: 1 });
      expect(await ok('GET', `/history/external-task-log/count?processInstanceId=${instance}&failureLog=true&successLog=true`)).toEqual({ count: 0 });
      expect((await ok('GET', `/history/external-task-log?externalTaskId=${t.id}&sortBy=timestamp&sortOrder=desc&maxResults=1`)).map(kind)).toHaveLength(1);
      expect(await ok('POST', '/history/external-task-log?maxResults=5', adminAuth, { processInstanceId: instance, workerId: 'log-worker', activityIdIn: ['register'], sorting: [{ sortBy: 'timestamp', sortOrder: 'asc' }] })).toHaveLength(2);
      expect(await ok('POST', '/history/external-task-log/count', adminAuth, { externalTaskId: t.id, creationLog: true })).toEqual({ count: 1 });
      // a cancelled instance's task and a BPMN error nothing catches leave a deletion, as in Camunda
      const cancelled = (await ok('POST', `/process-definition/key/api-operations/tenant-id/${A}/start`, adminAuth, { businessKey: 'log-2' })).id;
      await ok('DELETE', `/process-instance/${cancelled}`);
      const errored = (await ok('POST', `/process-definition/key/api-operations/tenant-id/${A}/start`, adminAuth, { businessKey: 'log-3' })).id;
      const [t3] = await ok('POST', '/external-task/fetchAndLock', adminAuth, { workerId: 'log-worker', maxTasks: 1, topics: [{ topicName: 'api-operations-register', lockDuration: 60_000, businessKey: 'log-3' }] });
      await ok('POST', `/external-task/${t3.id}/bpmnError`, adminAuth, { workerId: 'log-worker', errorCode: 'NOT_MODELLED' });
      for (const id of [cancelled, errored]) expect((await ok('GET', `/history/external-task-log?processInstanceId=${id}`)).map(kind)).toEqual([['creationLog'], ['deletionLog']]);
      // tenants: another akimat's operator sees none of it, its ids answer 404; an unknown filter or sortBy is refused
      expect(await ok('GET', `/history/external-task-log?processInstanceId=${instance}`, operatorB)).toEqual([]);
      expect((await call('GET', `/history/external-task-log/${logs[0].id}`, operatorB)).statusCode).toBe(404);
      expect((await ok('GET', `/history/external-task-log?processInstanceId=${instance}`, operatorA))).toHaveLength(3);
      expect((await call('GET', '/history/external-task-log?topic=x')).statusCode).toBe(400);
      expect((await call('GET', '/history/external-task-log?sortBy=nothing')).statusCode).toBe(400);
      expect((await call('POST', '/history/external-task-log', adminAuth, { topic: 'x' })).statusCode).toBe(400);
      expect((await call('GET', '/history/external-task-log', 'Basic bm9ib2R5Om5vcGU=')).statusCode).toBe(401);
    });

    it('/authorization: the role table as read-only GRANTs of the role groups; the check answers for the caller\'s own rights', async () => {
      const mine = await ok('GET', '/authorization', operatorA);
      expect(new Set(mine.map((a: { groupId: string }) => a.groupId))).toEqual(new Set(['operator']));
      expect(mine.find((a: { resourceType: number }) => a.resourceType === 7)).toMatchObject({ id: 'operator:7', type: 1, permissions: ['READ', 'TASK_WORK'], userId: null, groupId: 'operator', resourceId: '*' });
      expect(await ok('GET', '/authorization/count', operatorA)).toEqual({ count: mine.length });
      const all = await ok('GET', '/authorization', auditorA);
      expect(new Set(all.map((a: { groupId: string }) => a.groupId))).toEqual(new Set(['admin', 'operator', 'worker', 'auditor', 'applicant']));
      expect(await ok('GET', '/authorization?groupIdIn=admin&resourceType=9', auditorA)).toEqual([expect.objectContaining({ id: 'admin:9', permissions: ['CREATE', 'DELETE', 'READ'] })]);
      expect(await ok('GET', '/authorization?userIdIn=op-ulytau', auditorA)).toEqual([]);
      expect(await ok('GET', '/authorization/admin:9', auditorA)).toMatchObject({ groupId: 'admin', resourceType: 9 });
      expect((await call('GET', '/authorization/admin:9', operatorA)).statusCode).toBe(404);

      const check = async (auth: string, q: string) => (await ok('GET', `/authorization/check?${q}`, auth)).authorized as boolean;
      const { instance, task } = await reviewTask(A, 'authz');
      const instanceB = (await ok('POST', `/process-definition/key/api-operations/tenant-id/${B}/start`, adminAuth, { businessKey: 'authz-b' })).id;
      expect(await ok('GET', '/authorization/check?permissionName=TASK_WORK&resourceName=Task&resourceType=7', operatorA)).toEqual({ permissionName: 'TASK_WORK', resourceName: 'Task', resourceId: null, authorized: true, isAuthorized: true });
      expect(await check(operatorA, `permissionName=TASK_WORK&resourceName=Task&resourceType=7&resourceId=${task}`)).toBe(true);
      // the other group's operator works tasks, but not this one
      expect(await check(otherGroup, 'permissionName=TASK_WORK&resourceName=Task&resourceType=7')).toBe(true);
      expect(await check(otherGroup, `permissionName=TASK_WORK&resourceName=Task&resourceType=7&resourceId=${task}`)).toBe(false);
      expect(await check(operatorA, `permissionName=READ&resourceName=ProcessInstance&resourceType=8&resourceId=${instance}`)).toBe(true);
      expect(await check(operatorA, `permissionName=READ&resourceName=ProcessInstance&resourceType=8&resourceId=${instanceB}`)).toBe(false);
      expect(await check(operatorA, 'permissionName=READ&resourceName=ProcessDefinition&resourceType=6&resourceId=api-operations')).toBe(true);
      expect(await check(operatorA, 'permissionName=DELETE&resourceName=Deployment&resourceType=9')).toBe(false);
      expect(await check(adminA, 'permissionName=DELETE&resourceName=Deployment&resourceType=9')).toBe(true);
      expect(await check(auditorA, 'permissionName=UPDATE&resourceName=ProcessInstance&resourceType=8')).toBe(false);
      // another user's rights: only for an identity reader, and only of a user who shares one of their akimats
      expect((await call('GET', '/authorization/check?permissionName=READ&resourceName=Task&resourceType=7&userId=op-abay', operatorA)).statusCode).toBe(403);
      expect(await check(auditorA, 'permissionName=TASK_WORK&resourceName=Task&resourceType=7&userId=op-ulytau')).toBe(true);
      expect((await call('GET', '/authorization/check?permissionName=READ&resourceName=Task&resourceType=7&userId=op-abay', auditorA)).statusCode).toBe(404);
      expect((await call('GET', '/authorization/check?permissionName=READ&resourceName=X&resourceType=999', operatorA)).statusCode).toBe(400);
      expect((await call('GET', '/authorization/check?resourceName=Task&resourceType=7', operatorA)).statusCode).toBe(400);

      // the resource options offer reading only, so Camunda's admin app shows no editing
      expect((await ok('OPTIONS', '/authorization', adminAuth)).links.map((l: { rel: string }) => l.rel)).toEqual(['list', 'count']);
      expect((await ok('OPTIONS', '/authorization/operator:7', operatorA)).links.map((l: { rel: string }) => l.rel)).toEqual(['self']);
      expect((await call('OPTIONS', '/authorization/admin:9', operatorA)).statusCode).toBe(404);
      // read-only: an administrator is told why and where rights are granted instead; others may not try
      const create = await call('POST', '/authorization/create', adminAuth, { type: 1, permissions: ['READ'], userId: 'op-ulytau', resourceType: 7, resourceId: '*' });
      expect(create.statusCode).toBe(400);
      expect(create.json()).toMatchObject({ type: 'InvalidRequestException', message: expect.stringContaining('/group/{role}/members/{userId}') });
      expect((await call('POST', '/authorization/create', operatorA, {})).statusCode).toBe(403);
      expect((await call('PUT', '/authorization/operator:7', adminAuth, { permissions: ['ALL'] })).statusCode).toBe(400);
      expect((await call('DELETE', '/authorization/operator:7', adminAuth)).statusCode).toBe(400);
      expect((await call('DELETE', '/authorization/nothing', adminAuth)).statusCode).toBe(404);
      expect((await call('GET', '/authorization', 'Basic bm9ib2R5Om5vcGU=')).statusCode).toBe(401);
    });

    it('an operation of Camunda\'s document this server leaves out answers 404 naming it', async () => {
      for (const [method, path] of [['GET', '/batch'], ['PUT', `/process-definition/${definitionA}/suspended`], ['POST', '/task/create']] as const) {
        const res = await call(method, path, adminAuth, method === 'GET' ? undefined : {});
        expect(res.statusCode).toBe(404);
        expect(res.json()).toEqual({ type: 'InvalidRequestException', code: null, message: `No endpoint ${method} /engine-rest${path}: this server does not implement this operation of Camunda's engine-rest (docs/api.md lists the ones it does)` });
      }
    });

    it('every operation docs/api.md lists as added for Camunda clients is registered and was called above', () => {
      const doc = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
      const section = doc.slice(doc.indexOf('## Operations added for Camunda clients'), doc.indexOf('Not implemented yet'));
      const listed = [...section.matchAll(/`(GET|POST|PUT|DELETE) (\/[^`]+)`/g)].map((m) => ({ method: m[1]!, path: m[2]! }));
      expect(listed.length).toBeGreaterThanOrEqual(50);
      const shape = (p: string) => p.replace(/:[\w-]+/g, '{}').replace(/\{[^}]+\}/g, '{}');
      const served = new Set(s.app.registeredRoutes.map((r) => `${r.method} ${shape(r.url.replace(/^\/engine-rest/, ''))}`));
      expect(listed.filter((op) => !served.has(`${op.method} ${shape(op.path)}`)).map((op) => `${op.method} ${op.path}`)).toEqual([]);
      const matches = (op: { method: string; path: string }, c: string) => {
        const [method, path] = c.split(' ') as [string, string];
        return method === op.method && new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path);
      };
      expect(listed.filter((op) => !calls.some((c) => matches(op, c))).map((op) => `${op.method} ${op.path}`)).toEqual([]);
    });

    it('every answer above conforms to Camunda\'s OpenAPI document', () => {
      expect(covered.size).toBeGreaterThan(20);
      expect(problems).toEqual([]);
    });
  });
});
