// `reglament traceability [--check] [--out docs/traceability.md]`: regenerates the traceability table from the bundles.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { buildTraceability } from '../reglament/traceability.js';

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      out: { type: 'string', default: 'docs/traceability.md' },
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write('usage: reglament traceability [--out docs/traceability.md] [--check]\n');
    return 0;
  }
  const root = process.cwd();
  const markdown = await buildTraceability(root);
  const out = resolve(root, values.out!);
  if (values.check) {
    const current = existsSync(out) ? readFileSync(out, 'utf8') : '';
    if (current !== markdown) {
      process.stderr.write(`${values.out} is out of date: run reglament traceability\n`);
      return 1;
    }
    process.stdout.write(`${values.out} is up to date\n`);
    return 0;
  }
  writeFileSync(out, markdown);
  process.stdout.write(`wrote ${values.out}\n`);
  return 0;
}
