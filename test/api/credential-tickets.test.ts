// A sign-in token given to a process (`authSession`) never rests in the database: the host swaps it for a ticket bound
// to the instance, which the authorize worker redeems, with its own credentials, for one external task (issue 17,
// item 5). The real server over HTTP, the real authorize worker, and a scan of every table for the token.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelerDeploy } from './fixtures/index.js';
import { adminAuth, seedUser, startServer, type TestServer } from '../support/server.js';
import { fromContext as authorizeWorker, httpSessionChecker } from '../../workers/authorize.js';
import type { TaskInput } from '../../workers/types.js';

const route = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="svc-portal" isExecutable="true" camunda:historyTimeToLive="30" camunda:candidateStarterGroups="applicant">
    <bpmn:startEvent id="start"/><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="authorize"/>
    <bpmn:serviceTask id="authorize" name="условие 1" camunda:type="external" camunda:topic="authorize">
      <bpmn:extensionElements><camunda:properties><camunda:property name="system" value="ПЭП"/></camunda:properties></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="authorize" targetRef="wait"/>
    <bpmn:userTask id="wait" camunda:candidateGroups="con-operator"/><bpmn:sequenceFlow id="f3" sourceRef="wait" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>`);

describe('credential tickets in place of sign-in tokens', () => {
  let s: TestServer;
  let base = '';
  let worker = '';
  const silent = { info: () => {}, warn: () => {}, error: () => {} };

  beforeAll(async () => {
    s = await startServer();
    base = await s.listen();
    await seedUser(s.identity, { id: 'citizen', password: 'citizen-password', roles: ['applicant'], groups: ['applicant'], tenants: ['akimat-x'] });
    worker = await seedUser(s.identity, { id: 'w1', roles: ['worker'], tenants: ['akimat-x'] });
    const { body, contentType } = modelerDeploy({ name: 'svc', tenantId: 'akimat-x', files: [{ filename: 'portal.bpmn', content: route }] });
    const res = await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(async () => { await s.close(); });

  async function signIn(): Promise<string> {
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'citizen', password: 'citizen-password' }) });
    expect(res.status).toBe(200);
    return ((await res.json()) as { token: string }).token;
  }
  async function startWith(token: string): Promise<string> {
    const res = await s.app.inject({
      method: 'POST', url: '/engine-rest/process-definition/key/svc-portal/tenant-id/akimat-x/start', headers: { authorization: `Bearer ${token}` },
      payload: { businessKey: `req-${++started}`, variables: { authSession: { type: 'String', value: token } } },
    });
    expect(res.statusCode, res.body).toBe(200);
    keyOf.set(res.json().id, `req-${started}`);
    return res.json().id as string;
  }
  let started = 0;
  const keyOf = new Map<string, string>();
  async function lockAuthorize(instanceId: string): Promise<TaskInput> {
    const res = await s.app.inject({ method: 'POST', url: '/engine-rest/external-task/fetchAndLock', headers: { authorization: worker }, payload: {
      workerId: 'w1', maxTasks: 10, topics: [{ topicName: 'authorize', lockDuration: 60_000, businessKey: keyOf.get(instanceId) }],
    } });
    const [t] = res.json() as { id: string; processInstanceId: string; processDefinitionKey: string; tenantId: string; variables: Record<string, { value: unknown }> }[];
    expect(t, res.body).toBeDefined();
    return {
      id: t!.id, topicName: 'authorize', processInstanceId: t!.processInstanceId, processDefinitionKey: t!.processDefinitionKey, activityId: 'authorize',
      tenantId: t!.tenantId, retries: null, properties: { system: 'ПЭП' }, businessKey: null,
      variables: Object.fromEntries(Object.entries(t!.variables).map(([k, v]) => [k, v.value])),
    };
  }
  /** Every text of every row of every table, to search for a secret. */
  async function everything(): Promise<string> {
    const tables = (await s.db.db.raw("SELECT name FROM sqlite_master WHERE type = 'table'")) as { name: string }[];
    const parts: string[] = [];
    for (const { name } of tables) parts.push(JSON.stringify(await s.db.db(name).select('*')));
    return parts.join('\n');
  }

  it('stores no token anywhere: the instance holds a ticket, the ticket table only hashes', async () => {
    const token = await signIn();
    const id = await startWith(token);
    const vars = (await s.app.inject({ method: 'GET', url: `/engine-rest/process-instance/${id}/variables`, headers: { authorization: adminAuth } })).json();
    expect(vars.authSession.value).toMatch(/^rgt_[A-Za-z0-9_-]{43}$/);
    const dump = await everything();
    expect(dump.includes(token)).toBe(false);
    const [ticket] = await s.db.db('engine_credential_ticket').where({ instance_id: id });
    expect(ticket.credential_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(ticket.ticket_hash).toBe(createHash('sha256').update(vars.authSession.value).digest('hex'));
  });

  it('the real authorize worker redeems the ticket with its own credentials and authorizes the applicant', async () => {
    const id = await startWith(await signIn());
    const task = await lockAuthorize(id);
    const handle = authorizeWorker({ env: { REGLAMENT_API_URL: base }, engineRestUrl: `${base}/engine-rest`, authorization: worker, logger: silent });
    expect(await handle(task)).toMatchObject({ kind: 'complete', variables: { authorized: true, authorizedUser: 'citizen', authSession: null } });
    // A retry of the same task (its answer lost) is answered the same; another task of the instance is refused.
    const sessions = httpSessionChecker(base, { authorization: worker });
    const ticket = String(task.variables.authSession);
    expect(await sessions.check(ticket, { processInstanceId: id, externalTaskId: task.id })).toMatchObject({ userId: 'citizen' });
    expect(await sessions.check(ticket, { processInstanceId: id, externalTaskId: 'another-task' })).toBeNull();
  });

  it('a ticket is refused for another instance, after it expires, and without a worker credential', async () => {
    const first = await startWith(await signIn());
    const second = await startWith(await signIn());
    const t1 = await lockAuthorize(first);
    const t2 = await lockAuthorize(second);
    const sessions = httpSessionChecker(base, { authorization: worker });
    // The first instance's ticket presented for the second instance's task.
    expect(await sessions.check(String(t1.variables.authSession), { processInstanceId: second, externalTaskId: t2.id })).toBeNull();
    await s.db.db('engine_credential_ticket').where({ instance_id: second }).update({ expires_at: Date.now() - 1 });
    expect(await sessions.check(String(t2.variables.authSession), { processInstanceId: second, externalTaskId: t2.id })).toBeNull();
    const anonymous = httpSessionChecker(base);
    await expect(anonymous.check(String(t1.variables.authSession), { processInstanceId: first, externalTaskId: t1.id })).rejects.toThrow(/HTTP 401/);
    // Nothing above consumed the first ticket for its own task.
    expect(await sessions.check(String(t1.variables.authSession), { processInstanceId: first, externalTaskId: t1.id })).toMatchObject({ userId: 'citizen' });
  });

  it('an instance that ends takes its tickets with it', async () => {
    const id = await startWith(await signIn());
    expect(await s.db.db('engine_credential_ticket').where({ instance_id: id }).count({ n: '*' })).toEqual([{ n: 1 }]);
    const task = await lockAuthorize(id);
    expect((await s.app.inject({ method: 'POST', url: `/engine-rest/external-task/${task.id}/complete`, headers: { authorization: worker }, payload: { workerId: 'w1' } })).statusCode).toBe(204);
    const [wait] = (await s.app.inject({ method: 'GET', url: `/engine-rest/task?processInstanceId=${id}`, headers: { authorization: adminAuth } })).json();
    expect((await s.app.inject({ method: 'POST', url: `/engine-rest/task/${wait.id}/complete`, headers: { authorization: adminAuth }, payload: {} })).statusCode).toBe(204);
    expect(await s.db.db('engine_credential_ticket').where({ instance_id: id }).count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('a revoked sign-in makes the ticket worthless', async () => {
    const token = await signIn();
    const id = await startWith(token);
    await s.identity.revokeToken(token);
    const task = await lockAuthorize(id);
    const handle = authorizeWorker({ env: { REGLAMENT_API_URL: base }, engineRestUrl: `${base}/engine-rest`, authorization: worker, logger: silent });
    expect(await handle(task)).toMatchObject({ kind: 'complete', variables: { authorized: false, authSession: null } });
  });

  it('a ticket written back by a client stays a ticket; cancelling the instance deletes its tickets', async () => {
    const id = await startWith(await signIn());
    const vars = (await s.app.inject({ method: 'GET', url: `/engine-rest/process-instance/${id}/variables`, headers: { authorization: adminAuth } })).json();
    const put = await s.app.inject({ method: 'POST', url: `/engine-rest/process-instance/${id}/variables`, headers: { authorization: adminAuth }, payload: { modifications: { authSession: vars.authSession } } });
    expect(put.statusCode, put.body).toBe(204);
    const after = (await s.app.inject({ method: 'GET', url: `/engine-rest/process-instance/${id}/variables`, headers: { authorization: adminAuth } })).json();
    expect(after.authSession.value).toBe(vars.authSession.value);
    expect(await s.db.db('engine_credential_ticket').where({ instance_id: id }).count({ n: '*' })).toEqual([{ n: 1 }]);
    expect((await s.app.inject({ method: 'DELETE', url: `/engine-rest/process-instance/${id}`, headers: { authorization: adminAuth } })).statusCode).toBe(204);
    expect(await s.db.db('engine_credential_ticket').where({ instance_id: id }).count({ n: '*' })).toEqual([{ n: 0 }]);
  });

  it('a token set as a task-local variable becomes a ticket too', async () => {
    const id = await startWith(await signIn());
    const task = await lockAuthorize(id);
    const handle = authorizeWorker({ env: { REGLAMENT_API_URL: base }, engineRestUrl: `${base}/engine-rest`, authorization: worker, logger: silent });
    const outcome = await handle(task);
    const done = await s.app.inject({ method: 'POST', url: `/engine-rest/external-task/${task.id}/complete`, headers: { authorization: worker }, payload: { workerId: 'w1', variables: { authorized: { type: 'Boolean', value: (outcome as unknown as { variables: { authorized: boolean } }).variables.authorized } } } });
    expect(done.statusCode, done.body).toBe(204);
    const [userTask] = (await s.app.inject({ method: 'GET', url: `/engine-rest/task?processInstanceId=${id}`, headers: { authorization: adminAuth } })).json();
    const token = await signIn();
    const put = await s.app.inject({ method: 'PUT', url: `/engine-rest/task/${userTask.id}/localVariables/authSession`, headers: { authorization: adminAuth }, payload: { type: 'String', value: token } });
    expect(put.statusCode, put.body).toBe(204);
    const local = (await s.app.inject({ method: 'GET', url: `/engine-rest/task/${userTask.id}/localVariables/authSession`, headers: { authorization: adminAuth } })).json();
    expect(local.value).toMatch(/^rgt_[A-Za-z0-9_-]{43}$/);
    expect((await everything()).includes(token)).toBe(false);
  });
});
