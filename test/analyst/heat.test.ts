// The analyst's heatmap on a real host: per element, the instances waiting there, those past the element's deadline
// (counted from the step's start with the deadline timer's duration and calendar), and the share of finished passes
// that kept within the limit — on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Access, type Host } from '../../src/engine/index.js';
import { routeHeat } from '../../src/analyst/heat.js';
import { dialects, freshDb, type TestDb } from '../support/databases.js';

const admin: Access = { tenantIds: null, userId: 'analyst-test' };

const route = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <process id="heat-route" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="register" />
    <userTask id="register" name="процесс 6 — регистрация" camunda:candidateGroups="provider-specialist" />
    <boundaryEvent id="register-deadline" attachedToRef="register" cancelActivity="false">
      <extensionElements><camunda:properties><camunda:property name="reglament:calendar" value="calendar" /></camunda:properties></extensionElements>
      <timerEventDefinition><timeDuration>PT30M</timeDuration></timerEventDefinition>
    </boundaryEvent>
    <sequenceFlow id="f2" sourceRef="register" targetRef="decide" />
    <userTask id="decide" name="процесс 7 — решение" camunda:candidateGroups="provider-specialist" />
    <sequenceFlow id="f3" sourceRef="decide" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`);

describe.each(dialects)('routeHeat on %s', (dialect) => {
  let t: TestDb;
  let host: Host;
  let definitionId = '';

  beforeAll(async () => {
    t = await freshDb(dialect);
    host = await createHost({ db: t.db, timerPollInterval: 60_000 });
    const result = await host.deploy({ name: 'heat', resources: [{ name: 'heat.bpmn', content: route }] }, admin);
    definitionId = result.processDefinitions[0]!.id;
  });
  afterAll(async () => { await host?.stop(); await t?.destroy(); });

  it('counts active and overdue passes per element and the share finished within the limit', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await host.startInstance({ definitionId }, {}, admin)).id);
    const hourAgo = Date.now() - 3600_000;
    // Instance 0 waits at registration for an hour (past 30 minutes); instance 1 was registered in time,
    // instance 2 late (started an hour ago, finished now); instance 3 just arrived.
    await t.db('engine_hist_activity').whereIn('instance_id', [ids[0], ids[2]]).where({ activity_id: 'register' }).update({ start_time: hourAgo });
    for (const id of [ids[1], ids[2]]) {
      const [task] = await host.listTasks({ processInstanceId: id }, admin);
      await host.completeTask(task!.id, {}, admin);
    }
    const heat = new Map((await routeHeat(host, definitionId, admin)).map((r) => [r.activityId, r]));
    expect(heat.get('register')).toEqual({ activityId: 'register', active: 2, overdue: 1, finished: 2, withinLimitShare: 0.5 });
    // No deadline on the decision: its waiting passes are never overdue and have no share.
    expect(heat.get('decide')).toEqual({ activityId: 'decide', active: 2, overdue: 0, finished: 0, withinLimitShare: null });
    expect(heat.has('register-deadline')).toBe(false);
  });
});
