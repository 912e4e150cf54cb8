// The durable host end to end through the Host API, on SQLite and PostgreSQL.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHost, type Access, type Host } from '../../src/engine/index.js';
import { BpmnParseError, InvalidRequestError, NotFoundError, NotInForceError, ProcessEngineError } from '../../src/errors.js';
import { dialects, freshDb, type TestDb } from '../support/databases.js';
import { bpmn, cycleProcess, decisionForm, messageProcess, parallelProcess, reviewProcess, timerProcess } from './fixtures.js';

const admin: Access = { tenantIds: null, userId: 'admin' };
const operator: Access = { tenantIds: ['akimat-a'], userId: 'op1', groupIds: ['provider-specialist'] };
const other: Access = { tenantIds: ['akimat-b'], userId: 'op2' };

const combos = dialects.flatMap((d) => [[d, 32], [d, 0]] as [typeof d, number][]);

describe.each(combos)('durable host on %s, engine cache %i', (dialect, engineCacheSize) => {
  let tdb: TestDb;
  let host: Host;
  beforeAll(async () => {
    tdb = await freshDb(dialect);
    host = await createHost({ db: tdb.db, engineCacheSize });
  });
  afterAll(async () => { await host.stop(); await tdb.destroy(); });
  afterEach(() => { vi.useRealTimers(); });

  async function fetchOne(topic: string, workerId = 'w1', access: Access = admin) {
    const [t] = await host.fetchAndLock({ workerId, maxTasks: 1, usePriority: true, topics: [{ topicName: topic, lockDuration: 10_000, includeExtensionProperties: true }] }, access);
    return t;
  }

  it('deploys, versions per key and tenant, filters duplicates and picks the version in force', async () => {
    const res = await host.deploy({ name: 'review', tenantId: 'akimat-a', resources: [{ name: 'review.bpmn', content: reviewProcess() }, { name: 'decision-form.form', content: decisionForm }] }, admin);
    expect(res.processDefinitions).toHaveLength(1);
    expect(res.processDefinitions[0]!.version).toBe(1);
    const dup = await host.deploy({ name: 'review', tenantId: 'akimat-a', enableDuplicateFiltering: true, resources: [{ name: 'review.bpmn', content: reviewProcess() }, { name: 'decision-form.form', content: decisionForm }] }, admin);
    expect(dup.processDefinitions).toHaveLength(0);
    expect(dup.deployment.id).toBe(res.deployment.id);
    const v2 = await host.deploy({ name: 'review', tenantId: 'akimat-a', enableDuplicateFiltering: true, resources: [{ name: 'review.bpmn', content: reviewProcess('review', { deadline: 'PT2H' }) }, { name: 'decision-form.form', content: decisionForm }] }, admin);
    expect(v2.processDefinitions[0]!.version).toBe(2);
    const otherTenant = await host.deploy({ name: 'review', tenantId: 'akimat-b', resources: [{ name: 'review.bpmn', content: reviewProcess() }] }, admin);
    expect(otherTenant.processDefinitions[0]!.version).toBe(1);
    expect(await host.countDefinitions({ key: 'review', latestVersion: true }, admin)).toBe(2);
    expect((await host.listDefinitions({ key: 'review' }, operator)).map((d) => d.tenantId)).toEqual(['akimat-a', 'akimat-a']);
    await expect(host.getDefinition(otherTenant.processDefinitions[0]!.id, operator)).rejects.toBeInstanceOf(NotFoundError);
    expect((await host.getDefinitionByKey('review', 'akimat-a', undefined, operator)).version).toBe(2);
    expect(await host.getDefinitionXml(res.processDefinitions[0]!.id, admin)).toContain('check-topic');

    // validity windows from manifest.json: version 1 in force in 2023, version 2 from 2024, repealed 2030
    const m1 = JSON.stringify({ validity: { from: '2020-01-01', to: '2023-12-31' } });
    const m2 = JSON.stringify({ validity: { from: '2024-01-01', to: '2029-12-31', repealedBy: 'приказ №99 от 2029-12-20' } });
    await host.deploy({ name: 'valid', resources: [{ name: 'manifest.json', content: m1 }, { name: 'v.bpmn', content: timerProcess('valid-proc', 'PT1M') }] }, admin);
    await host.deploy({ name: 'valid', resources: [{ name: 'manifest.json', content: m2 }, { name: 'v.bpmn', content: timerProcess('valid-proc', 'PT2M') }] }, admin);
    expect((await host.getDefinitionByKey('valid-proc', null, { asOf: new Date('2023-06-01T00:00:00Z') }, admin)).version).toBe(1);
    expect((await host.getDefinitionByKey('valid-proc', null, { asOf: new Date('2025-06-01T00:00:00Z') }, admin)).version).toBe(2);
    const late = new Date('2031-01-01T00:00:00Z');
    await expect(host.startInstance({ key: 'valid-proc', asOf: late }, {}, admin)).rejects.toThrow(/приказ №99/);
    await expect(host.startInstance({ key: 'valid-proc', asOf: late }, {}, admin)).rejects.toBeInstanceOf(NotInForceError);
    const forced = await host.startInstance({ key: 'valid-proc', override: { asOf: late, reason: 'court order' } }, {}, admin);
    const ops = await host.userOperations({ processInstanceId: forced.id }, admin);
    expect(ops.find((o) => o.operationType === 'Override')?.annotation).toBe('court order');
  });

  it('starts a definition whose end of validity is unknown as in force, and reports the unknown end (docs/calendar.md)', async () => {
    const m = JSON.stringify({ validity: { from: '2012-08-12', fromBasis: 'assumed', to: { unknown: true }, repealedBy: null } });
    const res = await host.deploy({ name: 'unknown-end', resources: [{ name: 'manifest.json', content: m }, { name: 'u.bpmn', content: timerProcess('unknown-end-proc', 'PT1M') }] }, admin);
    expect(res.processDefinitions[0]).toMatchObject({ validTo: null, validFromBasis: 'assumed', validToBasis: 'unknown' });
    expect((await host.getDefinition(res.processDefinitions[0]!.id, admin)).validToBasis).toBe('unknown');
    const started = await host.startInstance({ key: 'unknown-end-proc', asOf: new Date('2031-01-01T00:00:00Z') }, {}, admin);
    expect(started.state).toBe('ACTIVE');
    // The start of the window still holds: 11 August 2012, 17:00 in Almaty, is the day before it.
    await expect(host.startInstance({ key: 'unknown-end-proc', asOf: new Date('2012-08-11T12:00:00Z') }, {}, admin)).rejects.toBeInstanceOf(NotInForceError);
    const dated = JSON.stringify({ validity: { from: '2013-02-12', fromBasis: 'assumed', to: '2013-05-21', toBasis: 'assumed' } });
    const closed = await host.deploy({ name: 'dated-end', resources: [{ name: 'manifest.json', content: dated }, { name: 'd.bpmn', content: timerProcess('dated-end-proc', 'PT1M') }] }, admin);
    expect(closed.processDefinitions[0]).toMatchObject({ validFromBasis: 'assumed', validToBasis: 'assumed' });
    // validity.to is the last day in force: all of 21 May 2013 in Almaty, not 22 May.
    expect((await host.startInstance({ key: 'dated-end-proc', asOf: new Date('2013-05-21T18:00:00Z') }, {}, admin)).state).toBe('ACTIVE');
    await expect(host.startInstance({ key: 'dated-end-proc', asOf: new Date('2013-05-21T19:00:00Z') }, {}, admin)).rejects.toBeInstanceOf(NotInForceError);
  });

  it('refuses bad deployments with every error listed and stores nothing', async () => {
    const before = await host.countDeployments({}, admin);
    const cases: [string, string, RegExp][] = [
      ['not-xml.bpmn', 'hello, world', /not XML/],
      ['xxe.bpmn', '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><definitions>&x;</definitions>', /DOCTYPE or ENTITY/],
      ['bomb.bpmn', '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><definitions>&b;</definitions>', /DOCTYPE or ENTITY/],
      ['dangling.bpmn', bpmn('dangling', '<startEvent id="s" /><sequenceFlow id="flow-x" sourceRef="s" targetRef="missing" />'), /flow-x.*unresolved reference <missing>/],
      ['no-topic.bpmn', bpmn('no-topic', '<startEvent id="s" /><sequenceFlow id="f" sourceRef="s" targetRef="t" /><serviceTask id="t" camunda:type="external" />'), /External task 't' has no camunda:topic/],
      ['bad-cond.bpmn', bpmn('bad-cond', '<startEvent id="s" /><sequenceFlow id="f" sourceRef="s" targetRef="e"><conditionExpression>${a ==}</conditionExpression></sequenceFlow><endEvent id="e" />'), /Condition of sequence flow 'f'.*does not parse/],
      ['script.bpmn', bpmn('script', '<startEvent id="s" /><sequenceFlow id="f" sourceRef="s" targetRef="st" /><scriptTask id="st" scriptFormat="js"><script>1</script></scriptTask>'), /'st' of type bpmn:ScriptTask cannot run/],
      ['bad-timer.bpmn', timerProcess('bad-timer', 'PXYZ'), /Timer 'wait'/],
      // Camunda would run these; this host would skip them without a word.
      ['script-listener.bpmn', bpmn('script-listener', '<startEvent id="s" /><sequenceFlow id="f" sourceRef="s" targetRef="u" /><userTask id="u"><extensionElements><camunda:executionListener event="start"><camunda:script scriptFormat="javascript">execution.setVariable("x", 1)</camunda:script></camunda:executionListener></extensionElements></userTask>'), /'u' has an execution listener with a javascript script, which this host does not run/],
      ['task-listener.bpmn', bpmn('task-listener', '<startEvent id="s" /><sequenceFlow id="f" sourceRef="s" targetRef="u" /><userTask id="u"><extensionElements><camunda:taskListener event="create" class="org.Example" /></extensionElements></userTask>'), /'u' has a task listener, which this host does not run/],
      ['io-script.bpmn', bpmn('io-script', '<startEvent id="s" /><sequenceFlow id="f" sourceRef="s" targetRef="t" /><serviceTask id="t" camunda:type="external" camunda:topic="x"><extensionElements><camunda:inputOutput><camunda:inputParameter name="a"><camunda:script scriptFormat="groovy">1+1</camunda:script></camunda:inputParameter></camunda:inputOutput></extensionElements></serviceTask>'), /'t' has input\/output mappings with a groovy script, which this host does not run/],
      ['process-listener.bpmn', bpmn('process-listener', '<extensionElements><camunda:executionListener event="end" expression="${x}" /></extensionElements><startEvent id="s" />'), /'process-listener' has an execution listener/],
    ];
    for (const [name, content, re] of cases) {
      const err = await host.deploy({ name: 'bad', resources: [{ name: 'good.bpmn', content: timerProcess('good-one', 'PT1M') }, { name, content }] }, admin).catch((e) => e);
      expect(err, name).toBeInstanceOf(BpmnParseError);
      const problems = (err as BpmnParseError).details[name]!.errors;
      expect(problems.map((p) => p.message).join('\n'), name).toMatch(re);
    }
    const many = await host.deploy({ name: 'bad', resources: [{ name: 'm.bpmn', content: bpmn('many', '<startEvent id="s" /><sequenceFlow id="f" sourceRef="s" targetRef="t" /><serviceTask id="t" camunda:type="external" /><sequenceFlow id="g" sourceRef="t" targetRef="nowhere" />') }] }, admin).catch((e: unknown) => e as BpmnParseError) as BpmnParseError;
    const errs = many.details['m.bpmn']!.errors;
    expect(errs.length).toBeGreaterThanOrEqual(2);
    expect(errs.find((e) => e.mainElementId === 't')?.line).toBeGreaterThan(1);
    expect(await host.countDeployments({}, admin)).toBe(before);
    expect(await host.countDefinitions({ key: 'good-one' }, admin)).toBe(0);
  });

  it('runs start → external task → user task → gateway → end with history and operation log', async () => {
    const inst = await host.startInstance({ key: 'review', tenantId: 'akimat-a' }, { businessKey: 'REQ-1', variables: { prio: { type: 'integer', value: 7 }, note: { type: 'String', value: 'x' } } }, operator);
    expect(inst.state).toBe('ACTIVE');
    expect((await host.getVariables(inst.id, operator)).initiator!.value).toBe('op1');
    await expect(host.getInstance(inst.id, other)).rejects.toBeInstanceOf(NotFoundError);
    expect(await fetchOne('check-topic', 'w1', other)).toBeUndefined();
    // the stored state carries what is in flight, not the elements no token has reached
    const stored = JSON.stringify(JSON.parse((await tdb.db('engine_instance').where({ id: inst.id }).first()).engine_state));
    expect(stored).toContain('"check"');
    for (const untouched of ['"end-ok"', '"end-no"', '"f-yes"', '"escalate"']) expect(stored).not.toContain(untouched);
    const task = (await fetchOne('check-topic'))!;
    expect(task).toMatchObject({ topicName: 'check-topic', workerId: 'w1', priority: 7, businessKey: 'REQ-1', tenantId: 'akimat-a', processInstanceId: inst.id, activityId: 'check' });
    expect(task.extensionProperties).toEqual({ system: 'ПЭП' });
    expect(task.variables.prio).toEqual({ type: 'Integer', value: 7 });
    expect(task.lockExpirationTime).toMatch(/\+0000$/);
    expect(await fetchOne('check-topic', 'w2')).toBeUndefined();
    await expect(host.completeExternalTask(task.id, { workerId: 'w2' }, admin)).rejects.toBeInstanceOf(InvalidRequestError);
    await host.completeExternalTask(task.id, { workerId: 'w1', variables: { checked: { type: 'Boolean', value: true } }, localVariables: { raw: { type: 'String', value: 'r' } } }, admin);
    await expect(host.completeExternalTask(task.id, { workerId: 'w1' }, admin)).rejects.toBeInstanceOf(NotFoundError);

    const [ut] = await host.listTasks({ candidateGroup: 'provider-specialist', processInstanceId: inst.id }, operator);
    expect(ut).toMatchObject({ name: 'процесс 7 — решение', taskDefinitionKey: 'decide', documentation: 'Текст шага', properties: { 'reglament:step': 'процесс 7' }, camundaFormRef: { key: 'decision-form', binding: 'deployment', version: null } });
    expect(ut!.due!.getTime() - ut!.created.getTime()).toBeGreaterThan(2 * 3600_000 - 5000); // v2 deadline PT2H
    expect(await host.listTasks({ candidateGroup: 'provider-specialist' }, other)).toHaveLength(0);
    await host.claimTask(ut!.id, 'op1', operator);
    await expect(host.claimTask(ut!.id, 'op3', operator)).rejects.toThrow(/already claimed/);
    expect(await host.listTasks({ candidateGroup: 'provider-specialist', processInstanceId: inst.id }, operator)).toHaveLength(0);
    expect(await host.listTasks({ assignee: 'op1', processInstanceId: inst.id }, operator)).toHaveLength(1);
    const ret = await host.completeTask(ut!.id, { variables: { decision: { type: 'String', value: 'issued' } }, withVariablesInReturn: true }, operator);
    expect((ret as Record<string, { value: unknown }>).decision!.value).toBe('issued');
    const done = await host.getInstance(inst.id, operator);
    expect(done.state).toBe('COMPLETED');
    const acts = await host.historyActivityInstances({ processInstanceId: inst.id }, operator);
    const ids = acts.map((a) => a.activityId);
    expect(ids).toEqual(expect.arrayContaining(['start', 'check', 'decide', 'gw', 'end-ok']));
    expect(ids).not.toContain('end-no');
    expect(new Set(acts.map((a) => a.id)).size).toBe(acts.length);
    expect(acts.find((a) => a.activityId === 'check')!.assignee).toBe('w1');
    expect(acts.find((a) => a.activityId === 'decide')!.assignee).toBe('op1');
    expect(acts.every((a) => a.endTime !== null)).toBe(true);
    const ops = (await host.userOperations({ processInstanceId: inst.id }, admin)).map((o) => o.operationType);
    expect(ops).toEqual(expect.arrayContaining(['Create', 'Claim', 'Complete']));
    const hist = await host.historyProcessInstances({ processInstanceId: inst.id }, admin);
    expect(hist[0]).toMatchObject({ state: 'COMPLETED', startUserId: 'op1', processDefinitionVersion: 2 });
  });

  it('serves the deployed form of a task and rejects reserved variable names', async () => {
    const d = await host.deploy({ name: 'forms', tenantId: 'akimat-a', resources: [{ name: 'f.bpmn', content: reviewProcess('with-form') }, { name: 'decision-form.form', content: decisionForm }] }, admin);
    const inst = await host.startInstance({ definitionId: d.processDefinitions[0]!.id }, {}, operator);
    const t = (await host.fetchAndLock({ workerId: 'w', maxTasks: 1, topics: [{ topicName: 'check-topic', lockDuration: 1000, processDefinitionKey: 'with-form' }] }, admin))[0]!;
    await host.completeExternalTask(t.id, { workerId: 'w' }, admin);
    const [ut] = await host.listTasks({ processInstanceId: inst.id }, operator);
    const form = await host.getDeployedForm(ut!.id, operator);
    expect(JSON.parse(form.content.toString()).id).toBe('decision-form');
    // A redeploy with a changed form (a bundle keeps it under forms/): the running task keeps its deployment's form.
    const changed = JSON.stringify({ ...JSON.parse(decisionForm), components: [] });
    const d2 = await host.deploy({ name: 'forms', tenantId: 'akimat-a', resources: [{ name: 'f.bpmn', content: reviewProcess('with-form').replace('процесс 7 — решение', 'процесс 7 — решение (v2)') }, { name: 'forms/decision-form.form', content: changed }] }, admin);
    expect(JSON.parse((await host.getDeployedForm(ut!.id, operator)).content.toString()).components.length).toBeGreaterThan(0);
    const inst2 = await host.startInstance({ definitionId: d2.processDefinitions[0]!.id }, {}, operator);
    const t2 = (await host.fetchAndLock({ workerId: 'w', maxTasks: 5, topics: [{ topicName: 'check-topic', lockDuration: 1000, processDefinitionKey: 'with-form' }] }, admin)).find((x) => x.processInstanceId === inst2.id)!;
    await host.completeExternalTask(t2.id, { workerId: 'w' }, admin);
    const [ut2] = await host.listTasks({ processInstanceId: inst2.id }, operator);
    expect(JSON.parse((await host.getDeployedForm(ut2!.id, operator)).content.toString()).components).toEqual([]);
    await expect(host.startInstance({ definitionId: d.processDefinitions[0]!.id }, { variables: { content: { type: 'String', value: 'x' } } }, operator)).rejects.toThrow(/reserved/);
  });

  it('failure with retries, incident at zero retries, resolved by setting retries; BPMN error caught by code', async () => {
    const inst = await host.startInstance({ key: 'review', tenantId: 'akimat-a' }, {}, operator);
    let t = (await host.fetchAndLock({ workerId: 'w1', maxTasks: 1, topics: [{ topicName: 'check-topic', lockDuration: 10_000, businessKey: undefined }] }, admin)).find((x) => x.processInstanceId === inst.id)
      ?? (await fetchOne('check-topic'))!;
    await host.handleExternalTaskFailure(t.id, { workerId: 'w1', errorMessage: 'registry down', errorDetails: 'stack', retries: 1, retryTimeout: 0 }, admin);
    expect((await host.getExternalTask(t.id, admin)).retries).toBe(1);
    expect(await host.getExternalTaskErrorDetails(t.id, admin)).toBe('stack');
    t = (await host.fetchAndLock({ workerId: 'w1', maxTasks: 5, topics: [{ topicName: 'check-topic', lockDuration: 10_000 }] }, admin)).find((x) => x.id === t.id)!;
    expect(t.retries).toBe(1);
    await host.handleExternalTaskFailure(t.id, { workerId: 'w1', errorMessage: 'still down', retries: 0 }, admin);
    const [inc] = await host.listIncidents({ processInstanceId: inst.id }, admin);
    expect(inc).toMatchObject({ incidentType: 'failedExternalTask', configuration: t.id, activityId: 'check' });
    expect((await host.fetchAndLock({ workerId: 'w1', maxTasks: 10, topics: [{ topicName: 'check-topic', lockDuration: 1000 }] }, admin)).map((x) => x.id)).not.toContain(t.id);
    await host.setExternalTaskRetries(t.id, 2, admin);
    expect(await host.listIncidents({ processInstanceId: inst.id }, admin)).toHaveLength(0);
    expect((await host.historyIncidents({ processInstanceId: inst.id }, admin))[0]!.state).toBe('resolved');
    const again = (await host.fetchAndLock({ workerId: 'w3', maxTasks: 10, topics: [{ topicName: 'check-topic', lockDuration: 1000 }] }, admin)).find((x) => x.id === t.id)!;
    await host.extendExternalTaskLock(again.id, { workerId: 'w3', newDuration: 60_000 }, admin);
    await expect(host.extendExternalTaskLock(again.id, { workerId: 'w1', newDuration: 60_000 }, admin)).rejects.toBeInstanceOf(InvalidRequestError);
    // an uncaught code ends the path as in Camunda 7 (no incident, no outgoing flow); the caught one follows the boundary
    await host.handleExternalTaskBpmnError(again.id, { workerId: 'w3', errorCode: 'OTHER' }, admin);
    expect(await host.historyIncidents({ processInstanceId: inst.id, open: true }, admin)).toHaveLength(0);
    expect((await host.getInstance(inst.id, admin)).state).toBe('COMPLETED');
    expect((await host.historyActivityInstances({ processInstanceId: inst.id }, admin)).map((a) => a.activityId)).not.toContain('decide');
    const inst2 = await host.startInstance({ key: 'review', tenantId: 'akimat-a' }, {}, operator);
    const t2 = (await host.fetchAndLock({ workerId: 'w3', maxTasks: 10, topics: [{ topicName: 'check-topic', lockDuration: 5000 }] }, admin)).find((x) => x.processInstanceId === inst2.id)!;
    await host.handleExternalTaskBpmnError(t2.id, { workerId: 'w3', errorCode: 'REFUSED', variables: { refusal: { type: 'String', value: 'no' } } }, admin);
    const done = await host.getInstance(inst2.id, admin);
    expect(done.state).toBe('COMPLETED');
    const acts = await host.historyActivityInstances({ processInstanceId: inst2.id }, admin);
    expect(acts.map((a) => a.activityId)).toContain('end-refused');
    expect(acts.find((a) => a.activityId === 'check')!.canceled).toBe(true);
  });

  it('a BPMN error nothing catches is logged, as Camunda logs it, since it leaves no incident', async () => {
    const warnings: { event: string; fields?: Record<string, unknown> }[] = [];
    const logged = await createHost({ db: tdb.db, engineCacheSize, logger: { info() {}, error() {}, warn: (event, fields) => { warnings.push({ event, fields }); } } });
    const inst = await logged.startInstance({ key: 'review', tenantId: 'akimat-a' }, {}, operator);
    const t = (await logged.fetchAndLock({ workerId: 'wl', maxTasks: 10, topics: [{ topicName: 'check-topic', lockDuration: 5000 }] }, admin)).find((x) => x.processInstanceId === inst.id)!;
    await logged.handleExternalTaskBpmnError(t.id, { workerId: 'wl', errorCode: 'NOT_MODELLED' }, admin);
    expect(warnings).toEqual([{ event: 'bpmn-error-uncaught', fields: { instanceId: inst.id, activityId: 'check', externalTaskId: t.id, errorCode: 'NOT_MODELLED' } }]);
    await logged.stop();
  });

  it('two concurrent completions of one user task: exactly one wins', async () => {
    const d = await host.deploy({ name: 'one-task', resources: [{ name: 'o.bpmn', content: bpmn('one-task', '<startEvent id="s" /><sequenceFlow id="f" sourceRef="s" targetRef="u" /><userTask id="u" /><sequenceFlow id="f2" sourceRef="u" targetRef="e" /><endEvent id="e" />') }] }, admin);
    const inst = await host.startInstance({ definitionId: d.processDefinitions[0]!.id }, {}, admin);
    const [ut] = await host.listTasks({ processInstanceId: inst.id }, admin);
    const second = await createHost({ db: tdb.db, engineCacheSize }); // another node on the same store
    const results = await Promise.allSettled([
      host.completeTask(ut!.id, { variables: { by: { type: 'String', value: 'a' } } }, admin),
      second.completeTask(ut!.id, { variables: { by: { type: 'String', value: 'b' } } }, admin),
      host.completeTask(ut!.id, {}, admin),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const acts = await host.historyActivityInstances({ processInstanceId: inst.id, activityId: 'u' }, admin);
    expect(acts).toHaveLength(1);
    expect((await host.getInstance(inst.id, admin)).state).toBe('COMPLETED');
  });

  it('20 workers on two nodes never lock one external task twice', async () => {
    const d = await host.deploy({ name: 'many', resources: [{ name: 'm.bpmn', content: bpmn('many-ext', '<startEvent id="s" /><sequenceFlow id="f" sourceRef="s" targetRef="t" /><serviceTask id="t" camunda:type="external" camunda:topic="many" /><sequenceFlow id="f2" sourceRef="t" targetRef="e" /><endEvent id="e" />') }] }, admin);
    for (let i = 0; i < 60; i++) await host.startInstance({ definitionId: d.processDefinitions[0]!.id }, {}, admin);
    const second = await createHost({ db: tdb.db, engineCacheSize });
    const got = await Promise.all(Array.from({ length: 20 }, (_, w) => (w % 2 ? second : host).fetchAndLock({ workerId: `w${w}`, maxTasks: 5, topics: [{ topicName: 'many', lockDuration: 60_000 }] }, admin)));
    const ids = got.flat().map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(60);
    const rows = await tdb.db('engine_external_task').where('topic', 'many').select('id', 'worker_id');
    const owner = new Map(got.flatMap((ts, w) => ts.map((t) => [t.id, `w${w}`] as const)));
    for (const r of rows) expect(r.worker_id).toBe(owner.get(r.id));
  });

  it('concurrent fetches of one workerId (the client default shared by processes) each get only the tasks they locked', async () => {
    const d = await host.deploy({ name: 'same', resources: [{ name: 's.bpmn', content: bpmn('same-worker', '<startEvent id="s" /><sequenceFlow id="f" sourceRef="s" targetRef="t" /><serviceTask id="t" camunda:type="external" camunda:topic="same" /><sequenceFlow id="f2" sourceRef="t" targetRef="e" /><endEvent id="e" />') }] }, admin);
    for (let i = 0; i < 20; i++) await host.startInstance({ definitionId: d.processDefinitions[0]!.id }, {}, admin);
    const got = await Promise.all(Array.from({ length: 20 }, () => host.fetchAndLock({ workerId: 'some-random-id', maxTasks: 1, topics: [{ topicName: 'same', lockDuration: 60_000 }] }, admin)));
    for (const ts of got) expect(ts.length).toBeLessThanOrEqual(1);
    const ids = got.flat().map((t) => t.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(20);
  });

  it('parallel external tasks completed at once by two workers lose no update', async () => {
    const d = await host.deploy({ name: 'par', resources: [{ name: 'p.bpmn', content: parallelProcess('par-proc') }] }, admin);
    const inst = await host.startInstance({ definitionId: d.processDefinitions[0]!.id }, {}, admin);
    const tasks = await host.fetchAndLock({ workerId: 'w', maxTasks: 2, topics: [{ topicName: 'par', lockDuration: 10_000 }] }, admin);
    expect(tasks).toHaveLength(2);
    const second = await createHost({ db: tdb.db, engineCacheSize });
    await Promise.all([
      host.completeExternalTask(tasks[0]!.id, { workerId: 'w', variables: { a: { type: 'Integer', value: 1 } } }, admin),
      second.completeExternalTask(tasks[1]!.id, { workerId: 'w', variables: { b: { type: 'Integer', value: 2 } } }, admin),
    ]);
    expect((await host.getInstance(inst.id, admin)).state).toBe('COMPLETED');
  });

  it('timers: boundary deadline fires on schedule and after a restart; months work; cycles repeat', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-02T04:00:00Z'));
    const d = await host.deploy({ name: 'timers', resources: [
      { name: 'r.bpmn', content: reviewProcess('timer-review', { deadline: 'P2M' }) },
      { name: 'c.bpmn', content: cycleProcess('cycle-proc') },
      { name: 'd.bpmn', content: timerProcess('date-proc', '2026-03-05T10:00:00+05:00', 'timeDate') },
    ] }, admin);
    const byKey = Object.fromEntries(d.processDefinitions.map((p) => [p.key, p.id]));
    const a = await host.startInstance({ definitionId: byKey['timer-review']! }, {}, admin);
    const t = (await host.fetchAndLock({ workerId: 'w', maxTasks: 1, topics: [{ topicName: 'check-topic', lockDuration: 10_000, processDefinitionId: byKey['timer-review'] }] }, admin))[0]!;
    await host.completeExternalTask(t.id, { workerId: 'w' }, admin);
    const [ut] = await host.listTasks({ processInstanceId: a.id }, admin);
    expect(ut!.due!.toISOString()).toBe('2026-05-02T04:00:00.000Z');
    expect(await host.runDueTimers(new Date('2026-04-30T00:00:00Z'))).toBe(0);
    // the host goes down; the deadline passes; a new host on the same store fires it
    await host.stop();
    vi.setSystemTime(new Date('2026-05-03T00:00:00Z'));
    const restarted = await createHost({ db: tdb.db, engineCacheSize });
    expect(await restarted.runDueTimers()).toBeGreaterThanOrEqual(1);
    const esc = (await restarted.fetchAndLock({ workerId: 'w', maxTasks: 5, topics: [{ topicName: 'escalate-overdue', lockDuration: 10_000, processDefinitionId: byKey['timer-review'] }] }, admin));
    expect(esc.map((e) => e.processInstanceId)).toContain(a.id);
    expect(await restarted.listTasks({ processInstanceId: a.id }, admin)).toHaveLength(1); // non-interrupting: the step goes on

    const c = await restarted.startInstance({ definitionId: byKey['cycle-proc']! }, {}, admin);
    const fired: number[] = [];
    for (let i = 1; i <= 4; i++) {
      vi.setSystemTime(new Date(Date.now() + 10 * 60_000 + 1000));
      fired.push(await restarted.runDueTimers());
      for (const r of await restarted.fetchAndLock({ workerId: 'w', maxTasks: 5, topics: [{ topicName: 'remind', lockDuration: 10_000, processDefinitionId: byKey['cycle-proc'] }] }, admin)) {
        await restarted.completeExternalTask(r.id, { workerId: 'w' }, admin);
      }
    }
    expect(fired).toEqual([1, 1, 1, 0]); // R3: three repetitions, then none
    expect(await restarted.historyActivityInstances({ processInstanceId: c.id, activityId: 'notify' }, admin)).toHaveLength(3);
    expect(await restarted.listTasks({ processInstanceId: c.id }, admin)).toHaveLength(1);

    vi.setSystemTime(new Date('2026-03-01T00:00:00Z'));
    const dp = await restarted.startInstance({ definitionId: byKey['date-proc']! }, {}, admin);
    expect(await restarted.runDueTimers(new Date('2026-03-05T04:59:00Z'))).toBe(0);
    vi.setSystemTime(new Date('2026-03-05T05:00:01Z'));
    expect(await restarted.runDueTimers()).toBe(1);
    expect(await restarted.listExternalTasks({ topicName: 'after-timer', processInstanceId: dp.id }, admin)).toHaveLength(1);
    host = restarted;
  });

  it('an interrupting deadline cancels the task; timer values and due dates come from expressions', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-04-01T05:00:00Z'));
    const expr = bpmn('expr-timer', `
      <startEvent id="s" />
      <sequenceFlow id="f1" sourceRef="s" targetRef="u" />
      <userTask id="u" camunda:assignee="\${owner}" camunda:dueDate="\${dueAt}" camunda:priority="\${prio + 1}" />
      <boundaryEvent id="u-deadline" attachedToRef="u" cancelActivity="true"><timerEventDefinition><timeDuration>\${limit}</timeDuration></timerEventDefinition></boundaryEvent>
      <sequenceFlow id="f-late" sourceRef="u-deadline" targetRef="late" />
      <endEvent id="late" />
      <sequenceFlow id="f2" sourceRef="u" targetRef="e" />
      <endEvent id="e" />`);
    const d = await host.deploy({ name: 'expr', resources: [{ name: 'e.bpmn', content: expr }] }, admin);
    const inst = await host.startInstance({ definitionId: d.processDefinitions[0]!.id }, { variables: {
      owner: { type: 'String', value: 'op7' }, limit: { type: 'String', value: 'P45D' }, prio: { type: 'Integer', value: 60 },
      dueAt: { type: 'Date', value: '2026-06-01T00:00:00.000+0000' },
    } }, admin);
    const [ut] = await host.listTasks({ processInstanceId: inst.id }, admin);
    expect(ut).toMatchObject({ assignee: 'op7', priority: 61 });
    expect(ut!.due!.toISOString()).toBe('2026-05-16T05:00:00.000Z'); // the deadline timer wins over camunda:dueDate
    vi.setSystemTime(new Date('2026-05-16T05:00:01Z'));
    expect(await host.runDueTimers()).toBe(1);
    expect(await host.listTasks({ processInstanceId: inst.id }, admin)).toHaveLength(0);
    expect((await host.getInstance(inst.id, admin)).state).toBe('COMPLETED');
    const acts = await host.historyActivityInstances({ processInstanceId: inst.id }, admin);
    expect(acts.find((a) => a.activityId === 'u')!.canceled).toBe(true);
    expect(acts.map((a) => a.activityId)).toContain('late');
  });

  it('working-day deadlines use the calendar named in the BPMN', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-03-06T13:00:00Z')); // Friday 18:00 in Almaty
    const props = '<extensionElements><camunda:properties><camunda:property name="reglament:calendar" value="kz-working-days" /><camunda:property name="reglament:excludeReceiptDay" value="true" /></camunda:properties></extensionElements>';
    const d = await host.deploy({ name: 'wd', resources: [{ name: 'wd.bpmn', content: reviewProcess('wd-review', { deadline: 'P3D', calendarProps: props }) }] }, admin);
    const inst = await host.startInstance({ definitionId: d.processDefinitions[0]!.id }, {}, admin);
    const t = (await host.fetchAndLock({ workerId: 'w', maxTasks: 1, topics: [{ topicName: 'check-topic', lockDuration: 10_000, processDefinitionId: d.processDefinitions[0]!.id }] }, admin))[0]!;
    await host.completeExternalTask(t.id, { workerId: 'w' }, admin);
    const [ut] = await host.listTasks({ processInstanceId: inst.id }, admin);
    const { addDuration } = await import('../../src/calendar/index.js');
    const expected = addDuration(new Date('2026-03-06T13:00:00Z'), 'P3D', { calendar: 'kz-working-days', excludeReceiptDay: true, timeZone: 'Asia/Almaty' });
    expect(ut!.due!.toISOString()).toBe(expected.toISOString());
    // Friday evening + 3 working days (receipt day excluded, weekend and 8 March holiday skipped) is well past 3 calendar days
    expect(ut!.due!.getTime() - Date.now()).toBeGreaterThan(4 * 86_400_000);
  });

  it('messages: receive task and intermediate catch correlate by name and business key', async () => {
    const d = await host.deploy({ name: 'msg', resources: [{ name: 'm.bpmn', content: messageProcess('msg-proc') }] }, admin);
    const a = await host.startInstance({ definitionId: d.processDefinitions[0]!.id }, { businessKey: 'BK-A' }, admin);
    const b = await host.startInstance({ definitionId: d.processDefinitions[0]!.id }, { businessKey: 'BK-B', variables: { region: { type: 'String', value: 'north' } } }, admin);
    await expect(host.correlateMessage({ messageName: 'document-ready', businessKey: 'BK-A' }, admin)).rejects.toThrow(/Cannot correlate message/);
    await expect(host.correlateMessage({ messageName: 'payment-received' }, admin)).rejects.toThrow(/use all/);
    const r = await host.correlateMessage({ messageName: 'payment-received', businessKey: 'BK-A', processVariables: { amount: { type: 'Double', value: 10.5 } }, resultEnabled: true }, admin);
    expect(r[0]!.processInstance.id).toBe(a.id);
    expect((await host.getVariables(a.id, admin)).amount!.value).toBe(10.5);
    await host.correlateMessage({ messageName: 'payment-received', correlationKeys: { region: { type: 'String', value: 'north' } } }, admin);
    await host.correlateMessage({ messageName: 'document-ready', all: true }, admin);
    expect((await host.getInstance(a.id, admin)).state).toBe('COMPLETED');
    expect((await host.getInstance(b.id, admin)).state).toBe('COMPLETED');
  });

  it('cancel ends an instance and removes its waits; deleting a deployment refuses while instances run', async () => {
    const d = await host.deploy({ name: 'cancel', tenantId: 'akimat-a', resources: [{ name: 'c.bpmn', content: reviewProcess('cancel-proc') }] }, admin);
    const inst = await host.startInstance({ definitionId: d.processDefinitions[0]!.id }, {}, operator);
    await expect(host.cancelInstance(inst.id, 'x', other)).rejects.toBeInstanceOf(NotFoundError);
    await expect(host.deleteDeployment(d.deployment.id, {}, admin)).rejects.toThrow(/still run/);
    await host.cancelInstance(inst.id, 'applicant withdrew', operator);
    const h = (await host.historyProcessInstances({ processInstanceId: inst.id }, admin))[0]!;
    expect(h).toMatchObject({ state: 'EXTERNALLY_TERMINATED', deleteReason: 'applicant withdrew' });
    expect(await host.countExternalTasks({ processInstanceId: inst.id }, admin)).toBe(0);
    expect((await host.historyActivityInstances({ processInstanceId: inst.id, activityId: 'check' }, admin))[0]!.canceled).toBe(true);
    const inst2 = await host.startInstance({ definitionId: d.processDefinitions[0]!.id }, {}, operator);
    await expect(host.deleteDeployment(d.deployment.id, {}, admin)).rejects.toBeInstanceOf(ProcessEngineError);
    await host.deleteDeployment(d.deployment.id, { cascade: true }, admin);
    await expect(host.getInstance(inst2.id, admin)).rejects.toBeInstanceOf(NotFoundError);
    expect((await host.userOperations({ operationType: 'Delete', entityType: 'Deployment' }, admin)).length).toBe(1);
  });

  it('variables: typed round trip, modify, archive mode', async () => {
    const d = await host.deploy({ name: 'vars', tenantId: 'akimat-a', resources: [{ name: 'manifest.json', content: JSON.stringify({ validity: { from: '2000-01-01', to: '2001-01-01', repealedBy: 'закон' } }) }, { name: 'v.bpmn', content: cycleProcess('vars-proc') }] }, admin);
    await expect(host.startInstance({ key: 'vars-proc', tenantId: 'akimat-a' }, {}, operator)).rejects.toBeInstanceOf(NotInForceError);
    await host.setTenantSetting('akimat-a', 'archiveMode', true, admin);
    const inst = await host.startInstance({ definitionId: d.processDefinitions[0]!.id }, { variables: {
      when: { type: 'Date', value: '2025-01-02T03:04:05.678+0000' }, data: { type: 'Json', value: '{"a":1}' }, n: { type: 'long', value: 5 },
    } }, operator);
    await host.setTenantSetting('akimat-a', 'archiveMode', false, admin);
    const vars = await host.getVariables(inst.id, operator);
    expect(vars.when).toEqual({ type: 'Date', value: '2025-01-02T03:04:05.678+0000' });
    expect(vars.data).toEqual({ type: 'Json', value: '{"a":1}' });
    expect(vars.n).toEqual({ type: 'Long', value: 5 });
    await host.modifyVariables(inst.id, { modifications: { n: { type: 'Integer', value: 6 } }, deletions: ['data'] }, operator);
    const after = await host.getVariables(inst.id, operator);
    expect(after.n!.value).toBe(6);
    expect(after.data).toBeUndefined();
    await expect(host.setVariables(inst.id, { bad: { type: 'Integer', value: 'x' } }, operator)).rejects.toBeInstanceOf(InvalidRequestError);
  });
});
