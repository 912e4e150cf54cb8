// Who may start a route: the definition's candidate starters (camunda:candidateStarterGroups), checked on every start;
// every bundle route names them, so an applicant cannot start a ЦОН or provider route on their own.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { findBundles } from '../../src/reglament/bundle.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelerDeploy } from './fixtures/index.js';
import { adminAuth, seedUser, startServer, type TestServer } from '../support/server.js';

const route = (key: string, starters: string) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="${key}" isExecutable="true" camunda:historyTimeToLive="30" camunda:candidateStarterGroups="${starters}">
    <bpmn:startEvent id="start"/><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="wait"/>
    <bpmn:userTask id="wait" camunda:candidateGroups="con-operator"/><bpmn:sequenceFlow id="f2" sourceRef="wait" targetRef="end"/>
    <bpmn:endEvent id="end"/>
  </bpmn:process>
</bpmn:definitions>`);

describe('candidate starters', () => {
  let s: TestServer;
  let applicant: string;
  let operator: string;
  beforeAll(async () => {
    s = await startServer();
    await s.identity.createTenant({ id: 'akimat-x' });
    applicant = await seedUser(s.identity, { id: 'citizen', roles: ['applicant'], groups: ['applicant'], tenants: ['akimat-x'] });
    operator = await seedUser(s.identity, { id: 'con-1', roles: ['operator'], groups: ['con-operator'], tenants: ['akimat-x'] });
    for (const [key, starters] of [['svc-portal', 'applicant'], ['svc-con', 'con-operator']] as const) {
      const { body, contentType } = modelerDeploy({ name: key, tenantId: 'akimat-x', files: [{ filename: `${key}.bpmn`, content: route(key, starters) }] });
      const res = await s.app.inject({ method: 'POST', url: '/engine-rest/deployment/create', headers: { authorization: adminAuth, 'content-type': contentType }, payload: body });
      expect(res.statusCode, res.body).toBe(200);
    }
  });
  afterAll(async () => { await s.close(); });

  const start = (key: string, authorization: string) => s.app.inject({
    method: 'POST', url: `/engine-rest/process-definition/key/${key}/tenant-id/akimat-x/start`, headers: { authorization }, payload: {},
  });
  const count = async () => Number((await s.db.db('engine_instance').count({ n: '*' }))[0]!.n);

  it('an applicant starts the portal route and is refused the ЦОН route, with nothing started', async () => {
    expect((await start('svc-portal', applicant)).statusCode).toBe(200);
    const before = await count();
    const refused = await start('svc-con', applicant);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ type: 'AuthorizationException', message: expect.stringMatching(/may not start process definition 'svc-con'.*group 'con-operator'/) });
    expect(await count()).toBe(before);
  });

  it('a ЦОН operator starts the ЦОН route, not the portal route; an administrator starts either', async () => {
    expect((await start('svc-con', operator)).statusCode).toBe(200);
    expect((await start('svc-portal', operator)).statusCode).toBe(403);
    expect((await start('svc-con', adminAuth)).statusCode).toBe(200);
    expect((await start('svc-portal', adminAuth)).statusCode).toBe(200);
  });
});

describe('every bundle route names its starters', () => {
  const expected: Record<string, string> = { portal: 'applicant', con: 'con-operator', provider: 'provider-specialist' };
  const files = findBundles('processes').flatMap((dir) => readdirSync(dir).filter((f) => f.endsWith('.bpmn')).map((f) => join(dir, f)));
  it('finds the bundles', () => { expect(files.length).toBeGreaterThanOrEqual(26); });
  it.each(files)('%s', (file) => {
    const xml = readFileSync(file, 'utf8');
    const starters = /<bpmn:process [^>]*camunda:candidateStarterGroups="([^"]*)"/.exec(xml)?.[1];
    expect(starters).toBe(expected[basename(file, '.bpmn')]);
  });
});
