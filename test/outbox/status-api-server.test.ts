// The status and quality routes inside the real server (buildServer with its auth and error plugins): an applicant
// signed in with Basic credentials sees their own requests only; errors come out as the server's ExceptionDto.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reglamentQualityRoutes } from '../../src/api/reglament-quality.js';
import { reglamentStatusRoutes } from '../../src/api/reglament-status.js';
import { buildServer } from '../../src/api/server.js';
import { createHost } from '../../src/engine/index.js';
import type { FastifyInstance } from 'fastify';
import { changeStatus, registerRequest } from '../../src/registry/index.js';
import { IdentityStore } from '../../src/store/identity.js';
import { basic } from '../support/server.js';
import { freshDb, type TestDb } from '../support/databases.js';

let t: TestDb; let app: FastifyInstance; let host: Awaited<ReturnType<typeof createHost>>;
let mine: string; let theirs: string;

beforeAll(async () => {
  t = await freshDb('sqlite');
  host = await createHost({ db: t.db });
  app = await buildServer({ db: t.db, host, plugins: [(a) => reglamentStatusRoutes(a), (a) => reglamentQualityRoutes(a)] });
  const identity = new IdentityStore(t.db);
  await identity.ensureRoleGroups();
  await identity.createUser({ id: 'aigerim', password: 'aigerim-pw', iin: '900412400017', kind: 'applicant' });
  await identity.addGroupMember('applicant', 'aigerim');
  await identity.createUser({ id: 'spec', password: 'spec-pw' });
  await identity.addGroupMember('operator', 'spec');
  await identity.createTenant({ id: 'semey' });
  await identity.addTenantUser('semey', 'spec');
  mine = (await registerRequest(t.db, { tenantId: 'semey', service: 'housing-queue', processInstanceId: 'a', applicantIin: '900412400017' })).number;
  theirs = (await registerRequest(t.db, { tenantId: 'semey', service: 'housing-queue', processInstanceId: 'b', applicantIin: '880101300011' })).number;
  await changeStatus(t.db, { processInstanceId: 'a', status: 'completed' });
});
afterAll(async () => { await app?.close(); await host?.stop(); await t?.destroy(); });

describe('status routes under the server\'s auth', () => {
  it('the applicant sees their own request by IIN, not another\'s', async () => {
    const auth = { authorization: basic('aigerim', 'aigerim-pw') };
    expect((await app.inject({ url: '/api/requests', headers: auth })).json().map((r: { number: string }) => r.number)).toEqual([mine]);
    expect((await app.inject({ url: `/api/requests/${mine}/history`, headers: auth })).statusCode).toBe(200);
    const other = await app.inject({ url: `/api/requests/${theirs}/history`, headers: auth });
    expect(other.statusCode).toBe(404);
    expect(other.json()).toEqual({ type: 'InvalidRequestException', message: `Request '${theirs}' not found`, code: null });
  });

  it('staff of the tenant see both; no credentials is 401', async () => {
    const auth = { authorization: basic('spec', 'spec-pw') };
    expect((await app.inject({ url: '/api/requests', headers: auth })).json()).toHaveLength(2);
    expect((await app.inject({ url: '/api/reports/indicators', headers: auth })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/requests' })).statusCode).toBe(401);
  });

  it('the applicant answers the анкета once', async () => {
    const auth = { authorization: basic('aigerim', 'aigerim-pw') };
    const payload = { processSatisfaction: 3, informationSatisfaction: 3 };
    expect((await app.inject({ method: 'POST', url: `/api/requests/${mine}/questionnaire`, headers: auth, payload })).statusCode).toBe(201);
    const again = await app.inject({ method: 'POST', url: `/api/requests/${mine}/questionnaire`, headers: auth, payload });
    expect(again.statusCode).toBe(409);
    expect(again.json().type).toBe('OptimisticLockingException');
  });
});
