// reglament deploy: lints first and refuses a bundle with errors; deploys routes, forms and manifest through the
// real engine-rest over HTTP on 127.0.0.1, into the manifest's tenant, with duplicate filtering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { BundleLintError, deployBundle, prepareDeployment } from '../../src/reglament/deploy.js';
import { localDateOf } from '../../src/calendar/index.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const BUNDLE = join(FIXTURES, 'processes', 'fixture-tenant', 'fixture-service');
const all = { tenantIds: null };
let server: TestServer;
let url: string;
const temps: string[] = [];

beforeAll(async () => {
  server = await startServer();
  await server.listen();
  url = server.engineRestUrl!;
});
afterAll(async () => {
  await server?.close();
  temps.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

describe('src/reglament/deploy', () => {
  it('deploys every route, referenced form and the manifest into the manifest\'s tenant, showing progress', async () => {
    const lines: string[] = [];
    const outcome = await deployBundle(BUNDLE, { url, auth: ADMIN, onProgress: (l) => lines.push(l) });
    expect(outcome.tenantId).toBe('fixture-tenant');
    expect(outcome.resources).toEqual(['portal.bpmn', 'forms/fixture-review.form', 'manifest.json']);
    expect(outcome.processDefinitions.map((d) => [d.key, d.version])).toEqual([['fixture-service-portal', 1]]);
    expect(lines[0]).toMatch(/^linting /);
    expect(lines[1]).toMatch(/^uploading 3 resource\(s\) to http:\/\/127\.0\.0\.1:\d+\/engine-rest\/deployment\/create as tenant fixture-tenant$/);
    const [definition] = await server.host.listDefinitions({ key: 'fixture-service-portal' }, all);
    expect(definition!.tenantId).toBe('fixture-tenant');
    const deployment = await server.host.getDeployment(outcome.deploymentId, all);
    expect(deployment.source).toBe('reglament-cli');
    const names = (await server.host.getResources(outcome.deploymentId, all)).map((r) => r.name).sort();
    expect(names).toEqual(['forms/fixture-review.form', 'manifest.json', 'portal.bpmn']);
  });

  it('creates nothing new when the same bundle is deployed again (duplicate filtering)', async () => {
    const outcome = await deployBundle(BUNDLE, { url, auth: ADMIN });
    expect(outcome.processDefinitions).toEqual([]);
  });

  it('deploys into another tenant when told to', async () => {
    const outcome = await deployBundle(BUNDLE, { url, auth: ADMIN, tenant: 'training' });
    expect(outcome.processDefinitions).toHaveLength(1);
    const defs = await server.host.listDefinitions({ key: 'fixture-service-portal', tenantIdIn: ['training'] }, all);
    expect(defs.map((d) => d.tenantId)).toEqual(['training']);
  });

  it('prepares the same deployment for host.deploy on a fresh database (no HTTP)', async () => {
    const prepared = await prepareDeployment(BUNDLE, { tenant: 'direct' });
    expect(prepared.resources.map((r) => r.name)).toEqual(['portal.bpmn', 'forms/fixture-review.form', 'manifest.json']);
    const result = await server.host.deploy({ name: prepared.name, source: 'reglament-start', tenantId: prepared.tenantId, resources: prepared.resources, enableDuplicateFiltering: true }, all);
    expect(result.processDefinitions.map((d) => [d.key, d.tenantId, d.validFrom && localDateOf(d.validFrom)])).toEqual([['fixture-service-portal', 'direct', '2013-06-01']]);
  });

  it('refuses a bundle that fails lint, without calling the engine', async () => {
    const root = mkdtempSync(join(tmpdir(), 'reglament-deploy-'));
    temps.push(root);
    cpSync(FIXTURES, root, { recursive: true });
    const dir = join(root, 'processes', 'fixture-tenant', 'fixture-service');
    writeFileSync(join(dir, 'portal.bpmn'), readFileSync(join(FIXTURES, 'user-task-form.broken.bpmn'), 'utf8'));
    let calls = 0;
    const spy: typeof fetch = async (...args) => { calls++; return fetch(...args); };
    const error = await deployBundle(dir, { url, auth: ADMIN, fetch: spy }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BundleLintError);
    expect((error as BundleLintError).message).toMatch(/has 2 lint error\(s\).*no-such-form/);
    expect((error as BundleLintError).findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.where}`)).toEqual(['bundle/files forms', 'reglament/user-task-form review']);
    expect(calls).toBe(0);
    const allowed = await prepareDeployment(dir, { allowLintErrors: true });
    expect(allowed.errors.map((f) => f.rule)).toEqual(['bundle/files', 'reglament/user-task-form']);
  });

  it('reports the engine\'s refusal with its status and message', async () => {
    const error = await deployBundle(BUNDLE, { url, auth: { user: ADMIN.user, password: 'wrong' } }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^Couldn't deploy fixture-tenant\/fixture-service, the engine answered 401/);
  });

  it('reports an unreachable engine', async () => {
    const error = await deployBundle(BUNDLE, { url: 'http://127.0.0.1:1/engine-rest' }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/unreachable/);
  });
});
