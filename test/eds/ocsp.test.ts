// OCSP with pkijs against a real responder: `openssl ocsp` answering requests our HTTP stand-in passes to it.
import { describe, expect, it, beforeAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testPki, requestXml, signWith, testVerifier } from '../factories/pki.js';
import type { TestPki } from '../../src/eds/pki.js';
import { createCa, createCrl } from '../../src/eds/pki.js';
import { OcspRevocationChecker, FirstAnswerRevocationChecker, CrlRevocationChecker } from '../../src/eds/revocation.js';

const exec = promisify(execFile);

let pki: TestPki;
let server: Server;
let url = '';
let mode: 'openssl' | 'garbage' | 'foreign' = 'openssl';
let foreignDir = '';

beforeAll(async () => {
  pki = await testPki();
  const work = await mkdtemp(join(tmpdir(), 'reglament-ocsp-'));
  // A responder key the CA never delegated: its answers must not be trusted.
  const stranger = await createCa({ commonName: 'stranger' });
  foreignDir = work;
  await writeFile(join(work, 'stranger.pem'), stranger.certificate.toString('pem'));
  const { privateKeyPem } = await import('../../src/eds/pki.js');
  await writeFile(join(work, 'stranger.key.pem'), await privateKeyPem(stranger.keys.privateKey));
  let n = 0;
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      if (mode === 'garbage') {
        res.setHeader('content-type', 'application/ocsp-response');
        res.end(Buffer.from('not an ocsp response'));
        return;
      }
      const id = ++n;
      const reqFile = join(work, `req-${id}.der`);
      const respFile = join(work, `resp-${id}.der`);
      await writeFile(reqFile, Buffer.concat(chunks));
      const signer = mode === 'foreign'
        ? ['-rsigner', join(foreignDir, 'stranger.pem'), '-rkey', join(foreignDir, 'stranger.key.pem')]
        : ['-rsigner', join(pki.dir, 'ocsp.pem'), '-rkey', join(pki.dir, 'ocsp.key.pem')];
      try {
        await exec('openssl', ['ocsp', '-index', join(pki.dir, 'index.txt'), '-CA', join(pki.dir, 'ca.pem'), ...signer, '-reqin', reqFile, '-respout', respFile, '-ndays', '1']);
        res.setHeader('content-type', 'application/ocsp-response');
        res.end(await readFile(respFile));
      } catch (err) {
        res.statusCode = 500;
        res.end(String(err));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return () => new Promise<void>((r) => server.close(() => r()));
});

describe('src/eds/revocation: OCSP', () => {
  it('answers good for a valid certificate and revoked for a revoked one, verified against the delegated responder', async () => {
    mode = 'openssl';
    const ocsp = new OcspRevocationChecker({ url });
    const now = new Date();
    expect(await ocsp.check(pki.leaves.valid.certificate, pki.ca.certificate, now, now)).toEqual({ status: 'good', source: 'ocsp' });
    expect(await ocsp.check(pki.leaves.revoked.certificate, pki.ca.certificate, now, now)).toMatchObject({ status: 'revoked', source: 'ocsp' });
  });

  it('drives the verifier: a revoked signer is refused by OCSP alone', async () => {
    mode = 'openssl';
    const verifier = await testVerifier(pki, new OcspRevocationChecker({ url }));
    const revoked = await signWith(pki, 'revoked', requestXml(pki.iin));
    const valid = await signWith(pki, 'valid', requestXml(pki.iin));
    expect(await verifier.verify(revoked, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'revoked', reason: expect.stringMatching(/ocsp/) });
    expect((await verifier.verify(valid, { expectedIin: pki.iin })).valid).toBe(true);
  });

  it('fails closed on a response signed by an undelegated key, on garbage, and on an unreachable responder', async () => {
    const now = new Date();
    mode = 'foreign';
    const untrusted = { status: 'unavailable', reason: expect.stringMatching(/not trusted/) };
    expect(await new OcspRevocationChecker({ url }).check(pki.leaves.revoked.certificate, pki.ca.certificate, now, now)).toMatchObject(untrusted);
    expect(await new OcspRevocationChecker({ url }).check(pki.leaves.valid.certificate, pki.ca.certificate, now, now)).toMatchObject(untrusted);
    mode = 'garbage';
    expect(await new OcspRevocationChecker({ url }).check(pki.leaves.valid.certificate, pki.ca.certificate, now, now)).toMatchObject({ status: 'unavailable' });
    expect(await new OcspRevocationChecker({ url: 'http://127.0.0.1:9/', timeoutMs: 1000 }).check(pki.leaves.valid.certificate, pki.ca.certificate, now, now)).toMatchObject({ status: 'unavailable' });
  });

  it('falls back from an unreachable OCSP responder to the CRL, and fails closed when both are unavailable', async () => {
    const now = new Date();
    const deadOcsp = new OcspRevocationChecker({ url: 'http://127.0.0.1:9/', timeoutMs: 1000 });
    const crl = new CrlRevocationChecker({ sources: [{ data: new Uint8Array(pki.crl.rawData) }] });
    const both = new FirstAnswerRevocationChecker([deadOcsp, crl]);
    expect(await both.check(pki.leaves.revoked.certificate, pki.ca.certificate, now, now)).toMatchObject({ status: 'revoked', source: 'crl' });
    const stale = await createCrl(pki.ca, { thisUpdate: new Date(Date.now() - 864e6), nextUpdate: new Date(Date.now() - 864e5) });
    const none = new FirstAnswerRevocationChecker([deadOcsp, new CrlRevocationChecker({ sources: [{ data: new Uint8Array(stale.rawData) }] })]);
    const result = await none.check(pki.leaves.valid.certificate, pki.ca.certificate, now, now);
    expect(result).toMatchObject({ status: 'unavailable', reason: expect.stringMatching(/OCSP.*; .*stale/) });
  });
});
