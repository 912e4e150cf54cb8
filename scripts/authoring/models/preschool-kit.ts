// Builds the three routes shared by the preschool регламенты (seeds 000–002) from one act's verbatim
// texts: the step lists (п. 6–8) and the action tables, mapped to elements as spec §3–§4 read them.
import type { Limit, RouteModel, RouteNode } from '../route-model.js';

export type RouteKey = 'provider' | 'con' | 'portal';
type StepKey = 'p1' | 'c1' | 'p2' | 'p3' | 'p4' | 'c2' | 'p5' | 'p6' | 'p7' | 'p8';

/** One action-table row: the text the element is named after (verbatim) and its limit, if any. */
export interface ActionText {
  text: string;
  limit?: Omit<Limit, 'action' | 'step'>;
}

export interface RouteText {
  /** Process name in the act's language. */
  name: string;
  /** Table title as the act writes it ('Таблица 1', '1-кесте'). */
  table: string;
  /** Verbatim step texts of п. 6 / 7 / 8; 'intake' is item 1) of the provider route. */
  steps: Partial<Record<StepKey | 'intake' | 'registration', string>>;
  /** Action rows by number (1-based). */
  actions: Record<number, ActionText>;
}

/** Names of СФЕ (lanes) and of the elements the generator needs, in the act's language. */
export interface ActWords {
  lanes: { applicant: string; officer: string; officerIs: string; shep: string; con: string; conIs: string; portal: string };
  /** `system` property of the authorize task per route. */
  systems: { provider: string; con: string; portal: string };
  /** Step labels as the act writes them. */
  step: (kind: 'process' | 'condition', n: number) => string;
  /** Label of the intake item of the provider route (п. 6, 1)). */
  intakeStep: string;
  /** Action label: 'Таблица 1, действие 3'. */
  action: (table: string, n: number) => string;
  /** Short element names (after the step label). */
  names: {
    requestReceivedProvider: string; requestReceivedCon: string;
    signIn: string; authorize: string; authorized: string; authRefused: string;
    fill: string; sign: string; verify: string; signatureValid: string; signatureRefused: string;
    process: string; decide: string; decision: string; assignQueue: string;
    generateDirection: string; generateQueue: string; generateRefusal: string; outputGenerated: string;
    handOver: string; deliver: string; resultKind: string; resultIssued: string; refusalIssued: string;
  };
  branches: { yes: string; no: string; direction: string; queue: string; refusal: string; result: string };
}

export interface PreschoolAct {
  service: 'preschool-queue' | 'preschool-registration';
  language: 'ru' | 'kk';
  /** ZHAM: the queue branch takes a queue number (queue-assign). */
  queueAssign: boolean;
  /** Output form of the no-place branch. */
  queueNoticeForm: 'preschool-queue-notice' | 'preschool-registration-notice';
  words: ActWords;
  routes: Record<RouteKey, RouteText>;
}

const OFFICER = ['provider-specialist'];
const OPERATOR = ['con-operator'];

/** Collects nodes in layout order with `next` links filled in from a chain. */
class Chain {
  readonly nodes: RouteNode[] = [];
  constructor(readonly act: PreschoolAct, private readonly route: RouteText) {}

  add<T extends RouteNode>(node: T): T {
    this.nodes.push(node);
    return node;
  }

  /** Links each node to the following one unless it already has a successor or is a branch node. */
  link(ids: string[]): void {
    for (let i = 0; i < ids.length - 1; i++) {
      const node = this.nodes.find((candidate) => candidate.id === ids[i]);
      if (node && node.kind !== 'exclusiveGateway' && node.kind !== 'end' && !node.next) node.next = ids[i + 1];
    }
  }

  step(key: StepKey): string {
    const kind = key.startsWith('c') ? 'condition' : 'process';
    return this.act.words.step(kind, Number(key.slice(1)));
  }

  /** Element fields for an action-table row: name, action label, verbatim text and limit. */
  action(n: number, step: string): { name: string; step: string; action: string; documentation: string; limit?: Limit } {
    const row = this.route.actions[n];
    if (!row) throw new Error(`${this.route.table}: no action ${n}`);
    const action = this.act.words.action(this.route.table, n);
    return {
      name: `${step} — ${row.text}`,
      step,
      action,
      documentation: row.text,
      ...(row.limit ? { limit: { ...row.limit, action, step } } : {}),
    };
  }

  stepText(key: StepKey | 'intake' | 'registration'): string | undefined {
    return this.route.steps[key];
  }
}

/** процесс 1 … условие 2 … процесс 5: sign-in, authorization, filling, signing and its check. */
function frontOffice(c: Chain, route: RouteKey, opts: {
  lane: string; isLane: string; groups?: string[]; assignee?: string; signerRole: string; verifyAction?: number; next: string;
}): void {
  const { words } = c.act;
  const n = words.names;
  // The officer who received the applicant (the initiator) signs in, fills and signs; the group stays as a fallback.
  const who = opts.assignee ? { assignee: opts.assignee } : { candidateGroups: opts.groups ?? [], assignee: '${initiator}' };
  if (route !== 'portal') {
    c.add({ kind: 'userTask', id: 'sign-in', name: `${c.step('p1')} — ${n.signIn}`, lane: opts.lane, step: c.step('p1'),
      documentation: c.stepText('p1'), formRef: 'preschool-sign-in', ...who });
  }
  c.add({ kind: 'externalTask', id: 'authorize', name: `${c.step('c1')} — ${n.authorize}`, lane: opts.isLane, step: c.step('c1'),
    documentation: c.stepText('c1'), topic: 'authorize', properties: { system: words.systems[route] } });
  c.add({ kind: 'exclusiveGateway', id: 'authorized', name: `${c.step('c1')} — ${n.authorized}`, lane: opts.isLane, step: c.step('c1'),
    branches: [
      { target: 'auth-refused', condition: '${!authorized}', name: words.branches.no },
      { target: 'fill-request', condition: '${authorized}', name: words.branches.yes },
    ] });
  c.add({ kind: 'end', id: 'auth-refused', name: `${c.step('p2')} — ${n.authRefused}`, lane: opts.isLane, step: c.step('p2'),
    documentation: c.stepText('p2'), outcome: 'refusal' });
  c.add({ kind: 'userTask', id: 'fill-request', name: `${c.step('p3')} — ${n.fill}`, lane: opts.lane, step: c.step('p3'),
    documentation: c.stepText('p3'), formRef: 'preschool-application', ...who });
  c.add({ kind: 'userTask', id: 'sign-request', name: `${c.step('p4')} — ${n.sign}`, lane: opts.lane, step: c.step('p4'),
    documentation: c.stepText('p4'), formRef: 'preschool-signing', ...who });
  const verifyLimit = opts.verifyAction ? c.action(opts.verifyAction, c.step('c2')) : undefined;
  c.add({ kind: 'externalTask', id: 'verify-signature', name: `${c.step('c2')} — ${n.verify}`, lane: opts.isLane, step: c.step('c2'),
    documentation: c.stepText('c2'), topic: 'eds-verify-signature', properties: { signerRole: opts.signerRole },
    ...(verifyLimit ? { action: verifyLimit.action, limit: verifyLimit.limit } : {}) });
  c.add({ kind: 'exclusiveGateway', id: 'signature-valid', name: `${c.step('c2')} — ${n.signatureValid}`, lane: opts.isLane, step: c.step('c2'),
    branches: [
      { target: 'signature-refused', condition: '${!signatureValid}', name: words.branches.no },
      { target: opts.next, condition: '${signatureValid}', name: words.branches.yes },
    ] });
  c.add({ kind: 'end', id: 'signature-refused', name: `${c.step('p5')} — ${n.signatureRefused}`, lane: opts.isLane, step: c.step('p5'),
    documentation: c.stepText('p5'), outcome: 'refusal' });
  c.link(['sign-in', 'authorize', 'authorized']);
  c.link(['fill-request', 'sign-request', 'verify-signature', 'signature-valid']);
}

/** процесс 7: the decision, its three outputs (направление / уведомление / отказ), merged again. */
function decision(c: Chain, act: PreschoolAct, decideAction: number, generateAction: number): void {
  const n = act.words.names;
  const p7 = c.step('p7');
  const decide = c.action(decideAction, p7);
  c.add({ kind: 'userTask', id: 'decide', name: `${p7} — ${n.decide}`, lane: 'officer', step: p7, action: decide.action,
    documentation: c.stepText('p7'), candidateGroups: OFFICER, formRef: 'preschool-decision', limit: decide.limit, next: 'decision' });
  c.add({ kind: 'exclusiveGateway', id: 'decision', name: `${p7} — ${n.decision}`, lane: 'officer', step: p7, action: decide.action, branches: [
    { target: 'generate-direction', condition: "${decision == 'direction'}", name: act.words.branches.direction },
    { target: act.queueAssign ? 'assign-queue-number' : 'generate-queue-notice', condition: "${decision == 'queue'}", name: act.words.branches.queue },
    { target: 'generate-refusal', condition: "${decision == 'refusal'}", name: act.words.branches.refusal },
  ] });
  const generated = c.action(generateAction, p7);
  const generate = (id: string, name: string, form: string): void => {
    const row = generated;
    c.add({ kind: 'externalTask', id, name: `${p7} — ${name}`, lane: 'officerIs', step: p7, action: row.action,
      documentation: row.documentation, topic: 'document-generate', properties: { form }, limit: row.limit, next: 'output-generated' });
  };
  generate('generate-direction', n.generateDirection, 'preschool-direction');
  if (act.queueAssign) {
    c.add({ kind: 'externalTask', id: 'assign-queue-number', name: `${p7} — ${n.assignQueue}`, lane: 'officerIs', step: p7, action: generated.action,
      topic: 'queue-assign', properties: { queue: 'preschool' }, next: 'generate-queue-notice' });
  }
  generate('generate-queue-notice', n.generateQueue, act.queueNoticeForm);
  generate('generate-refusal', n.generateRefusal, 'refusal');
  c.add({ kind: 'exclusiveGateway', id: 'output-generated', name: `${p7} — ${n.outputGenerated}`, lane: 'officerIs', step: p7, action: generated.action,
    branches: [{ target: 'route-status-in-progress' }] });
}

function externalStep(c: Chain, id: string, n: number, step: string, lane: string, topic: string, properties: Record<string, string>): void {
  c.add({ kind: 'externalTask', id, lane, topic, properties, ...c.action(n, step) });
}

function userStep(c: Chain, id: string, n: number, step: string, lane: string, formRef: string, groups: string[], extraDoc?: string): void {
  const row = c.action(n, step);
  c.add({ kind: 'userTask', id, lane, formRef, candidateGroups: groups, ...row, documentation: extraDoc ?? row.documentation });
}

/** Hand-over or delivery, then the end that says which result the applicant got. */
function ending(c: Chain, act: PreschoolAct, step: string, lane: string, action: string): void {
  const n = act.words.names;
  c.add({ kind: 'exclusiveGateway', id: 'result-kind', name: `${step} — ${n.resultKind}`, lane, step, action, branches: [
    { target: 'refusal-issued', condition: "${decision == 'refusal'}", name: act.words.branches.refusal },
    { target: 'result-issued', condition: "${decision != 'refusal'}", name: act.words.branches.result },
  ] });
  c.add({ kind: 'end', id: 'refusal-issued', name: `${act.words.step('process', 7)} — ${n.refusalIssued}`, lane, step: act.words.step('process', 7), outcome: 'refusal' });
  c.add({ kind: 'end', id: 'result-issued', name: `${step} — ${n.resultIssued}`, lane, step, action, outcome: 'result' });
}

function lanesFor(act: PreschoolAct, ids: Array<keyof ActWords['lanes']>): RouteModel['lanes'] {
  return ids.map((id) => ({ id, name: act.words.lanes[id] }));
}

/** Route A, через услугодателя (п. 6, Таблица 1). */
export function providerRoute(act: PreschoolAct): RouteModel {
  const text = act.routes.provider;
  const c = new Chain(act, text);
  const n = act.words.names;
  const p6 = c.step('p6');
  const p7 = c.step('p7');
  c.add({ kind: 'start', id: 'request-received', name: n.requestReceivedProvider, lane: 'officer', initiator: 'initiator', next: 'check-documents' });
  c.add({ kind: 'userTask', id: 'check-documents', lane: 'officer', formRef: 'preschool-intake', candidateGroups: OFFICER, assignee: '${initiator}',
    ...c.action(1, act.words.intakeStep), documentation: text.steps.intake, next: 'sign-in' });
  frontOffice(c, 'provider', { lane: 'officer', isLane: 'officerIs', groups: OFFICER, signerRole: 'specialist', next: 'register-request' });
  externalStep(c, 'register-request', 2, p6, 'officerIs', 'register-request', { service: act.service });
  externalStep(c, 'route-status-received', 3, p6, 'shep', 'shep-send', { target: 'con' });
  externalStep(c, 'show-status-received', 4, p6, 'conIs', 'status-notify', { status: 'received' });
  c.add({ kind: 'userTask', id: 'process-request', name: `${p6} — ${n.process}`, lane: 'officer', step: p6,
    documentation: text.steps.p6, candidateGroups: OFFICER, formRef: 'preschool-processing' });
  c.link(['register-request', 'route-status-received', 'show-status-received', 'process-request', 'decide']);
  decision(c, act, 5, 6);
  externalStep(c, 'route-status-in-progress', 7, p7, 'shep', 'shep-send', { target: 'con' });
  externalStep(c, 'show-status-in-progress', 8, p7, 'conIs', 'status-notify', { status: 'in-progress' });
  userStep(c, 'create-output', 9, p7, 'officer', 'preschool-output', OFFICER);
  userStep(c, 'sign-output', 10, p7, 'officer', 'preschool-output-signing', OFFICER);
  externalStep(c, 'route-status-completed', 11, p7, 'shep', 'shep-send', { target: 'con' });
  externalStep(c, 'show-status-completed', 12, p7, 'conIs', 'status-notify', { status: 'completed' });
  c.add({ kind: 'userTask', id: 'hand-over', name: `${p7} — ${n.handOver}`, lane: 'officer', step: p7, action: act.words.action(text.table, 9),
    documentation: text.steps.p7, candidateGroups: OFFICER, formRef: 'preschool-handover' });
  c.add({ kind: 'externalTask', id: 'deliver-result', name: `${p7} — ${n.deliver}`, lane: 'officerIs', step: p7, action: act.words.action(text.table, 9),
    topic: 'document-deliver', properties: { channel: 'hand' } });
  ending(c, act, p7, 'officerIs', act.words.action(text.table, 9));
  c.link(['route-status-in-progress', 'show-status-in-progress', 'create-output', 'sign-output', 'route-status-completed',
    'show-status-completed', 'hand-over', 'deliver-result', 'result-kind']);
  return {
    id: `${act.service}-provider`, name: text.name, language: act.language,
    lanes: lanesFor(act, ['officer', 'officerIs', 'shep', 'conIs']), nodes: c.nodes,
  };
}

/** Route B, через ЦОН (п. 7, Таблица 2). Action 10 of the table is empty in every act: no element. */
export function conRoute(act: PreschoolAct): RouteModel {
  const text = act.routes.con;
  const c = new Chain(act, text);
  const n = act.words.names;
  const p6 = c.step('p6');
  const p7 = c.step('p7');
  const p8 = c.step('p8');
  c.add({ kind: 'start', id: 'request-received', name: n.requestReceivedCon, lane: 'con', initiator: 'initiator', next: 'check-documents' });
  userStep(c, 'check-documents', 1, act.words.action(text.table, 1), 'con', 'preschool-intake', OPERATOR);
  Object.assign(c.nodes[c.nodes.length - 1]!, { next: 'sign-in', assignee: '${initiator}' });
  frontOffice(c, 'con', { lane: 'con', isLane: 'conIs', groups: OPERATOR, signerRole: 'operator', next: 'register-request' });
  externalStep(c, 'register-request', 2, p6, 'conIs', 'register-request', { service: act.service });
  externalStep(c, 'route-request', 3, p6, 'shep', 'shep-send', { target: 'provider' });
  externalStep(c, 'show-status-received', 4, p6, 'officerIs', 'status-notify', { status: 'received' });
  userStep(c, 'accept-request', 5, p6, 'officer', 'preschool-processing', OFFICER, text.steps.p6);
  c.link(['register-request', 'route-request', 'show-status-received', 'accept-request', 'decide']);
  decision(c, act, 6, 7);
  externalStep(c, 'route-status-in-progress', 8, p7, 'shep', 'shep-send', { target: 'con' });
  externalStep(c, 'show-status-in-progress', 9, p7, 'conIs', 'status-notify', { status: 'in-progress' });
  userStep(c, 'create-output', 11, p7, 'officer', 'preschool-output', OFFICER);
  userStep(c, 'sign-output', 12, p7, 'officer', 'preschool-output-signing', OFFICER);
  externalStep(c, 'route-status-completed', 13, p7, 'shep', 'shep-send', { target: 'con' });
  externalStep(c, 'show-status-completed', 14, p7, 'conIs', 'status-notify', { status: 'completed' });
  userStep(c, 'hand-over', 15, p8, 'con', 'preschool-handover', OPERATOR, text.steps.p8);
  c.nodes[c.nodes.length - 1]!.name = `${p8} — ${n.handOver}`;
  c.add({ kind: 'externalTask', id: 'deliver-result', name: `${p8} — ${n.deliver}`, lane: 'conIs', step: p8, action: act.words.action(text.table, 15),
    topic: 'document-deliver', properties: { channel: 'hand' } });
  ending(c, act, p8, 'conIs', act.words.action(text.table, 15));
  c.link(['route-status-in-progress', 'show-status-in-progress', 'create-output', 'sign-output', 'route-status-completed',
    'show-status-completed', 'hand-over', 'deliver-result', 'result-kind']);
  return {
    id: `${act.service}-con`, name: text.name, language: act.language,
    lanes: lanesFor(act, ['con', 'conIs', 'shep', 'officerIs', 'officer']), nodes: c.nodes,
  };
}

/** Route C, через ПЭП (п. 8, Таблица 3). */
export function portalRoute(act: PreschoolAct): RouteModel {
  const text = act.routes.portal;
  const c = new Chain(act, text);
  const p1 = c.step('p1');
  const p6 = c.step('p6');
  const p7 = c.step('p7');
  c.add({ kind: 'start', id: 'sign-in', name: `${p1} — ${act.words.names.signIn}`, lane: 'applicant', step: p1,
    documentation: text.steps.p1, initiator: 'initiator', next: 'authorize' });
  frontOffice(c, 'portal', { lane: 'applicant', isLane: 'portal', assignee: '${initiator}', signerRole: 'applicant', verifyAction: 1, next: 'route-request' });
  externalStep(c, 'route-request', 2, p6, 'shep', 'shep-send', { target: 'provider' });
  externalStep(c, 'register-request', 3, p6, 'officerIs', 'register-request', { service: act.service });
  externalStep(c, 'show-status-received', 4, p6, 'conIs', 'status-notify', { status: 'received' });
  userStep(c, 'accept-request', 5, p6, 'officer', 'preschool-processing', OFFICER, text.steps.p6);
  c.link(['route-request', 'register-request', 'show-status-received', 'accept-request', 'decide']);
  decision(c, act, 6, 7);
  externalStep(c, 'route-status-in-progress', 8, p7, 'shep', 'shep-send', { target: 'cabinet' });
  externalStep(c, 'show-status-in-progress', 9, p7, 'portal', 'status-notify', { status: 'in-progress' });
  externalStep(c, 'show-status-in-progress-con', 10, p7, 'conIs', 'status-notify', { status: 'in-progress' });
  userStep(c, 'create-output', 11, p7, 'officer', 'preschool-output', OFFICER);
  userStep(c, 'sign-output', 12, p7, 'officer', 'preschool-output-signing', OFFICER);
  externalStep(c, 'route-status-completed', 13, p7, 'shep', 'shep-send', { target: 'cabinet' });
  externalStep(c, 'deliver-result', 14, p7, 'portal', 'document-deliver', { channel: 'cabinet' });
  externalStep(c, 'show-status-completed', 15, p7, 'conIs', 'status-notify', { status: 'completed' });
  ending(c, act, p7, 'conIs', act.words.action(text.table, 14));
  c.link(['route-status-in-progress', 'show-status-in-progress', 'show-status-in-progress-con', 'create-output', 'sign-output',
    'route-status-completed', 'deliver-result', 'show-status-completed', 'result-kind']);
  return {
    id: `${act.service}-portal`, name: text.name, language: act.language,
    lanes: lanesFor(act, ['applicant', 'portal', 'shep', 'officerIs', 'officer', 'conIs']), nodes: c.nodes,
  };
}

export function preschoolRoutes(act: PreschoolAct): Record<RouteKey, RouteModel> {
  return { provider: providerRoute(act), con: conRoute(act), portal: portalRoute(act) };
}

/** One step or action row as the manifest lists it (src/reglament reads `steps` for traceability and lint). */
export interface ManifestStep {
  step: string;
  action?: string;
  text?: string;
  limit?: { text: string; duration: string; calendar?: 'kz-working-days' | 'calendar'; excludeReceiptDay?: boolean };
}

const STEP_ORDER: Array<StepKey | 'intake' | 'registration'> = ['registration', 'intake', 'p1', 'c1', 'p2', 'p3', 'p4', 'c2', 'p5', 'p6', 'p7', 'p8'];

/**
 * The act's steps and action rows of one route, read from the built model so the manifest and the
 * diagram cannot drift: each action takes the step of the element that carries it. Rows without an
 * element (the empty ЦОН action 10) are left out; steps without one (portal registration) stay listed.
 */
export function manifestSteps(act: PreschoolAct, route: RouteKey, model: RouteModel, registrationStep: string): ManifestStep[] {
  const text = act.routes[route];
  const out: ManifestStep[] = [];
  for (const key of STEP_ORDER) {
    const stepText = text.steps[key];
    if (!stepText) continue;
    const step = key === 'registration' ? registrationStep : key === 'intake' ? act.words.intakeStep
      : act.words.step(key.startsWith('c') ? 'condition' : 'process', Number(key.slice(1)));
    out.push({ step, text: stepText });
  }
  for (const [n, row] of Object.entries(text.actions)) {
    const action = act.words.action(text.table, Number(n));
    const node = model.nodes.find((candidate) => candidate.action === action);
    if (!node?.step) continue;
    out.push({
      step: node.step, action, text: row.text,
      ...(row.limit ? { limit: { text: row.limit.text, duration: row.limit.duration, calendar: row.limit.calendar ?? 'calendar', excludeReceiptDay: row.limit.excludeReceiptDay ?? false } } : {}),
    });
  }
  return out;
}

export interface Decision { topic: string; decision: string; reason: string; source: string }

/** Decisions every preschool bundle shares (where the acts are silent, garbled or contradictory). */
export function sharedDecisions(act: PreschoolAct): Decision[] {
  const p = (n: number): string => act.words.step('process', n);
  const c = (n: number): string => act.words.step('condition', n);
  return [
    { topic: 'Refusal branches', decision: `${p(2)} (отказ в авторизации) and ${p(5)} (ЭЦП не подтверждена) end the instance at an end event with reglament:outcome = refusal; a retry is a new instance. They assign no request number and send no status.`, reason: 'The diagrams that would show a loop back are images that were not extracted; the text only says «формирование сообщения об отказе».', source: 'spec §3.0, §3.4-1, §11.25' },
    { topic: `${p(1)} as an element`, decision: `In the provider and ЦОН routes ${p(1)} is a user task whose form records the sign-in session (authSession), never the password; ${c(1)} is the authorize worker plus a gateway on \${authorized}. In the portal route ${p(1)} is the start event: the applicant signs in to start the service.`, reason: 'Every step must be an element; the host authenticates users before they can act, so the task carries the session the authorize worker checks.', source: 'spec §3.1–§3.3, §9.2' },
    { topic: 'Alternative credentials', decision: `${c(1)} in the ЦОН route accepts ИИН/логин and password or ЭЦП: the authorize worker checks whichever the session used (property system names the IS).`, reason: 'The act allows both credentials for the ЦОН operator.', source: 'spec §9.2, §11.10' },
    { topic: 'Intake', decision: 'Item 1) of the provider route and action 1 of the provider and ЦОН tables are a user task (form preschool-intake) before the sign-in, in the act\'s order. No branch for documents that fail the check.', reason: 'The act describes no outcome for documents that are not authentic.', source: 'spec §3.1, §3.4-3, §4' },
    { topic: 'Portal registration', decision: 'Item 1) of п. 8 (registration on the portal for unregistered users) has no element: it is the portal account, outside the instance. Traceability lists it as unmapped.', reason: 'It is not a процесс/условие step and happens before any request exists.', source: 'spec §3.3, §11.11' },
    { topic: 'Table-only actions', decision: `Actions that only the tables name are elements carrying the step whose text covers them: registration, routing, «поступившие» and acceptance → ${p(6)}; output, «в работе», signing, completion status → ${p(7)}; ЦОН issuance → ${p(8)}. ЦОН action 1 (intake) has no step in п. 7 and carries its action label as step.`, reason: 'Every element must trace to the act; п. 6–8 and the tables describe the same work at two levels.', source: 'spec §3, §4' },
    { topic: 'Action 2 (authorization and form filling, ≤ 1 minute)', decision: 'Its limit is the timer of the register-request task (form of completion «Регистрация запроса с присвоением номера заявлению»). The people\'s steps процесс 1–4 get no timer.', reason: 'The СФЕ of action 2 is the information system, not the person; a one-minute timer on a person filling a form would always escalate.', source: 'spec §4.1–§4.3 (action 2), §4.5-8' },
    { topic: 'Portal action 1 and data correctness', decision: `Portal action 1 (ПЭП, ≤ 1 minute) is the timer of ${c(2)} (eds-verify-signature), whose outcome is the table\'s «уведомление об успешном формировании запроса или сообщение об отказе». The data-correctness check (ФЛК) is the form\'s validation (required fields, ИИН pattern ^\\d{12}$): a request with incorrect data cannot be submitted, so there is no separate gateway.`, reason: 'The check has no topic of its own in docs/conventions.md and the form enforces «структура и форматные требования».', source: 'spec §4 (Таблица 3, a1), §11.12' },
    { topic: 'Double numbering', decision: 'The request gets one number (register-request, requestNumber) at the first IS; the receiving IS\'s «присвоение номера заявлению» is the status-notify «received» carrying that number as correlation id.', reason: 'Both IS assign a number in the tables; one stable number keeps ИС Центра, ИС УО and ПЭП in step.', source: 'spec §4.5-7, §11.14' },
    { topic: 'Statuses', decision: 'Status changes are status-notify tasks where the tables put them (received, in-progress, completed), mirrored to ИС ЦОН in every route; «в работе» is sent after the decision as the tables order it.', reason: 'The tables route every status to ИС Центра/ЦОН even in the direct route and set «в работе» only after the decision.', source: 'spec §5.1, §11.2, §11.18' },
    { topic: 'Issuance after signing', decision: 'Creation of the output (user task), then signing with ЭЦП (user task, signedDocument), then routing and status, then hand-over: issuance always follows signing.', reason: 'The tables list issuance (direct action 9) and «передача подписанного выходного документа» (ЦОН action 11) before the signing action.', source: 'spec §4.5-5, §11.17' },
    { topic: 'Empty ЦОН action 10', decision: 'No element for ЦОН table action 10.', reason: 'Its СФЕ is named but the action, form, time and description are «-» in every act.', source: 'spec §4.5-6' },
    { topic: 'Result of the decision', decision: `${p(7)} is a user task completing with decision = direction | queue | refusal (refusalReason required for refusal); a gateway routes to document-generate with form preschool-direction, ${act.queueNoticeForm} or refusal. The act states no criteria apart from «отсутствие мест» (→ queue); refusal grounds are the specialist's motivated text.`, reason: 'The act gives three outcomes without criteria.', source: 'spec §3.0, §3.4-2, §6.4' },
    { topic: 'Queue follow-up', decision: 'The queue/registration notice is a result of this instance (outcome result). A later направление when a place frees up is not modelled.', reason: 'No act describes queue advancement or the later issuance.', source: 'spec §3.4-6, §11.3' },
    { topic: 'Delivery', decision: 'Provider and ЦОН routes: a hand-over user task (form preschool-handover: нарочно or e-mail, applicantEmail) then document-deliver with channel = hand, which records the delivery. Portal: document-deliver with channel = cabinet (личный кабинет).', reason: 'The act offers «нарочно или посредством отправки на электронную почту»; the person chooses, the system records.', source: 'spec §7.4, §11.13' },
    { topic: 'Deadlines', decision: 'Every limit is a non-interrupting boundary timer that escalates (escalate-overdue to the supervisor group) while the step goes on. Upper bounds are used; «рабочих дней» count on kz-working-days.', reason: 'The act never says that a breach ends a step.', source: 'docs/conventions.md «Time limits», spec §11.4–§11.5' },
    { topic: 'Whose IIN the signature check compares', decision: `${c(2)} passes signerRole (specialist, operator, applicant): the worker compares the certificate's IIN with the signer's, not the child's or the applicant's, in the assisted routes.`, reason: 'In the provider and ЦОН routes the officer signs the applicant\'s request; a literal reading would fail every assisted request.', source: 'spec §9.1, §11.8' },
    { topic: 'ГБД ФЛ', decision: 'No gbd-fl-lookup task.', reason: 'ГБД ФЛ does not occur in these acts (only in the Semey act).', source: 'spec §2 (ГБД ФЛ)' },
    { topic: 'Output signer', decision: 'The output is signed by the provider-specialist candidate group (sign-output).', reason: 'The acts name the officer (and ZHAM also «уполномоченное лицо уполномоченного органа»); the host can narrow the group per tenant.', source: 'spec §7.3, §11.22' },
    { topic: 'Forms', decision: 'One bilingual form per task kind shared by the three preschool bundles (labels «Русский / Қазақша»): preschool-intake, -sign-in, -application, -signing, -processing, -decision, -output, -output-signing, -handover. The attachment list is the Standard\'s, not the act\'s.', reason: 'The screen forms are images that were not extracted; the acts refer to the Standard for the documents.', source: 'spec §6.1–§6.3, §0.3-4' },
    { topic: 'Front-office assignment', decision: 'In the provider and ЦОН routes the intake, sign-in, filling and signing tasks are assigned to the initiator (the officer or operator who received the applicant) and keep their candidate group as a fallback; processing, decision and output go to the provider-specialist group.', reason: 'The act has one officer receive, authorise, fill and sign; the authorize worker compares the session with the initiator.', source: 'spec §3.1, §3.2, §9.2' },
    { topic: 'Several providers', decision: 'One candidate group provider-specialist for the service; which office (отдел образования or аппарат акима округа, by place of residence) is the tenant\'s membership configuration.', reason: 'The act names several providers without a routing rule.', source: 'spec §11.23' },
  ];
}

export interface ManifestMeta {
  tenant: string;
  serviceCode: string;
  title: { ru: string; kk: string };
  act: { issuer: string; number: string; date: string; justiceRegistration?: { number: string; date: string }; standard: string; language: 'ru' | 'kk' };
  validity: { from: string; to: string | null; repealedBy: string | null };
  /** Label of portal item 1) (registration), which has no element. */
  registrationStep: string;
  decisions: Decision[];
}

export const PRESCHOOL_FORM_IDS = [
  'preschool-intake', 'preschool-sign-in', 'preschool-application', 'preschool-signing', 'preschool-processing',
  'preschool-decision', 'preschool-output', 'preschool-output-signing', 'preschool-handover',
];

/** manifest.json of a preschool bundle (docs/conventions.md «Manifest», plus `steps` for traceability). */
export function preschoolManifest(act: PreschoolAct, routes: Record<RouteKey, RouteModel>, meta: ManifestMeta): Record<string, unknown> {
  return {
    tenant: meta.tenant,
    service: act.service,
    serviceCode: meta.serviceCode,
    title: meta.title,
    act: meta.act,
    validity: meta.validity,
    languages: ['ru', 'kk'],
    routes: { provider: 'provider.bpmn', con: 'con.bpmn', portal: 'portal.bpmn' },
    forms: PRESCHOOL_FORM_IDS,
    outputs: ['preschool-direction', act.queueNoticeForm, 'refusal'],
    decisions: [...sharedDecisions(act), ...meta.decisions],
    steps: {
      provider: manifestSteps(act, 'provider', routes.provider, meta.registrationStep),
      con: manifestSteps(act, 'con', routes.con, meta.registrationStep),
      portal: manifestSteps(act, 'portal', routes.portal, meta.registrationStep),
    },
  };
}
