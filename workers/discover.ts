// Finds the worker modules: every workers/<topic>.ts (or .js) that exports `topic` and `fromContext`.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { WorkerModule } from './types.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
// Not worker modules: the runner's own files and the contract.
const NOT_WORKERS = new Set(['runner', 'discover', 'types', 'index', 'services']);

function isWorkerModule(mod: unknown): mod is WorkerModule {
  const m = mod as Partial<WorkerModule>;
  return typeof m?.topic === 'string' && typeof m.fromContext === 'function';
}

/**
 * Imports the worker modules, sorted by topic. With `topics`, only the files named after them are imported (a module
 * is named after its topic), so one broken module does not stop the others; unknown topics are named in the error.
 */
export async function discoverWorkers(topics?: string[]): Promise<WorkerModule[]> {
  const all = readdirSync(dir).filter((f) => /^[a-z0-9-]+\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !NOT_WORKERS.has(f.replace(/\.(ts|js)$/, '')));
  const wanted = topics?.length ? new Set(topics) : null;
  // The .ts source wins over a compiled .js of the same name.
  const byName = new Map<string, string>();
  for (const f of all.sort()) {
    const name = f.replace(/\.(ts|js)$/, '');
    if (!byName.has(name) || f.endsWith('.ts')) byName.set(name, f);
  }
  const files = [...byName.entries()].filter(([name]) => !wanted || wanted.has(name)).map(([, f]) => f);
  const modules: WorkerModule[] = [];
  for (const file of files.sort()) {
    const mod: unknown = await import(pathToFileURL(join(dir, file)).href);
    if (isWorkerModule(mod)) modules.push(mod);
  }
  if (!topics?.length) return modules;
  const known = new Set(modules.map((m) => m.topic));
  const unknown = topics.filter((t) => !known.has(t));
  if (unknown.length) throw new Error(`Couldn't start workers: no worker module for topic(s) ${unknown.join(', ')}; modules in workers/: ${[...byName.keys()].sort().join(', ')}`);
  return modules.filter((m) => topics.includes(m.topic));
}
