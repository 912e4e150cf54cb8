// Generates a small P-256 PKI (a CA, an akimat service certificate, a specialist certificate) for the demo and tests.
// Real deployments configure keys issued by the НУЦ РК instead (see docs/documents.md).
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import type { SigningKey } from './xml-signer.js';

x509.cryptoProvider.set(globalThis.crypto);

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const names = { SERIALNUMBER: '2.5.4.5' };

export interface DemoPki {
  ca: { certificate: Uint8Array; privateKey: CryptoKey };
  /** The akimat's service key: signs documents when no specialist signature is given, and seals every document. */
  service: SigningKey & { organisation: string };
  /** A specialist of the provider, as the UI would sign with. */
  specialist: SigningKey & { organisation: string };
}

async function leaf(ca: x509.X509Certificate, caKey: CryptoKey, subject: string, serial: string): Promise<SigningKey> {
  const keys = await globalThis.crypto.subtle.generateKey(alg, true, ['sign', 'verify']) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: new x509.Name(subject, names),
    issuer: ca.subject,
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 365 * 86_400_000),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(false),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca),
    ],
  });
  return { privateKey: keys.privateKey, certificate: new Uint8Array(cert.rawData) };
}

/** A fresh demo PKI; `organisation` is the O of both leaf certificates (the akimat's provider). */
export async function createDemoPki(organisation = 'ГУ «Отдел образования города Семей»'): Promise<DemoPki> {
  const caKeys = await globalThis.crypto.subtle.generateKey(alg, true, ['sign', 'verify']) as CryptoKeyPair;
  const now = Date.now();
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name: 'CN=reglament demo CA, O=reglament demo, C=KZ',
    notBefore: new Date(now - 86_400_000),
    notAfter: new Date(now + 3650 * 86_400_000),
    keys: caKeys,
    signingAlgorithm: alg,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const o = organisation.replace(/[",+]/g, (c) => `\\${c}`);
  const service = await leaf(ca, caKeys.privateKey, `CN=Сервис документов, O=${o}, OU=BIN000000000000, C=KZ, SERIALNUMBER=BIN000000000000`, '02');
  const specialist = await leaf(ca, caKeys.privateKey, `CN=Специалист, O=${o}, C=KZ, SERIALNUMBER=IIN900101300126`, '03');
  return {
    ca: { certificate: new Uint8Array(ca.rawData), privateKey: caKeys.privateKey },
    service: { ...service, organisation },
    specialist: { ...specialist, organisation },
  };
}

/** PEM text of a DER certificate or a PKCS#8 key, for writing demo files. */
export async function toPem(item: Uint8Array | CryptoKey): Promise<string> {
  if (item instanceof Uint8Array) return x509.PemConverter.encode(item.buffer.slice(item.byteOffset, item.byteOffset + item.byteLength) as ArrayBuffer, 'CERTIFICATE');
  const der = await globalThis.crypto.subtle.exportKey('pkcs8', item);
  return x509.PemConverter.encode(der, 'PRIVATE KEY');
}
