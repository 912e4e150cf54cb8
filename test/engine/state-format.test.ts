// The saved engine state carries its format version: the current one loads as before, a newer one is refused
// whole, older ones are upgraded in order, and rows saved before the version existed are version 1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Access, type Host } from '../../src/engine/index.js';
import { ENGINE_STATE_VERSION, readEngineState } from '../../src/engine/state-format.js';
import { ProcessEngineError } from '../../src/errors.js';
import { migrationSource } from '../../src/store/migration-source.js';
import { dialects, freshDb, type TestDb } from '../support/databases.js';
import { reviewProcess } from './fixtures.js';

const admin: Access = { tenantIds: null, userId: 'admin' };
const VERSION_MIGRATION = '20261207160200_engine_state_version';

describe('readEngineState', () => {
  it('reads a state of the current version as plain JSON', () => {
    expect(ENGINE_STATE_VERSION).toBe(1);
    expect(readEngineState('i-1', '{"definitions":[]}', 1)).toEqual({ definitions: [] });
  });

  it('refuses a newer version, naming the instance and both versions', () => {
    expect(() => readEngineState('i-2', '{"definitions":[]}', 2)).toThrow(ProcessEngineError);
    expect(() => readEngineState('i-2', '{"definitions":[]}', 2)).toThrow("Process instance 'i-2' cannot be loaded: its engine state has format version 2, newer than version 1 that this host reads");
  });

  it('refuses what is not a version', () => {
    for (const v of [0, -1, 1.5, null, 'two']) expect(() => readEngineState('i-3', '{}', v)).toThrow(/format version .*not a format version/);
  });

  it('upgrades an older state step by step, and refuses a version it has no upgrade from', () => {
    const format = {
      current: 3,
      upgrades: {
        1: (s: unknown) => ({ ...(s as object), steps: ['1→2'] }),
        2: (s: unknown) => ({ ...(s as object), steps: [...(s as { steps: string[] }).steps, '2→3'] }),
      },
    };
    expect(readEngineState('i-4', '{"definitions":[]}', 1, format)).toEqual({ definitions: [], steps: ['1→2', '2→3'] });
    expect(readEngineState('i-4', '{"definitions":[]}', 3, format)).toEqual({ definitions: [] });
    expect(() => readEngineState('i-5', '{}', 1, { current: 3, upgrades: { 2: (s: unknown) => s } })).toThrow(/version 1, and this host, at version 3, has no upgrade from version 1/);
  });
});

describe.each(dialects)('engine state format version on %s', (dialect) => {
  let tdb: TestDb;
  let host: Host;
  let definitionId: string;
  beforeAll(async () => {
    tdb = await freshDb(dialect);
    host = await createHost({ db: tdb.db });
    const res = await host.deploy({ name: 'review', resources: [{ name: 'review.bpmn', content: reviewProcess('state-review') }] }, admin);
    definitionId = res.processDefinitions[0]!.id;
  });
  afterAll(async () => { await host.stop(); await tdb.destroy(); });

  const rowOf = (id: string) => tdb.db('engine_instance').where({ id }).first();
  async function fetchCheck(instanceId: string) {
    const tasks = await host.fetchAndLock({ workerId: 'w', maxTasks: 10, topics: [{ topicName: 'check-topic', lockDuration: 60_000, processDefinitionId: definitionId }] }, admin);
    const task = tasks.find((t) => t.processInstanceId === instanceId);
    expect(task).toBeDefined();
    return task!;
  }

  it('writes the current version with every save, and a new host loads it as before', async () => {
    const inst = await host.startInstance({ definitionId }, {}, admin);
    expect((await rowOf(inst.id)).engine_state_version).toBe(ENGINE_STATE_VERSION);
    const task = await fetchCheck(inst.id);
    await host.completeExternalTask(task.id, { workerId: 'w' }, admin);
    expect(await rowOf(inst.id)).toMatchObject({ engine_state_version: ENGINE_STATE_VERSION, rev: 2 });

    const restarted = await createHost({ db: tdb.db });
    const [ut] = await restarted.listTasks({ processInstanceId: inst.id }, admin);
    await restarted.completeTask(ut!.id, { variables: { decision: { type: 'String', value: 'issued' } } }, admin);
    expect((await restarted.getInstance(inst.id, admin)).state).toBe('COMPLETED');
    await restarted.stop();
  });

  it('refuses a state of a newer version whole: nothing runs, nothing is written, and it stays refused', async () => {
    const inst = await host.startInstance({ definitionId }, {}, admin);
    const task = await fetchCheck(inst.id);
    // a newer release saved this instance (and bumped its revision, as every save does)
    await tdb.db('engine_instance').where({ id: inst.id }).update({ engine_state_version: ENGINE_STATE_VERSION + 1, rev: 2 });
    const before = await rowOf(inst.id);

    const message = `Process instance '${inst.id}' cannot be loaded: its engine state has format version ${ENGINE_STATE_VERSION + 1}, newer than version ${ENGINE_STATE_VERSION} that this host reads`;
    // this host still had the instance's engine in its cache: the revision check sends it back to the row
    await expect(host.completeExternalTask(task.id, { workerId: 'w' }, admin)).rejects.toThrow(message);
    await expect(host.completeExternalTask(task.id, { workerId: 'w' }, admin)).rejects.toBeInstanceOf(ProcessEngineError);
    const fresh = await createHost({ db: tdb.db });
    await expect(fresh.completeExternalTask(task.id, { workerId: 'w' }, admin)).rejects.toThrow(message);
    await fresh.stop();

    expect(await rowOf(inst.id)).toEqual(before);
    expect((await host.listExternalTasks({ processInstanceId: inst.id }, admin)).map((t) => t.id)).toEqual([task.id]);
    expect(await host.listTasks({ processInstanceId: inst.id }, admin)).toEqual([]);
  });

  it('migrates rows saved before the version existed to version 1, and they load as before', async () => {
    const inst = await host.startInstance({ definitionId }, {}, admin);
    await host.stop();
    await tdb.db.migrate.down({ migrationSource, name: VERSION_MIGRATION });
    expect(await tdb.db.schema.hasColumn('engine_instance', 'engine_state_version')).toBe(false);
    const saved = await rowOf(inst.id);

    await tdb.db.migrate.latest({ migrationSource });
    expect(await rowOf(inst.id)).toEqual({ ...saved, engine_state_version: 1 });
    host = await createHost({ db: tdb.db });
    const task = await fetchCheck(inst.id);
    await host.completeExternalTask(task.id, { workerId: 'w' }, admin);
    expect(await host.listTasks({ processInstanceId: inst.id }, admin)).toHaveLength(1);
  });
});
