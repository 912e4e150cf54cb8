// The analyst commands as a user runs them: exit codes and what they print (lint, traceability, simulate, deploy).
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ADMIN, startServer, type TestServer } from '../support/server.js';
import { run as lint } from '../../src/cli/lint.js';
import { run as traceability } from '../../src/cli/traceability.js';
import { run as simulate } from '../../src/cli/simulate.js';
import { run as deploy } from '../../src/cli/deploy.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const BUNDLE = join(FIXTURES, 'processes', 'fixture-tenant', 'fixture-service');
const tmp = mkdtempSync(join(tmpdir(), 'reglament-cli-'));

async function capture(fn: () => Promise<number>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { out += String(chunk); return true; });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => { err += String(chunk); return true; });
  try {
    return { code: await fn(), out, err };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('reglament lint', () => {
  it('exits 0 on a clean bundle and 1 with findings per file', async () => {
    expect((await capture(() => lint([BUNDLE]))).code).toBe(0);
    const broken = await capture(() => lint([join(FIXTURES, 'gateway-conditions.broken.bpmn')]));
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/gateway-conditions\.broken\.bpmn\n/);
    expect(broken.out).toMatch(/flow-decision-gateway-to-result +error reglament\/gateway-conditions/);
    const json = await capture(() => lint(['--json', join(FIXTURES, 'condition-syntax.broken.bpmn')]));
    expect(JSON.parse(json.out).map((f: { rule: string }) => f.rule)).toEqual(['reglament/condition-syntax']);
  });
});

describe('reglament traceability', () => {
  it('writes the file and --check tells whether it is current', async () => {
    const out = join(tmp, 'traceability.md');
    writeFileSync(out, 'stale\n');
    expect((await capture(() => traceability(['--out', out, '--check']))).code).toBe(1);
    expect((await capture(() => traceability(['--out', out]))).code).toBe(0);
    const check = await capture(() => traceability(['--out', out, '--check']));
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/is up to date/);
  });
});

describe('reglament simulate', () => {
  it('prints the path with deadlines and the end reached', async () => {
    const r = await capture(() => simulate([BUNDLE, 'portal', '--start', '2026-11-20T10:00:00+05:00', '--path', 'decision=refusal']));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^fixture-service-portal \(tenant fixture-tenant\), started 2026-11-20 10:00 Asia\/Almaty/);
    expect(r.out).toMatch(/review +процесс 5 +P3D working days, receipt day excluded +2026-11-25 18:30/);
    expect(r.out).toMatch(/ended at refusal-decision \(refusal\): процесс 7 — мотивированный отказ/);
  });

  it('explains bad arguments', async () => {
    expect((await capture(() => simulate([BUNDLE]))).code).toBe(2);
    const bad = await capture(() => simulate([BUNDLE, 'portal', '--start', 'Friday']));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--start 'Friday' is not an ISO date-time/);
  });
});

describe('reglament deploy', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
    await server.listen();
  });
  afterAll(async () => { await server?.close(); });

  it('deploys with progress, and refuses a bundle with lint errors', async () => {
    const ok = await capture(() => deploy([BUNDLE, '--url', server.engineRestUrl!, '--user', ADMIN.user, '--password', ADMIN.password]));
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/uploading 3 resource\(s\) to .* as tenant fixture-tenant/);
    expect(ok.out).toMatch(/ {2}fixture-service-portal v1 \(/);
    const folder = await capture(() => deploy([join(FIXTURES, 'processes'), '--url', server.engineRestUrl!, '--user', ADMIN.user, '--password', ADMIN.password]));
    expect(folder.code, folder.err).toBe(0);
    expect(folder.out).toMatch(/nothing new: every resource equals the deployed one/);
    const missing = await capture(() => deploy([join(FIXTURES, 'workers'), '--url', server.engineRestUrl!]));
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/No bundle \(a folder with manifest\.json\) at or under/);
    const usage = await capture(() => deploy([BUNDLE, '--user', 'x']));
    expect(usage.code).toBe(2);
  });
});
