// Reading what a Kazakh (НУЦ РК-style) certificate says about its holder: IIN/BIN by OID, key usage, EKU roles.
import { x509 } from './setup.js';

export const OID = {
  serialNumber: '2.5.4.5',
  organizationalUnit: '2.5.4.11',
  commonName: '2.5.4.3',
  individual: '1.2.398.3.3.4.1.1',
  organization: '1.2.398.3.3.4.1.2',
} as const;

/** Extra short names for building names from strings: the library knows none for 2.5.4.5. */
export const NAME_MAP = { SERIALNUMBER: OID.serialNumber, SURNAME: '2.5.4.4', GIVENNAME: '2.5.4.42' };

/** EKU roles of НУЦ РК certificates (as NCANode maps them). */
const ROLES: Record<string, string> = {
  [OID.individual]: 'individual',
  [OID.organization]: 'organization',
  '1.2.398.3.3.4.1.2.1': 'ceo',
  '1.2.398.3.3.4.1.2.2': 'can-sign',
  '1.2.398.3.3.4.1.2.3': 'can-sign-financial',
  '1.2.398.3.3.4.1.2.4': 'hr',
  '1.2.398.3.3.4.1.2.5': 'employee',
};

export interface CertificateSummary {
  iin?: string;
  bin?: string;
  commonName: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  /** SHA-256 of the DER, hex: how a certificate is named in refusals and logs without personal data. */
  thumbprint: string;
}

export function parseCertificate(input: string | ArrayBuffer | Uint8Array): x509.X509Certificate {
  if (typeof input === 'string') return new x509.X509Certificate(input);
  return new x509.X509Certificate(input instanceof Uint8Array ? new Uint8Array(input) : input);
}

/** The 12 digits after IIN in SERIALNUMBER (2.5.4.5), read by OID, never by parsing the subject string. */
export function certificateIin(cert: x509.X509Certificate): string | undefined {
  for (const value of cert.subjectName.getField(OID.serialNumber)) {
    const match = /^IIN([0-9]{12})$/.exec(value);
    if (match) return match[1];
  }
  return undefined;
}

/** The BIN from OU (employee and organisation certificates) or from SERIALNUMBER on some organisation certificates. */
export function certificateBin(cert: x509.X509Certificate): string | undefined {
  for (const oid of [OID.organizationalUnit, OID.serialNumber]) {
    for (const value of cert.subjectName.getField(oid)) {
      const match = /^BIN([0-9]{12})$/.exec(value);
      if (match) return match[1];
    }
  }
  return undefined;
}

export async function thumbprintHex(cert: x509.X509Certificate): Promise<string> {
  return Buffer.from(await cert.getThumbprint('SHA-256')).toString('hex');
}

export async function summarize(cert: x509.X509Certificate): Promise<CertificateSummary> {
  return {
    iin: certificateIin(cert),
    bin: certificateBin(cert),
    commonName: cert.subjectName.getField(OID.commonName)[0] ?? '',
    serialNumber: cert.serialNumber,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    thumbprint: await thumbprintHex(cert),
  };
}

/** Signing certificate: digitalSignature + nonRepudiation. Authentication certificates (keyEncipherment) are not. */
export function isSigningCertificate(cert: x509.X509Certificate): boolean {
  const ku = cert.getExtension(x509.KeyUsagesExtension);
  if (!ku) return false;
  const need = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
  return (ku.usages & need) === need;
}

/** Authentication certificate (sign-in by ЭЦП): digitalSignature. */
export function isAuthenticationCertificate(cert: x509.X509Certificate): boolean {
  const ku = cert.getExtension(x509.KeyUsagesExtension);
  return !!ku && (ku.usages & x509.KeyUsageFlags.digitalSignature) !== 0;
}

export function certificateRoles(cert: x509.X509Certificate): string[] {
  const eku = cert.getExtension(x509.ExtendedKeyUsageExtension);
  if (!eku) return [];
  return eku.usages.map((u) => ROLES[String(u)]).filter((r): r is string => !!r);
}

export function isCa(cert: x509.X509Certificate): boolean {
  return cert.getExtension(x509.BasicConstraintsExtension)?.ca === true;
}
