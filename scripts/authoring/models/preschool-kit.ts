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
  const who = opts.assignee ? { assignee: opts.assignee } : { candidateGroups: opts.groups ?? [] };
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
  c.add({ kind: 'exclusiveGateway', id: 'decision', name: `${p7} — ${n.decision}`, lane: 'officer', step: p7, branches: [
    { target: 'generate-direction', condition: "${decision == 'direction'}", name: act.words.branches.direction },
    { target: act.queueAssign ? 'assign-queue-number' : 'generate-queue-notice', condition: "${decision == 'queue'}", name: act.words.branches.queue },
    { target: 'generate-refusal', condition: "${decision == 'refusal'}", name: act.words.branches.refusal },
  ] });
  const generate = (id: string, name: string, form: string): void => {
    const row = c.action(generateAction, p7);
    c.add({ kind: 'externalTask', id, name: `${p7} — ${name}`, lane: 'officerIs', step: p7, action: row.action,
      documentation: row.documentation, topic: 'document-generate', properties: { form }, limit: row.limit, next: 'output-generated' });
  };
  generate('generate-direction', n.generateDirection, 'preschool-direction');
  if (act.queueAssign) {
    c.add({ kind: 'externalTask', id: 'assign-queue-number', name: `${p7} — ${n.assignQueue}`, lane: 'officerIs', step: p7,
      topic: 'queue-assign', properties: { queue: 'preschool' }, next: 'generate-queue-notice' });
  }
  generate('generate-queue-notice', n.generateQueue, act.queueNoticeForm);
  generate('generate-refusal', n.generateRefusal, 'refusal');
  c.add({ kind: 'exclusiveGateway', id: 'output-generated', name: `${p7} — ${n.outputGenerated}`, lane: 'officerIs', step: p7,
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
function ending(c: Chain, act: PreschoolAct, step: string, lane: string): void {
  const n = act.words.names;
  c.add({ kind: 'exclusiveGateway', id: 'result-kind', name: `${step} — ${n.resultKind}`, lane, step, branches: [
    { target: 'refusal-issued', condition: "${decision == 'refusal'}", name: act.words.branches.refusal },
    { target: 'result-issued', condition: "${decision != 'refusal'}", name: act.words.branches.result },
  ] });
  c.add({ kind: 'end', id: 'refusal-issued', name: `${act.words.step('process', 7)} — ${n.refusalIssued}`, lane, step: act.words.step('process', 7), outcome: 'refusal' });
  c.add({ kind: 'end', id: 'result-issued', name: `${step} — ${n.resultIssued}`, lane, step, outcome: 'result' });
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
  c.add({ kind: 'userTask', id: 'check-documents', lane: 'officer', formRef: 'preschool-intake', candidateGroups: OFFICER,
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
  c.add({ kind: 'externalTask', id: 'deliver-result', name: `${p7} — ${n.deliver}`, lane: 'officerIs', step: p7, topic: 'document-deliver',
    properties: { channel: 'hand' } });
  ending(c, act, p7, 'officerIs');
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
  c.nodes[c.nodes.length - 1]!.next = 'sign-in';
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
  c.add({ kind: 'externalTask', id: 'deliver-result', name: `${p8} — ${n.deliver}`, lane: 'conIs', step: p8, topic: 'document-deliver',
    properties: { channel: 'hand' } });
  ending(c, act, p8, 'conIs');
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
  ending(c, act, p7, 'conIs');
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
