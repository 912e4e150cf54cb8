// The analyst's «Развернуть» (POST /api/analyst/deploy): an edit with lint errors is refused with its findings; an
// akimat's administrator cannot override; the system administrator can, with a stated reason kept in the
// user-operation log. The new version keeps the validity window, forms and templates of the deployment it replaces,
// and the preview says so before deploying.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { analystRoutes } from '../../src/api/reglament-analyst.js';
import { parseBpmn } from '../../src/reglament/moddle.js';
import { lintDefinitions, workerTopics, formIds } from '../../src/reglament/lint/index.js';
import { adminAuth, seedUser, startServer, type TestServer } from '../support/server.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TENANT = 'zhambyl-sko';
const bundleDir = join(root, 'processes', TENANT, 'preschool-queue');
const lintContext = { topics: workerTopics(root), forms: formIds(root) };
const lint = async (xml: string) => (await lintDefinitions((await parseBpmn(xml)).definitions, 'route.bpmn', lintContext, root))
  .map((f) => ({ id: f.where, rule: f.rule, message: f.message, category: f.severity }));

let server: TestServer;
let tenantAdmin = '';
let defId = '';
let xml = '';
let broken = '';

beforeAll(async () => {
  server = await startServer({ plugins: [analystRoutes({ lint })] });
  tenantAdmin = await seedUser(server.identity, { id: 'analyst-zhambyl', roles: ['admin'], tenants: [TENANT] });
  const resources = [
    { name: 'manifest.json', content: readFileSync(join(bundleDir, 'manifest.json'), 'utf8') },
    { name: 'provider.bpmn', content: readFileSync(join(bundleDir, 'provider.bpmn'), 'utf8') },
    ...readdirSync(join(bundleDir, 'forms')).map((f) => ({ name: `forms/${f}`, content: readFileSync(join(bundleDir, 'forms', f), 'utf8') })),
    ...readdirSync(join(bundleDir, 'documents')).map((f) => ({ name: `documents/${f}`, content: readFileSync(join(bundleDir, 'documents', f), 'utf8') })),
  ];
  const result = await server.host.deploy({ name: `${TENANT}/preschool-queue`, tenantId: TENANT, resources }, { tenantIds: null, userId: 'admin' });
  defId = result.processDefinitions.find((d) => d.key === 'preschool-queue-provider')!.id;
  xml = resources[1]!.content;
  // A user task no group can claim: the lint error of issue 18.
  broken = xml.replace(/(<bpmn:userTask id="decide"[^>]*?)\s+camunda:candidateGroups="[^"]*"/, '$1');
  expect(broken).not.toBe(xml);
}, 60_000);
afterAll(async () => { await server.close(); });

const post = (url: string, body: unknown, auth = adminAuth) => server.app.inject({ method: 'POST', url, headers: { authorization: auth }, payload: body as Record<string, unknown> });

describe('POST /api/analyst/deploy', () => {
  it('previews the next version with the replaced deployment’s validity and the lint errors', async () => {
    const res = await post('/api/analyst/deploy/preview', { definitionId: defId, xml: broken });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ key: 'preschool-queue-provider', tenantId: TENANT, nextVersion: 2, validity: { from: '2013-02-12', to: '2013-05-21' } });
    expect(body.errors).toBeGreaterThan(0);
    expect(body.findings.some((f: { id?: string; rule?: string }) => f.id === 'decide' && /user-task-assignment/.test(f.rule ?? ''))).toBe(true);
  });

  it('refuses an edit with lint errors and names them; nothing is deployed', async () => {
    const res = await post('/api/analyst/deploy', { definitionId: defId, xml: broken });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().message).toMatch(/lint found \d+ error\(s\).*decide/);
    expect(JSON.stringify(res.json().details)).toMatch(/user-task-assignment/);
    expect(await server.host.countDefinitions({ key: 'preschool-queue-provider' }, { tenantIds: null })).toBe(1);
  });

  it('an akimat’s administrator may not override; the system administrator must give a reason', async () => {
    const byAnalyst = await post('/api/analyst/deploy', { definitionId: defId, xml: broken, overrideReason: 'срочно нужно развернуть' }, tenantAdmin);
    expect(byAnalyst.statusCode, byAnalyst.body).toBe(403);
    const short = await post('/api/analyst/deploy', { definitionId: defId, xml: broken, overrideReason: 'надо' });
    expect(short.statusCode, short.body).toBe(400);
    expect(short.json().message).toMatch(/reason must say why/);
    expect(await server.host.countDefinitions({ key: 'preschool-queue-provider' }, { tenantIds: null })).toBe(1);
  });

  it('the system administrator’s override deploys and is logged with the reason and the findings', async () => {
    const reason = 'Группа назначается приказом от 01.12, до него задачу берет администратор';
    const res = await post('/api/analyst/deploy', { definitionId: defId, xml: broken, overrideReason: reason });
    expect(res.statusCode, res.body).toBe(200);
    const deployed = res.json().deployed[0];
    expect(deployed).toMatchObject({ key: 'preschool-queue-provider', version: 2, tenantId: TENANT });
    const log = await server.host.userOperations({ operationType: 'Override', deploymentId: res.json().deploymentId }, { tenantIds: null });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ userId: 'admin', entityType: 'Deployment', property: 'lint', annotation: reason, tenantId: TENANT });
    expect(log[0]!.orgValue).toMatch(/decide reglament\/user-task-assignment/);
  });

  it('a clean edit deploys as the next version with the validity window, forms and templates of the one it replaces', async () => {
    const res = await post('/api/analyst/deploy', { definitionId: defId, xml: xml.replace('услуги" camunda:formRef="preschool-decision"', 'услуги (ред.)" camunda:formRef="preschool-decision"') }, tenantAdmin);
    expect(res.statusCode, res.body).toBe(200);
    const def = await server.host.getDefinition(res.json().deployed[0].id, { tenantIds: null });
    expect(def.version).toBe(3);
    expect(def.validFrom?.toISOString()).toBe('2013-02-11T19:00:00.000Z');
    const names = (await server.host.getResources(def.deploymentId, { tenantIds: null })).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['manifest.json', 'provider.bpmn', 'documents/refusal.json']));
    expect(names.some((n) => n.startsWith('forms/'))).toBe(true);
    expect(names.filter((n) => n.endsWith('.bpmn'))).toEqual(['provider.bpmn']);
    const log = await server.host.userOperations({ operationType: 'Override', deploymentId: def.deploymentId }, { tenantIds: null });
    expect(log).toHaveLength(0);
  });
});
