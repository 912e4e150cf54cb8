// Where the document service gets its keys: the demo PKI (one service key per tenant, made once and reused) and
// configured PEM files; a half configuration is refused.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDemoPki, signingKeyPem } from '../../src/documents/demo-pki.js';
import { loadDocumentKeys, verifyBaseUrl } from '../../src/documents/keys.js';
import { signXml, verifyXml } from '../../src/documents/xml-signer.js';
import { x509 } from '../../src/eds/setup.js';
import { folderProfiles } from '../../src/documents/template-source.js';
import { PROCESSES } from './support.js';

describe('document keys', () => {
  it('makes one demo service key per tenant under the demo CA, and reuses it on the next start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reglament-keys-'));
    // The organisation of a demo key is the tenant profile's (processes/<tenant>/tenant.json here).
    const profiles = folderProfiles(PROCESSES);
    const organisationOf = async (tenant: string) => (await profiles(tenant))?.organization.ru ?? null;
    const first = await loadDocumentKeys({ REGLAMENT_DEMO_PKI_DIR: dir }, { organisationOf });
    expect(first.demo).toBe(true);
    const semey = await first.serviceKey('semey');
    expect(semey.organisation).toBe('Акимат города Семей');
    expect((await first.serviceKey('kyzylzhar')).organisation).toBe('Акимат Кызылжарского района');
    expect((await first.serviceKey('some-new-akimat')).organisation).toBe('Акимат (some-new-akimat)');
    const signed = await signXml('<a xmlns="urn:t">1</a>', semey);
    expect((await verifyXml(signed, first.trust)).valid).toBe(true);
    const again = await loadDocumentKeys({ REGLAMENT_DEMO_PKI_DIR: dir });
    expect(Buffer.compare(Buffer.from((await again.serviceKey('semey')).certificate), Buffer.from(semey.certificate))).toBe(0);
    expect((await verifyXml(signed, again.trust)).valid).toBe(true);
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['documents-service-semey.pem', 'documents-service-semey.key.pem', 'demo-ca.pem']));
    await expect(first.serviceKey('../etc')).rejects.toThrow(/not a plain name/);
  });

  it('loads a configured key, certificate and trust roots from PEM files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reglament-keys-'));
    const pki = await createDemoPki('ГУ «Отдел образования города Семей»');
    const pem = await signingKeyPem(pki.service);
    writeFileSync(join(dir, 'key.pem'), pem.keyPem);
    writeFileSync(join(dir, 'cert.pem'), pem.certificatePem);
    writeFileSync(join(dir, 'ca.pem'), new x509.X509Certificate(pki.ca.certificate as unknown as ArrayBuffer).toString('pem'));
    const keys = await loadDocumentKeys({ REGLAMENT_DOCUMENTS_KEY: join(dir, 'key.pem'), REGLAMENT_DOCUMENTS_CERT: join(dir, 'cert.pem'), REGLAMENT_DOCUMENTS_TRUST: join(dir, 'ca.pem') });
    expect(keys.demo).toBe(false);
    const key = await keys.serviceKey('semey');
    expect(key.organisation).toBe('ГУ «Отдел образования города Семей»');
    expect((await verifyXml(await signXml('<a xmlns="urn:t">1</a>', key), keys.trust)).valid).toBe(true);
    await expect(loadDocumentKeys({ REGLAMENT_DOCUMENTS_KEY: join(dir, 'key.pem') })).rejects.toThrow(/set both REGLAMENT_DOCUMENTS_KEY and REGLAMENT_DOCUMENTS_CERT/);
    await expect(loadDocumentKeys({ REGLAMENT_DOCUMENTS_KEY: join(dir, 'key.pem'), REGLAMENT_DOCUMENTS_CERT: join(dir, 'cert.pem') })).rejects.toThrow(/REGLAMENT_DOCUMENTS_TRUST/);
  });

  it('builds the verification link from REGLAMENT_PUBLIC_URL', () => {
    expect(verifyBaseUrl({ REGLAMENT_PUBLIC_URL: 'https://e.example.kz/' })).toBe('https://e.example.kz/api/documents/verify/');
    expect(verifyBaseUrl({})).toBe('http://127.0.0.1:8080/api/documents/verify/');
  });
});
