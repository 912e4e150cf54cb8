// `reglament pki init`: the files it writes, and that `openssl verify -crl_check` agrees with our checker on each one.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../src/cli/pki.js';
import { TEST_PKI_FILES } from '../../src/eds/pki.js';
import { x509 } from '../../src/eds/setup.js';
import { TrustStore } from '../../src/eds/trust-store.js';
import { CrlRevocationChecker } from '../../src/eds/revocation.js';
import { isSigningCertificate, certificateIin } from '../../src/eds/certificate.js';

const exec = promisify(execFile);

/** Our PKI-level verdict on a certificate file: chain to the pinned root, validity now, not revoked. */
async function ourVerdict(dir: string, file: string): Promise<boolean> {
  const trust = await TrustStore.create({ roots: [await readFile(join(dir, 'ca.pem'), 'utf8')] });
  const revocation = new CrlRevocationChecker({ sources: [{ file: join(dir, 'crl.pem') }] });
  const cert = new x509.X509Certificate(await readFile(join(dir, file), 'utf8'));
  const now = new Date();
  const chain = await trust.verifyChain(cert, now);
  if (!chain.ok) return false;
  if (now < cert.notBefore || now > cert.notAfter) return false;
  const status = await revocation.check(cert, chain.chain[1]!, now, now);
  return status.status === 'good';
}

async function opensslVerdict(dir: string, file: string, crl = 'crl.pem'): Promise<boolean> {
  try {
    await exec('openssl', ['verify', '-CAfile', join(dir, 'ca.pem'), '-crl_check', '-CRLfile', join(dir, crl), join(dir, file)]);
    return true;
  } catch {
    return false;
  }
}

describe('src/cli/pki: reglament pki init', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'reglament-pki-cli-'));
    expect(await run(['init', dir])).toBe(0);
  });

  it('writes every file the issue names', async () => {
    const files = await readdir(dir);
    for (const name of ['ca.pem', 'crl.pem', 'ocsp.pem', 'ocsp.key.pem', ...TEST_PKI_FILES.flatMap((f) => [`${f}.pem`, `${f}.key.pem`])]) {
      expect(files).toContain(name);
    }
  });

  it('openssl verify -crl_check agrees with our checker on every certificate', async () => {
    const expected: Record<string, boolean> = { 'valid.pem': true, 'expired.pem': false, 'revoked.pem': false, 'wrong-iin.pem': true, 'wrong-usage.pem': true, 'ocsp.pem': true };
    for (const [file, verdict] of Object.entries(expected)) {
      const [ours, theirs, theirsPem] = await Promise.all([ourVerdict(dir, file), opensslVerdict(dir, file), opensslVerdict(dir, file, 'crl.crl.pem')]);
      expect({ file, ours, theirs, theirsPem }).toEqual({ file, ours: verdict, theirs: verdict, theirsPem: verdict });
    }
  });

  it('gives wrong-iin and wrong-usage the defects only the application checks see', async () => {
    const read = async (f: string) => new x509.X509Certificate(await readFile(join(dir, f), 'utf8'));
    expect(certificateIin(await read('valid.pem'))).toBe('900101300126');
    expect(certificateIin(await read('wrong-iin.pem'))).toBe('791028302728');
    expect(isSigningCertificate(await read('valid.pem'))).toBe(true);
    expect(isSigningCertificate(await read('wrong-usage.pem'))).toBe(false);
    const { stdout } = await exec('openssl', ['x509', '-in', join(dir, 'valid.pem'), '-noout', '-subject', '-nameopt', 'RFC2253']);
    expect(stdout).toMatch(/serialNumber=IIN900101300126/);
  });

  it('writes private keys openssl can read and that match their certificates', async () => {
    const { stdout: fromKey } = await exec('openssl', ['pkey', '-in', join(dir, 'valid.key.pem'), '-pubout']);
    const { stdout: fromCert } = await exec('openssl', ['x509', '-in', join(dir, 'valid.pem'), '-noout', '-pubkey']);
    expect(fromKey).toBe(fromCert);
  });

  it('rejects a missing directory or unknown subcommand with usage', async () => {
    expect(await run(['init'])).toBe(2);
    expect(await run(['make', dir])).toBe(2);
    expect(await run(['--bogus'])).toBe(2);
  });
});
