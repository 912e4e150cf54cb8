// A small P-256 PKI for the demo and tests: a CA (src/eds/pki), the akimat's service certificate and a specialist's
// certificate, both carrying the provider as O (the public check shows it). Real deployments configure keys issued
// by the НУЦ РК instead (see docs/documents.md).
import { x509 } from '../eds/setup.js';
import { NAME_MAP } from '../eds/certificate.js';
import { createCa, privateKeyPem, type Issued } from '../eds/pki.js';
import type { SigningKey } from './xml-signer.js';

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY = 86_400_000;

export interface DemoPki {
  ca: { certificate: Uint8Array; privateKey: CryptoKey };
  /** The akimat's service key: signs documents when no specialist signature is given, and seals every document. */
  service: SigningKey & { organisation: string };
  /** A specialist of the provider, as the UI would sign with. */
  specialist: SigningKey & { organisation: string };
}

const dn = (v: string) => v.replace(/([,+"\\<>;=#])/g, '\\$1');

export async function issueOrganisationLeaf(ca: Issued, commonName: string, organisation: string, serial: string): Promise<SigningKey> {
  const keys = await globalThis.crypto.subtle.generateKey(EC, true, ['sign', 'verify']) as CryptoKeyPair;
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^./, '1'),
    subject: new x509.Name(`CN=${dn(commonName)}, O=${dn(organisation)}, C=KZ, SERIALNUMBER=${serial}`, NAME_MAP),
    issuer: ca.certificate.subjectName,
    notBefore: new Date(now - DAY),
    notAfter: new Date(now + 365 * DAY),
    publicKey: keys.publicKey,
    signingKey: ca.keys.privateKey,
    signingAlgorithm: EC,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.certificate),
    ],
  });
  return { privateKey: keys.privateKey, certificate: new Uint8Array(cert.rawData) };
}

export async function createDemoPki(organisation = 'ГУ «Отдел образования города Семей»'): Promise<DemoPki> {
  const ca = await createCa();
  const service = await issueOrganisationLeaf(ca, 'Сервис выходных документов', organisation, 'BIN000000000000');
  const specialist = await issueOrganisationLeaf(ca, 'Специалист', organisation, 'IIN900101300126');
  return {
    ca: { certificate: new Uint8Array(ca.certificate.rawData), privateKey: ca.keys.privateKey },
    service: { ...service, organisation },
    specialist: { ...specialist, organisation },
  };
}

/** PEM texts of a signing key, for writing the demo's key files. */
export async function signingKeyPem(key: SigningKey): Promise<{ keyPem: string; certificatePem: string }> {
  return {
    keyPem: await privateKeyPem(key.privateKey),
    certificatePem: new x509.X509Certificate(key.certificate as unknown as ArrayBuffer).toString('pem'),
  };
}
