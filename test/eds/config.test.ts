// verifierFromEnv: which backend the settings choose, and that a wrong setting is an error, never a lax verifier.
import { describe, expect, it, beforeAll } from 'vitest';
import { join } from 'node:path';
import { verifierFromEnv } from '../../src/eds/config.js';
import { NcanodeVerifier } from '../../src/eds/ncanode-verifier.js';
import { BuiltinVerifier } from '../../src/eds/builtin-verifier.js';
import { thumbprintHex } from '../../src/eds/certificate.js';
import { testPki, requestXml, signWith } from '../factories/pki.js';
import type { TestPki } from '../../src/eds/pki.js';

let pki: TestPki;
beforeAll(async () => { pki = await testPki(); });

describe('src/eds/config: verifierFromEnv', () => {
  it('builds NCANode only with its URL', async () => {
    await expect(verifierFromEnv({ EDS_VERIFIER: 'ncanode' })).rejects.toThrow(/NCANODE_URL/);
    expect(await verifierFromEnv({ EDS_VERIFIER: 'ncanode', NCANODE_URL: 'http://127.0.0.1:14579', NCANODE_API: 'v1' })).toBeInstanceOf(NcanodeVerifier);
  });

  it('builds the built-in verifier from roots, pins and CRL files, and refuses roots that miss their pin', async () => {
    const ca = join(pki.dir, 'ca.pem');
    const pin = await thumbprintHex(pki.ca.certificate);
    const verifier = await verifierFromEnv({ EDS_TRUST_ROOTS: ca, EDS_PINNED_THUMBPRINTS: pin.toUpperCase(), EDS_CRL_FILES: join(pki.dir, 'crl.pem') });
    expect(verifier).toBeInstanceOf(BuiltinVerifier);
    expect((await verifier.verify(await signWith(pki, 'valid', requestXml(pki.iin)), { expectedIin: pki.iin })).valid).toBe(true);
    expect(await verifier.verify(await signWith(pki, 'revoked', requestXml(pki.iin)), { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'revoked' });
    await expect(verifierFromEnv({ EDS_TRUST_ROOTS: ca, EDS_PINNED_THUMBPRINTS: 'ab'.repeat(32) })).rejects.toThrow(/pinned/);
    await expect(verifierFromEnv({ EDS_TRUST_ROOTS: join(pki.dir, 'valid.pem') })).rejects.toThrow(/not a CA/);
  });

  it('asks OCSP first and falls back to the CRL when the responder is down', async () => {
    const verifier = await verifierFromEnv({ EDS_TRUST_ROOTS: join(pki.dir, 'ca.pem'), EDS_OCSP_URL: 'http://127.0.0.1:9/', EDS_CRL_FILES: join(pki.dir, 'crl.pem') });
    expect(await verifier.verify(await signWith(pki, 'revoked', requestXml(pki.iin)), { expectedIin: pki.iin })).toMatchObject({ valid: false, check: 'revoked', reason: expect.stringMatching(/crl/) });
  });
});
