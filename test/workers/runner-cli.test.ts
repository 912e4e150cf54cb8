// `reglament workers` end to end: the CLI runs the discovered worker modules against the real server's engine-rest;
// a process registers its request, takes a queue number and reports statuses, all in the server's store — reached
// through the server's /api/worker, the CLI opening no database (REGLAMENT_DB points at a folder that does not exist).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/workers.js';
import { adminAuth, startServer, type TestServer } from '../support/server.js';
import { restClient } from '../support/rest.js';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs" targetNamespace="http://reglament.test">
  <bpmn:process id="housing-queue-portal" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="register" />
    <bpmn:serviceTask id="register" name="процесс 6 — регистрация запроса" camunda:type="external" camunda:topic="register-request">
      <bpmn:extensionElements><camunda:properties><camunda:property name="service" value="housing-queue" /></camunda:properties></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="register" targetRef="in-work" />
    <bpmn:serviceTask id="in-work" camunda:type="external" camunda:topic="status-notify">
      <bpmn:extensionElements><camunda:properties><camunda:property name="status" value="in-progress" /></camunda:properties></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="in-work" targetRef="queue" />
    <bpmn:serviceTask id="queue" camunda:type="external" camunda:topic="queue-assign">
      <bpmn:extensionElements><camunda:properties><camunda:property name="queue" value="housing" /></camunda:properties></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f4" sourceRef="queue" targetRef="done" />
    <bpmn:serviceTask id="done" camunda:type="external" camunda:topic="status-notify">
      <bpmn:extensionElements><camunda:properties><camunda:property name="status" value="completed" /></camunda:properties></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f5" sourceRef="done" targetRef="wait" />
    <bpmn:userTask id="wait" />
    <bpmn:sequenceFlow id="f6" sourceRef="wait" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

let server: TestServer;
let base: string;

const rest = restClient(() => base);

beforeAll(async () => {
  server = await startServer({ startHost: true });
  base = `${await server.listen()}/engine-rest`;
  const form = new FormData();
  form.append('deployment-name', 'housing');
  form.append('tenant-id', 'semey');
  form.append('data', new Blob([BPMN], { type: 'application/xml' }), 'portal.bpmn');
  await rest('/deployment/create', { method: 'POST', body: form });
});
afterAll(async () => { await server?.close(); });

describe('reglament workers', () => {
  it('rejects bad arguments with usage', async () => {
    expect(await run(['--user', 'only'])).toBe(2);
    expect(await run(['--url', 'not a url'])).toBe(2);
    expect(await run(['--bogus'])).toBe(2);
    expect(await run(['--api-url', 'nope'])).toBe(2);
  });

  it('serves the discovered topics against the engine-rest until stopped', async () => {
    const prevDb = process.env.REGLAMENT_DB;
    process.env.REGLAMENT_DB = '/nonexistent-folder/never.sqlite';
    const stop = new AbortController();
    const running = run(['--url', base, '--user', 'admin', '--password', 'admin-secret', '--topics', 'register-request,queue-assign,status-notify'], stop.signal);
    try {
      const started = await rest('/process-definition/key/housing-queue-portal/tenant-id/semey/start', {
        method: 'POST', body: JSON.stringify({ variables: { housingCategory: { value: 'socially-protected', type: 'String' } } }),
      }) as { id: string };
      let tasks: Array<{ taskDefinitionKey: string }> = [];
      for (let i = 0; i < 500 && !tasks.length; i++) {
        await new Promise((r) => setTimeout(r, 50));
        tasks = await rest(`/task?processInstanceId=${started.id}`) as typeof tasks;
      }
      expect(tasks.map((t) => t.taskDefinitionKey)).toEqual(['wait']);
      const vars = await rest(`/process-instance/${started.id}/variables`) as Record<string, { value: unknown }>;
      expect(vars.requestNumber!.value).toMatch(/^SEM-\d{4}-000001$/);
      expect(vars.queueNumber!.value).toBe(1);
      expect(vars.queueGroup!.value).toBe('socially-protected');
      const history = await server.db.db('registry_request_status as s').join('registry_request as r', 'r.id', 's.request_id')
        .where('r.process_instance_id', started.id).orderBy('s.id').select('s.status');
      expect(history.map((h) => h.status)).toEqual(['received', 'in-progress', 'completed']);
    } finally {
      stop.abort();
      expect(await running).toBe(0);
      if (prevDb === undefined) delete process.env.REGLAMENT_DB; else process.env.REGLAMENT_DB = prevDb;
    }
  }, 60_000);
});
