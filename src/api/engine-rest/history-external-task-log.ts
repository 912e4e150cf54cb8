// The historic external task log (Camunda's HistoricExternalTaskLogRestService): list, count, one entry, its error details.
import type { FastifyInstance } from 'fastify';
import type { ExternalTaskLog, ExternalTaskLogFilter } from '../../engine/api.js';
import { countSchema, idParam, list, pagingProps } from '../dto.js';

const s = { type: ['string', 'null'] } as const;

const logSchema = {
  $id: 'HistoricExternalTaskLogDto',
  type: 'object',
  properties: {
    id: { type: 'string' }, timestamp: { type: 'string' }, removalTime: s, externalTaskId: { type: 'string' }, topicName: { type: 'string' },
    workerId: s, priority: { type: 'integer' }, retries: { type: ['integer', 'null'] }, errorMessage: s, activityId: { type: 'string' },
    activityInstanceId: { type: 'string' }, executionId: { type: 'string' }, processInstanceId: { type: 'string' },
    processDefinitionId: { type: 'string' }, processDefinitionKey: { type: 'string' }, tenantId: s, rootProcessInstanceId: s,
    creationLog: { type: 'boolean' }, failureLog: { type: 'boolean' }, successLog: { type: 'boolean' }, deletionLog: { type: 'boolean' },
  },
} as const;

export const logSortBy = ['timestamp', 'externalTaskId', 'topicName', 'workerId', 'retries', 'priority', 'activityId', 'activityInstanceId',
  'executionId', 'processInstanceId', 'processDefinitionId', 'processDefinitionKey', 'tenantId'] as const;

const filterProps = {
  logId: { type: 'string' }, externalTaskId: { type: 'string' }, topicName: { type: 'string' }, workerId: { type: 'string' },
  errorMessage: { type: 'string' }, processInstanceId: { type: 'string' }, processDefinitionId: { type: 'string' },
  processDefinitionKey: { type: 'string' }, withoutTenantId: { type: 'boolean' },
  priorityLowerThanOrEquals: { type: 'integer' }, priorityHigherThanOrEquals: { type: 'integer' },
  creationLog: { type: 'boolean' }, failureLog: { type: 'boolean' }, successLog: { type: 'boolean' }, deletionLog: { type: 'boolean' },
} as const;
const listNames = ['activityIdIn', 'activityInstanceIdIn', 'executionIdIn', 'tenantIdIn'] as const;

/** GET: lists as comma-separated text, one sortBy/sortOrder. */
const queryProps = {
  ...filterProps, ...Object.fromEntries(listNames.map((n) => [n, { type: 'string' }])),
  sortBy: { type: 'string', enum: logSortBy }, sortOrder: { type: 'string', enum: ['asc', 'desc'] }, ...pagingProps,
} as const;
/** POST: lists as arrays, `sorting` as an array. */
const bodyProps = {
  ...filterProps, ...Object.fromEntries(listNames.map((n) => [n, { type: ['array', 'null'], items: { type: 'string' } }])),
  sorting: { type: ['array', 'null'], items: { type: 'object', required: ['sortBy'], properties: { sortBy: { type: 'string', enum: logSortBy }, sortOrder: { type: 'string', enum: ['asc', 'desc'] } } } },
} as const;

type Query = Record<string, unknown> & { sortBy?: string; sortOrder?: 'asc' | 'desc'; sorting?: { sortBy: string; sortOrder?: 'asc' | 'desc' }[] | null; firstResult?: number; maxResults?: number };

function filterOf(q: Query, paged: boolean): ExternalTaskLogFilter {
  const f: Record<string, unknown> = {};
  for (const k of Object.keys(filterProps)) if (q[k] !== undefined && q[k] !== null) f[k] = q[k];
  for (const k of listNames) { const v = list(q[k] as string | string[] | undefined ?? undefined); if (v) f[k] = v; }
  const sorting = q.sorting ?? (q.sortBy ? [{ sortBy: q.sortBy, sortOrder: q.sortOrder }] : undefined);
  if (sorting) f.sorting = sorting;
  if (paged) { f.firstResult = q.firstResult; f.maxResults = q.maxResults; }
  return f as ExternalTaskLogFilter;
}

function logDto(l: ExternalTaskLog) {
  return { ...l, removalTime: null, rootProcessInstanceId: l.processInstanceId };
}

export default async function externalTaskLogRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(logSchema);
  const config = { permission: 'history:read' as const };
  const tags = ['Historic External Task Log'];
  const listResponse = { 200: { type: 'array', items: { $ref: 'HistoricExternalTaskLogDto#' } } };

  app.get<{ Querystring: Query }>('/history/external-task-log', {
    config, schema: { tags, querystring: { type: 'object', properties: queryProps }, response: listResponse },
  }, async (request) => (await app.host.listExternalTaskLogs(filterOf(request.query, true), request.access)).map(logDto));

  app.get<{ Querystring: Query }>('/history/external-task-log/count', {
    config, schema: { tags, querystring: { type: 'object', properties: queryProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: await app.host.countExternalTaskLogs(filterOf(request.query, false), request.access) }));

  // Camunda's POST forms: filters and sorting in the body, paging in the query string.
  app.post<{ Body: Query | null; Querystring: { firstResult?: number; maxResults?: number } }>('/history/external-task-log', {
    config, schema: { tags, querystring: { type: 'object', properties: pagingProps }, body: { type: ['object', 'null'], properties: bodyProps }, response: listResponse },
  }, async (request) => (await app.host.listExternalTaskLogs(filterOf({ ...(request.body ?? {}), ...request.query }, true), request.access)).map(logDto));

  app.post<{ Body: Query | null }>('/history/external-task-log/count', {
    config, schema: { tags, body: { type: ['object', 'null'], properties: bodyProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: await app.host.countExternalTaskLogs(filterOf(request.body ?? {}, false), request.access) }));

  app.get<{ Params: { id: string } }>('/history/external-task-log/:id', {
    config, schema: { tags, params: idParam, response: { 200: { $ref: 'HistoricExternalTaskLogDto#' } } },
  }, async (request) => logDto(await app.host.getExternalTaskLog(request.params.id, request.access)));

  app.get<{ Params: { id: string } }>('/history/external-task-log/:id/error-details', {
    config, schema: { tags, params: idParam },
  }, async (request, reply) => reply.type('text/plain').send((await app.host.getExternalTaskLogErrorDetails(request.params.id, request.access)) ?? ''));
}
