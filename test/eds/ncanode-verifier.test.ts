// The NCANode adapter against a local HTTP server that answers as NCANode's documented API does
// (3.x: POST /xml/verify → VerificationResponse; 1.x: JSON-RPC XML.verify → { status: 0, result: { valid, cert } }).
import { describe, expect, it, beforeAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testPki, requestXml, signWith } from '../factories/pki.js';
import type { TestPki } from '../../src/eds/pki.js';
import { NcanodeVerifier, VerifierUnavailableError } from '../../src/eds/ncanode-verifier.js';
import { verifyXmlSignature } from '../../src/eds/xml-signature.js';
import { certificateIin, isSigningCertificate, isAuthenticationCertificate } from '../../src/eds/certificate.js';

let pki: TestPki;
let server: Server;
let base = '';
let calls = 0;
let behaviour: 'normal' | 'error500' | 'errorStatus' | 'otherSerial' = 'normal';
const revokedSerials = new Set<string>();

/** What NCANode would say about a signed XML: signature validity by xmldsig, certificate info from KeyInfo. */
async function judge(xml: string) {
  let valid = true;
  let cert;
  try {
    cert = (await verifyXmlSignature(xml)).signer;
  } catch {
    valid = false;
    const { inspectSignedXml } = await import('../../src/eds/xml-signature.js');
    cert = inspectSignedXml(xml).signer;
  }
  const now = new Date();
  const inDate = now >= cert.notBefore && now <= cert.notAfter;
  const revoked = revokedSerials.has(cert.serialNumber);
  const keyUsage = isSigningCertificate(cert) ? 'SIGN' : isAuthenticationCertificate(cert) ? 'AUTH' : 'UNKNOWN';
  return {
    valid: valid && inDate && !revoked,
    info: {
      valid: inDate && !revoked,
      notBefore: cert.notBefore.toISOString(),
      notAfter: cert.notAfter.toISOString(),
      keyUsage,
      serialNumber: behaviour === 'otherSerial' ? '0badc0de' : cert.serialNumber.toUpperCase(),
      signAlg: 'ECDSA',
      keyUser: ['INDIVIDUAL'],
      subject: { commonName: 'ТЕСТОВ ТЕСТ', iin: certificateIin(cert), country: 'KZ', dn: cert.subject },
      issuer: { commonName: 'TEST CA', dn: cert.issuer },
    },
    revoked,
  };
}

beforeAll(async () => {
  pki = await testPki();
  revokedSerials.add(pki.leaves.revoked.certificate.serialNumber);
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      calls++;
      res.setHeader('content-type', 'application/json');
      if (behaviour === 'error500') {
        res.statusCode = 500;
        res.end(JSON.stringify({ status: 500, message: 'Internal Server Error' }));
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (req.url === '/xml/verify') {
        if (behaviour === 'errorStatus') {
          res.statusCode = 400;
          res.end(JSON.stringify({ status: 400, message: 'Bad Request', details: 'xml is invalid' }));
          return;
        }
        const j = await judge(body.xml);
        const revocations = (body.revocationCheck as string[]).map((by) => ({ revoked: j.revoked, by }));
        res.end(JSON.stringify({ status: 200, message: 'OK', valid: j.valid, signers: [{ ...j.info, revocations }] }));
        return;
      }
      if (req.url === '/' && body.method === 'XML.verify') {
        const j = await judge(body.params.xml);
        const st = j.revoked ? 'REVOKED' : 'ACTIVE';
        res.end(JSON.stringify({ status: 0, message: '', result: { valid: j.valid, cert: { ...j.info, ocsp: body.params.verifyOcsp ? { status: st } : undefined, crl: body.params.verifyCrl ? { status: st } : undefined } } }));
        return;
      }
      res.statusCode = 404;
      res.end(JSON.stringify({ status: 404, message: 'Not Found' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return () => new Promise<void>((r) => server.close(() => r()));
});

describe.each(['v3', 'v1'] as const)('src/eds/ncanode-verifier (%s API)', (api) => {
  const verifier = () => new NcanodeVerifier({ baseUrl: base, api });

  it('accepts a valid signer and returns the verified DOM', async () => {
    behaviour = 'normal';
    const xml = await signWith(pki, 'valid', requestXml(pki.iin));
    const result = await verifier().verify(xml, { expectedIin: pki.iin });
    expect(result).toMatchObject({ valid: true, backend: 'ncanode', signer: { iin: pki.iin } });
    if (result.valid) expect(result.signedData.documentElement.localName).toBe('request');
  });

  it.each([
    ['wrong-iin', 'iin-mismatch'],
    ['expired', 'validity'],
    ['revoked', 'revoked'],
    ['wrong-usage', 'key-usage'],
  ] as const)('refuses %s with check %s', async (which, check) => {
    behaviour = 'normal';
    const xml = await signWith(pki, which, requestXml(pki.iin));
    const result = await verifier().verify(xml, { expectedIin: pki.iin });
    expect(result).toMatchObject({ valid: false, check, certificate: { thumbprint: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });

  it('refuses a tampered document on NCANode’s word', async () => {
    behaviour = 'normal';
    const xml = (await signWith(pki, 'valid', requestXml(pki.iin, '<n>1</n>'))).replace('<n>1</n>', '<n>2</n>');
    expect(await verifier().verify(xml, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'signature' });
  });

  it('refuses wrapping, DOCTYPE and huge documents itself, without asking NCANode', async () => {
    behaviour = 'normal';
    const before = calls;
    const signed = (await signWith(pki, 'valid', requestXml(pki.iin))).replace(/^<\?xml[^>]*\?>/, '');
    const wrapped = `<request><applicantIin>${pki.iin}</applicantIin><w>${signed}</w></request>`;
    expect(await verifier().verify(wrapped, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'wrapping' });
    expect(await verifier().verify(`<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'malformed' });
    expect(await verifier().verify(`<r>${'x'.repeat(6 * 1024 * 1024)}</r>`, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'malformed' });
    expect(calls).toBe(before);
  });

  it('refuses when NCANode judged a different certificate than the one in the document', async () => {
    behaviour = 'otherSerial';
    const xml = await signWith(pki, 'valid', requestXml(pki.iin));
    expect(await verifier().verify(xml, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'wrapping' });
    behaviour = 'normal';
  });

  it('throws VerifierUnavailableError (a technical failure, not a refusal) when NCANode errs or is down', async () => {
    const xml = await signWith(pki, 'valid', requestXml(pki.iin));
    behaviour = 'error500';
    await expect(verifier().verify(xml, { expectedIin: pki.iin })).rejects.toBeInstanceOf(VerifierUnavailableError);
    behaviour = 'normal';
    const down = new NcanodeVerifier({ baseUrl: 'http://127.0.0.1:9', api, timeoutMs: 1000 });
    await expect(down.verify(xml, { expectedIin: pki.iin })).rejects.toBeInstanceOf(VerifierUnavailableError);
  });
});

describe('src/eds/ncanode-verifier: 3.x error body', () => {
  it('treats { status: 400, message, details } as unavailable, never as valid', async () => {
    behaviour = 'errorStatus';
    const xml = await signWith(pki, 'valid', requestXml(pki.iin));
    await expect(new NcanodeVerifier({ baseUrl: base }).verify(xml, { expectedIin: pki.iin })).rejects.toThrow(/NCANode error 400/);
    behaviour = 'normal';
  });
});
