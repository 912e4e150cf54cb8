// Child process of the signal crash test: a durable host with catcher instances waiting for a signal, and thrower
// instances that throw it, one round at a time. The parent kills it with SIGKILL once it sees deliveries under way,
// and restarts it; each run goes on from what the database holds.
import { createHost, type Access } from '../../src/engine/index.js';
import { openDb, migrateLatest } from '../../src/store/db.js';
import { bpmn } from './fixtures.js';

const file = process.env.CRASH_DB!;
const catchers = Number(process.env.CRASH_CATCHERS ?? 150);
const rounds = Number(process.env.CRASH_ROUNDS ?? 2);
const admin: Access = { tenantIds: null, userId: 'crash' };
const signal = '<signal id="s-wave" name="wave" />';

/** three catches of the same signal in a row: after `rounds` (2) signals each catcher waits at the third */
export const catcherProcess = bpmn('wave-catcher', `
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="catch-1" />
    <intermediateCatchEvent id="catch-1"><signalEventDefinition signalRef="s-wave" /></intermediateCatchEvent>
    <sequenceFlow id="f2" sourceRef="catch-1" targetRef="catch-2" />
    <intermediateCatchEvent id="catch-2"><signalEventDefinition signalRef="s-wave" /></intermediateCatchEvent>
    <sequenceFlow id="f3" sourceRef="catch-2" targetRef="catch-3" />
    <intermediateCatchEvent id="catch-3"><signalEventDefinition signalRef="s-wave" /></intermediateCatchEvent>
    <sequenceFlow id="f4" sourceRef="catch-3" targetRef="end" />
    <endEvent id="end" />`, signal);

export const throwerProcess = bpmn('wave-thrower', `
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="go" />
    <userTask id="go" />
    <sequenceFlow id="f2" sourceRef="go" targetRef="end" />
    <endEvent id="end"><signalEventDefinition signalRef="s-wave" /></endEvent>`, signal);

export const starterProcess = bpmn('wave-started', `
    <startEvent id="on-wave"><signalEventDefinition signalRef="s-wave" /></startEvent>
    <sequenceFlow id="f1" sourceRef="on-wave" targetRef="handle" />
    <userTask id="handle" />`, signal);

async function main(): Promise<void> {
  const db = openDb({ sqliteFile: file });
  await migrateLatest(db);
  const host = await createHost({ db, timerPollInterval: 100 });
  await host.deploy({ name: 'wave', enableDuplicateFiltering: true, resources: [
    { name: 'catcher.bpmn', content: catcherProcess }, { name: 'thrower.bpmn', content: throwerProcess }, { name: 'started.bpmn', content: starterProcess },
  ] }, admin);
  await host.start();
  for (let n = await host.countInstances({ processDefinitionKey: 'wave-catcher' }, admin); n < catchers; n++) {
    await host.startInstance({ key: 'wave-catcher' }, { businessKey: `catcher-${n}` }, admin);
  }
  const outboxEmpty = async () => Number((await db('engine_signal').count({ c: '*' }).first())?.c) === 0;
  for (let r = 1; r <= rounds; r++) {
    // one round at a time: the next signal is thrown once the last one reached everything it could
    while (!(await outboxEmpty())) await new Promise((res) => setTimeout(res, 20));
    let thrower = await db('engine_instance').where({ definition_key: 'wave-thrower', business_key: `round-${r}` }).first('id', 'state');
    if (thrower?.state === 'COMPLETED') continue;
    if (!thrower) thrower = await host.startInstance({ key: 'wave-thrower' }, { businessKey: `round-${r}` }, admin);
    const [task] = await host.listTasks({ processInstanceId: thrower.id }, admin);
    if (task) await host.completeTask(task.id, {}, admin);
    process.stderr.write(`thrown ${r}\n`);
  }
  while (!(await outboxEmpty())) await new Promise((res) => setTimeout(res, 20));
  await host.stop();
  await db.destroy();
}

main().catch((err) => { console.error(err); process.exit(1); });
