// `npm run import-score`: runs the importer on every act under the seeds folder and prints, per service and route,
// the share of the hand bundle's steps and limits (processes/) that the draft reproduces.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { importAct } from '../src/importer/index.js';
import { closestByTitle, compare, handBundlesOf, routeFacts, type RouteScore } from '../src/importer/score.js';

export interface ScoreRow extends RouteScore {
  seed: string;
  service: string;
  seconds: number;
}

export async function scoreSeeds(seedsDir: string, processesDir: string): Promise<ScoreRow[]> {
  const rows: ScoreRow[] = [];
  for (const file of readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort()) {
    const text = readFileSync(join(seedsDir, file), 'utf8');
    const started = performance.now();
    const { services } = importAct(text, { tenant: 'draft', source: file });
    const seconds = (performance.now() - started) / 1000;
    for (const svc of services) {
      const manifest = JSON.parse(svc.files['manifest.json']!);
      const hand = closestByTitle(svc.title, handBundlesOf(processesDir, manifest.act));
      if (!hand) continue;
      for (const [route, name] of Object.entries(hand.manifest.routes as Record<string, string>)) {
        const handFacts = await routeFacts(readFileSync(join(hand.dir, name), 'utf8'));
        const draftXml = svc.files[`${route}.bpmn`];
        const score = compare(route, handFacts, draftXml ? await routeFacts(draftXml) : null);
        rows.push({ ...score, seed: file.slice(0, 3), service: `${hand.tenant}/${hand.service}`, seconds });
      }
    }
  }
  return rows;
}

/** The seed acts: $REGLAMENT_SEEDS, else ../shared/seeds beside the checkout (a worktree sits one level deeper). */
export function defaultSeedsDir(root: string): string {
  const candidates = [process.env.REGLAMENT_SEEDS, resolve(root, '..', 'shared', 'seeds'), resolve(root, '..', '..', 'shared', 'seeds')].filter((p): p is string => Boolean(p));
  return candidates.find((p) => existsSync(p)) ?? candidates[0]!;
}

const pct = (m: number, h: number): string => (h ? `${Math.round((100 * m) / h)}%` : 'n/a');

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('import-score.ts')) {
  const root = resolve(import.meta.dirname, '..');
  const seeds = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : defaultSeedsDir(root);
  const rows = await scoreSeeds(seeds, join(root, 'processes'));
  const lines = ['| seed | service | route | steps | limits | s/act |', '| --- | --- | --- | --- | --- | --- |'];
  for (const r of rows) lines.push(`| ${r.seed} | ${r.service} | ${r.route} | ${r.steps.matched}/${r.steps.hand} ${pct(r.steps.matched, r.steps.hand)} | ${r.limits.matched}/${r.limits.hand} ${pct(r.limits.matched, r.limits.hand)} | ${r.seconds.toFixed(2)} |`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (process.argv.includes('--missing')) for (const r of rows) process.stdout.write(`${r.seed} ${r.service} ${r.route}\n  steps: ${r.steps.missing.join('; ')}\n  limits: ${r.limits.missing.join('; ')}\n`);
}
