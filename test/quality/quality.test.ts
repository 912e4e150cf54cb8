// The анкета (offered after the result, one answer per request, 409 for a second) and the indicators from history,
// as a library and through /api on a bare fastify with a fake authenticate.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reglamentQualityRoutes } from '../../src/api/reglament-quality.js';
import type { Caller } from '../../src/api/reglament-status.js';
import { computeIndicators, indicatorsCsv, QUESTIONNAIRE } from '../../src/quality/index.js';
import { changeStatus, recordOverdue, registerRequest } from '../../src/registry/index.js';
import { dialects, freshDb, type TestDb } from '../support/databases.js';

const CALLERS: Record<string, Caller> = {
  aigerim: { userId: 'aigerim', iin: '900412400017', roles: ['applicant'], tenantIds: [] },
  specialist: { userId: 'specialist', iin: null, roles: ['operator'], tenantIds: ['semey'] },
  auditor: { userId: 'auditor', iin: null, roles: ['auditor'], tenantIds: ['zhambyl-sko'] },
};

describe.each(dialects)('quality on %s', (dialect) => {
  let t: TestDb; let app: FastifyInstance; const numbers: string[] = [];
  const as = (who: string) => ({ 'x-test-user': who });

  beforeAll(async () => {
    t = await freshDb(dialect);
    app = Fastify();
    await app.register(reglamentQualityRoutes, { db: t.db, access: (r: FastifyRequest) => CALLERS[String(r.headers['x-test-user'])]! });
    // Four requests in March 2026 (portal), one in April (con): two finished in time, one late, one refused, one open.
    const at = (d: string) => new Date(`${d}T06:00:00Z`);
    for (const [i, day, route] of [[0, '2026-03-02', 'portal'], [1, '2026-03-03', 'portal'], [2, '2026-03-04', 'portal'], [3, '2026-03-05', 'portal'], [4, '2026-04-01', 'con']] as const) {
      const r = await registerRequest(t.db, { tenantId: 'semey', service: 'housing-queue', processDefinitionKey: `housing-queue-${route}`, processInstanceId: `q-${i}`, applicantIin: '900412400017', initiator: 'aigerim', now: at(day) });
      numbers.push(r.number);
    }
    await changeStatus(t.db, { processInstanceId: 'q-0', status: 'completed' });
    await changeStatus(t.db, { processInstanceId: 'q-1', status: 'completed' });
    await changeStatus(t.db, { processInstanceId: 'q-2', status: 'completed' });
    await changeStatus(t.db, { processInstanceId: 'q-3', status: 'refused', reason: 'нарушения' });
    await recordOverdue(t.db, { tenantId: 'semey', processInstanceId: 'q-2', requestNumber: numbers[2], step: 'процесс 6', elementId: 'review', escalationActivityId: 'review-escalate' });
  });
  afterAll(async () => { await app?.close(); await t?.destroy(); });

  it('offers the анкета after the result only, takes one answer, and 409s a second', async () => {
    const open = await app.inject({ url: `/api/requests/${numbers[4]}/questionnaire`, headers: as('aigerim') });
    expect(open.json()).toMatchObject({ offered: false, answered: false });
    expect(open.json().questionnaire.questions[0].ru).toBe(QUESTIONNAIRE.questions[0].ru);
    const early = await app.inject({ method: 'POST', url: `/api/requests/${numbers[4]}/questionnaire`, headers: as('aigerim'), payload: { processSatisfaction: 3, informationSatisfaction: 3 } });
    expect(early.statusCode).toBe(400);
    expect(early.json().message).toMatch(/after the result/);
    const first = await app.inject({ method: 'POST', url: `/api/requests/${numbers[0]}/questionnaire`, headers: as('aigerim'), payload: { processSatisfaction: 3, informationSatisfaction: 2, lang: 'kk' } });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ offered: true, answered: true, answer: { processSatisfaction: 3, informationSatisfaction: 2, lang: 'kk' } });
    const second = await app.inject({ method: 'POST', url: `/api/requests/${numbers[0]}/questionnaire`, headers: as('aigerim'), payload: { processSatisfaction: 1, informationSatisfaction: 1 } });
    expect(second.statusCode).toBe(409);
    await app.inject({ method: 'POST', url: `/api/requests/${numbers[2]}/questionnaire`, headers: as('aigerim'), payload: { processSatisfaction: 1, informationSatisfaction: 2 } });
  });

  it('only the applicant answers; staff read; strangers get 404; bad answers 400', async () => {
    expect((await app.inject({ method: 'POST', url: `/api/requests/${numbers[1]}/questionnaire`, headers: as('specialist'), payload: { processSatisfaction: 3, informationSatisfaction: 3 } })).statusCode).toBe(404);
    expect((await app.inject({ url: `/api/requests/${numbers[1]}/questionnaire`, headers: as('specialist') })).statusCode).toBe(200);
    expect((await app.inject({ url: `/api/requests/${numbers[1]}/questionnaire`, headers: as('auditor') })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: `/api/requests/${numbers[1]}/questionnaire`, headers: as('aigerim'), payload: { processSatisfaction: 4, informationSatisfaction: 3 } })).statusCode).toBe(400);
  });

  it('computes the share of requests finished within their limits per akimat, service, route and month', async () => {
    const rows = await computeIndicators(t.db, { tenantIds: ['semey'] });
    expect(rows.map((r) => [r.route, r.month, r.requests, r.finished, r.refused, r.finishedWithinLimit, r.shareWithinLimit])).toEqual([
      ['con', '2026-04', 1, 0, 0, 0, null],
      ['portal', '2026-03', 4, 4, 1, 3, 0.75],
    ]);
    const march = rows[1]!;
    expect(march).toMatchObject({ answers: 2, processSatisfaction: 2, informationSatisfaction: 2 });
    expect(march.steps).toEqual([{ step: 'процесс 6', elementId: 'review', finished: 0, overdue: 1, shareWithinLimit: null }]);
    expect(await computeIndicators(t.db, { tenantIds: ['semey'], from: '2026-04' })).toHaveLength(1);
    expect(await computeIndicators(t.db, { tenantIds: ['zhambyl-sko'] })).toEqual([]);
  });

  it('serves the report as JSON and CSV to staff, not to applicants', async () => {
    const json = await app.inject({ url: '/api/reports/indicators', headers: as('specialist') });
    expect(json.json().rows).toHaveLength(2);
    const csv = await app.inject({ url: '/api/reports/indicators?format=csv&from=2026-03&to=2026-03', headers: as('specialist') });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toMatch(/^level,tenant,service,route,month/);
    expect(lines[1]).toBe('request,semey,housing-queue,portal,2026-03,,,4,4,1,3,0.75,,2,2,2');
    expect(lines[2]).toBe('step,semey,housing-queue,portal,2026-03,процесс 6,review,,0,,0,,1,,,');
    expect((await app.inject({ url: '/api/reports/indicators', headers: as('aigerim') })).statusCode).toBe(403);
    expect((await app.inject({ url: '/api/reports/indicators?tenant=semey', headers: as('auditor') })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/reports/indicators?from=2026-13', headers: as('specialist') })).statusCode).toBe(400);
  });

  it('neutralises spreadsheet formulas in CSV cells', () => {
    const csv = indicatorsCsv([{ tenantId: '=cmd', service: 's', route: 'r', month: '2026-01', requests: 1, finished: 0, refused: 0, finishedWithinLimit: 0, shareWithinLimit: null, answers: 0, processSatisfaction: null, informationSatisfaction: null, steps: [] }]);
    expect(csv.split('\r\n')[1]).toMatch(/^request,'=cmd,/);
  });
});
