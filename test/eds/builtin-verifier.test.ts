// The built-in verifier against real certificates of the test PKI: each outcome of условие 2 and each bad input.
import { describe, expect, it, beforeAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { testPki, requestXml, signWith, testVerifier } from '../factories/pki.js';
import type { TestPki } from '../../src/eds/pki.js';
import { createCa, createCrl, issueLeaf, OTHER_IIN } from '../../src/eds/pki.js';
import { signXml } from '../../src/eds/xml-signature.js';
import { xmldsig, xadesjs } from './helpers.js';
import { TrustStore } from '../../src/eds/trust-store.js';
import { BuiltinVerifier } from '../../src/eds/builtin-verifier.js';
import { CrlRevocationChecker } from '../../src/eds/revocation.js';
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';

let pki: TestPki;
beforeAll(async () => { pki = await testPki(); });

const DAY = 86_400_000;

describe('src/eds/builtin-verifier: the three checks of условие 2', () => {
  it('accepts a request signed by the applicant (XMLDSig and XAdES-BES) and returns the verified DOM and signer', async () => {
    const verifier = await testVerifier(pki);
    for (const xades of [false, true]) {
      const xml = await signWith(pki, 'valid', requestXml(pki.iin), { xades });
      const result = await verifier.verify(xml, { expectedIin: pki.iin });
      expect(result.valid, result.valid ? '' : result.reason).toBe(true);
      if (!result.valid) continue;
      expect(result.signer.iin).toBe(pki.iin);
      expect(result.signer.commonName).toBe('ТЕСТОВ ТЕСТ');
      expect(result.signedData.getElementsByTagName('applicantIin')[0]?.textContent).toBe(pki.iin);
    }
  });

  it('accepts an RSA-2048 signer as well as ECDSA P-256', async () => {
    const ca = await createCa({ kind: 'rsa' });
    const leaf = await issueLeaf(ca, { iin: pki.iin, commonName: 'RSA SIGNER', kind: 'rsa' });
    const trust = await TrustStore.create({ roots: [ca.certificate.toString('pem')] });
    const crl = await createCrl(ca);
    const verifier = new BuiltinVerifier({ trust, revocation: new CrlRevocationChecker({ sources: [{ data: new Uint8Array(crl.rawData) }] }) });
    const xml = await signXml(requestXml(pki.iin), { key: leaf.keys.privateKey, certificate: leaf.certificate, xades: true });
    expect((await verifier.verify(xml, { expectedIin: pki.iin })).valid).toBe(true);
  });

  it.each([
    ['wrong-iin', 'iin-mismatch'],
    ['expired', 'validity'],
    ['revoked', 'revoked'],
    ['wrong-usage', 'key-usage'],
  ] as const)('refuses the %s certificate with check %s and names the certificate', async (which, check) => {
    const verifier = await testVerifier(pki);
    const xml = await signWith(pki, which, requestXml(pki.iin));
    const result = await verifier.verify(xml, { expectedIin: pki.iin });
    expect(result).toMatchObject({ valid: false, check, certificate: { serialNumber: pki.leaves[which].certificate.serialNumber } });
    if (!result.valid) {
      expect(result.reason).toMatch(/[а-яё]/i);
      expect(result.reason).not.toContain(pki.iin);
    }
  });

  it('judges validity at the signing time and at now separately', async () => {
    const verifier = await testVerifier(pki);
    const xml = await signWith(pki, 'expired', requestXml(pki.iin));
    const expiredAt = pki.leaves.expired.certificate.notAfter.getTime();
    const atSigning = await verifier.verify(xml, { expectedIin: pki.iin, at: new Date(expiredAt - DAY) });
    expect(atSigning).toMatchObject({ valid: false, check: 'validity', reason: expect.stringContaining('на момент проверки') });
  });

  it('accepts a certificate revoked after the signing time for that signing time', async () => {
    const verifier = await testVerifier(pki);
    const xml = await signWith(pki, 'revoked', requestXml(pki.iin));
    const result = await verifier.verify(xml, { expectedIin: pki.iin, at: new Date(Date.now() - 2 * 3_600_000) });
    expect(result.valid).toBe(true);
  });

  it('refuses a malformed expected IIN before looking at the document', async () => {
    const verifier = await testVerifier(pki);
    const xml = await signWith(pki, 'valid', requestXml(pki.iin));
    expect(await verifier.verify(xml, { expectedIin: '900101300123' })).toMatchObject({ valid: false, check: 'malformed' });
    expect(await verifier.verify(xml, { expectedIin: '' })).toMatchObject({ valid: false, check: 'malformed' });
  });
});

describe('src/eds/builtin-verifier: tampering and wrapping', () => {
  it('refuses a document changed after signing', async () => {
    const verifier = await testVerifier(pki);
    const xml = await signWith(pki, 'valid', requestXml(pki.iin, '<note>a</note>'));
    const tampered = xml.replace('<note>a</note>', '<note>b</note>');
    expect(tampered).not.toBe(xml);
    expect(await verifier.verify(tampered, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'signature' });
    const changedValue = xml.replace(/<ds:SignatureValue>(.)/, (_m, c: string) => `<ds:SignatureValue>${c === 'A' ? 'B' : 'A'}`);
    expect(changedValue).not.toBe(xml);
    expect(await verifier.verify(changedValue, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'signature' });
  });

  it('refuses a signature whose certificate is swapped for another person’s (the key in KeyInfo is never trusted)', async () => {
    const verifier = await testVerifier(pki);
    const other = pki.leaves['wrong-iin'];
    // Signed with the other person's key, but KeyInfo claims the applicant's certificate.
    const xml = await signXml(requestXml(pki.iin), { key: other.keys.privateKey, certificate: pki.leaves.valid.certificate });
    expect(await verifier.verify(xml, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'signature' });
  });

  it('refuses a signed document nested inside an unsigned one (the used data is outside the signature)', async () => {
    const verifier = await testVerifier(pki);
    const signed = await signWith(pki, 'valid', requestXml(pki.iin));
    const inner = signed.replace(/^<\?xml[^>]*\?>/, '');
    const wrapped = `<request xmlns="urn:reglament:request"><applicantIin>${OTHER_IIN}</applicantIin><wrapper>${inner}</wrapper></request>`;
    expect(await verifier.verify(wrapped, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'wrapping' });
  });

  it('refuses a signature over one element when the process uses the whole document (Reference URI="#id")', async () => {
    const verifier = await testVerifier(pki);
    const leaf = pki.leaves.valid;
    const doc = new DOMParser().parseFromString(
      `<request xmlns="urn:reglament:request"><applicantIin>${OTHER_IIN}</applicantIin><signed Id="part"><applicantIin>${pki.iin}</applicantIin></signed></request>`,
      'text/xml',
    ) as unknown as Document;
    const signer = new xmldsig.SignedXml();
    const signature = await signer.Sign({ name: 'ECDSA', hash: 'SHA-256' } as Algorithm, leaf.keys.privateKey, doc, {
      references: [{ hash: 'SHA-256', uri: '#part', transforms: ['exc-c14n'] }],
      x509: [Buffer.from(leaf.certificate.rawData).toString('base64')],
    });
    doc.documentElement.appendChild(signature.GetXml()!);
    const xml = new XMLSerializer().serializeToString(doc as never);
    expect(await verifier.verify(xml, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'wrapping' });
  });

  it('refuses a document with two signatures', async () => {
    const verifier = await testVerifier(pki);
    const signed = await signWith(pki, 'valid', requestXml(pki.iin));
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signed)![0];
    const doubled = signed.replace('</request>', `${signature}</request>`);
    expect(await verifier.verify(doubled, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'wrapping' });
  });

  it('refuses XAdES whose SigningCertificate names another certificate', async () => {
    const verifier = await testVerifier(pki);
    const leaf = pki.leaves.valid;
    const doc = new DOMParser().parseFromString(requestXml(pki.iin), 'text/xml') as unknown as Document;
    const signer = new xadesjs.SignedXml();
    const signature = await signer.Sign({ name: 'ECDSA', hash: 'SHA-256' } as Algorithm, leaf.keys.privateKey, doc, {
      references: [{ hash: 'SHA-256', uri: '', transforms: ['enveloped', 'exc-c14n'] }],
      x509: [Buffer.from(leaf.certificate.rawData).toString('base64')],
      signingCertificate: { certificate: Buffer.from(pki.leaves['wrong-iin'].certificate.rawData).toString('base64'), digestAlgorithm: 'SHA-256' },
    });
    doc.documentElement.appendChild(signature.GetXml()!);
    const xml = new XMLSerializer().serializeToString(doc as never);
    expect(await verifier.verify(xml, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'signature', reason: expect.stringMatching(/SigningCertificate/) });
  });

  it('refuses an unsigned document', async () => {
    const verifier = await testVerifier(pki);
    expect(await verifier.verify(requestXml(pki.iin), { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'signature' });
  });
});

describe('src/eds/builtin-verifier: hostile XML', () => {
  it('refuses external entities without reading them', async () => {
    const verifier = await testVerifier(pki);
    const xxe = `<?xml version="1.0"?><!DOCTYPE request [<!ENTITY x SYSTEM "file:///etc/passwd">]><request><applicantIin>&x;</applicantIin></request>`;
    const result = await verifier.verify(xxe, { expectedIin: pki.iin });
    expect(result).toMatchObject({ valid: false, check: 'malformed', reason: expect.stringMatching(/DOCTYPE/) });
    expect(JSON.stringify(result)).not.toContain('root:');
  });

  it('refuses an entity bomb at once', async () => {
    const verifier = await testVerifier(pki);
    const entities = Array.from({ length: 10 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('');
    const bomb = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY l0 "lol">${entities}]><r>&l10;</r>`;
    const started = Date.now();
    expect(await verifier.verify(bomb, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'malformed' });
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('refuses a huge document by size before parsing', async () => {
    const verifier = await testVerifier(pki);
    const huge = requestXml(pki.iin, `<blob>${'A'.repeat(6 * 1024 * 1024)}</blob>`);
    const started = Date.now();
    expect(await verifier.verify(huge, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'malformed', reason: expect.stringMatching(/размер/) });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a document of very many tiny elements before parsing it', async () => {
    const verifier = await testVerifier(pki);
    const many = requestXml(pki.iin, '<a/>'.repeat(150_000));
    const started = Date.now();
    expect(await verifier.verify(many, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'malformed', reason: expect.stringMatching(/tags/) });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses XML that does not parse, and non-strings', async () => {
    const verifier = await testVerifier(pki);
    for (const bad of ['<request><a></request>', 'not xml', '', '<?xml version="1.0"?>']) {
      expect(await verifier.verify(bad, { expectedIin: pki.iin }), bad).toMatchObject({ valid: false, check: 'malformed' });
    }
    expect(await verifier.verify(undefined as unknown as string, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'malformed' });
  });
});

describe('src/eds/builtin-verifier: trust', () => {
  it('refuses a certificate from an unknown CA, including a look-alike CA with the same name', async () => {
    const verifier = await testVerifier(pki);
    const lookAlike = await createCa({ commonName: 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (TEST)' });
    expect(lookAlike.certificate.subject).toBe(pki.ca.certificate.subject);
    const forged = await issueLeaf(lookAlike, { iin: pki.iin, commonName: 'ТЕСТОВ ТЕСТ' });
    const xml = await signXml(requestXml(pki.iin), { key: forged.keys.privateKey, certificate: forged.certificate });
    expect(await verifier.verify(xml, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'chain' });
  });

  it('refuses a leaf of a CA that has expired', async () => {
    const now = Date.now();
    const oldCa = await createCa({ notBefore: new Date(now - 800 * DAY), notAfter: new Date(now - DAY) });
    const leaf = await issueLeaf(oldCa, { iin: pki.iin, commonName: 'X', notBefore: new Date(now - 700 * DAY), notAfter: new Date(now + 30 * DAY) });
    const trust = await TrustStore.create({ roots: [oldCa.certificate.toString('pem')] });
    const crl = await createCrl(oldCa);
    const verifier = new BuiltinVerifier({ trust, revocation: new CrlRevocationChecker({ sources: [{ data: new Uint8Array(crl.rawData) }] }) });
    const xml = await signXml(requestXml(pki.iin), { key: leaf.keys.privateKey, certificate: leaf.certificate });
    expect(await verifier.verify(xml, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'chain', reason: expect.stringMatching(/CA expired/) });
  });

  it('refuses a trust store whose root does not match a pinned thumbprint', async () => {
    await expect(TrustStore.create({ roots: [pki.ca.certificate.toString('pem')], pinnedThumbprints: ['00'.repeat(32)] })).rejects.toThrow(/pinned/);
  });
});

describe('src/eds/revocation: CRL freshness, reachability and caching fail closed', () => {
  let server: Server;
  let requests = 0;
  let body: Uint8Array | null = null;
  let status = 200;
  let url = '';
  beforeAll(async () => {
    server = createServer((_req, res) => {
      requests++;
      res.statusCode = status;
      res.end(body ? Buffer.from(body) : undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/crl`;
    return () => new Promise<void>((r) => server.close(() => r()));
  });

  it('refuses when the CRL is stale (nextUpdate passed)', async () => {
    const stale = await createCrl(pki.ca, { thisUpdate: new Date(Date.now() - 10 * DAY), nextUpdate: new Date(Date.now() - DAY) });
    const verifier = await testVerifier(pki, new CrlRevocationChecker({ sources: [{ data: new Uint8Array(stale.rawData) }] }));
    const xml = await signWith(pki, 'valid', requestXml(pki.iin));
    expect(await verifier.verify(xml, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'revocation-unavailable', reason: expect.stringMatching(/stale/) });
  });

  it('refuses when the CRL is signed by someone else', async () => {
    const other = await createCa({ commonName: 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (TEST)' });
    const forged = await createCrl(other);
    const verifier = await testVerifier(pki, new CrlRevocationChecker({ sources: [{ data: new Uint8Array(forged.rawData) }] }));
    const xml = await signWith(pki, 'revoked', requestXml(pki.iin));
    expect(await verifier.verify(xml, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'revocation-unavailable', reason: expect.stringMatching(/signature invalid/) });
  });

  it('refuses when the CRL cannot be downloaded (closed port, HTTP 500), within the timeout', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/crl`;
    await new Promise<void>((r) => closed.close(() => r()));
    const xml = await signWith(pki, 'valid', requestXml(pki.iin));
    const dead = await testVerifier(pki, new CrlRevocationChecker({ sources: [{ url: deadUrl }], timeoutMs: 2000 }));
    expect(await dead.verify(xml, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'revocation-unavailable', reason: expect.stringMatching(/unreachable/) });
    status = 500;
    body = null;
    const failing = await testVerifier(pki, new CrlRevocationChecker({ sources: [{ url }] }));
    expect(await failing.verify(xml, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'revocation-unavailable', reason: expect.stringMatching(/HTTP 500/) });
  });

  it('downloads once, serves from cache, refreshes after the interval, and keeps a fresh CRL when a refresh fails', async () => {
    status = 200;
    body = new Uint8Array(pki.crl.rawData);
    requests = 0;
    // Long enough that two verifications on a loaded machine fit inside it.
    const checker = new CrlRevocationChecker({ sources: [{ url }], refreshMs: 1500 });
    const verifier = await testVerifier(pki, checker);
    const good = await signWith(pki, 'valid', requestXml(pki.iin));
    const revoked = await signWith(pki, 'revoked', requestXml(pki.iin));
    expect((await verifier.verify(good, { expectedIin: pki.iin })).valid).toBe(true);
    expect(await verifier.verify(revoked, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'revoked' });
    expect(requests).toBe(1);
    await new Promise((r) => setTimeout(r, 1600));
    status = 503;
    expect((await verifier.verify(good, { expectedIin: pki.iin })).valid).toBe(true);
    expect(requests).toBe(2);
    // A newly published CRL that revokes the signer is picked up on the next refresh.
    status = 200;
    body = new Uint8Array((await createCrl(pki.ca, { revoked: [{ certificate: pki.leaves.valid.certificate }] })).rawData);
    await new Promise((r) => setTimeout(r, 1600));
    expect(await verifier.verify(good, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'revoked' });
  });

  it('a background refresh picks up a new CRL at once, and a failed refresh keeps the cached one', async () => {
    status = 200;
    body = new Uint8Array(pki.crl.rawData);
    const checker = new CrlRevocationChecker({ sources: [{ url }], refreshMs: 3_600_000 });
    const verifier = await testVerifier(pki, checker);
    const good = await signWith(pki, 'valid', requestXml(pki.iin));
    expect((await verifier.verify(good, { expectedIin: pki.iin })).valid).toBe(true);
    status = 503;
    expect(await checker.refresh([pki.ca.certificate])).toEqual([expect.stringMatching(/HTTP 503/)]);
    expect((await verifier.verify(good, { expectedIin: pki.iin })).valid).toBe(true);
    status = 200;
    body = new Uint8Array((await createCrl(pki.ca, { revoked: [{ certificate: pki.leaves.valid.certificate }] })).rawData);
    expect(await checker.refresh([pki.ca.certificate])).toEqual([]);
    expect(await verifier.verify(good, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'revoked' });
    const stop = checker.startBackgroundRefresh([pki.ca.certificate], 60_000);
    stop();
  });

  it('parses a CRL with 1,600 entries (above asn1js default limits) and looks up in it', async () => {
    const many = Array.from({ length: 1_600 }, (_, i) => ({ certificate: { serialNumber: (0x100000 + i).toString(16) } as never, at: new Date(Date.now() - DAY) }));
    const started = Date.now();
    const big = await createCrl(pki.ca, { revoked: [...many, { certificate: pki.leaves.revoked.certificate }] });
    const verifier = await testVerifier(pki, new CrlRevocationChecker({ sources: [{ data: new Uint8Array(big.rawData) }] }));
    const xml = await signWith(pki, 'revoked', requestXml(pki.iin));
    expect(await verifier.verify(xml, { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'revoked' });
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
