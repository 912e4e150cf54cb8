// `reglament deploy <bundle|dir> [--url URL] [--tenant T] [--user U --password P]`: lint, then deploy via engine-rest;
// a folder without manifest.json deploys every bundle below it.
import { parseArgs } from 'node:util';
import { BundleLintError, DEFAULT_ENGINE_REST_URL, deployBundle } from '../reglament/deploy.js';
import { formatFindings } from '../reglament/lint/index.js';
import { findBundles } from '../reglament/bundle.js';

const USAGE = 'usage: reglament deploy <bundle-dir | processes-dir> [--url URL] [--tenant T] [--user U --password P] [--root DIR]\n\nDIR holds forms/ and workers/ (default: found from the bundle folder).\n';

export async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string', default: process.env.REGLAMENT_ENGINE_REST_URL ?? DEFAULT_ENGINE_REST_URL },
      tenant: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      root: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length !== 1) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  if (Boolean(values.user) !== Boolean(values.password)) {
    process.stderr.write('--user and --password go together\n');
    return 2;
  }
  const bundles = findBundles(positionals[0]!);
  if (bundles.length === 0) {
    process.stderr.write(`No bundle (a folder with manifest.json) at or under ${positionals[0]}\n`);
    return 1;
  }
  let failed = 0;
  for (const dir of bundles) {
    try {
      const outcome = await deployBundle(dir, {
        url: values.url,
        tenant: values.tenant,
        root: values.root,
        auth: values.user ? { user: values.user, password: values.password! } : undefined,
        onProgress: (line) => process.stdout.write(`${line}\n`),
      });
      if (outcome.warnings.length) process.stdout.write(`${formatFindings(outcome.warnings)}\n`);
      for (const d of outcome.processDefinitions) process.stdout.write(`  ${d.key} v${d.version} (${d.id})\n`);
      if (outcome.processDefinitions.length === 0) process.stdout.write('  nothing new: every resource equals the deployed one\n');
    } catch (e) {
      failed++;
      if (e instanceof BundleLintError) process.stderr.write(`${formatFindings(e.findings)}\n${e.message}\n`);
      else process.stderr.write(`${(e as Error).message}\n`);
    }
  }
  return failed ? 1 : 0;
}
