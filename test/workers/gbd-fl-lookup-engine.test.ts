// gbd-fl-lookup through the runner and the real engine: a known person goes on, an unknown one takes the refusal branch
// (процесс 4), and a ГБД ФЛ gateway answering 503 ends in an incident after the retries — never a refusal, never locked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedGuardianshipRegistry, EmbeddedPersonRegistry, EmbeddedPowerOfAttorneyRegistry } from '../../src/registry/index.js';
import { seedDemoPersons, type DemoRegistry } from '../../src/demo/registry-seed.js';
import { discoverWorkers } from '../../workers/discover.js';
import { startWorkers, type RunningWorkers } from '../../workers/runner.js';
import { startGateway, type TestGateway } from '../registry/gateway-server.js';
import { adminAuth, startServer, type TestServer } from '../support/server.js';
import { restClient, until } from '../support/rest.js';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
  id="defs" targetNamespace="http://reglament.test">
  <bpmn:process id="housing-queue-con" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="lookup" />
    <bpmn:serviceTask id="lookup" name="процесс 3 — запрос в ГБД ФЛ" camunda:type="external" camunda:topic="gbd-fl-lookup">
      <bpmn:extensionElements><camunda:properties><camunda:property name="subject" value="applicant" /></camunda:properties></bpmn:extensionElements>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="lookup" targetRef="found" />
    <bpmn:exclusiveGateway id="found" name="условие 1" />
    <bpmn:sequenceFlow id="yes" sourceRef="found" targetRef="go-on"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\${personFound}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="no" sourceRef="found" targetRef="refusal"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\${!personFound}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:userTask id="go-on" />
    <bpmn:userTask id="refusal" name="процесс 4 — сообщение о невозможности получения данных" />
    <bpmn:sequenceFlow id="f3" sourceRef="go-on" targetRef="end" />
    <bpmn:sequenceFlow id="f4" sourceRef="refusal" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

let server: TestServer; let base: string; let workers: RunningWorkers; let gateway: TestGateway; let demo: DemoRegistry;

const rest = restClient(() => base);
const start = async (iin: string) => (await rest('/process-definition/key/housing-queue-con/tenant-id/semey/start', {
  method: 'POST', body: JSON.stringify({ variables: { applicantIin: { value: iin, type: 'String' } } }),
}) as { id: string }).id;
const waitingAt = (id: string) => until(`a user task of ${id}`, async () => {
  const list = await rest(`/task?processInstanceId=${id}`) as Array<{ taskDefinitionKey: string }>;
  return list.length ? list[0]!.taskDefinitionKey : null;
});

beforeAll(async () => {
  server = await startServer({ startHost: true });
  base = `${await server.listen()}/engine-rest`;
  [demo] = (await seedDemoPersons(server.db.db, { tenants: ['semey'] })) as [DemoRegistry];
  gateway = await startGateway({ persons: new EmbeddedPersonRegistry(server.db.db), enis: new EmbeddedPowerOfAttorneyRegistry(server.db.db), guardianship: new EmbeddedGuardianshipRegistry(server.db.db) });
  const form = new FormData();
  form.append('tenant-id', 'semey');
  form.append('data', new Blob([BPMN], { type: 'application/xml' }), 'con.bpmn');
  await rest('/deployment/create', { method: 'POST', body: form });
  workers = await startWorkers({
    engineRestUrl: base, auth: { username: 'admin', password: 'admin-secret' }, asyncResponseTimeout: 1000, interval: 50, retryBackoffMs: 20,
    modules: await discoverWorkers(['gbd-fl-lookup']),
    ctx: { env: { REGLAMENT_GBD_FL_URL: gateway.url, REGLAMENT_GBD_FL_RETRIES: '0' }, logger: { info() {}, warn() {}, error() {} } },
  });
});
afterAll(async () => { await workers?.stop(); await gateway?.close(); await server?.close(); });

describe('gbd-fl-lookup on the real engine over the HTTP gateway', () => {
  it('a known applicant goes on; an unknown one takes процесс 4 with the act\'s message', async () => {
    expect(await waitingAt(await start(demo.families[0]!.parent.iin))).toBe('go-on');
    const refused = await start(demo.unknownIin);
    expect(await waitingAt(refused)).toBe('refusal');
    const vars = await rest(`/process-instance/${refused}/variables`) as Record<string, { value: unknown }>;
    expect(vars.personRefusal!.value).toBe('Невозможно получить данные в связи с отсутствием данных потребителя в ГБД ФЛ');
  });

  it('a gateway answering 503 is retried, then an incident; the instance is not refused', async () => {
    Object.assign(gateway.behaviour, { failWith: 503, failTimes: Infinity });
    try {
      const id = await start(demo.families[1]!.parent.iin);
      const [incident] = await until('the incident', async () => {
        const list = await rest(`/incident?processInstanceId=${id}`) as Array<{ incidentMessage: string }>;
        return list.length ? list : null;
      });
      expect(incident!.incidentMessage).toMatch(/ГБД ФЛ.*503/);
      expect(await rest(`/task?processInstanceId=${id}`)).toEqual([]);
      const [ext] = await rest(`/external-task?processInstanceId=${id}`) as Array<{ retries: number }>;
      expect(ext!.retries).toBe(0);
    } finally { Object.assign(gateway.behaviour, { failWith: null, failTimes: Infinity }); }
  }, 60_000);
});
