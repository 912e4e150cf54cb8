// escalate-overdue and the applicant's own steps, on the real server with the discovered workers: a portal request the
// applicant leaves at процесс 3 (the form, assigned to ${initiator}) passes its limit, the timer fires, the escalation
// completes, and nothing reaches the supervisor; a staff step assigned to ${initiator} (the ЦОН operator's intake, before
// registration too) is still escalated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOverdue } from '../../src/registry/index.js';
import { discoverWorkers } from '../../workers/discover.js';
import { startWorkers, type RunningWorkers } from '../../workers/runner.js';
import { startServer, type TestServer } from '../support/server.js';
import { restClient, until } from '../support/rest.js';

/** A route whose first step is a user task assigned to the initiator, with a one-second limit that escalates. */
const route = (key: string, group: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs" targetNamespace="http://reglament.test">
  <bpmn:process id="${key}" isExecutable="true">
    <bpmn:startEvent id="start" camunda:initiator="initiator" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="fill-request" />
    <bpmn:userTask id="fill-request" name="процесс 3 — заполнение формы запроса" camunda:assignee="\${initiator}" camunda:candidateGroups="${group}">
      <bpmn:extensionElements><camunda:properties><camunda:property name="reglament:step" value="процесс 3" /></camunda:properties></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="fill-request-deadline" attachedToRef="fill-request" cancelActivity="false">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="fill-request-deadline" targetRef="fill-request-escalate" />
    <bpmn:serviceTask id="fill-request-escalate" camunda:type="external" camunda:topic="escalate-overdue">
      <bpmn:extensionElements><camunda:properties>
        <camunda:property name="reglament:step" value="процесс 3" /><camunda:property name="reglament:overdueElement" value="fill-request" />
      </camunda:properties></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f3" sourceRef="fill-request-escalate" targetRef="fill-request-escalated" />
    <bpmn:endEvent id="fill-request-escalated" />
    <bpmn:sequenceFlow id="f4" sourceRef="fill-request" targetRef="register" />
    <bpmn:serviceTask id="register" camunda:type="external" camunda:topic="register-request" />
    <bpmn:sequenceFlow id="f5" sourceRef="register" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

let server: TestServer; let base: string; let workers: RunningWorkers;
const rest = restClient(() => base);

beforeAll(async () => {
  server = await startServer({ startHost: true });
  base = `${await server.listen()}/engine-rest`;
  for (const [key, group] of [['unemployed-certificate-portal', 'applicant'], ['unemployed-certificate-con', 'con-operator']]) {
    const form = new FormData();
    form.append('tenant-id', 'semey');
    form.append('data', new Blob([route(key!, group!)], { type: 'application/xml' }), `${key}.bpmn`);
    await rest('/deployment/create', { method: 'POST', body: form });
  }
  workers = await startWorkers({
    engineRestUrl: base, auth: { username: 'admin', password: 'admin-secret' }, asyncResponseTimeout: 1000, interval: 50,
    modules: await discoverWorkers(['register-request', 'escalate-overdue']),
    ctx: { env: {}, logger: { info() {}, warn() {}, error() {} } },
  });
});
afterAll(async () => { await workers?.stop(); await server?.close(); });

/** Starts the route and waits until its escalation has run to its end event (the worker completed it). */
async function breach(key: string): Promise<string> {
  const { id } = await rest(`/process-definition/key/${key}/tenant-id/semey/start`, { method: 'POST', body: '{}' }) as { id: string };
  await until('the escalation ran', async () => {
    const ended = await rest(`/history/activity-instance?processInstanceId=${id}&activityId=fill-request-escalated`) as unknown[];
    return ended.length ? ended : null;
  });
  return id;
}

describe('escalate-overdue and the applicant’s own steps', () => {
  it('does not escalate the applicant’s abandoned portal draft, and still escalates the ЦОН operator’s own step', async () => {
    const draft = await breach('unemployed-certificate-portal');
    const staff = await breach('unemployed-certificate-con');
    const open = await listOverdue(server.db.db, ['semey']);
    expect(open.find((o) => o.processInstanceId === draft)).toBeUndefined();
    expect(open.find((o) => o.processInstanceId === staff)).toMatchObject({ step: 'процесс 3', elementId: 'fill-request' });
    const events = await server.db.db('outbox_event').where({ type: 'escalation' });
    expect(events).toHaveLength(1);
    // The draft is still the applicant's to finish: the step goes on.
    expect(await rest(`/task?processInstanceId=${draft}`)).toHaveLength(1);
  }, 60_000);
});
