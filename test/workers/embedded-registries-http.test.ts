// The embedded registries as a worker without a database reaches them: one gateway at /api/worker/registries on the
// real server, read with the gateway clients of src/registry — the same answers as reading the tables directly.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoPersons, type DemoRegistry } from '../../src/demo/registry-seed.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { SERVICE_KINDS, servicesOver, type ServicesUnderTest } from '../support/worker-services.js';

describe.each(SERVICE_KINDS)('embedded registries over %s', (kind) => {
  let t: TestDb; let demo: DemoRegistry; let u: ServicesUnderTest;
  beforeAll(async () => {
    t = await freshDb('sqlite');
    [demo] = (await seedDemoPersons(t.db, { tenants: ['semey'] })) as [DemoRegistry];
    u = await servicesOver(kind, t.db);
  });
  afterAll(async () => { await u?.close(); await t?.destroy(); });

  it('ГБД ФЛ: a person, their children, and null for an unknown IIN', async () => {
    const family = demo.families[0]!;
    expect(await u.services.registries.persons.findPerson(family.parent.iin)).toMatchObject({ iin: family.parent.iin });
    expect((await u.services.registries.persons.childrenOf(family.parent.iin)).map((c) => c.iin)).toEqual(family.children.map((c) => c.iin));
    expect(await u.services.registries.persons.findPerson(demo.unknownIin)).toBeNull();
  });
  it('ЕНИС and the guardianship register: the record, or none', async () => {
    expect(await u.services.registries.powersOfAttorney.findPowerOfAttorney(demo.powerOfAttorney.number))
      .toMatchObject({ number: demo.powerOfAttorney.number, representativeIin: demo.powerOfAttorney.representativeIin });
    expect(await u.services.registries.powersOfAttorney.findPowerOfAttorney('NO-SUCH-1')).toBeNull();
    expect((await u.services.registries.guardianship.findByChild(demo.guardianship.childIin)).map((r) => r.guardianIin)).toEqual([demo.guardianship.guardianIin]);
    expect(await u.services.registries.guardianship.findByChild(demo.families[0]!.children[0]!.iin)).toEqual([]);
  });
});
