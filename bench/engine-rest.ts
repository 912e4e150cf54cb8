// Bench of the HTTP external-task path: p50/p99 from task creation to a long-polling worker's handler start, and
// external tasks completed per second by 4 real camunda-external-task-client-js workers over HTTP against the
// in-process completion rate of the same model in the same run, alternated over rounds.
// Run: `npx tsx bench/engine-rest.ts [tasks] [rounds]`, or import `run` and `print`.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { BasicAuthInterceptor, Client } from 'camunda-external-task-client-js';
import { openDb, migrateLatest } from '../src/store/db.js';
import { createHost } from '../src/engine/index.js';
import type { Access, Host } from '../src/engine/api.js';
import { buildServer } from '../src/api/server.js';

const BPMN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="defs-bench" targetNamespace="http://reglament.test/bench">
  <bpmn:process id="bench-ext" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="work" />
    <bpmn:serviceTask id="work" camunda:type="external" camunda:topic="TOPIC"><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:serviceTask>
    <bpmn:sequenceFlow id="f2" sourceRef="work" targetRef="end" />
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

const ALL: Access = { tenantIds: null, userId: 'bench' };

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function deploy(host: Host, key: string, topic: string): Promise<void> {
  await host.deploy({ name: key, resources: [{ name: `${key}.bpmn`, content: BPMN.replace('bench-ext', key).replace('TOPIC', topic) }] }, ALL);
}

export interface EngineRestBench {
  latencyP50Ms: number; latencyP99Ms: number;
  /** Medians over the rounds; `ratios` are the per-round HTTP / in-process ratios, sorted. */
  httpPerSec: number; inProcessPerSec: number; ratio: number; ratios: number[];
}

export async function run(tasks = 300, latencySamples = 200, rounds = 3): Promise<EngineRestBench> {
  const dir = mkdtempSync(join(tmpdir(), 'reglament-bench-'));
  const db = openDb({ sqliteFile: join(dir, 'bench.sqlite') });
  await migrateLatest(db);
  const host = await createHost({ db });
  const app = await buildServer({ db, host, config: { adminUser: 'bench', adminPassword: 'bench-secret', authCacheMs: 60_000 } });
  const baseUrl = `${await app.listen({ host: '127.0.0.1', port: 0 })}/engine-rest`;
  const auth = new BasicAuthInterceptor({ username: 'bench', password: 'bench-secret' });
  const clients: Client[] = [];
  try {
    // 1. Latency: task committed (host event) → handler start in a long-polling client, one task at a time.
    await deploy(host, 'bench-latency', 'bench-latency');
    let createdAt = 0;
    const off = host.onExternalTaskCreated((e) => { if (e.topicName === 'bench-latency') createdAt = performance.now(); });
    const latencies: number[] = [];
    let notify: (() => void) | null = null;
    const lc = new Client({ baseUrl, workerId: 'latency', maxTasks: 1, asyncResponseTimeout: 30_000, interval: 0, autoPoll: false, interceptors: auth });
    clients.push(lc);
    lc.subscribe('bench-latency', { lockDuration: 30_000 }, async ({ task, taskService }) => {
      latencies.push(performance.now() - createdAt);
      await taskService.complete(task);
      notify?.();
    });
    lc.start();
    await new Promise((r) => setTimeout(r, 200));
    for (let i = 0; i < latencySamples; i++) {
      const done = new Promise<void>((r) => { notify = r; });
      await host.startInstance({ key: 'bench-latency', tenantId: null }, {}, ALL);
      await done;
      // Let the client go back into its long poll before the next task appears.
      await new Promise((r) => setTimeout(r, 5));
    }
    lc.stop();
    off();
    latencies.sort((a, b) => a - b);
    if (process.env.BENCH_DEBUG) process.stderr.write(`latencies tail: ${latencies.slice(-8).map((x) => x.toFixed(1)).join(' ')}\n`);

    // 2 and 3, alternated over rounds so drift of a loaded machine hits both sides alike: `tasks` waiting tasks
    // completed by 4 real client workers over HTTP (long polling), then the same model in process (4 loops).
    async function overHttp(round: number): Promise<number> {
      const key = `bench-http-${round}`;
      await deploy(host, key, key);
      for (let i = 0; i < tasks; i++) await host.startInstance({ key, tenantId: null }, {}, ALL);
      let completed = 0;
      const t0 = performance.now();
      const workers: Client[] = [];
      await new Promise<void>((resolve) => {
        for (let w = 0; w < 4; w++) {
          const c = new Client({ baseUrl, workerId: `http-${round}-${w}`, maxTasks: 10, asyncResponseTimeout: 10_000, interval: 0, autoPoll: false, interceptors: auth });
          clients.push(c);
          workers.push(c);
          c.subscribe(key, { lockDuration: 60_000 }, async ({ task, taskService }) => {
            await taskService.complete(task);
            if (++completed === tasks) resolve();
          });
          c.start();
        }
      });
      const rate = tasks / ((performance.now() - t0) / 1000);
      for (const c of workers) c.stop();
      return rate;
    }
    async function inProcess(round: number): Promise<number> {
      const key = `bench-local-${round}`;
      await deploy(host, key, key);
      for (let i = 0; i < tasks; i++) await host.startInstance({ key, tenantId: null }, {}, ALL);
      let done = 0;
      const t0 = performance.now();
      await Promise.all([0, 1, 2, 3].map(async (w) => {
        for (;;) {
          const locked = await host.fetchAndLock({ workerId: `local-${w}`, maxTasks: 10, topics: [{ topicName: key, lockDuration: 60_000 }] }, ALL);
          if (!locked.length) return;
          for (const t of locked) { await host.completeExternalTask(t.id, { workerId: `local-${w}` }, ALL); done++; }
        }
      }));
      return done / ((performance.now() - t0) / 1000);
    }
    const http: number[] = [];
    const local: number[] = [];
    for (let round = 0; round < rounds; round++) {
      http.push(await overHttp(round));
      local.push(await inProcess(round));
    }
    const ratios = http.map((h, i) => h / local[i]!).sort((a, b) => a - b);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

    const result: EngineRestBench = {
      latencyP50Ms: quantile(latencies, 0.5),
      latencyP99Ms: quantile(latencies, 0.99),
      httpPerSec: median(http),
      inProcessPerSec: median(local),
      ratio: median(ratios),
      ratios,
    };
    return result;
  } finally {
    for (const c of clients) c.stop();
    await app.close();
    await host.stop();
    await db.destroy();
  }
}

export function print(r: EngineRestBench, tasks: number): void {
  process.stdout.write([
    `engine-rest: task created → long-polling handler start   p50 ${r.latencyP50Ms.toFixed(1)} ms   p99 ${r.latencyP99Ms.toFixed(1)} ms   (target p99 ≤ 50 ms)`,
    `engine-rest: ${tasks} external tasks, 4 client workers over HTTP   ${r.httpPerSec.toFixed(1)} /s (median of rounds)`,
    `engine-rest: same model in process (4 loops)                 ${r.inProcessPerSec.toFixed(1)} /s (median of rounds)`,
    `engine-rest: HTTP / in-process                                ${r.ratio.toFixed(2)} (median; rounds ${r.ratios.map((x) => x.toFixed(2)).join(', ')})`,
  ].join('\n') + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const tasks = Number(process.argv[2] ?? 300);
  print(await run(tasks, 200, Number(process.argv[3] ?? 3)), tasks);
}
