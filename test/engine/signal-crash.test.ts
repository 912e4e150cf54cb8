// Crash safety of signals: a host delivering signals thrown by instances to 150 waiting instances (and starting a
// signal start definition) is killed with SIGKILL whenever deliveries are seen under way, and restarted; in the end
// every catcher got each signal exactly once and each signal started exactly one instance.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';

const harness = fileURLToPath(new URL('./signal-crash-harness.ts', import.meta.url));
const CATCHERS = 150;
const ROUNDS = 2;
const KILLS = 4;

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

describe('crash safety of signal delivery', () => {
  it(`delivers ${ROUNDS} signals to ${CATCHERS} instances exactly once across ${KILLS} SIGKILLs`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reglament-signal-crash-'));
    const env = { CRASH_DB: join(dir, 'signals.sqlite'), CRASH_CATCHERS: String(CATCHERS), CRASH_ROUNDS: String(ROUNDS) };
    const passed = async (): Promise<number> => {
      const db = openDb({ sqliteFile: env.CRASH_DB });
      try {
        const r = await db('engine_hist_activity').whereIn('activity_id', ['catch-1', 'catch-2']).whereNotNull('end_time').count({ c: '*' }).first();
        return Number(r?.c ?? 0);
      } catch { return 0; } finally { await db.destroy(); }
    };
    const atKill: number[] = [];
    let last = 0;
    for (let k = 0; k < KILLS; k++) {
      const { child, exited } = run(env);
      // kill once this run has delivered some signals (progress seen in the database), not after a time
      const goal = last + 10 + Math.floor(Math.random() * 40);
      let seen = last;
      let done = false;
      void exited.then(() => { done = true; });
      while (!done && seen < goal) { await new Promise((r) => setTimeout(r, 25)); seen = await passed(); }
      child.kill('SIGKILL');
      await exited;
      last = await passed();
      atKill.push(last);
      if (last >= CATCHERS * ROUNDS) break;
    }
    // the kills hit deliveries in progress: some passed before them, not all
    expect(atKill.filter((n) => n > 0 && n < CATCHERS * ROUNDS).length).toBeGreaterThanOrEqual(2);
    const final = run(env);
    const code = await Promise.race([final.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 120_000))]);
    if (code === 'timeout') final.child.kill('SIGKILL');
    expect(code).toBe(0);

    const db = openDb({ sqliteFile: env.CRASH_DB });
    try {
      const catchers = await db('engine_instance').where({ definition_key: 'wave-catcher' }).select('id', 'state');
      expect(catchers).toHaveLength(CATCHERS);
      expect(catchers.every((c) => c.state === 'ACTIVE')).toBe(true);
      const acts = await db('engine_hist_activity').where({ definition_key: 'wave-catcher' }).select('instance_id', 'activity_id', 'end_time');
      const count = (activity: string, ended: boolean) => acts.filter((a) => a.activity_id === activity && (a.end_time != null) === ended).length;
      // each signal exactly once: both first catches passed, every catcher waits at the third, none ended
      expect(count('catch-1', true)).toBe(CATCHERS);
      expect(count('catch-2', true)).toBe(CATCHERS);
      expect(count('catch-3', false)).toBe(CATCHERS);
      expect(count('catch-3', true)).toBe(0);
      const subs = await db('engine_message_subscription').where({ event_type: 'signal' }).select('activity_id');
      expect(subs).toHaveLength(CATCHERS);
      expect(subs.every((s) => s.activity_id === 'catch-3')).toBe(true);
      // each signal started exactly one instance of the signal start definition
      expect(await db('engine_instance').where({ definition_key: 'wave-started' }).count({ c: '*' }).first()).toEqual({ c: ROUNDS });
      expect(await db('engine_instance').where({ definition_key: 'wave-thrower', state: 'COMPLETED' }).count({ c: '*' }).first()).toEqual({ c: ROUNDS });
      expect(await db('engine_signal').count({ c: '*' }).first()).toEqual({ c: 0 });
      expect(await db('engine_signal_delivery').count({ c: '*' }).first()).toEqual({ c: 0 });
    } finally {
      await db.destroy();
    }
  }, 300_000);
});
