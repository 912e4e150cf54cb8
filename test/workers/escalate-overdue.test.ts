// escalate-overdue end to end on the real server: a limit of the act breached by a user task fires its boundary timer,
// the discovered worker records the overdue step, and the indicators count the step and the request as late.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeIndicators } from '../../src/quality/index.js';
import { listOverdue } from '../../src/registry/index.js';
import { discoverWorkers } from '../../workers/discover.js';
import { startWorkers, type RunningWorkers } from '../../workers/runner.js';
import { adminAuth, startServer, type TestServer } from '../support/server.js';
import { restClient, until } from '../support/rest.js';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs" targetNamespace="http://reglament.test">
  <bpmn:process id="guardianship-certificate-portal" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="register" />
    <bpmn:serviceTask id="register" camunda:type="external" camunda:topic="register-request" />
    <bpmn:sequenceFlow id="f2" sourceRef="register" targetRef="review" />
    <bpmn:userTask id="review" name="процесс 6 — рассмотрение запроса">
      <bpmn:extensionElements><camunda:properties><camunda:property name="reglament:step" value="процесс 6" /></camunda:properties></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="review-deadline" attachedToRef="review" cancelActivity="false">
      <bpmn:timerEventDefinition><bpmn:timeDuration>PT1S</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="review-deadline" targetRef="review-escalate" />
    <bpmn:serviceTask id="review-escalate" camunda:type="external" camunda:topic="escalate-overdue">
      <bpmn:extensionElements><camunda:properties><camunda:property name="reglament:step" value="процесс 6" /></camunda:properties></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f4" sourceRef="review-escalate" targetRef="escalated" />
    <bpmn:endEvent id="escalated" />
    <bpmn:sequenceFlow id="f5" sourceRef="review" targetRef="done" />
    <bpmn:serviceTask id="done" camunda:type="external" camunda:topic="status-notify">
      <bpmn:extensionElements><camunda:properties><camunda:property name="status" value="completed" /></camunda:properties></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f6" sourceRef="done" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

let server: TestServer; let base: string; let workers: RunningWorkers;

const rest = restClient(() => base);

beforeAll(async () => {
  server = await startServer({ startHost: true });
  base = `${await server.listen()}/engine-rest`;
  const form = new FormData();
  form.append('tenant-id', 'semey');
  form.append('data', new Blob([BPMN], { type: 'application/xml' }), 'portal.bpmn');
  await rest('/deployment/create', { method: 'POST', body: form });
  workers = await startWorkers({
    engineRestUrl: base, auth: { username: 'admin', password: 'admin-secret' }, asyncResponseTimeout: 1000, interval: 50,
    modules: await discoverWorkers(['register-request', 'escalate-overdue', 'status-notify']),
    ctx: { env: {}, logger: { info() {}, warn() {}, error() {} } },
  });
});
afterAll(async () => { await workers?.stop(); await server?.close(); });

async function startAndReachReview(): Promise<{ id: string; taskId: string }> {
  const { id } = await rest('/process-definition/key/guardianship-certificate-portal/tenant-id/semey/start', { method: 'POST', body: '{}' }) as { id: string };
  const [task] = await until('the review task', async () => {
    const list = await rest(`/task?processInstanceId=${id}`) as Array<{ id: string }>;
    return list.length ? list : null;
  });
  return { id, taskId: task!.id };
}

describe('escalate-overdue on the real engine', () => {
  it('records the breach of процесс 6 once, and the indicators count it', async () => {
    const late = await startAndReachReview();
    const overdue = await until('the overdue record', async () => (await listOverdue(server.db.db, ['semey'])).find((o) => o.processInstanceId === late.id));
    expect(overdue).toMatchObject({ step: 'процесс 6', elementId: 'review', supervisorGroup: 'supervisor' });
    expect(overdue.requestNumber).toMatch(/^SEM-/);
    await rest(`/task/${late.taskId}/complete`, { method: 'POST', body: '{}' });

    const onTime = await startAndReachReview();
    await rest(`/task/${onTime.taskId}/complete`, { method: 'POST', body: '{}' });

    for (const pi of [late.id, onTime.id]) {
      await until('completion', async () => (await server.db.db('registry_request').where({ process_instance_id: pi }).first())?.status === 'completed');
    }
    // Finished: the breach leaves the supervisor's open list but stays counted.
    expect((await listOverdue(server.db.db, ['semey'])).find((o) => o.processInstanceId === late.id)).toBeUndefined();
    expect((await listOverdue(server.db.db, ['semey'], true)).find((o) => o.processInstanceId === late.id)!.resolvedAt).not.toBeNull();
    const [row] = await computeIndicators(server.db.db, { tenantIds: ['semey'] });
    expect(row).toMatchObject({ service: 'guardianship-certificate', route: 'portal', requests: 2, finished: 2, finishedWithinLimit: 1, shareWithinLimit: 0.5 });
    expect(row!.steps).toEqual([{ step: 'процесс 6', elementId: 'review', finished: 2, overdue: 1, shareWithinLimit: 0.5 }]);
    const events = await server.db.db('outbox_event').where({ type: 'escalation' });
    expect(events).toHaveLength(1);
  }, 90_000);
});
