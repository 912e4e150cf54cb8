// The demo signer's PKI: one certificate per demo person, stable across restarts, trusted by the configured verifier.
import { describe, expect, it } from 'vitest';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureDemoPki, loadSigner } from '../../src/eds/pki.js';
import { signXml } from '../../src/eds/xml-signature.js';
import { verifierFromEnv } from '../../src/eds/config.js';
import { requestXml } from '../factories/pki.js';

const PEOPLE = [
  { iin: '900101300126', name: 'АХМЕТОВ АСЕТ' },
  { iin: '791028302728', name: 'ИВАНОВА МАРИЯ' },
];

describe('src/eds/pki: ensureDemoPki', () => {
  it('creates a signer per person whose signatures the env-configured verifier accepts, and keeps them on restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reglament-demo-pki-'));
    const first = await ensureDemoPki(dir, PEOPLE);
    expect([...first.signers.keys()]).toEqual(PEOPLE.map((p) => p.iin));
    // File names never carry the IIN.
    const files = await readdir(dir);
    for (const f of files) expect(f).not.toMatch(/\d{12}/);

    const verifier = await verifierFromEnv({ EDS_TRUST_ROOTS: first.caFile, EDS_CRL_FILES: first.crlFile });
    for (const person of PEOPLE) {
      const signer = await loadSigner(first.signers.get(person.iin)!);
      const xml = await signXml(requestXml(person.iin), { ...signer, xades: true });
      const result = await verifier.verify(xml, { expectedIin: person.iin });
      expect(result).toMatchObject({ valid: true, signer: { iin: person.iin, commonName: person.name } });
    }

    const second = await ensureDemoPki(dir, PEOPLE);
    expect(second.signers.get(PEOPLE[0]!.iin)!.certificatePem).toBe(first.signers.get(PEOPLE[0]!.iin)!.certificatePem);
    expect(second.trust.roots[0]).toBe(first.trust.roots[0]);
  });

  it('fails closed when no revocation source is configured', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reglament-demo-pki-'));
    const pki = await ensureDemoPki(dir, PEOPLE.slice(0, 1));
    const verifier = await verifierFromEnv({ EDS_TRUST_ROOTS: pki.caFile });
    const signer = await loadSigner(pki.signers.get(PEOPLE[0]!.iin)!);
    const xml = await signXml(requestXml(PEOPLE[0]!.iin), signer);
    expect(await verifier.verify(xml, { expectedIin: PEOPLE[0]!.iin })).toMatchObject({ valid: false, check: 'revocation-unavailable' });
    await expect(verifierFromEnv({})).rejects.toThrow(/EDS_TRUST_ROOTS/);
  });
});

describe('src/eds/pki: ensureDemoPki under concurrency', () => {
  it('concurrent first calls agree on one root, and every signer chains to it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'reglament-demo-pki-'));
    const results = await Promise.all(PEOPLE.concat(PEOPLE).map((p) => ensureDemoPki(dir, [p])));
    const roots = new Set(results.map((r) => r.trust.roots[0]));
    expect(roots.size).toBe(1);
    const verifier = await verifierFromEnv({ EDS_TRUST_ROOTS: results[0]!.caFile, EDS_CRL_FILES: results[0]!.crlFile });
    for (const person of PEOPLE) {
      const latest = await ensureDemoPki(dir, [person]);
      const xml = await signXml(requestXml(person.iin), await loadSigner(latest.signers.get(person.iin)!));
      expect((await verifier.verify(xml, { expectedIin: person.iin })).valid).toBe(true);
    }
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
