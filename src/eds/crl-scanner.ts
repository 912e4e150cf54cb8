// A minimal DER reader for CRLs: serial numbers, revocation dates, issuer, update times and the signature, and the
// signature check with node:crypto. It reads a 10,000-entry CRL in milliseconds where a full ASN.1 object model needs
// seconds (real НУЦ РК CRLs carry hundreds of thousands of entries).
import { createPublicKey, verify as verifySignature } from 'node:crypto';
import { x509 } from './setup.js';

export interface ScannedCrl {
  /** The DER of tbsCertList: what the signature covers. */
  tbs: Uint8Array;
  issuer: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  /** Serial (lower-case hex, no leading zeros) → revocation date. */
  revoked: Map<string, Date>;
  signatureAlgorithm: string;
  signature: Uint8Array;
}

interface Tlv { tag: number; start: number; contentStart: number; end: number }

class DerError extends Error {}

function readTlv(buf: Uint8Array, offset: number, limit: number): Tlv {
  if (offset + 2 > limit) throw new DerError('truncated');
  const tag = buf[offset]!;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not used in CRLs');
  let length = buf[offset + 1]!;
  let contentStart = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4) throw new DerError('unsupported length');
    if (contentStart + count > limit) throw new DerError('truncated');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buf[contentStart + i]!;
    contentStart += count;
  }
  const end = contentStart + length;
  if (end > limit) throw new DerError('length beyond the data');
  return { tag, start: offset, contentStart, end };
}

function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let at = parent.contentStart; at < parent.end;) {
    const tlv = readTlv(buf, at, parent.end);
    out.push(tlv);
    at = tlv.end;
  }
  return out;
}

/** UTCTime YYMMDDHHMMSSZ or GeneralizedTime YYYYMMDDHHMMSS[.f]Z, read digit by digit (this runs once per entry). */
function readTime(buf: Uint8Array, tlv: Tlv): Date {
  const at = tlv.contentStart;
  const len = tlv.end - at;
  const d = (i: number) => {
    const c = buf[at + i]! - 48;
    if (c < 0 || c > 9) throw new DerError('bad time');
    return c;
  };
  const two = (i: number) => d(i) * 10 + d(i + 1);
  let year: number;
  let p: number;
  if (tlv.tag === 0x17 && len === 13) {
    const yy = two(0);
    year = yy < 50 ? 2000 + yy : 1900 + yy;
    p = 2;
  } else if (tlv.tag === 0x18 && len >= 15) {
    year = two(0) * 100 + two(2);
    p = 4;
  } else {
    throw new DerError('bad time');
  }
  if (buf[tlv.end - 1] !== 0x5a) throw new DerError('time not in UTC');
  return new Date(Date.UTC(year, two(p) - 1, two(p + 2), two(p + 4), two(p + 6), two(p + 8)));
}

function readOid(buf: Uint8Array, tlv: Tlv): string {
  if (tlv.tag !== 0x06) throw new DerError('expected an OID');
  const bytes = buf.subarray(tlv.contentStart, tlv.end);
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if (!(b & 0x80)) {
      if (parts.length === 0) parts.push(value < 80 ? Math.floor(value / 40) : 2, value < 80 ? value % 40 : value - 80);
      else parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

const serialHex = (bytes: Uint8Array) => {
  const hex = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
  return hex.charCodeAt(0) === 48 ? hex.replace(/^0+(?=.)/, '') : hex;
};

/** Reads a DER (or PEM) CRL; throws on anything that is not a well-formed CertificateList. */
export function scanCrl(input: Uint8Array | string): ScannedCrl {
  const buf = typeof input === 'string'
    ? new Uint8Array(Buffer.from(input.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'))
    : input;
  try {
    const outer = readTlv(buf, 0, buf.length);
    if (outer.tag !== 0x30) throw new DerError('not a SEQUENCE');
    const [tbsTlv, algTlv, sigTlv] = children(buf, outer);
    if (!tbsTlv || !algTlv || !sigTlv || tbsTlv.tag !== 0x30 || sigTlv.tag !== 0x03) throw new DerError('not a CertificateList');
    const fields = children(buf, tbsTlv);
    let i = 0;
    if (fields[i]?.tag === 0x02) i++; // version
    i++; // signature AlgorithmIdentifier (inner; the outer one is what we check)
    const issuerTlv = fields[i++];
    if (!issuerTlv || issuerTlv.tag !== 0x30) throw new DerError('no issuer');
    const thisUpdate = readTime(buf, fields[i++]!);
    let nextUpdate: Date | undefined;
    if (fields[i] && (fields[i]!.tag === 0x17 || fields[i]!.tag === 0x18)) nextUpdate = readTime(buf, fields[i++]!);
    const revoked = new Map<string, Date>();
    if (fields[i] && fields[i]!.tag === 0x30) {
      const list = fields[i]!;
      for (let at = list.contentStart; at < list.end;) {
        const entry = readTlv(buf, at, list.end);
        const serial = readTlv(buf, entry.contentStart, entry.end);
        if (serial.tag !== 0x02) throw new DerError('bad entry');
        const date = readTlv(buf, serial.end, entry.end);
        revoked.set(serialHex(buf.subarray(serial.contentStart, serial.end)), readTime(buf, date));
        at = entry.end;
      }
    }
    const algFields = children(buf, algTlv);
    const signatureAlgorithm = readOid(buf, algFields[0]!);
    // BIT STRING: the first content byte is the count of unused bits (0 for signatures).
    const signature = buf.subarray(sigTlv.contentStart + 1, sigTlv.end);
    const issuer = new x509.Name(buf.slice(issuerTlv.start, issuerTlv.end)).toString();
    return { tbs: buf.subarray(tbsTlv.start, tbsTlv.end), issuer, thisUpdate, nextUpdate, revoked, signatureAlgorithm, signature };
  } catch (err) {
    throw new Error(`CRL is not well-formed DER (${(err as Error).message})`);
  }
}

const HASHES: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256',
  '1.2.840.10045.4.3.3': 'sha384',
  '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.11': 'sha256',
  '1.2.840.113549.1.1.12': 'sha384',
  '1.2.840.113549.1.1.13': 'sha512',
};

/** Verifies the CRL's signature with the issuer's public key (RSA PKCS#1 v1.5 or ECDSA); false for other algorithms. */
export function verifyScannedCrl(crl: ScannedCrl, issuer: x509.X509Certificate): boolean {
  const hash = HASHES[crl.signatureAlgorithm];
  if (!hash) return false;
  try {
    const key = createPublicKey({ key: Buffer.from(issuer.publicKey.rawData), format: 'der', type: 'spki' });
    return verifySignature(hash, crl.tbs, key, crl.signature);
  } catch {
    return false;
  }
}
