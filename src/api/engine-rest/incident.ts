// `GET /incident` and its count: open incidents, e.g. an external task whose retries reached 0.
import type { FastifyInstance } from 'fastify';
import type { Incident, IncidentFilter } from '../../engine/api.js';
import { camundaDate, countSchema, list, pagingProps, sortProps } from '../dto.js';

export const incidentProps = {
  id: { type: 'string' }, processDefinitionId: { type: ['string', 'null'] }, processInstanceId: { type: ['string', 'null'] },
  executionId: { type: ['string', 'null'] }, incidentTimestamp: { type: 'string' }, incidentType: { type: 'string' },
  activityId: { type: ['string', 'null'] }, failedActivityId: { type: ['string', 'null'] }, causeIncidentId: { type: ['string', 'null'] },
  rootCauseIncidentId: { type: ['string', 'null'] }, configuration: { type: ['string', 'null'] }, tenantId: { type: ['string', 'null'] },
  incidentMessage: { type: ['string', 'null'] }, jobDefinitionId: { type: 'null' }, annotation: { type: ['string', 'null'] },
} as const;

export function incidentDto(i: Incident) {
  return {
    id: i.id, processDefinitionId: i.processDefinitionId, processInstanceId: i.processInstanceId, executionId: i.executionId,
    incidentTimestamp: camundaDate(i.incidentTimestamp), incidentType: i.incidentType, activityId: i.activityId,
    failedActivityId: i.failedActivityId, causeIncidentId: i.causeIncidentId, rootCauseIncidentId: i.rootCauseIncidentId,
    configuration: i.configuration, tenantId: i.tenantId, incidentMessage: i.incidentMessage, jobDefinitionId: null, annotation: null,
  };
}

export interface IncidentQuery {
  incidentId?: string; incidentType?: string; processInstanceId?: string; processDefinitionId?: string; activityId?: string;
  configuration?: string; tenantIdIn?: string; open?: boolean; resolved?: boolean; firstResult?: number; maxResults?: number;
}

export const incidentQueryProps = {
  incidentId: { type: 'string' }, incidentType: { type: 'string' }, processInstanceId: { type: 'string' }, processDefinitionId: { type: 'string' },
  activityId: { type: 'string' }, configuration: { type: 'string' }, tenantIdIn: { type: 'string' }, ...sortProps, ...pagingProps,
} as const;

export function incidentFilterOf(q: IncidentQuery): IncidentFilter {
  return Object.fromEntries(Object.entries({
    incidentId: q.incidentId, incidentType: q.incidentType, processInstanceId: q.processInstanceId, processDefinitionId: q.processDefinitionId,
    activityId: q.activityId, configuration: q.configuration, tenantIdIn: list(q.tenantIdIn), open: q.open, resolved: q.resolved,
    firstResult: q.firstResult, maxResults: q.maxResults,
  }).filter(([, v]) => v !== undefined)) as IncidentFilter;
}

export default async function incidentRoutes(app: FastifyInstance): Promise<void> {
  app.addSchema({ $id: 'IncidentDto', type: 'object', properties: incidentProps });
  const config = { permission: 'incidents:read' as const };

  app.get<{ Querystring: IncidentQuery }>('/incident', {
    config,
    schema: { tags: ['Incident'], querystring: { type: 'object', properties: incidentQueryProps }, response: { 200: { type: 'array', items: { $ref: 'IncidentDto#' } } } },
  }, async (request) => (await app.host.listIncidents(incidentFilterOf(request.query), request.access)).map(incidentDto));

  app.get<{ Querystring: IncidentQuery }>('/incident/count', {
    config,
    schema: { tags: ['Incident'], querystring: { type: 'object', properties: incidentQueryProps }, response: { 200: countSchema } },
  }, async (request) => ({ count: await app.host.countIncidents(incidentFilterOf(request.query), request.access) }));
}
