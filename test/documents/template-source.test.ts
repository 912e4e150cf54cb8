// Which template renders a document: the one deployed with the instance's definition. A redeploy with new wording
// leaves running instances with the wording they started with; two akimats with the same template ids each get their
// own; a broken template never becomes a deployment. On SQLite and PostgreSQL, through the real host.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployedTemplates } from '../../src/documents/template-source.js';
import { createHost, type Access, type Host } from '../../src/engine/index.js';
import { prepareDeployment } from '../../src/reglament/deploy.js';
import { dialects, freshDb, type TestDb } from '../support/databases.js';
import { PROCESSES } from './support.js';

const admin: Access = { tenantIds: null, userId: 'admin' };
const BUNDLE = join(PROCESSES, 'semey', 'unemployed-certificate');

type Resource = { name: string; content: Buffer | string };

function withRefusalWording(resources: Resource[], words: string): Resource[] {
  return resources.map((r) => {
    if (r.name !== 'documents/refusal.json') return r;
    const t = JSON.parse(r.content.toString());
    t.body[4].paragraph.ru = words;
    return { name: r.name, content: JSON.stringify(t) };
  });
}

describe.each(dialects)('templates per deployment on %s', (dialect) => {
  let t: TestDb;
  let host: Host;
  let resources: Resource[];
  beforeAll(async () => {
    t = await freshDb(dialect);
    host = await createHost({ db: t.db });
    resources = (await prepareDeployment(BUNDLE)).resources.map((r) => ({ name: r.name, content: r.content }));
  });
  afterAll(async () => { await host?.stop(); await t?.destroy(); });

  it('an instance keeps its deployment\'s wording after a redeploy; a new one gets the new wording', async () => {
    const first = await host.deploy({ name: 'semey/unemployed-certificate', tenantId: 'semey', resources }, admin);
    const second = await host.deploy({ name: 'semey/unemployed-certificate', tenantId: 'semey', resources: withRefusalWording(resources, 'Новая формулировка отказа.') }, admin);
    const v1 = first.processDefinitions.find((d) => d.key === 'unemployed-certificate-provider')!;
    const v2 = second.processDefinitions.find((d) => d.key === 'unemployed-certificate-provider')!;
    expect(v2.version).toBe(v1.version + 1);
    const source = deployedTemplates(t.db);
    const old = await source.resolve({ form: 'refusal', tenant: 'semey', processDefinitionId: v1.id });
    const now = await source.resolve({ form: 'refusal', tenant: 'semey', processDefinitionId: v2.id });
    expect(JSON.stringify(old.template.body)).toContain('Доводим до Вашего сведения');
    expect(JSON.stringify(now.template.body)).toContain('Новая формулировка отказа.');
    expect(old.deploymentId).toBe(first.deployment.id);
    expect(old.manifest.act.approval.ru).toContain('№ 1868');
    // Without a definition (a preview, the data XML for a specialist): the tenant's latest deployment of the service.
    const latest = await source.resolve({ form: 'refusal', tenant: 'semey', service: 'unemployed-certificate' });
    expect(latest.deploymentId).toBe(second.deployment.id);
  });

  it('two akimats use the same template ids without clashing, and one cannot render with another\'s definition', async () => {
    const other = await host.deploy({ name: 'other/unemployed-certificate', tenantId: 'other-akimat', resources: withRefusalWording(resources, 'Отказ другого акимата.') }, admin);
    const source = deployedTemplates(t.db);
    const mine = await source.resolve({ form: 'refusal', tenant: 'other-akimat', service: 'unemployed-certificate' });
    expect(JSON.stringify(mine.template.body)).toContain('Отказ другого акимата.');
    expect(JSON.stringify((await source.resolve({ form: 'refusal', tenant: 'semey', service: 'unemployed-certificate' })).template.body)).not.toContain('другого акимата');
    const def = other.processDefinitions[0]!;
    await expect(source.resolve({ form: 'refusal', tenant: 'semey', processDefinitionId: def.id })).rejects.toThrow(/of tenant 'semey' not found/);
    expect((await source.list(['other-akimat'])).map((l) => `${l.tenant}/${l.service}/${l.template.id}`).sort())
      .toEqual(['other-akimat/unemployed-certificate/refusal', 'other-akimat/unemployed-certificate/unemployed-certificate']);
  });

  it('a deployment with a broken template is refused whole, with the file, the place and the reason', async () => {
    const broken = withRefusalWording(resources, 'Уважаемый {{applicantName}}');
    const before = await t.db('engine_deployment').count({ n: '*' }).first();
    await expect(host.deploy({ name: 'broken', tenantId: 'semey', resources: broken }, admin))
      .rejects.toMatchObject({ details: { 'documents/refusal.json': { errors: [{ message: expect.stringMatching(/^\/body\/4\/paragraph\/ru: placeholder '\{\{applicantName\}\}' names 'applicantName'/) }] } } });
    expect(await t.db('engine_deployment').count({ n: '*' }).first()).toEqual(before);
    await expect(host.deploy({ name: 'climbing', tenantId: 'semey', resources: [{ name: '../documents/x.json', content: '{}' }] }, admin))
      .rejects.toThrow(/resource name '..\/documents\/x.json' must be a relative path/);
  });
});
