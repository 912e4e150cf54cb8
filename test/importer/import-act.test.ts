// Runs `reglament import-act` on every seed act: the drafts lint with 0 errors in a repository layout (workers/,
// forms/, processes/<tenant>/), open in bpmn-moddle without warnings (DI included), and bad input leaves nothing.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { lintPaths } from '../../src/reglament/lint/index.js';
import { assumedEntryIntoForce } from '../../src/reglament/validity.js';
import { parseBpmn, processesOf } from '../../src/reglament/moddle.js';
import { defaultSeedsDir } from '../../scripts/import-score.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..');
const SEEDS = defaultSeedsDir(ROOT);
const seeds = existsSync(SEEDS) ? readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort() : [];
const temp = mkdtempSync(join(tmpdir(), 'import-act-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function importAct(act: string, out: string, forms?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ['tsx', join(ROOT, 'src/cli/main.ts'), 'import-act', act, '--tenant', 'draft-tenant', '--out', out, ...(forms ? ['--forms', forms] : [])];
  try {
    const { stdout, stderr } = await run('npx', args, { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (e: any) {
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(seeds.length === 0)('import-act on the seed acts', () => {
  it.each(seeds)('%s: drafts lint with 0 errors and open without warnings', async (seed) => {
    const repo = join(temp, seed.slice(0, 3));
    mkdirSync(repo, { recursive: true });
    symlinkSync(join(ROOT, 'workers'), join(repo, 'workers'));
    const out = join(repo, 'processes', 'draft-tenant');
    // Each draft bundle holds its own forms, so it lints where it stands.
    const result = await importAct(join(SEEDS, seed), out);
    for (const service of readdirSync(out)) expect(readdirSync(join(out, service, 'forms')).length).toBeGreaterThan(0);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const bundles = readdirSync(out);
    expect(bundles.length).toBeGreaterThan(0);
    for (const service of bundles) {
      const manifest = JSON.parse(readFileSync(join(out, service, 'manifest.json'), 'utf8'));
      expect(Object.keys(manifest.routes).length).toBeGreaterThan(0);
      expect(manifest.act.number).toMatch(/^\d+$/);
      // The one validity rule of docs/calendar.md: no seed gives its publication date.
      expect(manifest.validity).toMatchObject({ from: assumedEntryIntoForce(manifest.act)!.from, fromBasis: 'assumed' });
      const draft = readFileSync(join(out, service, 'DRAFT.md'), 'utf8');
      expect(draft).toMatch(/Line \d+/);
      for (const file of Object.values(manifest.routes) as string[]) {
        const { definitions, warnings } = await parseBpmn(readFileSync(join(out, service, file), 'utf8'));
        expect(warnings).toEqual([]);
        const plane = definitions.diagrams[0].plane;
        const shapes = new Set(plane.planeElement.map((e: any) => e.bpmnElement?.id));
        for (const el of processesOf(definitions)[0]!.flowElements) expect(shapes.has(el.id), `${file}: ${el.id} has DI`).toBe(true);
      }
    }
    const findings = await lintPaths([out]);
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    // The layout keeps shapes apart and inside their lanes (bpmnlint's no-overlapping-elements).
    expect(findings.filter((f) => f.rule === 'no-overlapping-elements')).toEqual([]);
  }, 120_000);

  it('every action-table limit of a draft is a boundary timer with the conventional properties', async () => {
    const out = join(temp, 'limits', 'draft-tenant');
    const seed = seeds[0]!;
    expect((await importAct(join(SEEDS, seed), out)).code).toBe(0);
    const [service] = readdirSync(out);
    const manifest = JSON.parse(readFileSync(join(out, service!, 'manifest.json'), 'utf8'));
    const limited = Object.values(manifest.steps as Record<string, any[]>).flat().filter((s) => s.limit);
    expect(limited.length).toBeGreaterThan(0);
    for (const [route, file] of Object.entries(manifest.routes as Record<string, string>)) {
      const xml = readFileSync(join(out, service!, file), 'utf8');
      for (const s of manifest.steps[route].filter((x: any) => x.limit)) {
        expect(xml).toContain(`<camunda:property name="reglament:action" value="${s.action}" />`);
        expect(xml).toContain(`>${s.limit.duration}</bpmn:timeDuration>`);
      }
    }
  }, 60_000);
});

describe('import-act on bad input', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['empty', '', /empty/],
    ['not a регламент', 'Решение маслихата о бюджете района на 2013 год.\nСтатья 1. Утвердить бюджет.\n', /not a регламент/],
    ['no routes', 'Об утверждении регламента государственной услуги\nРегламент электронной государственной услуги «Выдача справки»\n1. Общие положения\n', /no routes found/],
  ];
  it.each(cases)('%s: a clear error and nothing in --out', async (name, text, message) => {
    const act = join(temp, `${name.replace(/\W+/g, '-')}.txt`);
    writeFileSync(act, text);
    const out = join(temp, `bad-${name.replace(/\W+/g, '-')}`, 'draft-tenant');
    mkdirSync(join(out, '..'), { recursive: true });
    const result = await importAct(act, out);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(join(out, '..'))).toEqual([]);
  }, 60_000);
});
