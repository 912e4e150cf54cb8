// Regenerates processes/<tenant>/<service>/<route>.bpmn from scripts/authoring/models/<tenant>/<service>.ts
// and checks each file (parse warnings, bpmnlint recommended). Usage: npx tsx scripts/authoring/build.ts [filter]
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateRoute } from './generate.js';
import { checkBpmn } from './check.js';
import type { BundleModel } from './route-model.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const modelsDir = join(here, 'models');

/** Every models/<tenant>/<service>.ts file. */
async function modelFiles(): Promise<string[]> {
  const files: string[] = [];
  for (const tenant of await readdir(modelsDir, { withFileTypes: true })) {
    if (!tenant.isDirectory()) continue;
    for (const file of await readdir(join(modelsDir, tenant.name))) {
      if (file.endsWith('.ts')) files.push(join(modelsDir, tenant.name, file));
    }
  }
  return files.sort();
}

export async function buildAll(filter = ''): Promise<{ written: string[]; problems: string[] }> {
  const written: string[] = [];
  const problems: string[] = [];
  for (const file of await modelFiles()) {
    if (filter && !relative(modelsDir, file).includes(filter)) continue;
    const module = (await import(pathToFileURL(file).href)) as { bundle?: BundleModel; manifest?: Record<string, unknown> };
    const bundle = module.bundle;
    if (!bundle) {
      problems.push(`${relative(root, file)}: exports no 'bundle'`);
      continue;
    }
    const dir = join(root, 'processes', bundle.tenant, bundle.service);
    await mkdir(dir, { recursive: true });
    // A model may also own its manifest (the preschool acts build theirs from the same act texts).
    if (module.manifest) {
      const target = join(dir, 'manifest.json');
      await writeFile(target, `${JSON.stringify(module.manifest, null, 2)}\n`);
      written.push(relative(root, target));
    }
    for (const [route, model] of Object.entries(bundle.routes)) {
      if (!model) continue;
      const xml = await generateRoute(model);
      const target = join(dir, `${route}.bpmn`);
      await writeFile(target, xml);
      written.push(relative(root, target));
      const check = await checkBpmn(xml);
      for (const warning of check.parseWarnings) problems.push(`${relative(root, target)}: parse: ${warning}`);
      for (const error of check.lintErrors) problems.push(`${relative(root, target)}: lint: ${error}`);
      for (const warning of check.lintWarnings) console.warn(`${relative(root, target)}: lint warning: ${warning}`);
    }
  }
  return { written, problems };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { written, problems } = await buildAll(process.argv[2] ?? '');
  for (const file of written) console.log(`wrote ${file}`);
  for (const problem of problems) console.error(problem);
  process.exitCode = problems.length > 0 ? 1 : 0;
}
