// Camunda 7's runtime semantics as its own clients meet them, over real HTTP: camunda-external-task-client-js sends a
// transient variable (seen by the gateway right after, stored nowhere), a BPMN error a boundary catches (its
// errorCodeVariable / errorMessageVariable set) and one nothing catches (the path ends, as in Camunda 7); the
// generated OpenAPI client unclaims with a form content type; and the status codes and exception types Camunda
// answers for a claimed task, a completed task, a deployment still in use and an existing group or tenant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasicAuthInterceptor, Client, Variables, type Handler } from 'camunda-external-task-client-js';
import { Configuration, TaskApi } from '@visaright/camunda-rest-client';
import { adminAuth, seedUser, startServer, type TestServer } from '../support/server.js';
import { contractProblems, templateOf } from '../support/camunda-contract.js';
import { fixture, modelerDeploy } from './fixtures/index.js';

const TENANT = 'zhanaarka';
const TOPIC = 'api-semantics-check';
let s: TestServer;
let baseUrl: string;
let operatorA: string;
let operatorB: string;
let deploymentId: string;
const clients: Client[] = [];
const handlerErrors: unknown[] = [];
/** Every answer of `call` checked against Camunda's OpenAPI document, error bodies included. */
const problems: string[] = [];

async function call(method: string, url: string, auth = adminAuth, payload?: unknown, headers: Record<string, string> = {}) {
  const res = await s.app.inject({ method: method as 'GET', url: `/engine-rest${url}`, headers: { authorization: auth, ...headers }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
  const path = url.split('?')[0]!;
  if (templateOf(method, path)) problems.push(...contractProblems(method, path, res.statusCode, res.body, String(res.headers['content-type'] ?? '')));
  return res;
}

async function rest(method: string, url: string, payload?: unknown, auth = adminAuth) {
  const res = await call(method, url, auth, payload);
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.statusCode === 204 ? null : res.json();
}

async function start(businessKey: string, variables: Record<string, unknown> = {}): Promise<string> {
  return (await rest('POST', `/process-definition/key/api-semantics/tenant-id/${TENANT}/start`, { businessKey, variables })).id;
}

function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = async () => {
      try {
        const v = await fn();
        if (v) return resolve(v);
      } catch (err) { return reject(err); }
      if (Date.now() > deadline) return reject(new Error('condition not met in time'));
      setTimeout(tick, 25);
    };
    void tick();
  });
}

/** One worker for one business key: the client polls our server over HTTP, handles once, and is stopped after. */
function worker(businessKey: string, handler: Handler): Client {
  const c = new Client({
    baseUrl, workerId: `w-${businessKey}`, interval: 50, maxTasks: 1, lockDuration: 20_000, autoPoll: false,
    interceptors: new BasicAuthInterceptor({ username: 'worker-zh', password: 'worker-zh-pw' }),
  });
  clients.push(c);
  c.on('handler:error', (e: unknown) => handlerErrors.push(e));
  c.subscribe(TOPIC, { lockDuration: 20_000, businessKey }, handler);
  c.start();
  return c;
}

/** The user tasks an instance waits in, by element id. */
async function waitingIn(instanceId: string): Promise<string[]> {
  return (await rest('GET', `/task?processInstanceId=${instanceId}`)).map((t: { taskDefinitionKey: string }) => t.taskDefinitionKey);
}

beforeAll(async () => {
  s = await startServer();
  await seedUser(s.identity, { id: 'worker-zh', password: 'worker-zh-pw', roles: ['worker'], tenants: [TENANT] });
  operatorA = await seedUser(s.identity, { id: 'op-a', roles: ['operator'], groups: ['provider-specialist'], tenants: [TENANT] });
  operatorB = await seedUser(s.identity, { id: 'op-b', roles: ['operator'], groups: ['provider-specialist'], tenants: [TENANT] });
  baseUrl = `${await s.listen()}/engine-rest`;
  const { body, contentType } = modelerDeploy({ name: 'semantics', tenantId: TENANT, files: [{ filename: 'semantics.bpmn', content: fixture('semantics.bpmn') }] });
  const res = await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body });
  expect(res.statusCode, res.body).toBe(200);
  deploymentId = res.json().id;
});

afterAll(async () => {
  for (const c of clients) c.stop();
  expect(handlerErrors).toEqual([]);
  await s.close();
});

describe('transient variables (valueInfo.transient: true)', () => {
  it('a transient variable from the worker decides the gateway right after and is stored nowhere', async () => {
    const id = await start('transient-complete', { applicant: { type: 'String', value: '870412300415' } });
    const c = worker('transient-complete', async ({ task, taskService }) => {
      await taskService.complete(task, new Variables().setTransient('approved', true).set('checkedBy', 'gbd-fl'));
    });
    await until(async () => (await waitingIn(id)).length > 0);
    c.stop();
    // the gateway read approved == true …
    expect(await waitingIn(id)).toEqual(['issue']);
    // … and nothing kept it: not the variables, not the engine state, not the history
    const vars = await rest('GET', `/process-instance/${id}/variables`);
    expect(vars.checkedBy).toMatchObject({ type: 'String', value: 'gbd-fl' });
    expect(vars).not.toHaveProperty('approved');
    const row = await s.db.db('engine_instance').where({ id }).first();
    expect(row.variables).not.toContain('approved');
    expect(row.engine_state).not.toContain('"approved"');
    const hist = await s.db.db('engine_hist_activity').where({ instance_id: id }).select('local_variables');
    expect(JSON.stringify(hist)).not.toContain('approved');
    await expect(call('GET', `/process-instance/${id}/variables/approved`)).resolves.toMatchObject({ statusCode: 404 });
  });

  it('a transient start variable is gone by the next step: the worker does not get it and the gateway no longer sees it', async () => {
    const id = await start('transient-start', { approved: { type: 'Boolean', value: true, valueInfo: { transient: true } } });
    let seen: unknown = 'not called';
    const c = worker('transient-start', async ({ task, taskService }) => {
      seen = task.variables.get('approved');
      await taskService.complete(task);
    });
    await until(async () => (await waitingIn(id)).length > 0);
    c.stop();
    expect(seen).toBeUndefined();
    expect(await waitingIn(id)).toEqual(['reject']);
    expect((await s.db.db('engine_instance').where({ id }).first()).variables).not.toContain('approved');
  });
});

describe('BPMN errors from camunda-external-task-client-js', () => {
  it('a caught error sets the boundary event\'s camunda:errorCodeVariable and camunda:errorMessageVariable', async () => {
    const id = await start('caught');
    const c = worker('caught', async ({ task, taskService }) => {
      await taskService.handleBpmnError(task, 'REFUSED', 'Заявитель не найден в ГБД ФЛ', new Variables().set('registryChecked', true));
    });
    await until(async () => (await waitingIn(id)).length > 0);
    c.stop();
    expect(await waitingIn(id)).toEqual(['refusal']);
    const vars = await rest('GET', `/process-instance/${id}/variables`);
    expect(vars.refusalCode).toMatchObject({ type: 'String', value: 'REFUSED' });
    expect(vars.refusalReason).toMatchObject({ type: 'String', value: 'Заявитель не найден в ГБД ФЛ' });
    expect(vars.registryChecked).toMatchObject({ type: 'Boolean', value: true });
  });

  it('an error nothing catches ends the path as in Camunda 7: the instance completes, no incident, no outgoing flow', async () => {
    const id = await start('uncaught');
    const c = worker('uncaught', async ({ task, taskService }) => {
      await taskService.handleBpmnError(task, 'NOT_MODELLED', 'no boundary for this code');
    });
    await until(async () => (await call('GET', `/process-instance/${id}`)).statusCode === 404);
    c.stop();
    const [hist] = await rest('GET', `/history/process-instance?processInstanceId=${id}`);
    expect(hist.state).toBe('COMPLETED');
    expect(await rest('GET', `/incident?processInstanceId=${id}`)).toEqual([]);
    expect(await rest('GET', `/history/incident?processInstanceId=${id}`)).toEqual([]);
    const acts = (await rest('GET', `/history/activity-instance?processInstanceId=${id}`)).map((a: { activityId: string }) => a.activityId);
    expect(acts).toContain('check');
    expect(acts).not.toContain('approval');
    expect(acts).not.toContain('check-refused');
    expect(await rest('GET', `/external-task?processInstanceId=${id}`)).toEqual([]);
  });
});

describe('BPMN errors of user tasks (POST /task/{id}/bpmnError)', () => {
  /** An instance waiting in the user task `reject` (the worker approved nothing) or `issue` (it approved). */
  async function waitingUserTask(businessKey: string, approved: boolean): Promise<{ id: string; task: string }> {
    const id = await start(businessKey);
    const [t] = await rest('POST', '/external-task/fetchAndLock', { workerId: 'ut', maxTasks: 1, topics: [{ topicName: TOPIC, lockDuration: 60_000, businessKey }] });
    await rest('POST', `/external-task/${t.id}/complete`, { workerId: 'ut', variables: { approved: { type: 'Boolean', value: approved } } });
    const [task] = await rest('GET', `/task?processInstanceId=${id}`);
    return { id, task: task.id };
  }

  it('a caught one sets the boundary\'s errorCodeVariable and errorMessageVariable', async () => {
    const { id, task } = await waitingUserTask('ut-caught', false);
    expect((await call('POST', `/task/${task}/bpmnError`, operatorA, { errorCode: 'WITHDRAWN', errorMessage: 'Заявитель отозвал заявление' })).statusCode).toBe(204);
    expect(await waitingIn(id)).toEqual(['refusal']);
    const vars = await rest('GET', `/process-instance/${id}/variables`);
    expect(vars.withdrawCode).toMatchObject({ type: 'String', value: 'WITHDRAWN' });
    expect(vars.withdrawReason).toMatchObject({ type: 'String', value: 'Заявитель отозвал заявление' });
  });

  it('one nothing catches ends the path: the instance completes', async () => {
    const { id, task } = await waitingUserTask('ut-uncaught', true);
    expect((await call('POST', `/task/${task}/bpmnError`, operatorA, { errorCode: 'NOT_MODELLED' })).statusCode).toBe(204);
    expect((await call('GET', `/process-instance/${id}`)).statusCode).toBe(404);
    const [hist] = await rest('GET', `/history/process-instance?processInstanceId=${id}`);
    expect(hist.state).toBe('COMPLETED');
    const acts = (await rest('GET', `/history/activity-instance?processInstanceId=${id}`)).map((a: { activityId: string }) => a.activityId);
    expect(acts).toContain('issue');
    expect(acts).not.toContain('end-issued');
  });
});

describe('an uncaught BPMN error on one of parallel paths', () => {
  it('ends that path only; the join downstream takes the ended path as discarded and goes on (Camunda\'s join would keep waiting)', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs-api-parallel" targetNamespace="http://reglament.test/api">
  <bpmn:process id="api-parallel-error" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fork" />
    <bpmn:parallelGateway id="fork" />
    <bpmn:sequenceFlow id="f-a" sourceRef="fork" targetRef="registry" />
    <bpmn:sequenceFlow id="f-b" sourceRef="fork" targetRef="review" />
    <bpmn:serviceTask id="registry" name="условие 1 — запрос в ГБД ФЛ" camunda:type="external" camunda:topic="api-parallel-registry" />
    <bpmn:userTask id="review" name="процесс 2 — рассмотрение" camunda:candidateGroups="provider-specialist" />
    <bpmn:sequenceFlow id="f-a2" sourceRef="registry" targetRef="join" />
    <bpmn:sequenceFlow id="f-b2" sourceRef="review" targetRef="join" />
    <bpmn:parallelGateway id="join" />
    <bpmn:sequenceFlow id="f2" sourceRef="join" targetRef="issue" />
    <bpmn:userTask id="issue" name="процесс 3 — выдача" camunda:candidateGroups="provider-specialist" />
    <bpmn:sequenceFlow id="f3" sourceRef="issue" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
    const { body, contentType } = modelerDeploy({ name: 'parallel', tenantId: TENANT, files: [{ filename: 'parallel.bpmn', content: Buffer.from(xml) }] });
    expect((await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body })).statusCode).toBe(200);
    const id = (await rest('POST', `/process-definition/key/api-parallel-error/tenant-id/${TENANT}/start`, {})).id;
    const [t] = await rest('POST', '/external-task/fetchAndLock', { workerId: 'par', maxTasks: 1, topics: [{ topicName: 'api-parallel-registry', lockDuration: 60_000 }] });
    expect((await call('POST', `/external-task/${t.id}/bpmnError`, adminAuth, { workerId: 'par', errorCode: 'NOT_MODELLED' })).statusCode).toBe(204);
    // the other path still waits: the instance runs
    expect(await waitingIn(id)).toEqual(['review']);
    const [review] = await rest('GET', `/task?processInstanceId=${id}`);
    await rest('POST', `/task/${review.id}/complete`, {});
    expect(await waitingIn(id)).toEqual(['issue']);
  });
});

describe('body-less POSTs with a form content type', () => {
  it('the generated client unclaims (it sends application/x-www-form-urlencoded) and unlock with that type works', async () => {
    const id = await start('form-type');
    const [task] = await rest('GET', `/task?processInstanceId=${id}`).catch(() => []);
    expect(task).toBeUndefined(); // still at the external task
    const raw = await rest('POST', '/external-task/fetchAndLock', { workerId: 'peek', maxTasks: 1, topics: [{ topicName: TOPIC, lockDuration: 60_000, businessKey: 'form-type' }] });
    const unlock = await call('POST', `/external-task/${raw[0].id}/unlock`, adminAuth, undefined, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(unlock.statusCode, unlock.body).toBe(204);
    expect((await rest('GET', `/external-task/${raw[0].id}`)).workerId).toBeNull();
    await rest('POST', '/external-task/fetchAndLock', { workerId: 'peek', maxTasks: 1, topics: [{ topicName: TOPIC, lockDuration: 60_000, businessKey: 'form-type' }] });
    await rest('POST', `/external-task/${raw[0].id}/complete`, { workerId: 'peek' });
    const [userTask] = await rest('GET', `/task?processInstanceId=${id}`);
    await rest('POST', `/task/${userTask.id}/claim`, { userId: 'op-a' }, operatorA);

    const api = new TaskApi(new Configuration({ basePath: baseUrl, baseOptions: { headers: { Authorization: operatorA } } }));
    const res = await api.unclaim({ id: userTask.id });
    expect(res.status).toBe(204);
    expect((await rest('GET', `/task/${userTask.id}`)).assignee).toBeNull();

    const withForm = await call('POST', `/task/${userTask.id}/unclaim`, operatorA, 'a=b', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(withForm.statusCode).toBe(415);
    expect(withForm.json().message).toMatch(/does not read a form body/);
  });
});

describe('status codes and exception types as Camunda answers them', () => {
  async function userTaskOf(businessKey: string): Promise<{ instance: string; task: string }> {
    const instance = await start(businessKey);
    const [t] = await rest('POST', '/external-task/fetchAndLock', { workerId: 'codes', maxTasks: 1, topics: [{ topicName: TOPIC, lockDuration: 60_000, businessKey }] });
    await rest('POST', `/external-task/${t.id}/complete`, { workerId: 'codes' });
    const [task] = await rest('GET', `/task?processInstanceId=${instance}`);
    return { instance, task: task.id };
  }

  it('claiming a task another user claimed: 500 TaskAlreadyClaimedException', async () => {
    const { task } = await userTaskOf('claimed');
    await rest('POST', `/task/${task}/claim`, { userId: 'op-a' }, operatorA);
    const res = await call('POST', `/task/${task}/claim`, operatorB, { userId: 'op-b' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ type: 'TaskAlreadyClaimedException', message: `Task '${task}' is already claimed by someone else.` });
    // claiming it again for its own assignee is no error, as in Camunda
    expect((await call('POST', `/task/${task}/claim`, operatorA, { userId: 'op-a' })).statusCode).toBe(204);
  });

  it('completing a completed task: 500 RestException; an unknown id stays 404', async () => {
    const { task } = await userTaskOf('completed');
    expect((await call('POST', `/task/${task}/complete`, operatorA, {})).statusCode).toBe(204);
    const again = await call('POST', `/task/${task}/complete`, operatorA, {});
    expect(again.statusCode).toBe(500);
    expect(again.json()).toMatchObject({ type: 'RestException', message: `Cannot complete task ${task}: Cannot find task with id ${task}: task is null` });
    const form = await call('POST', `/task/${task}/submit-form`, operatorA, {});
    expect(form.statusCode).toBe(500);
    expect(form.json().message).toMatch(/^Cannot submit task form /);
    const unknown = await call('POST', '/task/no-such-task/complete', operatorA, {});
    expect(unknown.statusCode).toBe(404);
  });

  it('deleting a deployment whose instances run, without cascade: 500 ProcessEngineException', async () => {
    const res = await call('DELETE', `/deployment/${deploymentId}`);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ type: 'ProcessEngineException' });
    expect(res.json().message).toMatch(/^Deletion of process definition without cascading failed/);
    expect((await call('GET', `/deployment/${deploymentId}`)).statusCode).toBe(200);
  });

  it('creating a group or a tenant that exists: 500 ProcessEngineException', async () => {
    expect((await call('POST', '/group/create', adminAuth, { id: 'zh-staff', name: 'Сотрудники' })).statusCode).toBe(204);
    const group = await call('POST', '/group/create', adminAuth, { id: 'zh-staff', name: 'Другие' });
    expect(group.statusCode).toBe(500);
    expect(group.json()).toMatchObject({ type: 'ProcessEngineException' });
    expect((await rest('GET', '/group/zh-staff')).name).toBe('Сотрудники');
    const tenant = await call('POST', '/tenant/create', adminAuth, { id: TENANT, name: 'again' });
    expect(tenant.statusCode).toBe(500);
    expect(tenant.json()).toMatchObject({ type: 'ProcessEngineException' });
  });
});

describe('the contract', () => {
  it('every answer above, the 500s included, conforms to Camunda\'s OpenAPI document', () => {
    expect(problems).toEqual([]);
  });
});
