// `reglament simulate <bundle> <route> [--path k=v,…] [--start ISO]`: runs a route on fake time and prints the path.
import { parseArgs } from 'node:util';
import { formatSimulation, parsePath, simulateRoute } from '../reglament/simulate.js';

const USAGE = `usage: reglament simulate <bundle-dir> <provider|con|portal> [--path decision=refusal,signatureValid=false]
         [--path overdue=<activityId>] [--path <activityId>.error=CODE] [--start 2026-11-20T10:00:00+05:00] [--json]\n`;

export async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      path: { type: 'string', multiple: true, default: [] },
      start: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals.length !== 2) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const start = values.start ? new Date(values.start) : new Date();
  if (Number.isNaN(start.getTime())) {
    process.stderr.write(`--start '${values.start}' is not an ISO date-time\n`);
    return 2;
  }
  try {
    const result = await simulateRoute(positionals[0]!, positionals[1]!, { path: parsePath(values.path ?? []), start });
    process.stdout.write(values.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatSimulation(result)}\n`);
    return result.ended ? 0 : 1;
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 1;
  }
}
