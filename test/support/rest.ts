// Small helpers the HTTP-level tests share: a JSON client of engine-rest with Basic auth, and polling until a
// condition holds (workers run asynchronously, so a test waits for what they do, never sleeps a fixed time).
import { adminAuth } from './server.js';

/** A JSON client of the server at `base()` (read lazily: tests learn the port in beforeAll). */
export function restClient(base: () => string, authorization = adminAuth) {
  return async function rest(path: string, init: RequestInit = {}): Promise<unknown> {
    const headers: Record<string, string> = { authorization, ...(init.headers as Record<string, string> | undefined) };
    if (typeof init.body === 'string') headers['content-type'] ??= 'application/json';
    const res = await fetch(base() + path, { ...init, headers });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return res.status === 204 ? null : res.json();
  };
}

/** Polls `probe` every 50 ms until it returns something truthy; fails naming `what` after `ms`. */
export async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 25_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
