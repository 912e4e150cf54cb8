import { describe, expect, it } from 'vitest';
import { compareRoutes } from '../../src/analyst/compare.js';

const route = (opts: { taskName?: string; limit?: string; calendar?: string; withEnd?: boolean; group?: string } = {}) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="process-6" name="${opts.taskName ?? 'процесс 6 — обработка'}" camunda:candidateGroups="${opts.group ?? 'provider-specialist'}">
      <bpmn:extensionElements><camunda:properties><camunda:property name="reglament:step" value="процесс 6" /></camunda:properties></bpmn:extensionElements>
    </bpmn:userTask>
    <bpmn:boundaryEvent id="process-6-deadline" attachedToRef="process-6" cancelActivity="false">
      <bpmn:extensionElements><camunda:properties><camunda:property name="reglament:calendar" value="${opts.calendar ?? 'kz-working-days'}" /></camunda:properties></bpmn:extensionElements>
      <bpmn:timerEventDefinition><bpmn:timeDuration>${opts.limit ?? 'P3D'}</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    ${opts.withEnd === false ? '' : '<bpmn:endEvent id="end" />'}
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="process-6" />
  </bpmn:process>
</bpmn:definitions>`;

describe('compareRoutes', () => {
  it('finds nothing between a route and itself', async () => {
    expect(await compareRoutes(route(), route())).toEqual({ added: [], removed: [], changed: [], limitsChanged: [] });
  });

  it('reports a changed time limit and calendar as a limit change, not as an element change', async () => {
    const diff = await compareRoutes(route(), route({ limit: 'P5D', calendar: 'calendar' }));
    expect(diff.limitsChanged.map((c) => c.id)).toEqual(['process-6-deadline']);
    expect(diff.limitsChanged[0]!.detail).toContain('P3D → P5D');
    expect(diff.limitsChanged[0]!.detail).toContain('kz-working-days → calendar');
    expect(diff.changed).toEqual([]);
  });

  it('reports renamed tasks, changed candidate groups, and removed and added elements', async () => {
    const diff = await compareRoutes(route({ withEnd: false }), route({ taskName: 'процесс 6 — рассмотрение', group: 'supervisor' }));
    expect(diff.added.map((c) => c.id)).toEqual(['end']);
    const change = diff.changed.find((c) => c.id === 'process-6');
    expect(change?.detail).toContain('рассмотрение');
    expect(change?.detail).toContain('candidateGroups: provider-specialist → supervisor');
    const back = await compareRoutes(route(), route({ withEnd: false }));
    expect(back.removed.map((c) => c.id)).toEqual(['end']);
  });

  it('refuses XML with a DOCTYPE (no entity expansion) and XML that does not parse', async () => {
    await expect(compareRoutes(route(), '<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')).rejects.toThrow(/DOCTYPE/);
    await expect(compareRoutes(route(), '<bpmn:definitions')).rejects.toThrow(/does not parse/);
  });
});
