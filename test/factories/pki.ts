// Test fixtures for anything that needs ЭЦП: one test PKI per test file (in a temp dir), signing helpers, a verifier.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initTestPki, type TestPki, type TestPkiCase } from '../../src/eds/pki.js';
import { signXml } from '../../src/eds/xml-signature.js';
import { TrustStore } from '../../src/eds/trust-store.js';
import { CrlRevocationChecker, type RevocationChecker } from '../../src/eds/revocation.js';
import { BuiltinVerifier } from '../../src/eds/builtin-verifier.js';

let shared: Promise<TestPki> | undefined;

/** The test PKI of this test file (created once per file): ca, valid, expired, revoked, wrong-iin, wrong-usage, crl, ocsp. */
export function testPki(): Promise<TestPki> {
  shared ??= mkdtemp(join(tmpdir(), 'reglament-pki-')).then((dir) => initTestPki(dir));
  return shared;
}

/** A request document of the shape the forms produce, with the applicant's IIN in it. */
export function requestXml(iin: string, extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?><request xmlns="urn:reglament:request" service="preschool-queue"><applicantIin>${iin}</applicantIin><child><iin>061211600012</iin></child>${extra}</request>`;
}

/** Signs `xml` with the key and certificate of one of the test PKI's cases. */
export async function signWith(pki: TestPki, which: TestPkiCase, xml: string, options: { xades?: boolean } = {}): Promise<string> {
  const leaf = pki.leaves[which];
  return signXml(xml, { key: leaf.keys.privateKey, certificate: leaf.certificate, xades: options.xades });
}

/** The built-in verifier trusting the test CA, revocation by the test CRL (or the given checker). */
export async function testVerifier(pki: TestPki, revocation?: RevocationChecker): Promise<BuiltinVerifier> {
  const trust = await TrustStore.create({ roots: [pki.ca.certificate.toString('pem')] });
  return new BuiltinVerifier({ trust, revocation: revocation ?? new CrlRevocationChecker({ sources: [{ data: new Uint8Array(pki.crl.rawData) }] }) });
}
