// `reglament serve` as a process: migrates a fresh database, ensures the administrator, answers over HTTP,
// and exits 0 on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { basic } from '../support/server.js';

describe('reglament serve', () => {
  it('serves /engine-rest with the administrator from the environment and stops cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reglament-serve-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', REGLAMENT_DB: join(dir, 'db.sqlite'), DATABASE_URL: '', REGLAMENT_ADMIN_USER: 'root', REGLAMENT_ADMIN_PASSWORD: 'root-secret' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (c) => { out += String(c); });
    child.stderr.on('data', (c) => { out += String(c); });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const address = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no listening line in time:\n${out}`)), 60_000);
        const check = () => {
          const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
          if (m) { clearTimeout(timer); resolve(m[1]!); } else setTimeout(check, 50);
        };
        check();
      });
      const health = await fetch(`${address}/api/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const version = await fetch(`${address}/engine-rest/version`, { headers: { authorization: basic('root', 'root-secret') } });
      expect(version.status).toBe(200);
      expect(version.headers.get('content-type')).toBe('application/json');
      expect((await fetch(`${address}/engine-rest/version`)).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 15_000))]);
    expect(code, out.slice(-2000)).toBe(0);
    expect(out).not.toContain('root-secret');
  }, 90_000);
});
