// Lints bundles and loose .bpmn files: the bundle checks of bundle.ts plus bpmnlint on every route,
// with the real worker topics, forms and the manifest's limits.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { findBundles, readBundle, rootOf, type Bundle, type BundleFinding } from '../bundle.js';
import { parseBpmn } from '../moddle.js';
import { lintDefinitions, type LintContext } from './lint-bpmn.js';

/** Topics served by worker files: workers/<name>.ts that declares `export const topic = '<topic>'` (the runner
 *  imports the same files; reading the declaration avoids importing worker code into the linter). */
export function workerTopics(root: string): string[] {
  const dir = join(root, 'workers');
  if (!existsSync(dir)) return [];
  const topics: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    if (!/^[a-z0-9-]+\.(ts|js)$/.test(f) || f.endsWith('.d.ts')) continue;
    const m = /export\s+const\s+topic\s*(?::\s*string\s*)?=\s*['"]([\w-]+)['"]/.exec(readFileSync(join(dir, f), 'utf8'));
    if (m && !topics.includes(m[1]!)) topics.push(m[1]!);
  }
  return topics;
}

/** Form ids of every bundle under <root>/processes (processes/<tenant>/<service>/forms/<id>.form): what a route
 *  edited outside its bundle may reference. */
export function formIds(root: string): string[] {
  const ids = new Set<string>();
  const processes = join(root, 'processes');
  if (!existsSync(processes)) return [];
  for (const tenant of readdirSync(processes, { withFileTypes: true })) {
    if (!tenant.isDirectory()) continue;
    for (const service of readdirSync(join(processes, tenant.name), { withFileTypes: true })) {
      const dir = join(processes, tenant.name, service.name, 'forms');
      if (service.isDirectory() && existsSync(dir)) for (const f of readdirSync(dir)) if (f.endsWith('.form')) ids.add(f.slice(0, -5));
    }
  }
  return [...ids].sort();
}

/** `<tenant>/<service>` of the bundles under processes/: what an act: reference of reglament:source may name. */
export function bundleIds(root: string): string[] {
  const dir = join(root, 'processes');
  if (!existsSync(dir)) return [];
  return findBundles(dir).map((b) => relative(dir, b).split(sep).join('/')).sort();
}

export interface BundleLint {
  bundle: Bundle;
  findings: BundleFinding[];
}

/** Lints one bundle folder. */
export async function lintBundle(bundleDir: string, opts: { root?: string } = {}): Promise<BundleLint> {
  const bundle = await readBundle(bundleDir, opts);
  const findings = [...bundle.problems];
  const ctx: LintContext = { topics: workerTopics(bundle.root), forms: bundle.forms.filter((f) => f.exists).map((f) => f.id), bundles: bundleIds(bundle.root) };
  for (const route of bundle.routes) {
    if (!route.definitions) continue;
    const limits = (bundle.manifest.steps?.[route.route] ?? [])
      .filter((s) => s.limit?.duration)
      .map((s) => ({
        step: s.step, action: s.action, duration: s.limit!.duration, text: s.limit!.text,
        calendar: s.limit!.calendar, excludeReceiptDay: s.limit!.excludeReceiptDay,
      }));
    findings.push(...(await lintDefinitions(route.definitions, relative(bundle.root, route.path), { ...ctx, limits }, bundle.root)));
  }
  return { bundle, findings };
}

/** Lints one loose .bpmn file (no manifest): bpmnlint and the plugin with the repository's topics and forms. */
export async function lintFile(path: string, opts: { root?: string; context?: LintContext } = {}): Promise<BundleFinding[]> {
  const root = resolve(opts.root ?? process.cwd());
  const file = relative(root, resolve(path));
  try {
    const { definitions, warnings } = await parseBpmn(readFileSync(path, 'utf8'));
    const findings: BundleFinding[] = warnings.map((w) => ({ file, rule: 'bundle/parse', severity: 'warn', message: `BPMN import warning: ${w}` }));
    const ctx = opts.context ?? { topics: workerTopics(root), forms: formIds(root), bundles: bundleIds(root) };
    return [...findings, ...(await lintDefinitions(definitions, file, ctx, root))];
  } catch (e) {
    return [{ file, rule: 'bundle/parse', severity: 'error', message: `is not BPMN 2.0 XML: ${(e as Error).message}` }];
  }
}

/** Lints every bundle under the paths, and .bpmn files given directly. */
export async function lintPaths(paths: string[], opts: { root?: string } = {}): Promise<BundleFinding[]> {
  const findings: BundleFinding[] = [];
  for (const p of paths) {
    if (existsSync(p) && statSync(p).isFile()) {
      findings.push(...(await lintFile(p, { root: opts.root ?? rootOf(dirname(resolve(p))) })));
      continue;
    }
    for (const dir of findBundles(p)) findings.push(...(await lintBundle(dir, opts)).findings);
  }
  return findings;
}

/** Findings as lines: `file  element  severity  rule  message`, grouped by file. */
export function formatFindings(findings: BundleFinding[]): string {
  const byFile = new Map<string, BundleFinding[]>();
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const lines: string[] = [];
  for (const [file, list] of [...byFile.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(file);
    for (const f of list) lines.push(`  ${(f.where ?? '-').padEnd(36)} ${f.severity.padEnd(5)} ${f.rule.padEnd(32)} ${f.message}`);
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  lines.push(`${errors} error(s), ${findings.length - errors} warning(s)`);
  return lines.join('\n');
}
