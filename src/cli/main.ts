// The `reglament` command: one entry; each subcommand lives in its own module and is loaded only when used.
const commands: Record<string, { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> }> = {
  serve: { summary: 'run the HTTP server over the durable host (--demo seeds demo data)', load: () => import('./serve.js') },
  workers: { summary: 'run the external-task workers against an engine-rest URL', load: () => import('./workers.js') },
  'import-act': { summary: 'draft bundles (manifest, routes, DRAFT.md) from an act\'s published text', load: () => import('./import-act.js') },
  lint: { summary: 'lint регламент bundles (bpmnlint + project rules)', load: () => import('./lint.js') },
  tenant: { summary: 'check a tenant file or apply it to a server (tenant, profile, staff, workers)', load: () => import('./tenant.js') },
  deploy: { summary: 'lint and deploy a bundle through engine-rest', load: () => import('./deploy.js') },
  simulate: { summary: 'run a route on fake time and print the path with deadlines', load: () => import('./simulate.js') },
  traceability: { summary: 'regenerate docs/traceability.md from the bundles', load: () => import('./traceability.js') },
  document: { summary: 'list or render output documents (PDF)', load: () => import('./document.js') },
  pki: { summary: 'write a test PKI (CA, certificates, CRL, OCSP keys)', load: () => import('./pki.js') },
};

function usage(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  return ['usage: reglament <command> [options]', '', ...Object.entries(commands).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`), ''].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return 0;
  }
  const command = commands[name];
  if (!command) {
    process.stderr.write(`reglament: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  return (await command.load()).run(rest);
}

process.exitCode = await main(process.argv.slice(2));
