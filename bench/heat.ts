// `npx tsx bench/heat.ts`: the analyst's heatmap query (src/analyst/heat.ts) over 1,000,000 history rows of one
// route (Zhambyl's preschool-queue provider route: minute limits and a 3-working-day decision), on SQLite or, with
// DATABASE_URL=postgres://…, PostgreSQL. Prints the time of one heatmap request (median of BENCH_ROUNDS). Not a test.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHost, type Access } from '../src/engine/index.js';
import { routeHeat } from '../src/analyst/heat.js';
import { migrateLatest, openDb } from '../src/store/db.js';

const ROWS = Number(process.env.BENCH_HEAT_ROWS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const admin: Access = { tenantIds: null, userId: 'bench' };
const root = fileURLToPath(new URL('..', import.meta.url));

const url = process.env.DATABASE_URL;
const db = openDb(url ? { databaseUrl: url } : { sqliteFile: join(mkdtempSync(join(tmpdir(), 'reglament-heat-bench-')), 'db.sqlite') });
if (url) {
  // A schema of its own, so the bench never touches another database's rows.
  await db.raw('drop schema if exists heat_bench cascade');
  await db.raw('create schema heat_bench');
  await db.destroy();
}
const bdb = url ? openDb({ databaseUrl: url, schema: 'heat_bench' }) : db;
await migrateLatest(bdb);
const host = await createHost({ db: bdb, timerPollInterval: 3_600_000 });
const xml = readFileSync(join(root, 'processes', 'zhambyl-sko', 'preschool-queue', 'provider.bpmn'), 'utf8');
const def = (await host.deploy({ name: 'heat-bench', tenantId: 'zhambyl-sko', resources: [{ name: 'provider.bpmn', content: xml }] }, admin)).processDefinitions[0]!;
const steps = [...xml.matchAll(/<bpmn:(?:userTask|serviceTask|sendTask|receiveTask) id="([^"]+)"/g)].map((m) => m[1]!);

// A year of passes: each starts at a random minute, most finish within a few days, one in twenty is still open.
const now = Date.now();
let seed = 42;
const random = () => { seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31; return seed / 2 ** 31; };
const t0 = performance.now();
const BATCH = 500;
await bdb.transaction(async (trx) => {
  for (let i = 0; i < ROWS; i += BATCH) {
    const rows = [];
    for (let j = i; j < Math.min(ROWS, i + BATCH); j++) {
      const start = now - Math.floor(random() * 365 * 86_400_000);
      const open = random() < 0.05;
      rows.push({
        id: `bench-${j}`, instance_id: `bench-i${Math.floor(j / steps.length)}`, activity_id: steps[j % steps.length]!, activity_type: 'userTask',
        definition_id: def.id, definition_key: def.key, tenant_id: 'zhambyl-sko', start_time: start,
        end_time: open ? null : Math.min(now, start + Math.floor(random() * random() * 6 * 86_400_000)), canceled: false, seq: 0,
      });
    }
    await trx('engine_hist_activity').insert(rows);
  }
});
console.log(`inserted ${ROWS} history rows in ${((performance.now() - t0) / 1000).toFixed(1)} s (${url ? 'PostgreSQL' : 'SQLite'})`);

const times: number[] = [];
let heat: Awaited<ReturnType<typeof routeHeat>> = [];
for (let r = 0; r < ROUNDS; r++) {
  const t = performance.now();
  heat = await routeHeat(host, bdb, def.id, admin);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const total = heat.reduce((n, row) => n + row.active + row.finished, 0);
console.log(`heatmap of ${heat.length} elements (${total} passes counted): median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms (min ${times[0]!.toFixed(0)}, max ${times.at(-1)!.toFixed(0)}, ${ROUNDS} rounds)`);
await host.stop();
if (url) await bdb.raw('drop schema heat_bench cascade');
await bdb.destroy();
