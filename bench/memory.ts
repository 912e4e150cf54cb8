// Child of bench/run.ts: parks BENCH_WAITING instances at their external task in a fresh process and prints its RSS as JSON.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost, type Access } from '../src/engine/index.js';
import { migrateLatest, openDb } from '../src/store/db.js';
import { benchModel } from './model.js';

const admin: Access = { tenantIds: null, userId: 'bench' };
const waiting = Number(process.env.BENCH_WAITING ?? 10_000);

async function main(): Promise<void> {
  const db = openDb({ sqliteFile: join(mkdtempSync(join(tmpdir(), 'reglament-bench-mem-')), 'bench.sqlite') });
  await migrateLatest(db);
  const host = await createHost({ db });
  await host.deploy({ name: 'bench', resources: [{ name: 'bench.bpmn', content: benchModel }] }, admin);
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  gc();
  const before = process.memoryUsage().rss;
  let peak = before;
  for (let i = 0; i < waiting; i++) {
    await host.startInstance({ key: 'bench' }, {}, admin);
    if (i % 500 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  gc();
  const m = process.memoryUsage();
  const count = await host.countInstances({ processDefinitionKey: 'bench', active: true }, admin);
  const waits = Number((await db('engine_external_task').count({ c: '*' }).first())!.c);
  console.log(JSON.stringify({ waiting: count, externalTasks: waits, rssBefore: before, rss: m.rss, peakRss: Math.max(peak, m.rss), heapUsed: m.heapUsed }));
  await host.stop();
  await db.destroy();
}

main().catch((err) => { console.error(err); process.exit(1); });
