// Camunda's list filters as clients send them: comma lists in queries, arrays and sorting in POST bodies, Camunda dates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, seedUser, startServer, type TestServer } from '../support/server.js';
import { fixture, modelerDeploy } from './fixtures/index.js';

let s: TestServer;
let operator: string;
const ids: Record<string, string> = {};

async function call(method: string, url: string, auth = adminAuth, payload?: unknown) {
  const res = await s.app.inject({ method: method as 'GET', url: `/engine-rest${url}`, headers: { authorization: auth }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
  return res.statusCode === 204 ? null : res.json();
}

async function deploy(tenant: string, files: string[], versionTag?: string) {
  const { body, contentType } = modelerDeploy({
    name: `q-${tenant}`, tenantId: tenant,
    files: files.map((f) => ({ filename: f, content: versionTag ? Buffer.from(fixture(f).toString().replace('camunda:versionTag="v1"', `camunda:versionTag="${versionTag}"`)) : fixture(f) })),
  });
  const res = await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body });
  expect(res.statusCode, res.body).toBe(200);
}

beforeAll(async () => {
  s = await startServer();
  operator = await seedUser(s.identity, { id: 'op-q', roles: ['operator'], groups: ['provider-specialist'], tenants: ['semey', 'kyzylzhar'] });
  await deploy('semey', ['review.bpmn', 'decision.form', 'worker.bpmn']);
  await deploy('semey', ['review.bpmn', 'decision.form'], 'v2');
  await deploy('kyzylzhar', ['worker.bpmn']);
  for (const [name, key, tenant] of [['a', 'api-worker', 'semey'], ['b', 'api-worker', 'kyzylzhar'], ['c', 'api-review', 'semey']] as const) {
    ids[name] = (await call('POST', `/process-definition/key/${key}/tenant-id/${tenant}/start`, adminAuth, { businessKey: `BK-${name}`, variables: { prio: { type: 'Integer', value: name.charCodeAt(0) }, scenario: { type: 'String', value: 'q' } } })).id;
  }
  // a and b move on to their user task; c stays at its external task.
  for (const name of ['a', 'b']) {
    const [t] = await call('POST', '/external-task/fetchAndLock', adminAuth, { workerId: 'q', maxTasks: 1, topics: [{ topicName: 'api-work', lockDuration: 10_000, businessKey: `BK-${name}` }] });
    await call('POST', `/external-task/${t.id}/complete`, adminAuth, { workerId: 'q' });
  }
});
afterAll(async () => { await s.close(); });

describe('process definitions', () => {
  it('filters by keyLike, latestVersion, versionTag, keysIn and tenantIdIn', async () => {
    const like = await call('GET', '/process-definition?keyLike=api-%25&sortBy=version&sortOrder=asc');
    expect(like.length).toBe(4);
    const latest = await call('GET', '/process-definition?key=api-review&latestVersion=true');
    expect(latest.map((d: { version: number; versionTag: string }) => [d.version, d.versionTag])).toEqual([[2, 'v2']]);
    expect((await call('GET', '/process-definition?versionTag=v1')).map((d: { key: string }) => d.key)).toEqual(['api-review']);
    expect((await call('GET', '/process-definition/count?keysIn=api-worker,api-review&tenantIdIn=kyzylzhar')).count).toBe(1);
    expect((await call('GET', '/process-definition?tenantIdIn=semey,kyzylzhar&key=api-worker')).length).toBe(2);
  });

  it('/key/{key} alone is ambiguous across the caller\'s tenants, and exact with tenant-id', async () => {
    const res = await s.app.inject({ method: 'GET', url: '/engine-rest/process-definition/key/api-worker', headers: { authorization: operator } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/several tenants/);
    expect((await call('GET', '/process-definition/key/api-worker/tenant-id/kyzylzhar', operator)).tenantId).toBe('kyzylzhar');
    // Only semey has api-review: the key alone is enough.
    expect((await call('GET', '/process-definition/key/api-review', operator)).version).toBe(2);
  });
});

describe('process instances', () => {
  it('filters by businessKey, processDefinitionKeyIn and ids, by GET and POST', async () => {
    expect((await call('GET', '/process-instance?businessKey=BK-a')).map((i: { id: string }) => i.id)).toEqual([ids.a]);
    expect((await call('GET', '/process-instance/count?processDefinitionKeyIn=api-worker,nothing')).count).toBe(2);
    const posted = await call('POST', '/process-instance?maxResults=10', adminAuth, { processInstanceIds: [ids.a, ids.c], sorting: [{ sortBy: 'businessKey', sortOrder: 'desc' }] });
    expect(posted.map((i: { businessKey: string }) => i.businessKey)).toEqual(['BK-c', 'BK-a']);
  });
});

describe('tasks', () => {
  it('filters by candidateGroups, business key, tenant, assignee and includeAssignedTasks', async () => {
    const all = await call('GET', '/task?candidateGroups=provider-specialist,other', operator);
    expect(all.map((t: { processInstanceId: string }) => t.processInstanceId).sort()).toEqual([ids.a, ids.b].sort());
    const [ta] = await call('GET', '/task?processInstanceBusinessKey=BK-a', operator);
    await call('POST', `/task/${ta.id}/claim`, operator, { userId: 'op-q' });
    expect((await call('GET', '/task?assignee=op-q', operator)).map((t: { id: string }) => t.id)).toEqual([ta.id]);
    expect((await call('GET', '/task?candidateGroup=provider-specialist', operator)).length).toBe(1);
    expect((await call('GET', '/task?candidateGroup=provider-specialist&includeAssignedTasks=true', operator)).length).toBe(2);
    expect((await call('GET', '/task/count?tenantIdIn=kyzylzhar', operator)).count).toBe(1);
    const sorted = await call('POST', '/task', operator, { sorting: [{ sortBy: 'created', sortOrder: 'desc' }] });
    expect(sorted.map((t: { processInstanceId: string }) => t.processInstanceId)).toEqual([ids.b, ids.a]);
    const future = new Date(Date.now() + 86_400_000).toISOString().replace('Z', '+0000');
    expect((await call('GET', `/task?dueBefore=${encodeURIComponent(future)}`, operator)).length).toBe(0);
  });
});

describe('external tasks', () => {
  it('filters by topic, lock state and retries, and lists topic names', async () => {
    expect((await call('GET', '/external-task?topicName=api-check')).map((t: { processInstanceId: string }) => t.processInstanceId)).toEqual([ids.c]);
    expect((await call('GET', '/external-task/count?notLocked=true')).count).toBe(1);
    expect(await call('GET', '/external-task/topic-names')).toEqual(['api-check']);
    const posted = await call('POST', '/external-task', adminAuth, { processInstanceId: ids.c });
    expect(posted).toHaveLength(1);
  });
});

describe('external task errors as Camunda answers them', () => {
  it('400 when another worker holds the lock, 404 when the task is gone', async () => {
    const id = (await call('POST', '/process-definition/key/api-worker/tenant-id/semey/start', adminAuth, { businessKey: 'BK-lock', variables: { prio: { type: 'Integer', value: 0 } } })).id;
    const [t] = await call('POST', '/external-task/fetchAndLock', adminAuth, { workerId: 'holder', maxTasks: 1, topics: [{ topicName: 'api-work', lockDuration: 60_000, businessKey: 'BK-lock' }] });
    expect(t.processInstanceId).toBe(id);
    const other = await s.app.inject({ method: 'POST', url: `/engine-rest/external-task/${t.id}/complete`, headers: { authorization: adminAuth }, payload: { workerId: 'intruder' } });
    expect(other.statusCode).toBe(400);
    expect(other.json()).toMatchObject({ type: 'InvalidRequestException' });
    await call('POST', `/external-task/${t.id}/complete`, adminAuth, { workerId: 'holder' });
    const gone = await s.app.inject({ method: 'POST', url: `/engine-rest/external-task/${t.id}/complete`, headers: { authorization: adminAuth }, payload: { workerId: 'holder' } });
    expect(gone.statusCode).toBe(404);
    // The instance moved on to its user task.
    const [task] = await call('GET', `/task?processInstanceId=${id}`);
    expect(task.taskDefinitionKey).toBe('inspect');
  });
});

describe('message correlation', () => {
  it('correlates by correlation keys within the named tenant only', async () => {
    const [t] = await call('POST', '/external-task/fetchAndLock', adminAuth, { workerId: 'q', maxTasks: 1, topics: [{ topicName: 'api-check', lockDuration: 10_000 }] });
    await call('POST', `/external-task/${t.id}/complete`, adminAuth, { workerId: 'q', variables: { requestNumber: { type: 'String', value: 'R-77' } } });
    const [decide] = await call('GET', `/task?processInstanceId=${ids.c}`);
    await call('POST', `/task/${decide.id}/complete`, adminAuth, { variables: { decision: { type: 'String', value: 'issued' } } });
    const body = { messageName: 'payment-received', correlationKeys: { requestNumber: { type: 'String', value: 'R-77' } } };
    const wrongTenant = await s.app.inject({ method: 'POST', url: '/engine-rest/message', headers: { authorization: adminAuth }, payload: { ...body, tenantId: 'kyzylzhar' } });
    expect(wrongTenant.statusCode).toBe(400);
    const wrongKey = await s.app.inject({ method: 'POST', url: '/engine-rest/message', headers: { authorization: adminAuth }, payload: { ...body, correlationKeys: { requestNumber: { type: 'String', value: 'R-78' } } } });
    expect(wrongKey.statusCode).toBe(400);
    await call('POST', '/message', adminAuth, { ...body, tenantId: 'semey' });
    const [h] = await call('GET', `/history/process-instance?processInstanceId=${ids.c}`);
    expect(h.state).toBe('COMPLETED');
  });
});
