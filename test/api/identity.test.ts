// Identity over HTTP: Camunda's admin REST for users, groups and tenants, Basic and bearer sign-in, lockout, tenant scoping.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, adminAuth, basic, seedUser, startServer, type TestServer } from '../support/server.js';
import { dialects } from '../support/databases.js';

for (const dialect of dialects) describe(`identity on ${dialect}`, () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ dialect, withoutEngine: true, config: { loginRateLimit: { max: 1000, timeWindowMs: 60_000 }, authCacheMs: 0 } });
  });
  afterAll(async () => { await s.close(); });

  const json = (body: unknown) => ({ payload: body as Record<string, unknown> });

  describe('authentication', () => {
    it('refuses /engine-rest without credentials with a 401 ExceptionDto and a Basic challenge', async () => {
      const res = await s.app.inject({ method: 'GET', url: '/engine-rest/engine' });
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.headers['www-authenticate']).toMatch(/^Basic/);
      expect(res.json()).toMatchObject({ type: 'AuthenticationException', code: null });
    });

    it('accepts the first administrator from the settings over Basic, with exact JSON content type and security headers', async () => {
      const res = await s.app.inject({ method: 'GET', url: '/engine-rest/version', headers: { authorization: adminAuth } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/json');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.json().version).toMatch(/^7\./);
    });

    it('rejects a wrong password and unknown users alike', async () => {
      const wrong = await s.app.inject({ method: 'GET', url: '/engine-rest/engine', headers: { authorization: basic(ADMIN.user, 'nope') } });
      const unknown = await s.app.inject({ method: 'GET', url: '/engine-rest/engine', headers: { authorization: basic('ghost', 'nope') } });
      expect(wrong.statusCode).toBe(401);
      expect(unknown.statusCode).toBe(401);
      expect(wrong.json().message).toBe(unknown.json().message);
    });

    it('never locks an account: wrong passwords back off their own address, the right password works from anywhere', async () => {
      await seedUser(s.identity, { id: 'locky', password: 'right-pw', roles: ['auditor'] });
      const attempt = (password: string, remoteAddress: string) =>
        s.app.inject({ method: 'GET', url: '/engine-rest/engine', remoteAddress, headers: { authorization: basic('locky', password) } });
      const codes: number[] = [];
      for (let i = 0; i < 8; i++) codes.push((await attempt('wrong', '203.0.113.7')).statusCode);
      // Five answered, then the attacker's address backs off without the password being checked at all.
      expect(codes.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(codes.slice(5)).toEqual([429, 429, 429]);
      const throttled = await attempt('wrong', '203.0.113.7');
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(throttled.json().type).toBe('TooManyRequestsException');
      // The owner, from another address, is not affected.
      expect((await attempt('right-pw', '198.51.100.2')).statusCode).toBe(200);
      // And a credential that has succeeded passes even from the attacker's address.
      expect((await attempt('right-pw', '203.0.113.7')).statusCode).toBe(200);
      expect((await s.identity.getUser('locky'))?.active).toBe(true);
    });

    it('issues a bearer token on login, answers /api/auth/me with it, and revokes it on logout', async () => {
      await seedUser(s.identity, { id: 'op1', password: 'op1-secret', roles: ['operator'], groups: ['con-operator'], tenants: ['semey'] });
      const login = await s.app.inject({ method: 'POST', url: '/api/auth/login', ...json({ username: 'op1', password: 'op1-secret' }) });
      expect(login.statusCode).toBe(200);
      const session = login.json();
      expect(session).toMatchObject({ user: { id: 'op1' }, tenants: ['semey'], roles: ['operator'] });
      expect(session.groups).toEqual(expect.arrayContaining(['con-operator', 'operator']));
      expect(Date.parse(session.expiresAt)).toBeGreaterThan(Date.now());
      const me = await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${session.token}` } });
      expect(me.statusCode).toBe(200);
      expect(me.json().user.id).toBe('op1');
      const out = await s.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { authorization: `Bearer ${session.token}` } });
      expect(out.statusCode).toBe(204);
      const after = await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: `Bearer ${session.token}` } });
      expect(after.statusCode).toBe(401);
      // No Basic challenge for a bearer caller: a browser would pop up a login dialog.
      expect(after.headers['www-authenticate']).toBeUndefined();
      // Only the hash of a token is stored.
      const rows = await s.db.db('identity_token').select('token_hash');
      expect(rows.map((r) => r.token_hash)).not.toContain(session.token);
    });

    it('leaves /api/health open and validates login bodies', async () => {
      expect((await s.app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({ status: 'ok' });
      const bad = await s.app.inject({ method: 'POST', url: '/api/auth/login', ...json({ username: 'x' }) });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().type).toBe('InvalidRequestException');
    });
  });

  describe('applicant registration', () => {
    it('registers an applicant by IIN into the chosen akimat and group applicant, then signs in by IIN', async () => {
      await s.identity.createTenant({ id: 'kyzylzhar', name: 'Кызылжарский район' });
      const iin = '870101300019';
      const res = await s.app.inject({ method: 'POST', url: '/api/auth/register', ...json({ iin, password: 'long-enough-pw', firstName: 'Айгерим', lastName: 'Сапарова', tenantId: 'kyzylzhar' }) });
      expect(res.statusCode, res.body).toBe(200);
      const body = res.json();
      expect(body.tenants).toEqual(['kyzylzhar']);
      expect(body.roles).toEqual(['applicant']);
      // The user id is not the IIN: ids travel in logs and URLs.
      expect(body.user.id).not.toContain(iin);
      const login = await s.app.inject({ method: 'POST', url: '/api/auth/login', ...json({ iin, password: 'long-enough-pw' }) });
      expect(login.statusCode).toBe(200);
      // The portal signs in with the IIN typed as the user name.
      const asUsername = await s.app.inject({ method: 'POST', url: '/api/auth/login', ...json({ username: iin, password: 'long-enough-pw' }) });
      expect(asUsername.statusCode).toBe(200);
      expect(asUsername.json().user.id).toBe(body.user.id);
      const again = await s.app.inject({ method: 'POST', url: '/api/auth/register', ...json({ iin, password: 'long-enough-pw', firstName: 'A', lastName: 'B', tenantId: 'kyzylzhar' }) });
      expect(again.statusCode).toBe(400);
      expect(again.body).not.toContain(iin);
    });

    it('lists the akimats for the registration form without sign-in', async () => {
      const res = await s.app.inject({ method: 'GET', url: '/api/auth/tenants' });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(expect.arrayContaining([{ id: 'kyzylzhar', name: 'Кызылжарский район', names: null }]));
    });

    it('names an akimat with a profile in both languages, for a page in either', async () => {
      await s.app.db('tenant_profile').insert({ tenant_id: 'kyzylzhar', revision: 1, updated_at: Date.now(), updated_by: null,
        profile: JSON.stringify({ id: 'kyzylzhar', name: { ru: 'Акимат Кызылжарского района', kk: 'Қызылжар аудандық әкімдігі' } }) });
      try {
        const res = await s.app.inject({ method: 'GET', url: '/api/auth/tenants' });
        expect(res.json()).toEqual(expect.arrayContaining([{ id: 'kyzylzhar', name: 'Кызылжарский район', names: { ru: 'Акимат Кызылжарского района', kk: 'Қызылжар аудандық әкімдігі' } }]));
      } finally { await s.app.db('tenant_profile').where({ tenant_id: 'kyzylzhar' }).delete(); }
    });

    it('refuses an IIN with a wrong check digit', async () => {
      const res = await s.app.inject({ method: 'POST', url: '/api/auth/register', ...json({ iin: '870101300018', password: 'long-enough-pw', firstName: 'A', lastName: 'B', tenantId: 'kyzylzhar' }) });
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/контрольный разряд/);
    });
  });

  describe('Camunda admin REST', () => {
    it('creates users, groups and tenants and their memberships, and verifies credentials', async () => {
      const h = { authorization: adminAuth };
      const mk = (url: string, body?: unknown) => s.app.inject({ method: url.startsWith('PUT ') ? 'PUT' : 'POST', url: url.replace(/^PUT /, ''), headers: h, ...(body ? json(body) : {}) });
      expect((await mk('/engine-rest/user/create', { profile: { id: 'spec1', firstName: 'Нурлан', lastName: 'Ахметов', email: 'n@example.kz' }, credentials: { password: 'spec1-pw' } })).statusCode).toBe(204);
      expect((await mk('/engine-rest/group/create', { id: 'provider-specialist', name: 'Специалист', type: 'WORKFLOW' })).statusCode).toBe(204);
      expect((await mk('/engine-rest/tenant/create', { id: 'zhambyl-sko', name: 'Жамбылский район' })).statusCode).toBe(204);
      expect((await mk('PUT /engine-rest/group/provider-specialist/members/spec1')).statusCode).toBe(204);
      expect((await mk('PUT /engine-rest/group/operator/members/spec1')).statusCode).toBe(204);
      expect((await mk('PUT /engine-rest/tenant/zhambyl-sko/user-members/spec1')).statusCode).toBe(204);
      expect((await mk('PUT /engine-rest/tenant/zhambyl-sko/group-members/provider-specialist')).statusCode).toBe(204);
      expect((await mk('PUT /engine-rest/tenant/nowhere/user-members/spec1')).statusCode).toBe(404);

      const dup = await mk('/engine-rest/user/create', { profile: { id: 'spec1' }, credentials: { password: 'x-pw-x' } });
      expect(dup.statusCode).toBe(400);

      const users = await s.app.inject({ method: 'GET', url: '/engine-rest/user?memberOfTenant=zhambyl-sko', headers: h });
      expect(users.json()).toEqual([{ id: 'spec1', firstName: 'Нурлан', lastName: 'Ахметов', email: 'n@example.kz' }]);
      const profile = await s.app.inject({ method: 'GET', url: '/engine-rest/user/spec1/profile', headers: { authorization: basic('spec1', 'spec1-pw') } });
      expect(profile.json().id).toBe('spec1');
      const groups = await s.app.inject({ method: 'GET', url: '/engine-rest/group?member=spec1', headers: h });
      expect(groups.json().map((g: { id: string }) => g.id).sort()).toEqual(['operator', 'provider-specialist']);
      const tenants = await s.app.inject({ method: 'GET', url: '/engine-rest/tenant?userMember=spec1', headers: h });
      expect(tenants.json()).toEqual([{ id: 'zhambyl-sko', name: 'Жамбылский район' }]);
      const idg = await s.app.inject({ method: 'GET', url: '/engine-rest/identity/groups?userId=spec1', headers: h });
      expect(idg.json().groups.map((g: { id: string }) => g.id).sort()).toEqual(['operator', 'provider-specialist']);

      const ok = await s.app.inject({ method: 'POST', url: '/engine-rest/identity/verify', headers: h, ...json({ username: 'spec1', password: 'spec1-pw' }) });
      expect(ok.json()).toEqual({ authenticatedUser: 'spec1', authenticated: true });
      const nok = await s.app.inject({ method: 'POST', url: '/engine-rest/identity/verify', headers: h, ...json({ username: 'spec1', password: 'bad' }) });
      expect(nok.json()).toEqual({ authenticatedUser: 'spec1', authenticated: false });
    });

    it('gives a user the tenants of their groups', async () => {
      const h = { authorization: adminAuth };
      await s.app.inject({ method: 'POST', url: '/engine-rest/user/create', headers: h, payload: { profile: { id: 'via-group' }, credentials: { password: 'via-group-pw' } } });
      await s.app.inject({ method: 'POST', url: '/engine-rest/group/create', headers: h, payload: { id: 'aktobe-staff', name: 'Сотрудники', type: 'WORKFLOW' } });
      await s.app.inject({ method: 'POST', url: '/engine-rest/tenant/create', headers: h, payload: { id: 'aktobe-oblast', name: 'Актюбинская область' } });
      expect((await s.app.inject({ method: 'PUT', url: '/engine-rest/group/aktobe-staff/members/via-group', headers: h })).statusCode).toBe(204);
      expect((await s.app.inject({ method: 'PUT', url: '/engine-rest/tenant/aktobe-oblast/group-members/aktobe-staff', headers: h })).statusCode).toBe(204);
      const me = await s.app.inject({ method: 'GET', url: '/api/auth/me', headers: { authorization: basic('via-group', 'via-group-pw') } });
      expect(me.json().tenants).toEqual(['aktobe-oblast']);
      const members = await s.app.inject({ method: 'GET', url: '/engine-rest/user?memberOfTenant=aktobe-oblast', headers: h });
      expect(members.json().map((u: { id: string }) => u.id)).toContain('via-group');
    });

    it('forbids identity changes to non-administrators and hides other akimats\' users', async () => {
      const op = await seedUser(s.identity, { id: 'op-semey', roles: ['operator'], tenants: ['semey'] });
      const res = await s.app.inject({ method: 'POST', url: '/engine-rest/group/create', headers: { authorization: op }, ...json({ id: 'g-x' }) });
      expect(res.statusCode).toBe(403);
      expect(res.json().type).toBe('AuthorizationException');
      const tenantAdmin = await seedUser(s.identity, { id: 'admin-semey', roles: ['admin'], tenants: ['semey'] });
      await seedUser(s.identity, { id: 'spec-aktobe', roles: ['operator'], tenants: ['aktobe-oblast'] });
      const list = await s.app.inject({ method: 'GET', url: '/engine-rest/user', headers: { authorization: tenantAdmin } });
      const ids = list.json().map((u: { id: string }) => u.id);
      expect(ids).toContain('op-semey');
      expect(ids).not.toContain('spec-aktobe');
      const other = await s.app.inject({ method: 'GET', url: '/engine-rest/user/spec-aktobe/profile', headers: { authorization: tenantAdmin } });
      expect(other.statusCode).toBe(404);
      const join = await s.app.inject({ method: 'PUT', url: '/engine-rest/tenant/aktobe-oblast/user-members/op-semey', headers: { authorization: tenantAdmin } });
      expect(join.statusCode).toBe(404);
      const mkTenant = await s.app.inject({ method: 'POST', url: '/engine-rest/tenant/create', headers: { authorization: tenantAdmin }, ...json({ id: 'new-akimat' }) });
      expect(mkTenant.statusCode).toBe(403);
      const grant = await s.app.inject({ method: 'PUT', url: '/engine-rest/group/admin/members/op-semey', headers: { authorization: tenantAdmin } });
      expect(grant.statusCode).toBe(403);
    });
  });
});
