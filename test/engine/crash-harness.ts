// Child process of the crash test: a durable host with in-process workers that starts instances up to a target
// and works them to the end. The parent kills it with SIGKILL at random moments and restarts it.
// Every completion acknowledged by the host is appended to a log file, so the parent can prove none happened twice.
import { appendFileSync } from 'node:fs';
import { createHost, type Access } from '../../src/engine/index.js';
import { openDb, migrateLatest } from '../../src/store/db.js';
import { bpmn } from './fixtures.js';

const file = process.env.CRASH_DB!;
const logFile = process.env.CRASH_LOG!;
const target = Number(process.env.CRASH_INSTANCES ?? 200);
const admin: Access = { tenantIds: null, userId: 'crash' };

export const crashProcess = bpmn('crash-proc', `
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <serviceTask id="work" camunda:type="external" camunda:topic="crash-work" />
    <sequenceFlow id="f2" sourceRef="work" targetRef="pause" />
    <intermediateCatchEvent id="pause"><timerEventDefinition><timeDuration>PT0.3S</timeDuration></timerEventDefinition></intermediateCatchEvent>
    <sequenceFlow id="f3" sourceRef="pause" targetRef="review" />
    <userTask id="review" camunda:candidateGroups="g" />
    <boundaryEvent id="review-deadline" attachedToRef="review" cancelActivity="false"><timerEventDefinition><timeDuration>P30D</timeDuration></timerEventDefinition></boundaryEvent>
    <sequenceFlow id="f-d" sourceRef="review-deadline" targetRef="end-d" />
    <endEvent id="end-d" />
    <sequenceFlow id="f4" sourceRef="review" targetRef="end" />
    <endEvent id="end" />`);

async function main(): Promise<void> {
  const db = openDb({ sqliteFile: file });
  await migrateLatest(db);
  const host = await createHost({ db, timerPollInterval: 100 });
  await host.deploy({ name: 'crash', enableDuplicateFiltering: true, resources: [{ name: 'crash.bpmn', content: crashProcess }] }, admin);
  await host.start();
  const log = (line: string) => appendFileSync(logFile, `${line}\n`);
  for (;;) {
    const started = await host.countInstances({ processDefinitionKey: 'crash-proc' }, admin);
    if (started < target) {
      const n = Math.min(10, target - started);
      for (let i = 0; i < n; i++) await host.startInstance({ key: 'crash-proc' }, { businessKey: `app-${started + i}` }, admin);
    }
    const ext = await host.fetchAndLock({ workerId: `w-${process.pid}`, maxTasks: 10, topics: [{ topicName: 'crash-work', lockDuration: 1500 }] }, admin);
    await Promise.all(ext.map(async (t) => {
      await host.completeExternalTask(t.id, { workerId: `w-${process.pid}` }, admin);
      log(`ext ${t.id}`);
    }));
    const tasks = await host.listTasks({ candidateGroup: 'g', maxResults: 10 }, admin);
    for (const t of tasks) {
      try {
        await host.completeTask(t.id, {}, admin);
        log(`user ${t.id}`);
      } catch { /* completed by an earlier run of this loop */ }
    }
    const active = await host.countInstances({ processDefinitionKey: 'crash-proc', active: true }, admin);
    if (started >= target && active === 0) break;
    if (!ext.length && !tasks.length) await new Promise((r) => setTimeout(r, 50));
  }
  await host.stop();
  await db.destroy();
  log('done');
}

main().catch((err) => { console.error(err); process.exit(1); });
