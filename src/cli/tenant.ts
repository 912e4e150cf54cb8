// `reglament tenant check|apply <tenant.json>`: check a tenant file offline, or apply it to a running server over
// REST (PUT /api/tenants/{id}) — the tenant, its profile, staff with IINs, workers' membership, archive mode.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { formatProblems, tenantProblems } from '../tenants/validate.js';

const USAGE = [
  'usage: reglament tenant check <tenant.json>',
  '       reglament tenant apply <tenant.json> [--url SERVER] [--user U --password P]',
  '',
  'SERVER is the server root (default $REGLAMENT_API_URL or http://127.0.0.1:8080); the user is a global administrator.',
  '',
].join('\n');

function readJson(file: string): { doc?: unknown; error?: string } {
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch (e) { return { error: `Cannot read ${file}: ${(e as Error).message}` }; }
  try { return { doc: JSON.parse(text) }; } catch (e) { return { error: `Cannot apply ${file}: not JSON (${(e as Error).message})` }; }
}

export async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string', default: process.env.REGLAMENT_API_URL ?? 'http://127.0.0.1:8080' },
      user: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const [action, file] = positionals;
  if (values.help || positionals.length !== 2 || (action !== 'check' && action !== 'apply')) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  if (Boolean(values.user) !== Boolean(values.password)) {
    process.stderr.write('--user and --password go together\n');
    return 2;
  }
  const { doc, error } = readJson(file!);
  if (error) { process.stderr.write(`${error}\n`); return 1; }
  // Checked here first, so the problems name the file the akimat wrote, not the request.
  const problems = tenantProblems(doc, file);
  if (problems.length) {
    process.stderr.write(`${file}: ${problems.length} problem${problems.length > 1 ? 's' : ''}\n${formatProblems(problems)}\n`);
    return 1;
  }
  const id = (doc as { id: string }).id;
  if (action === 'check') { process.stdout.write(`${file}: tenant ${id} is valid\n`); return 0; }

  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (values.user) headers.authorization = `Basic ${Buffer.from(`${values.user}:${values.password}`).toString('base64')}`;
  const url = `${values.url!.replace(/\/+$/, '')}/api/tenants/${encodeURIComponent(id)}`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'PUT', headers, body: JSON.stringify(doc) });
  } catch (e) {
    process.stderr.write(`Cannot apply ${file}: the server at ${values.url} did not answer (${(e as Error).message})\n`);
    return 1;
  }
  const body = await res.json().catch(() => ({})) as { message?: string; revision?: number; changes?: string[] };
  if (!res.ok) {
    process.stderr.write(`Cannot apply ${file}: ${res.status} ${body.message ?? res.statusText}\n`);
    return 1;
  }
  const changes = body.changes ?? [];
  process.stdout.write(`tenant ${id}: profile revision ${body.revision}; ${changes.length ? `${changes.length} change${changes.length > 1 ? 's' : ''}` : 'nothing to change'}\n`);
  for (const c of changes) process.stdout.write(`  ${c}\n`);
  return 0;
}
