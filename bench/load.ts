// The load section of `npm run bench`: LOAD_CLIENTS clients (default 200) for LOAD_SECONDS (default 60) against the
// real HTTP server in a child process, each looping sign-in → task list → start → claim → complete. Prints requests/s,
// p50/p99 per operation and overall, and the server's peak and idle RSS (read from /proc, so the load's own client
// code is not counted). Bounded in time and count; traffic stays on 127.0.0.1.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface LoadResult {
  clients: number; seconds: number; signIn: SignIn; requests: number; errors: number; errorKinds: Record<string, number>;
  perOp: Record<string, { p50: number; p99: number; n: number }>; p50: number; p99: number;
  baseRss: number; peakRss: number; idleRss: number; idleHeap: number; idleExternal: number; completed: number;
}

const statusKb = (pid: number, field: 'VmRSS' | 'VmHWM') => {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
};
const quantile = (xs: number[], q: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor(q * xs.length))]! : 0);

/** `each`: every loop signs in anew (the issue's pattern, scrypt-bound); `once`: a client keeps its session, as the web apps do. */
export type SignIn = 'each' | 'once';

export async function runLoad(clients = Number(process.env.LOAD_CLIENTS ?? 200), seconds = Number(process.env.LOAD_SECONDS ?? 60), signIn: SignIn = 'each'): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(new URL('./load-server.ts', import.meta.url))], {
    env: { ...process.env, LOAD_CLIENTS: String(clients) }, stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    let out = '';
    child.stdout!.on('data', (c) => { out += String(c); });
    const { url, pid } = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
      child.stdout!.on('data', () => {
        const line = out.split('\n').find((l) => l.startsWith('{"url"'));
        if (line) resolve(JSON.parse(line));
      });
      child.once('exit', (code) => reject(new Error(`load server exited with ${code}`)));
    });
    const baseRss = statusKb(pid, 'VmRSS');
    const latencies: Record<string, number[]> = { login: [], tasks: [], start: [], claim: [], complete: [] };
    const errorKinds: Record<string, number> = {};
    let completed = 0;
    const deadline = performance.now() + seconds * 1000;

    async function call(op: string, method: 'GET' | 'POST', path: string, headers: Record<string, string>, body?: unknown): Promise<any> {
      const t0 = performance.now();
      const res = await fetch(`${url}${path}`, {
        method, headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      latencies[op]!.push(performance.now() - t0);
      if (res.status >= 400) {
        const k = `${op} ${res.status}`;
        errorKinds[k] = (errorKinds[k] ?? 0) + 1;
        // A well-behaved client waits as long as the server asks before it tries again.
        const retryAfter = Number(res.headers.get('retry-after'));
        if (res.status === 429 && retryAfter > 0) await new Promise((r) => setTimeout(r, retryAfter * 1000));
        return null;
      }
      return text ? JSON.parse(text) : {};
    }

    async function client(i: number): Promise<void> {
      const user = `load-op-${i}`;
      const address = {};
      let session: { token: string } | null = null;
      while (performance.now() < deadline) {
        if (signIn === 'each' || !session) session = await call('login', 'POST', '/api/auth/login', address, { username: user, password: `${user}-password` });
        if (!session) continue;
        const auth = { authorization: `Bearer ${session.token}` };
        await call('tasks', 'GET', '/engine-rest/task?candidateGroup=load-ops&maxResults=20', auth);
        const instance = await call('start', 'POST', '/engine-rest/process-definition/key/load/tenant-id/load/start', auth, {});
        if (!instance) continue;
        const tasks = await call('tasks', 'GET', `/engine-rest/task?processInstanceId=${instance.id}`, auth);
        const task = tasks?.[0];
        if (!task) continue;
        if (!(await call('claim', 'POST', `/engine-rest/task/${task.id}/claim`, auth, { userId: user }))) continue;
        if (await call('complete', 'POST', `/engine-rest/task/${task.id}/complete`, auth, {})) completed++;
      }
    }

    let peakRss = baseRss;
    const sampler = setInterval(() => { peakRss = Math.max(peakRss, statusKb(pid, 'VmHWM')); }, 250);
    const t0 = performance.now();
    await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
    const elapsed = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, statusKb(pid, 'VmHWM'));
    // Idle: what the server keeps once the load is gone (after its own timers and GC have had a few seconds).
    await new Promise((r) => setTimeout(r, 5_000));
    child.kill('SIGUSR2');
    const memory = await new Promise<NodeJS.MemoryUsage>((resolve) => {
      const look = () => { const l = out.split('\n').find((x) => x.startsWith('{"memory"')); if (l) resolve(JSON.parse(l).memory); else setTimeout(look, 20); };
      look();
    });
    const idleRss = statusKb(pid, 'VmRSS');
    const all = Object.values(latencies).flat().sort((a, b) => a - b);
    const perOp = Object.fromEntries(Object.entries(latencies).map(([op, xs]) => {
      const s = [...xs].sort((a, b) => a - b);
      return [op, { p50: quantile(s, 0.5), p99: quantile(s, 0.99), n: s.length }];
    }));
    const errors = Object.values(errorKinds).reduce((a, b) => a + b, 0);
    return { clients, signIn, seconds: elapsed, requests: all.length, errors, errorKinds, perOp, p50: quantile(all, 0.5), p99: quantile(all, 0.99), baseRss, peakRss, idleRss, idleHeap: memory.heapUsed, idleExternal: memory.external, completed };
  } finally {
    child.kill('SIGKILL');
  }
}

export function printLoad(r: LoadResult): void {
  const mb = (b: number) => (b / 1024 / 1024).toFixed(0);
  const ms = (x: number) => x.toFixed(x < 10 ? 1 : 0);
  const loop = r.signIn === 'each' ? 'sign-in → task list → start → claim → complete' : 'signed in once; task list → start → claim → complete';
  console.log(`load: ${r.clients} clients for ${r.seconds.toFixed(0)} s (${loop}), SQLite, one server process`);
  console.log(`  ${(r.requests / r.seconds).toFixed(0)} requests/s, ${(r.completed / r.seconds).toFixed(1)} completed requests/s, ${r.errors} refused or failed${r.errors ? ` ${JSON.stringify(r.errorKinds)}` : ''}`);
  console.log(`  latency p50 ${ms(r.p50)} ms, p99 ${ms(r.p99)} ms; ${Object.entries(r.perOp).map(([op, v]) => `${op} p50 ${ms(v.p50)} / p99 ${ms(v.p99)} ms`).join('; ')}`);
  console.log(`  server RSS: ${mb(r.baseRss)} MB before, peak ${mb(r.peakRss)} MB, ${mb(r.idleRss)} MB idle after (heap ${mb(r.idleHeap)} MB, external ${mb(r.idleExternal)} MB)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runLoad(undefined, undefined, (process.env.LOAD_SIGN_IN as SignIn | undefined) ?? 'each').then(printLoad).catch((err) => { console.error(err); process.exit(1); });
}
