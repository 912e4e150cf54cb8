// Interoperability with xmlsec1 (libxmlsec, what many government systems use): it accepts our signatures and rejects
// tampered ones; signatures it makes in the NCALayer layout (enveloped, c14n#WithComments) pass our verifier.
import { describe, expect, it, beforeAll } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testPki, requestXml, signWith, testVerifier } from '../factories/pki.js';
import type { TestPki } from '../../src/eds/pki.js';

const exec = promisify(execFile);
let pki: TestPki;
let work: string;

beforeAll(async () => {
  pki = await testPki();
  work = await mkdtemp(join(tmpdir(), 'reglament-xmlsec-'));
});

async function xmlsecVerify(xml: string, extra: string[] = []): Promise<boolean> {
  const file = join(work, `v-${Math.random().toString(36).slice(2)}.xml`);
  await writeFile(file, xml);
  try {
    await exec('xmlsec1', ['--verify', '--trusted-pem', join(pki.dir, 'ca.pem'), '--enabled-key-data', 'x509', ...extra, file]);
    return true;
  } catch {
    return false;
  }
}

const NCALAYER_TEMPLATE = (iin: string) => `<?xml version="1.0" encoding="UTF-8"?>
<request xmlns="urn:reglament:request"><applicantIin>${iin}</applicantIin><!-- comment kept by c14n#WithComments --><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo><ds:CanonicalizationMethod Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315"/><ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"/><ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/><ds:Transform Algorithm="http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments"/></ds:Transforms><ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue></ds:DigestValue></ds:Reference></ds:SignedInfo><ds:SignatureValue></ds:SignatureValue><ds:KeyInfo><ds:X509Data></ds:X509Data></ds:KeyInfo></ds:Signature></request>`;

describe('src/eds/xml-signature: interoperability with xmlsec1', () => {
  it('xmlsec1 accepts our XMLDSig signature and rejects it once tampered', async () => {
    const xml = await signWith(pki, 'valid', requestXml(pki.iin, '<n>1</n>'));
    expect(await xmlsecVerify(xml)).toBe(true);
    expect(await xmlsecVerify(xml.replace('<n>1</n>', '<n>2</n>'))).toBe(false);
  });

  it('xmlsec1 accepts our XAdES-BES signature (SignedProperties by Id)', async () => {
    const xml = await signWith(pki, 'valid', requestXml(pki.iin), { xades: true });
    expect(await xmlsecVerify(xml, ['--id-attr:Id', 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties'])).toBe(true);
  });

  it('our verifier accepts a signature xmlsec1 made in the NCALayer layout, and refuses it for another IIN', async () => {
    const template = join(work, 'template.xml');
    const out = join(work, 'signed.xml');
    await writeFile(template, NCALAYER_TEMPLATE(pki.iin));
    await exec('xmlsec1', ['--sign', '--privkey-pem', `${join(pki.dir, 'valid.key.pem')},${join(pki.dir, 'valid.pem')}`, '--output', out, template]);
    const signed = await readFile(out, 'utf8');
    const verifier = await testVerifier(pki);
    expect((await verifier.verify(signed, { expectedIin: pki.iin })).valid).toBe(true);
    // URI="" covers the document minus comments (XMLDSig §4.3.3.3), even under c14n#WithComments: as xmlsec1 does.
    expect((await verifier.verify(signed.replace('comment kept', 'comment changed'), { expectedIin: pki.iin })).valid).toBe(true);
    expect(await verifier.verify(signed.replace('<applicantIin>900101300126<', '<applicantIin>900101300811<'), { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'signature' });
    expect(await verifier.verify(signed, { expectedIin: '791028302728' })).toMatchObject({ valid: false, check: 'iin-mismatch' });
  });
});
