// /api/requests and /api/status on a bare fastify with a tiny fake authenticate: the applicant sees only their own
// requests, staff their tenant's, others 404; administrators manage subscriptions.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reglamentStatusRoutes, type Caller } from '../../src/api/reglament-status.js';
import { AuthenticationError } from '../../src/errors.js';
import { createOutboxDispatcher, createSubscription } from '../../src/outbox/index.js';
import { assignQueueNumber, changeStatus, recordOverdue, registerRequest } from '../../src/registry/index.js';
import { freshDb, type TestDb } from '../support/databases.js';

const CALLERS: Record<string, Caller> = {
  aigerim: { userId: 'aigerim', iin: '900412400017', roles: ['applicant'], tenantIds: [] },
  other: { userId: 'other', iin: '880101300011', roles: ['applicant'], tenantIds: [] },
  specialist: { userId: 'specialist', iin: null, roles: ['operator'], tenantIds: ['semey'] },
  supervisor: { userId: 'supervisor', iin: null, roles: ['operator'], tenantIds: ['semey'], groupIds: ['supervisor', 'provider-specialist'] },
  'zh-admin': { userId: 'zh-admin', iin: null, roles: ['admin'], tenantIds: ['zhambyl-sko'] },
  root: { userId: 'root', iin: null, roles: ['admin'], tenantIds: null },
};

let t: TestDb; let app: FastifyInstance; let number: string;
const as = (who: string) => ({ 'x-test-user': who });

beforeAll(async () => {
  t = await freshDb('sqlite');
  app = Fastify();
  await app.register(reglamentStatusRoutes, {
    db: t.db,
    authenticate: async (request: FastifyRequest) => {
      if (!CALLERS[String(request.headers['x-test-user'])]) throw new AuthenticationError('who are you');
    },
    access: (request: FastifyRequest) => CALLERS[String(request.headers['x-test-user'])]!,
  });
  await createSubscription(t.db, { tenantId: 'semey', name: 'Личный кабинет', system: 'cabinet' });
  const r = await registerRequest(t.db, { tenantId: 'semey', service: 'housing-queue', processDefinitionKey: 'housing-queue-portal', processInstanceId: 'pi-1', applicantIin: '900412400017', initiator: 'aigerim' });
  number = r.number;
  await changeStatus(t.db, { processInstanceId: 'pi-1', status: 'in-progress' });
  await assignQueueNumber(t.db, { tenantId: 'semey', queue: 'housing', housingCategory: 'socially-protected', processInstanceId: 'pi-1', requestNumber: number });
  await registerRequest(t.db, { tenantId: 'zhambyl-sko', service: 'preschool-queue', processInstanceId: 'pi-2', applicantIin: '880101300011', initiator: 'other' });
  await recordOverdue(t.db, { tenantId: 'semey', processInstanceId: 'pi-1', requestNumber: number, step: 'процесс 6', elementId: 'review', escalationActivityId: 'review-escalate' });
  await createOutboxDispatcher({ db: t.db }).runOnce();
});
afterAll(async () => { await app?.close(); await t?.destroy(); });

describe('История получения услуг', () => {
  it('the applicant lists their own requests with the current status, without their IIN in the answer', async () => {
    const res = await app.inject({ url: '/api/requests', headers: as('aigerim') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([expect.objectContaining({ number, status: 'in-progress', statusLabel: { ru: 'в работе', kk: 'жұмыс барысында' } })]);
    expect(res.body).not.toContain('900412400017');
    // A query for someone else's IIN changes nothing for an applicant.
    expect((await app.inject({ url: '/api/requests?iin=880101300011', headers: as('aigerim') })).json()).toHaveLength(1);
  });

  it('history by number: the owner and the tenant\'s staff; anyone else gets 404', async () => {
    const mine = await app.inject({ url: `/api/requests/${number}/history`, headers: as('aigerim') });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().history.map((h: { label: { ru: string } }) => h.label.ru)).toEqual(['поступившие', 'в работе']);
    expect(mine.json().queue).toMatchObject({ queue: 'housing', group: 'socially-protected', number: 1, position: 1 });
    expect((await app.inject({ url: `/api/requests/${number}/history`, headers: as('specialist') })).statusCode).toBe(200);
    for (const who of ['other', 'zh-admin']) {
      const res = await app.inject({ url: `/api/requests/${number}/history`, headers: as(who) });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ type: 'InvalidRequestException' });
    }
    expect((await app.inject({ url: `/api/requests/${number}/history` })).statusCode).toBe(401);
  });

  it('staff list their tenant\'s requests, filterable by IIN', async () => {
    expect((await app.inject({ url: '/api/requests', headers: as('specialist') })).json().map((r: { number: string }) => r.number)).toEqual([number]);
    expect((await app.inject({ url: '/api/requests?iin=880101300011', headers: as('specialist') })).json()).toEqual([]);
    expect((await app.inject({ url: '/api/requests?tenant=zhambyl-sko', headers: as('specialist') })).json()).toEqual([]);
    expect((await app.inject({ url: '/api/requests', headers: as('root') })).json()).toHaveLength(2);
    expect((await app.inject({ url: '/api/requests?iin=123', headers: as('root') })).statusCode).toBe(400);
  });

  it('cabinet notifications reach their applicant only', async () => {
    const notes = (await app.inject({ url: '/api/notifications', headers: as('aigerim') })).json();
    expect(notes.map((n: { text: string }) => n.text)).toContain(`Заявление № ${number}: статус «поступившие»`);
    // Every tenant's statuses reach its cabinet: the other applicant sees their own Zhambyl request, never Aigerim's.
    const others = (await app.inject({ url: '/api/notifications', headers: as('other') })).json() as { requestNumber: string }[];
    expect(others.length).toBeGreaterThan(0);
    expect(others.map((n) => n.requestNumber)).not.toContain(number);
  });

  it('the supervisor view lists overdue steps to supervisors only', async () => {
    const res = await app.inject({ url: '/api/status/overdue', headers: as('supervisor') });
    expect(res.json()).toEqual([expect.objectContaining({ requestNumber: number, step: 'процесс 6', elementId: 'review' })]);
    // A specialist of the same akimat is staff, but not a supervisor.
    const specialist = await app.inject({ url: '/api/status/overdue', headers: as('specialist') });
    expect(specialist.statusCode).toBe(403);
    expect(specialist.json().message).toMatch(/supervisor/);
    expect((await app.inject({ url: '/api/status/overdue', headers: as('aigerim') })).statusCode).toBe(403);
  });
});

describe('status subscriptions', () => {
  it('an administrator of the akimat creates, lists and deletes; the secret is shown once', async () => {
    const created = await app.inject({ method: 'POST', url: '/api/status/subscriptions', headers: as('zh-admin'), payload: { tenantId: 'zhambyl-sko', name: 'ИС ЦОН', system: 'con', url: 'https://con.example/hook' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().secret).toMatch(/^[0-9a-f]{64}$/);
    const list = (await app.inject({ url: '/api/status/subscriptions', headers: as('zh-admin') })).json();
    // Beside the built-in cabinet, which the tenant's first status event created.
    expect(list).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'ИС ЦОН', system: 'con' }), expect.objectContaining({ system: 'cabinet', url: null })]));
    expect(list).toHaveLength(2);
    expect(JSON.stringify(list)).not.toContain(created.json().secret);
    expect((await app.inject({ method: 'DELETE', url: `/api/status/subscriptions/${created.json().id}`, headers: as('zh-admin') })).statusCode).toBe(204);
  });

  it('refuses other tenants, non-admins and bad URLs', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/status/subscriptions', headers: as('zh-admin'), payload: { tenantId: 'semey', name: 'x', system: 'con', url: 'https://x' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/status/subscriptions', headers: as('specialist'), payload: { tenantId: 'semey', name: 'x', system: 'con', url: 'https://x' } })).statusCode).toBe(403);
    const bad = await app.inject({ method: 'POST', url: '/api/status/subscriptions', headers: as('root'), payload: { tenantId: 'semey', name: 'x', system: 'con', url: 'javascript:alert(1)' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/http or https/);
    const semeySub = (await app.inject({ url: '/api/status/subscriptions', headers: as('root') })).json().find((s: { tenantId: string }) => s.tenantId === 'semey');
    expect((await app.inject({ method: 'DELETE', url: `/api/status/subscriptions/${semeySub.id}`, headers: as('zh-admin') })).statusCode).toBe(404);
  });
});

describe('queues for the tenant\'s staff', () => {
  it('lists a group\'s line, records a departure and a return, and the positions follow', async () => {
    await assignQueueNumber(t.db, { tenantId: 'semey', queue: 'housing', housingCategory: 'socially-protected', processInstanceId: 'pi-q2', requestNumber: 'SEM-2026-000777' });
    const line = (await app.inject({ url: '/api/queues/housing/socially-protected?tenant=semey', headers: as('specialist') })).json();
    expect(line.map((e: { number: number; position: number }) => [e.number, e.position])).toEqual([[1, 1], [2, 2]]);
    expect(JSON.stringify(line)).not.toMatch(/\d{12}/);
    const left = await app.inject({ method: 'POST', url: `/api/queues/entries/${line[0].id}/leave`, headers: as('specialist'), payload: { reason: 'housing-provided' } });
    expect(left.json()).toMatchObject({ status: 'left', leftReason: 'housing-provided' });
    const after = (await app.inject({ url: '/api/queues/housing/socially-protected?tenant=semey', headers: as('specialist') })).json();
    expect(after.map((e: { number: number; position: number }) => [e.number, e.position])).toEqual([[2, 1]]);
    // The applicant's view moves too.
    expect((await app.inject({ url: `/api/requests/${number}/history`, headers: as('aigerim') })).json().queue).toMatchObject({ status: 'left', position: null });
    await app.inject({ method: 'POST', url: `/api/queues/entries/${line[0].id}/restore`, headers: as('specialist') });
    const history = (await app.inject({ url: `/api/queues/entries/${line[0].id}/history`, headers: as('specialist') })).json();
    expect(history.history.map((h: { event: string; actor: string | null }) => [h.event, h.actor])).toEqual([['registered', null], ['left', 'specialist'], ['restored', 'specialist']]);
    expect(history.entry.position).toBe(1);
  });

  it('other tenants and applicants get 404; a bad reason 400', async () => {
    expect((await app.inject({ url: '/api/queues/housing/socially-protected?tenant=semey', headers: as('zh-admin') })).statusCode).toBe(404);
    expect((await app.inject({ url: '/api/queues/housing/socially-protected?tenant=semey', headers: as('aigerim') })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/queues/entries/1/leave', headers: as('zh-admin'), payload: { reason: 'x' } })).statusCode).toBe(404);
    expect((await app.inject({ method: 'POST', url: '/api/queues/entries/1/leave', headers: as('specialist'), payload: { reason: '<script>' } })).statusCode).toBe(400);
  });
});

describe('delivery status for administrators', () => {
  it('shows each delivery\'s state and attempts, to administrators of the tenant only', async () => {
    const sub = (await app.inject({ url: '/api/status/subscriptions', headers: as('root') })).json().find((x: { tenantId: string; system: string }) => x.tenantId === 'semey' && x.system === 'cabinet');
    const rows = (await app.inject({ url: `/api/status/subscriptions/${sub.id}/deliveries?state=delivered`, headers: as('root') })).json();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows[0]).toMatchObject({ type: 'status', requestNumber: number, state: 'delivered', attempts: 1 });
    expect((await app.inject({ url: `/api/status/subscriptions/${sub.id}/deliveries`, headers: as('zh-admin') })).statusCode).toBe(404);
  });
});
