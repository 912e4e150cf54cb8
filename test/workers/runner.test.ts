// The worker runner against the real server (buildServer over createHost) through camunda-external-task-client-js:
// outcomes become complete / bpmnError / failure, a throwing handler becomes failures counted down to an incident,
// extension properties and typed variables reach the handler, and stop() leaves no task locked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextRetries, retryTimeoutFor, startWorkers, type RunningWorkers } from '../../workers/runner.js';
import { bpmnError, complete, failure, type TaskInput, type WorkerModule } from '../../workers/types.js';
import { adminAuth, startServer, type TestServer } from '../support/server.js';
import { restClient, until } from '../support/rest.js';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs" targetNamespace="http://reglament.test">
  <bpmn:error id="refused" errorCode="REFUSED" />
  <bpmn:process id="runner-test" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="ok" />
    <bpmn:serviceTask id="ok" name="процесс 3 — запрос" camunda:type="external" camunda:topic="runner-ok">
      <bpmn:extensionElements><camunda:properties><camunda:property name="reglament:step" value="процесс 3" /><camunda:property name="subject" value="child" /></camunda:properties></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="ok" targetRef="refuse" />
    <bpmn:serviceTask id="refuse" camunda:type="external" camunda:topic="runner-refuse" />
    <bpmn:boundaryEvent id="refused-catch" attachedToRef="refuse"><bpmn:errorEventDefinition errorRef="refused" /></bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="refuse" targetRef="end" />
    <bpmn:sequenceFlow id="f4" sourceRef="refused-catch" targetRef="after-refusal" />
    <bpmn:userTask id="after-refusal" />
    <bpmn:sequenceFlow id="f5" sourceRef="after-refusal" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

const FAIL_BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs2" targetNamespace="http://reglament.test">
  <bpmn:process id="runner-fail" isExecutable="true">
    <bpmn:startEvent id="s2" />
    <bpmn:sequenceFlow id="g1" sourceRef="s2" targetRef="boom" />
    <bpmn:serviceTask id="boom" camunda:type="external" camunda:topic="runner-throw" />
    <bpmn:sequenceFlow id="g2" sourceRef="boom" targetRef="e2" />
    <bpmn:endEvent id="e2" />
  </bpmn:process>
</bpmn:definitions>`;

let server: TestServer;
let base: string;
const seen: TaskInput[] = [];
let throws = 0;
const logs: Array<{ event: string; fields?: Record<string, unknown> }> = [];
const logger = {
  info: (event: string, fields?: Record<string, unknown>) => logs.push({ event, fields }),
  warn: (event: string, fields?: Record<string, unknown>) => logs.push({ event, fields }),
  error: (event: string, fields?: Record<string, unknown>) => logs.push({ event, fields }),
};

const modules: WorkerModule[] = [
  { topic: 'runner-ok', fromContext: () => async (task) => { seen.push(task); return complete({ answer: 42, person: { iin: '900412400017', list: [1, 2] }, at: new Date('2026-01-02T03:04:05.000Z') }); } },
  { topic: 'runner-refuse', fromContext: () => async () => bpmnError('REFUSED', 'отказ', { refusal: 'нет данных' }) },
  { topic: 'runner-throw', fromContext: () => async () => { throws++; throw new Error('database said no for 900412400017'); } },
];

const rest = restClient(() => base);


describe('worker runner against the real engine-rest', () => {
  let workers: RunningWorkers;
  beforeAll(async () => {
    server = await startServer({ startHost: true });
    base = `${await server.listen()}/engine-rest`;
    const form = new FormData();
    form.append('deployment-name', 'runner-test');
    form.append('data', new Blob([BPMN], { type: 'application/xml' }), 'runner-test.bpmn');
    form.append('fail', new Blob([FAIL_BPMN], { type: 'application/xml' }), 'runner-fail.bpmn');
    await rest('/deployment/create', { method: 'POST', body: form });
    workers = await startWorkers({
      engineRestUrl: base, auth: { username: 'admin', password: 'admin-secret' }, modules, ctx: { env: {}, logger },
      asyncResponseTimeout: 1000, retryBackoffMs: 20, interval: 50,
    });
  });
  afterAll(async () => { await workers?.stop(); await server?.close(); });

  it('completes with typed variables, hands extension properties to the handler and maps a BPMN error', async () => {
    const started = await rest('/process-definition/key/runner-test/start', {
      method: 'POST', body: JSON.stringify({ variables: { childIin: { value: '200101500015', type: 'String' }, n: { value: 7, type: 'Integer' } } }),
    }) as { id: string };
    const tasks = await until('the user task after the BPMN error', async () => {
      const list = await rest(`/task?processInstanceId=${started.id}`) as Array<{ taskDefinitionKey: string }>;
      return list.length ? list : null;
    });
    expect(tasks[0]!.taskDefinitionKey).toBe('after-refusal');
    const task = seen.find((t) => t.processInstanceId === started.id)!;
    expect(task.properties).toEqual({ 'reglament:step': 'процесс 3', subject: 'child' });
    expect(task.variables).toMatchObject({ childIin: '200101500015', n: 7 });
    const vars = await rest(`/process-instance/${started.id}/variables`) as Record<string, { type: string; value: unknown }>;
    expect(vars.answer).toMatchObject({ type: 'Integer', value: 42 });
    expect(vars.person!.type).toBe('Json');
    expect(JSON.parse(String(vars.person!.value))).toEqual({ iin: '900412400017', list: [1, 2] });
    expect(vars.at!.type).toBe('Date');
    expect(vars.refusal).toMatchObject({ value: 'нет данных' });
  });

  it('a throwing handler is reported as failures with retries counted down, then an incident — never left locked', async () => {
    const started = await rest('/process-definition/key/runner-fail/start', { method: 'POST', body: '{}' }) as { id: string };
    const incidents = await until('the incident', async () => {
      const list = await rest(`/incident?processInstanceId=${started.id}`) as Array<{ incidentType: string; incidentMessage: string }>;
      return list.length ? list : null;
    });
    // The first failure sets retries to 3, then 2, 1, 0: four attempts in all, as Camunda clients count.
    expect(throws).toBe(4);
    expect(incidents[0]!.incidentType).toBe('failedExternalTask');
    // The message names the error class and hides the IIN the error carried.
    expect(incidents[0]!.incidentMessage).toContain('Error: database said no for ************');
    const [ext] = await rest(`/external-task?processInstanceId=${started.id}`) as Array<{ retries: number }>;
    expect(ext!.retries).toBe(0);
    // Logs carry events, ids and error classes, never variables or messages.
    const text = JSON.stringify(logs);
    expect(text).not.toContain('900412400017');
    expect(text).not.toContain('200101500015');
    expect(logs.filter((l) => l.event === 'task.failed')).toHaveLength(3);
    expect(logs.filter((l) => l.event === 'task.incident')).toHaveLength(1);
    expect(logs.find((l) => l.event === 'task.completed')!.fields).toMatchObject({ topic: 'runner-ok', durationMs: expect.any(Number) });
  });

  it('a task fetched by a long poll that returns after stop() is unlocked, not run nor left locked', async () => {
    let ran = 0;
    const late = await startWorkers({
      // A long poll that outlives the test's steps even on a loaded machine; it returns as soon as the task exists.
      engineRestUrl: base, auth: { username: 'admin', password: 'admin-secret' }, ctx: { logger }, asyncResponseTimeout: 30_000, interval: 20,
      modules: [{ topic: 'runner-throw', fromContext: () => async () => { ran++; return complete(); } }],
    });
    await new Promise((r) => setTimeout(r, 300));
    // Both runners are stopped while their long polls are still waiting on the server.
    await workers.stop();
    await late.stop();
    const started = await rest('/process-definition/key/runner-fail/start', { method: 'POST', body: '{}' }) as { id: string };
    // Either stopped runner's long poll may take it; whichever does must hand it back.
    await until('the unlock', async () => logs.some((l) => l.event === 'task.unlocked' && l.fields?.processInstanceId === started.id));
    expect(ran).toBe(0);
    const [ext] = await rest(`/external-task?processInstanceId=${started.id}`) as Array<{ workerId: string | null; lockExpirationTime: string | null }>;
    expect(ext!.lockExpirationTime).toBeNull();
    workers = await startWorkers({ engineRestUrl: base, auth: { username: 'admin', password: 'admin-secret' }, modules, ctx: { env: {}, logger }, asyncResponseTimeout: 1000, retryBackoffMs: 20, interval: 50 });
  });

  it('skips a module that cannot start unless it was asked for by name', async () => {
    const broken: WorkerModule = { topic: 'runner-broken', fromContext: () => { throw new Error('REGLAMENT_X_URL is not set'); } };
    const some = await startWorkers({ engineRestUrl: base, modules: [broken, modules[0]!], ctx: { logger }, asyncResponseTimeout: 200 });
    expect(some.topics).toEqual(['runner-ok']);
    expect(logs.find((l) => l.event === 'worker.unavailable')!.fields).toMatchObject({ topic: 'runner-broken', error: 'REGLAMENT_X_URL is not set' });
    await some.stop();
    await expect(startWorkers({ engineRestUrl: base, modules: [broken], topics: ['runner-broken'], ctx: { logger } })).rejects.toThrow(/REGLAMENT_X_URL/);
  });

  it('uses a unique worker id per process and stops cleanly', async () => {
    const other = await startWorkers({ engineRestUrl: base, auth: { username: 'admin', password: 'admin-secret' }, modules: [modules[0]!], ctx: { logger }, asyncResponseTimeout: 200 });
    expect(other.workerId).not.toBe(workers.workerId);
    expect(other.workerId).not.toBe('some-random-id');
    await other.stop();
  });
});

describe('retry arithmetic', () => {
  it('counts retries down from the default and backs off exponentially', () => {
    expect([nextRetries(null, 3), nextRetries(3, 3), nextRetries(2, 3), nextRetries(1, 3), nextRetries(0, 3)]).toEqual([3, 2, 1, 0, 0]);
    expect([retryTimeoutFor(3, 3, 100), retryTimeoutFor(2, 3, 100), retryTimeoutFor(1, 3, 100)]).toEqual([100, 200, 400]);
    expect(retryTimeoutFor(0, 40, 1000)).toBe(600_000);
  });

  it('failure outcomes may set their own retries', () => {
    expect(failure('x', 'y', 5)).toEqual({ kind: 'failure', message: 'x', details: 'y', retryTimeout: 5 });
  });
});
