// The analyst's heatmap on a real host: per element, the instances waiting there, those past the element's deadline
// (counted from the step's start with the deadline timer's duration and calendar), and the share of finished passes
// that kept within the limit — on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Access, type Host } from '../../src/engine/index.js';
import { routeHeat } from '../../src/analyst/heat.js';
import { addDuration } from '../../src/calendar/index.js';
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
    const heat = new Map((await routeHeat(host, t.db, definitionId, admin)).map((r) => [r.activityId, r]));
    expect(heat.get('register')).toEqual({ activityId: 'register', active: 2, overdue: 1, finished: 2, withinLimitShare: 0.5, limit: { duration: 'PT30M', calendar: 'calendar', excludeReceiptDay: false, text: null } });
    // No deadline on the decision: its waiting passes are never overdue and have no share.
    expect(heat.get('decide')).toEqual({ activityId: 'decide', active: 2, overdue: 0, finished: 0, withinLimitShare: null, limit: null });
    expect(heat.has('register-deadline')).toBe(false);
  });

  it('counts day limits in SQL as the calendar would count each pass (working days, receipt day, plain days)', async () => {
    const result = await host.deploy({ name: 'heat-days', resources: [{ name: 'days.bpmn', content: dayRoute }] }, admin);
    const id = result.processDefinitions[0]!.id;
    // Passes over two months around the New Year holidays, at every hour (18:30 and midnight included), open or not.
    const now = Date.parse('2026-01-20T09:00:00Z');
    let seed = 7;
    const random = () => { seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; return seed / 2 ** 31; };
    const rows = [];
    for (let i = 0; i < 1200; i++) {
      const activity = ['working', 'receipt', 'plain', 'short'][i % 4]!;
      const start = now - Math.floor(random() * 60 * 86_400_000 / 1_800_000) * 1_800_000 - (random() < 0.2 ? 1 : 0);
      const end = random() < 0.3 ? null : Math.min(now, start + Math.floor(random() * 8 * 86_400_000));
      rows.push({ id: `h${i}`, instance_id: `i${i}`, activity_id: activity, activity_type: 'userTask', definition_id: id, definition_key: 'heat-days', start_time: start, end_time: end, canceled: false, seq: 0 });
    }
    for (let i = 0; i < rows.length; i += 200) await t.db('engine_hist_activity').insert(rows.slice(i, i + 200));
    const limits: Record<string, [string, 'kz-working-days' | 'calendar', boolean]> = {
      working: ['P3DT1H', 'kz-working-days', true], receipt: ['P3D', 'calendar', true], plain: ['P2D', 'calendar', false], short: ['PT4H', 'calendar', false],
    };
    // The reference: every pass judged with the calendar, as the heatmap did before it counted in SQL.
    const expected = new Map<string, { active: number; overdue: number; finished: number; within: number }>();
    for (const r of rows) {
      const [duration, calendar, excludeReceiptDay] = limits[r.activity_id]!;
      const due = addDuration(new Date(r.start_time), duration, { calendar, excludeReceiptDay }).getTime();
      const e = expected.get(r.activity_id) ?? { active: 0, overdue: 0, finished: 0, within: 0 };
      if (r.end_time === null) { e.active++; if (due < now) e.overdue++; } else { e.finished++; if (r.end_time <= due) e.within++; }
      expected.set(r.activity_id, e);
    }
    const heat = new Map((await routeHeat(host, t.db, id, admin, new Date(now))).map((r) => [r.activityId, r]));
    for (const [activity, e] of expected) {
      expect(heat.get(activity), activity).toMatchObject({ active: e.active, overdue: e.overdue, finished: e.finished, withinLimitShare: e.within / e.finished });
    }
  });
});

const deadline = (task: string, duration: string, calendar: string, excludeReceiptDay: boolean) => `
    <userTask id="${task}" name="процесс — ${task}" camunda:candidateGroups="provider-specialist" />
    <boundaryEvent id="${task}-deadline" attachedToRef="${task}" cancelActivity="false">
      <extensionElements><camunda:properties><camunda:property name="reglament:calendar" value="${calendar}" /><camunda:property name="reglament:excludeReceiptDay" value="${excludeReceiptDay}" /></camunda:properties></extensionElements>
      <timerEventDefinition><timeDuration>${duration}</timeDuration></timerEventDefinition>
    </boundaryEvent>`;

const dayRoute = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <process id="heat-days" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="working" />${deadline('working', 'P3DT1H', 'kz-working-days', true)}
    <sequenceFlow id="f2" sourceRef="working" targetRef="receipt" />${deadline('receipt', 'P3D', 'calendar', true)}
    <sequenceFlow id="f3" sourceRef="receipt" targetRef="plain" />${deadline('plain', 'P2D', 'calendar', false)}
    <sequenceFlow id="f4" sourceRef="plain" targetRef="short" />${deadline('short', 'PT4H', 'calendar', false)}
    <sequenceFlow id="f5" sourceRef="short" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`);
