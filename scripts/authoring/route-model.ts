// The compact description of one route of a регламент that generate.ts turns into BPMN 2.0 with DI.
// Models scaffold the .bpmn files; once generated, the .bpmn files are what analysts edit.

/** A time limit of an action table («Не более 30 минут», «В течение 3 рабочих дней …»). */
export interface Limit {
  /** ISO 8601 duration of the upper bound: 'PT30M', 'PT15S', 'P3D'. */
  duration: string;
  /** How days count; default 'calendar'. */
  calendar?: 'kz-working-days' | 'calendar';
  /** The day of receipt does not count («день приема … не входит в срок»). */
  excludeReceiptDay?: boolean;
  /** The limit as the act writes it, verbatim. */
  text: string;
  /** The action-table row the limit belongs to: 'Таблица 1, действие 3'. Defaults to the node's action. */
  action?: string;
  /** The step the limit belongs to; defaults to the node's step. */
  step?: string;
  /** A breach ends the step (interrupting timer); default false: the step goes on and escalates. */
  interrupting?: boolean;
}

/** Fields every node has. */
export interface NodeBase {
  /** Stable English NCName, e.g. 'check-signature'. */
  id: string;
  /** Element name: starts with the step as the act writes it, then the action. */
  name: string;
  /** Lane id (one of RouteModel.lanes). */
  lane: string;
  /** Successor node id(s); gateways use branches instead. */
  next?: string;
  /** The step label verbatim: 'процесс 4', 'условие 2', '2-шарт'. Becomes reglament:step. */
  step?: string;
  /** The action-table row: 'Таблица 1, действие 3'. Becomes reglament:action. */
  action?: string;
  /** The act's verbatim text of the step (bpmn:documentation). */
  documentation?: string;
  /** Further camunda:properties (static settings of the element). */
  properties?: Record<string, string>;
}

export interface StartNode extends NodeBase {
  kind: 'start';
  /** Variable that receives the starting user's id (camunda:initiator). */
  initiator?: string;
  /** Start form (camunda:formRef). */
  formRef?: string;
}

export interface UserTaskNode extends NodeBase {
  kind: 'userTask';
  candidateGroups?: string[];
  /** e.g. '${initiator}' for portal steps of the applicant. */
  assignee?: string;
  /** Form id of forms/<formRef>.form (camunda:formRef, binding 'latest'). */
  formRef: string;
  limit?: Limit;
}

/** A BPMN error boundary: the worker's bpmnError(code) leaves the task towards target. */
export interface ErrorBoundary {
  code: string;
  /** Label of the boundary event. */
  name: string;
  target: string;
}

export interface ExternalTaskNode extends NodeBase {
  kind: 'externalTask';
  topic: string;
  limit?: Limit;
  errors?: ErrorBoundary[];
}

export interface Branch {
  target: string;
  /** '${authorized}', "${decision == 'refusal'}"; omit on the default branch. */
  condition?: string;
  /** Label of the flow (required by bpmnlint when there is a condition). */
  name?: string;
  default?: boolean;
}

export interface GatewayNode extends NodeBase {
  kind: 'exclusiveGateway';
  /** Outgoing branches of a split gateway; a joining gateway has exactly one with only target. */
  branches: Branch[];
}

export interface EndNode extends NodeBase {
  kind: 'end';
  outcome: 'result' | 'refusal' | 'escalated';
}

export interface TimerCatchNode extends NodeBase {
  kind: 'timerCatch';
  limit: Limit;
}

export interface MessageCatchNode extends NodeBase {
  kind: 'messageCatch';
  /** Message name (bpmn:Message name), correlated by the host. */
  message: string;
}

export type RouteNode =
  | StartNode
  | UserTaskNode
  | ExternalTaskNode
  | GatewayNode
  | EndNode
  | TimerCatchNode
  | MessageCatchNode;

export interface LaneModel {
  id: string;
  /** СФЕ name in the act's language. */
  name: string;
}

/** Labels the generator writes for the escalation branch of each deadline, in the act's language. */
export interface EscalationLabels {
  /** Name suffix of the escalate-overdue task: «срок нарушен: уведомление руководителя». */
  task: string;
  /** Name suffix of the escalation end event: «срок нарушен». */
  end: string;
  /** Name of the boundary timer suffix: «срок». */
  timer: string;
}

export interface RouteModel {
  /** Process id = definition key: '<service>-<route>'. */
  id: string;
  /** Process name in the act's language. */
  name: string;
  language: 'ru' | 'kk';
  /** Pool (participant) name; defaults to name. */
  participant?: string;
  /** Camunda 7 history time to live in days (7.20+ refuses definitions without it). */
  historyTimeToLive?: number;
  lanes: LaneModel[];
  /** Nodes in layout order: each takes the next column, left to right. */
  nodes: RouteNode[];
  /** Escalation labels; defaults for ru / kk are in generate.ts. */
  escalation?: EscalationLabels;
  /** Process-level documentation. */
  documentation?: string;
}

/** What each scripts/authoring/models/<tenant>/<service>.ts exports. */
export interface BundleModel {
  tenant: string;
  service: string;
  routes: Partial<Record<'provider' | 'con' | 'portal', RouteModel>>;
}
