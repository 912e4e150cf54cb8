// A small JSON client for a registry gateway: base URL, timeout, retries with back-off, Bearer or Basic auth.
// 404 means «no record»; a timeout, a network error, a 5xx or an unexpected status is RegistryUnavailableError.
import { RegistryUnavailableError } from './types.js';

export interface GatewayConfig {
  baseUrl: string;
  /** per attempt, ms; default 5000 */
  timeoutMs?: number;
  /** extra attempts after the first on timeouts, network errors and 5xx; default 2 */
  retries?: number;
  /** first back-off, doubled each retry; default 200 ms */
  backoffMs?: number;
  auth?: { token: string } | { username: string; password: string };
  /** largest answer read, bytes; default 1 MiB (a registry record is small; a huge body is a faulty gateway) */
  maxBodyBytes?: number;
  fetch?: typeof fetch;
}

export class GatewayClient {
  private readonly base: string;

  constructor(private readonly registry: string, private readonly config: GatewayConfig) {
    this.base = config.baseUrl.replace(/\/+$/, '');
  }

  /** GETs a path; returns the parsed body, or null on 404. */
  async get<T>(path: string): Promise<T | null> {
    const attempts = 1 + Math.max(0, this.config.retries ?? 2);
    const doFetch = this.config.fetch ?? fetch;
    let last: RegistryUnavailableError | undefined;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep((this.config.backoffMs ?? 200) * 2 ** (attempt - 1));
      let response: Response;
      try {
        response = await doFetch(this.base + path, {
          headers: this.headers(),
          signal: AbortSignal.timeout(this.config.timeoutMs ?? 5000),
        });
      } catch (err) {
        const timeout = err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');
        last = new RegistryUnavailableError(this.registry, timeout ? 'the gateway did not answer in time' : 'the gateway is unreachable');
        continue;
      }
      if (response.status === 404) { await response.body?.cancel(); return null; }
      if (response.status >= 500) {
        await response.body?.cancel();
        last = new RegistryUnavailableError(this.registry, `the gateway answered ${response.status}`, response.status);
        continue;
      }
      if (response.status !== 200) {
        await response.body?.cancel();
        // 401/403/400 will not heal by retrying: a configuration problem, still technical.
        throw new RegistryUnavailableError(this.registry, `the gateway answered ${response.status}`, response.status);
      }
      const text = await readBounded(response, this.config.maxBodyBytes ?? 1024 * 1024);
      if (text === null) throw new RegistryUnavailableError(this.registry, 'the gateway answered with a body larger than allowed', 200);
      try {
        return JSON.parse(text) as T;
      } catch {
        throw new RegistryUnavailableError(this.registry, 'the gateway answered with a body that is not JSON', 200);
      }
    }
    throw last ?? new RegistryUnavailableError(this.registry, 'no attempt was made');
  }

  private headers(): Record<string, string> {
    const auth = this.config.auth;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (auth && 'token' in auth) headers.authorization = `Bearer ${auth.token}`;
    else if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
    return headers;
  }
}

/** The body as text, or null once it passes `max` bytes (the rest is not read). */
async function readBounded(response: Response, max: number): Promise<string | null> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > max) { await response.body?.cancel(); return null; }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) { await reader.cancel(); return null; }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
