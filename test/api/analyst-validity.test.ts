// /api/analyst/definitions reports where a validity window's days come from (docs/calendar.md, «Validity of an act»):
// Kyzylzhar's act does not give its status, so its definitions are in force with an unknown end, and say so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analystRoutes } from '../../src/api/reglament-analyst.js';
import { adminAuth, startServer, type TestServer } from '../support/server.js';

const bundleFile = (path: string) => readFileSync(fileURLToPath(new URL(`../../processes/${path}`, import.meta.url)), 'utf8');
const admin = { tenantIds: null, userId: 'admin' };
let server: TestServer;

beforeAll(async () => {
  server = await startServer({ plugins: [analystRoutes()] });
  for (const [tenant, service] of [['kyzylzhar', 'preschool-registration'], ['zhambyl-sko', 'preschool-queue']]) {
    await server.host.deploy({
      name: `${tenant}/${service}`, tenantId: tenant,
      resources: [{ name: 'manifest.json', content: bundleFile(`${tenant}/${service}/manifest.json`) }, { name: 'portal.bpmn', content: bundleFile(`${tenant}/${service}/portal.bpmn`) }],
    }, admin);
  }
});
afterAll(async () => { await server.close(); });

describe('/api/analyst/definitions: the validity window and its basis', () => {
  it('gives an assumed start, and an unknown end as no end with validToBasis unknown', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/api/analyst/definitions', headers: { authorization: adminAuth } });
    expect(res.statusCode, res.body).toBe(200);
    const byTenant = new Map((res.json() as Array<Record<string, unknown>>).map((d) => [d.tenantId, d]));
    expect(byTenant.get('kyzylzhar')).toMatchObject({ validFrom: '2012-08-12', validFromBasis: 'assumed', validTo: null, validToBasis: 'unknown', repealedBy: null });
    expect(byTenant.get('zhambyl-sko')).toMatchObject({ validFrom: '2013-02-12', validFromBasis: 'assumed', validTo: '2013-05-21', validToBasis: 'assumed' });
  });
});
