// The public contract of the durable BPMN host: types only, so src/api, workers' tests and the CLI can code against it.
// Everything here is stable; the implementation lives in src/engine/host.ts and is created by createHost() (src/engine/index.ts).
import type { VariableCondition } from './variable-conditions.js';
import type { Knex } from 'knex';

// ---------------------------------------------------------------------------------------------
// Access and dependencies
// ---------------------------------------------------------------------------------------------

/**
 * Who is asking. `tenantIds: null` means all tenants (administrator). Rows of a tenant not listed
 * behave as not found (NotFoundError), never 403. `userId` is recorded in the user-operation log.
 * Rows without a tenant (tenantId null) are visible to everyone.
 */
export interface Access {
  tenantIds: string[] | null;
  userId?: string;
  groupIds?: string[];
  /** Administrators start any definition of their tenants, whatever its candidate starters. */
  startsAny?: boolean;
}

/** The working-day calendar (src/calendar/index.ts implements it). */
export interface Calendar {
  addDuration(from: Date, isoDuration: string, opts: { calendar: 'kz-working-days' | 'calendar'; excludeReceiptDay?: boolean; excludeIssueDay?: boolean; timeZone?: string }): Date;
}

/**
 * Clock for row timestamps, lock expiry and due-timer selection. Default: `() => new Date()`.
 * bpmn-engine computes timer expiry from `Date` itself, so keep this equal to `Date`: tests fake time with
 * `vi.useFakeTimers({ toFake: ['Date'] })` and `vi.setSystemTime()`, not with a different clock.
 */
export type Clock = () => Date;

export interface HostLogger {
  info(event: string, fields?: Record<string, unknown>): void;
  warn(event: string, fields?: Record<string, unknown>): void;
  error(event: string, fields?: Record<string, unknown>): void;
}

export interface HostOptions {
  /** A migrated knex connection (SQLite or PostgreSQL). */
  db: Knex;
  clock?: Clock;
  /** Default: the Kazakhstan calendar of src/calendar/index.js. */
  calendar?: Calendar;
  logger?: HostLogger;
  /** Identifies this node in timer leases; default a random id. */
  nodeId?: string;
  /** Timer scheduler poll interval in ms (default 500, at most 1000 recommended). */
  timerPollInterval?: number;
  /** Tries of a timer whose firing throws before it gets a `failedJob` incident (default 3, as Camunda 7). */
  timerRetries?: number;
  /** Fixed wait in ms before a failed timer is tried again (default 5 minutes). */
  timerRetryBackoff?: number;
  /** Max live engines kept between calls (LRU, checked against the row's rev); 0 evicts every engine at its wait. Default 16. */
  engineCacheSize?: number;
  /** Max size in bytes of one File variable (default 10 MiB). */
  maxFileSize?: number;
}

// ---------------------------------------------------------------------------------------------
// Variables (Camunda 7 typed values)
// ---------------------------------------------------------------------------------------------

export type VariableType = 'String' | 'Integer' | 'Long' | 'Double' | 'Boolean' | 'Date' | 'Json' | 'Object' | 'File' | 'Null';

/** A Camunda 7 typed value. Input accepts any casing of `type`; output uses the names above. */
export interface TypedValue {
  type: string;
  value: unknown;
  valueInfo?: Record<string, unknown>;
}

export type VariableMap = Record<string, TypedValue>;

// ---------------------------------------------------------------------------------------------
// Deployments and definitions
// ---------------------------------------------------------------------------------------------

export interface DeployResourceInput {
  name: string;
  content: Buffer | string;
}

export interface DeployInput {
  name: string;
  source?: string | null;
  tenantId?: string | null;
  resources: DeployResourceInput[];
  enableDuplicateFiltering?: boolean;
  deployChangedOnly?: boolean;
  activationTime?: Date | null;
}

export interface Deployment {
  id: string;
  name: string;
  source: string | null;
  tenantId: string | null;
  deploymentTime: Date;
}

export interface ProcessDefinition {
  /** `<key>:<version>:<uuid>` as Camunda spells it. */
  id: string;
  key: string;
  version: number;
  versionTag: string | null;
  name: string | null;
  description: string | null;
  category: string | null;
  resource: string;
  deploymentId: string;
  tenantId: string | null;
  suspended: boolean;
  /** Start of validity (manifest.json validity.from or reglament:validFrom), null = always. */
  validFrom: Date | null;
  /** End of validity (exclusive day end), null = open-ended or unknown. */
  validTo: Date | null;
  /** Whether validFrom is the act's day (`text`) or derived by the rule of docs/calendar.md (`assumed`). */
  validFromBasis: 'text' | 'assumed' | null;
  /** The same for validTo; `unknown` when the act's status is not in its text: starts go on as if in force. */
  validToBasis: 'text' | 'assumed' | 'unknown' | null;
  /** Camunda's deployment-activation-time: the definition is suspended until then (null: active from its deployment). */
  activationTime: Date | null;
  /** The act that repealed this регламент, when known. */
  repealedBy: string | null;
  /** process-level camunda:properties */
  properties: Record<string, string>;
  startableInTasklist: boolean;
  historyTimeToLive: number | null;
}

export interface DeployResult {
  deployment: Deployment;
  /** Definitions created by this deployment (empty when every resource was filtered as duplicate). */
  processDefinitions: ProcessDefinition[];
  /** Non-fatal problems per resource. */
  warnings: Record<string, { message: string; line?: number; column?: number; mainElementId?: string; elementIds?: string[] }[]>;
}

export interface DeploymentResource {
  id: string;
  name: string;
  deploymentId: string;
}

export interface DeploymentFilter {
  id?: string;
  name?: string;
  nameLike?: string;
  source?: string;
  tenantIdIn?: string[];
  withoutTenantId?: boolean;
  after?: Date;
  before?: Date;
  sortBy?: 'id' | 'name' | 'deploymentTime' | 'tenantId';
  sortOrder?: 'asc' | 'desc';
  firstResult?: number;
  maxResults?: number;
}

export interface DefinitionFilter {
  id?: string;
  idIn?: string[];
  key?: string;
  keyIn?: string[];
  keyLike?: string;
  name?: string;
  nameLike?: string;
  deploymentId?: string;
  version?: number;
  latestVersion?: boolean;
  versionTag?: string;
  tenantIdIn?: string[];
  withoutTenantId?: boolean;
  includeProcessDefinitionsWithoutTenantId?: boolean;
  sortBy?: 'key' | 'name' | 'version' | 'id' | 'deploymentId' | 'tenantId' | 'versionTag';
  sortOrder?: 'asc' | 'desc';
  firstResult?: number;
  maxResults?: number;
}

// ---------------------------------------------------------------------------------------------
// Instances
// ---------------------------------------------------------------------------------------------

export type StartTarget =
  | { definitionId: string }
  | {
      key: string;
      /** null/undefined = the definition without tenant */
      tenantId?: string | null;
      /** pick the version in force on this date (default now) */
      asOf?: Date;
      /** start although outside validity; recorded in the user-operation log */
      override?: { asOf: Date; reason: string };
    };

export interface StartOptions {
  businessKey?: string | null;
  variables?: VariableMap;
  /** user id put in the start event's camunda:initiator variable (default access.userId) */
  initiator?: string | null;
  withVariablesInReturn?: boolean;
}

export interface ProcessInstance {
  id: string;
  definitionId: string;
  definitionKey: string;
  businessKey: string | null;
  tenantId: string | null;
  /** 'ACTIVE' | 'COMPLETED' | 'EXTERNALLY_TERMINATED' | 'INTERNALLY_TERMINATED' */
  state: string;
  ended: boolean;
  suspended: boolean;
  startTime: Date;
  endTime: Date | null;
  startUserId: string | null;
  /** only from startInstance with withVariablesInReturn */
  variables?: VariableMap;
}

export interface InstanceFilter {
  processInstanceIds?: string[];
  processDefinitionId?: string;
  processDefinitionKey?: string;
  processDefinitionKeyIn?: string[];
  businessKey?: string;
  businessKeyLike?: string;
  tenantIdIn?: string[];
  withoutTenantId?: boolean;
  /** true: only running; false: only ended */
  active?: boolean;
  /** Camunda's `variables` conditions on process variables, all of which must hold. */
  variables?: VariableCondition[];
  sortBy?: 'instanceId' | 'definitionKey' | 'definitionId' | 'tenantId' | 'businessKey' | 'startTime';
  sortOrder?: 'asc' | 'desc';
  firstResult?: number;
  maxResults?: number;
}

export interface VariableModification {
  modifications?: VariableMap;
  deletions?: string[];
}

// ---------------------------------------------------------------------------------------------
// External tasks
// ---------------------------------------------------------------------------------------------

export interface FetchTopic {
  topicName: string;
  lockDuration: number;
  variables?: string[] | null;
  localVariables?: boolean;
  businessKey?: string;
  processDefinitionId?: string;
  processDefinitionIdIn?: string[];
  processDefinitionKey?: string;
  processDefinitionKeyIn?: string[];
  processDefinitionVersionTag?: string;
  tenantIdIn?: string[];
  withoutTenantId?: boolean;
  /** equality filter on process variables (plain values) */
  processVariables?: Record<string, unknown>;
  includeExtensionProperties?: boolean;
  deserializeValues?: boolean;
}

export interface FetchAndLockRequest {
  workerId: string;
  maxTasks: number;
  usePriority?: boolean;
  sorting?: { sortBy: 'createTime'; sortOrder: 'asc' | 'desc' }[];
  topics: FetchTopic[];
}

/** Camunda's LockedExternalTaskDto. */
export interface LockedExternalTask {
  id: string;
  topicName: string;
  workerId: string;
  lockExpirationTime: string;
  createTime: string;
  retries: number | null;
  errorMessage: string | null;
  errorDetails: string | null;
  activityId: string;
  activityInstanceId: string;
  executionId: string;
  processInstanceId: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  processDefinitionVersionTag: string | null;
  tenantId: string | null;
  businessKey: string | null;
  priority: number;
  suspended: boolean;
  variables: VariableMap;
  extensionProperties: Record<string, string>;
}

/** Camunda's ExternalTaskDto (listing). */
export interface ExternalTask {
  id: string;
  topicName: string;
  workerId: string | null;
  lockExpirationTime: string | null;
  createTime: string;
  retries: number | null;
  errorMessage: string | null;
  activityId: string;
  activityInstanceId: string;
  executionId: string;
  processInstanceId: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  processDefinitionVersionTag: string | null;
  tenantId: string | null;
  businessKey: string | null;
  priority: number;
  suspended: boolean;
}

export interface ExternalTaskFilter {
  externalTaskId?: string;
  externalTaskIdIn?: string[];
  topicName?: string;
  workerId?: string;
  locked?: boolean;
  notLocked?: boolean;
  withRetriesLeft?: boolean;
  noRetriesLeft?: boolean;
  activityId?: string;
  processInstanceId?: string;
  processDefinitionId?: string;
  processDefinitionKey?: string;
  tenantIdIn?: string[];
  priorityHigherThanOrEquals?: number;
  sortBy?: 'id' | 'lockExpirationTime' | 'processInstanceId' | 'processDefinitionKey' | 'tenantId' | 'taskPriority' | 'createTime';
  sortOrder?: 'asc' | 'desc';
  firstResult?: number;
  maxResults?: number;
}

// ---------------------------------------------------------------------------------------------
// User tasks
// ---------------------------------------------------------------------------------------------

export interface CamundaFormRef {
  key: string;
  binding: string;
  version: number | null;
}

/** Camunda's TaskDto plus the element's documentation and camunda:properties. */
export interface UserTask {
  id: string;
  name: string | null;
  description: string | null;
  assignee: string | null;
  owner: string | null;
  candidateUsers: string[];
  candidateGroups: string[];
  created: Date;
  lastUpdated: Date;
  due: Date | null;
  followUp: Date | null;
  priority: number;
  formKey: string | null;
  camundaFormRef: CamundaFormRef | null;
  taskDefinitionKey: string;
  tenantId: string | null;
  processDefinitionId: string;
  processDefinitionKey: string;
  processInstanceId: string;
  businessKey: string | null;
  executionId: string;
  documentation: string | null;
  properties: Record<string, string>;
  suspended: boolean;
  /** revision for optimistic locking */
  revision: number;
}

export interface TaskFilter {
  taskId?: string;
  taskIdIn?: string[];
  assignee?: string;
  assigneeIn?: string[];
  assigneeLike?: string;
  candidateGroup?: string;
  candidateGroups?: string[];
  candidateUser?: string;
  /** with candidateGroup(s)/candidateUser: also return tasks already assigned */
  includeAssignedTasks?: boolean;
  unassigned?: boolean;
  assigned?: boolean;
  processInstanceId?: string;
  processInstanceBusinessKey?: string;
  processDefinitionId?: string;
  processDefinitionKey?: string;
  taskDefinitionKey?: string;
  taskDefinitionKeyIn?: string[];
  tenantIdIn?: string[];
  withoutTenantId?: boolean;
  dueBefore?: Date;
  dueAfter?: Date;
  followUpBefore?: Date;
  followUpAfter?: Date;
  followUpBeforeOrNotExistent?: Date;
  name?: string;
  nameLike?: string;
  sorting?: { sortBy: 'created' | 'dueDate' | 'followUpDate' | 'name' | 'assignee' | 'priority' | 'id' | 'instanceId'; sortOrder: 'asc' | 'desc' }[];
  firstResult?: number;
  maxResults?: number;
}

// ---------------------------------------------------------------------------------------------
// Messages, incidents, history
// ---------------------------------------------------------------------------------------------

export interface CorrelateMessageRequest {
  messageName: string;
  businessKey?: string;
  tenantId?: string;
  withoutTenantId?: boolean;
  processInstanceId?: string;
  /** equality on process variables */
  correlationKeys?: VariableMap;
  /** variables set on the instance when the message is delivered */
  processVariables?: VariableMap;
  all?: boolean;
  resultEnabled?: boolean;
  variablesInResultEnabled?: boolean;
}

export interface SignalRequest { name: string; executionId?: string | null; variables?: VariableMap | null; tenantId?: string | null; withoutTenantId?: boolean }

export interface CorrelationResult {
  resultType: 'Execution' | 'ProcessDefinition';
  processInstance: { id: string; definitionId: string; businessKey: string | null; tenantId: string | null; ended: boolean; suspended: boolean };
  execution: { id: string; processInstanceId: string; ended: boolean; tenantId: string | null } | null;
  variables?: VariableMap;
}

export interface Incident {
  id: string;
  processDefinitionId: string;
  processInstanceId: string;
  executionId: string;
  incidentTimestamp: Date;
  /** 'failedExternalTask' | 'unhandledBpmnError' | 'failedJob' */
  incidentType: string;
  activityId: string;
  failedActivityId: string;
  causeIncidentId: string;
  rootCauseIncidentId: string;
  /** the external task id for failedExternalTask */
  configuration: string | null;
  tenantId: string | null;
  incidentMessage: string | null;
  /** history only */
  endTime?: Date | null;
  /** 'open' | 'resolved' | 'deleted' (history only) */
  state?: string;
}

export interface IncidentFilter {
  incidentId?: string;
  incidentType?: string;
  processInstanceId?: string;
  processDefinitionId?: string;
  activityId?: string;
  configuration?: string;
  tenantIdIn?: string[];
  /** history only: open/resolved */
  open?: boolean;
  resolved?: boolean;
  firstResult?: number;
  maxResults?: number;
}

export interface HistoricProcessInstance {
  id: string;
  businessKey: string | null;
  processDefinitionId: string;
  processDefinitionKey: string;
  processDefinitionName: string | null;
  processDefinitionVersion: number;
  startTime: Date;
  endTime: Date | null;
  durationInMillis: number | null;
  startUserId: string | null;
  startActivityId: string | null;
  deleteReason: string | null;
  tenantId: string | null;
  /** 'ACTIVE' | 'COMPLETED' | 'EXTERNALLY_TERMINATED' | 'INTERNALLY_TERMINATED' */
  state: string;
}

export interface HistoricActivityInstance {
  id: string;
  parentActivityInstanceId: string | null;
  activityId: string;
  activityName: string | null;
  activityType: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processInstanceId: string;
  executionId: string;
  taskId: string | null;
  /** who acted: the user task's assignee/completer or the external task's worker */
  assignee: string | null;
  startTime: Date;
  endTime: Date | null;
  durationInMillis: number | null;
  canceled: boolean;
  completeScope: boolean;
  tenantId: string | null;
}

export interface HistoryFilter {
  processInstanceId?: string;
  processInstanceIds?: string[];
  processDefinitionId?: string;
  processDefinitionKey?: string;
  businessKey?: string;
  activityId?: string;
  activityType?: string;
  finished?: boolean;
  unfinished?: boolean;
  tenantIdIn?: string[];
  startedAfter?: Date;
  startedBefore?: Date;
  sortBy?: string;
  sortOrder?: 'asc' | 'desc';
  firstResult?: number;
  maxResults?: number;
}

export interface UserOperation {
  id: string;
  userId: string | null;
  timestamp: Date;
  /** Camunda names: Create (deploy), Delete, Claim, Unclaim, Assign, Complete, Cancel (instance delete: 'Delete'), SetJobRetries, SetPriority, ModifyVariable, Override */
  operationType: string;
  /** Deployment, ProcessDefinition, ProcessInstance, Task, ExternalTask, Job, Variable */
  entityType: string;
  property: string | null;
  orgValue: string | null;
  newValue: string | null;
  deploymentId: string | null;
  processDefinitionId: string | null;
  processDefinitionKey: string | null;
  processInstanceId: string | null;
  taskId: string | null;
  externalTaskId: string | null;
  tenantId: string | null;
  annotation: string | null;
}

export interface UserOperationFilter {
  userId?: string;
  operationType?: string;
  entityType?: string;
  processInstanceId?: string;
  taskId?: string;
  deploymentId?: string;
  tenantIdIn?: string[];
  afterTimestamp?: Date;
  beforeTimestamp?: Date;
  firstResult?: number;
  maxResults?: number;
}

export interface Paging { firstResult?: number; maxResults?: number }

/** Camunda's HistoricTaskInstanceDto (user tasks only). */
export interface HistoricTask {
  id: string;
  processDefinitionKey: string;
  processDefinitionId: string;
  processInstanceId: string;
  executionId: string;
  activityInstanceId: string;
  name: string | null;
  description: string | null;
  /** 'completed' | 'deleted' once ended */
  deleteReason: string | null;
  owner: string | null;
  assignee: string | null;
  startTime: Date;
  endTime: Date | null;
  duration: number | null;
  taskDefinitionKey: string;
  priority: number;
  due: Date | null;
  followUp: Date | null;
  tenantId: string | null;
}

/** Camunda's ActivityInstanceDto: an instance's activity-instance tree. */
export interface ActivityInstanceTree {
  id: string;
  parentActivityInstanceId: string | null;
  activityId: string;
  activityName: string | null;
  activityType: string;
  processInstanceId: string;
  processDefinitionId: string;
  childActivityInstances: ActivityInstanceTree[];
  childTransitionInstances: never[];
  executionIds: string[];
  incidentIds: string[];
  incidents: { id: string; parentActivityInstanceId: string }[];
}

/** Camunda's VariableInstanceDto / HistoricVariableInstanceDto (File values are never inlined). */
export interface VariableInstance {
  id: string;
  name: string;
  type: string;
  value: unknown;
  valueInfo: Record<string, unknown>;
  processDefinitionId: string;
  processDefinitionKey: string;
  processInstanceId: string;
  executionId: string;
  activityInstanceId: string;
  tenantId: string | null;
  /** The task whose own variable this is (task-local), else absent. */
  taskId?: string | null;
  /**
   * History: Camunda's CREATED, which a variable keeps after its instance ended (DELETED would mean the variable was
   * removed, which this host does not record: a removed variable leaves no history).
   */
  state: 'CREATED';
}

export interface VariableInstanceFilter {
  variableName?: string;
  /** Camunda's LIKE pattern: % and _ */
  variableNameLike?: string;
  processInstanceIdIn?: string[];
  processDefinitionId?: string;
  processDefinitionKey?: string;
  tenantIdIn?: string[];
  withoutTenantId?: boolean;
  sortBy?: 'variableName';
  sortOrder?: 'asc' | 'desc';
  firstResult?: number;
  maxResults?: number;
}

/**
 * Camunda's EventSubscriptionDto: the message and signal catch events and receive tasks waiting, and the message and
 * signal start events of the latest definitions (those have no execution and no instance).
 */
export interface EventSubscription {
  id: string;
  eventType: 'message' | 'signal';
  eventName: string;
  executionId: string | null;
  processInstanceId: string | null;
  activityId: string;
  createdDate: Date;
  tenantId: string | null;
}

export interface EventSubscriptionFilter {
  eventSubscriptionId?: string;
  eventName?: string;
  eventType?: string;
  executionId?: string;
  processInstanceId?: string;
  activityId?: string;
  tenantIdIn?: string[];
  withoutTenantId?: boolean;
  sortBy?: 'created' | 'tenantId';
  sortOrder?: 'asc' | 'desc';
  firstResult?: number;
  maxResults?: number;
}

/** Running instances (and their open incidents by type) of one definition or one activity, as Cockpit's statistics count them. */
export interface Statistics {
  /** definition id or activity id */
  id: string;
  instances: number;
  incidents: { incidentType: string; incidentCount: number }[];
}

/** Camunda's ExecutionDto. */
export interface Execution { id: string; processInstanceId: string; ended: boolean; tenantId: string | null }

export interface ExecutionFilter {
  processInstanceId?: string;
  businessKey?: string;
  processDefinitionId?: string;
  processDefinitionKey?: string;
  activityId?: string;
  tenantIdIn?: string[];
  withoutTenantId?: boolean;
  firstResult?: number;
  maxResults?: number;
}

/** Camunda's JobDto: this host's jobs are its timers. */
export interface Job {
  id: string;
  dueDate: Date;
  processInstanceId: string;
  executionId: string;
  processDefinitionId: string;
  processDefinitionKey: string;
  activityId: string;
  tenantId: string | null;
  /** Tries left before a failedJob incident (src/engine/timers.ts); 0 = it has one and is not fired until set again. */
  retries: number;
  /** The error of its last failed firing. */
  exceptionMessage: string | null;
}

export interface JobFilter {
  jobId?: string;
  jobIds?: string[];
  processInstanceId?: string;
  processInstanceIds?: string[];
  executionId?: string;
  processDefinitionId?: string;
  processDefinitionKey?: string;
  activityId?: string;
  /** false: only message jobs, of which this host has none */
  timers?: boolean;
  messages?: boolean;
  /** due now, with retries left (Camunda's executable) */
  executable?: boolean;
  tenantIdIn?: string[];
  withoutTenantId?: boolean;
  sortBy?: 'jobId' | 'executionId' | 'processInstanceId' | 'processDefinitionId' | 'processDefinitionKey' | 'jobDueDate' | 'tenantId';
  sortOrder?: 'asc' | 'desc';
  firstResult?: number;
  maxResults?: number;
}

/** Camunda's HistoricExternalTaskLogDto: one event (created, failed, successful, deleted) of an external task. */
export interface ExternalTaskLog {
  id: string; timestamp: string; externalTaskId: string; topicName: string; workerId: string | null; priority: number;
  retries: number | null; errorMessage: string | null; activityId: string; activityInstanceId: string; executionId: string;
  processInstanceId: string; processDefinitionId: string; processDefinitionKey: string; tenantId: string | null;
  creationLog: boolean; failureLog: boolean; successLog: boolean; deletionLog: boolean;
}

export interface ExternalTaskLogFilter {
  logId?: string; externalTaskId?: string; topicName?: string; workerId?: string; errorMessage?: string;
  activityIdIn?: string[]; activityInstanceIdIn?: string[]; executionIdIn?: string[]; processInstanceId?: string;
  processDefinitionId?: string; processDefinitionKey?: string; tenantIdIn?: string[]; withoutTenantId?: boolean;
  priorityLowerThanOrEquals?: number; priorityHigherThanOrEquals?: number;
  creationLog?: boolean; failureLog?: boolean; successLog?: boolean; deletionLog?: boolean;
  sorting?: { sortBy: string; sortOrder?: 'asc' | 'desc' }[]; firstResult?: number; maxResults?: number;
}

export interface HistoricTaskFilter {
  taskId?: string;
  processInstanceId?: string;
  processDefinitionId?: string;
  processDefinitionKey?: string;
  taskDefinitionKey?: string;
  taskAssignee?: string;
  finished?: boolean;
  unfinished?: boolean;
  tenantIdIn?: string[];
  withoutTenantId?: boolean;
  sortBy?: 'taskId' | 'startTime' | 'endTime' | 'processInstanceId' | 'taskDefinitionKey' | 'assignee' | 'tenantId';
  sortOrder?: 'asc' | 'desc';
  firstResult?: number;
  maxResults?: number;
}

// ---------------------------------------------------------------------------------------------
// The host
// ---------------------------------------------------------------------------------------------

export interface Host {
  /** Starts the timer scheduler (polls due timers). Idempotent. */
  start(): Promise<void>;
  /** Stops the scheduler, waits for calls in flight, evicts engines. Does not close the db. */
  stop(): Promise<void>;
  /** Fires every timer due at `now` (default clock()) and returns how many fired. Used by tests and by the scheduler. */
  runDueTimers(now?: Date): Promise<number>;

  // deployments
  deploy(input: DeployInput, access: Access): Promise<DeployResult>;
  listDeployments(filter: DeploymentFilter, access: Access): Promise<Deployment[]>;
  countDeployments(filter: DeploymentFilter, access: Access): Promise<number>;
  getDeployment(id: string, access: Access): Promise<Deployment>;
  /** Refuses (ProcessEngineError, as Camunda) while instances of its definitions run, unless cascade. */
  deleteDeployment(id: string, opts: { cascade?: boolean }, access: Access): Promise<void>;
  getResources(deploymentId: string, access: Access): Promise<DeploymentResource[]>;
  getResource(deploymentId: string, resourceId: string, access: Access): Promise<{ resource: DeploymentResource; content: Buffer }>;

  // definitions
  listDefinitions(filter: DefinitionFilter, access: Access): Promise<ProcessDefinition[]>;
  countDefinitions(filter: DefinitionFilter, access: Access): Promise<number>;
  getDefinition(id: string, access: Access): Promise<ProcessDefinition>;
  /** The version in force on `asOf` (default now) for key + tenant (null = without tenant); latest when none has validity data. */
  getDefinitionByKey(key: string, tenantId: string | null, opts: { asOf?: Date } | undefined, access: Access): Promise<ProcessDefinition>;
  getDefinitionXml(id: string, access: Access): Promise<string>;
  /** The camunda:formKey / camunda:formRef of the definition's start event (nulls when it has none). */
  getStartForm(id: string, access: Access): Promise<{ key: string | null; camundaFormRef: CamundaFormRef | null }>;
  setTenantSetting(tenantId: string, name: 'archiveMode' | string, value: string | boolean | null, access: Access): Promise<void>;
  getTenantSetting(tenantId: string, name: string, access: Access): Promise<string | null>;

  // instances
  startInstance(target: StartTarget, opts: StartOptions, access: Access): Promise<ProcessInstance>;
  /**
   * The hash of the sign-in token a credential ticket stands for (src/engine/credential-tickets.ts), or null when the
   * ticket is unknown, expired, of another instance or already redeemed by another external task of it.
   */
  redeemCredentialTicket(ticket: string, use: { instanceId: string; externalTaskId: string }, access: Access): Promise<string | null>;
  getInstance(id: string, access: Access): Promise<ProcessInstance>;
  listInstances(filter: InstanceFilter, access: Access): Promise<ProcessInstance[]>;
  countInstances(filter: InstanceFilter, access: Access): Promise<number>;
  cancelInstance(id: string, reason: string | null, access: Access): Promise<void>;
  getVariables(instanceId: string, access: Access): Promise<VariableMap>;
  getVariable(instanceId: string, name: string, access: Access): Promise<TypedValue>;
  setVariables(instanceId: string, variables: VariableMap, access: Access): Promise<void>;
  modifyVariables(instanceId: string, mod: VariableModification, access: Access): Promise<void>;

  // external tasks
  fetchAndLock(req: FetchAndLockRequest, access: Access): Promise<LockedExternalTask[]>;
  completeExternalTask(id: string, body: { workerId: string; variables?: VariableMap; localVariables?: VariableMap }, access: Access): Promise<void>;
  handleExternalTaskFailure(id: string, body: { workerId: string; errorMessage?: string; errorDetails?: string; retries?: number; retryTimeout?: number }, access: Access): Promise<void>;
  handleExternalTaskBpmnError(id: string, body: { workerId: string; errorCode: string; errorMessage?: string; variables?: VariableMap }, access: Access): Promise<void>;
  lockExternalTask(id: string, body: { workerId: string; lockDuration: number }, access: Access): Promise<void>;
  extendExternalTaskLock(id: string, body: { workerId: string; newDuration: number }, access: Access): Promise<void>;
  unlockExternalTask(id: string, access: Access): Promise<void>;
  setExternalTaskRetries(id: string, retries: number, access: Access): Promise<void>;
  setExternalTaskPriority(id: string, priority: number, access: Access): Promise<void>;
  listExternalTasks(filter: ExternalTaskFilter, access: Access): Promise<ExternalTask[]>;
  countExternalTasks(filter: ExternalTaskFilter, access: Access): Promise<number>;
  getExternalTask(id: string, access: Access): Promise<ExternalTask>;
  getExternalTaskErrorDetails(id: string, access: Access): Promise<string | null>;
  topicNames(opts: { withLockedTasks?: boolean; withUnlockedTasks?: boolean; withRetriesLeft?: boolean }, access: Access): Promise<string[]>;
  /** Called after commit, on this node, with the topics of new (or newly fetchable) external tasks. Returns an unsubscribe function. */
  onExternalTaskCreated(listener: (event: { topicName: string; tenantId: string | null }) => void): () => void;

  // user tasks
  listTasks(filter: TaskFilter, access: Access): Promise<UserTask[]>;
  countTasks(filter: TaskFilter, access: Access): Promise<number>;
  getTask(id: string, access: Access): Promise<UserTask>;
  /** TaskAlreadyClaimedError (Camunda's TaskAlreadyClaimedException, 500) when claimed by another user. */
  claimTask(id: string, userId: string, access: Access): Promise<void>;
  unclaimTask(id: string, access: Access): Promise<void>;
  setAssignee(id: string, userId: string | null, access: Access): Promise<void>;
  /** Revision-checked: of two concurrent completions exactly one wins; the loser gets OptimisticLockingError or NotFoundError. */
  completeTask(id: string, body: { variables?: VariableMap; withVariablesInReturn?: boolean; expectedRevision?: number }, access: Access): Promise<VariableMap | void>;
  taskBpmnError(id: string, body: { errorCode: string; errorMessage?: string; variables?: VariableMap }, access: Access): Promise<void>;
  getTaskFormVariables(id: string, access: Access): Promise<VariableMap>;
  /** The task's own (task-local) variables, src/engine/task-variables.ts; `raw` keeps File bytes inline (for `/data`). */
  getTaskLocalVariables(taskId: string, access: Access, opts?: { raw?: boolean }): Promise<VariableMap>;
  /** Sets and removes task-local variables; they end with the task (its history row keeps their last values). */
  modifyTaskLocalVariables(taskId: string, mod: { modifications?: VariableMap; deletions?: string[] }, access: Access): Promise<void>;
  /** The form-js JSON referenced by the task's camunda:formRef, from the same deployment (binding deployment) or the latest (binding latest). */
  getDeployedForm(taskId: string, access: Access): Promise<{ name: string; content: Buffer }>;

  // messages
  correlateMessage(req: CorrelateMessageRequest, access: Access): Promise<CorrelationResult[]>;
  /**
   * POST /signal: delivers a signal to one waiting execution, or broadcasts it to every signal catch event waiting and
   * every signal start definition in scope (Camunda's tenantId / withoutTenantId rules), before it resolves.
   */
  signal(req: SignalRequest, access: Access): Promise<void>;
  /** Delivers the signals thrown by steps and not yet delivered (the host's poller runs it); returns how many it took. */
  deliverPendingSignals(): Promise<number>;

  // jobs: the timer rows, as Camunda's timer jobs (id = the incident's configuration)
  /**
   * Camunda's `PUT /job/{id}/retries`: retries > 0 let a failed timer fire again (at once after its last retry) and
   * resolve its `failedJob` incident; 0 stops it and opens one.
   */
  setJobRetries(id: string, retries: number, access: Access): Promise<void>;

  // incidents and history
  listIncidents(filter: IncidentFilter, access: Access): Promise<Incident[]>;
  countIncidents(filter: IncidentFilter, access: Access): Promise<number>;
  historyProcessInstances(filter: HistoryFilter, access: Access): Promise<HistoricProcessInstance[]>;
  historyActivityInstances(filter: HistoryFilter, access: Access): Promise<HistoricActivityInstance[]>;
  historyIncidents(filter: IncidentFilter, access: Access): Promise<Incident[]>;
  userOperations(filter: UserOperationFilter, access: Access): Promise<UserOperation[]>;
  historyTasks(filter: HistoricTaskFilter, access: Access): Promise<HistoricTask[]>;
  /** NotFoundError unless the instance runs. */
  activityInstanceTree(instanceId: string, access: Access): Promise<ActivityInstanceTree>;
  /** `history`: ended instances' variables too (Camunda's historic variable instances). */
  variableInstances(filter: VariableInstanceFilter, access: Access, history?: boolean): Promise<VariableInstance[]>;
  executions(filter: ExecutionFilter, access: Access): Promise<Execution[]>;
  /** An execution of a running instance (its own, or of an activity it waits in); NotFoundError otherwise. */
  getExecution(id: string, access: Access): Promise<Execution>;
  /** One variable instance of a running instance by its id (`<instance id>:<name>`); NotFoundError otherwise. */
  getVariableInstance(id: string, access: Access): Promise<VariableInstance>;
  eventSubscriptions(filter: EventSubscriptionFilter, access: Access): Promise<EventSubscription[]>;
  /** Per definition visible to the caller: its running instances and open incidents (those of `incidentType` only, when given). */
  definitionStatistics(opts: { incidentType?: string }, access: Access): Promise<Statistics[]>;
  /** Per activity of one definition that running instances are in: how many, and their open incidents. */
  activityStatistics(definitionId: string, opts: { incidentType?: string }, access: Access): Promise<Statistics[]>;
  countEventSubscriptions(filter: EventSubscriptionFilter, access: Access): Promise<number>;

  // jobs: the timers
  listJobs(filter: JobFilter, access: Access): Promise<Job[]>;
  countJobs(filter: JobFilter, access: Access): Promise<number>;
  getJob(id: string, access: Access): Promise<Job>;
  /** null = due now. */
  setJobDueDate(id: string, dueDate: Date | null, access: Access): Promise<void>;
  /** Fires the timer now, as its scheduler would. */
  executeJob(id: string, access: Access): Promise<void>;
  countHistoryTasks(filter: HistoricTaskFilter, access: Access): Promise<number>;
  /** NotFoundError when the task never existed or belongs to another tenant. */
  historyTask(id: string, access: Access): Promise<HistoricTask>;

  // the historic external task log (src/engine/external-task-log.ts)
  listExternalTaskLogs(filter: ExternalTaskLogFilter, access: Access): Promise<ExternalTaskLog[]>;
  countExternalTaskLogs(filter: ExternalTaskLogFilter, access: Access): Promise<number>;
  /** NotFoundError when unknown or of another tenant. */
  getExternalTaskLog(id: string, access: Access): Promise<ExternalTaskLog>;
  getExternalTaskLogErrorDetails(id: string, access: Access): Promise<string | null>;
}

/** Signature of the factory exported by src/engine/index.ts. Runs nothing until start(). */
export type CreateHost = (options: HostOptions) => Promise<Host>;
