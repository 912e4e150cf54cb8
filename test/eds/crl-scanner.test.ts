// The minimal CRL reader: it agrees with @peculiar/x509 and OpenSSL on real CRLs, rejects broken DER and forged
// signatures, and reads a large CRL fast enough for a refresh job.
import { describe, expect, it, beforeAll } from 'vitest';
import { createPrivateKey, sign } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { scanCrl, verifyScannedCrl } from '../../src/eds/crl-scanner.js';
import { createCa, createCrl, crlPem } from '../../src/eds/pki.js';
import { testPki } from '../factories/pki.js';
import type { TestPki } from '../../src/eds/pki.js';

const exec = promisify(execFile);
let pki: TestPki;
beforeAll(async () => { pki = await testPki(); });

const len = (n: number) => {
  if (n < 128) return Buffer.from([n]);
  const b: number[] = [];
  for (let v = n; v; v = Math.floor(v / 256)) b.unshift(v & 255);
  return Buffer.from([0x80 | b.length, ...b]);
};
const tlv = (tag: number, c: Buffer) => Buffer.concat([Buffer.from([tag]), len(c.length), c]);
const utc = (d: Date) => tlv(0x17, Buffer.from(`${d.toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`));
const ECDSA_SHA256 = tlv(0x30, tlv(0x06, Buffer.from([0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02])));

/** A CRL of `n` entries signed by the test CA, built directly (the x509 generator needs minutes for this size). */
async function bigCrl(n: number, extraSerial?: string): Promise<Buffer> {
  const entries: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    const serial = Buffer.alloc(8);
    serial[0] = 0x11;
    serial.writeUInt32BE(i, 4);
    entries.push(tlv(0x30, Buffer.concat([tlv(0x02, serial), utc(new Date(Date.now() - 86_400_000))])));
  }
  if (extraSerial) entries.push(tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from(extraSerial, 'hex')), utc(new Date(Date.now() - 60_000))])));
  const tbs = tlv(0x30, Buffer.concat([
    tlv(0x02, Buffer.from([1])), ECDSA_SHA256, Buffer.from(pki.ca.certificate.subjectName.toArrayBuffer()),
    utc(new Date(Date.now() - 60_000)), utc(new Date(Date.now() + 86_400_000)), tlv(0x30, Buffer.concat(entries)),
  ]));
  const key = createPrivateKey({ key: Buffer.from(await globalThis.crypto.subtle.exportKey('pkcs8', pki.ca.keys.privateKey)), format: 'der', type: 'pkcs8' });
  return tlv(0x30, Buffer.concat([tbs, ECDSA_SHA256, tlv(0x03, Buffer.concat([Buffer.from([0]), sign('sha256', tbs, key)]))]));
}

describe('src/eds/crl-scanner', () => {
  it('reads what @peculiar/x509 reads from a generated CRL, in DER and PEM', async () => {
    const revoked = [pki.leaves.revoked.certificate, pki.leaves.expired.certificate];
    const crl = await createCrl(pki.ca, { revoked: revoked.map((certificate) => ({ certificate })) });
    for (const input of [new Uint8Array(crl.rawData), crlPem(crl)]) {
      const scanned = scanCrl(input);
      expect(scanned.issuer).toBe(crl.issuer);
      expect(scanned.thisUpdate.getTime()).toBe(crl.thisUpdate.getTime());
      expect(scanned.nextUpdate?.getTime()).toBe(crl.nextUpdate?.getTime());
      expect([...scanned.revoked.keys()].sort()).toEqual(crl.entries.map((e) => e.serialNumber.toLowerCase().replace(/^0+/, '')).sort());
      expect(verifyScannedCrl(scanned, pki.ca.certificate)).toBe(true);
    }
  });

  it('verifies an RSA-signed CRL too, and refuses a CRL under another key', async () => {
    const rsa = await createCa({ kind: 'rsa' });
    const crl = await createCrl(rsa);
    expect(verifyScannedCrl(scanCrl(new Uint8Array(crl.rawData)), rsa.certificate)).toBe(true);
    expect(verifyScannedCrl(scanCrl(new Uint8Array(crl.rawData)), pki.ca.certificate)).toBe(false);
  });

  it('rejects broken DER with a clear error and a tampered CRL by its signature', async () => {
    const der = Buffer.from(pki.crl.rawData);
    expect(() => scanCrl(new Uint8Array(der.subarray(0, der.length - 10)))).toThrow(/not well-formed DER/);
    expect(() => scanCrl(new Uint8Array([0x02, 0x01, 0x00]))).toThrow(/not well-formed DER/);
    expect(() => scanCrl(new Uint8Array(0))).toThrow(/not well-formed DER/);
    const tampered = Buffer.from(der);
    // Flip a byte inside the revocation date of the one entry (the revoked certificate).
    const at = tampered.indexOf(Buffer.from(pki.leaves.revoked.certificate.serialNumber, 'hex'));
    tampered[at + 12] = tampered[at + 12]! ^ 0x01;
    const scanned = scanCrl(new Uint8Array(tampered));
    expect(verifyScannedCrl(scanned, pki.ca.certificate)).toBe(false);
  });

  it('reads a 50,000-entry CRL in well under the time a full ASN.1 parse needs, and OpenSSL accepts it', async () => {
    const der = await bigCrl(50_000, pki.leaves.revoked.certificate.serialNumber);
    const started = Date.now();
    const scanned = scanCrl(new Uint8Array(der));
    expect(verifyScannedCrl(scanned, pki.ca.certificate)).toBe(true);
    const elapsed = Date.now() - started;
    expect(scanned.revoked.size).toBe(50_001);
    expect(scanned.revoked.has(pki.leaves.revoked.certificate.serialNumber.toLowerCase().replace(/^0+/, ''))).toBe(true);
    expect(elapsed).toBeLessThan(5_000);
    const file = join(pki.dir, 'big-crl.der');
    await (await import('node:fs/promises')).writeFile(file, der);
    const { stdout } = await exec('openssl', ['crl', '-inform', 'DER', '-in', file, '-CAfile', join(pki.dir, 'ca.pem'), '-noout']);
    void stdout;
  });
});
