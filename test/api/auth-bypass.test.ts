// Every registered route, taken from the server's own route table, refuses a caller without valid credentials —
// also when its path is spelled so that a raw-URL pattern would miss it — and such a request writes nothing.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app/compose.js';
import { basic } from '../support/server.js';

let running: RunningApp;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reglament-auth-walk-'));
  running = await startApp({
    demo: true, workers: false, dbConfig: { sqliteFile: join(dir, 'db.sqlite') }, dataDir: dir,
    bundles: ['semey/housing-queue'], adminUser: 'admin', adminPassword: 'admin-walk-secret',
  });
}, 180_000);
afterAll(async () => { await running?.close(); });

interface Route { method: string; url: string; public: boolean }

/** The routes as fastify registered them, each with whether it declared itself public. */
function routeTable(): Route[] {
  return running.app.registeredRoutes.map((r) => ({ method: r.method, url: r.url, public: r.public }));
}

/** A concrete path for a route pattern: every parameter and wildcard filled. */
const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, 'x1').replace(/\*/g, 'x1');

const encodeChar = (c: string) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** Spellings of one path that a decoding router may or may not map to the same route. */
function variants(path: string): string[] {
  const [, prefix = '', rest = ''] = /^\/([^/]+)(.*)$/.exec(path) ?? [];
  const out = new Set<string>();
  for (let i = 0; i < prefix.length; i++) {
    out.add(`/${prefix.slice(0, i)}${encodeChar(prefix[i]!)}${prefix.slice(i + 1)}${rest}`);
    out.add(`/${prefix.slice(0, i)}${encodeChar(prefix[i]!).toUpperCase()}${prefix.slice(i + 1)}${rest}`);
  }
  out.add(`/${[...prefix].map(encodeChar).join('')}${rest}`);
  out.add(`/%25${prefix.charCodeAt(0).toString(16)}${prefix.slice(1)}${rest}`);
  out.add(path.replace(/\//g, '%2F'));
  out.add(`/${prefix}%2F${rest.slice(1)}`);
  out.add(`${path}/`);
  out.add(`//${prefix}${rest}`);
  out.add(`/${prefix.toUpperCase()}${rest}`);
  out.add(`/./${prefix}${rest}`);
  out.add(`/x/../${prefix}${rest}`);
  out.add(`${path};x=1`);
  out.add(`${path}?a=1`);
  return [...out];
}

/** Row counts of every table: what an unauthenticated request must leave as it found it. */
async function rowCounts(): Promise<Record<string, number>> {
  const tables = await running.db('sqlite_master').where({ type: 'table' }).whereNot('name', 'like', 'sqlite_%').pluck('name') as string[];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = Number((await running.db(t).count({ n: '*' }))[0]!.n);
  return counts;
}

const bodyFor = (method: string) => (method === 'GET' || method === 'DELETE' || method === 'HEAD' ? undefined : {
  profile: { id: 'evil' }, credentials: { password: 'evilevil123' }, id: 'evil', name: 'evil', username: 'admin', password: 'x',
});

describe('authentication is decided on the matched route, for every route', () => {
  it('the route table holds the API (engine-rest and /api) and only the expected routes are public', () => {
    const routes = routeTable();
    expect(routes.filter((r) => r.url.startsWith('/engine-rest/')).length).toBeGreaterThan(60);
    expect(routes.filter((r) => r.url.startsWith('/api/')).length).toBeGreaterThan(30);
    const publicApi = routes.filter((r) => r.public && !r.url.startsWith('/web/') && r.url !== '/' && r.url !== '/favicon.ico')
      .map((r) => `${r.method} ${r.url}`).sort();
    expect(publicApi).toEqual([
      'POST /api/auth/eds/challenge', 'GET /api/auth/tenants', 'GET /api/documents/verify/:code', 'GET /api/health',
      'POST /api/auth/eds/login', 'POST /api/auth/login', 'POST /api/auth/register', 'POST /api/demo/signer/sign',
      'GET /api/tenants/:id/organization', 'GET /api/tenants/:id/where-to-apply',
    ].sort());
  });

  it('refuses every non-public route without credentials, with a wrong password and under encoded spellings, writing nothing', async () => {
    const before = await rowCounts();
    const wrong = basic('admin', 'not-the-password');
    const failures: string[] = [];
    let checked = 0;
    for (const route of routeTable().filter((r) => !r.public)) {
      const path = concrete(route.url);
      const payload = bodyFor(route.method);
      for (const authorization of [undefined, wrong, 'Bearer not-a-token', 'Basic']) {
        const res = await running.app.inject({ method: route.method as 'GET', url: path, payload, headers: authorization ? { authorization } : {} });
        checked++;
        // Repeated wrong passwords back off with 429 (docs/security.md): refused all the same.
        const refused = res.statusCode === 401 || (authorization === wrong && res.statusCode === 429);
        if (!refused) failures.push(`${route.method} ${path} [${authorization ?? 'none'}] → ${res.statusCode}`);
      }
      for (const spelled of variants(path)) {
        const res = await running.app.inject({ method: route.method as 'GET', url: spelled, payload });
        checked++;
        // A spelling the router does not map to a route is a 404 that reaches no handler; any other answer is a leak.
        if (res.statusCode !== 401 && res.statusCode !== 404) failures.push(`${route.method} ${spelled} → ${res.statusCode}`);
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(1000);
    expect(await rowCounts()).toEqual(before);
  }, 120_000);

  it('the reported bypass: an encoded prefix neither creates a user nor answers anything but 401', async () => {
    for (const url of ['/%65ngine-rest/user/create', '/%65ngine-rest/group/create', '/%61pi/auth/me', '/%65ngine-rest/openapi.json', '/%65ngine-rest/identity/verify']) {
      const res = await running.app.inject({ method: url.endsWith('me') || url.endsWith('.json') ? 'GET' : 'POST', url, payload: url.endsWith('me') || url.endsWith('.json') ? undefined : { profile: { id: 'evil' }, credentials: { password: 'evilevil123' }, id: 'evil', username: 'admin', password: 'x' } });
      expect(res.statusCode, url).toBe(401);
      expect(res.json().type).toBe('AuthenticationException');
    }
    expect(await running.app.identity.getUser('evil')).toBeNull();
    expect(await running.app.identity.getGroup('evil')).toBeNull();
  });
});
