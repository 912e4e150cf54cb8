// Request numbers («присвоение номера заявлению») and statuses: one number per instance, per-akimat format,
// status changes written with their outbox event in one transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubscription } from '../../src/outbox/index.js';
import {
  changeStatus, listRequests, registerRequest, statusHistory, REQUEST_NUMBER_PATTERN,
} from '../../src/registry/index.js';
import { dialects, freshDb, type TestDb } from '../support/databases.js';

describe.each(dialects)('requests on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await freshDb(dialect);
    await createSubscription(t.db, { tenantId: 'semey', name: 'ИС ЦОН', system: 'con', url: 'http://127.0.0.1:9/con' });
  });
  afterAll(async () => { await t?.destroy(); });

  it('numbers per akimat and year, gap-free under concurrency, once per instance', async () => {
    const at = new Date('2026-03-02T06:00:00Z');
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => registerRequest(t.db, {
      tenantId: i % 2 ? 'semey' : 'zhambyl-sko', service: 'housing-queue', processDefinitionKey: 'housing-queue-portal', processInstanceId: `p-${i % 100}-${i % 2}`, now: at,
    })));
    // 100 registrations per akimat for 50 instances each: every instance registered twice at once.
    const semey = [...new Set(results.filter((r) => r.tenantId === 'semey').map((r) => r.number))].sort();
    expect(semey).toEqual(Array.from({ length: 50 }, (_, i) => `SEM-2026-${String(i + 1).padStart(6, '0')}`));
    expect(results.filter((r) => r.created)).toHaveLength(100);
    expect(results.every((r) => REQUEST_NUMBER_PATTERN.test(r.number))).toBe(true);
    expect(results[1]!.route).toBe('portal');
    const again = await registerRequest(t.db, { tenantId: 'semey', service: 'housing-queue', processInstanceId: 'p-1-1' });
    expect(again.created).toBe(false);
    expect(again.number).toBe(results[1]!.number);
  });

  it('the year boundary follows Kazakhstan time', async () => {
    const r = await registerRequest(t.db, { tenantId: 'kyzylzhar', service: 'preschool-registration', processInstanceId: 'ny', now: new Date('2026-12-31T20:00:00Z') });
    expect(r.number).toBe('KYZ-2027-000001');
  });

  it('changes status with history and one outbox event per change', async () => {
    const r = await registerRequest(t.db, { tenantId: 'semey', service: 'guardianship-certificate', processInstanceId: 'st-1', applicantIin: '900412400017', initiator: 'applicant-1' });
    expect(r.status).toBe('received');
    expect((await changeStatus(t.db, { processInstanceId: 'st-1', status: 'in-progress', activityId: 'notify-in-work' }))!.changed).toBe(true);
    expect((await changeStatus(t.db, { processInstanceId: 'st-1', status: 'in-progress' }))!.changed).toBe(false);
    const done = await changeStatus(t.db, { processInstanceId: 'st-1', status: 'refused', reason: 'нарушения в документах' });
    expect(done!.request.completedAt).not.toBeNull();
    expect((await statusHistory(t.db, r.number)).map((h) => h.label.ru)).toEqual(['поступившие', 'в работе', 'мотивированный отказ']);
    const events = await t.db('outbox_event').where({ stream: r.number }).orderBy('id');
    expect(events.map((e) => JSON.parse(e.payload).status)).toEqual(['received', 'in-progress', 'refused']);
    // No personal data leaves through the outbox.
    expect(events.some((e) => String(e.payload).includes('900412400017'))).toBe(false);
    // One delivery per event to each subscriber: ИС ЦОН and the tenant's cabinet, created with its first event.
    const deliveries = await t.db('outbox_delivery').join('outbox_subscription', 'outbox_subscription.id', 'outbox_delivery.subscription_id').where({ stream: r.number }).select('system');
    expect(deliveries.map((d) => d.system).sort()).toEqual(['cabinet', 'cabinet', 'cabinet', 'con', 'con', 'con']);
    expect(await changeStatus(t.db, { processInstanceId: 'nope', status: 'completed' })).toBeNull();
    const mine = await listRequests(t.db, { applicantIin: '900412400017' });
    expect(mine.map((m) => m.number)).toEqual([r.number]);
  });

  it('a failing state change leaves neither status nor event', async () => {
    const r = await registerRequest(t.db, { tenantId: 'semey', service: 'housing-queue', processInstanceId: 'st-2' });
    const before = await t.db('outbox_event').count({ n: '*' });
    await expect(changeStatus(t.db, { processInstanceId: 'st-2', status: 'completed', alsoInTransaction: async () => { throw new Error('boom'); } })).rejects.toThrow('boom');
    expect((await statusHistory(t.db, r.number)).map((h) => h.status)).toEqual(['received']);
    expect(await t.db('outbox_event').count({ n: '*' })).toEqual(before);
  });
});
