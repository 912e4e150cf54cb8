// Jobs as Camunda's Cockpit and scripts see them: this host's jobs are its timers (deadlines of регламент steps,
// reminders). Listed, counted, read, their due date moved and executed at once; retries counted down on failure, a failedJob incident at 0.
import type { FastifyInstance } from 'fastify';
import type { Job, JobFilter } from '../../engine/api.js';
import { InvalidRequestError } from '../../errors.js';
import { camundaDate, countSchema, list, pagingProps, parseCamundaDate } from '../dto.js';

const s = { type: ['string', 'null'] } as const;
const jobSchema = {
  $id: 'JobDto',
  type: 'object',
  properties: {
    id: { type: 'string' }, jobDefinitionId: s, dueDate: s, processInstanceId: s, executionId: s, processDefinitionId: s, processDefinitionKey: s,
    retries: { type: 'integer' }, exceptionMessage: s, failedActivityId: s, suspended: { type: 'boolean' }, priority: { type: 'integer' }, tenantId: s, createTime: s,
  },
} as const;

function jobDto(j: Job) {
  return {
    id: j.id, jobDefinitionId: null, dueDate: camundaDate(j.dueDate), processInstanceId: j.processInstanceId, executionId: j.executionId,
    processDefinitionId: j.processDefinitionId, processDefinitionKey: j.processDefinitionKey, retries: j.retries, exceptionMessage: j.exceptionMessage,
    failedActivityId: null, suspended: false, priority: 0, tenantId: j.tenantId, createTime: null,
  };
}

interface JobQuery {
  jobId?: string; jobIds?: string | string[]; processInstanceId?: string; processInstanceIds?: string | string[]; executionId?: string; processDefinitionId?: string;
  processDefinitionKey?: string; activityId?: string; timers?: boolean; messages?: boolean; executable?: boolean; tenantIdIn?: string | string[];
  withoutTenantId?: boolean; sortBy?: JobFilter['sortBy']; sortOrder?: 'asc' | 'desc'; firstResult?: number; maxResults?: number;
}
const strOrList = { type: ['string', 'array'], items: { type: 'string' } } as const;
const jobQueryProps = {
  jobId: { type: 'string' }, jobIds: strOrList, processInstanceId: { type: 'string' }, processInstanceIds: strOrList,
  executionId: { type: 'string' }, processDefinitionId: { type: 'string' }, processDefinitionKey: { type: 'string' }, activityId: { type: 'string' },
  timers: { type: 'boolean' }, messages: { type: 'boolean' }, executable: { type: 'boolean' }, tenantIdIn: strOrList, withoutTenantId: { type: 'boolean' },
  sortBy: { type: 'string', enum: ['jobId', 'executionId', 'processInstanceId', 'processDefinitionId', 'processDefinitionKey', 'jobDueDate', 'tenantId'] },
  sortOrder: { type: 'string', enum: ['asc', 'desc'] }, ...pagingProps,
} as const;

function filterOf(q: JobQuery, paged = true): JobFilter {
  return Object.fromEntries(Object.entries({
    ...q, jobIds: list(q.jobIds), processInstanceIds: list(q.processInstanceIds), tenantIdIn: list(q.tenantIdIn),
    firstResult: paged ? q.firstResult : undefined, maxResults: paged ? q.maxResults : undefined,
  }).filter(([, v]) => v !== undefined)) as JobFilter;
}

export default async function jobRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema(jobSchema);
  const tags = ['Job'];
  const read = { permission: 'instances:read' as const };
  const manage = { permission: 'instances:write' as const };
  const idParams = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 400 } }, required: ['id'] } as const;

  app.get<{ Querystring: JobQuery }>('/job', {
    config: read, schema: { tags, querystring: { type: 'object', properties: jobQueryProps }, response: { 200: { type: 'array', items: { $ref: 'JobDto#' } } } },
  }, async (request) => (await app.host.listJobs(filterOf(request.query), request.access)).map(jobDto));

  app.get<{ Querystring: JobQuery }>('/job/count', {
    config: read, schema: { tags, querystring: { type: 'object', properties: jobQueryProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: await app.host.countJobs(filterOf(request.query, false), request.access) }));

  app.post<{ Body: JobQuery | null; Querystring: { firstResult?: number; maxResults?: number } }>('/job', {
    config: read,
    schema: { tags, querystring: { type: 'object', properties: pagingProps }, body: { type: ['object', 'null'], properties: jobQueryProps }, response: { 200: { type: 'array', items: { $ref: 'JobDto#' } } } },
  }, async (request) => (await app.host.listJobs(filterOf({ ...(request.body ?? {}), ...request.query }), request.access)).map(jobDto));

  app.post<{ Body: JobQuery | null }>('/job/count', {
    config: read, schema: { tags, body: { type: ['object', 'null'], properties: jobQueryProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: await app.host.countJobs(filterOf(request.body ?? {}, false), request.access) }));

  app.get<{ Params: { id: string } }>('/job/:id', {
    config: read, schema: { tags, params: idParams, response: { 200: { $ref: 'JobDto#' } } },
  }, async (request) => jobDto(await app.host.getJob(request.params.id, request.access)));

  app.put<{ Params: { id: string }; Body: { duedate?: string | null; cascade?: boolean | null } }>('/job/:id/duedate', {
    config: manage,
    schema: { tags, params: idParams, body: { type: 'object', properties: { duedate: { type: ['string', 'null'] }, cascade: { type: ['boolean', 'null'] } } } },
  }, async (request, reply) => {
    const { duedate } = request.body;
    const at = duedate == null ? null : parseCamundaDate(duedate);
    if (duedate != null && !at) throw new InvalidRequestError(`Cannot set the due date of job ${request.params.id}: '${duedate}' is not a date (yyyy-MM-dd'T'HH:mm:ss.SSSZ)`);
    // cascade moves later timers of a cycle too; a cycle's next timer is created when this one fires, so there is none to move yet
    await app.host.setJobDueDate(request.params.id, at ?? null, request.access);
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string } }>('/job/:id/execute', {
    config: manage, schema: { tags, params: idParams },
  }, async (request, reply) => {
    await app.host.executeJob(request.params.id, request.access);
    return reply.code(204).send();
  });

  app.put<{ Params: { id: string }; Body: { retries: number } }>('/job/:id/retries', {
    config: manage,
    schema: { tags, params: idParams, body: { type: 'object', required: ['retries'], properties: { retries: { type: 'integer', minimum: 0 } } } },
  }, async (request, reply) => {
    // As in Camunda: retries > 0 resolves the job's failedJob incident and lets it fire again; 0 opens one.
    await app.host.setJobRetries(request.params.id, request.body.retries, request.access);
    return reply.code(204).send();
  });
}
