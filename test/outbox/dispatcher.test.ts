// The status outbox against a real local HTTP receiver: retries after 500s, order per request, a verifiable signature,
// an idempotency key stable across retries, nothing lost when the dispatcher restarts; the built-in cabinet.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOutboxDispatcher, createSubscription, deleteSubscription, IDEMPOTENCY_HEADER, listSubscriptions, SIGNATURE_HEADER, verifyBody,
} from '../../src/outbox/index.js';
import { changeStatus, recordOverdue, registerRequest } from '../../src/registry/index.js';
import { dialects, freshDb, type TestDb } from '../support/databases.js';

interface Received { key: string; signature: string; body: string; payload: { requestNumber: string; status: string } }

async function receiver(plan: (n: number, body: Received) => number) {
  const received: Received[] = [];
  let calls = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const r: Received = { key: String(req.headers[IDEMPOTENCY_HEADER]), signature: String(req.headers[SIGNATURE_HEADER]), body, payload: JSON.parse(body) };
      const status = plan(++calls, r);
      if (status < 300) received.push(r);
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received, calls: () => calls,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

describe.each(dialects)('outbox dispatcher on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => { t = await freshDb(dialect); });
  afterAll(async () => { await t?.destroy(); });

  it('retries after 500s with the same idempotency key, in order per request, with a valid signature', async () => {
    const tenantId = `tenant-${dialect}-1`;
    const attemptsByKey = new Map<string, number>();
    // Each event fails twice before it is accepted.
    const rx = await receiver((_n, r) => {
      const n = (attemptsByKey.get(r.key) ?? 0) + 1;
      attemptsByKey.set(r.key, n);
      return n <= 2 ? 500 : 204;
    });
    try {
      const sub = await createSubscription(t.db, { tenantId, name: 'ИС ЦОН', system: 'con', url: rx.url });
      const a = await registerRequest(t.db, { tenantId, service: 'housing-queue', processInstanceId: `${tenantId}-a` });
      const b = await registerRequest(t.db, { tenantId, service: 'housing-queue', processInstanceId: `${tenantId}-b` });
      await changeStatus(t.db, { processInstanceId: `${tenantId}-a`, status: 'in-progress' });
      await changeStatus(t.db, { processInstanceId: `${tenantId}-a`, status: 'completed' });
      await changeStatus(t.db, { processInstanceId: `${tenantId}-b`, status: 'refused', reason: 'нарушения в документах' });
      const dispatcher = createOutboxDispatcher({ db: t.db, baseBackoffMs: 1, maxBackoffMs: 5 });
      for (let i = 0; i < 60 && rx.received.length < 5; i++) {
        await dispatcher.runOnce();
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(rx.received).toHaveLength(5);
      expect([...attemptsByKey.values()]).toEqual([3, 3, 3, 3, 3]);
      const statusesOf = (n: string) => rx.received.filter((r) => r.payload.requestNumber === n).map((r) => r.payload.status);
      expect(statusesOf(a.number)).toEqual(['received', 'in-progress', 'completed']);
      expect(statusesOf(b.number)).toEqual(['received', 'refused']);
      for (const r of rx.received) {
        expect(verifyBody(sub.secret, r.body, r.signature)).toBe(true);
        expect(verifyBody('other-secret', r.body, r.signature)).toBe(false);
      }
      const rows = await t.db('outbox_delivery').where({ subscription_id: sub.id });
      expect(rows.every((d) => d.state === 'delivered' && d.attempts === 3)).toBe(true);
    } finally { await rx.close(); }
  });

  it('600 events of 200 requests: all delivered, each request in order (measured)', async () => {
    const tenantId = `tenant-${dialect}-5`;
    const rx = await receiver(() => 204);
    try {
      await createSubscription(t.db, { tenantId, name: 'ИС ЦОН', system: 'con', url: rx.url });
      await Promise.all(Array.from({ length: 200 }, async (_, i) => {
        await registerRequest(t.db, { tenantId, service: 'housing-queue', processInstanceId: `${tenantId}-${i}` });
        await changeStatus(t.db, { processInstanceId: `${tenantId}-${i}`, status: 'in-progress' });
        await changeStatus(t.db, { processInstanceId: `${tenantId}-${i}`, status: 'completed' });
      }));
      const started = Date.now();
      const d = createOutboxDispatcher({ db: t.db, batchSize: 100 });
      for (let i = 0; i < 100 && rx.received.length < 600; i++) await d.runOnce();
      const elapsed = Date.now() - started;
      expect(rx.received).toHaveLength(600);
      const byRequest = new Map<string, string[]>();
      for (const r of rx.received) byRequest.set(r.payload.requestNumber, [...(byRequest.get(r.payload.requestNumber) ?? []), r.payload.status]);
      expect([...byRequest.values()].every((v) => v.join() === 'received,in-progress,completed')).toBe(true);
      console.info(`[measure] ${dialect}: 600 outbox deliveries over HTTP in ${elapsed} ms`);
    } finally { await rx.close(); }
  }, 90_000);

  it('loses nothing when the dispatcher stops and another starts', async () => {
    const tenantId = `tenant-${dialect}-2`;
    let up = false;
    const rx = await receiver(() => (up ? 200 : 503));
    try {
      await createSubscription(t.db, { tenantId, name: 'endpoint', system: 'external', url: rx.url });
      for (let i = 0; i < 4; i++) {
        await registerRequest(t.db, { tenantId, service: 'unemployed-certificate', processInstanceId: `${tenantId}-${i}` });
        await changeStatus(t.db, { processInstanceId: `${tenantId}-${i}`, status: 'in-progress' });
      }
      const first = createOutboxDispatcher({ db: t.db, baseBackoffMs: 1, maxBackoffMs: 2, intervalMs: 5 });
      first.start();
      await new Promise((r) => setTimeout(r, 100));
      await first.stop();
      expect(rx.received).toHaveLength(0);
      up = true;
      const second = createOutboxDispatcher({ db: t.db, baseBackoffMs: 1, maxBackoffMs: 2, intervalMs: 5 });
      second.start();
      for (let i = 0; i < 100 && rx.received.length < 8; i++) await new Promise((r) => setTimeout(r, 20));
      await second.stop();
      expect(rx.received).toHaveLength(8);
      expect(new Set(rx.received.map((r) => r.key)).size).toBe(8);
    } finally { await rx.close(); }
  });

  it('two dispatchers at once deliver each event in order', async () => {
    const tenantId = `tenant-${dialect}-3`;
    const rx = await receiver(() => 200);
    try {
      await createSubscription(t.db, { tenantId, name: 'ИС ЦОН', system: 'con', url: rx.url });
      const r = await registerRequest(t.db, { tenantId, service: 'housing-queue', processInstanceId: `${tenantId}-x` });
      await changeStatus(t.db, { processInstanceId: `${tenantId}-x`, status: 'in-progress' });
      await changeStatus(t.db, { processInstanceId: `${tenantId}-x`, status: 'completed' });
      const d1 = createOutboxDispatcher({ db: t.db }); const d2 = createOutboxDispatcher({ db: t.db });
      for (let i = 0; i < 5; i++) await Promise.all([d1.runOnce(), d2.runOnce()]);
      expect(rx.received.filter((x) => x.payload.requestNumber === r.number).map((x) => x.payload.status)).toEqual(['received', 'in-progress', 'completed']);
    } finally { await rx.close(); }
  });

  it('delivers into the built-in cabinet, routes targeted events, and stops after a subscription is deleted', async () => {
    const tenantId = `tenant-${dialect}-4`;
    const cabinet = await createSubscription(t.db, { tenantId, name: 'Личный кабинет', system: 'cabinet' });
    const r = await registerRequest(t.db, { tenantId, service: 'guardianship-certificate', processInstanceId: `${tenantId}-c` });
    await createOutboxDispatcher({ db: t.db }).runOnce();
    const notes = await t.db('outbox_cabinet_notification').where({ request_number: r.number });
    expect(notes.map((n) => n.text)).toEqual([`Заявление № ${r.number}: статус «поступившие»`]);
    expect((await listSubscriptions(t.db, [tenantId])).map((s) => s.system)).toEqual(['cabinet']);
    await expect(createSubscription(t.db, { tenantId, name: 'x', system: 'con', url: 'ftp://nope' })).rejects.toThrow(/http or https/);
    // An escalation reaches other subscribers, never the applicant's cabinet.
    await recordOverdue(t.db, { tenantId, processInstanceId: `${tenantId}-c`, requestNumber: r.number, step: 'процесс 6', elementId: 'review', escalationActivityId: 'review-escalate' });
    expect(await t.db('outbox_delivery').where({ subscription_id: cabinet.id, stream: r.number })).toHaveLength(1);
    await changeStatus(t.db, { processInstanceId: `${tenantId}-c`, status: 'refused', reason: 'запись не найдена в Электронном реестре по опеке и попечительству' });
    await createOutboxDispatcher({ db: t.db }).runOnce();
    expect((await t.db('outbox_cabinet_notification').where({ request_number: r.number }).orderBy('id')).map((n) => n.text)).toEqual([
      `Заявление № ${r.number}: статус «поступившие»`,
      `Заявление № ${r.number}: статус «мотивированный отказ» — запись не найдена в Электронном реестре по опеке и попечительству`,
    ]);
    await deleteSubscription(t.db, cabinet.id, [tenantId]);
    await expect(deleteSubscription(t.db, cabinet.id, [tenantId])).rejects.toThrow(/no such subscription/);
    await registerRequest(t.db, { tenantId, service: 'guardianship-certificate', processInstanceId: `${tenantId}-d` });
    expect(await t.db('outbox_delivery').where({ subscription_id: cabinet.id, state: 'pending' })).toHaveLength(0);
  });
});
