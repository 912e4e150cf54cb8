// `npm run bench`: completed instances per second through the durable host (SQLite, in-process workers) against a raw
// in-memory bpmn-engine with a cached definition, on one model; RSS with 10,000 instances waiting; timer lag.
import { EventEmitter } from 'node:events';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost, type Access, type Host } from '../src/engine/index.js';
import { parseBpmn } from '../src/engine/definitions.js';
import { HostTimers, contextFromJson, createEngine, type ExecutionLike } from '../src/engine/engine-factory.js';
import { migrateLatest, openDb } from '../src/store/db.js';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchModel } from './model.js';

const admin: Access = { tenantIds: null, userId: 'bench' };
const N = Number(process.env.BENCH_INSTANCES ?? 500);
const WAITING = Number(process.env.BENCH_WAITING ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
/** `engine`: skip the engine-rest half; `ratio`: print only the raw / durable rates and their ratio; `load`: only the load section. */
const ONLY = process.env.BENCH_ONLY ?? '';

// A full GC before each round, so one side does not pay for the other's garbage (bench code only, no deployment text).
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const model = benchModel;

const timerModel = model.replace('id="bench"', 'id="bench-timer"').replace('<serviceTask id="ext" camunda:type="external" camunda:topic="bench-work" />',
  '<intermediateCatchEvent id="ext"><timerEventDefinition><timeDuration>PT2S</timeDuration></timerEventDefinition></intermediateCatchEvent>');

async function raw(n: number): Promise<number> {
  const parsed = await parseBpmn('bench.bpmn', model, (await import('../src/engine/engine-factory.js')).hostElements);
  const context = contextFromJson(parsed.process!.context);
  const activities = parsed.process!.activities;
  const calendar = { addDuration: (d: Date) => d };
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const engine = createEngine(context, new HostTimers(activities, calendar), `raw-${i}`);
    const ended = new Promise<void>((resolve) => engine.once('end', () => resolve()));
    const execution: ExecutionLike = await engine.execute({ listener: new EventEmitter() });
    const ext = execution.getPostponed().find((p) => p.id === 'ext')!;
    execution.signal({ id: 'ext', executionId: ext.executionId });
    const ut = execution.getPostponed().find((p) => p.id === 'review')!;
    execution.signal({ id: 'review', executionId: ut.executionId });
    await ended;
  }
  return n / ((performance.now() - t0) / 1000);
}

/**
 * Durable path: CONCURRENCY in-process chains, each starting an application, completing its external task as a worker
 * and its user task as an operator, then the next; engine work of one chain overlaps the SQLite I/O of another.
 */
async function durable(host: Host, n: number): Promise<number> {
  const t0 = performance.now();
  let started = 0;
  let done = 0;
  const chain = async (c: number): Promise<void> => {
    while (started < n) {
      const key = `b-${c}-${started++}`;
      const inst = await host.startInstance({ key: 'bench' }, { businessKey: key }, admin);
      const [t] = await host.fetchAndLock({ workerId: `w${c}`, maxTasks: 1, usePriority: true, topics: [{ topicName: 'bench-work', lockDuration: 60_000, businessKey: key }] }, admin);
      await host.completeExternalTask(t!.id, { workerId: `w${c}` }, admin);
      const [u] = await host.listTasks({ candidateGroup: 'g', processInstanceId: inst.id, maxResults: 1 }, admin);
      await host.completeTask(u!.id, {}, admin);
      done++;
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, c) => chain(c)));
  return done / ((performance.now() - t0) / 1000);
}

async function main(): Promise<void> {
  if (ONLY === 'load') return load();
  const dir = mkdtempSync(join(tmpdir(), 'reglament-bench-'));
  const db = openDb({ sqliteFile: join(dir, 'bench.sqlite') });
  await migrateLatest(db);
  const host = await createHost({ db, timerPollInterval: 200 });
  await host.deploy({ name: 'bench', resources: [{ name: 'bench.bpmn', content: model }, { name: 'timer.bpmn', content: timerModel }] }, admin);

  await raw(50); await durable(host, 50); // warm up both paths

  // Interleaved rounds, so a busy neighbour on the machine slows both sides alike; medians of the rounds.
  const rawRates: number[] = [];
  const durableRates: number[] = [];
  const per = Math.max(20, Math.round(N / ROUNDS));
  for (let r = 0; r < ROUNDS; r++) {
    gc();
    rawRates.push(await raw(per));
    gc();
    durableRates.push(await durable(host, per));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const rawMean = median(rawRates);
  const durableRate = median(durableRates);
  const ratios = rawRates.map((x, i) => durableRates[i]! / x);
  const ratio = median(ratios);
  const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
  console.log(`model: start → external task → user task with boundary timer → end (${N} instances; durable: ${CONCURRENCY} in-process chains of starter → worker → operator)`);
  console.log(`raw in-memory bpmn-engine, cached definition: ${rawMean.toFixed(1)} completed instances/s (median of ${ROUNDS} rounds: ${rawRates.map((x) => x.toFixed(1)).join(' ')})`);
  console.log(`durable host, SQLite:                        ${durableRate.toFixed(1)} completed instances/s (rounds: ${durableRates.map((x) => x.toFixed(1)).join(' ')})`);
  console.log(`ratio per round:                             ${ratios.map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`ratio durable / raw (median of rounds):      ${ratio.toFixed(2)} (floor 0.70) ${ratio >= 0.7 ? 'OK' : 'BELOW FLOOR'}`);
  if (ONLY === 'ratio') { await db.destroy(); return; }

  // timer lag: 200 instances started 50 ms apart each wait 2 s on a timer; the scheduler (poll 200 ms) fires them
  await host.start();
  const lagStart = Date.now();
  for (let i = 0; i < 200; i++) {
    await host.startInstance({ key: 'bench-timer' }, {}, admin);
    await new Promise((r) => setTimeout(r, 50));
  }
  while (Number((await db('engine_timer').where('activity_id', 'ext').count({ c: '*' }).first())!.c) !== 0 && Date.now() - lagStart < 60_000) await new Promise((r) => setTimeout(r, 200));
  await host.stop();
  const rows = await db('engine_hist_activity').where('activity_id', 'ext').where('definition_key', 'bench-timer').select('start_time', 'end_time');
  const lags = rows.map((r: Record<string, unknown>) => Number(r.end_time) - (Number(r.start_time) + 2000)).sort((a, b) => a - b);
  const p = (q: number) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? NaN;

  // memory: a fresh process parks WAITING instances (bench/memory.ts)
  const child = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(new URL('./memory.ts', import.meta.url))], { env: { ...process.env, BENCH_WAITING: String(WAITING) }, encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`memory benchmark failed: ${child.stderr}`);
  const mem = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as { waiting: number; rss: number; peakRss: number; rssBefore: number; heapUsed: number };
  const { waiting, rss, rssBefore } = mem;

  console.log(`RSS with ${waiting} instances waiting:     ${mb(rss)} MB after GC, peak ${mb(mem.peakRss)} MB, heap ${mb(mem.heapUsed)} MB (empty host ${mb(rssBefore)} MB; floor 300 MB) ${rss < 300 * 1024 * 1024 ? 'OK' : 'ABOVE FLOOR'}`);
  console.log(`timer lag over ${lags.length} timers (poll 200 ms): p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${lags.at(-1)} ms (floor p99 < 1000 ms) ${p(0.99) < 1000 ? 'OK' : 'ABOVE FLOOR'}`);
  await db.destroy();
  if (ONLY === 'engine') return;

  // The HTTP side (issue 3): long-poll wake-up latency and real client workers against the in-process rate.
  const { run: runEngineRest, print: printEngineRest } = await import('./engine-rest.js');
  const tasks = Number(process.env.BENCH_REST_TASKS ?? 300);
  printEngineRest(await runEngineRest(tasks, 200, 3), tasks);
  await load();
}

/** 200 clients over HTTP for 60 s each way (bench/load.ts): signing in on every loop, then keeping the session. */
async function load(): Promise<void> {
  const { runLoad, printLoad } = await import('./load.js');
  printLoad(await runLoad(undefined, undefined, 'each'));
  printLoad(await runLoad(undefined, undefined, 'once'));
}

main().catch((err) => { console.error(err); process.exit(1); });
