// register-request, queue-assign, shep-send, status-notify, escalate-overdue on a real store: numbers once per instance,
// queue numbers, routing events stable across retries, statuses with their outbox events, overdue steps — each both
// on the store directly and over the product's HTTP API (/api/worker) as a worker without a database calls it.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TenantProfile } from '../../src/tenants/profile.js';
import { writeProfile } from '../../src/tenants/store.js';
import { createSubscription } from '../../src/outbox/index.js';
import { listOverdue, statusHistory } from '../../src/registry/index.js';
import { handler as escalate } from '../../workers/escalate-overdue.js';
import { handler as queueAssign } from '../../workers/queue-assign.js';
import { handler as register } from '../../workers/register-request.js';
import { handler as shepSend } from '../../workers/shep-send.js';
import { handler as statusNotify, refusalReasonOf } from '../../workers/status-notify.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { aTask } from '../registry/task-factory.js';
import { SERVICE_KINDS, servicesOver, type ServicesUnderTest } from '../support/worker-services.js';

describe.each(SERVICE_KINDS)('over %s', (kind) => {
  let t: TestDb;
  let u: ServicesUnderTest;
  beforeAll(async () => {
    t = await freshDb('sqlite');
    u = await servicesOver(kind, t.db);
    await createSubscription(t.db, { tenantId: 'semey', name: 'ИС ЦОН', system: 'con', url: 'http://127.0.0.1:9/con' });
    await createSubscription(t.db, { tenantId: 'semey', name: 'ИС услугодателя', system: 'provider', url: 'http://127.0.0.1:9/provider' });
  });
  afterAll(async () => { await u?.close(); await t?.destroy(); });

  const vars = (o: unknown) => (o as { variables: Record<string, unknown> }).variables;

  describe('register-request', () => {
    it('assigns one number per instance, the same on retry', async () => {
      const now = () => new Date('2026-04-01T05:00:00Z');
      const task = aTask({ processDefinitionKey: 'housing-queue-con', variables: { applicantIin: '900412400017', initiator: 'operator-1' } });
      const first = vars(await register({ requests: u.services.requests, now })(task));
      const again = vars(await register({ requests: u.services.requests, now })({ ...task, retries: 2 }));
      expect(first.requestNumber).toMatch(/^SEM-2026-\d{6}$/);
      expect(again.requestNumber).toBe(first.requestNumber);
      expect(first.receivedAt).toEqual(now());
      const row = await t.db('registry_request').where({ number: first.requestNumber }).first();
      expect(row).toMatchObject({ service: 'housing-queue', route: 'con', status: 'received' });
    });
    it('takes the service from the property, the tenant from the variable; fails clearly without a tenant', async () => {
      const out = vars(await register({ requests: u.services.requests })(aTask({ tenantId: null, properties: { service: 'unemployed-certificate' }, variables: { tenant: 'zhambyl-sko' } })));
      expect(out.requestNumber).toMatch(/^ZHA-/);
      expect(await register({ requests: u.services.requests })(aTask({ tenantId: null }))).toMatchObject({ kind: 'failure', retries: 0, message: expect.stringContaining('tenant') });
    });
  });

  describe('request number prefix', () => {
    it("is the tenant profile's requestPrefix once the profile is stored, the id's first letters before", async () => {
      const profile = JSON.parse(readFileSync('processes/zhambyl-sko/tenant.json', 'utf8')) as TenantProfile;
      const task = (id: string) => aTask({ tenantId: 'zhambyl-sko', processInstanceId: id, properties: { service: 'preschool-queue' } });
      expect(vars(await register({ requests: u.services.requests })(task('prefix-before'))).requestNumber).toMatch(/^ZHA-\d{4}-\d{6}$/);
      await t.db.transaction((trx) => writeProfile(trx, profile, null, Date.now()));
      expect(profile.requestPrefix).toBe('ZHM');
      expect(vars(await register({ requests: u.services.requests })(task('prefix-after'))).requestNumber).toMatch(/^ZHM-\d{4}-000001$/);
    });
  });

  describe('queue-assign', () => {
    it('preschool: by birth year, from the variable or the child IIN; the same entry on retry', async () => {
      const task = aTask({ tenantId: 'zhambyl-sko', properties: { queue: 'preschool' }, variables: { childBirthDate: '2022-03-01', requestNumber: 'ZHM-2026-000001' } });
      const a = vars(await queueAssign({ requests: u.services.requests })(task));
      expect(a).toEqual({ queueNumber: 1, queueGroup: '2022', queuePosition: 1 });
      expect(vars(await queueAssign({ requests: u.services.requests })(task))).toEqual(a);
      const { syntheticIin } = await import('../../src/demo/registry-seed.js');
      const fromIin = vars(await queueAssign({ requests: u.services.requests })(aTask({ tenantId: 'zhambyl-sko', properties: { queue: 'preschool' }, variables: { childIin: syntheticIin('2022-01-01', 'female', 5) } })));
      expect(fromIin).toMatchObject({ queueNumber: 2, queueGroup: '2022' });
    });
    it('housing: per category; bad data is an incident with the reason', async () => {
      const out = vars(await queueAssign({ requests: u.services.requests })(aTask({ properties: { queue: 'housing' }, variables: { housingCategory: 'socially-protected' } })));
      expect(out).toMatchObject({ queueNumber: 1, queueGroup: 'socially-protected' });
      expect(await queueAssign({ requests: u.services.requests })(aTask({ properties: { queue: 'housing' }, variables: {} }))).toMatchObject({ kind: 'failure', retries: 0, message: expect.stringContaining('housingCategory') });
      expect(await queueAssign({ requests: u.services.requests })(aTask({ properties: { queue: 'other' } }))).toMatchObject({ kind: 'failure', retries: 0 });
    });
  });

  describe('status-notify and shep-send', () => {
    it('writes the status with its event in one step; a retried notification does not repeat it', async () => {
      const task = aTask({ processDefinitionKey: 'housing-queue-portal' });
      const { requestNumber } = vars(await register({ requests: u.services.requests })(task)) as { requestNumber: string };
      const notify = (status: string, variables: Record<string, unknown> = {}) => statusNotify({ requests: u.services.requests })({ ...task, id: `n-${status}`, activityId: `notify-${status}`, properties: { status }, variables });
      expect(vars(await notify('in-progress'))).toEqual({ requestStatus: 'in-progress' });
      await notify('in-progress');
      await notify('refused', { refusalReason: 'нарушения в документах потребителя' });
      const history = await statusHistory(t.db, requestNumber);
      expect(history.map((h) => h.status)).toEqual(['received', 'in-progress', 'refused']);
      expect(history[2]!.reason).toBe('нарушения в документах потребителя');
      const events = await t.db('outbox_event').where({ stream: requestNumber, type: 'status' });
      expect(events).toHaveLength(3);
      expect(await notify('bogus')).toMatchObject({ kind: 'failure', retries: 0 });
    });
    it('the refusal reason is the branch\'s text from the property, then the specialist\'s text from the variable', () => {
      const fixed = 'отказ в запрашиваемой услуге в связи с имеющимися нарушениями в документах потребителя';
      expect(refusalReasonOf(aTask({ properties: { refusalReason: fixed } }))).toBe(fixed);
      expect(refusalReasonOf(aTask({ properties: { refusalReason: fixed }, variables: { refusalReason: 'нет справки' } }))).toBe(`${fixed}: нет справки`);
      expect(refusalReasonOf(aTask({ variables: { refusalReason: 'нет справки' } }))).toBe('нет справки');
      expect(refusalReasonOf(aTask({}))).toBeNull();
    });

    it('a refusal before registration has no status and no event', async () => {
      const before = (await t.db('outbox_event').count({ n: '*' }))[0]!.n;
      expect(vars(await statusNotify({ requests: u.services.requests })(aTask({ properties: { status: 'refused' } })))).toEqual({ requestStatus: null });
      expect((await t.db('outbox_event').count({ n: '*' }))[0]!.n).toBe(before);
    });
    it('routes to the target system only, with a message id stable across retries', async () => {
      const task = aTask({});
      const { requestNumber } = vars(await register({ requests: u.services.requests })(task)) as { requestNumber: string };
      const send = { ...task, id: 'ext-42', properties: { target: 'provider', 'reglament:step': 'процесс 6' } };
      const a = vars(await shepSend({ requests: u.services.requests })(send));
      const b = vars(await shepSend({ requests: u.services.requests })({ ...send, retries: 1 }));
      expect(a.shepMessageId).toBe(b.shepMessageId);
      const event = await t.db('outbox_event').where({ event_id: a.shepMessageId }).first();
      const deliveries = await t.db('outbox_delivery as d').join('outbox_subscription as s', 's.id', 'd.subscription_id').where('d.event_seq', event.id).select('s.system');
      expect(deliveries.map((d) => d.system)).toEqual(['provider']);
      expect(JSON.parse(event.payload)).toMatchObject({ requestNumber, step: 'процесс 6', type: 'routing', target: 'provider' });
      expect(await shepSend({ requests: u.services.requests })(aTask({ properties: { target: 'mars' } }))).toMatchObject({ kind: 'failure', retries: 0 });
    });
  });

  describe('escalate-overdue', () => {
    it('records the breached step once for the supervisor view and emits an escalation event', async () => {
      const task = aTask({ activityId: 'review-escalate', properties: { 'reglament:step': 'процесс 6' } });
      const { requestNumber } = vars(await register({ requests: u.services.requests })(task)) as { requestNumber: string };
      const now = () => new Date('2026-05-05T10:00:00Z');
      await escalate({ requests: u.services.requests, now })(task);
      await escalate({ requests: u.services.requests, now })({ ...task, retries: 2 });
      const open = (await listOverdue(t.db, ['semey'])).filter((o) => o.requestNumber === requestNumber);
      expect(open).toHaveLength(1);
      expect(open[0]).toMatchObject({ step: 'процесс 6', elementId: 'review', supervisorGroup: 'supervisor', overdueSince: '2026-05-05T10:00:00.000Z' });
      const events = await t.db('outbox_event').where({ stream: requestNumber, type: 'escalation' });
      expect(events).toHaveLength(1);
    });
  });
});
