// Writes the Semey forms (forms/<service>-<purpose>.form) and manifests (processes/semey/<service>/manifest.json).
// Usage: npx tsx scripts/authoring/models/semey/lib/write-files.ts
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formsOf } from './forms.js';
import { manifestOf } from './manifests.js';
import type { ServiceSpec } from './service-spec.js';
import { spec as s1 } from '../unemployed-certificate.js';
import { spec as s2 } from '../disabled-children-home-education.js';
import { spec as s3 } from '../preschool-queue.js';
import { spec as s4 } from '../minors-deposits-certificate.js';
import { spec as s5 } from '../guardianship-property-deal-certificate.js';
import { spec as s6 } from '../guardianship-certificate.js';
import { spec as s7 } from '../housing-queue.js';

export const semeySpecs: ServiceSpec[] = [s1, s2, s3, s4, s5, s6, s7];

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', '..');

export async function writeSemeyFiles(): Promise<string[]> {
  const written: string[] = [];
  for (const spec of semeySpecs) {
    const forms = formsOf(spec.service, spec.formPrefix ?? spec.service);
    for (const schema of forms) {
      const file = join(root, 'forms', `${schema.id}.form`);
      await writeFile(file, `${JSON.stringify(schema, null, 2)}\n`);
      written.push(`forms/${schema.id}.form`);
    }
    const dir = join(root, 'processes', 'semey', spec.service);
    await mkdir(dir, { recursive: true });
    const manifest = manifestOf(spec, forms.map((schema) => schema.id));
    await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    written.push(`processes/semey/${spec.service}/manifest.json`);
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const file of await writeSemeyFiles()) console.log(`wrote ${file}`);
}
