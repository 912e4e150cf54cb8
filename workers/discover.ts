// Finds the worker modules: every workers/<topic>.ts (or .js) that exports `topic` and `fromContext`.
import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import type { WorkerModule } from './types.js';

const dir = fileURLToPath(new URL('.', import.meta.url));
// Not worker modules: the runner's own files and the contract.
const NOT_WORKERS = new Set(['runner', 'discover', 'types', 'index']);

function isWorkerModule(mod: unknown): mod is WorkerModule {
  const m = mod as Partial<WorkerModule>;
  return typeof m?.topic === 'string' && typeof m.fromContext === 'function';
}

/** Imports every worker module, sorted by topic; `topics` limits the set and names unknown ones in the error. */
export async function discoverWorkers(topics?: string[]): Promise<WorkerModule[]> {
  const files = readdirSync(dir).filter((f) => /^[a-z0-9-]+\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !NOT_WORKERS.has(f.replace(/\.(ts|js)$/, '')));
  const modules: WorkerModule[] = [];
  for (const file of files.sort()) {
    const mod: unknown = await import(pathToFileURL(join(dir, file)).href);
    if (isWorkerModule(mod)) modules.push(mod);
  }
  if (!topics?.length) return modules;
  const known = new Set(modules.map((m) => m.topic));
  const unknown = topics.filter((t) => !known.has(t));
  if (unknown.length) throw new Error(`Couldn't start workers: no worker module for topic(s) ${unknown.join(', ')}; known: ${[...known].sort().join(', ')}`);
  return modules.filter((m) => topics.includes(m.topic));
}
