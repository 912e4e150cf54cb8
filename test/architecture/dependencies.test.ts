// The layering of .dependency-cruiser.cjs holds in src/ and workers/, and the check fails on a break of each rule.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cruiseRules, keepTypeImports } from './cruise.js';

const root = process.cwd();
const config = join(root, '.dependency-cruiser.cjs');
const ruleNames = (createRequire(import.meta.url)(config) as { forbidden: { name: string }[] }).forbidden.map((r) => r.name);

describe('keepTypeImports', () => {
  it('makes type-only imports and re-exports plain ones and leaves other code alone', () => {
    expect(keepTypeImports("import type { A } from './a.js';")).toBe("import { A } from './a.js';");
    expect(keepTypeImports("import { type A, b,\n  type C } from './a.js';")).toBe("import { A, b,\n  C } from './a.js';");
    expect(keepTypeImports("import d, { type E } from 'd';")).toBe("import d, { E } from 'd';");
    expect(keepTypeImports("export type { F } from './f.js';")).toBe("export { F } from './f.js';");
    expect(keepTypeImports("type G = { type: string };\nexport type { G };")).toBe("type G = { type: string };\nexport type { G };");
  });
});

describe('dependency rules', () => {
  it('hold in src/ and workers/', async () => {
    expect(await cruiseRules(root, ['src', 'workers'], config)).toEqual([]);
  }, 120_000);

  it('catch a break of every rule (fixtures/broken-layers)', async () => {
    const violations = await cruiseRules(join(root, 'test/architecture/fixtures/broken-layers'), ['src', 'workers'], config);
    const pairs = violations.map((v) => `${v.rule}: ${v.from} → ${v.to}`).sort();
    expect(pairs).toEqual([
      'api-not-to-workers: src/api/handler.js → workers/topic.js',
      'documents-not-to-api-or-engine: src/documents/render.js → src/api/other.js',
      'documents-not-to-api-or-engine: src/documents/render.js → src/engine/route.js',
      'engine-not-to-api: src/engine/names-api-type.js → src/api/handler.js',
      'engine-not-to-api: src/engine/route.js → src/api/handler.js',
      expect.stringMatching(/^engine-not-to-fastify: src\/engine\/route\.js → node_modules\/fastify\//),
      'no-circular-in-src: src/cycle/a.js → src/cycle/b.js',
      'workers-not-to-api: workers/topic.js → src/api/other.js',
      'workers-not-to-store-or-engine: workers/stored.js → src/engine/route.js',
    ]);
    expect(violations.find((v) => v.rule === 'no-circular-in-src')?.cycle).toEqual(['src/cycle/b.js', 'src/cycle/a.js']);
    expect(new Set(violations.map((v) => v.rule))).toEqual(new Set(ruleNames));
  }, 120_000);
});
