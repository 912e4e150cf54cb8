// The `reglament` command: one entry, subcommands in their own modules.
import { parseArgs } from 'node:util';

const commands: Record<string, () => Promise<{ run(argv: string[]): Promise<number> }>> = {
  serve: () => import('./serve.js'),
};

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const load = name ? commands[name] : undefined;
  if (!load) {
    process.stderr.write(`usage: reglament <${Object.keys(commands).sort().join('|')}> [options]\n`);
    return name ? 2 : 0;
  }
  return (await load()).run(rest);
}

// parseArgs is imported so subcommands share one argument style.
void parseArgs;
process.exitCode = await main(process.argv.slice(2));
