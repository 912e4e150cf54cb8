// Camunda's deployment-activation-time: the definitions of such a deployment are deployed as usual but suspended until
// that moment — over REST (the definition says suspended, a start is refused) and on the host with its clock moved on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Access } from '../../src/engine/index.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { adminAuth, startServer, type TestServer } from '../support/server.js';
import { fixture, multipart } from './fixtures/index.js';

const admin: Access = { tenantIds: null, userId: 'admin' };
const camundaDate = (d: Date) => d.toISOString().replace('Z', '+0000');

describe('deployment-activation-time', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startServer({ startHost: true }); });
  afterAll(async () => { await s?.close(); });

  async function deploy(name: string, activation: Date) {
    const { body, contentType } = multipart([
      { name: 'review.bpmn', value: fixture('review.bpmn'), filename: 'review.bpmn' },
      { name: 'deployment-name', value: name },
      { name: 'deployment-activation-time', value: camundaDate(activation) },
    ]);
    const res = await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body });
    expect(res.statusCode, res.body).toBe(200);
    return Object.values(res.json().deployedProcessDefinitions as Record<string, { id: string; suspended: boolean }>)[0]!;
  }

  it('a future activation time suspends the definition until then; a past one changes nothing', async () => {
    const later = await deploy('later', new Date(Date.now() + 3600_000));
    expect(later.suspended).toBe(true);
    const got = await s.app.inject({ method: 'GET', url: `/engine-rest/process-definition/${encodeURIComponent(later.id)}`, headers: { authorization: adminAuth } });
    expect(got.json().suspended).toBe(true);
    const refused = await s.app.inject({ method: 'POST', url: `/engine-rest/process-definition/${encodeURIComponent(later.id)}/start`, headers: { authorization: adminAuth, 'content-type': 'application/json' }, payload: {} });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toMatch(/is suspended until its deployment's activation time/);
    const now = await deploy('now', new Date(Date.now() - 1000));
    expect(now.suspended).toBe(false);
    const started = await s.app.inject({ method: 'POST', url: `/engine-rest/process-definition/${encodeURIComponent(now.id)}/start`, headers: { authorization: adminAuth, 'content-type': 'application/json' }, payload: {} });
    expect(started.statusCode, started.body).toBe(200);
  });
});

describe('deployment-activation-time on the host clock', () => {
  let t: TestDb;
  let now = new Date('2026-12-07T10:00:00Z');
  beforeAll(async () => { t = await freshDb('sqlite'); });
  afterAll(async () => { await t?.destroy(); });

  it('the definition starts once the clock passes the activation time', async () => {
    const host = await createHost({ db: t.db, clock: () => now });
    const d = await host.deploy({ name: 'x', resources: [{ name: 'review.bpmn', content: fixture('review.bpmn') }], activationTime: new Date('2026-12-08T00:00:00Z') }, admin);
    const id = d.processDefinitions[0]!.id;
    await expect(host.startInstance({ definitionId: id }, {}, admin)).rejects.toThrow(/suspended until its deployment's activation time 2026-12-08T00:00:00.000Z/);
    now = new Date('2026-12-08T00:00:01Z');
    expect((await host.startInstance({ definitionId: id }, {}, admin)).id).toEqual(expect.any(String));
    await host.stop();
  });
});
