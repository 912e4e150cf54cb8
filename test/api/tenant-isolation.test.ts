// Tenant isolation, endpoint by endpoint: staff of one akimat neither see nor act on another akimat's deployments,
// definitions, instances, tasks, external tasks, incidents or history; foreign ids answer 404 exactly like unknown ids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, seedUser, startServer, type TestServer } from '../support/server.js';
import { fixture, modelerDeploy } from './fixtures/index.js';
import { dialects } from '../support/databases.js';

const A = 'zhambyl-sko';
const B = 'semey';

for (const dialect of dialects) describe(`tenant isolation on ${dialect}`, () => {
  let s: TestServer;
  const users: Record<string, string> = {};
  /** Rows of each tenant. */
  const rows: Record<string, { deployment: string; definition: string; instance: string; externalTask: string; task: string; failedInstance: string }> = {};

  async function call(method: string, url: string, auth: string, payload?: unknown) {
    return s.app.inject({ method: method as 'GET', url: `/engine-rest${url}`, headers: { authorization: auth }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
  }

  async function seedTenant(tenant: string): Promise<void> {
    const { body, contentType } = modelerDeploy({
      name: `iso-${tenant}`, tenantId: tenant,
      files: [{ filename: 'review.bpmn', content: fixture('review.bpmn') }, { filename: 'decision.form', content: fixture('decision.form') }, { filename: 'worker.bpmn', content: fixture('worker.bpmn') }],
    });
    const dep = await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body });
    expect(dep.statusCode, dep.body).toBe(200);
    const deployment = dep.json();
    const definition = (Object.values(deployment.deployedProcessDefinitions) as { id: string; key: string }[]).find((d) => d.key === 'api-review')!.id;
    const start = (bk: string, key = 'api-review') => call('POST', `/process-definition/key/${key}/tenant-id/${tenant}/start`, adminAuth, { businessKey: bk, variables: { prio: { type: 'Integer', value: 1 } } });
    // One instance waits at the user task, one at the external task, one has an incident.
    const atTask = (await start(`${tenant}-task`)).json().id;
    const lock = (await call('POST', '/external-task/fetchAndLock', adminAuth, { workerId: `seed-${tenant}`, maxTasks: 1, topics: [{ topicName: 'api-check', lockDuration: 60_000, tenantIdIn: [tenant], processVariables: {} }] })).json();
    expect(lock[0].processInstanceId).toBe(atTask);
    expect((await call('POST', `/external-task/${lock[0].id}/complete`, adminAuth, { workerId: `seed-${tenant}` })).statusCode).toBe(204);
    const task = (await call('GET', `/task?processInstanceId=${atTask}`, adminAuth)).json()[0].id;
    const instance = (await start(`${tenant}-ext`)).json().id;
    const externalTask = (await call('GET', `/external-task?processInstanceId=${instance}`, adminAuth)).json()[0].id;
    const failedInstance = (await start(`${tenant}-fail`, 'api-worker')).json().id;
    const [w] = (await call('POST', '/external-task/fetchAndLock', adminAuth, { workerId: `fail-${tenant}`, maxTasks: 1, topics: [{ topicName: 'api-work', lockDuration: 60_000, tenantIdIn: [tenant] }] })).json();
    expect((await call('POST', `/external-task/${w.id}/failure`, adminAuth, { workerId: `fail-${tenant}`, errorMessage: 'registry down', retries: 0, retryTimeout: 0 })).statusCode).toBe(204);
    rows[tenant] = { deployment: deployment.id, definition, instance, externalTask, task, failedInstance };
  }

  beforeAll(async () => {
    s = await startServer({ dialect });
    for (const t of [A, B]) {
      users[`admin-${t}`] = await seedUser(s.identity, { id: `admin-${t}`, roles: ['admin'], tenants: [t] });
      users[`operator-${t}`] = await seedUser(s.identity, { id: `operator-${t}`, roles: ['operator'], groups: ['provider-specialist'], tenants: [t] });
      users[`worker-${t}`] = await seedUser(s.identity, { id: `worker-${t}`, roles: ['worker'], tenants: [t] });
      users[`auditor-${t}`] = await seedUser(s.identity, { id: `auditor-${t}`, roles: ['auditor'], tenants: [t] });
    }
    await seedTenant(A);
    await seedTenant(B);
  }, 120_000);
  afterAll(async () => { await s.close(); });

  type Case = [role: string, method: string, path: (r: typeof rows[string]) => string, body?: unknown];

  /** By-id endpoints: for a user of A, B's id must answer exactly as an unknown id does (404). */
  const byId: Case[] = [
    ['admin', 'GET', (r) => `/deployment/${r.deployment}`],
    ['admin', 'GET', (r) => `/deployment/${r.deployment}/resources`],
    ['admin', 'DELETE', (r) => `/deployment/${r.deployment}?cascade=true`],
    ['operator', 'GET', (r) => `/process-definition/${r.definition}`],
    ['operator', 'GET', (r) => `/process-definition/${r.definition}/xml`],
    ['operator', 'POST', (r) => `/process-definition/${r.definition}/start`, {}],
    ['operator', 'GET', () => `/process-definition/key/api-review/tenant-id/${B}`],
    ['operator', 'GET', () => `/process-definition/key/api-review/tenant-id/${B}/xml`],
    ['operator', 'POST', () => `/process-definition/key/api-review/tenant-id/${B}/start`, {}],
    ['operator', 'GET', (r) => `/process-instance/${r.instance}`],
    ['operator', 'GET', (r) => `/process-instance/${r.instance}/variables`],
    ['operator', 'GET', (r) => `/process-instance/${r.instance}/variables/prio`],
    ['admin', 'PUT', (r) => `/process-instance/${r.instance}/variables/x`, { type: 'String', value: 'y' }],
    ['admin', 'POST', (r) => `/process-instance/${r.instance}/variables`, { modifications: { x: { type: 'String', value: 'y' } } }],
    ['admin', 'DELETE', (r) => `/process-instance/${r.instance}`],
    ['worker', 'GET', (r) => `/external-task/${r.externalTask}`],
    ['worker', 'POST', (r) => `/external-task/${r.externalTask}/lock`, { workerId: 'intruder', lockDuration: 1000 }],
    ['worker', 'POST', (r) => `/external-task/${r.externalTask}/complete`, { workerId: 'intruder' }],
    ['worker', 'POST', (r) => `/external-task/${r.externalTask}/failure`, { workerId: 'intruder', retries: 0 }],
    ['worker', 'POST', (r) => `/external-task/${r.externalTask}/bpmnError`, { workerId: 'intruder', errorCode: 'REFUSED' }],
    ['worker', 'POST', (r) => `/external-task/${r.externalTask}/extendLock`, { workerId: 'intruder', newDuration: 1000 }],
    ['worker', 'POST', (r) => `/external-task/${r.externalTask}/unlock`],
    ['admin', 'PUT', (r) => `/external-task/${r.externalTask}/retries`, { retries: 3 }],
    ['operator', 'GET', (r) => `/task/${r.task}`],
    ['operator', 'GET', (r) => `/task/${r.task}/form-variables`],
    ['operator', 'GET', (r) => `/task/${r.task}/deployed-form`],
    ['operator', 'GET', (r) => `/task/${r.task}/identity-links`],
    ['operator', 'POST', (r) => `/task/${r.task}/claim`, { userId: `operator-${A}` }],
    ['operator', 'POST', (r) => `/task/${r.task}/complete`, {}],
    ['operator', 'POST', (r) => `/task/${r.task}/bpmnError`, { errorCode: 'REFUSED' }],
    ['auditor', 'GET', (r) => `/history/process-instance/${r.instance}`],
  ];

  describe(`a user of ${A} and ids of ${B}`, () => {
    for (const [role, method, path, body] of byId) {
      it(`${role}: ${method} ${path({ deployment: '{deployment}', definition: '{definition}', instance: '{instance}', externalTask: '{externalTask}', task: '{task}', failedInstance: '{instance}' })} → 404`, async () => {
        const foreign = await call(method, path(rows[B]!), users[`${role}-${A}`]!, body);
        expect(foreign.statusCode, foreign.body).toBe(404);
        expect(foreign.json().type).toBeTruthy();
        // Control: the same call by the same role of B is not a 404, so the 404 above is isolation, not a broken route.
        if (method === 'GET') {
          const own = await call(method, path(rows[B]!), users[`${role}-${B}`]!, body);
          expect(own.statusCode, own.body).toBe(200);
        }
      });
    }
  });

  /** Lists: B's rows never appear for a user of A, while A's own rows do. */
  const lists: [role: string, url: string, pick: (x: any) => string, own: (r: typeof rows[string]) => string, foreign: (r: typeof rows[string]) => string][] = [
    ['admin', '/deployment', (d) => d.id, (r) => r.deployment, (r) => r.deployment],
    ['operator', '/process-definition', (d) => d.id, (r) => r.definition, (r) => r.definition],
    ['operator', '/process-instance', (i) => i.id, (r) => r.instance, (r) => r.instance],
    ['worker', '/external-task', (t) => t.id, (r) => r.externalTask, (r) => r.externalTask],
    ['operator', '/task', (t) => t.id, (r) => r.task, (r) => r.task],
    ['operator', '/incident', (i) => i.processInstanceId, (r) => r.failedInstance, (r) => r.failedInstance],
    ['auditor', '/history/process-instance', (h) => h.id, (r) => r.instance, (r) => r.instance],
    ['auditor', '/history/activity-instance', (h) => h.processInstanceId, (r) => r.instance, (r) => r.instance],
    ['auditor', '/history/incident', (i) => i.processInstanceId, (r) => r.failedInstance, (r) => r.failedInstance],
    ['admin', '/history/user-operation', (o) => o.deploymentId ?? o.processInstanceId ?? '', (r) => r.deployment, (r) => r.deployment],
  ];

  describe(`lists seen by users of ${A}`, () => {
    for (const [role, url, pick, own, foreign] of lists) {
      it(`${role}: GET ${url} has ${A}'s rows and none of ${B}'s`, async () => {
        const res = await call('GET', url, users[`${role}-${A}`]!);
        expect(res.statusCode, res.body).toBe(200);
        const ids = (res.json() as unknown[]).map(pick);
        expect(ids).toContain(own(rows[A]!));
        expect(ids).not.toContain(foreign(rows[B]!));
        const tenants = new Set((res.json() as { tenantId?: string | null }[]).map((x) => x.tenantId).filter((t) => t !== undefined && t !== null));
        expect([...tenants].filter((t) => t !== A)).toEqual([]);
      });
    }

    it(`worker: fetchAndLock of ${A} never locks ${B}'s tasks, even when asking for ${B}`, async () => {
      const res = await call('POST', '/external-task/fetchAndLock', users[`worker-${A}`]!, { workerId: 'wa', maxTasks: 10, topics: [{ topicName: 'api-check', lockDuration: 1000, tenantIdIn: [B] }] });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual([]);
    });

    it(`operator: a message to ${B}'s business key behaves as a message to nobody`, async () => {
      const foreign = await call('POST', '/message', users[`operator-${A}`]!, { messageName: 'payment-received', businessKey: `${B}-task` });
      const nobody = await call('POST', '/message', users[`operator-${A}`]!, { messageName: 'payment-received', businessKey: 'no-such-key' });
      expect(foreign.statusCode).toBe(nobody.statusCode);
      expect(foreign.statusCode).toBeGreaterThanOrEqual(400);
    });

    it(`admin of ${A} may not deploy into ${B}`, async () => {
      const { body, contentType } = modelerDeploy({ name: 'x', tenantId: B, files: [{ filename: 'worker.bpmn', content: fixture('worker.bpmn') }] });
      const res = await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: users[`admin-${A}`]!, 'content-type': contentType }, payload: body });
      expect(res.statusCode).toBe(403);
    });

    it('an auditor reads but may not act', async () => {
      const res = await call('POST', `/task/${rows[A]!.task}/claim`, users[`auditor-${A}`]!, { userId: `auditor-${A}` });
      expect(res.statusCode).toBe(403);
      const fetch = await call('POST', '/external-task/fetchAndLock', users[`auditor-${A}`]!, { workerId: 'x', maxTasks: 1, topics: [{ topicName: 'api-check', lockDuration: 1000 }] });
      expect(fetch.statusCode).toBe(403);
    });

    it('an operator without the candidate group does not see the task', async () => {
      const other = await seedUser(s.identity, { id: `con-op-${A}`, roles: ['operator'], groups: ['con-operator'], tenants: [A] });
      expect((await call('GET', `/task/${rows[A]!.task}`, other)).statusCode).toBe(404);
      expect((await call('GET', '/task', other)).json()).toEqual([]);
    });
  });

  describe('a worker limited to its topics', () => {
    it('fetches, sees and acts on tasks of its topic groups only', async () => {
      await s.identity.createGroup({ id: 'api-work', name: 'topic api-work', type: 'topic' });
      const limited = await seedUser(s.identity, { id: `topic-worker-${A}`, roles: ['worker'], groups: ['api-work'], tenants: [A] });
      const other = await call('POST', '/external-task/fetchAndLock', limited, { workerId: 'tw', maxTasks: 1, topics: [{ topicName: 'api-check', lockDuration: 1000 }] });
      expect(other.statusCode).toBe(403);
      const own = await call('POST', '/external-task/fetchAndLock', limited, { workerId: 'tw', maxTasks: 1, topics: [{ topicName: 'api-work', lockDuration: 1000 }] });
      expect(own.statusCode).toBe(200);
      const listed = (await call('GET', '/external-task', limited)).json() as { topicName: string }[];
      expect(listed.length).toBeGreaterThan(0);
      expect(new Set(listed.map((t) => t.topicName))).toEqual(new Set(['api-work']));
      expect((await call('GET', '/external-task/count', limited)).json().count).toBe(listed.length);
      expect((await call('GET', '/external-task/topic-names', limited)).json()).toEqual(['api-work']);
      // A's own api-check task: same tenant, other topic → as unknown.
      expect((await call('GET', `/external-task/${rows[A]!.externalTask}`, limited)).statusCode).toBe(404);
      expect((await call('POST', `/external-task/${rows[A]!.externalTask}/complete`, limited, { workerId: 'tw' })).statusCode).toBe(404);
      // An unlimited worker of A still sees both topics.
      const all = (await call('GET', '/external-task', users[`worker-${A}`]!)).json() as { topicName: string }[];
      expect(new Set(all.map((t) => t.topicName))).toEqual(new Set(['api-check', 'api-work']));
    });
  });
});
