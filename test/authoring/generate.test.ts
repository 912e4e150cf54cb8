// The authoring generator: a small route model becomes a well-formed, lint-clean BPMN file whose
// diagram has a shape inside its lane for every flow node and an edge for every flow.
import { describe, expect, it } from 'vitest';
import { generateRoute, RouteModelError } from '../../scripts/authoring/generate.js';
import { checkBpmn } from '../../scripts/authoring/check.js';
import type { ModdleElement } from '../../scripts/authoring/moddle.js';
import type { RouteModel } from '../../scripts/authoring/route-model.js';

const small = (): RouteModel => ({
  id: 'sample-portal',
  name: 'Пример маршрута',
  language: 'ru',
  lanes: [
    { id: 'applicant', name: 'Получатель' },
    { id: 'portal', name: 'ПЭП' },
  ],
  nodes: [
    { kind: 'start', id: 'start', name: 'процесс 1 — авторизация', lane: 'applicant', step: 'процесс 1', initiator: 'initiator', next: 'authorize' },
    { kind: 'externalTask', id: 'authorize', name: 'условие 1 — проверка', lane: 'portal', step: 'условие 1', topic: 'authorize',
      properties: { system: 'ПЭП' }, next: 'authorized', errors: [{ code: 'AUTH_DOWN', name: 'сбой', target: 'auth-failed' }] },
    { kind: 'exclusiveGateway', id: 'authorized', name: 'условие 1 — авторизован?', lane: 'portal', step: 'условие 1', branches: [
      { target: 'auth-refused', condition: '${!authorized}', name: 'нет' },
      { target: 'fill', condition: '${authorized}', name: 'да' },
    ] },
    { kind: 'end', id: 'auth-refused', name: 'процесс 2 — отказ в авторизации', lane: 'portal', step: 'процесс 2', outcome: 'refusal' },
    { kind: 'end', id: 'auth-failed', name: 'процесс 2 — сбой авторизации', lane: 'portal', step: 'процесс 2', outcome: 'refusal' },
    { kind: 'userTask', id: 'fill', name: 'процесс 3 — заполнение формы', lane: 'applicant', step: 'процесс 3', action: 'Таблица 3, действие 1',
      assignee: '${initiator}', formRef: 'sample-application', documentation: 'выбор услуги и заполнение формы',
      limit: { duration: 'P3D', calendar: 'kz-working-days', excludeReceiptDay: true, text: 'В течение 3 рабочих дней' }, next: 'done' },
    { kind: 'end', id: 'done', name: 'процесс 7 — результат', lane: 'applicant', step: 'процесс 7', outcome: 'result' },
  ],
});

function all(definitions: ModdleElement, type: string): ModdleElement[] {
  const process = definitions.rootElements.find((element: ModdleElement) => element.$type === 'bpmn:Process');
  return process.flowElements.filter((element: ModdleElement) => element.$type === type);
}

function inside(inner: { x: number; y: number; width: number; height: number }, outer: typeof inner): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

describe('scripts/authoring/generate', () => {
  it('produces a file that parses without warnings and passes bpmnlint recommended', async () => {
    const xml = await generateRoute(small());
    const { parseWarnings, lintErrors, lintWarnings } = await checkBpmn(xml);
    expect(parseWarnings).toEqual([]);
    expect(lintErrors).toEqual([]);
    expect(lintWarnings).toEqual([]);
    expect(xml).toContain('modeler:executionPlatform="Camunda Platform"');
    expect(xml).toContain('modeler:executionPlatformVersion="7.21.0"');
  });

  it('places every flow node inside its lane and draws every flow', async () => {
    const { definitions } = await checkBpmn(await generateRoute(small()));
    const process = definitions.rootElements.find((element: ModdleElement) => element.$type === 'bpmn:Process');
    const planeElements: ModdleElement[] = definitions.diagrams[0].plane.planeElement;
    const shapeOf = new Map(planeElements.filter((e) => e.$type === 'bpmndi:BPMNShape').map((e) => [e.bpmnElement.id, e]));
    const edgeOf = new Map(planeElements.filter((e) => e.$type === 'bpmndi:BPMNEdge').map((e) => [e.bpmnElement.id, e]));
    const lanes: ModdleElement[] = process.laneSets[0].lanes;
    const nodes = process.flowElements.filter((element: ModdleElement) => element.$type !== 'bpmn:SequenceFlow');
    expect(nodes.length).toBe(11); // 7 model nodes + timer, escalation task, escalated end + error boundary
    for (const node of nodes) {
      const shape = shapeOf.get(node.id);
      expect(shape, node.id).toBeDefined();
      const lane = lanes.find((candidate) => (candidate.flowNodeRef ?? []).includes(node));
      expect(lane, `${node.id} has a lane`).toBeDefined();
      const laneBounds = shapeOf.get(lane!.id)!.bounds;
      expect(inside(shape!.bounds, laneBounds), `${node.id} inside lane ${lane!.id}`).toBe(true);
    }
    for (const flow of process.flowElements.filter((element: ModdleElement) => element.$type === 'bpmn:SequenceFlow')) {
      const edge = edgeOf.get(flow.id);
      expect(edge, flow.id).toBeDefined();
      expect(edge!.waypoint.length).toBeGreaterThanOrEqual(2);
    }
    expect(shapeOf.get('participant-sample-portal')).toBeDefined();
  });

  it('gives a limit its non-interrupting timer, escalate-overdue task and escalated end', async () => {
    const { definitions } = await checkBpmn(await generateRoute(small()));
    const timer = all(definitions, 'bpmn:BoundaryEvent').find((event) => event.id === 'fill-deadline')!;
    expect(timer.cancelActivity).toBe(false);
    expect(timer.attachedToRef.id).toBe('fill');
    expect(timer.eventDefinitions[0].timeDuration.body).toBe('P3D');
    const props = Object.fromEntries(timer.extensionElements.values[0].values.map((p: ModdleElement) => [p.name, p.value]));
    expect(props).toMatchObject({
      'reglament:calendar': 'kz-working-days', 'reglament:excludeReceiptDay': 'true',
      'reglament:limitText': 'В течение 3 рабочих дней', 'reglament:step': 'процесс 3', 'reglament:action': 'Таблица 3, действие 1',
    });
    const escalate = all(definitions, 'bpmn:ServiceTask').find((task) => task.id === 'fill-escalate')!;
    expect(escalate.topic).toBe('escalate-overdue');
    expect(escalate.outgoing[0].targetRef.id).toBe('fill-escalated');
  });

  it('writes Camunda attributes for user and external tasks and conditions on gateway flows', async () => {
    const xml = await generateRoute(small());
    expect(xml).toContain('camunda:formRef="sample-application"');
    expect(xml).toContain('camunda:formRefBinding="latest"');
    expect(xml).toContain('camunda:assignee="${initiator}"');
    expect(xml).toContain('camunda:type="external" camunda:topic="authorize"');
    expect(xml).toContain('camunda:initiator="initiator"');
    expect(xml).toContain('camunda:historyTimeToLive="180"');
    expect(xml).toMatch(/<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">\$\{!authorized\}<\/bpmn:conditionExpression>/);
    expect(xml).toContain('errorCode="AUTH_DOWN"');
  });

  it('routes a flow that would cross a node of its row through the channel above the row', async () => {
    const model: RouteModel = {
      id: 'channel-sample', name: 'Обход', language: 'ru',
      lanes: [{ id: 'a', name: 'СФЕ' }],
      nodes: [
        { kind: 'start', id: 'start', name: 'начало', lane: 'a', next: 'choose' },
        { kind: 'exclusiveGateway', id: 'choose', name: 'условие 1 — выбор?', lane: 'a', branches: [
          { target: 'refused', condition: '${!authorized}', name: 'нет' },
          { target: 'wait', condition: "${decision == 'queue'}", name: 'ждать' },
          { target: 'work', condition: '${authorized}', name: 'да' },
        ] },
        { kind: 'end', id: 'refused', name: 'процесс 2 — отказ', lane: 'a', outcome: 'refusal' },
        { kind: 'timerCatch', id: 'wait', name: 'ожидание', lane: 'a', limit: { duration: 'PT1H', text: 'час' }, next: 'work' },
        { kind: 'messageCatch', id: 'work', name: 'процесс 3 — ответ', lane: 'a', message: 'answer', next: 'done' },
        { kind: 'end', id: 'done', name: 'результат', lane: 'a', outcome: 'result' },
      ],
    };
    const xml = await generateRoute(model);
    const { definitions, parseWarnings, lintErrors } = await checkBpmn(xml);
    expect(parseWarnings).toEqual([]);
    expect(lintErrors).toEqual([]);
    expect(xml).toContain('<bpmn:message id="message-answer" name="answer" />');
    const plane: ModdleElement[] = definitions.diagrams[0].plane.planeElement;
    const box = (id: string) => plane.find((e) => e.bpmnElement.id === id)!.bounds;
    const edge = plane.find((e) => e.bpmnElement.id === 'flow-choose-to-work')!;
    const points = edge.waypoint.map((p: ModdleElement) => ({ x: p.x, y: p.y }));
    // Every segment misses the nodes between the gateway and its target.
    for (const id of ['refused', 'wait']) {
      const b = box(id);
      for (let i = 1; i < points.length; i++) {
        const [p, q] = [points[i - 1], points[i]];
        const crossesX = Math.max(p.x, q.x) > b.x && Math.min(p.x, q.x) < b.x + b.width;
        const crossesY = Math.max(p.y, q.y) > b.y && Math.min(p.y, q.y) < b.y + b.height;
        expect(crossesX && crossesY, `segment ${i} crosses ${id}`).toBe(false);
      }
    }
    expect(points.at(-1)).toEqual({ x: box('work').x + box('work').width / 2, y: box('work').y });
  });

  it('refuses a model with a dangling successor, naming it', async () => {
    const model = small();
    model.nodes[0]!.next = 'nowhere';
    await expect(generateRoute(model)).rejects.toThrow(RouteModelError);
    await expect(generateRoute(model)).rejects.toThrow(/'start' leads to unknown node 'nowhere'/);
  });
});
