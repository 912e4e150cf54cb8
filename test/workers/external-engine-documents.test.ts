// Documents for processes that run on another Camunda-7 engine: the definition id in the task is that engine's. With
// REGLAMENT_EXTERNAL_ENGINE=true the product renders the template of the tenant's latest deployment of the service;
// without it, an unknown definition stays an error that names it.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Access, type Host } from '../../src/engine/index.js';
import { storeServicesFromEnv } from '../../src/worker-api/store.js';
import type { GenerateCall } from '../../src/worker-api/services.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { applySeedTenant, bundleDataResources } from '../support/seed-tenant.js';

const admin: Access = { tenantIds: null, userId: 'admin' };
let t: TestDb; let host: Host;
const pki = mkdtempSync(join(tmpdir(), 'reglament-external-pki-'));

beforeAll(async () => {
  t = await freshDb('sqlite');
  host = await createHost({ db: t.db });
  await applySeedTenant(t.db, 'semey');
  await host.deploy({
    name: 'semey/unemployed-certificate', tenantId: 'semey',
    resources: [...bundleDataResources('semey', 'unemployed-certificate'), { name: 'provider.bpmn', content: readFileSync('processes/semey/unemployed-certificate/provider.bpmn', 'utf8') }],
  }, admin);
});
afterAll(async () => { await host?.stop(); await t?.destroy(); });

const call = (processInstanceId: string): GenerateCall => ({
  form: 'unemployed-certificate', lang: 'ru', tenant: 'semey', service: 'unemployed-certificate', requestNumber: 'SEM-2026-000042',
  processDefinitionId: 'unemployed-certificate-provider:3:7f1c2a', processInstanceId, idempotencyKey: `${processInstanceId}:generate-result:unemployed-certificate`,
  variables: { fullName: 'Сейткали Айгерим', applicantIin: '900412400017', periodFrom: '2013-01-01', periodTo: '2013-02-28', presentTo: 'по месту требования', registeredAsUnemployed: '15.01.2013, решение № 12', receivedAt: new Date('2013-03-01T05:00:00Z') },
  properties: { form: 'unemployed-certificate' },
});

describe('output documents of another engine\'s processes', () => {
  it('an unknown definition is an error naming it, unless the product is told the engine is another', async () => {
    const env: Record<string, string | undefined> = { REGLAMENT_DEMO_PKI_DIR: pki };
    const services = storeServicesFromEnv(t.db, env);
    await expect(services.documents.generate(call('op-1'))).rejects.toThrow(/process definition 'unemployed-certificate-provider:3:7f1c2a' of tenant 'semey' not found/);
    env.REGLAMENT_EXTERNAL_ENGINE = 'true';
    const doc = await services.documents.generate(call('op-2'));
    expect(doc).toMatchObject({ outcome: 'generated', created: true });
    const row = await t.db('documents').where({ process_instance_id: 'op-2' }).first('form', 'tenant_id', 'service');
    expect(row).toEqual({ form: 'unemployed-certificate', tenant_id: 'semey', service: 'unemployed-certificate' });
  }, 60_000);
});
