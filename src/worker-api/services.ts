// What the workers need from the product, beside the engine: request numbers, queues, statuses, routing and escalation
// events, output documents, the staff's IIN. One interface, two implementations: ./store.ts over the project's store
// (what the server runs behind its /api/worker routes) and ./http.ts, the client every worker process uses, so the
// same workers run beside `reglament serve`, as a separate process, or against another Camunda-7-compatible engine.
import type { GuardianshipRegistry, PersonRegistry, PowerOfAttorneyRegistry, QueueKind, RequestStatus } from '../registry/index.js';
import type { DeliveryChannel } from '../documents/store.js';
import type { Lang } from '../documents/types.js';

export interface RegisterCall {
  tenantId: string;
  service: string;
  processDefinitionKey?: string | null;
  processInstanceId: string;
  applicantIin?: string | null;
  initiator?: string | null;
  now: Date;
}

/** The request of a process instance as workers see it: no personal data. */
export interface RequestSummary {
  number: string;
  tenantId: string;
  service: string;
  route: string | null;
  status: RequestStatus;
  receivedAt: string;
}

export interface QueueCall {
  tenantId: string;
  queue: QueueKind;
  processInstanceId: string;
  requestNumber?: string | null;
  childBirthDate?: string;
  housingCategory?: string;
  subjectIin?: string | null;
  now: Date;
}

export interface QueuePlace { number: number; group: string; position: number | null }

export interface StatusCall {
  processInstanceId: string;
  status: RequestStatus;
  activityId?: string | null;
  reason?: string | null;
  now: Date;
}

/** A routing event through ШЭП/РШЭП; `eventId` is the idempotency key (the same id enqueues once). */
export interface RoutingCall {
  tenantId: string;
  processInstanceId: string;
  target: string;
  eventId: string;
  /** used when the instance has no registered request */
  requestNumber?: string | null;
  step?: string | null;
  now: Date;
}

export interface OverdueCall {
  tenantId: string | null;
  processInstanceId: string;
  processDefinitionKey?: string | null;
  requestNumber?: string | null;
  step: string;
  elementId: string;
  /** one record per breach even when the task is retried */
  escalationActivityId: string;
  dueAt: Date;
  supervisorGroup: string;
  now: Date;
}

export interface RequestService {
  /** «Присвоение номера»: once per instance; a retry gets the first number (`created` false). */
  register(call: RegisterCall): Promise<RequestSummary & { created: boolean }>;
  /** The instance's registered request, or null. */
  byInstance(processInstanceId: string): Promise<RequestSummary | null>;
  /** Номер очередности: once per instance and queue. */
  assignQueue(call: QueueCall): Promise<QueuePlace>;
  /** The new status with its outbox event; null when the instance has no request (a refusal before registration). */
  changeStatus(call: StatusCall): Promise<{ status: RequestStatus; changed: boolean } | null>;
  route(call: RoutingCall): Promise<{ eventId: string }>;
  recordOverdue(call: OverdueCall): Promise<{ created: boolean }>;
}

export interface GenerateCall {
  form: string;
  lang: Lang;
  tenant: string;
  service?: string;
  requestNumber: string;
  processDefinitionId?: string | null;
  processInstanceId: string;
  /** one document per key: `<processInstanceId>:<activityId>:<form>` */
  idempotencyKey: string;
  /** The task's variables and properties: the form's fields are filled from them (src/documents/data-for.ts). */
  variables: Record<string, unknown>;
  properties: Record<string, string>;
  signedDocumentData?: string;
  specialistIin?: string | null;
  applicantIin?: string | null;
  applicantUserId?: string | null;
}

export type GenerateResult =
  | { outcome: 'generated'; id: string; verificationCode: string; created: boolean }
  /** The specialist's signed data does not hold: the route decides between a BPMN error and an incident. */
  | { outcome: 'signature-rejected'; message: string };

export interface DeliverCall {
  documentId: string;
  channel: DeliveryChannel;
  email?: string;
  /** one delivery per key */
  idempotencyKey: string;
}

export interface DocumentService {
  generate(call: GenerateCall): Promise<GenerateResult>;
  deliver(call: DeliverCall): Promise<{ deliveredAt: string }>;
}

export interface StaffService {
  /** The IIN of a staff user (the fallback for the expected signer), or null when unknown or in no shared tenant. */
  iinOf(userId: string): Promise<string | null>;
}

/** The embedded registries (demo, tests), used where no gateway is configured (REGLAMENT_GBD_FL_URL …). */
export interface EmbeddedRegistries {
  persons: PersonRegistry;
  powersOfAttorney: PowerOfAttorneyRegistry;
  guardianship: GuardianshipRegistry;
}

export interface WorkerServices {
  requests: RequestService;
  documents: DocumentService;
  staff: StaffService;
  registries: EmbeddedRegistries;
}
