// Filters are applied or refused, never ignored (issue 17, item 6): variable conditions on process instances in SQL on
// SQLite and PostgreSQL, with counts that agree; an unknown parameter or sortBy is a 400 that names it. Hostile input
// (issue 17, item 7): JSON nested beyond the limit and variable types that are Object.prototype's members are 400s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, startServer, type TestServer } from '../support/server.js';

const xml = `<?xml version="1.0" encoding="UTF-8"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="t">
  <bpmn:process id="filtered" isExecutable="true"><bpmn:startEvent id="s"/><bpmn:sequenceFlow id="f" sourceRef="s" targetRef="u"/><bpmn:userTask id="u"/></bpmn:process></bpmn:definitions>`;

describe.each(['sqlite', 'postgres'] as const)('query filters on %s', (dialect) => {
  let s: TestServer;
  const ids: Record<string, string> = {};
  const call = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    s.app.inject({ method, url: `/engine-rest${url}`, headers: { authorization: adminAuth }, ...(payload !== undefined && { payload: payload as object }) });

  beforeAll(async () => {
    s = await startServer({ dialect });
    await s.host.deploy({ name: 'filtered', resources: [{ name: 'filtered.bpmn', content: xml }] }, { tenantIds: null });
    const people = [
      { key: 'a', iin: '900101300126', amount: 5, urgent: true, note: 'first request' },
      { key: 'b', iin: '791028302728', amount: 50, urgent: false, note: 'second request' },
      { key: 'c', iin: '061211600012', amount: 500, urgent: false, note: null },
    ];
    for (const p of people) {
      const res = await call('POST', '/process-definition/key/filtered/start', { businessKey: p.key, variables: {
        applicantIin: { type: 'String', value: p.iin }, amount: { type: 'Integer', value: p.amount },
        urgent: { type: 'Boolean', value: p.urgent }, note: { type: p.note === null ? 'Null' : 'String', value: p.note },
      } });
      expect(res.statusCode, res.body).toBe(200);
      ids[p.key] = res.json().id;
    }
  });
  afterAll(async () => { await s?.close(); });

  const keysOf = (res: { json: () => unknown }) => (res.json() as { businessKey: string }[]).map((i) => i.businessKey).sort();

  it('GET variables=name_op_value filters, and count agrees', async () => {
    const cases: [string, string[]][] = [
      ['applicantIin_eq_791028302728', ['b']],
      ['applicantIin_neq_791028302728', ['a', 'c']],
      ['amount_gt_5', ['b', 'c']],
      ['amount_lteq_50', ['a', 'b']],
      ['amount_eq_50', ['b']],
      ['urgent_eq_true', ['a']],
      ['urgent_eq_false', ['b', 'c']],
      ['note_like_%request', ['a', 'b']],
      ['amount_gt_5,urgent_eq_false', ['b', 'c']],
      ['amount_gt_5,amount_lt_100', ['b']],
      ['applicantIin_eq_nobody', []],
    ];
    for (const [filter, expected] of cases) {
      const res = await call('GET', `/process-instance?variables=${encodeURIComponent(filter)}`);
      expect(res.statusCode, `${filter}: ${res.body}`).toBe(200);
      expect(keysOf(res), filter).toEqual(expected);
      expect((await call('GET', `/process-instance/count?variables=${encodeURIComponent(filter)}`)).json(), filter).toEqual({ count: expected.length });
    }
  });

  it('POST conditions are typed: the number 50 is not the string "50"; digits in a query string match either', async () => {
    expect((await call('POST', '/process-instance/count', { variables: [{ name: 'applicantIin', operator: 'eq', value: 791028302728 }] })).json()).toEqual({ count: 0 });
    expect((await call('POST', '/process-instance/count', { variables: [{ name: 'amount', operator: 'eq', value: '50' }] })).json()).toEqual({ count: 0 });
    expect((await call('GET', '/process-instance/count?variables=amount_eq_50')).json()).toEqual({ count: 1 });
  });

  it('POST query with variables [{name, operator, value}] filters, with paging', async () => {
    const res = await call('POST', '/process-instance?maxResults=1', { variables: [{ name: 'amount', operator: 'gteq', value: 50 }], sortBy: 'businessKey', sortOrder: 'desc' });
    expect(res.statusCode, res.body).toBe(200);
    expect(keysOf(res)).toEqual(['c']);
    expect((await call('POST', '/process-instance/count', { variables: [{ name: 'applicantIin', operator: 'eq', value: '900101300126' }] })).json()).toEqual({ count: 1 });
  });

  it('refuses a malformed variable condition with 400 naming it', async () => {
    for (const [filter, message] of [['amount_between_5', /expected name_operator_value|comparator/], ['amount_gt_many', /needs a number/], ['x', /expected name_operator_value/]] as const) {
      const res = await call('GET', `/process-instance?variables=${filter}`);
      expect(res.statusCode, filter).toBe(400);
      expect(res.json().message, filter).toMatch(message);
    }
    const bad = await call('POST', '/process-instance', { variables: [{ name: 'amount', operator: 'approx', value: 5 }] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ type: 'InvalidRequestException', message: expect.stringMatching(/comparator 'approx'/) });
  });

  it('refuses unknown query parameters and query-body fields instead of ignoring them', async () => {
    const get = await call('GET', '/process-instance?processVariableFilter=x');
    expect(get.statusCode).toBe(400);
    expect(get.json()).toMatchObject({ type: 'InvalidRequestException', message: expect.stringMatching(/Query parameter 'processVariableFilter' of GET \/engine-rest\/process-instance is not supported/) });
    expect((await call('GET', '/task?assigneeExpression=x')).statusCode).toBe(400);
    const post = await call('POST', '/process-instance', { variablez: [] });
    expect(post.statusCode).toBe(400);
    expect(post.json().message).toMatch(/Query field 'variablez'/);
    // Known parameters still pass.
    expect((await call('GET', '/process-instance?businessKey=a&active=true')).statusCode).toBe(200);
  });

  it('refuses an unknown sortBy with 400 listing the valid ones', async () => {
    const res = await call('GET', '/process-instance?sortBy=applicantIin&sortOrder=asc');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/Cannot sort process instances by 'applicantIin': sortBy must be one of instanceId, .*businessKey/);
    expect((await call('POST', '/task', { sorting: [{ sortBy: 'secret', sortOrder: 'asc' }] })).statusCode).toBe(400);
    expect((await call('GET', '/process-definition?sortBy=nope')).statusCode).toBe(400);
    expect((await call('GET', '/process-instance?sortBy=businessKey&sortOrder=desc')).statusCode).toBe(200);
  });

  it('an ended instance is gone from the runtime API (404, not counted) and stays in history', async () => {
    const started = (await call('POST', '/process-definition/key/filtered/start', { businessKey: 'ends' })).json();
    const before = (await call('GET', '/process-instance/count')).json().count;
    const [task] = (await call('GET', `/task?processInstanceId=${started.id}`)).json();
    expect((await call('POST', `/task/${task.id}/complete`, {})).statusCode).toBe(204);
    const gone = await call('GET', `/process-instance/${started.id}`);
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ type: 'InvalidRequestException', message: `Process instance with id ${started.id} does not exist` });
    expect((await call('GET', '/process-instance/count')).json().count).toBe(before - 1);
    expect(keysOf(await call('GET', '/process-instance?businessKey=ends'))).toEqual([]);
    expect(keysOf(await call('GET', '/process-instance?businessKey=ends&completed=true'))).toEqual(['ends']);
    expect((await call('GET', `/history/process-instance/${started.id}`)).json()).toMatchObject({ id: started.id, state: 'COMPLETED' });
  });

  it('sets initiator itself: a client-sent one is replaced by the caller, even where the definition declares none', async () => {
    const res = await call('POST', '/process-definition/key/filtered/start', { variables: { initiator: { type: 'String', value: 'someone-else' } } });
    expect(res.statusCode, res.body).toBe(200);
    const vars = (await call('GET', `/process-instance/${res.json().id}/variables`)).json();
    expect(vars.initiator.value).toBe('admin');
    const started = await s.host.startInstance({ key: 'filtered' }, { variables: { initiator: { type: 'String', value: 'forged' } } }, { tenantIds: null });
    expect((await s.host.getVariables(started.id, { tenantIds: null })).initiator).toBeUndefined();
  });

  it('answers 400, not 500, to JSON nested too deep and to Object.prototype member names as types', async () => {
    const deep = `{"variables":{"x":{"type":"Json","value":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`;
    const res = await s.app.inject({ method: 'POST', url: '/engine-rest/process-definition/key/filtered/start', headers: { authorization: adminAuth, 'content-type': 'application/json' }, payload: deep });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ type: 'InvalidRequestException', message: expect.stringMatching(/nested .* levels deep; at most 200/) });
    for (const type of ['__proto__', 'constructor', 'hasOwnProperty']) {
      const r = await call('POST', '/process-definition/key/filtered/start', { variables: { x: { type, value: 1 } } });
      expect(r.statusCode, type).toBe(400);
      expect(r.json().message, type).toMatch(/Unsupported value type/);
    }
    // A Json variable nested moderately deep is still fine.
    const ok = await call('POST', '/process-definition/key/filtered/start', { variables: { x: { type: 'Json', value: JSON.stringify(JSON.parse(`${'['.repeat(50)}${']'.repeat(50)}`)) } } });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
