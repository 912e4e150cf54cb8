// `reglament import-act <act.txt> --tenant <id> --out <dir>`: drafts bundles from an act's text, each with its own
// draft forms in <out>/<service>/forms/.
import { parseArgs } from 'node:util';
import { ImportError, importAct, readAct, writeImport } from '../importer/index.js';

export async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { tenant: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help || positionals.length !== 1 || !values.tenant || !values.out) {
    process.stdout.write('usage: reglament import-act <act.txt> --tenant <id> --out <dir>   (each bundle gets its draft forms in <out>/<service>/forms/)\n');
    return values.help ? 0 : 2;
  }
  const started = Date.now();
  try {
    const { services, skipped } = importAct(readAct(positionals[0]!), { tenant: values.tenant, source: positionals[0] });
    writeImport(services, values.out);
    for (const s of skipped) process.stdout.write(`skipped (lost force): «${s.title}» at line ${s.line}\n`);
    for (const s of services) process.stdout.write(`${values.out}/${s.service}: ${s.routes.join(', ')} — see DRAFT.md\n`);
    process.stdout.write(`${services.length} service(s) in ${((Date.now() - started) / 1000).toFixed(2)} s\n`);
    return 0;
  } catch (e) {
    if (e instanceof ImportError) {
      process.stderr.write(`import-act: ${positionals[0]}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
