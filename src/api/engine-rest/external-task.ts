// External tasks as camunda-external-task-client-js speaks them: fetchAndLock with long polling, complete, failure,
// bpmnError, lock, extendLock, unlock (no body), retries, priority, listing and topic names.
import { callerOf } from '../caller.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ExternalTask, ExternalTaskFilter, FetchAndLockRequest, VariableMap } from '../../engine/api.js';
import { AuthorizationError, NotFoundError } from '../../errors.js';
import { topicsOf } from '../permissions.js';
import { LongPoller } from '../long-poll.js';
import { checkVariables } from '../variables.js';
import { countSchema, idParam, list, pagingProps, sortProps, variableMapSchema } from '../dto.js';

/** Camunda's maximum wait of one long poll (30 minutes). */
export const MAX_ASYNC_RESPONSE_TIMEOUT = 1_800_000;

const externalTaskProps = {
  activityId: { type: 'string' }, activityInstanceId: { type: 'string' }, errorMessage: { type: ['string', 'null'] },
  executionId: { type: 'string' }, id: { type: 'string' }, lockExpirationTime: { type: ['string', 'null'] }, createTime: { type: ['string', 'null'] },
  processDefinitionId: { type: 'string' }, processDefinitionKey: { type: 'string' }, processDefinitionVersionTag: { type: ['string', 'null'] },
  processInstanceId: { type: 'string' }, tenantId: { type: ['string', 'null'] }, retries: { type: ['integer', 'null'] }, suspended: { type: 'boolean' },
  workerId: { type: ['string', 'null'] }, priority: { type: 'integer' }, topicName: { type: 'string' }, businessKey: { type: ['string', 'null'] },
} as const;

const externalTaskSchema = { $id: 'ExternalTaskDto', type: 'object', properties: externalTaskProps } as const;
const lockedExternalTaskSchema = {
  $id: 'LockedExternalTaskDto',
  type: 'object',
  properties: {
    ...externalTaskProps,
    errorDetails: { type: ['string', 'null'] },
    variables: variableMapSchema,
    extensionProperties: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
  },
} as const;

const strList = { type: ['array', 'null'], items: { type: 'string' } } as const;
const fetchBody = {
  type: 'object',
  required: ['workerId', 'topics'],
  properties: {
    workerId: { type: 'string', minLength: 1, maxLength: 255 },
    maxTasks: { type: 'integer', minimum: 0, maximum: 1000, default: 1 },
    usePriority: { type: 'boolean' },
    asyncResponseTimeout: { type: ['integer', 'null'], minimum: 0, maximum: MAX_ASYNC_RESPONSE_TIMEOUT },
    sorting: { type: ['array', 'null'], items: { type: 'object', properties: { sortBy: { type: 'string', enum: ['createTime'] }, sortOrder: { type: 'string', enum: ['asc', 'desc'] } }, required: ['sortBy', 'sortOrder'] } },
    topics: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        required: ['topicName', 'lockDuration'],
        properties: {
          topicName: { type: 'string', minLength: 1, maxLength: 255 },
          lockDuration: { type: 'integer', minimum: 0 },
          variables: strList, localVariables: { type: 'boolean' }, businessKey: { type: ['string', 'null'] },
          processDefinitionId: { type: ['string', 'null'] }, processDefinitionIdIn: strList,
          processDefinitionKey: { type: ['string', 'null'] }, processDefinitionKeyIn: strList,
          processDefinitionVersionTag: { type: ['string', 'null'] }, tenantIdIn: strList, withoutTenantId: { type: 'boolean' },
          processVariables: { type: ['object', 'null'], additionalProperties: true },
          includeExtensionProperties: { type: 'boolean' }, deserializeValues: { type: 'boolean' },
        },
      },
    },
  },
} as const;

interface FetchBody extends Omit<FetchAndLockRequest, 'maxTasks'> { maxTasks: number; asyncResponseTimeout?: number | null }

/** Drops nulls so the host sees only the filters a client set. */
function clean<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
}

interface ListQuery {
  externalTaskId?: string; externalTaskIdIn?: string | string[]; topicName?: string; workerId?: string; locked?: boolean; notLocked?: boolean;
  withRetriesLeft?: boolean; noRetriesLeft?: boolean; activityId?: string; processInstanceId?: string; processDefinitionId?: string;
  processDefinitionKey?: string; tenantIdIn?: string | string[]; priorityHigherThanOrEquals?: number; sortBy?: string; sortOrder?: 'asc' | 'desc';
  sorting?: { sortBy: string; sortOrder: 'asc' | 'desc' }[]; firstResult?: number; maxResults?: number;
}
const listProps = {
  externalTaskId: { type: 'string' }, externalTaskIdIn: { type: ['string', 'array'], items: { type: 'string' } }, topicName: { type: 'string' },
  workerId: { type: 'string' }, locked: { type: 'boolean' }, notLocked: { type: 'boolean' }, withRetriesLeft: { type: 'boolean' },
  noRetriesLeft: { type: 'boolean' }, activityId: { type: 'string' }, processInstanceId: { type: 'string' }, processDefinitionId: { type: 'string' },
  processDefinitionKey: { type: 'string' }, tenantIdIn: { type: ['string', 'array'], items: { type: 'string' } },
  priorityHigherThanOrEquals: { type: 'integer' }, ...sortProps, ...pagingProps,
} as const;

function filterOf(q: ListQuery, paging?: { firstResult?: number; maxResults?: number }): ExternalTaskFilter {
  const sort = q.sorting?.[0];
  return clean({
    externalTaskId: q.externalTaskId, externalTaskIdIn: list(q.externalTaskIdIn), topicName: q.topicName, workerId: q.workerId,
    locked: q.locked, notLocked: q.notLocked, withRetriesLeft: q.withRetriesLeft, noRetriesLeft: q.noRetriesLeft, activityId: q.activityId,
    processInstanceId: q.processInstanceId, processDefinitionId: q.processDefinitionId, processDefinitionKey: q.processDefinitionKey,
    tenantIdIn: list(q.tenantIdIn), priorityHigherThanOrEquals: q.priorityHigherThanOrEquals,
    sortBy: (sort?.sortBy ?? q.sortBy) as ExternalTaskFilter['sortBy'], sortOrder: sort?.sortOrder ?? q.sortOrder,
    firstResult: paging?.firstResult ?? q.firstResult, maxResults: paging?.maxResults ?? q.maxResults,
  });
}

const dto = (t: ExternalTask) => t;
const workerBody = (extra: Record<string, unknown>, required: string[] = []) => ({
  type: 'object', required: ['workerId', ...required], properties: { workerId: { type: 'string', minLength: 1, maxLength: 255 }, ...extra },
});
const varsProp = { type: ['object', 'null'], additionalProperties: { $ref: 'VariableValueDto#' } } as const;

export default async function externalTaskRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(externalTaskSchema);
  app.addSchema(lockedExternalTaskSchema);
  const poller = new LongPoller(app.host, app.apiConfig.longPoll);
  // preClose: waiting long polls are answered before the server stops accepting, or close() would wait for them.
  app.addHook('preClose', async () => poller.close());
  const tags = ['External Task'];
  const work = { permission: 'external-tasks:work' as const };

  /** A worker limited to some topics acts only on tasks of those topics; others answer 404 like unknown ids. */
  async function ownTopic(request: FastifyRequest, id: string): Promise<void> {
    const allowed = topicsOf(callerOf(request));
    if (!allowed) return;
    const task = await app.host.getExternalTask(id, request.access);
    if (!allowed.has(task.topicName)) throw new NotFoundError(`External task with id ${id} does not exist`);
  }

  /** Lists seen by a topic-limited worker hold its topics only. */
  function topicFilter<T extends { topicName: string }>(request: FastifyRequest, rows: T[]): T[] {
    const allowed = topicsOf(callerOf(request));
    return allowed ? rows.filter((r) => allowed.has(r.topicName)) : rows;
  }

  app.post<{ Body: FetchBody }>('/external-task/fetchAndLock', {
    config: work,
    schema: { tags, body: fetchBody, response: { 200: { type: 'array', items: { $ref: 'LockedExternalTaskDto#' } } } },
  }, async (request, reply) => {
    const { asyncResponseTimeout, ...body } = request.body;
    const allowed = topicsOf(callerOf(request));
    const foreign = allowed ? body.topics.filter((t) => !allowed.has(t.topicName)).map((t) => t.topicName) : [];
    if (foreign.length) throw new AuthorizationError(`Worker user '${callerOf(request).user.id}' may not fetch topic '${foreign[0]}'`);
    const req: FetchAndLockRequest = clean({
      workerId: body.workerId, maxTasks: body.maxTasks, usePriority: body.usePriority,
      sorting: body.sorting ?? undefined, topics: body.topics.map((t) => clean(t)),
    });
    let gone = false;
    const listeners: (() => void)[] = [];
    reply.raw.on('close', () => {
      if (!reply.raw.writableFinished) { gone = true; for (const l of listeners) l(); }
    });
    return poller.fetch(req, request.access, asyncResponseTimeout ?? 0, () => gone, (cb) => listeners.push(cb));
  });

  app.post<{ Params: { id: string }; Body: { workerId: string; variables?: VariableMap; localVariables?: VariableMap } }>('/external-task/:id/complete', {
    config: work,
    schema: { tags, params: idParam, body: workerBody({ variables: varsProp, localVariables: varsProp }) },
  }, async (request, reply) => {
    await ownTopic(request, request.params.id);
    const { workerId, variables, localVariables } = request.body;
    checkVariables(variables, app.apiConfig.maxFileVariableSize);
    checkVariables(localVariables, app.apiConfig.maxFileVariableSize);
    await app.host.completeExternalTask(request.params.id, clean({ workerId, variables: variables ?? undefined, localVariables: localVariables ?? undefined }), request.access);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string }; Body: { workerId: string; errorMessage?: string; errorDetails?: string; retries?: number; retryTimeout?: number } }>('/external-task/:id/failure', {
    config: work,
    schema: {
      tags, params: idParam,
      body: workerBody({ errorMessage: { type: ['string', 'null'], maxLength: 4000 }, errorDetails: { type: ['string', 'null'], maxLength: 1_000_000 }, retries: { type: ['integer', 'null'], minimum: 0 }, retryTimeout: { type: ['integer', 'null'], minimum: 0 } }),
    },
  }, async (request, reply) => {
    await ownTopic(request, request.params.id);
    await app.host.handleExternalTaskFailure(request.params.id, clean(request.body), request.access);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string }; Body: { workerId: string; errorCode: string; errorMessage?: string; variables?: VariableMap } }>('/external-task/:id/bpmnError', {
    config: work,
    schema: { tags, params: idParam, body: workerBody({ errorCode: { type: 'string', minLength: 1, maxLength: 255 }, errorMessage: { type: ['string', 'null'], maxLength: 4000 }, variables: varsProp }, ['errorCode']) },
  }, async (request, reply) => {
    await ownTopic(request, request.params.id);
    checkVariables(request.body.variables, app.apiConfig.maxFileVariableSize);
    await app.host.handleExternalTaskBpmnError(request.params.id, clean(request.body), request.access);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string }; Body: { workerId: string; lockDuration: number } }>('/external-task/:id/lock', {
    config: work,
    schema: { tags, params: idParam, body: workerBody({ lockDuration: { type: 'integer', minimum: 0 } }, ['lockDuration']) },
  }, async (request, reply) => {
    await ownTopic(request, request.params.id);
    await app.host.lockExternalTask(request.params.id, request.body, request.access);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string }; Body: { workerId: string; newDuration: number } }>('/external-task/:id/extendLock', {
    config: work,
    schema: { tags, params: idParam, body: workerBody({ newDuration: { type: 'integer', minimum: 0 } }, ['newDuration']) },
  }, async (request, reply) => {
    await ownTopic(request, request.params.id);
    await app.host.extendExternalTaskLock(request.params.id, request.body, request.access);
    return reply.code(204).send();
  });

  // The client sends unlock with no body and no content type.
  app.post<{ Params: { id: string } }>('/external-task/:id/unlock', {
    config: work,
    schema: { tags, params: idParam },
  }, async (request, reply) => {
    await ownTopic(request, request.params.id);
    await app.host.unlockExternalTask(request.params.id, request.access);
    return reply.code(204).send();
  });

  app.put<{ Params: { id: string }; Body: { retries: number } }>('/external-task/:id/retries', {
    config: { permission: 'external-tasks:manage' },
    schema: { tags, params: idParam, body: { type: 'object', required: ['retries'], properties: { retries: { type: 'integer', minimum: 0 } } } },
  }, async (request, reply) => {
    await app.host.setExternalTaskRetries(request.params.id, request.body.retries, request.access);
    return reply.code(204).send();
  });

  app.put<{ Params: { id: string }; Body: { priority: number } }>('/external-task/:id/priority', {
    config: { permission: 'external-tasks:manage' },
    schema: { tags, params: idParam, body: { type: 'object', required: ['priority'], properties: { priority: { type: 'integer' } } } },
  }, async (request, reply) => {
    await app.host.setExternalTaskPriority(request.params.id, request.body.priority, request.access);
    return reply.code(204).send();
  });

  const read = { permission: 'external-tasks:read' as const };
  const listResponse = { 200: { type: 'array', items: { $ref: 'ExternalTaskDto#' } } };

  app.get<{ Querystring: ListQuery }>('/external-task', {
    config: read,
    schema: { tags, querystring: { type: 'object', properties: listProps }, response: listResponse },
  }, async (request) => topicFilter(request, await app.host.listExternalTasks(filterOf(request.query), request.access)).map(dto));

  app.post<{ Body: ListQuery | null; Querystring: { firstResult?: number; maxResults?: number } }>('/external-task', {
    config: read,
    schema: {
      tags, querystring: { type: 'object', properties: pagingProps },
      body: { type: ['object', 'null'], properties: { ...listProps, sorting: { type: 'array', items: { type: 'object', properties: sortProps } } } },
      response: listResponse,
    },
  }, async (request) => topicFilter(request, await app.host.listExternalTasks(filterOf(request.body ?? {}, request.query), request.access)).map(dto));

  app.get<{ Querystring: ListQuery }>('/external-task/count', {
    config: read,
    schema: { tags, querystring: { type: 'object', properties: listProps }, response: { 200: countSchema } },
  }, async (request) => ({
    count: topicsOf(callerOf(request))
      ? topicFilter(request, await app.host.listExternalTasks({ ...filterOf(request.query), firstResult: undefined, maxResults: undefined }, request.access)).length
      : await app.host.countExternalTasks(filterOf(request.query), request.access),
  }));

  app.post<{ Body: ListQuery | null }>('/external-task/count', {
    config: read,
    schema: { tags, body: { type: ['object', 'null'], properties: listProps }, response: { 200: countSchema } },
  }, async (request) => {
    const filter = { ...filterOf(request.body ?? {}), firstResult: undefined, maxResults: undefined };
    return {
      count: topicsOf(callerOf(request))
        ? topicFilter(request, await app.host.listExternalTasks(filter, request.access)).length
        : await app.host.countExternalTasks(filter, request.access),
    };
  });

  app.get<{ Querystring: { withLockedTasks?: boolean; withUnlockedTasks?: boolean; withRetriesLeft?: boolean } }>('/external-task/topic-names', {
    config: read,
    schema: {
      tags,
      querystring: { type: 'object', properties: { withLockedTasks: { type: 'boolean' }, withUnlockedTasks: { type: 'boolean' }, withRetriesLeft: { type: 'boolean' } } },
      response: { 200: { type: 'array', items: { type: 'string' } } },
    },
  }, async (request) => {
    const allowed = topicsOf(callerOf(request));
    const names = await app.host.topicNames(request.query, request.access);
    return allowed ? names.filter((n) => allowed.has(n)) : names;
  });

  app.get<{ Params: { id: string } }>('/external-task/:id', {
    config: read,
    schema: { tags, params: idParam, response: { 200: { $ref: 'ExternalTaskDto#' } } },
  }, async (request) => {
    await ownTopic(request, request.params.id);
    return dto(await app.host.getExternalTask(request.params.id, request.access));
  });

  app.get<{ Params: { id: string } }>('/external-task/:id/errorDetails', {
    config: read,
    schema: { tags, params: idParam },
  }, async (request, reply) => {
    await ownTopic(request, request.params.id);
    return reply.type('text/plain').send((await app.host.getExternalTaskErrorDetails(request.params.id, request.access)) ?? '');
  });
}
