// Long polling of fetchAndLock: woken on this node, re-query for tasks created by another node on the same database,
// a capacity limit answered 500 as Camunda, and a client that leaves never keeps a lock.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createHost } from '../../src/engine/index.js';
import type { Host } from '../../src/engine/api.js';
import { buildServer } from '../../src/api/server.js';
import { openDb } from '../../src/store/db.js';
import { adminAuth, ADMIN, startServer, type TestServer } from '../support/server.js';
import { fixture, modelerDeploy } from './fixtures/index.js';

let a: TestServer;
let bHost: Host;
let b: FastifyInstance;
let bDb: ReturnType<typeof openDb>;

const fetchBody = (workerId: string, scenario: string, timeout: number) => ({
  workerId, maxTasks: 1, asyncResponseTimeout: timeout, topics: [{ topicName: 'api-work', lockDuration: 30_000, processVariables: { scenario } }],
});

async function start(app: FastifyInstance, scenario: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/engine-rest/process-definition/key/api-worker/start', headers: { authorization: adminAuth }, payload: { variables: { scenario: { type: 'String', value: scenario }, prio: { type: 'Integer', value: 0 } } } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().id;
}

beforeAll(async () => {
  a = await startServer({ config: { longPoll: { requeryMs: 200, capacity: 2 } } });
  const { body, contentType } = modelerDeploy({ name: 'lp', files: [{ filename: 'worker.bpmn', content: fixture('worker.bpmn') }] });
  expect((await a.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body })).statusCode).toBe(200);
  // A second node on the same SQLite file: its own host and server, sharing only the database.
  bDb = openDb(a.db.config);
  bHost = await createHost({ db: bDb });
  b = await buildServer({ db: bDb, host: bHost, config: { adminUser: ADMIN.user, adminPassword: ADMIN.password } });
});
afterAll(async () => {
  await b.close();
  await bHost.stop();
  await bDb.destroy();
  await a.close();
});

describe('fetchAndLock long polling', () => {
  it('is answered when another node creates a matching task (re-query)', async () => {
    const t0 = Date.now();
    const waiting = a.app.inject({ method: 'POST', url: '/engine-rest/external-task/fetchAndLock', headers: { authorization: adminAuth }, payload: fetchBody('wa', 'cross-node', 10_000) });
    await new Promise((r) => setTimeout(r, 150));
    const id = await start(b, 'cross-node');
    const res = await waiting;
    expect(res.statusCode).toBe(200);
    expect(res.json().map((t: { processInstanceId: string }) => t.processInstanceId)).toEqual([id]);
    expect(Date.now() - t0).toBeLessThan(3_000);
  });

  it('answers an empty list when the timeout passes', async () => {
    const t0 = Date.now();
    const res = await a.app.inject({ method: 'POST', url: '/engine-rest/external-task/fetchAndLock', headers: { authorization: adminAuth }, payload: fetchBody('wa', 'nothing', 500) });
    expect(res.json()).toEqual([]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(450);
  });

  it('answers 500 when the long-polling queue is full', async () => {
    const waits = [1, 2].map(() => a.app.inject({ method: 'POST', url: '/engine-rest/external-task/fetchAndLock', headers: { authorization: adminAuth }, payload: fetchBody('wq', 'queue', 1_000) }));
    await new Promise((r) => setTimeout(r, 100));
    const third = await a.app.inject({ method: 'POST', url: '/engine-rest/external-task/fetchAndLock', headers: { authorization: adminAuth }, payload: fetchBody('wq', 'queue', 1_000) });
    expect(third.statusCode).toBe(500);
    expect(third.json().type).toBe('ProcessEngineException');
    for (const w of await Promise.all(waits)) expect(w.statusCode).toBe(200);
  });

  it('releases the waiter of a client that disconnects, without locking a task for it', async () => {
    const address = await a.listen();
    const url = new URL('/engine-rest/external-task/fetchAndLock', address);
    const req = http.request(url, { method: 'POST', headers: { authorization: adminAuth, 'content-type': 'application/json' } });
    req.on('error', () => undefined);
    req.end(JSON.stringify(fetchBody('gone', 'disconnect', 20_000)));
    await new Promise((r) => setTimeout(r, 200));
    req.destroy();
    await new Promise((r) => setTimeout(r, 100));
    const id = await start(a.app, 'disconnect');
    await new Promise((r) => setTimeout(r, 300));
    const list = await a.app.inject({ method: 'GET', url: `/engine-rest/external-task?processInstanceId=${id}`, headers: { authorization: adminAuth } });
    expect(list.json()[0].workerId).toBeNull();
  });
});

describe('one wake-up per new task', () => {
  it('goes to the oldest waiter of the topic and on to the next when its filters do not match', async () => {
    // Re-query every 30 s: only the wake-up chain can answer within the bound below.
    const c = await startServer({ config: { longPoll: { requeryMs: 30_000, capacity: 10 } } });
    let closing: Promise<void> | null = null;
    try {
      const { body, contentType } = modelerDeploy({ name: 'lp2', files: [{ filename: 'worker.bpmn', content: fixture('worker.bpmn') }] });
      expect((await c.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body })).statusCode).toBe(200);
      const poll = (scenario: string) => c.app.inject({ method: 'POST', url: '/engine-rest/external-task/fetchAndLock', headers: { authorization: adminAuth }, payload: fetchBody(`w-${scenario}`, scenario, 20_000) });
      const older = poll('other-filter');
      await new Promise((r) => setTimeout(r, 100));
      const younger = poll('chain');
      await new Promise((r) => setTimeout(r, 100));
      const t0 = Date.now();
      const id = await start(c.app, 'chain');
      const res = await younger;
      expect(res.json().map((t: { processInstanceId: string }) => t.processInstanceId)).toEqual([id]);
      expect(Date.now() - t0).toBeLessThan(5_000);
      // The older waiter is still waiting for its own filter; a matching task reaches it.
      const other = await start(c.app, 'other-filter');
      expect((await older).json().map((t: { processInstanceId: string }) => t.processInstanceId)).toEqual([other]);

      // Five idle waiters of one topic and filter: a new task costs one fetch, not five (no thundering herd).
      const host = c.host as { fetchAndLock: (...a: never[]) => Promise<unknown[]> };
      const real = host.fetchAndLock.bind(host);
      let fetches = 0;
      host.fetchAndLock = (...a: never[]) => { fetches++; return real(...a); };
      const herd = [1, 2, 3, 4, 5].map(() => poll('herd'));
      await new Promise((r) => setTimeout(r, 300));
      fetches = 0;
      await start(c.app, 'herd');
      await new Promise((r) => setTimeout(r, 300));
      expect(fetches).toBe(1);
      // Closing answers the waiting polls.
      closing = c.close();
      await Promise.all(herd);
    } finally {
      await (closing ?? c.close());
    }
  });
});
