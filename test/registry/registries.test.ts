// ГБД ФЛ, ЕНИС and the guardianship register through their interfaces: the embedded tables and the HTTP clients
// against a local gateway; a timeout or a 5xx is RegistryUnavailableError, never «not found».
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateIin } from '../../src/iin/index.js';
import {
  EmbeddedGuardianshipRegistry, EmbeddedPersonRegistry, EmbeddedPowerOfAttorneyRegistry, HttpGuardianshipRegistry,
  HttpPersonRegistry, HttpPowerOfAttorneyRegistry, RegistryUnavailableError,
  type GuardianshipRegistry, type PersonRegistry, type PowerOfAttorneyRegistry,
} from '../../src/registry/index.js';
import { seedDemoPersons, type DemoRegistry } from '../../src/demo/registry-seed.js';
import { freshDb, type TestDb } from '../support/databases.js';
import { startGateway, type TestGateway } from './gateway-server.js';

let t: TestDb;
let demo: DemoRegistry[];
let gateway: TestGateway;

beforeAll(async () => {
  t = await freshDb('sqlite');
  demo = await seedDemoPersons(t.db);
  gateway = await startGateway({
    persons: new EmbeddedPersonRegistry(t.db), enis: new EmbeddedPowerOfAttorneyRegistry(t.db), guardianship: new EmbeddedGuardianshipRegistry(t.db),
  });
});
afterAll(async () => { await gateway?.close(); await t?.destroy(); });

const implementations: Array<[string, () => { persons: PersonRegistry; enis: PowerOfAttorneyRegistry; guardianship: GuardianshipRegistry }]> = [
  ['embedded', () => ({ persons: new EmbeddedPersonRegistry(t.db), enis: new EmbeddedPowerOfAttorneyRegistry(t.db), guardianship: new EmbeddedGuardianshipRegistry(t.db) })],
  ['http', () => {
    const config = { baseUrl: gateway.url, timeoutMs: 5000, retries: 0, auth: { token: 'secret-token' } };
    return { persons: new HttpPersonRegistry(config), enis: new HttpPowerOfAttorneyRegistry(config), guardianship: new HttpGuardianshipRegistry(config) };
  }],
];

describe('seedDemoPersons', () => {
  it('seeds every akimat with persons whose IINs are valid and match their birth date', async () => {
    expect(demo.map((d) => d.tenantId)).toEqual(['zhambyl-sko', 'aktobe-oblast', 'kyzylzhar', 'semey']);
    const rows = await t.db('registry_person').select('iin', 'birth_date', 'sex');
    expect(rows.length).toBe(4 * 9);
    for (const row of rows) {
      const r = validateIin(row.iin);
      expect(r.ok, row.iin).toBe(true);
      if (r.ok) { expect(r.birthDate).toBe(row.birth_date); expect(r.sex).toBe(row.sex); }
    }
    expect(validateIin(demo[0]!.unknownIin).ok).toBe(true);
  });

  it('is idempotent', async () => {
    const again = await seedDemoPersons(t.db);
    expect(again).toEqual(demo);
    expect(Number((await t.db('registry_person').count({ n: '*' }))[0]!.n)).toBe(36);
  });
});

describe.each(implementations)('%s registries', (_name, make) => {
  it('finds a person, links children to the parent, and answers null for an unknown IIN', async () => {
    const { persons } = make();
    const family = demo[3]!.families[0]!;
    const parent = await persons.findPerson(family.parent.iin);
    expect(parent).toMatchObject({ iin: family.parent.iin, lastName: 'Сейткали', firstName: 'Айгерим', sex: 'female' });
    expect(parent!.address).toContain('Семей');
    const children = await persons.childrenOf(family.parent.iin);
    expect(children.map((c) => c.iin)).toEqual(family.children.map((c) => c.iin));
    expect(await persons.findPerson(demo[3]!.unknownIin)).toBeNull();
    expect(await persons.childrenOf(demo[3]!.unknownIin)).toEqual([]);
  });

  it('finds a power of attorney in ЕНИС by number, null otherwise', async () => {
    const { enis } = make();
    const poa = demo[3]!.powerOfAttorney;
    expect(await enis.findPowerOfAttorney(poa.number)).toMatchObject({ principalIin: poa.principalIin, representativeIin: poa.representativeIin, revoked: false });
    expect(await enis.findPowerOfAttorney('ДВ-нет-0000')).toBeNull();
  });

  it('finds guardianship records by child, empty otherwise', async () => {
    const { guardianship } = make();
    const g = demo[3]!.guardianship;
    expect(await guardianship.findByChild(g.childIin)).toEqual([expect.objectContaining({ guardianIin: g.guardianIin, kind: 'guardianship', active: true })]);
    expect(await guardianship.findByChild(demo[3]!.unknownIin)).toEqual([]);
  });
});

describe('HTTP registry client failures', () => {
  it('sends the configured auth', async () => {
    await new HttpPersonRegistry({ baseUrl: gateway.url, auth: { username: 'u', password: 'p' } }).findPerson(demo[0]!.unknownIin);
    expect(gateway.behaviour.lastAuthorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  it('a timeout is a technical failure, not «not found»', async () => {
    gateway.behaviour.delayMs = 300;
    try {
      const registry = new HttpPersonRegistry({ baseUrl: gateway.url, timeoutMs: 50, retries: 1, backoffMs: 10 });
      const before = gateway.behaviour.requests;
      await expect(registry.findPerson(demo[0]!.families[0]!.parent.iin)).rejects.toThrow(RegistryUnavailableError);
      await expect(registry.findPerson(demo[0]!.families[0]!.parent.iin)).rejects.toThrow(/did not answer in time/);
      expect(gateway.behaviour.requests - before).toBe(4);
    } finally { gateway.behaviour.delayMs = 0; }
  });

  it('a 5xx is retried, then a technical failure; a recovered gateway answers', async () => {
    const registry = new HttpPersonRegistry({ baseUrl: gateway.url, retries: 2, backoffMs: 5 });
    const iin = demo[1]!.families[0]!.parent.iin;
    Object.assign(gateway.behaviour, { failWith: 503, failTimes: 2 });
    expect(await registry.findPerson(iin)).toMatchObject({ iin });
    Object.assign(gateway.behaviour, { failWith: 500, failTimes: 10 });
    const err = await registry.findPerson(iin).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryUnavailableError);
    expect((err as RegistryUnavailableError).status).toBe(500);
    // The message carries no personal data.
    expect((err as Error).message).not.toContain(iin);
    Object.assign(gateway.behaviour, { failWith: null, failTimes: Infinity });
  });

  it('a huge, broken or wrongly shaped answer is a technical failure', async () => {
    const registry = new HttpPersonRegistry({ baseUrl: gateway.url, retries: 0, maxBodyBytes: 64 * 1024 });
    const iin = demo[0]!.families[0]!.parent.iin;
    try {
      gateway.behaviour.hugeBody = true;
      await expect(registry.childrenOf(iin)).rejects.toThrow(/larger than allowed/);
      gateway.behaviour.hugeBody = false;
      gateway.behaviour.garbage = true;
      await expect(registry.findPerson(iin)).rejects.toThrow(/not JSON/);
      gateway.behaviour.garbage = false;
      // An answer without the fields of a person is rejected, not passed on as a person.
      gateway.behaviour.body = { iin: '12', name: 'x' };
      await expect(registry.findPerson(iin)).rejects.toThrow(/unexpected document/);
      gateway.behaviour.body = { not: 'a list' };
      await expect(new HttpGuardianshipRegistry({ baseUrl: gateway.url, retries: 0 }).findByChild(iin)).rejects.toThrow(/unexpected document/);
    } finally { Object.assign(gateway.behaviour, { hugeBody: false, garbage: false, body: undefined }); }
  });

  it('an unreachable gateway is a technical failure', async () => {
    const registry = new HttpPowerOfAttorneyRegistry({ baseUrl: 'http://127.0.0.1:1', retries: 0 });
    await expect(registry.findPowerOfAttorney('x')).rejects.toThrow(/unreachable/);
  });

  it('a 401 is a technical failure without retries', async () => {
    Object.assign(gateway.behaviour, { failWith: 401, failTimes: 10 });
    const before = gateway.behaviour.requests;
    await expect(new HttpGuardianshipRegistry({ baseUrl: gateway.url, retries: 3 }).findByChild('x')).rejects.toThrow(/401/);
    expect(gateway.behaviour.requests - before).toBe(1);
    Object.assign(gateway.behaviour, { failWith: null, failTimes: Infinity });
  });
});
