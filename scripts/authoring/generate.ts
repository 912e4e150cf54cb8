// Turns a route model into BPMN 2.0 XML (Camunda 7 constructs only) with a complete diagram, built
// as bpmn-moddle elements and serialised by toXML so the output is always well-formed.
import { createModdle, type Moddle, type ModdleElement } from './moddle.js';
import { computeLayout, labelBox, limitOf, routeFlow, routeFromBoundary, type Box, type Layout, type Point } from './layout.js';
import type { EscalationLabels, Limit, RouteModel, RouteNode } from './route-model.js';

export const EXECUTION_PLATFORM = 'Camunda Platform';
export const EXECUTION_PLATFORM_VERSION = '7.21.0';
const MODELER_NS = 'http://camunda.org/schema/modeler/1.0';

const DEFAULT_ESCALATION: Record<RouteModel['language'], EscalationLabels> = {
  ru: { timer: 'срок', task: 'срок нарушен: уведомление руководителя', end: 'срок нарушен' },
  kk: { timer: 'мерзім', task: 'мерзім бұзылды: басшыға хабарлау', end: 'мерзім бұзылды' },
};

/** Problems of a model found before any XML is built. */
export class RouteModelError extends Error {
  constructor(routeId: string, problems: string[]) {
    super(`Route model '${routeId}' is invalid: ${problems.join('; ')}`);
    this.name = 'RouteModelError';
  }
}

/** Successor ids of a node, in order. */
export function successorsOf(node: RouteNode): string[] {
  const out: string[] = [];
  if (node.kind === 'exclusiveGateway') out.push(...node.branches.map((branch) => branch.target));
  else if (node.next) out.push(node.next);
  if (node.kind === 'externalTask') out.push(...(node.errors ?? []).map((error) => error.target));
  return out;
}

export function validateModel(model: RouteModel): void {
  const problems: string[] = [];
  const ids = new Set<string>();
  const laneIds = new Set(model.lanes.map((lane) => lane.id));
  for (const node of model.nodes) {
    if (ids.has(node.id)) problems.push(`duplicate node id '${node.id}'`);
    ids.add(node.id);
    if (!/^[A-Za-z_][\w.-]*$/.test(node.id)) problems.push(`node id '${node.id}' is not an NCName`);
    if (!laneIds.has(node.lane)) problems.push(`node '${node.id}' is in unknown lane '${node.lane}'`);
    if (!node.name.trim()) problems.push(`node '${node.id}' has no name`);
  }
  for (const node of model.nodes) {
    for (const target of successorsOf(node)) {
      if (!ids.has(target)) problems.push(`node '${node.id}' leads to unknown node '${target}'`);
    }
    if (node.kind === 'end' && node.next) problems.push(`end '${node.id}' has a successor`);
    if (node.kind !== 'end' && node.kind !== 'exclusiveGateway' && !node.next) problems.push(`node '${node.id}' has no successor`);
    if (node.kind === 'exclusiveGateway') {
      if (node.branches.length === 0) problems.push(`gateway '${node.id}' has no branch`);
      if (node.branches.length > 1) {
        for (const branch of node.branches) {
          if (!branch.default && !branch.condition) problems.push(`branch '${node.id}' → '${branch.target}' has neither condition nor default`);
          if (!branch.name) problems.push(`branch '${node.id}' → '${branch.target}' has no name`);
        }
        if (node.branches.filter((branch) => branch.default).length > 1) problems.push(`gateway '${node.id}' has several defaults`);
      }
    }
  }
  if (model.nodes[0]?.kind !== 'start') problems.push('the first node must be the start event');
  if (problems.length > 0) throw new RouteModelError(model.id, problems);
}

interface Built {
  moddle: Moddle;
  process: ModdleElement;
  elements: Map<string, ModdleElement>;
  flowElements: ModdleElement[];
  rootElements: ModdleElement[];
  laneRefs: Map<string, ModdleElement[]>;
  diagram: ModdleElement[];
}

function properties(moddle: Moddle, entries: Record<string, string | undefined>): ModdleElement {
  const values = Object.entries(entries)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([name, value]) => moddle.create('camunda:Property', { name, value }));
  return moddle.create('bpmn:ExtensionElements', { values: [moddle.create('camunda:Properties', { values })] });
}

function documentation(moddle: Moddle, text: string | undefined): ModdleElement[] | undefined {
  return text ? [moddle.create('bpmn:Documentation', { text })] : undefined;
}

function bounds(moddle: Moddle, box: Box): ModdleElement {
  return moddle.create('dc:Bounds', { x: box.x, y: box.y, width: box.width, height: box.height });
}

function shape(b: Built, element: ModdleElement, box: Box, label?: Box, extra: Record<string, unknown> = {}): void {
  const attrs: Record<string, unknown> = { id: `${element.id}_di`, bpmnElement: element, bounds: bounds(b.moddle, box), ...extra };
  if (label) attrs.label = b.moddle.create('bpmndi:BPMNLabel', { bounds: bounds(b.moddle, label) });
  b.diagram.push(b.moddle.create('bpmndi:BPMNShape', attrs));
}

function edge(b: Built, flow: ModdleElement, points: Point[]): void {
  const attrs: Record<string, unknown> = {
    id: `${flow.id}_di`,
    bpmnElement: flow,
    waypoint: points.map((point) => b.moddle.create('dc:Point', { x: point.x, y: point.y })),
  };
  if (flow.name) {
    const first = points[0]!;
    const second = points[1] ?? first;
    const horizontal = first.y === second.y;
    // A flow that runs in a channel is labelled where it turns towards its target, apart from its siblings.
    const turn = points.length >= 4 ? points[points.length - 2]! : undefined;
    const box = horizontal
      ? { x: first.x + 6, y: first.y - 22, width: 90, height: 14 }
      : turn
        ? { x: turn.x + 6, y: turn.y - 18, width: 90, height: 14 }
        : { x: first.x + 6, y: (first.y + second.y) / 2 - 7, width: 90, height: 14 };
    attrs.label = b.moddle.create('bpmndi:BPMNLabel', { bounds: bounds(b.moddle, box) });
  }
  b.diagram.push(b.moddle.create('bpmndi:BPMNEdge', attrs));
}

function connect(b: Built, source: ModdleElement, target: ModdleElement, attrs: Record<string, unknown> = {}): ModdleElement {
  const flow = b.moddle.create('bpmn:SequenceFlow', {
    id: `flow-${source.id}-to-${target.id}`,
    sourceRef: source,
    targetRef: target,
    ...attrs,
  });
  source.outgoing = [...(source.outgoing ?? []), flow];
  target.incoming = [...(target.incoming ?? []), flow];
  b.flowElements.push(flow);
  return flow;
}

function addToLane(b: Built, lane: string, element: ModdleElement): void {
  b.laneRefs.get(lane)!.push(element);
}

function stepProperties(node: RouteNode, extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return { 'reglament:step': node.step, 'reglament:action': node.action, ...node.properties, ...extra };
}

function createNode(b: Built, node: RouteNode): ModdleElement {
  const { moddle } = b;
  const common: Record<string, unknown> = { id: node.id, name: node.name, documentation: documentation(moddle, node.documentation) };
  switch (node.kind) {
    case 'start':
      return moddle.create('bpmn:StartEvent', {
        ...common,
        extensionElements: properties(moddle, stepProperties(node)),
        ...(node.initiator ? { 'camunda:initiator': node.initiator } : {}),
        ...(node.formRef ? { 'camunda:formRef': node.formRef, 'camunda:formRefBinding': 'latest' } : {}),
      });
    case 'userTask':
      return moddle.create('bpmn:UserTask', {
        ...common,
        extensionElements: properties(moddle, stepProperties(node)),
        ...(node.candidateGroups?.length ? { 'camunda:candidateGroups': node.candidateGroups.join(',') } : {}),
        ...(node.assignee ? { 'camunda:assignee': node.assignee } : {}),
        'camunda:formRef': node.formRef,
        'camunda:formRefBinding': 'latest',
      });
    case 'externalTask':
      return moddle.create('bpmn:ServiceTask', {
        ...common,
        extensionElements: properties(moddle, stepProperties(node)),
        'camunda:type': 'external',
        'camunda:topic': node.topic,
      });
    case 'exclusiveGateway':
      return moddle.create('bpmn:ExclusiveGateway', {
        ...common,
        ...(node.step || node.action || node.properties ? { extensionElements: properties(moddle, stepProperties(node)) } : {}),
      });
    case 'end':
      return moddle.create('bpmn:EndEvent', {
        ...common,
        extensionElements: properties(moddle, stepProperties(node, { 'reglament:outcome': node.outcome })),
      });
    case 'timerCatch':
      return moddle.create('bpmn:IntermediateCatchEvent', {
        ...common,
        extensionElements: properties(moddle, { ...stepProperties(node), ...limitProperties(node.limit, node) }),
        eventDefinitions: [timerDefinition(moddle, node.limit)],
      });
    case 'messageCatch': {
      const message = messageFor(b, node.message);
      return moddle.create('bpmn:IntermediateCatchEvent', {
        ...common,
        extensionElements: properties(moddle, stepProperties(node)),
        eventDefinitions: [moddle.create('bpmn:MessageEventDefinition', { messageRef: message })],
      });
    }
  }
}

function messageFor(b: Built, name: string): ModdleElement {
  const id = `message-${name.replace(/[^\w.-]/g, '-')}`;
  let message = b.rootElements.find((element) => element.id === id);
  if (!message) {
    message = b.moddle.create('bpmn:Message', { id, name });
    b.rootElements.push(message);
  }
  return message;
}

function errorFor(b: Built, code: string, name: string): ModdleElement {
  const id = `error-${code.replace(/[^\w.-]/g, '-')}`;
  let error = b.rootElements.find((element) => element.id === id);
  if (!error) {
    error = b.moddle.create('bpmn:Error', { id, name, errorCode: code });
    b.rootElements.push(error);
  }
  return error;
}

function timerDefinition(moddle: Moddle, limit: Limit): ModdleElement {
  return moddle.create('bpmn:TimerEventDefinition', {
    timeDuration: moddle.create('bpmn:FormalExpression', { body: limit.duration }),
  });
}

function limitProperties(limit: Limit, node: RouteNode): Record<string, string | undefined> {
  return {
    'reglament:step': limit.step ?? node.step,
    'reglament:action': limit.action ?? node.action,
    'reglament:calendar': limit.calendar ?? 'calendar',
    'reglament:excludeReceiptDay': String(limit.excludeReceiptDay ?? false),
    'reglament:limitText': limit.text,
  };
}

/** The deadline of a step: boundary timer → escalate-overdue → end (outcome escalated). */
function addDeadline(b: Built, layout: Layout, node: RouteNode, task: ModdleElement, limit: Limit, labels: EscalationLabels): void {
  const { moddle } = b;
  const step = limit.step ?? node.step ?? node.name;
  const placed = layout.deadlines.get(node.id)!;
  const timer = moddle.create('bpmn:BoundaryEvent', {
    id: `${node.id}-deadline`,
    name: `${step} — ${labels.timer}: ${limit.text}`,
    attachedToRef: task,
    cancelActivity: limit.interrupting ?? false,
    extensionElements: properties(moddle, limitProperties(limit, node)),
    eventDefinitions: [timerDefinition(moddle, limit)],
  });
  const escalate = moddle.create('bpmn:ServiceTask', {
    id: `${node.id}-escalate`,
    name: `${step} — ${labels.task}`,
    'camunda:type': 'external',
    'camunda:topic': 'escalate-overdue',
    extensionElements: properties(moddle, {
      'reglament:step': limit.step ?? node.step,
      'reglament:action': limit.action ?? node.action,
      'reglament:overdueElement': node.id,
      'reglament:limitText': limit.text,
      // No act escalates: the branch is this product's convention (lint rule reglament/source-mark).
      'reglament:source': 'convention:escalation',
    }),
  });
  const end = moddle.create('bpmn:EndEvent', {
    id: `${node.id}-escalated`,
    name: `${step} — ${labels.end}`,
    extensionElements: properties(moddle, { 'reglament:step': limit.step ?? node.step, 'reglament:outcome': 'escalated', 'reglament:source': 'convention:escalation' }),
  });
  b.flowElements.push(timer, escalate, end);
  for (const element of [timer, escalate, end]) addToLane(b, node.lane, element);
  const toEscalate = connect(b, timer, escalate);
  const toEnd = connect(b, escalate, end);
  shape(b, timer, placed.timer, labelBox('event', { ...placed.timer, x: placed.timer.x + 40, y: placed.timer.y - 4 }));
  shape(b, escalate, placed.escalateTask);
  shape(b, end, placed.escalatedEnd, labelBox('event', placed.escalatedEnd));
  edge(b, toEscalate, routeFromBoundary(placed.timer, placed.escalateTask));
  const escalateRight = placed.escalateTask.x + placed.escalateTask.width;
  const midY = placed.escalateTask.y + placed.escalateTask.height / 2;
  edge(b, toEnd, [{ x: escalateRight, y: midY }, { x: placed.escalatedEnd.x, y: midY }]);
}

/** Model → BPMN 2.0 XML with DI. Throws RouteModelError on an inconsistent model. */
export async function generateRoute(model: RouteModel): Promise<string> {
  validateModel(model);
  const moddle = createModdle();
  const layout = computeLayout(model);
  const labels = model.escalation ?? DEFAULT_ESCALATION[model.language];
  const process = moddle.create('bpmn:Process', {
    id: model.id,
    name: model.name,
    isExecutable: true,
    'camunda:historyTimeToLive': String(model.historyTimeToLive ?? 180),
    documentation: documentation(moddle, model.documentation),
  });
  const b: Built = {
    moddle, process, elements: new Map(), flowElements: [], rootElements: [], diagram: [],
    laneRefs: new Map(model.lanes.map((lane) => [lane.id, []])),
  };

  for (const node of model.nodes) {
    const element = createNode(b, node);
    b.elements.set(node.id, element);
    b.flowElements.push(element);
    addToLane(b, node.lane, element);
  }

  const collaboration = moddle.create('bpmn:Collaboration', { id: `collaboration-${model.id}` });
  const participant = moddle.create('bpmn:Participant', {
    id: `participant-${model.id}`, name: model.participant ?? model.name, processRef: process,
  });
  collaboration.participants = [participant];
  shape(b, participant, layout.pool, undefined, { isHorizontal: true });
  const lanes = model.lanes.map((lane) => {
    const element = moddle.create('bpmn:Lane', { id: `lane-${lane.id}`, name: lane.name });
    shape(b, element, layout.lanes.get(lane.id)!, undefined, { isHorizontal: true });
    return { lane, element };
  });

  for (const node of model.nodes) {
    const element = b.elements.get(node.id)!;
    const placed = layout.nodes.get(node.id)!;
    const label = node.kind === 'exclusiveGateway' ? labelBox('gateway', placed)
      : node.kind === 'userTask' || node.kind === 'externalTask' ? undefined : labelBox('event', placed);
    shape(b, element, placed, label, node.kind === 'exclusiveGateway' ? { isMarkerVisible: true } : {});
  }

  for (const node of model.nodes) {
    const source = b.elements.get(node.id)!;
    const placedSource = layout.nodes.get(node.id)!;
    if (node.kind === 'exclusiveGateway') {
      for (const branch of node.branches) {
        const target = b.elements.get(branch.target)!;
        const flow = connect(b, source, target, {
          ...(branch.name ? { name: branch.name } : {}),
          ...(branch.condition ? { conditionExpression: moddle.create('bpmn:FormalExpression', { body: branch.condition }) } : {}),
        });
        if (branch.default) source.default = flow;
        edge(b, flow, routeFlow(layout, placedSource, layout.nodes.get(branch.target)!, node.branches.length > 1));
      }
    } else if (node.next) {
      const flow = connect(b, source, b.elements.get(node.next)!);
      edge(b, flow, routeFlow(layout, placedSource, layout.nodes.get(node.next)!, false));
    }
    const limit = limitOf(node);
    if (limit) addDeadline(b, layout, node, source, limit, labels);
    if (node.kind === 'externalTask') {
      for (const error of node.errors ?? []) {
        const boundaryBox = layout.errorBoundaries.get(`${node.id}:${error.code}`)!;
        const boundary = moddle.create('bpmn:BoundaryEvent', {
          id: `${node.id}-error-${error.code.toLowerCase().replace(/[^\w.-]/g, '-')}`,
          name: error.name,
          attachedToRef: source,
          cancelActivity: true,
          eventDefinitions: [moddle.create('bpmn:ErrorEventDefinition', { errorRef: errorFor(b, error.code, error.name) })],
        });
        b.flowElements.push(boundary);
        addToLane(b, node.lane, boundary);
        const flow = connect(b, boundary, b.elements.get(error.target)!);
        shape(b, boundary, boundaryBox, labelBox('event', { ...boundaryBox, x: boundaryBox.x - 60 }));
        edge(b, flow, routeFromBoundary(boundaryBox, layout.nodes.get(error.target)!));
      }
    }
  }

  for (const { lane, element } of lanes) element.flowNodeRef = b.laneRefs.get(lane.id);
  process.laneSets = [moddle.create('bpmn:LaneSet', { id: `laneset-${model.id}`, lanes: lanes.map((entry) => entry.element) })];
  process.flowElements = b.flowElements;

  const plane = moddle.create('bpmndi:BPMNPlane', { id: `plane-${model.id}`, bpmnElement: collaboration, planeElement: b.diagram });
  const diagram = moddle.create('bpmndi:BPMNDiagram', { id: `diagram-${model.id}`, plane });
  const definitions = moddle.create('bpmn:Definitions', {
    id: `definitions-${model.id}`,
    targetNamespace: 'http://bpmn.io/schema/bpmn',
    exporter: 'reglament authoring',
    exporterVersion: '1.0',
    rootElements: [...b.rootElements, collaboration, process],
    diagrams: [diagram],
  });
  definitions.$attrs['xmlns:modeler'] = MODELER_NS;
  definitions.$attrs['modeler:executionPlatform'] = EXECUTION_PLATFORM;
  definitions.$attrs['modeler:executionPlatformVersion'] = EXECUTION_PLATFORM_VERSION;
  const { xml } = await moddle.toXML(definitions, { format: true });
  return `${xml}\n`;
}
