// Runs dependency-cruiser with the project's rules (.dependency-cruiser.cjs) over folders of a project root.
// dependency-cruiser parses TypeScript only through TypeScript's compiler API, which TypeScript 7 no longer has,
// so the sources are first compiled file by file with esbuild into a scratch copy of the tree (same paths, .js)
// and cruised there. Type-only imports are kept as imports first: a module that names another's types depends on it.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { transform } from 'esbuild';
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

export interface Violation { rule: string; from: string; to: string; cycle?: string[] }

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

/** An import or re-export statement up to its module name. */
const IMPORT = /^(?:import|export)\s[^;'"]*?from\s*['"][^'"]+['"]/gm;

/**
 * Turns `import type { A }`, `import { type A, b }` and `export type { A } from` into plain imports, which esbuild
 * then keeps (verbatimModuleSyntax), instead of dropping them as the compiled code does.
 */
export function keepTypeImports(source: string): string {
  return source.replace(IMPORT, (statement) => statement.replace(/^(import|export)\s+type\s+/, '$1 ').replace(/([{,]\s*)type\s+(?=[\w$])/g, '$1'));
}

/** Writes `dirs` of `root` into `out` as JavaScript: .ts compiled with every import kept (declarations skipped), .js/.mjs/.cjs/.json copied. */
async function compileTree(root: string, dirs: string[], out: string): Promise<void> {
  for (const dir of dirs) {
    for (const file of filesUnder(join(root, dir))) {
      const rel = relative(root, file);
      if (/\.d\.ts$/.test(rel)) continue;
      if (/\.ts$/.test(rel)) {
        const { code } = await transform(keepTypeImports(readFileSync(file, 'utf8')), {
          loader: 'ts', format: 'esm', target: 'es2022', sourcefile: rel, tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
        });
        const target = join(out, rel.replace(/\.ts$/, '.js'));
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, code);
      } else if (/\.(js|mjs|cjs|json)$/.test(rel)) {
        const target = join(out, rel);
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(file, target);
      }
    }
  }
}

/** The violations of the rules in `configFile` among the imports of `dirs` (relative to `root`). */
export async function cruiseRules(root: string, dirs: string[], configFile: string): Promise<Violation[]> {
  const out = mkdtempSync(join(tmpdir(), 'reglament-cruise-'));
  try {
    await compileTree(root, dirs, out);
    // packages resolve from the project's node_modules, under that name (the config sets preserveSymlinks)
    symlinkSync(join(process.cwd(), 'node_modules'), join(out, 'node_modules'), 'dir');
    const options = await extractDepcruiseOptions(configFile);
    const result = await cruise(dirs, { ...options, baseDir: out }, undefined, undefined);
    if (typeof result.output === 'string') throw new Error(`dependency-cruiser gave text, not a result: ${result.output.slice(0, 200)}`);
    const unparsed = result.output.modules.filter((m) => !m.coreModule && !m.couldNotResolve && m.source.startsWith('src/') && m.valid === undefined);
    if (unparsed.length) throw new Error(`dependency-cruiser left modules unchecked: ${unparsed.map((m) => m.source).join(', ')}`);
    return result.output.summary.violations.map((v) => ({
      rule: v.rule.name, from: v.from, to: v.to,
      ...(v.cycle && { cycle: v.cycle.map((c) => c.name) }),
    }));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
