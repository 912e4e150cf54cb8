// Signs and verifies the documents' XML through src/eds (enveloped XMLDSig, anti-wrapping rules), and judges the
// signer's certificate against the documents' trust store. No IIN check here: the seal and service keys carry a BIN.
import { createHash } from 'node:crypto';
import { x509 } from '../eds/setup.js';
import { parseCertificate } from '../eds/certificate.js';
import { TrustStore } from '../eds/trust-store.js';
import type { RevocationChecker } from '../eds/revocation.js';
import { signXml as edsSignXml, verifyXmlSignature, XmlSignatureError } from '../eds/xml-signature.js';

/** A signing key with its certificate: the specialist's or the akimat's service key. */
export interface SigningKey {
  privateKey: CryptoKey;
  /** DER of the X.509 certificate that goes into KeyInfo. */
  certificate: Uint8Array;
}

/** What a verified signature says about its signer; no names. */
export interface SignatureCheck {
  valid: boolean;
  reason?: string;
  /** Organisation (O) of the signer's certificate. */
  organisation?: string;
  /** SHA-256 of the certificate DER, hex. */
  certificateSha256?: string;
  /** Subject serial number (2.5.4.5), e.g. IIN…/BIN…; kept server side, never returned by the public endpoint. */
  subjectSerial?: string;
  /** The verified DOM: read business fields from it and nothing else. */
  document?: Document;
}

/** Enveloped signature over the whole document (URI=""), the NCALayer layout; store the result unchanged. */
export async function signXml(xml: string, key: SigningKey): Promise<string> {
  return edsSignXml(xml, { key: key.privateKey, certificate: parseCertificate(key.certificate) });
}

export async function trustStoreOf(roots: Uint8Array[]): Promise<TrustStore> {
  return TrustStore.create({ roots });
}

/**
 * Verifies the XML signature (src/eds: one Signature over the whole document, key from KeyInfo's certificate),
 * then that the certificate chains to a trusted root and was valid at `at` (the signing time under judgement), and,
 * with a revocation checker, that no link below the root was revoked by `at` (fails closed when it cannot tell).
 */
export async function verifyXml(signedXml: string, trust: TrustStore, at: Date = new Date(), revocation?: RevocationChecker, now: Date = new Date()): Promise<SignatureCheck> {
  let verified;
  try {
    verified = await verifyXmlSignature(signedXml);
  } catch (err) {
    return { valid: false, reason: err instanceof XmlSignatureError ? `${err.check}: ${err.message}` : 'malformed XML' };
  }
  const signer = verified.signer;
  const info: SignatureCheck = {
    valid: false,
    organisation: signer.subjectName.getField('O')[0],
    certificateSha256: createHash('sha256').update(new Uint8Array(signer.rawData)).digest('hex'),
    subjectSerial: signer.subjectName.getField('2.5.4.5')[0],
  };
  if (at < signer.notBefore || at > signer.notAfter) return { ...info, reason: 'the certificate was not valid at the signing time' };
  const chain = await trust.verifyChain(signer, at, verified.certificates);
  if (!chain.ok) return { ...info, reason: `the certificate is not trusted (${chain.reason})` };
  if (revocation) {
    for (let i = 0; i < chain.chain.length - 1; i++) {
      const status = await revocation.check(chain.chain[i]!, chain.chain[i + 1]!, at, now);
      if (status.status === 'revoked') return { ...info, reason: `the certificate is revoked (${status.source})` };
      if (status.status === 'unavailable') return { ...info, reason: `the certificate's revocation status is unavailable (${status.reason})` };
    }
  }
  return { ...info, valid: true, document: verified.document };
}

/** DER of a PEM or DER certificate. */
export function certificateDer(input: string | Uint8Array): Uint8Array {
  return new Uint8Array(parseCertificate(input).rawData);
}

export { x509 };
