// tenant apply against a real database (SQLite and PostgreSQL): validation with file/path/reason, everything in one
// transaction, idempotent, audited in the user-operation log without IINs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTenant } from '../../src/tenants/apply.js';
import { readProfile } from '../../src/tenants/store.js';
import { tenantProblems } from '../../src/tenants/validate.js';
import { IdentityStore } from '../../src/store/identity.js';
import { listSubscriptions } from '../../src/outbox/index.js';
import { registerRequest } from '../../src/registry/index.js';
import { dialects, freshDb, type TestDb } from '../support/databases.js';
import { aTenantFile } from './factory.js';

describe('tenant file validation', () => {
  it('accepts the seed akimats\' files and a complete onboarding file', async () => {
    const { readFileSync } = await import('node:fs');
    for (const t of ['semey', 'zhambyl-sko', 'aktobe-oblast', 'kyzylzhar']) {
      expect(tenantProblems(JSON.parse(readFileSync(`processes/${t}/tenant.json`, 'utf8')), `${t}/tenant.json`)).toEqual([]);
    }
    expect(tenantProblems(aTenantFile())).toEqual([]);
  });

  it('names the file, the JSON path and the reason of every problem', () => {
    const bad = aTenantFile();
    (bad as unknown as Record<string, unknown>).colour = 'blue';
    delete (bad.name as Partial<typeof bad.name>).kk;
    bad.staff![0]!.iin = '900101300127';
    bad.signers[0]!.userId = 'nobody';
    bad.providers[0]!.offices.push({ ...bad.providers[0]!.offices[0]! });
    bad.subscribers.push({ name: 'ИС ЦОН', system: 'con' });
    expect(tenantProblems(bad, 'new/tenant.json')).toEqual([
      { file: 'new/tenant.json', path: '/', message: "unknown key 'colour'" },
      { file: 'new/tenant.json', path: '/name', message: "missing key 'kk'" },
    ]);
    delete (bad as unknown as Record<string, unknown>).colour;
    bad.name.kk = 'Жаңа әкімдік';
    expect(tenantProblems(bad, 'new/tenant.json')).toEqual([
      { file: 'new/tenant.json', path: '/providers/0/offices/1/id', message: "office id 'office-1' is used twice" },
      { file: 'new/tenant.json', path: '/staff/0/iin', message: expect.stringMatching(/^not a valid IIN \(/) },
      { file: 'new/tenant.json', path: '/signers/0/userId', message: "no staff user 'nobody' in this file" },
      { file: 'new/tenant.json', path: '/subscribers/1/url', message: "required for system 'con'" },
    ]);
    // The reason never repeats the number.
    expect(JSON.stringify(tenantProblems(bad))).not.toContain('900101300127');
  });
});

describe.each(dialects)('tenant apply on %s', (dialect) => {
  let t: TestDb;
  let identity: IdentityStore;
  beforeAll(async () => {
    t = await freshDb(dialect);
    identity = new IdentityStore(t.db);
    await identity.ensureRoleGroups();
    await identity.createUser({ id: 'worker-x', kind: 'service' });
    await identity.addGroupMember('worker', 'worker-x');
  });
  afterAll(async () => { await t?.destroy(); });

  const opLog = (tenantId: string) => t.db('engine_op_log').where({ tenant_id: tenantId }).orderBy('timestamp').select('operation_type', 'entity_type', 'property', 'org_value', 'new_value', 'user_id');

  it('creates everything once; the same file again changes and logs nothing', async () => {
    const file = aTenantFile({ id: `onb-${dialect}-1` });
    const first = await applyTenant(t.db, file, { userId: 'admin' });
    expect(first.revision).toBe(1);
    expect(first.changes).toEqual(expect.arrayContaining([
      `tenant ${file.id} created`, 'profile revision 1', 'user spec-a created', 'user spec-a in group operator', 'user spec-a in group provider-specialist',
      `user spec-a in tenant ${file.id}`, `worker worker-x in tenant ${file.id}`, 'archiveMode true', 'subscriber ИС ЦОН (con)',
    ]));
    const principal = await identity.principal('spec-a');
    expect(principal).toMatchObject({ user: { iin: '900101300126', kind: 'staff' }, roles: ['operator'], tenantIds: [file.id] });
    expect((await identity.principal('worker-x'))!.tenantIds).toContain(file.id);
    expect(await readProfile(t.db, file.id)).toMatchObject({ revision: 1, profile: { id: file.id, providers: [{ offices: [{ id: 'office-1' }] }] } });
    // Staff and IINs stay out of the stored profile.
    expect(JSON.stringify((await readProfile(t.db, file.id))!.profile)).not.toMatch(/900101300126|staff|workers|archiveMode/);
    expect((await t.db('engine_tenant_setting').where({ tenant_id: file.id, name: 'archiveMode' }).first()).value).toBe('true');
    const subs = await listSubscriptions(t.db, [file.id]);
    expect(subs.map((s) => s.system).sort()).toEqual(['con']);
    const logged = await opLog(file.id);
    expect(logged.length).toBe(first.changes.length);
    expect(logged).toEqual(expect.arrayContaining([
      expect.objectContaining({ operation_type: 'Create', entity_type: 'TenantProfile', new_value: '1', user_id: 'admin' }),
      expect.objectContaining({ operation_type: 'Update', entity_type: 'TenantSetting', property: 'archiveMode', new_value: 'true' }),
    ]));
    expect(JSON.stringify(logged)).not.toContain('900101300126');

    const again = await applyTenant(t.db, JSON.parse(JSON.stringify(file)), { userId: 'admin' });
    expect(again).toMatchObject({ revision: 1, changes: [] });
    expect(await opLog(file.id)).toHaveLength(logged.length);
    expect(await listSubscriptions(t.db, [file.id])).toHaveLength(1);
  });

  it('a changed office makes a new revision; archive mode off is logged', async () => {
    const file = aTenantFile({ id: `onb-${dialect}-2` });
    await applyTenant(t.db, file, { userId: 'admin' });
    file.providers[0]!.offices[0]!.phone = '8 (7222) 00-00-01';
    file.archiveMode = false;
    file.staff![0]!.lastName = 'Тестова';
    const second = await applyTenant(t.db, file, { userId: 'admin' });
    expect(second).toMatchObject({ revision: 2, changes: ['profile revision 2', 'user spec-a updated (last_name)', 'archiveMode false'] });
    expect((await identity.getUser('spec-a'))!.lastName).toBe('Тестова');
    expect(await opLog(file.id)).toContainEqual(expect.objectContaining({ entity_type: 'User', property: 'last_name', org_value: null, new_value: null }));
    expect((await readProfile(t.db, file.id))!.profile.providers[0]!.offices[0]!.phone).toBe('8 (7222) 00-00-01');
  });

  it('a file refused half-way leaves nothing behind', async () => {
    // The IIN belongs to spec-a (first test): the check happens after the tenant and the profile were written.
    const file = aTenantFile({ id: `onb-${dialect}-3` });
    file.staff = [{ id: 'spec-b', iin: '900101300126', roles: ['operator'] }];
    file.signers[0]!.userId = 'spec-b';
    await expect(applyTenant(t.db, file, { userId: 'admin' })).rejects.toThrow(/\/staff\/0\/iin is already registered to another user/);
    expect(await identity.getTenant(file.id)).toBeNull();
    expect(await readProfile(t.db, file.id)).toBeNull();
    expect(await identity.getUser('spec-b')).toBeNull();
    expect(await opLog(file.id)).toEqual([]);
  });

  it('a profile subscriber limited to routes and services receives only their events', async () => {
    const file = aTenantFile({ id: `onb-${dialect}-5`, workers: [], staff: [], signers: [] });
    file.subscribers = [{ name: 'ИС ЦОН', system: 'con', url: 'https://con.test.example/hook', routes: ['con'], services: ['guardianship-certificate'] }];
    await applyTenant(t.db, file, { userId: 'admin' });
    const [con] = (await listSubscriptions(t.db, [file.id])).filter((s) => s.system === 'con');
    const deliveriesOf = async (route: string, service: string) => {
      const r = await registerRequest(t.db, { tenantId: file.id, service, route, processInstanceId: `${file.id}-${route}-${service}` });
      return t.db('outbox_delivery').where({ subscription_id: con!.id, stream: r.number });
    };
    expect(await deliveriesOf('con', 'guardianship-certificate')).toHaveLength(1);
    expect(await deliveriesOf('portal', 'guardianship-certificate')).toHaveLength(0);
    expect(await deliveriesOf('con', 'unemployed-certificate')).toHaveLength(0);
  });

  it('refuses a worker that does not exist', async () => {
    const file = aTenantFile({ id: `onb-${dialect}-4`, workers: ['ghost'] });
    await expect(applyTenant(t.db, file, { userId: 'admin' })).rejects.toThrow("/workers/0 names user 'ghost', who does not exist");
    expect(await identity.getTenant(file.id)).toBeNull();
  });
});
