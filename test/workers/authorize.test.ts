// Worker authorize (условие 1) against the real server's session API over HTTP: who may work in which system,
// refusals with процесс 2's message, lockout, disabled accounts, and a server that cannot answer.
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startServer, type TestServer } from '../support/server.js';
import { handler, httpSessionChecker, channelOf, serverBaseOf, refusalMessage } from '../../workers/authorize.js';
import type { Outcome, TaskInput } from '../../workers/types.js';

const APPLICANT_IIN = '900101300126';
const SPECIALIST_IIN = '791028302728';
const OPERATOR_IIN = '061211600012';

let server: TestServer;
let base = '';

async function login(iin: string, password: string): Promise<{ status: number; token?: string }> {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ iin, password }) });
  const body = (await res.json()) as { token?: string };
  return { status: res.status, token: body.token };
}

beforeAll(async () => {
  server = await startServer({ withoutEngine: true, config: { authCacheMs: 0, loginRateLimit: { max: 1000, timeWindowMs: 60_000 }, lockout: { maxFailures: 3, lockMs: 60_000 } } });
  base = await server.listen();
  const { identity } = server;
  await identity.createTenant({ id: 'zhambyl-sko' });
  await identity.createTenant({ id: 'semey' });
  for (const g of ['applicant', 'provider-specialist', 'con-operator']) if (!(await identity.getGroup(g))) await identity.createGroup({ id: g });
  const people = [
    { id: 'applicant-a1', iin: APPLICANT_IIN, kind: 'applicant' as const, group: 'applicant', tenant: 'zhambyl-sko' },
    { id: 'specialist-s1', iin: SPECIALIST_IIN, kind: 'staff' as const, group: 'provider-specialist', tenant: 'zhambyl-sko' },
    { id: 'operator-o1', iin: OPERATOR_IIN, kind: 'staff' as const, group: 'con-operator', tenant: 'semey' },
  ];
  for (const p of people) {
    await identity.createUser({ id: p.id, iin: p.iin, kind: p.kind, password: `${p.id}-password` });
    await identity.addGroupMember(p.group, p.id);
    await identity.addTenantUser(p.tenant, p.id);
  }
});

afterAll(async () => { await server?.close(); });

function task(variables: Record<string, unknown>, properties: Record<string, string>, tenantId: string | null = 'zhambyl-sko', key = 'preschool-queue-portal'): TaskInput {
  return { id: 't', topicName: 'authorize', processInstanceId: 'p', processDefinitionKey: key, activityId: 'authorize', tenantId, retries: null, variables, properties };
}
const vars = (o: Outcome) => (o.kind === 'complete' ? o.variables ?? {} : {});

describe('workers/authorize', () => {
  it('authorizes an applicant on the portal with the session of their password sign-in, and consumes the token', async () => {
    const { token } = await login(APPLICANT_IIN, 'applicant-a1-password');
    const outcome = await handler({ sessions: httpSessionChecker(base) })(task({ authSession: token, initiator: 'applicant-a1' }, { system: 'ПЭП' }));
    expect(outcome).toEqual({ kind: 'complete', variables: { authorized: true, authRefusal: null, authorizedUser: 'applicant-a1', authSession: null }, localVariables: undefined });
  });

  it('authorizes a specialist in ИС УО and an operator in ИС ЦОН of their own akimat', async () => {
    const sessions = httpSessionChecker(base);
    const s = await login(SPECIALIST_IIN, 'specialist-s1-password');
    expect(vars(await handler({ sessions })(task({ authSession: s.token }, { system: 'ИС УО' }, 'zhambyl-sko', 'preschool-queue-provider'))).authorized).toBe(true);
    const o = await login(OPERATOR_IIN, 'operator-o1-password');
    expect(vars(await handler({ sessions })(task({ authSession: o.token }, { system: 'АРМ ИС ЦОН' }, 'semey', 'housing-queue-con'))).authorized).toBe(true);
  });

  it('refuses with процесс 2’s message: wrong system, wrong akimat, someone else’s session, no session', async () => {
    const sessions = httpSessionChecker(base);
    const a = await login(APPLICANT_IIN, 'applicant-a1-password');
    const s = await login(SPECIALIST_IIN, 'specialist-s1-password');
    const cases: [TaskInput, RegExp][] = [
      [task({ authSession: a.token }, { system: 'ИС УО' }, 'zhambyl-sko', 'preschool-queue-provider'), /для данной роли/],
      [task({ authSession: s.token }, { system: 'ИС ЦОН' }, 'zhambyl-sko', 'preschool-queue-con'), /для данной роли/],
      [task({ authSession: s.token }, { system: 'ИС УО' }, 'semey', 'preschool-queue-provider'), /акимате/],
      [task({ authSession: a.token, initiator: 'applicant-other' }, { system: 'ПЭП' }), /другому пользователю/],
      [task({}, { system: 'ПЭП' }), /нет сеанса/],
      [task({ authSession: 'forged-token' }, { system: 'ПЭП' }), /недействителен/],
    ];
    for (const [t, detail] of cases) {
      const v = vars(await handler({ sessions })(t));
      expect(v.authorized).toBe(false);
      expect(String(v.authRefusal)).toMatch(/^Отказ в авторизации в .+ в связи с имеющимися нарушениями в данных/);
      expect(String(v.authRefusal)).toMatch(detail);
      expect(v.authSession).toBeNull();
      expect(String(v.authRefusal)).not.toMatch(/\d{12}/);
    }
  });

  it('refuses a session that was logged out or whose account was disabled', async () => {
    const sessions = httpSessionChecker(base);
    const a = await login(APPLICANT_IIN, 'applicant-a1-password');
    await fetch(`${base}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${a.token}` } });
    expect(vars(await handler({ sessions })(task({ authSession: a.token }, { system: 'ПЭП' }))).authorized).toBe(false);
    const s = await login(SPECIALIST_IIN, 'specialist-s1-password');
    await server.identity.setActive('specialist-s1', false);
    expect(vars(await handler({ sessions })(task({ authSession: s.token }, { system: 'ИС УО' }, 'zhambyl-sko', 'x-provider'))).authorized).toBe(false);
    await server.identity.setActive('specialist-s1', true);
  });

  it('lockout: after repeated wrong passwords no session is issued, so the process cannot be authorized', async () => {
    for (let i = 0; i < 3; i++) expect((await login(OPERATOR_IIN, 'wrong')).status).toBe(401);
    const locked = await login(OPERATOR_IIN, 'operator-o1-password');
    expect(locked.status).toBe(401);
    expect(locked.token).toBeUndefined();
    const v = vars(await handler({ sessions: httpSessionChecker(base) })(task({ authSession: locked.token }, { system: 'ИС ЦОН' }, 'semey', 'x-con')));
    expect(v.authorized).toBe(false);
  });

  it('writes процесс 2 in Kazakh for a Kazakh act', () => {
    expect(refusalMessage('kk', 'provider', 'ЖАО АЖ', 'x')).toMatch(/^Қызметкердің деректерінде бұзушылықтар болуына байланысты ЖАО АЖ авторизациялаудан бас тарту/);
  });

  it('a Kazakh refusal names what was wrong in Kazakh too, not in Russian', async () => {
    const v = vars(await handler({ sessions: httpSessionChecker(base) })(task({ authSession: 'forged-token', language: 'kk' }, { system: 'ЭҮП' })));
    expect(v.authorized).toBe(false);
    expect(String(v.authRefusal)).toMatch(/авторизациялаудан бас тарту: кіру сеансы жарамсыз, мерзімі өткен немесе есептік жазба бұғатталған$/);
    expect(String(v.authRefusal)).not.toMatch(/сеанс входа|недействителен|Отказ/);
  });

  it('a server that cannot answer is a technical failure (retries), never a refusal', async () => {
    const broken = createServer((_req, res) => { res.statusCode = 503; res.end(); });
    await new Promise<void>((r) => broken.listen(0, '127.0.0.1', r));
    const brokenBase = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
    expect(await handler({ sessions: httpSessionChecker(brokenBase) })(task({ authSession: 'abc' }, { system: 'ПЭП' }))).toMatchObject({ kind: 'failure', message: expect.stringMatching(/HTTP 503/) });
    await new Promise<void>((r) => broken.close(() => r()));
    expect(await handler({ sessions: httpSessionChecker(brokenBase, { timeoutMs: 1000 }) })(task({ authSession: 'abc' }, { system: 'ПЭП' }))).toMatchObject({ kind: 'failure', message: expect.stringMatching(/unreachable/) });
  });

  it('derives the channel from the system property or the process key, and the server base from engine-rest', () => {
    expect(channelOf({ properties: { system: 'ЭҮП' } })).toBe('portal');
    expect(channelOf({ properties: { system: 'ХҚКО АЖ' } })).toBe('con');
    expect(channelOf({ properties: { system: 'ИС Центр' } })).toBe('con');
    expect(channelOf({ properties: { system: 'ИС МИО' } })).toBe('provider');
    expect(channelOf({ properties: {}, processDefinitionKey: 'housing-queue-con' })).toBe('con');
    expect(serverBaseOf('http://127.0.0.1:8080/engine-rest')).toBe('http://127.0.0.1:8080');
  });
});
