// A timer whose firing throws is Camunda 7's failed timer job: retries, a back-off, then a failedJob incident over
// REST, the instance left where it was, and retries set again to resolve it; on SQLite and PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHost, type Access } from '../../src/engine/index.js';
import { InvalidRequestError, NotFoundError } from '../../src/errors.js';
import { DEFAULT_TIMER_RETRY_BACKOFF_MS } from '../../src/engine/timers.js';
import { dialects } from '../support/databases.js';
import { adminAuth, startServer, type TestServer } from '../support/server.js';
import { bpmn } from './fixtures.js';

const admin: Access = { tenantIds: null, userId: 'admin' };
const otherTenant: Access = { tenantIds: ['akimat-b'], userId: 'op2' };
const MINUTE = 60_000;

/** start → timer (PT1M) → gateway that needs `route` to be 'on' → external task → end */
function failingTimerProcess(id: string): string {
  return bpmn(id, `
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <intermediateCatchEvent id="wait" name="процесс 2 — ожидание"><timerEventDefinition><timeDuration>PT1M</timeDuration></timerEventDefinition></intermediateCatchEvent>
    <sequenceFlow id="f2" sourceRef="wait" targetRef="gw" />
    <exclusiveGateway id="gw" name="условие 1" />
    <sequenceFlow id="f-on" sourceRef="gw" targetRef="after"><conditionExpression>\${route == 'on'}</conditionExpression></sequenceFlow>
    <serviceTask id="after" camunda:type="external" camunda:topic="after-timer" />
    <sequenceFlow id="f3" sourceRef="after" targetRef="end" />
    <endEvent id="end" />`);
}

/** start → user task with a non-interrupting boundary timer leading to the same failing gateway */
function failingDeadlineProcess(id: string): string {
  return bpmn(id, `
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="decide" />
    <userTask id="decide" name="процесс 3 — решение" camunda:candidateGroups="g" />
    <boundaryEvent id="decide-deadline" attachedToRef="decide" cancelActivity="false"><timerEventDefinition><timeDuration>PT1M</timeDuration></timerEventDefinition></boundaryEvent>
    <sequenceFlow id="f-late" sourceRef="decide-deadline" targetRef="gw" />
    <exclusiveGateway id="gw" />
    <sequenceFlow id="f-on" sourceRef="gw" targetRef="end-late"><conditionExpression>\${route == 'on'}</conditionExpression></sequenceFlow>
    <endEvent id="end-late" />
    <sequenceFlow id="f2" sourceRef="decide" targetRef="end" />
    <endEvent id="end" />`);
}

describe.each(dialects)('failed timer jobs on %s', (dialect) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dialect });
    await server.host.deploy({ name: 'timer-jobs', tenantId: 'akimat-a', resources: [
      { name: 'failing-timer.bpmn', content: failingTimerProcess('failing-timer') },
      { name: 'failing-deadline.bpmn', content: failingDeadlineProcess('failing-deadline') },
    ] }, admin);
  });
  afterAll(async () => { await server.close(); });
  afterEach(() => { vi.useRealTimers(); });

  const db = () => server.db.db;
  const timerOf = async (instanceId: string) => db()('engine_timer').where({ instance_id: instanceId }).first();
  const incidentsOverRest = async (instanceId: string) => {
    const res = await server.app.inject({ method: 'GET', url: `/engine-rest/incident?processInstanceId=${instanceId}`, headers: { authorization: adminAuth } });
    expect(res.statusCode).toBe(200);
    return res.json() as { id: string; incidentType: string; incidentMessage: string | null; configuration: string; activityId: string; processInstanceId: string; tenantId: string | null }[];
  };
  const advance = (ms: number) => vi.setSystemTime(new Date(Date.now() + ms));

  it('retries a failing timer three times with a back-off, then opens a failedJob incident; setting retries resolves it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-01T05:00:00Z'));
    const { host } = server;
    const inst = await host.startInstance({ key: 'failing-timer', tenantId: 'akimat-a' }, { variables: { route: { type: 'String', value: 'off' } } }, admin);
    const timerId = (await timerOf(inst.id)).id as string;

    advance(MINUTE + 1000);
    expect(await host.runDueTimers()).toBe(0);
    let row = await timerOf(inst.id);
    expect(row).toMatchObject({ id: timerId, retries: 2, lock_owner: null });
    expect(row.error_message).toMatch(/could not continue/);
    // the back-off moved its due date, which the job reports with its retries and error
    const job = await host.getJob(timerId, admin);
    expect(job).toMatchObject({ retries: 2, exceptionMessage: row.error_message });
    expect(job.dueDate.getTime()).toBe(Date.now() + DEFAULT_TIMER_RETRY_BACKOFF_MS);
    // the instance stays where it was: still waiting on its timer, nothing after it
    expect((await host.getInstance(inst.id, admin)).state).toBe('ACTIVE');
    expect(await host.listExternalTasks({ processInstanceId: inst.id }, admin)).toHaveLength(0);
    expect(await incidentsOverRest(inst.id)).toEqual([]);

    // within the back-off the timer is not tried again
    advance(DEFAULT_TIMER_RETRY_BACKOFF_MS - 2000);
    expect(await host.runDueTimers()).toBe(0);
    expect((await timerOf(inst.id)).retries).toBe(2);

    advance(3000);
    await host.runDueTimers();
    expect((await timerOf(inst.id)).retries).toBe(1);
    advance(DEFAULT_TIMER_RETRY_BACKOFF_MS + 1000);
    await host.runDueTimers();
    row = await timerOf(inst.id);
    expect(row.retries).toBe(0);

    const [incident, ...more] = await incidentsOverRest(inst.id);
    expect(more).toEqual([]);
    expect(incident).toMatchObject({ incidentType: 'failedJob', configuration: timerId, activityId: 'wait', processInstanceId: inst.id, tenantId: 'akimat-a' });
    expect(incident!.incidentMessage).toBe(row.error_message);
    expect(incident!.incidentMessage).toMatch(/gw/);

    // with no retries left the timer is not fired again, by this node or by a new one on the same store
    const restarted = await createHost({ db: db() });
    advance(DEFAULT_TIMER_RETRY_BACKOFF_MS * 3);
    expect(await host.runDueTimers()).toBe(0);
    expect(await restarted.runDueTimers()).toBe(0);
    expect(await timerOf(inst.id)).toMatchObject({ retries: 0, lock_owner: null });
    expect(await incidentsOverRest(inst.id)).toHaveLength(1);
    expect(await host.listJobs({ processInstanceId: inst.id, executable: true }, admin)).toEqual([]);
    expect((await host.getJob(timerId, admin)).retries).toBe(0);

    // the cause is fixed, retries set again: the incident is resolved and the timer fires at once
    await host.setVariables(inst.id, { route: { type: 'String', value: 'on' } }, admin);
    await restarted.setJobRetries(timerId, 1, admin);
    expect(await incidentsOverRest(inst.id)).toEqual([]);
    expect((await host.historyIncidents({ processInstanceId: inst.id }, admin)).map((i) => [i.incidentType, i.state])).toEqual([['failedJob', 'resolved']]);
    expect((await host.userOperations({ processInstanceId: inst.id, operationType: 'SetJobRetries' }, admin))[0]).toMatchObject({ entityType: 'Job', newValue: '1', orgValue: '0' });
    expect(await restarted.runDueTimers()).toBe(1);
    expect(await timerOf(inst.id)).toBeUndefined();
    expect((await host.listExternalTasks({ processInstanceId: inst.id }, admin)).map((t) => t.topicName)).toEqual(['after-timer']);
    await restarted.stop();
  });

  it('a job executed on request that fails costs a retry, and with none left it still runs on request', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-05T05:00:00Z'));
    const { host } = server;
    const inst = await host.startInstance({ key: 'failing-timer', tenantId: 'akimat-a' }, { variables: { route: { type: 'String', value: 'off' } } }, admin);
    const timerId = (await timerOf(inst.id)).id as string;
    await expect(host.executeJob(timerId, admin)).rejects.toThrow(/no conditional flow taken/);
    expect(await host.getJob(timerId, admin)).toMatchObject({ retries: 2, exceptionMessage: expect.stringMatching(/no conditional flow taken/) });
    await host.setJobRetries(timerId, 0, admin);
    await host.setVariables(inst.id, { route: { type: 'String', value: 'on' } }, admin);
    await host.executeJob(timerId, admin);
    expect(await timerOf(inst.id)).toBeUndefined();
    expect((await host.listExternalTasks({ processInstanceId: inst.id }, admin)).map((t) => t.topicName)).toEqual(['after-timer']);
    // its incident went with it, as Camunda deletes the incident of a job that is gone
    expect((await host.historyIncidents({ processInstanceId: inst.id }, admin)).map((i) => [i.incidentType, i.state])).toEqual([['failedJob', 'deleted']]);
  });

  it('two nodes racing for a failing timer cost it one retry, not two', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-02T05:00:00Z'));
    const inst = await server.host.startInstance({ key: 'failing-timer', tenantId: 'akimat-a' }, { variables: { route: { type: 'String', value: 'off' } } }, admin);
    const second = await createHost({ db: db() });
    advance(MINUTE + 1000);
    await Promise.all([server.host.runDueTimers(), second.runDueTimers()]);
    expect((await timerOf(inst.id)).retries).toBe(2);
    await second.stop();
  });

  it('a timer does not lose a retry to a cached engine that is behind its row', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-04T05:00:00Z'));
    const { host } = server; // keeps the engines of its last steps (default cache)
    const inst = await host.startInstance({ key: 'failing-timer', tenantId: 'akimat-a' }, { variables: { route: { type: 'String', value: 'off' } } }, admin);
    // the cause is fixed before the timer is due, by a call that writes the row, not the cached engine
    await host.setVariables(inst.id, { route: { type: 'String', value: 'on' } }, admin);
    advance(MINUTE + 1000);
    expect(await host.runDueTimers()).toBe(1);
    expect(await timerOf(inst.id)).toBeUndefined();
    expect((await host.listExternalTasks({ processInstanceId: inst.id }, admin)).map((t) => t.topicName)).toEqual(['after-timer']);
  });

  it('a failedJob incident ends when its timer does: the task it watches is completed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-06-03T05:00:00Z'));
    const { host } = server;
    const inst = await host.startInstance({ key: 'failing-deadline', tenantId: 'akimat-a' }, { variables: { route: { type: 'String', value: 'off' } } }, admin);
    const timerId = (await timerOf(inst.id)).id as string;
    await host.setJobRetries(timerId, 0, admin); // an operator stops the timer: Camunda opens the incident at once
    expect((await incidentsOverRest(inst.id)).map((i) => [i.incidentType, i.configuration])).toEqual([['failedJob', timerId]]);
    advance(MINUTE + 1000);
    expect(await host.runDueTimers()).toBe(0);

    const [task] = await host.listTasks({ processInstanceId: inst.id }, admin);
    await host.completeTask(task!.id, {}, admin);
    expect((await host.getInstance(inst.id, admin)).state).toBe('COMPLETED');
    expect(await incidentsOverRest(inst.id)).toEqual([]);
    expect((await host.historyIncidents({ processInstanceId: inst.id }, admin)).map((i) => i.state)).toEqual(['deleted']);
  });

  it('a failedJob incident ends when its instance is cancelled', async () => {
    const inst = await server.host.startInstance({ key: 'failing-timer', tenantId: 'akimat-a' }, { variables: { route: { type: 'String', value: 'off' } } }, admin);
    await server.host.setJobRetries((await timerOf(inst.id)).id, 0, admin);
    expect(await incidentsOverRest(inst.id)).toHaveLength(1);
    await server.host.cancelInstance(inst.id, 'withdrawn', admin);
    expect(await incidentsOverRest(inst.id)).toEqual([]);
    expect((await server.host.historyIncidents({ processInstanceId: inst.id }, admin)).map((i) => i.state)).toEqual(['deleted']);
    expect(await timerOf(inst.id)).toBeUndefined();
  });

  it('refuses host options for timer retries that are not counts or waits', async () => {
    await expect(createHost({ db: db(), timerRetries: -1 })).rejects.toThrow('Host option timerRetries must be a whole number, zero or more, not -1');
    await expect(createHost({ db: db(), timerRetryBackoff: Number.NaN })).rejects.toThrow(/timerRetryBackoff must be a number of milliseconds/);
  });

  it('refuses retries that are not a whole number of zero or more, and jobs of another tenant', async () => {
    const inst = await server.host.startInstance({ key: 'failing-timer', tenantId: 'akimat-a' }, { variables: { route: { type: 'String', value: 'off' } } }, admin);
    const timerId = (await timerOf(inst.id)).id as string;
    await expect(server.host.setJobRetries(timerId, -1, admin)).rejects.toThrow(InvalidRequestError);
    await expect(server.host.setJobRetries(timerId, 1.5, admin)).rejects.toThrow(/whole number/);
    await expect(server.host.setJobRetries(timerId, 1, otherTenant)).rejects.toThrow(NotFoundError);
    await expect(server.host.setJobRetries('no-such-job', 1, admin)).rejects.toThrow(/Job 'no-such-job' not found/);
    expect((await timerOf(inst.id)).retries).toBeNull();
  });
});
