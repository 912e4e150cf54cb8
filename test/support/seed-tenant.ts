// Stores a seed akimat's profile (processes/<tenant>/tenant.json) as `reglament tenant apply` does: documents read
// the provider, the signers and the organisation from it, as they do in production.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { applyTenant } from '../../src/tenants/apply.js';

const PROCESSES = join(import.meta.dirname, '..', '..', 'processes');

export async function applySeedTenant(db: Knex, tenant: string): Promise<void> {
  const file = join(PROCESSES, tenant, 'tenant.json');
  await applyTenant(db, JSON.parse(readFileSync(file, 'utf8')), { userId: null, file });
}

/** The resources of a seed bundle besides its diagrams: manifest, forms and document templates. */
export function bundleDataResources(tenant: string, service: string): Array<{ name: string; content: string }> {
  const dir = join(PROCESSES, tenant, service);
  const out = [{ name: 'manifest.json', content: readFileSync(join(dir, 'manifest.json'), 'utf8') }];
  for (const folder of ['forms', 'documents']) {
    if (!existsSync(join(dir, folder))) continue;
    for (const f of readdirSync(join(dir, folder)).sort()) out.push({ name: `${folder}/${f}`, content: readFileSync(join(dir, folder, f), 'utf8') });
  }
  return out;
}
