// Types of camunda-external-task-client-js 3.1 (it ships none; @types 1.3 lacks usePriority, sorting, lock, setTransient).
declare module 'camunda-external-task-client-js' {
  import { EventEmitter } from 'node:events';

  export interface TypedValue { type: string; value: unknown; valueInfo?: Record<string, unknown> }

  export class Variables {
    constructor(options?: { readOnly?: boolean; processInstanceId?: string; engineService?: unknown });
    get(name: string): any;
    getTyped(name: string): TypedValue;
    getAll(): Record<string, any>;
    getAllTyped(): Record<string, TypedValue>;
    getDirtyVariables(): Record<string, TypedValue>;
    set(name: string, value: unknown): this;
    setTyped(name: string, typedValue: TypedValue): this;
    setTransient(name: string, value: unknown): this;
    setAll(values: Record<string, unknown>): this;
    setAllTyped(values: Record<string, TypedValue>): this;
  }

  export class File {
    constructor(options: { localPath?: string; filename?: string; encoding?: string; mimetype?: string; remotePath?: string; typedValue?: TypedValue; engineService?: unknown });
    filename: string;
    content: Buffer | string;
    encoding?: string;
    mimetype?: string;
    load(): Promise<File>;
    createTypedValue(): TypedValue;
  }

  export interface Task {
    id: string;
    topicName: string;
    workerId: string;
    lockExpirationTime: string;
    createTime?: string;
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
    suspended?: boolean;
    extensionProperties?: Record<string, string> | null;
    variables: Variables;
  }

  export interface HandleFailureOptions { errorMessage?: string; errorDetails?: string; retries?: number; retryTimeout?: number }

  export interface TaskService {
    complete(task: Task, processVariables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(task: Task, options: HandleFailureOptions): Promise<void>;
    handleBpmnError(task: Task, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
    lock(task: Task, duration: number): Promise<void>;
    extendLock(task: Task, newDuration: number): Promise<void>;
    unlock(task: Task): Promise<void>;
  }

  export type Handler = (args: { task: Task; taskService: TaskService }) => void | Promise<void>;

  export interface SubscribeOptions {
    lockDuration?: number;
    variables?: string[];
    businessKey?: string;
    processDefinitionId?: string;
    processDefinitionIdIn?: string[];
    processDefinitionKey?: string;
    processDefinitionKeyIn?: string[];
    processDefinitionVersionTag?: string;
    processVariables?: Record<string, unknown>;
    tenantIdIn?: string[];
    withoutTenantId?: boolean;
    localVariables?: boolean;
    includeExtensionProperties?: boolean;
  }

  export interface TopicSubscription { unsubscribe(): void; lockDuration: number; handler: Handler }

  export type Interceptor = (config: { headers?: Record<string, string>; [k: string]: unknown }) => { headers?: Record<string, string>; [k: string]: unknown };

  export interface ClientConfig {
    baseUrl: string;
    workerId?: string;
    maxTasks?: number;
    maxParallelExecutions?: number;
    interval?: number;
    lockDuration?: number;
    autoPoll?: boolean;
    asyncResponseTimeout?: number;
    usePriority?: boolean;
    sorting?: { sortBy: 'createTime'; sortOrder: 'asc' | 'desc' }[];
    interceptors?: Interceptor | Interceptor[] | BasicAuthInterceptor | (Interceptor | BasicAuthInterceptor)[];
    use?: ((client: Client) => void) | ((client: Client) => void)[];
  }

  export class Client extends EventEmitter {
    static SortBy: { readonly CreateTime: 'createTime' };
    static SortOrder: { readonly ASC: 'asc'; readonly DESC: 'desc' };
    constructor(config: ClientConfig);
    options: ClientConfig;
    start(): void;
    stop(): void;
    poll(): void;
    subscribe(topic: string, options: SubscribeOptions, handler: Handler): TopicSubscription;
    subscribe(topic: string, handler: Handler): TopicSubscription;
  }

  export class BasicAuthInterceptor {
    constructor(options: { username: string; password: string });
  }

  export class KeycloakAuthInterceptor {
    constructor(options: { tokenEndpoint: string; clientId: string; clientSecret: string; cacheOffset?: number });
  }

  export const logger: ((client: Client) => void) & { level(level: string): (client: Client) => void };
}
