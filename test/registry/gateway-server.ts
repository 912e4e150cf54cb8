// A local registry gateway for tests: serves the gateway API of docs/workers.md from the embedded registries,
// with switches for slow answers and 5xx so the HTTP clients' technical failures can be exercised.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GuardianshipRegistry, PersonRegistry, PowerOfAttorneyRegistry } from '../../src/registry/index.js';

export interface GatewayBehaviour { delayMs: number; failWith: number | null; failTimes: number; requests: number; lastAuthorization?: string; hugeBody?: boolean; garbage?: boolean; body?: unknown }

export interface TestGateway { url: string; behaviour: GatewayBehaviour; close(): Promise<void>; server: Server }

export async function startGateway(backends: { persons: PersonRegistry; enis: PowerOfAttorneyRegistry; guardianship: GuardianshipRegistry }): Promise<TestGateway> {
  const behaviour: GatewayBehaviour = { delayMs: 0, failWith: null, failTimes: Infinity, requests: 0 };
  const server = createServer(async (req, res) => {
    behaviour.requests++;
    behaviour.lastAuthorization = req.headers.authorization;
    if (behaviour.delayMs) await new Promise((r) => setTimeout(r, behaviour.delayMs));
    if (behaviour.failWith && behaviour.failTimes > 0) {
      behaviour.failTimes--;
      res.writeHead(behaviour.failWith).end('{"error":"down"}');
      return;
    }
    if (behaviour.hugeBody) {
      // 5 MiB streamed without a content-length, so only a bounded reader stops it.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      for (let i = 0; i < 5 * 1024; i++) res.write(`${'"x",'.repeat(256)}`);
      res.end('"x"]');
      return;
    }
    if (behaviour.body !== undefined) { res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(behaviour.body)); return; }
    if (behaviour.garbage) { res.writeHead(200, { 'content-type': 'application/json' }).end('{"iin": 1'); return; }
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (body: unknown) => (body === null ? res.writeHead(404).end() : res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body)));
    try {
      let m: RegExpExecArray | null;
      if ((m = /^\/persons\/([^/]+)$/.exec(url.pathname))) return send(await backends.persons.findPerson(decodeURIComponent(m[1]!)));
      if ((m = /^\/persons\/([^/]+)\/children$/.exec(url.pathname))) return send(await backends.persons.childrenOf(decodeURIComponent(m[1]!)));
      if ((m = /^\/powers-of-attorney\/([^/]+)$/.exec(url.pathname))) return send(await backends.enis.findPowerOfAttorney(decodeURIComponent(m[1]!)));
      if (url.pathname === '/guardianship') return send(await backends.guardianship.findByChild(url.searchParams.get('childIin') ?? ''));
      res.writeHead(404).end();
    } catch {
      res.writeHead(500).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`, behaviour, server,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
