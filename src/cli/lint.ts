// `reglament lint [dir|file…]`: lints bundles (default processes/) and prints findings per file; exit 1 on errors.
import { parseArgs } from 'node:util';
import { formatFindings, lintPaths } from '../reglament/lint/index.js';

export async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
  });
  if (values.help) {
    process.stdout.write('usage: reglament lint [--json] [bundle-dir | processes-dir | file.bpmn …]   (default: processes/)\n');
    return 0;
  }
  const paths = positionals.length ? positionals : ['processes'];
  // Each bundle and file finds its own repository root (forms/, workers/), so fixtures lint like the repo.
  const findings = await lintPaths(paths);
  process.stdout.write(values.json ? `${JSON.stringify(findings, null, 2)}\n` : `${formatFindings(findings)}\n`);
  return findings.some((f) => f.severity === 'error') ? 1 : 0;
}
