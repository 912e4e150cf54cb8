// Signal events and message start events through the Host API, on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Access, type Host } from '../../src/engine/index.js';
import { InvalidRequestError, MismatchingMessageCorrelationError, ProcessEngineError } from '../../src/errors.js';
import { dialects, freshDb, type TestDb } from '../support/databases.js';
import { bpmn } from './fixtures.js';

const admin: Access = { tenantIds: null, userId: 'admin' };
const inA: Access = { tenantIds: ['akimat-a'], userId: 'op-a' };

const signals = '<signal id="s-go" name="go" /><signal id="s-stop" name="stop" /><signal id="s-ping" name="ping" /><signal id="s-done" name="done" />';

/** waits at a signal catch, a user task with an interrupting and a non-interrupting signal boundary */
const catcher = (id: string) => bpmn(id, `
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="wait-go" />
    <intermediateCatchEvent id="wait-go"><signalEventDefinition signalRef="s-go" /></intermediateCatchEvent>
    <sequenceFlow id="f2" sourceRef="wait-go" targetRef="work" />
    <userTask id="work" />
    <boundaryEvent id="on-stop" attachedToRef="work"><signalEventDefinition signalRef="s-stop" /></boundaryEvent>
    <sequenceFlow id="f-stop" sourceRef="on-stop" targetRef="stopped" />
    <endEvent id="stopped" />
    <boundaryEvent id="on-ping" attachedToRef="work" cancelActivity="false"><signalEventDefinition signalRef="s-ping" /></boundaryEvent>
    <sequenceFlow id="f-ping" sourceRef="on-ping" targetRef="pinged" />
    <userTask id="pinged" />
    <sequenceFlow id="f3" sourceRef="work" targetRef="end" />
    <endEvent id="end" />`, signals);

/** a user task, then an intermediate signal throw ('go') and a signal end event ('done') */
const thrower = (id: string) => bpmn(id, `
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="prepare" />
    <userTask id="prepare" />
    <sequenceFlow id="f2" sourceRef="prepare" targetRef="throw-go" />
    <intermediateThrowEvent id="throw-go"><signalEventDefinition signalRef="s-go" /></intermediateThrowEvent>
    <sequenceFlow id="f3" sourceRef="throw-go" targetRef="end" />
    <endEvent id="end"><signalEventDefinition signalRef="s-done" /></endEvent>`, signals);

/** started by the signal 'done' (and by key through its none start) */
const onDone = (id: string, task = 'after-done') => bpmn(id, `
    <startEvent id="start" />
    <sequenceFlow id="f0" sourceRef="start" targetRef="by-key" />
    <userTask id="by-key" />
    <startEvent id="on-done"><signalEventDefinition signalRef="s-done" /></startEvent>
    <sequenceFlow id="f1" sourceRef="on-done" targetRef="${task}" />
    <userTask id="${task}" />`, signals);

/** only a message start event */
const onOrder = (id: string) => bpmn(id, `
    <startEvent id="on-order"><messageEventDefinition messageRef="m-order" /></startEvent>
    <sequenceFlow id="f1" sourceRef="on-order" targetRef="handle" />
    <userTask id="handle" />`, '<message id="m-order" name="order-placed" />');

/** Polls until `check` holds: the delivery of a thrown signal runs after the throwing step's commit. */
async function until<T>(what: string, read: () => Promise<T>, check: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const v = await read();
    if (check(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(dialects)('signal events on %s', (dialect) => {
  let tdb: TestDb;
  let host: Host;
  beforeAll(async () => {
    tdb = await freshDb(dialect);
    host = await createHost({ db: tdb.db });
  });
  afterAll(async () => { await host.stop(); await tdb.destroy(); });

  const tasks = async (instanceId: string) => (await host.listTasks({ processInstanceId: instanceId }, admin)).map((t) => t.taskDefinitionKey).sort();
  const state = async (instanceId: string) => (await host.historyProcessInstances({ processInstanceId: instanceId }, admin))[0]?.state;

  it('broadcasts POST /signal to catch events and boundaries in scope, with its variables, and starts signal start definitions', async () => {
    await host.deploy({ name: 'c', tenantId: 'akimat-a', resources: [{ name: 'c.bpmn', content: catcher('sig-catch') }] }, admin);
    await host.deploy({ name: 'c', tenantId: 'akimat-b', resources: [{ name: 'c.bpmn', content: catcher('sig-catch') }] }, admin);
    await host.deploy({ name: 'd', tenantId: 'akimat-a', resources: [{ name: 'd.bpmn', content: onDone('sig-done', 'old-version') }] }, admin);
    await host.deploy({ name: 'd', tenantId: 'akimat-a', resources: [{ name: 'd.bpmn', content: onDone('sig-done') }] }, admin);
    const a1 = await host.startInstance({ key: 'sig-catch', tenantId: 'akimat-a' }, {}, admin);
    const a2 = await host.startInstance({ key: 'sig-catch', tenantId: 'akimat-a' }, {}, admin);
    const b1 = await host.startInstance({ key: 'sig-catch', tenantId: 'akimat-b' }, {}, admin);
    // started by key: the none start only, the signal start event is not waiting
    const byKey = await host.startInstance({ key: 'sig-done', tenantId: 'akimat-a' }, {}, admin);
    expect(await tasks(byKey.id)).toEqual(['by-key']);

    const subs = await host.eventSubscriptions({ eventType: 'signal' }, admin);
    expect(subs.filter((s) => s.eventName === 'go').map((s) => s.processInstanceId).sort()).toEqual([a1.id, a2.id, b1.id].sort());
    // the signal start of the latest version only, without an execution
    const starts = subs.filter((s) => s.eventName === 'done');
    expect(starts).toHaveLength(1);
    expect(starts[0]).toMatchObject({ activityId: 'on-done', executionId: null, processInstanceId: null, tenantId: 'akimat-a' });

    // tenant A's user, no tenant named: A's subscriptions only
    await host.signal({ name: 'go', variables: { approved: { type: 'Boolean', value: true } } }, inA);
    expect(await tasks(a1.id)).toEqual(['work']);
    expect(await tasks(a2.id)).toEqual(['work']);
    expect(await tasks(b1.id)).toEqual([]);
    expect((await host.getVariables(a1.id, admin)).approved).toMatchObject({ value: true });
    expect(await host.eventSubscriptions({ eventName: 'go' }, admin)).toHaveLength(1);

    // non-interrupting boundary: the task stays, a branch runs; interrupting: the task ends
    await host.signal({ name: 'ping', tenantId: 'akimat-a' }, admin);
    expect(await tasks(a1.id)).toEqual(['pinged', 'work']);
    // and again at the next signal, as Camunda's non-interrupting boundary does (bpmn-elements runs one instance of
    // an activity at a time: the second 'pinged' starts when the first ends)
    await host.signal({ name: 'ping', tenantId: 'akimat-a' }, admin);
    const [firstPing] = await host.listTasks({ processInstanceId: a1.id, taskDefinitionKey: 'pinged' }, admin);
    expect(firstPing).toBeTruthy();
    await host.completeTask(firstPing!.id, {}, admin);
    const [secondPing] = await host.listTasks({ processInstanceId: a1.id, taskDefinitionKey: 'pinged' }, admin);
    expect(secondPing?.id).toBeTruthy();
    expect(secondPing!.id).not.toBe(firstPing!.id);
    expect(await tasks(a1.id)).toEqual(['pinged', 'work']);
    await host.signal({ name: 'stop', tenantId: 'akimat-a' }, admin);
    expect(await tasks(a1.id)).toEqual(['pinged']);
    expect(await tasks(a2.id)).toEqual(['pinged']);

    // a signal start: one new instance of the latest version per broadcast
    await host.signal({ name: 'done', variables: { reason: { type: 'String', value: 'x' } } }, admin);
    const started = (await host.listInstances({ processDefinitionKey: 'sig-done' }, admin)).filter((i) => i.id !== byKey.id);
    expect(started).toHaveLength(1);
    expect(await tasks(started[0]!.id)).toEqual(['after-done']);
    expect((await host.getVariables(started[0]!.id, admin)).reason).toMatchObject({ value: 'x' });
    // withoutTenantId reaches only subscriptions without a tenant: none here
    await host.signal({ name: 'done', withoutTenantId: true }, admin);
    expect(await host.countInstances({ processDefinitionKey: 'sig-done' }, admin)).toBe(2);
  });

  it('delivers POST /signal with executionId to that execution only, and refuses one without such a subscription', async () => {
    await host.deploy({ name: 'c2', resources: [{ name: 'c.bpmn', content: catcher('sig-one') }] }, admin);
    const x = await host.startInstance({ key: 'sig-one' }, {}, admin);
    const y = await host.startInstance({ key: 'sig-one' }, {}, admin);
    const sub = (await host.eventSubscriptions({ processInstanceId: x.id, eventName: 'go' }, admin))[0]!;
    await expect(host.signal({ name: 'stop', executionId: sub.executionId }, admin)).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(host.signal({ name: 'go', executionId: 'no-such-execution' }, admin)).rejects.toThrow(/has not subscribed/);
    await host.signal({ name: 'go', executionId: sub.executionId }, admin);
    expect(await tasks(x.id)).toEqual(['work']);
    expect(await tasks(y.id)).toEqual([]);
  });

  it('delivers a signal thrown in an instance to the other instances of its tenant and those without one, and starts signal start definitions', async () => {
    await host.deploy({ name: 't', tenantId: 'akimat-t', resources: [{ name: 't.bpmn', content: thrower('sig-throw') }, { name: 'c.bpmn', content: catcher('sig-throw-catch') }, { name: 'd.bpmn', content: onDone('sig-throw-done') }] }, admin);
    await host.deploy({ name: 't', tenantId: 'akimat-u', resources: [{ name: 'c.bpmn', content: catcher('sig-throw-catch') }, { name: 'd.bpmn', content: onDone('sig-throw-done') }] }, admin);
    const shared = await host.deploy({ name: 'shared', resources: [{ name: 'c.bpmn', content: catcher('sig-shared-catch') }] }, admin);
    expect(shared.processDefinitions).toHaveLength(1);
    const t1 = await host.startInstance({ key: 'sig-throw-catch', tenantId: 'akimat-t' }, {}, admin);
    const u1 = await host.startInstance({ key: 'sig-throw-catch', tenantId: 'akimat-u' }, {}, admin);
    const s1 = await host.startInstance({ key: 'sig-shared-catch' }, {}, admin);
    const before = await host.countInstances({ processDefinitionKey: 'sig-throw-done' }, admin);
    const thr = await host.startInstance({ key: 'sig-throw', tenantId: 'akimat-t' }, {}, admin);
    const [prepare] = await host.listTasks({ processInstanceId: thr.id }, admin);
    await host.completeTask(prepare!.id, {}, admin);
    expect(await state(thr.id)).toBe('COMPLETED');
    await until('the catch of tenant T', () => tasks(t1.id), (v) => v.includes('work'));
    await until('the catch without tenant', () => tasks(s1.id), (v) => v.includes('work'));
    await until('one start of tenant T', () => host.listInstances({ processDefinitionKey: 'sig-throw-done', tenantIdIn: ['akimat-t'] }, admin), (v) => v.length === 1);
    await until('the outbox emptied', () => tdb.db('engine_signal').count({ c: '*' }).first(), (v) => Number(v?.c) === 0);
    expect(await tasks(u1.id)).toEqual([]);
    expect(await host.countInstances({ processDefinitionKey: 'sig-throw-done', tenantIdIn: ['akimat-u'] }, admin)).toBe(0);
    expect(await host.countInstances({ processDefinitionKey: 'sig-throw-done' }, admin)).toBe(before + 1);
  });

  it('starts an instance by a message start event, refuses an ambiguous one, and starts a message-only definition by key at that event', async () => {
    await host.deploy({ name: 'm', tenantId: 'akimat-m', resources: [{ name: 'm.bpmn', content: onOrder('msg-start') }] }, admin);
    const [res] = await host.correlateMessage({ messageName: 'order-placed', businessKey: 'order-1', processVariables: { total: { type: 'Integer', value: 7 } }, resultEnabled: true, variablesInResultEnabled: true }, admin);
    expect(res).toMatchObject({ resultType: 'ProcessDefinition', execution: null, processInstance: { businessKey: 'order-1', tenantId: 'akimat-m', ended: false } });
    expect(res!.variables?.total).toMatchObject({ value: 7 });
    expect(await tasks(res!.processInstance.id)).toEqual(['handle']);
    const subs = await host.eventSubscriptions({ eventType: 'message', eventName: 'order-placed' }, admin);
    expect(subs).toMatchObject([{ activityId: 'on-order', executionId: null, processInstanceId: null }]);

    await host.deploy({ name: 'm', tenantId: 'akimat-n', resources: [{ name: 'm.bpmn', content: onOrder('msg-start') }] }, admin);
    const ambiguous = host.correlateMessage({ messageName: 'order-placed' }, admin);
    await expect(ambiguous).rejects.toBeInstanceOf(MismatchingMessageCorrelationError);
    await expect(host.correlateMessage({ messageName: 'order-placed' }, admin)).rejects.toThrow(/MismatchingMessageCorrelationException: .*2 process definitions match/);
    const all = await host.correlateMessage({ messageName: 'order-placed', all: true, resultEnabled: true }, admin);
    expect(all.map((r) => r.processInstance.tenantId).sort()).toEqual(['akimat-m', 'akimat-n']);
    const one = await host.correlateMessage({ messageName: 'order-placed', tenantId: 'akimat-n', resultEnabled: true }, admin);
    expect(one).toHaveLength(1);
    await expect(host.correlateMessage({ messageName: 'nobody-listens' }, admin)).rejects.toThrow(/No process definition or execution matches/);

    // Camunda: one key per message start name in a tenant; a new version of the same key replaces its subscription
    await expect(host.deploy({ name: 'm2', tenantId: 'akimat-m', resources: [{ name: 'm2.bpmn', content: onOrder('msg-start-other') }] }, admin)).rejects.toBeInstanceOf(ProcessEngineError);
    await expect(host.deploy({ name: 'm2', tenantId: 'akimat-m', resources: [{ name: 'm2.bpmn', content: onOrder('msg-start-other') }] }, admin)).rejects.toThrow(/already is a message event subscription for the message with name 'order-placed'/);
    const v2 = await host.deploy({ name: 'm', tenantId: 'akimat-m', resources: [{ name: 'm.bpmn', content: onOrder('msg-start').replace('name="Процесс', 'name="v2 Процесс') }] }, admin);
    const sub2 = await host.eventSubscriptions({ eventType: 'message', eventName: 'order-placed', tenantIdIn: ['akimat-m'] }, admin);
    expect(sub2.map((x) => x.id)).toEqual([`${v2.processDefinitions[0]!.id}:on-order`]);

    // Camunda: a definition whose only start event is a message start starts at it by key
    const byKey = await host.startInstance({ key: 'msg-start', tenantId: 'akimat-m' }, {}, admin);
    expect(await tasks(byKey.id)).toEqual(['handle']);
  });
});
