// The test PKI: a root CA in the shape of НУЦ РК, leaf certificates for every verification outcome, a CRL,
// an OCSP responder, and the demo signer's keys. P-256 keys by default (10 ms a root against ~300 ms for RSA).
import { mkdir, readFile, writeFile, access, rename, link, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { x509 } from './setup.js';
import { NAME_MAP, OID } from './certificate.js';

export type KeyKind = 'ec' | 'rsa';

const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const EC_SIGN = { name: 'ECDSA', hash: 'SHA-256' } as const;
const RSA = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } as const;

const DAY = 86_400_000;

export interface Issued {
  certificate: x509.X509Certificate;
  keys: CryptoKeyPair;
}

export async function generateKeys(kind: KeyKind = 'ec'): Promise<CryptoKeyPair> {
  return globalThis.crypto.subtle.generateKey(kind === 'ec' ? EC : RSA, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

function signingAlgorithm(key: CryptoKey): Algorithm {
  return key.algorithm.name === 'ECDSA' ? EC_SIGN : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as Algorithm;
}

let serialCounter = 0;
/** Positive, unique serial numbers (hex); the high bit is kept clear so DER needs no sign byte. */
function nextSerial(): string {
  serialCounter = (serialCounter + 1) % 0xffff;
  const random = Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(8)));
  random[0] = random[0]! & 0x7f | 0x10;
  return `${random.toString('hex')}${serialCounter.toString(16).padStart(4, '0')}`;
}

export interface CaOptions {
  commonName?: string;
  notBefore?: Date;
  notAfter?: Date;
  kind?: KeyKind;
}

export async function createCa(options: CaOptions = {}): Promise<Issued> {
  const keys = await generateKeys(options.kind);
  const now = Date.now();
  const name = new x509.Name(`CN=${options.commonName ?? 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (TEST)'}, O=reglament test PKI, C=KZ`);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject: name,
    issuer: name,
    notBefore: options.notBefore ?? new Date(now - DAY),
    notAfter: options.notAfter ?? new Date(now + 3650 * DAY),
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    signingAlgorithm: signingAlgorithm(keys.privateKey),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certificate, keys };
}

export type Usage = 'sign' | 'auth' | 'encipher';

export interface LeafOptions {
  iin?: string;
  bin?: string;
  commonName: string;
  notBefore?: Date;
  notAfter?: Date;
  usage?: Usage;
  kind?: KeyKind;
  /** Extra EKU OIDs; an individual's certificate gets 1.2.398.3.3.4.1.1 by default. */
  roles?: string[];
}

const USAGE_FLAGS: Record<Usage, number> = {
  sign: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
  auth: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
  encipher: x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.dataEncipherment,
};

/** Escapes a value for the string form of a DN (commas, plus, quotes…). */
const dnValue = (v: string) => v.replace(/([,+"\\<>;=#])/g, '\\$1');

export async function issueLeaf(ca: Issued, options: LeafOptions): Promise<Issued> {
  const keys = await generateKeys(options.kind);
  const now = Date.now();
  const parts = [`CN=${dnValue(options.commonName)}`];
  if (options.iin) parts.push(`SERIALNUMBER=IIN${options.iin}`);
  else if (options.bin) parts.push(`SERIALNUMBER=BIN${options.bin}`);
  parts.push('C=KZ');
  if (options.bin && options.iin) parts.push(`OU=BIN${options.bin}`);
  const roles = options.roles ?? [options.bin ? OID.organization : OID.individual];
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject: new x509.Name(parts.join(', '), NAME_MAP),
    issuer: ca.certificate.subjectName,
    notBefore: options.notBefore ?? new Date(now - DAY),
    notAfter: options.notAfter ?? new Date(now + 365 * DAY),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: signingAlgorithm(ca.keys.privateKey),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(USAGE_FLAGS[options.usage ?? 'sign'], true),
      new x509.ExtendedKeyUsageExtension(roles, false),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
    ],
  });
  return { certificate, keys };
}

/** A delegated OCSP responder: EKU id-kp-OCSPSigning, issued by the CA. */
export async function issueOcspResponder(ca: Issued): Promise<Issued> {
  const keys = await generateKeys('ec');
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: nextSerial(),
    subject: new x509.Name('CN=OCSP responder (TEST), O=reglament test PKI, C=KZ'),
    issuer: ca.certificate.subjectName,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 3650 * DAY),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: signingAlgorithm(ca.keys.privateKey),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.ocspSigning], false),
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
    ],
  });
  return { certificate, keys };
}

export interface CrlOptions {
  thisUpdate?: Date;
  nextUpdate?: Date;
  revoked?: { certificate: x509.X509Certificate; at?: Date }[];
}

export async function createCrl(ca: Issued, options: CrlOptions = {}): Promise<x509.X509Crl> {
  const now = Date.now();
  return x509.X509CrlGenerator.create({
    issuer: ca.certificate.subjectName,
    thisUpdate: options.thisUpdate ?? new Date(now - 60_000),
    nextUpdate: options.nextUpdate ?? new Date(now + 7 * DAY),
    entries: (options.revoked ?? []).map((r) => ({
      serialNumber: r.certificate.serialNumber,
      revocationDate: r.at ?? new Date(now - 60_000),
      reason: x509.X509CrlReason.keyCompromise,
    })),
    signingKey: ca.keys.privateKey,
    signingAlgorithm: signingAlgorithm(ca.keys.privateKey),
  });
}

export async function privateKeyPem(key: CryptoKey): Promise<string> {
  const der = Buffer.from(await globalThis.crypto.subtle.exportKey('pkcs8', key));
  return `-----BEGIN PRIVATE KEY-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
}

/** Imports a PKCS#8 PEM private key for signing, with the algorithm of its certificate. */
export async function importPrivateKey(pem: string, certificate: x509.X509Certificate): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  const alg = certificate.publicKey.algorithm as EcKeyAlgorithm | RsaHashedKeyAlgorithm;
  const params = alg.name === 'ECDSA'
    ? { name: 'ECDSA', namedCurve: (alg as EcKeyAlgorithm).namedCurve }
    : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  return globalThis.crypto.subtle.importKey('pkcs8', der, params, true, ['sign']);
}

/** IINs of the test PKI's certificates (valid fixtures of the reference notes). */
export const TEST_IIN = '900101300126';
export const OTHER_IIN = '791028302728';

export const TEST_PKI_FILES = ['valid', 'expired', 'revoked', 'wrong-iin', 'wrong-usage'] as const;
export type TestPkiCase = (typeof TEST_PKI_FILES)[number];

export interface TestPki {
  dir: string;
  ca: Issued;
  leaves: Record<TestPkiCase, Issued>;
  ocsp: Issued;
  crl: x509.X509Crl;
  /** Test-PKI IIN that `valid`, `expired`, `revoked` and `wrong-usage` carry; `wrong-iin` carries OTHER_IIN. */
  iin: string;
}

/**
 * Writes the test PKI: ca.pem, valid/expired/revoked/wrong-iin/wrong-usage.pem each with *.key.pem, crl.pem (DER:
 * OpenSSL rejects @peculiar/x509's `BEGIN CRL` header; `-CRLfile` and `X509Crl` both read DER), crl.crl.pem (PEM with
 * the `X509 CRL` header OpenSSL expects), ocsp.pem + ocsp.key.pem, and index.txt for `openssl ocsp`.
 */
export async function initTestPki(dir: string, options: { kind?: KeyKind } = {}): Promise<TestPki> {
  await mkdir(dir, { recursive: true });
  const now = Date.now();
  const kind = options.kind ?? 'ec';
  // The root predates every leaf (the expired one included), as a real CA does.
  const ca = await createCa({ kind, notBefore: new Date(now - 800 * DAY) });
  const leaves: Record<TestPkiCase, Issued> = {
    valid: await issueLeaf(ca, { iin: TEST_IIN, commonName: 'ТЕСТОВ ТЕСТ', kind }),
    expired: await issueLeaf(ca, { iin: TEST_IIN, commonName: 'ТЕСТОВ ТЕСТ', kind, notBefore: new Date(now - 400 * DAY), notAfter: new Date(now - 30 * DAY) }),
    revoked: await issueLeaf(ca, { iin: TEST_IIN, commonName: 'ТЕСТОВ ТЕСТ', kind }),
    'wrong-iin': await issueLeaf(ca, { iin: OTHER_IIN, commonName: 'ДРУГОЙ ЧЕЛОВЕК', kind }),
    'wrong-usage': await issueLeaf(ca, { iin: TEST_IIN, commonName: 'ТЕСТОВ ТЕСТ', kind, usage: 'encipher' }),
  };
  const ocsp = await issueOcspResponder(ca);
  const crl = await createCrl(ca, { revoked: [{ certificate: leaves.revoked.certificate, at: new Date(now - 3_600_000) }] });
  await writeFile(join(dir, 'ca.pem'), ca.certificate.toString('pem') + '\n');
  await writeFile(join(dir, 'ca.key.pem'), await privateKeyPem(ca.keys.privateKey), { mode: 0o600 });
  for (const name of TEST_PKI_FILES) {
    await writeFile(join(dir, `${name}.pem`), leaves[name].certificate.toString('pem') + '\n');
    await writeFile(join(dir, `${name}.key.pem`), await privateKeyPem(leaves[name].keys.privateKey), { mode: 0o600 });
  }
  await writeFile(join(dir, 'ocsp.pem'), ocsp.certificate.toString('pem') + '\n');
  await writeFile(join(dir, 'ocsp.key.pem'), await privateKeyPem(ocsp.keys.privateKey), { mode: 0o600 });
  await writeFile(join(dir, 'crl.pem'), new Uint8Array(crl.rawData));
  await writeFile(join(dir, 'crl.crl.pem'), crlPem(crl));
  await writeFile(join(dir, 'index.txt'), opensslIndex([...TEST_PKI_FILES.map((n) => leaves[n].certificate)], new Map([[leaves.revoked.certificate.serialNumber, new Date(now - 3_600_000)]])));
  // Several test certificates share a subject; the CA database must allow that.
  await writeFile(join(dir, 'index.txt.attr'), 'unique_subject = no\n');
  return { dir, ca, leaves, ocsp, crl, iin: TEST_IIN };
}

/** PEM with the `X509 CRL` header OpenSSL accepts. */
export function crlPem(crl: x509.X509Crl): string {
  const b64 = Buffer.from(crl.rawData).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN X509 CRL-----\n${b64}\n-----END X509 CRL-----\n`;
}

/** The CA database `openssl ocsp -index` reads: status, expiry, revocation, serial, file, subject. */
function opensslIndex(certs: x509.X509Certificate[], revoked: Map<string, Date>): string {
  const t = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return certs.map((c) => {
    const rev = revoked.get(c.serialNumber);
    const status = rev ? 'R' : c.notAfter.getTime() < Date.now() ? 'E' : 'V';
    return [status, t(c.notAfter), rev ? t(rev) : '', c.serialNumber.toUpperCase(), 'unknown', `/CN=test-${c.serialNumber}`].join('\t');
  }).join('\n') + '\n';
}

export interface DemoPerson {
  iin: string;
  name: string;
}

export interface DemoSigner {
  iin: string;
  certificatePem: string;
  keyPem: string;
  certificateFile: string;
  keyFile: string;
}

export interface DemoPki {
  /** For `TrustStore.create`: the demo root. */
  trust: { roots: string[] };
  /** For `CrlRevocationChecker`: the demo CRL file (DER), renewed (atomically) when it has less than 15 days left. */
  crlFile: string;
  caFile: string;
  signers: Map<string, DemoSigner>;
}

const exists = (path: string) => access(path).then(() => true, () => false);

/** Writes through a temporary file and a rename, so a reader (the CRL cache, another process) never sees half a file. */
async function writeAtomic(path: string, data: string | Uint8Array, mode?: number): Promise<void> {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, data, mode === undefined ? undefined : { mode });
  await rename(tmp, path);
}

/** Serialises ensureDemoPki per directory within the process (the server asks per person, concurrently). */
const demoLocks = new Map<string, Promise<unknown>>();

/**
 * Creates (or reuses) the demo PKI in `dir`: one root, one signing certificate per person (file names by a hash of
 * the IIN, never the IIN itself), and an empty CRL renewed when it has less than 15 days left. Existing keys are kept,
 * so restarts do not change signers. Safe to call concurrently, from several processes too: the root is claimed with
 * an exclusive link, every file is written atomically.
 */
export function ensureDemoPki(dir: string, people: DemoPerson[]): Promise<DemoPki> {
  const previous = demoLocks.get(dir) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => ensureDemoPkiNow(dir, people));
  demoLocks.set(dir, next);
  return next;
}

async function loadCa(caFile: string, caKeyFile: string): Promise<Issued> {
  const certificate = new x509.X509Certificate(await readFile(caFile, 'utf8'));
  const privateKey = await importPrivateKey(await readFile(caKeyFile, 'utf8'), certificate);
  return { certificate, keys: { privateKey, publicKey: await certificate.publicKey.export() } };
}

async function claimCa(dir: string, caFile: string, caKeyFile: string): Promise<Issued> {
  if (await exists(caFile) && await exists(caKeyFile)) return loadCa(caFile, caKeyFile);
  const ca = await createCa({ commonName: 'ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (DEMO)' });
  const tag = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const tmpKey = join(dir, `demo-ca.key.pem.${tag}.tmp`);
  const tmpCert = join(dir, `demo-ca.pem.${tag}.tmp`);
  await writeFile(tmpKey, await privateKeyPem(ca.keys.privateKey), { mode: 0o600 });
  await writeFile(tmpCert, ca.certificate.toString('pem') + '\n');
  try {
    await link(tmpKey, caKeyFile); // exclusive: fails when another process claimed the root first
  } catch (err) {
    await Promise.all([unlink(tmpKey), unlink(tmpCert)]).catch(() => undefined);
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    for (let i = 0; i < 100 && !(await exists(caFile)); i++) await new Promise((r) => setTimeout(r, 50));
    return loadCa(caFile, caKeyFile);
  }
  await unlink(tmpKey);
  await rename(tmpCert, caFile);
  return ca;
}

async function ensureDemoPkiNow(dir: string, people: DemoPerson[]): Promise<DemoPki> {
  await mkdir(dir, { recursive: true });
  const caFile = join(dir, 'demo-ca.pem');
  const caKeyFile = join(dir, 'demo-ca.key.pem');
  const ca = await claimCa(dir, caFile, caKeyFile);
  const signers = new Map<string, DemoSigner>();
  for (const person of people) {
    const tag = Buffer.from(await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(`demo-signer:${person.iin}`))).toString('hex').slice(0, 16);
    const certificateFile = join(dir, `signer-${tag}.pem`);
    const keyFile = join(dir, `signer-${tag}.key.pem`);
    let certificatePem: string;
    let keyPem: string;
    const reusable = await exists(certificateFile) && await exists(keyFile)
      && new x509.X509Certificate(await readFile(certificateFile, 'utf8')).notAfter.getTime() > Date.now() + DAY;
    if (reusable) {
      certificatePem = await readFile(certificateFile, 'utf8');
      keyPem = await readFile(keyFile, 'utf8');
    } else {
      const leaf = await issueLeaf(ca, { iin: person.iin, commonName: person.name });
      certificatePem = leaf.certificate.toString('pem') + '\n';
      keyPem = await privateKeyPem(leaf.keys.privateKey);
      // Key first: a reader that finds the certificate always finds its key.
      await writeAtomic(keyFile, keyPem, 0o600);
      await writeAtomic(certificateFile, certificatePem);
    }
    signers.set(person.iin, { iin: person.iin, certificatePem, keyPem, certificateFile, keyFile });
  }
  const crlFile = join(dir, 'demo-crl.der');
  let renew = true;
  if (await exists(crlFile)) {
    try {
      const current = new x509.X509Crl(new Uint8Array(await readFile(crlFile)));
      renew = !current.nextUpdate || current.nextUpdate.getTime() < Date.now() + 15 * DAY || current.issuer !== ca.certificate.subject
        || !(await current.verify({ publicKey: ca.certificate.publicKey }));
    } catch {
      renew = true;
    }
  }
  if (renew) {
    const crl = await createCrl(ca, { nextUpdate: new Date(Date.now() + 30 * DAY) });
    await writeAtomic(crlFile, new Uint8Array(crl.rawData));
  }
  return { trust: { roots: [ca.certificate.toString('pem')] }, crlFile, caFile, signers };
}

/** Loads a demo signer's key and certificate for `signXml`. */
export async function loadSigner(signer: Pick<DemoSigner, 'certificatePem' | 'keyPem'>): Promise<{ key: CryptoKey; certificate: x509.X509Certificate }> {
  const certificate = new x509.X509Certificate(signer.certificatePem);
  return { certificate, key: await importPrivateKey(signer.keyPem, certificate) };
}
