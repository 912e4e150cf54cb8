// /engine-rest over inject(): a Modeler-shaped deployment, ParseExceptionDto, definitions, start, variables, external tasks,
// user tasks with their deployed form, message correlation, incidents and history — each answer in Camunda's DTO shape.
import { afterAll, beforeAll, expect } from 'vitest';
import { Feature, Scenario, When, Then, And } from '../support/scenario.js';
import { adminAuth, seedUser, startServer, type TestServer } from '../support/server.js';
import { dialects } from '../support/databases.js';
import { fixture, modelerDeploy } from './fixtures/index.js';

for (const dialect of dialects) {
  let s: TestServer;
  let operator: string;
  let worker: string;
  beforeAll(async () => {
    s = await startServer({ dialect });
    operator = await seedUser(s.identity, { id: 'op-zh', roles: ['operator'], groups: ['provider-specialist'], tenants: ['zhambyl-sko'] });
    worker = await seedUser(s.identity, { id: 'worker-zh', roles: ['worker'], tenants: ['zhambyl-sko'] });
  });
  afterAll(async () => { await s.close(); });

  const CAMUNDA_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$/;

  async function call(method: string, url: string, auth: string, payload?: unknown) {
    const res = await s.app.inject({ method: method as 'GET', url: `/engine-rest${url}`, headers: { authorization: auth }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
    return res;
  }

  Feature(`engine-rest over the durable host (${dialect})`, () => {
    Scenario('Camunda Modeler deploys a diagram and a form; a broken diagram answers ParseExceptionDto', () => {
      let deployment: Record<string, any>;
      When('the Modeler-shaped multipart request is sent', async () => {
        const { body, contentType } = modelerDeploy({
          name: 'api-review', tenantId: 'zhambyl-sko',
          files: [{ filename: 'review.bpmn', content: fixture('review.bpmn') }, { filename: 'decision.form', content: fixture('decision.form') }],
        });
        const res = await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.headers['content-type']).toBe('application/json');
        deployment = res.json();
      });
      Then('it answers DeploymentWithDefinitionsDto', () => {
        expect(deployment).toMatchObject({ name: 'api-review', source: 'Camunda Modeler', tenantId: 'zhambyl-sko', deployedCaseDefinitions: null, deployedDecisionDefinitions: null });
        expect(deployment.deploymentTime).toMatch(CAMUNDA_DATE);
        expect(deployment.links[0]).toMatchObject({ rel: 'self', method: 'GET' });
        const defs = Object.values(deployment.deployedProcessDefinitions) as Record<string, unknown>[];
        expect(defs).toHaveLength(1);
        expect(defs[0]).toMatchObject({ key: 'api-review', version: 1, tenantId: 'zhambyl-sko', versionTag: 'v1', resource: 'review.bpmn', suspended: false });
      });
      And('deploying the same files again with deploy-changed-only creates no new version', async () => {
        const { body, contentType } = modelerDeploy({ name: 'api-review', tenantId: 'zhambyl-sko', files: [{ filename: 'review.bpmn', content: fixture('review.bpmn') }] });
        const res = await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body });
        expect(res.statusCode).toBe(200);
        const count = await call('GET', '/process-definition/count?key=api-review', adminAuth);
        expect(count.json()).toEqual({ count: 1 });
      });
      Then('a broken diagram answers 400 ParseExceptionDto naming the resource and element ids', async () => {
        const { body, contentType } = modelerDeploy({ name: 'broken', files: [{ filename: 'broken.bpmn', content: fixture('broken.bpmn') }] });
        const res = await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body });
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toBe('application/json');
        const dto = res.json();
        expect(dto.type).toBe('ParseException');
        expect(dto.details['broken.bpmn'].errors.length).toBeGreaterThan(0);
        const ids = dto.details['broken.bpmn'].errors.flatMap((p: { mainElementId?: string; elementIds?: string[] }) => [p.mainElementId, ...(p.elementIds ?? [])]);
        expect(ids).toEqual(expect.arrayContaining(['flow-to-nowhere']));
      });
      And('an operator may not deploy', async () => {
        const { body, contentType } = modelerDeploy({ name: 'x', files: [{ filename: 'review.bpmn', content: fixture('review.bpmn') }] });
        const res = await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: operator, 'content-type': contentType }, payload: body });
        expect(res.statusCode).toBe(403);
      });
    });

    Scenario('an operator starts an instance, a worker completes the check, the operator completes the decision with its form', () => {
      let instanceId: string;
      let taskId: string;
      When('the operator starts api-review by key with typed variables', async () => {
        const res = await call('POST', '/process-definition/key/api-review/start', operator, {
          businessKey: 'REQ-1',
          variables: { prio: { type: 'Integer', value: 5 }, receivedAt: { type: 'date', value: '2026-03-02T10:00:00.000+0500' }, applicant: { type: 'Json', value: '{"district":"Жамбылский"}' }, order: { type: 'object', value: '{"n":1}', valueInfo: { objectTypeName: 'java.util.HashMap', serializationDataFormat: 'application/json' } }, note: { type: 'string', value: 'срочно' } },
          withVariablesInReturn: true,
        });
        expect(res.statusCode, res.body).toBe(200);
        const dto = res.json();
        expect(dto).toMatchObject({ definitionKey: 'api-review', businessKey: 'REQ-1', tenantId: 'zhambyl-sko', ended: false, suspended: false, caseInstanceId: null });
        expect(dto.variables.prio).toMatchObject({ type: 'Integer', value: 5 });
        instanceId = dto.id;
      });
      Then('the instance and its variables are readable', async () => {
        const inst = await call('GET', `/process-instance/${instanceId}`, operator);
        expect(inst.json()).toMatchObject({ id: instanceId, businessKey: 'REQ-1' });
        const vars = (await call('GET', `/process-instance/${instanceId}/variables`, operator)).json();
        expect(vars.receivedAt.type).toBe('Date');
        expect(vars.receivedAt.value).toMatch(CAMUNDA_DATE);
        expect(vars.applicant).toMatchObject({ type: 'Json', value: '{"district":"Жамбылский"}' });
        expect(vars.order).toMatchObject({ type: 'Object', value: '{"n":1}', valueInfo: { serializationDataFormat: 'application/json' } });
        expect(vars.note).toMatchObject({ type: 'String', value: 'срочно' });
      });
      When('the worker fetches and completes the external task', async () => {
        const res = await call('POST', '/external-task/fetchAndLock', worker, { workerId: 'w1', maxTasks: 5, usePriority: true, topics: [{ topicName: 'api-check', lockDuration: 10_000 }] });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.headers['content-type']).toBe('application/json');
        const [task] = res.json();
        expect(task).toMatchObject({ topicName: 'api-check', workerId: 'w1', processInstanceId: instanceId, businessKey: 'REQ-1', priority: 5, tenantId: 'zhambyl-sko', processDefinitionKey: 'api-review' });
        expect(task.variables.prio).toMatchObject({ value: 5 });
        const done = await call('POST', `/external-task/${task.id}/complete`, worker, { workerId: 'w1', variables: { checked: { type: 'boolean', value: true } } });
        expect(done.statusCode, done.body).toBe(204);
      });
      Then('the operator of the candidate group sees the decision task', async () => {
        const res = await call('GET', '/task?candidateGroup=provider-specialist&processInstanceBusinessKey=REQ-1', operator);
        expect(res.statusCode).toBe(200);
        const [task] = res.json();
        expect(task).toMatchObject({ name: 'процесс 7 — решение', taskDefinitionKey: 'decide', processInstanceId: instanceId, tenantId: 'zhambyl-sko', assignee: null });
        expect(task.created).toMatch(CAMUNDA_DATE);
        expect(task.camundaFormRef).toMatchObject({ key: 'api-decision' });
        taskId = task.id;
        expect((await call('GET', '/task/count?candidateGroup=provider-specialist', operator)).json()).toEqual({ count: 1 });
      });
      And('its deployed form is the form-js schema, and its form variables are the instance variables', async () => {
        const form = await call('GET', `/task/${taskId}/deployed-form`, operator);
        expect(form.statusCode, form.body).toBe(200);
        expect(form.json()).toMatchObject({ id: 'api-decision', type: 'default' });
        const vars = await call('GET', `/task/${taskId}/form-variables`, operator);
        expect(vars.json().checked).toMatchObject({ type: 'Boolean', value: true });
      });
      When('the operator claims and completes it with withVariablesInReturn', async () => {
        expect((await call('POST', `/task/${taskId}/claim`, operator, { userId: 'op-zh' })).statusCode).toBe(204);
        expect((await call('GET', `/task/${taskId}`, operator)).json().assignee).toBe('op-zh');
        const res = await call('POST', `/task/${taskId}/complete`, operator, { variables: { decision: { type: 'String', value: 'issued' } }, withVariablesInReturn: true });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().decision).toMatchObject({ type: 'String', value: 'issued' });
      });
      Then('the payment message is correlated by business key and the instance ends', async () => {
        const res = await call('POST', '/message', operator, { messageName: 'payment-received', businessKey: 'REQ-1', resultEnabled: true });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()[0]).toMatchObject({ resultType: 'Execution' });
        const hist = await call('GET', `/history/process-instance?processInstanceId=${instanceId}`, operator);
        expect(hist.json()[0]).toMatchObject({ id: instanceId, state: 'COMPLETED', businessKey: 'REQ-1', processDefinitionKey: 'api-review' });
        expect(hist.json()[0].endTime).toMatch(CAMUNDA_DATE);
        const acts = (await call('GET', `/history/activity-instance?processInstanceId=${instanceId}`, operator)).json();
        expect(acts.map((a: { activityId: string }) => a.activityId)).toEqual(expect.arrayContaining(['start', 'check', 'decide', 'await-payment', 'end']));
        const ops = (await call('GET', `/history/user-operation?processInstanceId=${instanceId}`, adminAuth)).json();
        expect(ops.map((o: { operationType: string }) => o.operationType)).toEqual(expect.arrayContaining(['Claim', 'Complete']));
      });
    });

    Scenario('errors are ExceptionDto with Camunda statuses', () => {
      Then('unknown ids answer 404, bad bodies 400, asyncResponseTimeout above 30 minutes 400', async () => {
        const missing = await call('GET', '/process-instance/does-not-exist', adminAuth);
        expect(missing.statusCode).toBe(404);
        expect(missing.json()).toMatchObject({ type: expect.any(String), message: expect.any(String) });
        const bad = await call('POST', '/external-task/fetchAndLock', worker, { maxTasks: 1, topics: [] });
        expect(bad.statusCode).toBe(400);
        expect(bad.json().type).toBe('InvalidRequestException');
        const tooLong = await call('POST', '/external-task/fetchAndLock', worker, { workerId: 'w', maxTasks: 1, asyncResponseTimeout: 1_800_001, topics: [{ topicName: 't', lockDuration: 1000 }] });
        expect(tooLong.statusCode).toBe(400);
        const unlockMissing = await s.app.inject({ method: 'POST', url: '/engine-rest/external-task/nope/unlock', headers: { authorization: worker } });
        expect(unlockMissing.statusCode).toBe(404);
      });
    });
  });
}
