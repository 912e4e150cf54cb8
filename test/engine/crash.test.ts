// Crash safety: a host process running 200 instances with workers is killed with SIGKILL at random moments,
// restarted each time; in the end every instance ended once, no activity ran twice, no task was completed twice,
// and the external task log holds exactly one creation and one success per task.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';

const harness = fileURLToPath(new URL('./crash-harness.ts', import.meta.url));
const INSTANCES = 200;
const KILLS = 5;

function run(env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', harness], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => { stderr += String(d); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    if (code) console.error(stderr.slice(-2000));
    resolve(code);
  }));
  return { child, exited };
}

describe('crash safety of the durable host', () => {
  it(`survives ${KILLS} SIGKILLs while running ${INSTANCES} instances`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reglament-crash-'));
    const env = { CRASH_DB: join(dir, 'crash.sqlite'), CRASH_LOG: join(dir, 'completions.log'), CRASH_INSTANCES: String(INSTANCES) };
    const linesAtKill: number[] = [];
    for (let k = 0; k < KILLS; k++) {
      const { child, exited } = run(env);
      await new Promise((r) => setTimeout(r, 1500 + Math.random() * 2500));
      child.kill('SIGKILL');
      await exited;
      linesAtKill.push(existsSync(env.CRASH_LOG) ? readFileSync(env.CRASH_LOG, 'utf8').split('\n').length - 1 : 0);
    }
    // the kills hit work in progress: some completions logged before them, not all
    expect(linesAtKill.filter((n) => n > 0).length).toBeGreaterThanOrEqual(2);
    expect(linesAtKill.at(-1)!).toBeLessThan(2 * INSTANCES);
    const last = run(env);
    const code = await Promise.race([last.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 90_000))]);
    if (code === 'timeout') last.child.kill('SIGKILL');
    expect(code).toBe(0);

    const log = readFileSync(env.CRASH_LOG, 'utf8').trim().split('\n');
    expect(log.at(-1)).toBe('done');
    const completions = log.filter((l) => l !== 'done');
    expect(new Set(completions).size).toBe(completions.length); // no task acknowledged twice

    const db = openDb({ sqliteFile: env.CRASH_DB });
    try {
      const instances = await db('engine_instance').select('id', 'state', 'end_time');
      expect(instances).toHaveLength(INSTANCES);
      expect(instances.every((i) => i.state === 'COMPLETED' && i.end_time != null)).toBe(true);
      const acts = await db('engine_hist_activity').select('instance_id', 'activity_id', 'canceled', 'end_time');
      const seen = new Map<string, number>();
      for (const a of acts) seen.set(`${a.instance_id}/${a.activity_id}`, (seen.get(`${a.instance_id}/${a.activity_id}`) ?? 0) + 1);
      const twice = [...seen].filter(([, n]) => n > 1);
      expect(twice).toEqual([]); // no activity ran twice
      for (const activity of ['start', 'work', 'pause', 'review', 'end']) {
        expect(acts.filter((a) => a.activity_id === activity && !a.canceled)).toHaveLength(INSTANCES);
      }
      expect(acts.filter((a) => a.activity_id === 'end-d')).toHaveLength(0);
      // the external task log is written in the commits of the steps: one creation and one success per task, however
      // the kills fell, and no deletion (a task logged twice or lost would show here)
      const logs = await db('engine_hist_ext_task_log').select('external_task_id', 'instance_id', 'state');
      const perTask = new Map<string, number[]>();
      for (const l of logs) perTask.set(l.external_task_id, [...(perTask.get(l.external_task_id) ?? []), Number(l.state)].sort());
      expect(perTask.size).toBe(INSTANCES);
      expect([...perTask.values()].filter((states) => states.join() !== '0,2')).toEqual([]);
      expect(new Set(logs.map((l) => l.instance_id)).size).toBe(INSTANCES);
      for (const table of ['engine_external_task', 'engine_user_task', 'engine_timer', 'engine_message_subscription']) {
        expect(await db(table).count({ c: '*' }).first(), table).toEqual({ c: 0 });
      }
      expect(existsSync(env.CRASH_DB)).toBe(true);
    } finally {
      await db.destroy();
    }
  }, 150_000);
});
