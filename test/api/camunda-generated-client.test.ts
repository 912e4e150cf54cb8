// The client generated from Camunda 7.15's OpenAPI (@visaright/camunda-rest-client) drives the operations added for
// Camunda tools over real HTTP, with its own parameter names, query-or-body choices and content types.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Configuration, DeploymentApi, EventSubscriptionApi, ExecutionApi, ExternalTaskApi, HistoricProcessInstanceApi, JobApi, ProcessDefinitionApi,
  ProcessInstanceApi, TaskApi, TaskLocalVariableApi, TaskVariableApi, TenantApi, VariableInstanceApi,
} from '@visaright/camunda-rest-client';
import { adminAuth, seedUser, startServer, type TestServer } from '../support/server.js';
import { fixture, modelerDeploy } from './fixtures/index.js';

const TENANT = 'karaganda';
let s: TestServer;
let admin: Configuration;
let operator: Configuration;
let deploymentId: string;
let definitionId: string;

async function rest(method: string, url: string, payload?: unknown) {
  const res = await s.app.inject({ method: method as 'GET', url: `/engine-rest${url}`, headers: { authorization: adminAuth }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.statusCode === 204 ? null : res.json();
}

beforeAll(async () => {
  s = await startServer();
  const op = await seedUser(s.identity, { id: 'op-kar', roles: ['operator'], groups: ['provider-specialist'], tenants: [TENANT] });
  const base = `${await s.listen()}/engine-rest`;
  admin = new Configuration({ basePath: base, baseOptions: { headers: { Authorization: adminAuth } } });
  operator = new Configuration({ basePath: base, baseOptions: { headers: { Authorization: op } } });
  const { body, contentType } = modelerDeploy({ name: 'client', tenantId: TENANT, files: [
    { filename: 'operations.bpmn', content: fixture('operations.bpmn') }, { filename: 'decision.form', content: fixture('decision.form') },
  ] });
  const res = await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body });
  expect(res.statusCode, res.body).toBe(200);
  deploymentId = res.json().id;
  definitionId = Object.keys(res.json().deployedProcessDefinitions)[0]!;
});
afterAll(async () => { await s.close(); });

describe('@visaright/camunda-rest-client against the operations added for Camunda tools', () => {
  let instance: string;
  let task: string;

  it('counts external tasks by a POSTed query, then walks the instance to its user task', async () => {
    instance = (await rest('POST', `/process-definition/key/api-operations/tenant-id/${TENANT}/start`, { businessKey: 'client-1', variables: { children: { type: 'Integer', value: 3 } } })).id;
    const count = await new ExternalTaskApi(operator).queryExternalTasksCount({ externalTaskQueryDto: { topicName: 'api-operations-register', processInstanceId: instance } });
    expect(count.data.count).toBe(1);
    const [t] = await rest('POST', '/external-task/fetchAndLock', { workerId: 'client', maxTasks: 1, topics: [{ topicName: 'api-operations-register', lockDuration: 60_000, businessKey: 'client-1' }] });
    await rest('POST', `/external-task/${t.id}/complete`, { workerId: 'client' });
    task = (await rest('GET', `/task?processInstanceId=${instance}`))[0].id;
  });

  it('reads and changes task variables', async () => {
    const vars = new TaskVariableApi(operator);
    expect((await vars.getTaskVariables({ id: task })).data.children).toMatchObject({ type: 'Integer', value: 3 });
    expect((await vars.getTaskVariable({ id: task, varName: 'children' })).data).toMatchObject({ type: 'Integer', value: 3 });
    const adminVars = new TaskVariableApi(admin);
    expect((await adminVars.putTaskVariable({ id: task, varName: 'note', variableValueDto: { type: 'String', value: 'проверено' as never } })).status).toBe(204);
    expect((await adminVars.modifyTaskVariables({ id: task, patchVariablesDto: { modifications: { checked: { type: 'Boolean', value: true as never } }, deletions: ['note'] } })).status).toBe(204);
    const after = (await vars.getTaskVariables({ id: task })).data;
    expect(after.checked).toMatchObject({ type: 'Boolean', value: true });
    expect(after).not.toHaveProperty('note');
    expect((await adminVars.deleteTaskVariable({ id: task, varName: 'checked' })).status).toBe(204);
    expect((await new TaskLocalVariableApi(operator).getTaskLocalVariables({ id: task })).data).toEqual({});
  });

  it('sets, reads, modifies and deletes task-local variables, which shadow the instance\'s through the task', async () => {
    const locals = new TaskLocalVariableApi(operator);
    expect((await locals.putTaskLocalVariable({ id: task, varName: 'children', variableValueDto: { type: 'Integer', value: 7 as never } })).status).toBe(204);
    expect((await locals.getTaskLocalVariable({ id: task, varName: 'children' })).data).toMatchObject({ type: 'Integer', value: 7 });
    expect((await new TaskVariableApi(operator).getTaskVariable({ id: task, varName: 'children' })).data).toMatchObject({ value: 7 });
    expect((await rest('GET', `/process-instance/${instance}/variables/children`)).value).toBe(3);
    expect((await locals.modifyTaskLocalVariables({ id: task, patchVariablesDto: { modifications: { draft: { type: 'String', value: 'черновик' as never } }, deletions: ['children'] } })).status).toBe(204);
    expect(Object.keys((await locals.getTaskLocalVariables({ id: task })).data)).toEqual(['draft']);
    const bytes = Buffer.from('%PDF-1.7 черновик');
    expect((await locals.putTaskLocalVariable({ id: task, varName: 'scan', variableValueDto: { type: 'File', value: bytes.toString('base64') as never, valueInfo: { filename: 'scan.pdf', mimeType: 'application/pdf' } as never } })).status).toBe(204);
    const binary = await locals.getTaskLocalVariableBinary({ id: task, varName: 'scan' }, { responseType: 'arraybuffer' });
    expect(Buffer.from(binary.data as ArrayBuffer).equals(bytes)).toBe(true);
    const seen = await new TaskVariableApi(operator).getTaskVariableBinary({ id: task, varName: 'scan' }, { responseType: 'arraybuffer' });
    expect(Buffer.from(seen.data as ArrayBuffer).equals(bytes)).toBe(true);
    expect((await locals.deleteTaskLocalVariable({ id: task, varName: 'scan' })).status).toBe(204);
    expect((await locals.deleteTaskLocalVariable({ id: task, varName: 'draft' })).status).toBe(204);
    const gone = await locals.getTaskLocalVariable({ id: task, varName: 'draft' }).then(() => null, (e: { status?: number; response?: { status: number } }) => e.status ?? e.response?.status);
    expect(gone).toBe(404);
  });

  it('reads the task form and the start form', async () => {
    expect((await new TaskApi(operator).getForm({ id: task })).data).toMatchObject({ key: 'camunda-forms:deployment:decision.form' });
    // the 7.15 client's FormDto predates camundaFormRef; the field arrives all the same
    const start = (await new ProcessDefinitionApi(operator).getStartForm({ id: definitionId })).data as { camundaFormRef?: unknown };
    expect(start.camundaFormRef).toMatchObject({ key: 'api-decision', binding: 'deployment' });
  });

  it('reads a deployment resource, the activity-instance tree and statistics', async () => {
    const resources = (await new DeploymentApi(operator).getDeploymentResources({ id: deploymentId })).data;
    const bpmn = resources.find((r) => r.name === 'operations.bpmn')!;
    expect((await new DeploymentApi(operator).getDeploymentResource({ id: deploymentId, resourceId: bpmn.id! })).data).toMatchObject({ name: 'operations.bpmn', deploymentId });
    const tree = (await new ProcessInstanceApi(operator).getActivityInstanceTree({ id: instance })).data;
    expect(tree.childActivityInstances?.map((c) => c.activityId)).toEqual(['review']);
    const stats = (await new ProcessDefinitionApi(operator).getProcessDefinitionStatistics({ incidents: true })).data;
    expect(stats.find((x) => x.id === definitionId)?.instances).toBe(1);
    const acts = (await new ProcessDefinitionApi(operator).getActivityStatistics({ id: definitionId })).data;
    expect(acts).toEqual([{ id: 'review', instances: 1, failedJobs: 0, incidents: [] }]);
  });

  it('lists the deadline as a job, moves it and executes it', async () => {
    const jobs = new JobApi(admin);
    const [job] = (await jobs.getJobs({ processInstanceId: instance })).data;
    expect(job).toMatchObject({ processInstanceId: instance, processDefinitionKey: 'api-operations' });
    expect((await jobs.getJobsCount({ processInstanceId: instance })).data.count).toBe(1);
    expect((await jobs.queryJobs({ jobQueryDto: { processInstanceId: instance } })).data).toHaveLength(1);
    expect((await jobs.setJobDuedate({ id: job!.id!, jobDuedateDto: { duedate: '2026-03-02T10:00:00.000+0500' } })).status).toBe(204);
    expect((await jobs.getJob({ id: job!.id! })).data.dueDate).toBe('2026-03-02T05:00:00.000+0000');
    expect((await jobs.executeJob({ id: job!.id! })).status).toBe(204);
    expect((await jobs.getJobsCount({ processInstanceId: instance })).data.count).toBe(0);
    expect((await rest('GET', `/external-task?processInstanceId=${instance}`)).map((t: { activityId: string }) => t.activityId)).toEqual(['remind']);
  });

  it('lists variable instances, executions, event subscriptions, historic instances and counts tenants', async () => {
    const vi = (await new VariableInstanceApi(operator).queryVariableInstances({ deserializeValues: false, variableInstanceQueryDto: { processInstanceIdIn: [instance], variableName: 'children' } })).data;
    expect(vi).toHaveLength(1);
    expect(vi[0]).toMatchObject({ name: 'children', type: 'Integer', value: 3 });
    expect((await new VariableInstanceApi(operator).getVariableInstancesCount({ processInstanceIdIn: instance })).data.count).toBeGreaterThanOrEqual(2);
    const executions = (await new ExecutionApi(operator).queryExecutions({ executionQueryDto: { processInstanceId: instance } })).data;
    expect(executions.map((e) => e.id)).toContain(instance);
    expect((await new ExecutionApi(operator).getExecutionsCount({ processInstanceId: instance })).data.count).toBe(executions.length);
    expect((await new EventSubscriptionApi(operator).getEventSubscriptions({ processInstanceId: instance })).data).toEqual([]);
    const hist = (await new HistoricProcessInstanceApi(operator).queryHistoricProcessInstances({ maxResults: 10, historicProcessInstanceQueryDto: { processInstanceId: instance } })).data;
    expect(hist.map((h) => h.id)).toEqual([instance]);
    expect((await new TenantApi(operator).getTenantCount({})).data.count).toBe(1);
  });
});
