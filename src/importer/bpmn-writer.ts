// Writes one route as BPMN per docs/conventions.md: a lane per СФЕ, one element per step (user task for people,
// external task for systems, gateway after a check), boundary timers for the table's limits, and DI.
import type { ActStep, Language, Route, RouteSection, TableAction } from './structure.js';

export interface DraftElement {
  id: string;
  step: ActStep;
  type: 'userTask' | 'serviceTask';
  lane: string;
  topic?: string;
  candidateGroups?: string;
  assignee?: boolean;
  formRef?: string;
  limits: Array<{ action: TableAction; label: string }>;
  gateway?: { id: string; condition: string; refusal?: string };
}

export interface DraftRoute {
  route: Route;
  processId: string;
  xml: string;
  elements: DraftElement[];
  forms: string[];
  decisions: Array<{ line: number; what: string }>;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const PERSON_APPLICANT = /получател|потребител|тұтынушы|услугополучател|көрсетілетін қызметті алушы/iu;
const PERSON_CON = /оператор|сотрудник\S*\s+(?:Центра|ЦОН)|ХҚКО\s+қызметкер|ЦОН\s+қызметкер/iu;
const PERSON_PROVIDER = /специалист|сотрудник|қызметкер|маман/iu;
const SYSTEM = /^(?:формирован|направлен|маршрутизац|присвоен|регистрац|отображен|вывод|\S*\s*қалыптастыр|\S*\s*жіберу|\S*\s*бағытта)/iu;
const RESULT_STEP = /результат|нәтиже/iu;
const SYSTEM_KK_END = /(?:хабарлама\S*\s+қалыптастыру|жіберу|бағыттау|хабардар\s+ету\s+үдерісі|тіркеу)$/iu;

function topicOf(text: string, kind: ActStep['kind']): string | undefined {
  if (/авториз|пароль|парол/iu.test(text)) return 'authorize';
  if (/ЭЦП|ЭЦҚ/u.test(text) && kind === 'condition') return 'eds-verify-signature';
  if (/ГБД\s*ФЛ|ЖТ\s*МДҚ/u.test(text)) return 'gbd-fl-lookup';
  if (/ЕНИС|доверенност/iu.test(text)) return 'enis-power-of-attorney';
  if (/опек\S*\s+реестр|реестр\S*\s+по\s+опек/iu.test(text)) return 'guardianship-register-lookup';
  if (/отказ|бас\s+тарт/iu.test(text)) return 'status-notify';
  if (/ШЭП|ЭҮШ|РШЭП|направлен|жіберу|бағытта/iu.test(text)) return 'shep-send';
  if (/присвоен|регистрац|тіркеу/iu.test(text)) return 'register-request';
  if (/выдач|выдаёт|беру|жіберіл/iu.test(text)) return 'document-deliver';
  if (/результат|выходн|нәтиже/iu.test(text)) return 'document-generate';
  if (/статус|мәртебе/iu.test(text)) return 'status-notify';
  return undefined;
}

/** Who does a step: a person (and which group) or a system, from the step's own words. */
function actorOf(step: ActStep, route: Route): { lane: string; group?: string; applicant?: boolean } {
  const t = step.text;
  // The person who acts is the one named first; a system that merely receives the data does not count.
  const hits = [
    { re: PERSON_APPLICANT, v: { lane: 'applicant', applicant: true } },
    { re: PERSON_CON, v: { lane: 'con', group: 'con-operator' } },
    { re: PERSON_PROVIDER, v: { lane: 'provider', group: 'provider-specialist' } },
  ].map((h) => ({ ...h, at: t.search(h.re) })).filter((h) => h.at >= 0).sort((a, b) => a.at - b.at);
  // An unlabelled item nobody is named for is the route's own staff (the intake), or the applicant on the portal.
  if (step.kind === 'item' && hits.length === 0) return route === 'portal' ? { lane: 'applicant', applicant: true } : route === 'con' ? { lane: 'con', group: 'con-operator' } : { lane: 'provider', group: 'provider-specialist' };
  // A check is the system's; so is a step that starts with what a system does (forming a message, routing,
  // registering), unless it forms the result and names the person who does.
  if (step.kind === 'condition' || /^(?:проверк|тексер)/iu.test(t) || hits.length === 0) return { lane: 'system' };
  // Kazakh puts the verb last: «… хабарламаны қалыптастыру», «… ЭҮШ арқылы жіберу».
  const systemWork = SYSTEM.test(t) || SYSTEM_KK_END.test(t.split(/\(/u)[0]!.replace(/[\s;.,]+$/u, ''));
  if (systemWork && !(RESULT_STEP.test(t) && hits[0]!.at < 40)) return { lane: 'system' };
  const first = hits[0]!.v;
  if (first.applicant && route !== 'portal') return { lane: route, group: route === 'con' ? 'con-operator' : 'provider-specialist' };
  return first;
}

const LANE_NAMES: Record<Language, Record<string, string>> = {
  ru: { applicant: 'Получатель услуги', con: 'Оператор ЦОН', provider: 'Специалист услугодателя', system: 'Информационные системы (ИС, ШЭП/РШЭП, ПЭП)' },
  kk: { applicant: 'Тұтынушы', con: 'ХҚКО операторы', provider: 'Қызмет берушінің қызметкері', system: 'Ақпараттық жүйелер (АЖ, ЭҮШ, ЭҮП)' },
};

function slug(label: string, i: number): string {
  const ascii = label.replace(/процесс|процес/iu, 'p').replace(/условие/iu, 'c').replace(/шарт/iu, 'c').replace(/тармақ|п\./iu, 'item').replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
  return `s${i + 1}-${ascii || 'step'}`;
}

const REFUSAL = /отказ|бас\s+тарт|невозможност/iu;

/** Registration on the portal (an unlabelled first item of the portal route) happens before a request exists. */
export function isPortalRegistration(step: ActStep, route: Route, index: number): boolean {
  return !step.labelled && route === 'portal' && index === 0 && /регистрац|тіркеу/iu.test(step.text);
}

/** Elements of a route: portal registration has none. */
export function planRoute(section: RouteSection, service: string, assign: Map<ActStep, TableAction[]>, tableLabel: string, language: Language): { elements: DraftElement[]; decisions: Array<{ line: number; what: string }> } {
  const decisions: Array<{ line: number; what: string }> = [];
  const elements: DraftElement[] = [];
  section.steps.forEach((step, i) => {
    if (isPortalRegistration(step, section.route, i)) {
      decisions.push({ line: step.line, what: `«${step.label}» (registration on the portal) has no element: it happens before a request exists.` });
      return;
    }
    const actor = actorOf(step, section.route);
    const id = slug(step.label, i);
    const topic = actor.lane === 'system' ? topicOf(step.text, step.kind) ?? (step.kind === 'condition' ? undefined : 'status-notify') : undefined;
    const person = actor.lane !== 'system' || (step.kind === 'condition' && !topic);
    const el: DraftElement = {
      id, step, lane: person && actor.lane === 'system' ? section.route === 'portal' ? 'provider' : section.route : actor.lane,
      type: person ? 'userTask' : 'serviceTask',
      limits: (assign.get(step) ?? []).map((a) => ({ action: a, label: language === 'kk' ? `${tableLabel}, ${a.number}-іс-әрекет` : `${tableLabel}, действие ${a.number}` })),
    };
    if (el.type === 'serviceTask') el.topic = topic;
    else if (actor.applicant) el.assignee = true;
    else el.candidateGroups = actor.group ?? (el.lane === 'con' ? 'con-operator' : 'provider-specialist');
    if (el.type === 'userTask') el.formRef = `${service}-${section.route}-${id}`;
    if (actor.lane === 'system' && !topicOf(step.text, step.kind)) decisions.push({ line: step.line, what: `«${step.label}»: no external-task topic is clear from the text; drafted as '${el.topic ?? 'user task'}'.` });
    if (step.kind === 'condition') {
      const condition = el.topic === 'authorize' ? '${authorized}' : el.topic === 'eds-verify-signature' ? '${signatureValid}' : el.topic === 'gbd-fl-lookup' ? '${personFound}' : el.topic === 'enis-power-of-attorney' ? '${powerOfAttorneyValid}' : el.topic === 'guardianship-register-lookup' ? '${guardianshipRecordFound}' : "${decision != 'refusal'}";
      el.gateway = { id: `${id}-gateway`, condition };
    }
    elements.push(el);
  });
  // A condition's «no» branch goes to the next refusal step when the act has one, else to an implicit refusal end.
  elements.forEach((el, k) => {
    if (!el.gateway) return;
    const next = elements[k + 1];
    if (next && REFUSAL.test(next.step.text)) el.gateway.refusal = next.id;
    else decisions.push({ line: el.step.line, what: `«${el.step.label}»: the act names no step for a failed check; the draft ends that branch with a refusal (not in the act).` });
  });
  return { elements, decisions };
}

interface Shape { id: string; x: number; y: number; w: number; h: number }

export function writeRoute(section: RouteSection, service: string, plan: { elements: DraftElement[] }, language: Language, title: string): string {
  const { elements } = plan;
  const processId = `${service}-${section.route}`;
  const lanesUsed = [...new Set(elements.map((e) => e.lane))];
  const laneOrder = ['applicant', 'con', 'provider', 'system'].filter((l) => lanesUsed.includes(l));
  // Main line at +50, escalations in a row below it, refusal ends above it: nothing overlaps within a lane.
  const LANE_H = 360;
  const laneY = (lane: string): number => 80 + laneOrder.indexOf(lane) * LANE_H;
  const shapes: Shape[] = [];
  const flows: Array<{ id: string; from: string; to: string; cond?: string; isDefault?: boolean; name?: string }> = [];
  const body: string[] = [];
  const laneMembers = new Map<string, string[]>(laneOrder.map((l) => [l, []]));
  const refusalTargets = new Set(elements.filter((e) => e.gateway?.refusal).map((e) => e.gateway!.refusal!));
  const firstLane = elements[0]?.lane ?? laneOrder[0]!;
  const startId = 'start';
  const props = (entries: Array<[string, string]>): string =>
    `<bpmn:extensionElements><camunda:properties>${entries.map(([n, v]) => `<camunda:property name="${esc(n)}" value="${esc(v)}" />`).join('')}</camunda:properties></bpmn:extensionElements>`;
  const starter = section.route === 'portal' ? 'applicant' : section.route === 'con' ? 'con-operator' : 'provider-specialist';
  body.push(`<bpmn:startEvent id="${startId}" name="Начало"${section.route === 'portal' ? ' camunda:initiator="initiator"' : ''}>${props([['reglament:notInAct', 'the act starts the route with its first step; the start event only opens the request']])}</bpmn:startEvent>`);
  laneMembers.get(firstLane)!.push(startId);
  let x = 80;
  shapes.push({ id: startId, x, y: laneY(firstLane) + 82, w: 36, h: 36 });
  x += 90;
  let prev = startId;
  let flowNo = 0;
  const flow = (from: string, to: string, extra: Partial<(typeof flows)[number]> = {}): string => {
    const id = `flow-${++flowNo}`;
    flows.push({ id, from, to, ...extra });
    return id;
  };
  let pendingFromGateway: { gateway: string; cond: string } | null = null;
  const ends: Array<{ id: string; lane: string; name: string; step: string; outcome: string; x: number; below: boolean; notInAct?: string }> = [];
  elements.forEach((el) => {
    const name = `${el.step.label} — ${el.step.text}`.slice(0, 120);
    const stepProps: Array<[string, string]> = [['reglament:step', el.step.label]];
    if (el.limits[0]) stepProps.push(['reglament:action', el.limits.map((l) => l.label).join('; ')]);
    const doc = `<bpmn:documentation>${esc(el.step.text)}</bpmn:documentation>`;
    const attrs = el.type === 'serviceTask'
      ? ` camunda:type="external" camunda:topic="${el.topic ?? 'status-notify'}"`
      : `${el.assignee ? ' camunda:assignee="${initiator}"' : ` camunda:candidateGroups="${el.candidateGroups}"`} camunda:formRef="${el.formRef}" camunda:formRefBinding="deployment"`;
    const refusalStep = refusalTargets.has(el.id);
    body.push(`<bpmn:${el.type} id="${el.id}" name="${esc(name)}"${attrs}>${doc}${props(stepProps)}</bpmn:${el.type}>`);
    laneMembers.get(el.lane)!.push(el.id);
    const y = laneY(el.lane) + 60;
    const w = Math.max(120, 40 * el.limits.length + 40);
    shapes.push({ id: el.id, x, y, w, h: 80 });
    if (refusalStep) {
      // A refusal step ends its branch: the main line goes on from the gateway to the next step.
      const endId = `${el.id}-end`;
      ends.push({ id: endId, lane: el.lane, name: `${el.step.label} — отказ`, step: el.step.label, outcome: 'refusal', x: x + w / 2 - 38, below: true });
      flow(el.id, endId);
    } else {
      if (pendingFromGateway) {
        flow(pendingFromGateway.gateway, el.id, { cond: pendingFromGateway.cond, name: language === 'kk' ? 'иә' : 'да' });
        pendingFromGateway = null;
      } else flow(prev, el.id);
      prev = el.id;
    }
    el.limits.forEach((l, k) => {
      const bid = `${el.id}-deadline${k ? `-${k + 1}` : ''}`;
      const escId = `${bid}-escalate`;
      const endId = `${bid}-escalated`;
      const p = l.action.limit;
      const limitProps: Array<[string, string]> = [['reglament:step', el.step.label], ['reglament:action', l.label], ['reglament:calendar', p.calendar], ['reglament:excludeReceiptDay', String(p.excludeReceiptDay)], ['reglament:limitText', p.text]];
      body.push(`<bpmn:boundaryEvent id="${bid}" name="${esc(`${el.step.label} — срок: ${p.text}`)}" cancelActivity="false" attachedToRef="${el.id}">${props(limitProps)}<bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">${p.duration}</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>`);
      body.push(`<bpmn:serviceTask id="${escId}" name="${esc(`${el.step.label} — срок нарушен: уведомление руководителя`)}" camunda:type="external" camunda:topic="escalate-overdue">${props([['reglament:step', el.step.label], ['reglament:action', l.label], ['reglament:overdueElement', el.id], ['reglament:limitText', p.text], ['reglament:source', 'convention:escalation']])}</bpmn:serviceTask>`);
      body.push(`<bpmn:endEvent id="${endId}" name="${esc(`${el.step.label} — срок нарушен`)}">${props([['reglament:step', el.step.label], ['reglament:outcome', 'escalated'], ['reglament:source', 'convention:escalation']])}</bpmn:endEvent>`);
      laneMembers.get(el.lane)!.push(bid, escId, endId);
      shapes.push({ id: bid, x: x + 20 + k * 40, y: y + 62, w: 36, h: 36 });
      shapes.push({ id: escId, x: x + k * 120, y: y + 120, w: 100, h: 60 });
      shapes.push({ id: endId, x: x + k * 120 + 32, y: y + 210, w: 36, h: 36 });
      flow(bid, escId);
      flow(escId, endId);
    });
    x += Math.max(w, el.limits.length * 120) + 50;
    if (el.gateway) {
      const g = el.gateway;
      body.push(`<bpmn:exclusiveGateway id="${g.id}" name="${esc(`${el.step.label} — выполнено?`)}"__DEFAULT_${g.id}__>${props([['reglament:step', el.step.label]])}</bpmn:exclusiveGateway>`);
      laneMembers.get(el.lane)!.push(g.id);
      shapes.push({ id: g.id, x, y: laneY(el.lane) + 75, w: 50, h: 50 });
      flow(el.id, g.id);
      x += 100;
      const refusal = g.refusal ?? `${g.id}-refused`;
      const defaultFlow = flow(g.id, refusal, { isDefault: true, name: language === 'kk' ? 'жоқ' : 'нет' });
      body[body.length - 1] = body[body.length - 1]!.replace(`__DEFAULT_${g.id}__`, ` default="${defaultFlow}"`);
      if (!g.refusal) ends.push({ id: refusal, lane: el.lane, name: `${el.step.label} — отказ (ветвь не описана в акте)`, step: el.step.label, outcome: 'refusal', x: x - 20, below: true, notInAct: `the act names no step after a failed «${el.step.label}»; the draft ends the branch with a refusal` });
      pendingFromGateway = { gateway: g.id, cond: g.condition };
      prev = g.id;
    }
  });
  const endId = 'result';
  const last = elements[elements.length - 1];
  const endLane = last?.lane ?? firstLane;
  ends.push({ id: endId, lane: endLane, name: `${last ? `${last.step.label} — ` : ''}результат оказания услуги`, step: last?.step.label ?? '', outcome: 'result', x, below: false });
  const open = pendingFromGateway as { gateway: string; cond: string } | null;
  if (open) flow(open.gateway, endId, { cond: open.cond, name: language === 'kk' ? 'иә' : 'да' });
  else flow(prev, endId);
  for (const e of ends) {
    const p: Array<[string, string]> = e.notInAct || !e.step ? [['reglament:notInAct', e.notInAct ?? 'end of the route'], ['reglament:outcome', e.outcome]] : [['reglament:step', e.step], ['reglament:outcome', e.outcome]];
    body.push(`<bpmn:endEvent id="${e.id}" name="${esc(e.name)}">${props(p)}</bpmn:endEvent>`);
    laneMembers.get(e.lane)!.push(e.id);
    shapes.push({ id: e.id, x: e.x + 20, y: laneY(e.lane) + (e.below ? 12 : 82), w: 36, h: 36 });
  }
  // Incoming/outgoing references keep bpmn-moddle's graph complete for the linter.
  const withRefs = body.map((b) => {
    const m = /^<bpmn:(\w+) id="([^"]+)"/.exec(b)!;
    const id = m[2]!;
    const refs = [...flows.filter((f) => f.to === id).map((f) => `<bpmn:incoming>${f.id}</bpmn:incoming>`), ...flows.filter((f) => f.from === id).map((f) => `<bpmn:outgoing>${f.id}</bpmn:outgoing>`)].join('');
    const close = `</bpmn:${m[1]}>`;
    const at = b.lastIndexOf(close);
    const tdef = b.indexOf('<bpmn:timerEventDefinition>');
    const ins = tdef >= 0 ? tdef : at;
    return b.slice(0, ins) + refs + b.slice(ins);
  });
  const byId = new Map(shapes.map((s) => [s.id, s]));
  const width = Math.max(...shapes.map((s) => s.x + s.w)) + 80;
  const lanesXml = laneOrder.map((l) => `<bpmn:lane id="lane-${l}" name="${esc(LANE_NAMES[language][l]!)}">${laneMembers.get(l)!.map((id) => `<bpmn:flowNodeRef>${id}</bpmn:flowNodeRef>`).join('')}</bpmn:lane>`).join('');
  const flowsXml = flows.map((f) => `<bpmn:sequenceFlow id="${f.id}"${f.name ? ` name="${f.name}"` : ''} sourceRef="${f.from}" targetRef="${f.to}">${f.cond ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${esc(f.cond)}</bpmn:conditionExpression>` : ''}</bpmn:sequenceFlow>`).join('');
  const edge = (f: (typeof flows)[number]): string => {
    const a = byId.get(f.from)!;
    const b = byId.get(f.to)!;
    const ax = a.x + a.w;
    const ay = a.y + a.h / 2;
    const bx = b.x;
    const by = b.y + b.h / 2;
    const pts = ay === by ? [[ax, ay], [bx, by]] : [[ax, ay], [Math.round((ax + bx) / 2), ay], [Math.round((ax + bx) / 2), by], [bx, by]];
    return `<bpmndi:BPMNEdge id="${f.id}_di" bpmnElement="${f.id}">${pts.map(([px, py]) => `<di:waypoint x="${px}" y="${py}" />`).join('')}</bpmndi:BPMNEdge>`;
  };
  const shapeXml = (s: Shape): string => `<bpmndi:BPMNShape id="${s.id}_di" bpmnElement="${s.id}"><dc:Bounds x="${s.x}" y="${s.y}" width="${s.w}" height="${s.h}" /></bpmndi:BPMNShape>`;
  const laneShapes = laneOrder.map((l) => `<bpmndi:BPMNShape id="lane-${l}_di" bpmnElement="lane-${l}" isHorizontal="true"><dc:Bounds x="40" y="${laneY(l)}" width="${width - 40}" height="${LANE_H}" /></bpmndi:BPMNShape>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="${processId}-definitions" targetNamespace="http://reglament.kz/bpmn/draft">
<bpmn:collaboration id="${processId}-collaboration"><bpmn:participant id="${processId}-participant" name="${esc(title)}" processRef="${processId}" /></bpmn:collaboration>
<bpmn:process id="${processId}" name="${esc(title)}" isExecutable="true" camunda:candidateStarterGroups="${starter}">
<bpmn:documentation>Draft imported from the act's text; see DRAFT.md for the decisions left to the analyst.</bpmn:documentation>
<bpmn:laneSet id="${processId}-lanes">${lanesXml}</bpmn:laneSet>
${withRefs.join('\n')}
${flowsXml}
</bpmn:process>
<bpmndi:BPMNDiagram id="${processId}-diagram"><bpmndi:BPMNPlane id="${processId}-plane" bpmnElement="${processId}-collaboration">
<bpmndi:BPMNShape id="${processId}-participant_di" bpmnElement="${processId}-participant" isHorizontal="true"><dc:Bounds x="10" y="${laneY(laneOrder[0]!)}" width="${width}" height="${laneOrder.length * LANE_H}" /></bpmndi:BPMNShape>
${laneShapes}
${shapes.map(shapeXml).join('\n')}
${flows.map(edge).join('\n')}
</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>
`;
}
