// What an anonymous stranger can do with sign-in: slow their own guesses down, and nothing more. No account locks
// (not a worker's, not an administrator's), a ЦОН office behind one address signs in its whole shift, a guess spread
// over many addresses slows only addresses that never signed in, and the demo signer signs for nobody but its owner.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignInThrottle } from '../../src/api/sign-in-throttle.js';
import { demoSignerRoutes } from '../../src/api/reglament-demo-signer.js';
import { challengeDocument } from '../../src/api/plugins/eds-login.js';
import { startApp, type RunningApp } from '../../src/app/compose.js';
import { ADMIN, adminAuth, basic, seedUser, startServer, type TestServer } from '../support/server.js';

describe('SignInThrottle', () => {
  it('backs off one (account, address) pair exponentially up to the cap, and a success clears it', () => {
    let now = 0;
    const t = new SignInThrottle({ freeFailures: 2, baseDelayMs: 1000, maxDelayMs: 4000 }, () => now);
    t.failure('a', 'x'); t.failure('a', 'x');
    expect(t.check('a', 'x', 'guess')).toEqual({ allowed: false, retryAfterMs: 1000 });
    expect(t.check('a', 'y', 'guess')).toEqual({ allowed: true });
    now = 1000; t.failure('a', 'x');
    expect(t.check('a', 'x', 'guess')).toEqual({ allowed: false, retryAfterMs: 2000 });
    now = 3000; t.failure('a', 'x'); now = 7000; t.failure('a', 'x');
    expect(t.check('a', 'x', 'guess')).toEqual({ allowed: false, retryAfterMs: 4000 });
    t.success('a', 'x', 'right');
    expect(t.check('a', 'x', 'guess')).toEqual({ allowed: true });
  });

  it('a credential that succeeded is never held back, wherever it comes from', () => {
    const t = new SignInThrottle({ freeFailures: 0, accountFailures: 1, addressFailures: 1 });
    t.success('worker', 'node-1', 'secret');
    for (let i = 0; i < 10; i++) t.failure('worker', 'attacker');
    expect(t.check('worker', 'attacker', 'guess').allowed).toBe(false);
    expect(t.check('worker', 'attacker', 'secret')).toEqual({ allowed: true });
    expect(t.check('worker', 'elsewhere', 'secret')).toEqual({ allowed: true });
  });

  it('keeps its tables bounded under a flood of names', () => {
    const t = new SignInThrottle({ maxEntries: 100 });
    for (let i = 0; i < 10_000; i++) t.failure(`user-${i}`, `10.0.${i >> 8}.${i & 255}`);
    const sizes = ['pairs', 'addresses', 'accounts'].map((k) => (t as unknown as Record<string, Map<string, unknown>>)[k]!.size);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
  });
});

describe('sign-in over HTTP', () => {
  let s: TestServer;
  beforeAll(async () => { s = await startServer({ withoutEngine: true, config: { authCacheMs: 0 } }); });
  afterAll(async () => { await s.close(); });

  const version = (authorization: string, remoteAddress: string) =>
    s.app.inject({ method: 'GET', url: '/engine-rest/version', remoteAddress, headers: { authorization } });

  it('six anonymous wrong passwords lock neither the worker nor the administrator (the reported denial of service)', async () => {
    await seedUser(s.identity, { id: 'worker', password: 'worker-secret', roles: ['worker'] });
    expect((await version(basic('worker', 'worker-secret'), '127.0.0.1')).statusCode).toBe(200);
    for (const user of ['worker', ADMIN.user]) {
      for (let i = 0; i < 12; i++) expect([401, 429]).toContain((await version(basic(user, `wrong-${i}`), '127.0.0.9')).statusCode);
    }
    // Same machine as the attacker (the demo runs everything on loopback) and elsewhere: both keep working.
    expect((await version(basic('worker', 'worker-secret'), '127.0.0.1')).statusCode).toBe(200);
    expect((await version(basic('worker', 'worker-secret'), '127.0.0.9')).statusCode).toBe(200);
    expect((await version(adminAuth, '192.0.2.1')).statusCode).toBe(200);
    const row = await s.db.db('identity_user').where({ id: 'worker' }).first();
    expect(row.locked_until).toBeNull();
  });

  it('a ЦОН office behind one address signs in its whole shift; one account repeating itself is limited', async () => {
    for (let i = 0; i < 25; i++) await seedUser(s.identity, { id: `con-op-${i}`, password: `pw-${i}-secret`, roles: ['operator'] });
    for (let i = 0; i < 25; i++) {
      const res = await s.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '198.51.100.50', payload: { username: `con-op-${i}`, password: `pw-${i}-secret` } });
      expect(res.statusCode, `operator ${i}`).toBe(200);
    }
    const codes: number[] = [];
    for (let i = 0; i < 12; i++) {
      codes.push((await s.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '198.51.100.50', payload: { username: 'con-op-0', password: 'pw-0-secret' } })).statusCode);
    }
    expect(codes.filter((c) => c === 429).length).toBeGreaterThan(0);
    // The colleague at the next desk is not affected.
    expect((await s.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: '198.51.100.50', payload: { username: 'con-op-1', password: 'pw-1-secret' } })).statusCode).toBe(200);
  });

  it('a guess spread over many addresses slows new addresses only; the owner\'s address keeps working', async () => {
    await seedUser(s.identity, { id: 'target', password: 'target-secret', roles: ['auditor'] });
    expect((await version(basic('target', 'target-secret'), '192.0.2.10')).statusCode).toBe(200);
    for (let i = 0; i < 60; i++) await version(basic('target', `guess-${i}`), `10.77.0.${i}`);
    const fresh = await version(basic('target', 'another-guess'), '10.78.0.1');
    expect(fresh.statusCode).toBe(429);
    // The owner's address, even with a typo first, is answered normally.
    expect((await version(basic('target', 'typo'), '192.0.2.10')).statusCode).toBe(401);
    expect((await version(basic('target', 'target-secret'), '192.0.2.10')).statusCode).toBe(200);
  });

  it('a browser never gets the Basic challenge, and Basic credentials on a cross-site request are refused', async () => {
    const fromApi = await s.app.inject({ method: 'GET', url: '/engine-rest/version' });
    expect(fromApi.headers['www-authenticate']).toBe('Basic realm="reglament"');
    const fromPage = await s.app.inject({ method: 'GET', url: '/engine-rest/version', headers: { 'sec-fetch-mode': 'navigate', accept: 'text/html' } });
    expect(fromPage.statusCode).toBe(401);
    expect(fromPage.headers['www-authenticate']).toBeUndefined();
    const crossSite = await s.app.inject({ method: 'GET', url: '/engine-rest/version', headers: { authorization: adminAuth, 'sec-fetch-site': 'cross-site' } });
    expect(crossSite.statusCode).toBe(401);
  });
});

describe('the demo signer and two demo nodes', () => {
  let dir: string;
  let nodeA: RunningApp;
  let nodeB: RunningApp | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'reglament-demo-abuse-'));
    nodeA = await startApp({ demo: true, workers: false, dbConfig: { sqliteFile: join(dir, 'db.sqlite') }, dataDir: dir, bundles: ['semey/housing-queue'], adminUser: 'admin', adminPassword: 'admin-demo-secret' });
  }, 180_000);
  afterAll(async () => { await nodeB?.close(); await nodeA?.close(); });

  const sign = (body: Record<string, unknown>, authorization?: string) => nodeA.app.inject({
    method: 'POST', url: '/api/demo/signer/sign', payload: body, headers: authorization ? { authorization } : {},
  });

  it('without a session, signs only a sign-in challenge, only with the person\'s key password', async () => {
    const person = nodeA.demo!.logins.find((l) => l.iin && l.role.startsWith('applicant'))!;
    const staff = nodeA.demo!.logins.find((l) => l.iin && l.user.startsWith('specialist.'))!;
    const challenge = challengeDocument('abc123');
    expect((await sign({ xml: challenge, iin: person.iin })).statusCode).toBe(401);
    expect((await sign({ xml: challenge, iin: staff.iin, password: 'guess' })).statusCode).toBe(401);
    expect((await sign({ xml: '<?xml version="1.0"?><application>anything</application>', iin: person.iin, password: person.password })).statusCode).toBe(401);
    const ok = await sign({ xml: challenge, iin: person.iin, password: person.password });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().signedXml).toContain('SignatureValue');
  });

  it('a signed-in user signs any document, as themselves only', async () => {
    const person = nodeA.demo!.logins.find((l) => l.iin && l.role.startsWith('applicant'))!;
    const other = nodeA.demo!.logins.find((l) => l.iin && l.iin !== person.iin)!;
    const login = await nodeA.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: person.user, password: person.password } });
    const token = login.json().token as string;
    const res = await sign({ xml: '<?xml version="1.0"?><application>x</application>', iin: other.iin }, `Bearer ${token}`);
    expect(res.statusCode).toBe(200);
    const signed = res.json().signedXml as string;
    // The certificate in the signature is the signed-in person's (its subject carries their IIN), never the other's.
    const cert = Buffer.from(/<(?:ds:)?X509Certificate>([^<]+)</.exec(signed)![1]!, 'base64').toString('latin1');
    expect(cert).toContain(person.iin!);
    expect(cert).not.toContain(other.iin!);
  });

  it('cannot be registered outside demo mode', async () => {
    const app = Fastify();
    app.decorate('apiConfig', { demo: false } as never);
    await expect(app.register(demoSignerRoutes({} as never)).ready()).rejects.toThrow(/demo mode/);
    await app.close();
  });

  it('a second node on the same database changes nothing the first one signs in with', async () => {
    const before = await nodeA.db('identity_user').where({ id: 'worker' }).first();
    const tokensBefore = Number((await nodeA.db('identity_token').where({ user_id: 'worker' }).whereNull('revoked_at').count({ n: '*' }))[0]!.n);
    nodeB = await startApp({ demo: true, workers: false, dbConfig: { sqliteFile: join(dir, 'db.sqlite') }, dataDir: dir, bundles: ['semey/housing-queue'], adminUser: 'admin', adminPassword: 'admin-demo-secret' });
    const after = await nodeA.db('identity_user').where({ id: 'worker' }).first();
    expect(after.password_hash).toBe(before.password_hash);
    expect(Number((await nodeA.db('identity_token').where({ user_id: 'worker' }).whereNull('revoked_at').count({ n: '*' }))[0]!.n)).toBe(tokensBefore + 1);
    await nodeB.close();
    nodeB = undefined;
    // Closing a node revokes its own token and no other.
    expect(Number((await nodeA.db('identity_token').where({ user_id: 'worker' }).whereNull('revoked_at').count({ n: '*' }))[0]!.n)).toBe(tokensBefore);
  }, 180_000);
});
