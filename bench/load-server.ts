// Child of bench/load.ts: the real HTTP server (SQLite, durable host) with one user-task route deployed and the load's
// operators seeded; prints its URL as JSON, then serves until killed.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost, type Access } from '../src/engine/index.js';
import { buildServer } from '../src/api/server.js';
import { migrateLatest, openDb } from '../src/store/db.js';
import { IdentityStore } from '../src/store/identity.js';

const clients = Number(process.env.LOAD_CLIENTS ?? 200);
const admin: Access = { tenantIds: null, userId: 'bench' };

export const loadModel = `<?xml version="1.0" encoding="UTF-8"?>
<definitions id="load-defs" xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="load">
  <process id="load" isExecutable="true" camunda:historyTimeToLive="1">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <userTask id="review" camunda:candidateGroups="load-ops" />
    <boundaryEvent id="review-deadline" attachedToRef="review" cancelActivity="false"><timerEventDefinition><timeDuration>P3D</timeDuration></timerEventDefinition></boundaryEvent>
    <sequenceFlow id="f-d" sourceRef="review-deadline" targetRef="end-d" />
    <endEvent id="end-d" />
    <sequenceFlow id="f2" sourceRef="review" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

async function main(): Promise<void> {
  const db = openDb({ sqliteFile: join(mkdtempSync(join(tmpdir(), 'reglament-bench-load-')), 'load.sqlite') });
  await migrateLatest(db);
  const host = await createHost({ db });
  await host.start();
  const identity = new IdentityStore(db);
  await identity.ensureRoleGroups();
  await identity.createTenant({ id: 'load' });
  await identity.createGroup({ id: 'load-ops', type: 'task' });
  for (let i = 0; i < clients; i++) {
    const id = `load-op-${i}`;
    await identity.createUser({ id, password: `${id}-password` });
    await identity.addGroupMember('operator', id);
    await identity.addGroupMember('load-ops', id);
    await identity.addTenantUser('load', id);
  }
  await host.deploy({ name: 'load', tenantId: 'load', resources: [{ name: 'load.bpmn', content: loadModel }] }, admin);
  const app = await buildServer({
    db, host,
    // Each operator signs in from its own loopback address, as a ЦОН office's clients would from their desks.
    config: { loginRateLimit: { max: 100_000, timeWindowMs: 60_000 } },
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);
  // Where the memory is, when asked: heap, external buffers, and the rest (native allocations, thread arenas).
  process.on('SIGUSR2', () => (globalThis.gc?.(), process.stdout.write(`${JSON.stringify({ memory: process.memoryUsage() })}\n`)));
}

main().catch((err) => { console.error(err); process.exit(1); });
