// The identity store on each dialect: scrypt hashes with per-user salt, lockout and its expiry, tenants through
// groups, topic and role groups, tokens stored as hashes that expire and can be revoked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IdentityStore } from '../../src/store/identity.js';
import { dialects, freshDb, type TestDb } from '../support/databases.js';

for (const dialect of dialects) {
  describe(`identity store on ${dialect}`, () => {
    let db: TestDb;
    let clock = Date.parse('2026-03-02T09:00:00Z');
    let store: IdentityStore;
    beforeAll(async () => {
      db = await freshDb(dialect);
      store = new IdentityStore(db.db, { now: () => clock, maxFailures: 3, lockMs: 60_000 });
      await store.ensureRoleGroups();
    });
    afterAll(async () => { await db.destroy(); });

    it('stores a salted scrypt hash, never the password', async () => {
      await store.createUser({ id: 'u1', password: 'same-password' });
      await store.createUser({ id: 'u2', password: 'same-password' });
      const rows = await db.db('identity_user').whereIn('id', ['u1', 'u2']).select('password_hash', 'password_salt');
      expect(rows[0].password_hash).toMatch(/^scrypt\$16384\$8\$1\$[0-9a-f]{128}$/);
      expect(rows[0].password_hash).not.toBe(rows[1].password_hash);
      expect(JSON.stringify(rows)).not.toContain('same-password');
      expect((await store.verifyPassword('u1', 'same-password')).ok).toBe(true);
    });

    it('locks after the configured failures and unlocks when the lock expires', async () => {
      await store.createUser({ id: 'lock-me', password: 'right-one' });
      expect(await store.verifyPassword('lock-me', 'wrong')).toMatchObject({ ok: false, reason: 'wrong' });
      expect(await store.verifyPassword('lock-me', 'wrong')).toMatchObject({ ok: false, reason: 'wrong' });
      expect(await store.verifyPassword('lock-me', 'wrong')).toMatchObject({ ok: false, reason: 'locked' });
      expect(await store.verifyPassword('lock-me', 'right-one')).toMatchObject({ ok: false, reason: 'locked' });
      clock += 61_000;
      expect((await store.verifyPassword('lock-me', 'right-one')).ok).toBe(true);
      // A success resets the count: two more failures do not lock.
      await store.verifyPassword('lock-me', 'wrong');
      await store.verifyPassword('lock-me', 'wrong');
      expect((await store.verifyPassword('lock-me', 'right-one')).ok).toBe(true);
    });

    it('refuses inactive and unknown users', async () => {
      await store.createUser({ id: 'gone', password: 'pw-gone' });
      await store.setActive('gone', false);
      expect(await store.verifyPassword('gone', 'pw-gone')).toMatchObject({ ok: false, reason: 'inactive' });
      expect(await store.verifyPassword('nobody', 'x')).toMatchObject({ ok: false, reason: 'unknown' });
    });

    it('builds the principal from roles, topic groups and tenants of groups', async () => {
      await store.createUser({ id: 'w1', password: 'pw-w1' });
      await store.addGroupMember('worker', 'w1');
      await store.createGroup({ id: 'gbd-fl-lookup', type: 'topic' });
      await store.addGroupMember('gbd-fl-lookup', 'w1');
      await store.createGroup({ id: 'semey-systems' });
      await store.addGroupMember('semey-systems', 'w1');
      await store.createTenant({ id: 'semey', name: 'Семей' });
      await store.addTenantGroup('semey', 'semey-systems');
      const p = (await store.principal('w1'))!;
      expect(p.roles).toEqual(['worker']);
      expect(p.topics).toEqual(['gbd-fl-lookup']);
      expect(p.tenantIds).toEqual(['semey']);
      expect(await store.countUsers({ memberOfTenant: 'semey' })).toBe(1);
      await expect(store.addTenantUser('nowhere', 'w1')).rejects.toThrow(/No tenant/);
    });

    it('issues tokens that expire and can be revoked', async () => {
      const { token, expiresAt } = await store.issueToken('u1', 1_000);
      expect(expiresAt).toBe(clock + 1_000);
      expect(await store.resolveToken(token)).toMatchObject({ userId: 'u1' });
      clock += 1_001;
      expect(await store.resolveToken(token)).toBeNull();
      expect(await store.purgeExpiredTokens()).toBeGreaterThanOrEqual(1);
      const second = await store.issueToken('u1', 60_000);
      await store.revokeToken(second.token);
      expect(await store.resolveToken(second.token)).toBeNull();
    });
  });
}
