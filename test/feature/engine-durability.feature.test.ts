// Durability as the регламент needs it: an application waits on an operator across a host restart and its deadline escalates.
import { afterAll, expect, vi } from 'vitest';
import { createHost, type Access, type Host } from '../../src/engine/index.js';
import { dialects, freshDb, type TestDb } from '../support/databases.js';
import { And, Feature, Given, Scenario, Then, When } from '../support/scenario.js';
import { reviewProcess } from '../engine/fixtures.js';

const admin: Access = { tenantIds: null, userId: 'admin' };
const specialist: Access = { tenantIds: ['akimat-a'], userId: 'spec-1', groupIds: ['provider-specialist'] };

for (const dialect of dialects) {
  Feature(`Durable host on ${dialect}: процесс 7 waits for the specialist across a restart`, () => {
    const dbs: TestDb[] = [];
    afterAll(async () => { vi.useRealTimers(); for (const d of dbs) await d.destroy(); });

    Scenario('the deadline passes while the host is down, then the specialist decides', () => {
      let tdb: TestDb, host: Host, instanceId: string;
      Given('a deployed регламент with a 3-hour deadline on процесс 7', async () => {
        vi.useFakeTimers({ toFake: ['Date'] });
        vi.setSystemTime(new Date('2026-02-02T04:00:00Z'));
        tdb = await freshDb(dialect); dbs.push(tdb);
        host = await createHost({ db: tdb.db });
        await host.deploy({ name: 'review', tenantId: 'akimat-a', resources: [{ name: 'review.bpmn', content: reviewProcess('review', { deadline: 'PT3H' }) }] }, admin);
      });
      When('an application passes условие 1 and reaches процесс 7', async () => {
        instanceId = (await host.startInstance({ key: 'review', tenantId: 'akimat-a' }, { businessKey: 'APP-7' }, specialist)).id;
        const [t] = await host.fetchAndLock({ workerId: 'authorize', maxTasks: 1, topics: [{ topicName: 'check-topic', lockDuration: 60_000 }] }, admin);
        await host.completeExternalTask(t!.id, { workerId: 'authorize', variables: { authorized: { type: 'Boolean', value: true } } }, admin);
      });
      And('the host stops, and starts again after the deadline', async () => {
        await host.stop();
        vi.setSystemTime(new Date('2026-02-02T07:30:00Z'));
        host = await createHost({ db: tdb.db });
        expect(await host.runDueTimers()).toBe(1);
      });
      Then('the supervisor gets an escalation and the step itself goes on', async () => {
        const esc = await host.fetchAndLock({ workerId: 'escalate', maxTasks: 5, topics: [{ topicName: 'escalate-overdue', lockDuration: 60_000 }] }, admin);
        expect(esc.map((e) => e.businessKey)).toEqual(['APP-7']);
        await host.completeExternalTask(esc[0]!.id, { workerId: 'escalate' }, admin);
        const [task] = await host.listTasks({ candidateGroup: 'provider-specialist' }, specialist);
        expect(task!.processInstanceId).toBe(instanceId);
      });
      And('the specialist issues the result and the instance ends once', async () => {
        const [task] = await host.listTasks({ candidateGroup: 'provider-specialist' }, specialist);
        await host.claimTask(task!.id, 'spec-1', specialist);
        await host.completeTask(task!.id, { variables: { decision: { type: 'String', value: 'issued' } } }, specialist);
        await expect(host.completeTask(task!.id, {}, specialist)).rejects.toThrow(/not found/);
        const [hist] = await host.historyProcessInstances({ processInstanceId: instanceId }, specialist);
        expect(hist!.state).toBe('COMPLETED');
        const acts = await host.historyActivityInstances({ processInstanceId: instanceId }, specialist);
        expect(acts.filter((a) => a.activityId === 'decide')).toHaveLength(1);
        expect(acts.map((a) => a.activityId)).toEqual(expect.arrayContaining(['decide-deadline', 'escalate', 'end-escalated', 'end-ok']));
      });
    });
  });
}
