// The real camunda-external-task-client-js against the real server over HTTP on 127.0.0.1: plain and long polling,
// typed variables both ways, failure with retries down to an incident, BPMN error into a boundary event, extendLock,
// unlock, priority order, and competing workers that never lock one task twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BasicAuthInterceptor, Client, Variables, type Handler, type Task } from 'camunda-external-task-client-js';
import { adminAuth, seedUser, startServer, type TestServer } from '../support/server.js';
import { fixture, modelerDeploy } from './fixtures/index.js';

const TENANT = 'kyzylzhar';
let s: TestServer;
let baseUrl: string;
const clients: Client[] = [];
/** A handler that throws only emits handler:error in this client: collect them and require none. */
const handlerErrors: unknown[] = [];

async function rest(method: string, url: string, payload?: unknown) {
  const res = await s.app.inject({ method: method as 'GET', url: `/engine-rest${url}`, headers: { authorization: adminAuth }, ...(payload !== undefined ? { payload: payload as Record<string, unknown> } : {}) });
  if (res.statusCode >= 400) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.statusCode === 204 ? null : res.json();
}

async function start(scenario: string, prio = 0, extra: Record<string, unknown> = {}): Promise<string> {
  const inst = await rest('POST', `/process-definition/key/api-worker/tenant-id/${TENANT}/start`, {
    businessKey: `${scenario}-${prio}-${Math.random().toString(36).slice(2, 7)}`,
    variables: { scenario: { type: 'String', value: scenario }, prio: { type: 'Integer', value: prio }, ...extra },
  });
  return inst.id;
}

function client(opts: Partial<ConstructorParameters<typeof Client>[0]> = {}): Client {
  const c = new Client({
    baseUrl, workerId: `w-${clients.length}`, interval: 50, maxTasks: 5, lockDuration: 20_000, autoPoll: false,
    interceptors: new BasicAuthInterceptor({ username: 'worker-kz', password: 'worker-kz-pw' }), ...opts,
  });
  clients.push(c);
  return c;
}

function until<T>(fn: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = async () => {
      try {
        const v = await fn();
        if (v) return resolve(v);
      } catch (err) { return reject(err); }
      if (Date.now() > deadline) return reject(new Error('condition not met in time'));
      setTimeout(tick, 25);
    };
    void tick();
  });
}

beforeAll(async () => {
  s = await startServer();
  await seedUser(s.identity, { id: 'worker-kz', password: 'worker-kz-pw', roles: ['worker'], tenants: [TENANT] });
  baseUrl = `${await s.listen()}/engine-rest`;
  const { body, contentType } = modelerDeploy({ name: 'worker', tenantId: TENANT, files: [{ filename: 'worker.bpmn', content: fixture('worker.bpmn') }] });
  const res = await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body });
  expect(res.statusCode, res.body).toBe(200);
});

afterAll(async () => {
  for (const c of clients) c.stop();
  expect(handlerErrors).toEqual([]);
  await s.close();
});

function subscribe(c: Client, scenario: string, handler: Handler, extra: Record<string, unknown> = {}) {
  c.subscribe('api-work', { lockDuration: 20_000, processVariables: { scenario }, ...extra }, handler);
  c.on('handler:error', (e: unknown) => handlerErrors.push(e));
  c.start();
}

describe('camunda-external-task-client-js against /engine-rest', () => {
  it('plain polling: typed variables arrive typed and go back typed', async () => {
    const seen: Record<string, unknown>[] = [];
    const c = client();
    const pollErrors: unknown[] = [];
    c.on('poll:error', (e: unknown) => pollErrors.push(e));
    const id = await start('typed', 0, {
      amount: { type: 'Double', value: 12.5 },
      birth: { type: 'Date', value: '2019-05-17T00:00:00.000+0500' },
      person: { type: 'json', value: JSON.stringify({ district: 'Кызылжар', children: 2 }) },
      approved: { type: 'boolean', value: true },
      count: { type: 'long', value: 3 },
    });
    subscribe(c, 'typed', async ({ task, taskService }) => {
      const v = task.variables;
      seen.push({ amount: v.get('amount'), birth: v.get('birth'), person: v.get('person'), approved: v.get('approved'), count: v.get('count'), types: Object.fromEntries(Object.entries(v.getAllTyped()).map(([k, t]) => [k, t.type])) });
      const out = new Variables()
        .set('requestNumber', 'KZ-2026-0001')
        .set('queueNumber', 17)
        .set('receivedAt', new Date('2026-03-02T05:00:00.000Z'))
        .set('registry', { found: true, name: 'Сапарова' })
        .set('signatureValid', false);
      await taskService.complete(task, out);
    });
    await until(async () => (await rest('GET', `/task?processInstanceId=${id}`)).length === 1);
    c.stop();
    expect(pollErrors).toEqual([]);
    expect(seen).toHaveLength(1);
    const got = seen[0]!;
    expect(got.amount).toBe(12.5);
    expect(got.birth).toBeInstanceOf(Date);
    expect((got.birth as Date).toISOString()).toBe('2019-05-16T19:00:00.000Z');
    expect(got.person).toEqual({ district: 'Кызылжар', children: 2 });
    expect(got.approved).toBe(true);
    expect(got.count).toBe(3);
    const vars = await rest('GET', `/process-instance/${id}/variables`);
    expect(vars.requestNumber).toMatchObject({ type: 'String', value: 'KZ-2026-0001' });
    expect(vars.queueNumber).toMatchObject({ type: 'Integer', value: 17 });
    expect(vars.receivedAt.type).toBe('Date');
    expect(new Date(vars.receivedAt.value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')).toISOString()).toBe('2026-03-02T05:00:00.000Z');
    expect(vars.registry.type).toBe('Json');
    expect(JSON.parse(vars.registry.value)).toEqual({ found: true, name: 'Сапарова' });
    expect(vars.signatureValid).toMatchObject({ type: 'Boolean', value: false });
  });

  it('a File variable is not inlined in fetchAndLock and File.load() downloads its bytes', async () => {
    const pdf = Buffer.from('%PDF-1.7 заявление');
    const id = await start('file', 0, { scan: { type: 'File', value: pdf.toString('base64'), valueInfo: { filename: 'scan.pdf', mimeType: 'application/pdf' } } });
    const raw = await rest('POST', '/external-task/fetchAndLock', { workerId: 'peek', maxTasks: 1, topics: [{ topicName: 'api-work', lockDuration: 1, processVariables: { scenario: 'file' } }] });
    expect(raw[0].variables.scan.type).toBe('File');
    expect(raw[0].variables.scan.value).toBeNull();
    await rest('POST', `/external-task/${raw[0].id}/unlock`);
    let loaded: Buffer | null = null;
    const c = client();
    subscribe(c, 'file', async ({ task, taskService }) => {
      const file = task.variables.get('scan') as { load(): Promise<{ content: Buffer; filename: string }> };
      const done = await file.load();
      loaded = Buffer.from(done.content);
      await taskService.complete(task);
    });
    await until(async () => loaded);
    c.stop();
    expect(loaded!.equals(pdf)).toBe(true);
    await until(async () => (await rest('GET', `/task?processInstanceId=${id}`)).length === 1);
  });

  it('long polling: a waiting fetch is answered as soon as a task appears', async () => {
    let startedAt = 0;
    let handledAt = 0;
    // interval 10 s: only long polling can make the handler start quickly.
    const c = client({ asyncResponseTimeout: 20_000, interval: 10_000 });
    subscribe(c, 'long', async ({ task, taskService }) => {
      handledAt = Date.now();
      await taskService.complete(task);
    });
    await new Promise((r) => setTimeout(r, 300));
    startedAt = Date.now();
    const id = await start('long');
    await until(async () => handledAt > 0);
    c.stop();
    expect(handledAt - startedAt).toBeLessThan(1_500);
    await until(async () => (await rest('GET', `/task?processInstanceId=${id}`)).length === 1);
  });

  it('failure with retries counts down to an incident, and PUT retries makes the task fetchable again', async () => {
    const attempts: (number | null)[] = [];
    const c = client();
    subscribe(c, 'fail', async ({ task, taskService }) => {
      attempts.push(task.retries);
      await taskService.handleFailure(task, { errorMessage: 'ГБД ФЛ недоступна', errorDetails: 'timeout after 5 s', retries: task.retries == null ? 2 : task.retries - 1, retryTimeout: 0 });
    });
    const id = await start('fail');
    const incidents = await until(async () => {
      const list = await rest('GET', `/incident?processInstanceId=${id}`);
      return list.length ? list : null;
    });
    c.stop();
    expect(attempts).toEqual([null, 2, 1]);
    expect(incidents[0]).toMatchObject({ incidentType: 'failedExternalTask', processInstanceId: id, incidentMessage: 'ГБД ФЛ недоступна', tenantId: TENANT });
    const [task] = await rest('GET', `/external-task?processInstanceId=${id}`);
    expect(task.retries).toBe(0);
    const details = await s.app.inject({ method: 'GET', url: `/engine-rest/external-task/${task.id}/errorDetails`, headers: { authorization: adminAuth } });
    expect(details.body).toBe('timeout after 5 s');
    // the worker's three reports are the task's history: created, then failed with 2, 1 and 0 retries left
    const log = await rest('GET', `/history/external-task-log?externalTaskId=${task.id}`);
    expect(log.map((l: { creationLog: boolean; failureLog: boolean; retries: number | null }) => [l.creationLog ? 'created' : l.failureLog ? 'failed' : 'other', l.retries]))
      .toEqual([['created', null], ['failed', 2], ['failed', 1], ['failed', 0]]);
    expect(log[3]).toMatchObject({ workerId: expect.any(String), errorMessage: 'ГБД ФЛ недоступна', topicName: 'api-work', tenantId: TENANT });
    await rest('PUT', `/external-task/${task.id}/retries`, { retries: 1 });
    const again = await rest('POST', '/external-task/fetchAndLock', { workerId: 'admin-w', maxTasks: 1, topics: [{ topicName: 'api-work', lockDuration: 1000, processVariables: { scenario: 'fail' } }] });
    expect(again.map((t: Task) => t.id)).toEqual([task.id]);
  });

  it('a BPMN error is caught by the boundary event', async () => {
    const c = client();
    subscribe(c, 'bpmn-error', async ({ task, taskService }) => {
      await taskService.handleBpmnError(task, 'BOOM', 'отказ', new Variables().set('refusalReason', 'ИИН не найден'));
    });
    const id = await start('bpmn-error');
    const next = await until(async () => {
      const list = await rest('GET', `/external-task?processInstanceId=${id}`);
      return list.find((t: { activityId: string }) => t.activityId === 'after-error');
    });
    c.stop();
    expect(next.topicName).toBe('api-after-error');
    const vars = await rest('GET', `/process-instance/${id}/variables`);
    expect(vars.refusalReason).toMatchObject({ type: 'String', value: 'ИИН не найден' });
  });

  it('extendLock moves the lock expiration; unlock makes the task fetchable by anyone', async () => {
    const c = client();
    let extended: string | null = null;
    let unlockedId: string | null = null;
    subscribe(c, 'locks', async ({ task, taskService }) => {
      await taskService.extendLock(task, 600_000);
      extended = (await rest('GET', `/external-task/${task.id}`)).lockExpirationTime;
      await taskService.unlock(task);
      unlockedId = task.id;
      c.stop();
    }, { lockDuration: 1_000 });
    await start('locks');
    await until(async () => unlockedId);
    const expires = new Date(String(extended).replace(/([+-]\d\d)(\d\d)$/, '$1:$2')).getTime();
    expect(expires - Date.now()).toBeGreaterThan(500_000);
    const after = await rest('GET', `/external-task/${unlockedId}`);
    expect(after.workerId).toBeNull();
    const refetch = await rest('POST', '/external-task/fetchAndLock', { workerId: 'other', maxTasks: 1, topics: [{ topicName: 'api-work', lockDuration: 1000, processVariables: { scenario: 'locks' } }] });
    expect(refetch[0]?.id).toBe(unlockedId);
  });

  it('usePriority fetches the highest camunda:taskPriority first', async () => {
    for (const p of [1, 10, 5]) await start('prio', p);
    const order: number[] = [];
    const c = client({ maxTasks: 1, usePriority: true });
    subscribe(c, 'prio', async ({ task, taskService }) => {
      order.push(task.priority);
      await taskService.complete(task);
    });
    await until(async () => order.length === 3);
    c.stop();
    expect(order).toEqual([10, 5, 1]);
  });

  it('20 competing workers never lock one task twice', async () => {
    const N = 60;
    for (let i = 0; i < N; i++) await start('compete', i % 3);
    const handled = new Map<string, string[]>();
    const workers = Array.from({ length: 20 }, (_, i) => client({ workerId: `competitor-${i}`, maxTasks: 3, asyncResponseTimeout: 2_000, interval: 0 }));
    for (const w of workers) {
      subscribe(w, 'compete', async ({ task, taskService }) => {
        handled.set(task.id, [...(handled.get(task.id) ?? []), task.workerId]);
        await taskService.complete(task);
      });
    }
    await until(async () => handled.size === N, 40_000);
    await new Promise((r) => setTimeout(r, 300));
    for (const w of workers) w.stop();
    expect([...handled.values()].filter((ws) => ws.length > 1)).toEqual([]);
    expect(new Set([...handled.values()].flat()).size).toBeGreaterThan(1);
  });
});
