// /api/requests/:number/questionnaire (the анкета, offered after the result, one answer per request) and
// /api/reports/indicators (показатели качества и доступности as JSON or CSV, for the akimat's staff).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import { AuthorizationError, NotFoundError } from '../errors.js';
import { answerQuestionnaire, computeIndicators, indicatorsCsv, questionnaireState, type QuestionnaireAnswer } from '../quality/index.js';
import { callerFromRequest, isStaff, ownsRequest, readableRequest, renderCatalogueErrors, type Caller, type ReglamentRouteOptions } from './reglament-status.js';

const numberParams = { type: 'object', required: ['number'], properties: { number: { type: 'string', maxLength: 64 } } } as const;
const MONTH = '^[0-9]{4}-(0[1-9]|1[0-2])$';

export async function reglamentQualityRoutes(app: FastifyInstance, options: ReglamentRouteOptions = {}): Promise<void> {
  const db = options.db ?? (app as unknown as { db: Knex }).db;
  const caller = async (request: FastifyRequest): Promise<Caller> => (options.access ? options.access(request) : callerFromRequest(request));
  if (options.authenticate) app.addHook('preHandler', options.authenticate);
  renderCatalogueErrors(app);

  app.get<{ Params: { number: string } }>('/api/requests/:number/questionnaire', { config: { permission: 'authenticated' }, schema: { tags: ['Quality'], params: numberParams } }, async (request) => {
    const r = await readableRequest(db, await caller(request), request.params.number);
    return questionnaireState(db, r.number);
  });

  app.post<{ Params: { number: string }; Body: QuestionnaireAnswer }>('/api/requests/:number/questionnaire', { config: { permission: 'authenticated' },
    schema: {
      tags: ['Quality'], params: numberParams,
      body: {
        type: 'object', required: ['processSatisfaction', 'informationSatisfaction'], additionalProperties: false,
        properties: {
          processSatisfaction: { type: 'integer', enum: [1, 2, 3] }, informationSatisfaction: { type: 'integer', enum: [1, 2, 3] },
          lang: { type: 'string', enum: ['ru', 'kk'], default: 'ru' },
        },
      },
    },
  }, async (request, reply) => {
    const c = await caller(request);
    const r = await readableRequest(db, c, request.params.number);
    // Only the applicant answers the анкета about their own service.
    if (!ownsRequest(c, r)) throw new NotFoundError(`Request '${r.number}' not found`);
    await answerQuestionnaire(db, r.number, { ...request.body, lang: request.body.lang ?? 'ru' });
    return reply.code(201).send(await questionnaireState(db, r.number));
  });

  app.get<{ Querystring: { format?: 'json' | 'csv'; from?: string; to?: string; tenant?: string } }>('/api/reports/indicators', { config: { permission: 'authenticated' },
    schema: {
      tags: ['Quality'],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { format: { type: 'string', enum: ['json', 'csv'], default: 'json' }, from: { type: 'string', pattern: MONTH }, to: { type: 'string', pattern: MONTH }, tenant: { type: 'string' } },
      },
    },
  }, async (request, reply) => {
    const c = await caller(request);
    if (!isStaff(c)) throw new AuthorizationError('Only staff of the akimat may read the indicators');
    const { tenant, from, to, format } = request.query;
    if (tenant && c.tenantIds && !c.tenantIds.includes(tenant)) throw new NotFoundError(`Tenant '${tenant}' not found`);
    const rows = await computeIndicators(db, { tenantIds: tenant ? [tenant] : c.tenantIds, from, to });
    if (format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="indicators.csv"').send(indicatorsCsv(rows));
    }
    return { rows };
  });
}

export default reglamentQualityRoutes;
