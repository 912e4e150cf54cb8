// Sign-in by ЭЦП on a bare fastify instance with the real identity store: challenge, signed login, session,
// single use, expiry, and every way a signed challenge can be wrong.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { freshDb, type TestDb } from '../support/databases.js';
import { IdentityStore } from '../../src/store/identity.js';
import { withDefaults } from '../../src/api/config.js';
import errors from '../../src/api/plugins/errors.js';
import { edsLogin, challengeDocument } from '../../src/api/plugins/eds-login.js';
import { testPki, signWith, testVerifier, requestXml } from '../factories/pki.js';
import type { TestPki } from '../../src/eds/pki.js';
import { NcanodeVerifier } from '../../src/eds/ncanode-verifier.js';

let pki: TestPki;
let db: TestDb;
let identity: IdentityStore;
let clock = Date.now();

async function app(options: Parameters<typeof edsLogin>[0] = {}): Promise<FastifyInstance> {
  const instance = Fastify();
  instance.decorate('db', db.db);
  instance.decorate('identity', identity);
  instance.decorate('apiConfig', withDefaults());
  await instance.register(errors);
  await instance.register(edsLogin({ verifier: await testVerifier(pki), now: () => clock, ...options }));
  await instance.ready();
  return instance;
}

async function challenge(instance: FastifyInstance): Promise<string> {
  const res = await instance.inject({ method: 'POST', url: '/api/auth/eds/challenge' });
  expect(res.statusCode).toBe(200);
  const body = res.json() as { challenge: string; document: string };
  expect(body.document).toBe(challengeDocument(body.challenge));
  return body.challenge;
}

const login = (instance: FastifyInstance, signedXml: string) =>
  instance.inject({ method: 'POST', url: '/api/auth/eds/login', payload: { signedXml } });

beforeAll(async () => {
  pki = await testPki();
  db = await freshDb('sqlite');
  identity = new IdentityStore(db.db);
  await identity.createTenant({ id: 'zhambyl-sko' });
  await identity.createGroup({ id: 'applicant' });
  await identity.createUser({ id: 'applicant-1', iin: pki.iin, kind: 'applicant', firstName: 'Тест' });
  await identity.addGroupMember('applicant', 'applicant-1');
  await identity.addTenantUser('zhambyl-sko', 'applicant-1');
});
afterAll(async () => { await db?.destroy(); });

describe('src/api/plugins/eds-login', () => {
  it('issues a session for a signed challenge, usable as a bearer token, and the challenge only once', async () => {
    const instance = await app();
    const c = await challenge(instance);
    const signed = await signWith(pki, 'valid', challengeDocument(c));
    const res = await login(instance, signed);
    expect(res.statusCode).toBe(200);
    const body = res.json() as { token: string; user: { id: string }; groups: string[]; tenants: string[] };
    expect(body.user.id).toBe('applicant-1');
    expect(body.groups).toContain('applicant');
    expect(body.tenants).toEqual(['zhambyl-sko']);
    expect(JSON.stringify(body)).not.toContain(pki.iin);
    expect(await identity.resolveToken(body.token)).toMatchObject({ userId: 'applicant-1' });
    const replay = await login(instance, signed);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ type: 'AuthenticationException', message: expect.stringMatching(/already used/) });
  });

  it('refuses an expired challenge', async () => {
    const instance = await app({ challengeTtlMs: 1000 });
    const c = await challenge(instance);
    clock += 2000;
    const res = await login(instance, await signWith(pki, 'valid', challengeDocument(c)));
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/expired/);
  });

  it('refuses a challenge the server never issued, and a signed document that is not a challenge', async () => {
    const instance = await app();
    expect((await login(instance, await signWith(pki, 'valid', challengeDocument('made-up')))).statusCode).toBe(401);
    const other = await login(instance, await signWith(pki, 'valid', requestXml(pki.iin)));
    expect(other.statusCode).toBe(401);
    expect(other.json().message).toMatch(/not a sign-in challenge/);
  });

  it('refuses a certificate whose IIN is not a registered user, a revoked or expired certificate, a tampered challenge', async () => {
    const instance = await app();
    const cases: [Promise<string>, RegExp][] = [
      [challenge(instance).then((c) => signWith(pki, 'wrong-iin', challengeDocument(c))), /no active user/],
      [challenge(instance).then((c) => signWith(pki, 'revoked', challengeDocument(c))), /отозвано/],
      [challenge(instance).then((c) => signWith(pki, 'expired', challengeDocument(c))), /срок действия/],
      [challenge(instance).then(async (c) => (await signWith(pki, 'valid', challengeDocument(c))).replace(c, `${c}x`)), /подпись/],
    ];
    for (const [xml, message] of cases) {
      const res = await login(instance, await xml);
      expect(res.statusCode).toBe(401);
      expect(res.json().message).toMatch(message);
      expect(res.body).not.toContain(pki.iin);
    }
  });

  it('refuses a disabled user', async () => {
    const instance = await app();
    await identity.setActive('applicant-1', false);
    const res = await login(instance, await signWith(pki, 'valid', challengeDocument(await challenge(instance))));
    expect(res.statusCode).toBe(401);
    await identity.setActive('applicant-1', true);
  });

  it('refuses DOCTYPE, oversized and unsigned bodies with a clear error, without a 500', async () => {
    const instance = await app();
    const xxe = await login(instance, `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`);
    expect(xxe.statusCode).toBe(401);
    expect(xxe.json().message).toMatch(/DOCTYPE/);
    const huge = await login(instance, `<r>${'a'.repeat(70 * 1024)}</r>`);
    expect(huge.statusCode).toBe(400);
    expect((await login(instance, challengeDocument('x'))).statusCode).toBe(401);
    expect((await instance.inject({ method: 'POST', url: '/api/auth/eds/login', payload: {} })).statusCode).toBe(400);
  });

  it('says sign-in by ЭЦП is unavailable when the verifier cannot be asked, and unconfigured when there is none', async () => {
    const down = await app({ verifier: new NcanodeVerifier({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 500 }) });
    const res = await login(down, await signWith(pki, 'valid', challengeDocument(await challenge(down))));
    expect(res.statusCode).toBe(401);
    expect(res.json().message).toMatch(/unavailable/);
    const none = await app({ verifier: () => Promise.reject(new Error('no EDS_TRUST_ROOTS')) });
    const res2 = await login(none, await signWith(pki, 'valid', challengeDocument(await challenge(none))));
    expect(res2.json().message).toMatch(/not configured/);
  });
});
