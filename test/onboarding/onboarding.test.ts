// A new akimat joins with data only: a running server, the fixture folder (tenant.json and two bundles, no
// TypeScript), `reglament tenant apply` and `reglament deploy` as an akimat's administrator runs them, staff who sign
// in, and every route of both services driven over REST with the real workers to a refusal and towards a result.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../../src/app/compose.js';
import { iinCheckDigit } from '../../src/iin/index.js';
import { TEST_IIN } from '../../src/eds/pki.js';
import { seedDemoPersons, type DemoRegistry } from '../../src/demo/registry-seed.js';
import { startWorkers, type RunningWorkers } from '../../workers/runner.js';
import { requestXml, signWith, testPki } from '../factories/pki.js';
import { until } from '../support/rest.js';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const FIXTURE = join(import.meta.dirname, 'fixture', 'sample-akimat');
const TENANT = 'sample-akimat';
const ADMIN = { user: 'admin', password: 'onboarding-admin-password' };
const WORKER = { user: 'worker.sample', password: 'worker-sample-password' };
const STAFF_PASSWORD = 'staff-sample-password';
const silent = { info() {}, warn() {}, error() {} };

type Route = 'provider' | 'con' | 'portal';
const ROUTES: Record<string, Route[]> = { 'unemployed-certificate': ['provider', 'con', 'portal'], 'guardianship-certificate': ['con', 'portal'] };
const ACTOR: Record<Route, string> = { provider: 'specialist.sample', con: 'operator.sample', portal: 'applicant' };

let app: RunningApp;
let workers: RunningWorkers | undefined;
let registry: DemoRegistry;
const tokens: Record<string, string> = {};
let applicantUser = '';
let started = 0;
const timings: Record<string, number> = {};

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const adminAuth = basic(ADMIN.user, ADMIN.password);

async function rest(path: string, init: { method?: string; body?: unknown; auth?: string } = {}): Promise<any> {
  const headers: Record<string, string> = init.auth === '' ? {} : { authorization: init.auth ?? adminAuth };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(app.url + path, { method: init.method ?? 'GET', headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** The CLI as an administrator runs it, in a child process (the server answers in this one meanwhile). */
async function cli(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args], { cwd: ROOT });
    return { stdout, stderr, code: 0 };
  } catch (e) {
    const err = e as { stdout: string; stderr: string; code: number };
    return { stdout: err.stdout, stderr: err.stderr, code: err.code };
  }
}

const typed = (vars: Record<string, unknown>) => Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, typeof v === 'object' && v !== null
  ? { value: JSON.stringify(v), type: 'Json' }
  : { value: v, type: typeof v === 'number' ? 'Integer' : typeof v === 'boolean' ? 'Boolean' : 'String' }]));

function unknownIin(): string {
  const prefix = '77020230045';
  return `${prefix}${iinCheckDigit(prefix)}`;
}

/** What the intake or application form submits, with the registry's people (as test/processes does for Semey). */
function application(service: string, route: Route): Record<string, unknown> {
  const family = registry.families[0]!;
  const base = { applicantIin: family.parent.iin, applicantFullName: family.parent.name, address: 'г. Примерный, ул. Первая, д. 1', phone: '+7 710 000 00 00' };
  if (service === 'unemployed-certificate') {
    return { ...base, ...(route === 'portal' ? { applicantIin: TEST_IIN } : {}), fullName: base.applicantFullName, periodFrom: '2025-01-01', periodTo: '2025-02-28', presentTo: 'по месту требования' };
  }
  return {
    ...base, applicantIin: route === 'portal' ? TEST_IIN : registry.guardianship.guardianIin, city: 'Примерный',
    childIin: registry.guardianship.childIin, childFullName: 'Ким Дана', childBirthDate: '2016-05-20',
    guardianFullName: registry.families[1]!.parent.name, applicantFullName: registry.families[1]!.parent.name, wardFullName: 'Ким Дана', wardBirthDate: '2016-05-20',
  };
}

function review(service: string, decision: 'issued' | 'refusal' = 'issued'): Record<string, unknown> {
  if (decision === 'refusal') return { decision, refusalReason: 'представлен неполный пакет документов' };
  return service === 'unemployed-certificate'
    ? { decision: 'issued', registeredAsUnemployed: '15.01.2025, решение № 12' }
    : { decision: 'issued', certificateNumber: '15', role: 'guardian', resolutionNumber: '101', resolutionDate: '2025-01-15', property: 'none' };
}

interface Outcome { ended: boolean; endActivity: string | null; incident: { activityId: string; message: string } | null; visited: string[] }

/** Starts a route as its actor and answers its user tasks until it ends or stops at an incident. */
async function drive(service: string, route: Route, start: Record<string, unknown>, decision: 'issued' | 'refusal' = 'issued'): Promise<Outcome> {
  const actor = ACTOR[route] === 'applicant' ? applicantUser : ACTOR[route];
  const bearer = `Bearer ${tokens[actor]}`;
  const instance = await rest(`/engine-rest/process-definition/key/${service}-${route}/tenant-id/${TENANT}/start`, {
    method: 'POST', auth: bearer, body: { variables: typed({ ...start, authSession: tokens[actor] }) },
  });
  const reviewer = 'specialist.sample';
  const answered = new Set<string>();
  return until(`${service}-${route} to end or stop`, async () => {
    const [incident] = await rest(`/engine-rest/incident?processInstanceId=${instance.id}`);
    const history = await rest(`/engine-rest/history/process-instance/${instance.id}`);
    const activities = await rest(`/engine-rest/history/activity-instance?processInstanceId=${instance.id}`) as { activityId: string; activityType: string }[];
    const visited = activities.map((a) => a.activityId);
    if (incident) return { ended: false, endActivity: null, incident: { activityId: incident.activityId, message: incident.incidentMessage }, visited };
    if (history.state === 'COMPLETED') return { ended: true, endActivity: activities.find((a) => /endEvent/i.test(a.activityType))?.activityId ?? null, incident: null, visited };
    const tasks = await rest(`/engine-rest/task?processInstanceId=${instance.id}`) as { id: string; taskDefinitionKey: string }[];
    for (const task of tasks.filter((t) => !answered.has(t.id))) {
      answered.add(task.id);
      // The review is the услугодатель's (процесс 6–7 / условие 2); the route's own actor does the rest.
      const who = task.taskDefinitionKey === 'review' || task.taskDefinitionKey === 'confirm-register-refusal' ? reviewer : actor;
      const vars = task.taskDefinitionKey === 'review' ? review(service, decision) : {};
      await rest(`/engine-rest/task/${task.id}/complete`, { method: 'POST', auth: `Bearer ${tokens[who]}`, body: { variables: typed(vars) } });
    }
    return null;
  }, 60_000);
}

beforeAll(async () => {
  started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'reglament-onboarding-'));
  const pki = await testPki();
  const env = {
    EDS_TRUST_ROOTS: join(pki.dir, 'ca.pem'), EDS_CRL_FILES: join(pki.dir, 'crl.pem'), REGLAMENT_DEMO_PKI_DIR: join(dir, 'pki'),
  } as Record<string, string>;
  app = await startApp({ dbConfig: { sqliteFile: join(dir, 'db.sqlite') }, dataDir: dir, workers: false, adminUser: ADMIN.user, adminPassword: ADMIN.password, env, timerPollInterval: 200, root: ROOT });
  // The state registries (ГБД ФЛ, ЕНИС, the guardianship register) are outside systems: the embedded ones stand in.
  [registry] = await seedDemoPersons(app.db, { tenants: [TENANT] });
  await app.db('registry_guardianship').insert({ child_iin: registry.guardianship.childIin, guardian_iin: TEST_IIN, kind: 'guardianship', decision_number: 'ОП-001-25', decision_date: '2025-01-15', active: true });
  // The installation's worker user exists before the akimat joins (docs/onboarding.md, step 1).
  await rest('/engine-rest/user/create', { method: 'POST', body: { profile: { id: WORKER.user }, credentials: { password: WORKER.password } } });
  await rest(`/engine-rest/group/worker/members/${WORKER.user}`, { method: 'PUT' });
  timings.setup = Date.now() - started;
  Object.assign(env, { REGLAMENT_API_URL: app.url, REGLAMENT_PUBLIC_URL: app.url });
  (globalThis as { onboardingEnv?: Record<string, string> }).onboardingEnv = env;
}, 120_000);

afterAll(async () => {
  await workers?.stop();
  await app?.close();
});

describe('onboarding a new akimat from a fixture folder', () => {
  it('reglament tenant check refuses a broken file by file, path and reason, and writes nothing', async () => {
    const { writeFileSync } = await import('node:fs');
    const broken = join(mkdtempSync(join(tmpdir(), 'reglament-broken-')), 'tenant.json');
    writeFileSync(broken, JSON.stringify({ id: TENANT, name: { ru: 'Акимат' }, providers: [], conDepartments: [], signers: [], subscribers: [], colour: 1 }));
    const out = await cli('tenant', 'apply', broken, '--url', app.url, '--user', ADMIN.user, '--password', ADMIN.password);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain(`${broken} /: unknown key 'colour'`);
    expect(out.stderr).toContain(`${broken} /name: missing key 'kk'`);
    expect(await app.app.identity.getTenant(TENANT)).toBeNull();
  });

  it('reglament tenant apply creates the tenant, profile, staff with IINs and the worker\'s membership; the same file over REST changes nothing', async () => {
    const t0 = Date.now();
    const out = await cli('tenant', 'apply', join(FIXTURE, 'tenant.json'), '--url', app.url, '--user', ADMIN.user, '--password', ADMIN.password);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain(`tenant ${TENANT}: profile revision 1`);
    expect(out.stdout).toContain('user specialist.sample created');
    expect(out.stdout).toContain(`worker ${WORKER.user} in tenant ${TENANT}`);
    const { readFileSync } = await import('node:fs');
    const again = await rest(`/api/tenants/${TENANT}`, { method: 'PUT', body: JSON.parse(readFileSync(join(FIXTURE, 'tenant.json'), 'utf8')) });
    expect(again).toEqual({ tenantId: TENANT, revision: 1, changes: [] });
    // Recorded in the user-operation log, by the administrator, without IINs.
    const ops = await rest(`/engine-rest/history/user-operation?entityType=TenantProfile&maxResults=10`) as { userId: string; newValue: string }[];
    expect(ops.map((o) => [o.userId, o.newValue])).toContainEqual([ADMIN.user, '1']);
    timings.apply = Date.now() - t0;
  });

  it('a staff member of the akimat cannot apply tenant files; an applicant-facing page shows where to apply', async () => {
    await rest(`/engine-rest/user/specialist.sample/credentials`, { method: 'PUT', body: { password: STAFF_PASSWORD, authenticatedUserPassword: ADMIN.password } });
    await rest(`/engine-rest/user/operator.sample/credentials`, { method: 'PUT', body: { password: STAFF_PASSWORD, authenticatedUserPassword: ADMIN.password } });
    const refused = await fetch(`${app.url}/api/tenants/${TENANT}`, { method: 'PUT', headers: { authorization: basic('specialist.sample', STAFF_PASSWORD), 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(403);
    const where = await fetch(`${app.url}/api/tenants/${TENANT}/where-to-apply?service=guardianship-certificate`).then((r) => r.json());
    expect(where).toMatchObject({
      organization: { ru: 'Акимат города Примерный' },
      provider: { shortName: { ru: 'Отдел образования города Примерный' }, offices: [{ id: 'education-main', phone: '8 (7100) 00-00-02' }] },
    });
    expect(where.conDepartments.map((o: { id: string }) => o.id)).toEqual(['con-1', 'con-2']);
    expect(JSON.stringify(where)).not.toMatch(/signers|850305300123/);
  });

  it('reglament deploy deploys both bundles for the new tenant', async () => {
    const t0 = Date.now();
    const out = await cli('deploy', FIXTURE, '--url', `${app.url}/engine-rest`, '--user', ADMIN.user, '--password', ADMIN.password, '--root', ROOT);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const defs = await rest(`/engine-rest/process-definition?tenantIdIn=${TENANT}`) as { key: string }[];
    expect(defs.map((d) => d.key).sort()).toEqual(Object.entries(ROUTES).flatMap(([s, rs]) => rs.map((r) => `${s}-${r}`)).sort());
    timings.deploy = Date.now() - t0;
  });

  it('staff sign in with the passwords set over REST; an applicant registers; the workers serve the tenant', async () => {
    for (const user of ['specialist.sample', 'operator.sample']) {
      const session = await rest('/api/auth/login', { method: 'POST', auth: '', body: { username: user, password: STAFF_PASSWORD } });
      expect(session.tenants).toEqual([TENANT]);
      tokens[user] = session.token;
    }
    const applicant = await rest('/api/auth/register', { method: 'POST', auth: '', body: { iin: TEST_IIN, password: 'applicant-password', firstName: 'Тест', lastName: 'Тестов', tenantId: TENANT } });
    applicantUser = applicant.user.id;
    tokens[applicantUser] = applicant.token;
    const env = (globalThis as { onboardingEnv?: Record<string, string> }).onboardingEnv!;
    workers = await startWorkers({
      engineRestUrl: `${app.url}/engine-rest`, auth: { username: WORKER.user, password: WORKER.password },
      ctx: { env, logger: silent }, retries: 1, retryBackoffMs: 50, interval: 100,
    });
  });

  it('an administrator sets a staff user\'s IIN over REST (audited, never logged); the profile is the staff\'s to read', async () => {
    await rest('/engine-rest/user/create', { method: 'POST', body: { profile: { id: 'head.sample', firstName: 'Глава' }, credentials: { password: STAFF_PASSWORD } } });
    await rest(`/engine-rest/tenant/${TENANT}/user-members/head.sample`, { method: 'PUT' });
    const put = (id: string, iin: unknown, auth = adminAuth) => fetch(`${app.url}/api/users/${id}/iin`, { method: 'PUT', headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify({ iin }) });
    const bad = await put('head.sample', '900101300127');
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toMatch(/^Cannot set the IIN of user 'head.sample': not a valid IIN \(/);
    expect((await put('head.sample', '850305300123')).status).toBe(400);
    expect((await put(applicantUser, '800101300780')).status).toBe(400);
    expect((await put('head.sample', '800101300780', `Bearer ${tokens['specialist.sample']}`)).status).toBe(403);
    expect((await put('head.sample', '800101300780')).status).toBe(204);
    expect((await app.app.identity.getUser('head.sample'))!.iin).toBe('800101300780');
    const ops = await rest('/engine-rest/history/user-operation?entityType=User&maxResults=50') as { property: string; orgValue: string | null; newValue: string | null }[];
    expect(ops).toContainEqual(expect.objectContaining({ property: 'iin', orgValue: null, newValue: 'set' }));
    expect(JSON.stringify(ops)).not.toContain('800101300780');
    const profile = await rest(`/api/tenants/${TENANT}/profile`, { auth: `Bearer ${tokens['specialist.sample']}` });
    expect(profile).toMatchObject({ revision: 1, profile: { id: TENANT, signers: [{ id: 'employment-head' }, { id: 'education-head' }] } });
    expect((await fetch(`${app.url}/api/tenants/${TENANT}/profile`, { headers: { authorization: `Bearer ${tokens[applicantUser]}` } })).status).toBe(404);
    const organization = await fetch(`${app.url}/api/tenants/${TENANT}/organization`).then((r) => r.json());
    expect(organization).toEqual({ tenantId: TENANT, name: { ru: 'Акимат города Примерный', kk: 'Примерный қаласының әкімдігі' }, organization: { ru: 'Акимат города Примерный', kk: 'Примерный қаласының әкімдігі' } });
  });

  for (const [service, routes] of Object.entries(ROUTES)) {
    for (const route of routes) {
      it(`${service}-${route}: refusal — ${route === 'portal' ? 'the ЭЦП is not confirmed' : 'the applicant is not in ГБД ФЛ'}`, async () => {
        const start = route === 'portal'
          ? { ...application(service, route), signedRequest: '<request>not signed</request>' }
          : { ...application(service, route), applicantIin: unknownIin() };
        const outcome = await drive(service, route, start);
        expect(outcome.incident).toBeNull();
        expect(outcome.endActivity).toBe(route === 'portal' ? 'signature-refusal-end' : 'person-refusal-end');
      }, 90_000);

      it(`${service}-${route}: result — registered, the услугодатель decides «issued», the route reaches its result document`, async () => {
        const pki = await testPki();
        const start = { ...application(service, route), ...(route === 'portal' ? { signedRequest: await signWith(pki, 'valid', requestXml(TEST_IIN)) } : {}) };
        const outcome = await drive(service, route, start);
        expect(outcome.visited).toContain('review');
        expect(outcome.visited.some((a) => a.startsWith('register'))).toBe(true);
        // The request number reached the applicant's cabinet at once, though the tenant was created at runtime.
        const number = (await app.db('registry_request').where({ tenant_id: TENANT, service }).orderBy('received_at', 'desc').first())?.number as string;
        await until('the cabinet notification', async () => (await app.db('outbox_cabinet_notification').where({ request_number: number })).length > 0);
        // The result document renders from the bundle's own template, the tenant's profile and the manifest's act.
        expect(outcome.incident).toBeNull();
        expect(outcome.endActivity).toBe('result-end');
      }, 90_000);

      it(`${service}-${route}: refusal letter — the услугодатель refuses, the bundle's refusal template words it`, async () => {
        const pki = await testPki();
        const start = { ...application(service, route), ...(route === 'portal' ? { signedRequest: await signWith(pki, 'valid', requestXml(TEST_IIN)) } : {}) };
        const outcome = await drive(service, route, start, 'refusal');
        expect(outcome.incident).toBeNull();
        expect(outcome.visited).toContain('generate-refusal');
        expect(outcome.endActivity).toBe('refusal-end');
      }, 90_000);
    }
  }

  describe('each document names the akimat, its act and its signer', () => {
    it('the result and the refusal letter of every route carry the akimat, the act and the signer', async () => {
      const { execFileSync } = await import('node:child_process');
      const docs = await app.db('documents').where({ tenant_id: TENANT }).select('id', 'form', 'service', 'pdf');
      const routes = Object.values(ROUTES).flat().length;
      // One result and one refusal letter per route, nothing else and nothing twice.
      expect(docs.filter((d) => d.form === 'refusal')).toHaveLength(routes);
      expect(docs.filter((d) => d.form !== 'refusal')).toHaveLength(routes);
      for (const d of docs) {
        const text = execFileSync('pdftotext', ['-', '-'], { input: d.pdf, encoding: 'utf8' }).replace(/\s+/g, ' ');
        expect(text).toMatch(/города Примерный/);
        expect(text).toContain('Утвержден постановлением акимата города Примерный от 10 января 2025 года № 1');
        expect(text).toContain(d.service === 'unemployed-certificate' ? 'Начальник отдела' : 'Начальник отдела образования города Примерный');
        if (d.form === 'refusal') expect(text).toContain('представлен неполный пакет документов');
        // The bundle's own wording, not another akimat's.
        expect(text).not.toMatch(/Семей/);
      }
    });
  });

  it('measure: the whole onboarding and every route', () => {
    timings.total = Date.now() - started;
    process.stdout.write(`onboarding timings (ms): ${JSON.stringify(timings)}\n`);
    expect(timings.total).toBeGreaterThan(0);
  });
});
