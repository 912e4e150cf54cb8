// /api/worker: worker credentials only, each worker limited to its tenants, bad input refused naming the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUser, startServer, type TestServer } from '../support/server.js';

let s: TestServer;
let semeyWorker: string; let zhambylWorker: string; let operator: string;

beforeAll(async () => {
  s = await startServer({ withoutEngine: true });
  semeyWorker = await seedUser(s.identity, { id: 'w-semey', roles: ['worker'], tenants: ['semey'] });
  zhambylWorker = await seedUser(s.identity, { id: 'w-zhambyl', roles: ['worker'], tenants: ['zhambyl-sko'] });
  operator = await seedUser(s.identity, { id: 'op-semey', roles: ['operator'], tenants: ['semey'] });
  await s.identity.createUser({ id: 'staff-semey', password: 'staff-semey-pw', iin: '900412400017' });
  await s.identity.addTenantUser('semey', 'staff-semey');
});
afterAll(async () => { await s?.close(); });

const call = (authorization: string | undefined, method: 'GET' | 'POST', url: string, payload?: unknown) =>
  s.app.inject({ method, url, headers: authorization ? { authorization } : {}, ...(payload !== undefined && { payload: payload as object }) });

const registration = (tenantId: string, processInstanceId: string) =>
  ({ tenantId, service: 'housing-queue', processDefinitionKey: 'housing-queue-con', processInstanceId, now: '2026-04-01T05:00:00.000Z' });

describe('/api/worker', () => {
  it('registers in the worker\'s own tenant, once per instance', async () => {
    const a = await call(semeyWorker, 'POST', '/api/worker/requests', registration('semey', 'pi-1'));
    expect(a.statusCode).toBe(200);
    expect(a.json()).toMatchObject({ tenantId: 'semey', route: 'con', status: 'received', created: true, number: expect.stringMatching(/^SEM-2026-\d{6}$/) });
    const again = await call(semeyWorker, 'POST', '/api/worker/requests', registration('semey', 'pi-1'));
    expect(again.json()).toMatchObject({ number: a.json().number, created: false });
  });

  it('refuses another tenant\'s work: registration, status, routing, reading', async () => {
    const other = await call(zhambylWorker, 'POST', '/api/worker/requests', registration('semey', 'pi-2'));
    expect(other.statusCode).toBe(403);
    expect(other.json()).toMatchObject({ type: 'AuthorizationException', message: expect.stringContaining("tenant 'semey'") });
    expect((await call(zhambylWorker, 'POST', '/api/worker/requests/by-instance/pi-1/status', { status: 'refused', now: '2026-04-01T06:00:00.000Z' })).statusCode).toBe(403);
    expect((await call(zhambylWorker, 'GET', '/api/worker/requests/by-instance/pi-1')).statusCode).toBe(403);
    expect((await call(zhambylWorker, 'POST', '/api/worker/routing-events', { tenantId: 'semey', processInstanceId: 'pi-1', target: 'con', eventId: 'shep-x', now: '2026-04-01T06:00:00.000Z' })).statusCode).toBe(403);
    const mine = await call(semeyWorker, 'GET', '/api/worker/requests/by-instance/pi-1');
    expect(mine.json().request).toMatchObject({ status: 'received' });
  });

  it('a staff user\'s IIN only to a worker of a shared tenant', async () => {
    expect((await call(semeyWorker, 'GET', '/api/worker/staff/staff-semey/iin')).json()).toEqual({ iin: '900412400017' });
    expect((await call(zhambylWorker, 'GET', '/api/worker/staff/staff-semey/iin')).json()).toEqual({ iin: null });
  });

  it('needs worker credentials, and refuses bad input naming it', async () => {
    expect((await call(undefined, 'POST', '/api/worker/requests', registration('semey', 'pi-3'))).statusCode).toBe(401);
    expect((await call(operator, 'POST', '/api/worker/requests', registration('semey', 'pi-3'))).statusCode).toBe(403);
    const bad = await call(semeyWorker, 'POST', '/api/worker/requests', { ...registration('semey', 'pi-3'), applicantIin: '12' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ type: 'InvalidRequestException', message: expect.stringContaining('applicantIin') });
    expect((await call(semeyWorker, 'POST', '/api/worker/queues', { tenantId: 'semey', queue: 'housing', processInstanceId: 'pi-1', now: '2026-04-01T06:00:00.000Z' })).json())
      .toMatchObject({ type: 'InvalidRequestException', message: expect.stringContaining('housingCategory') });
  });
});

describe('/api/worker in the request log', () => {
  it('masks the IIN a registry path names', async () => {
    const { buildServer } = await import('../../src/api/server.js');
    const { workerRoutes } = await import('../../src/api/reglament-workers.js');
    const lines: string[] = [];
    const app = await buildServer({
      db: s.db.db, host: s.host, plugins: [workerRoutes({ env: {} })],
      logger: { level: 'info', stream: { write: (line: string) => { lines.push(line); } } },
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/worker/registries/persons/900412400017', headers: { authorization: semeyWorker } });
      expect(res.statusCode).toBe(404);
      expect(lines.join('')).toContain('/api/worker/registries/persons/************');
      expect(lines.join('')).not.toContain('900412400017');
    } finally {
      await app.close();
    }
  });
});
