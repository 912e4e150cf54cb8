// Signs and verifies the documents' XML with XMLDSig (xmldsigjs), until src/eds offers the same behind its own API.
// The interface is deliberately small so the switch to src/eds touches this file only.
import 'reflect-metadata';
import { createHash, X509Certificate } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import * as xmldsig from 'xmldsigjs';
import { setNodeDependencies } from 'xml-core';
import { DOMParser, XMLSerializer, DOMImplementation } from '@xmldom/xmldom';
import * as xpath from 'xpath';

let ready = false;
function setup(): void {
  if (ready) return;
  xmldsig.Application.setEngine('NodeJS', globalThis.crypto);
  setNodeDependencies({ DOMParser, XMLSerializer, DOMImplementation, xpath });
  x509.cryptoProvider.set(globalThis.crypto);
  // xmldsigjs re-imports EC keys without namedCurve, which Node's WebCrypto rejects; re-import with the key's own algorithm.
  const proto = xmldsig.SignedXml.prototype as unknown as { reimportKey: (key: CryptoKey, alg: Algorithm) => Promise<CryptoKey> };
  proto.reimportKey = async (key: CryptoKey, alg: Algorithm): Promise<CryptoKey> => {
    const spki = await globalThis.crypto.subtle.exportKey('spki', key);
    return globalThis.crypto.subtle.importKey('spki', spki, { ...(key.algorithm as Algorithm), ...alg, name: key.algorithm.name } as Algorithm, true, ['verify']);
  };
  ready = true;
}

/** A signing key with its certificate: the specialist's or the akimat's service key. */
export interface SigningKey {
  privateKey: CryptoKey;
  /** DER of the X.509 certificate that goes into KeyInfo. */
  certificate: Uint8Array;
}

/** What a verified signature says about its signer; no IIN and no names, only what the public check may show. */
export interface SignatureCheck {
  valid: boolean;
  reason?: string;
  /** Organisation (O) of the signer's certificate. */
  organisation?: string;
  /** SHA-256 of the certificate DER, hex. */
  certificateSha256?: string;
  /** Subject serial number (2.5.4.5), e.g. IIN…/BIN…; kept server side, never returned by the public endpoint. */
  subjectSerial?: string;
  notBefore?: Date;
  notAfter?: Date;
}

export interface TrustOptions {
  /** DER certificates trusted directly (the service certificate) or as issuers of signer certificates (a CA). */
  trusted: Uint8Array[];
  /** The time the signature is judged at. */
  at?: Date;
}

function algorithmOf(key: CryptoKey): Algorithm | EcdsaParams {
  if (key.algorithm.name === 'ECDSA') return { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams;
  return { name: 'RSASSA-PKCS1-v1_5' };
}

/** Enveloped signature over the whole document (URI=""), the NCALayer layout; returns the signed XML text, to be stored unchanged. */
export async function signXml(xml: string, key: SigningKey): Promise<string> {
  setup();
  const doc = xmldsig.Parse(xml);
  const signed = new xmldsig.SignedXml();
  await signed.Sign(algorithmOf(key.privateKey), key.privateKey, doc, {
    references: [{ uri: '', hash: 'SHA-256', transforms: ['enveloped', 'exc-c14n'] }],
    x509: [Buffer.from(key.certificate).toString('base64')],
  });
  const sig = signed.XmlSignature.GetXml();
  if (!sig) throw new Error("Couldn't sign the document XML: no signature element produced");
  doc.documentElement.appendChild(sig);
  return new XMLSerializer().serializeToString(doc as unknown as Parameters<XMLSerializer["serializeToString"]>[0]);
}

function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function isTrusted(cert: X509Certificate, trusted: Uint8Array[]): boolean {
  for (const der of trusted) {
    const t = new X509Certificate(Buffer.from(der));
    if (t.raw.equals(cert.raw)) return true;
    // A signer certificate issued by a trusted CA: same issuer name and a signature that verifies with the CA key.
    if (t.ca && cert.checkIssued(t) && cert.verify(t.publicKey)) return true;
  }
  return false;
}

/**
 * Verifies an enveloped XMLDSig: one Signature, a child of the root, one Reference with URI="",
 * the key taken from the certificate in KeyInfo, and that certificate trusted and valid at `at`.
 */
export async function verifyXml(signedXml: string, trust: TrustOptions): Promise<SignatureCheck> {
  setup();
  let doc: Document;
  try {
    doc = xmldsig.Parse(signedXml);
  } catch {
    return { valid: false, reason: 'not well-formed XML' };
  }
  const sigs = doc.getElementsByTagNameNS(xmldsig.XmlSignature.NamespaceURI, 'Signature');
  if (sigs.length !== 1) return { valid: false, reason: `expected exactly one ds:Signature, found ${sigs.length}` };
  const sigEl = sigs[0]!;
  if (sigEl.parentNode !== doc.documentElement) return { valid: false, reason: 'ds:Signature is not a child of the document element' };
  const refs = sigEl.getElementsByTagNameNS(xmldsig.XmlSignature.NamespaceURI, 'Reference');
  if (refs.length !== 1 || refs[0]!.getAttribute('URI') !== '') return { valid: false, reason: 'expected exactly one Reference with URI=""' };
  const certs = sigEl.getElementsByTagNameNS(xmldsig.XmlSignature.NamespaceURI, 'X509Certificate');
  if (certs.length < 1) return { valid: false, reason: 'no X509Certificate in KeyInfo' };
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from((certs[0]!.textContent ?? '').replace(/\s+/g, ''), 'base64'));
  } catch {
    return { valid: false, reason: 'the KeyInfo certificate does not parse' };
  }
  const peculiar = new x509.X509Certificate(cert.raw);
  const info: SignatureCheck = {
    valid: false,
    organisation: peculiar.subjectName.getField('O')[0],
    certificateSha256: sha256Hex(cert.raw),
    subjectSerial: peculiar.subjectName.getField('2.5.4.5')[0],
    notBefore: new Date(cert.validFrom),
    notAfter: new Date(cert.validTo),
  };
  const at = trust.at ?? new Date();
  if (at < info.notBefore! || at > info.notAfter!) return { ...info, reason: 'the certificate was not valid at the signing time' };
  if (!isTrusted(cert, trust.trusted)) return { ...info, reason: 'the certificate is not trusted' };
  try {
    const signed = new xmldsig.SignedXml(doc);
    signed.LoadXml(sigEl);
    const key = await peculiar.publicKey.export(
      peculiar.publicKey.algorithm.name === 'ECDSA'
        ? { name: 'ECDSA', namedCurve: (peculiar.publicKey.algorithm as EcKeyAlgorithm).namedCurve, hash: 'SHA-256' } as EcKeyImportParams
        : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as RsaHashedImportParams,
      ['verify'], globalThis.crypto);
    // A digest mismatch throws instead of returning false: both mean the content changed.
    const ok = await signed.Verify(key);
    return ok ? { ...info, valid: true } : { ...info, reason: 'the signature value does not verify' };
  } catch (err) {
    return { ...info, reason: `the signed content does not match its digest (${(err as Error).message.slice(0, 80)})` };
  }
}

/** Parses a PEM or DER certificate into DER. */
export function certificateDer(input: string | Uint8Array): Uint8Array {
  if (typeof input !== 'string') return input;
  const b64 = input.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(b64, 'base64'));
}

/** Imports a PKCS#8 PEM private key (EC P-256 or RSA) for signing. */
export async function importPrivateKeyPem(pem: string): Promise<CryptoKey> {
  const der = Buffer.from(pem.replace(/-----(BEGIN|END) PRIVATE KEY-----/g, '').replace(/\s+/g, ''), 'base64');
  const { createPrivateKey } = await import('node:crypto');
  const k = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
  if (k.asymmetricKeyType === 'ec') {
    const curve = k.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? 'P-256' : k.asymmetricKeyDetails?.namedCurve === 'secp384r1' ? 'P-384' : 'P-256';
    return globalThis.crypto.subtle.importKey('pkcs8', der, { name: 'ECDSA', namedCurve: curve }, true, ['sign']);
  }
  return globalThis.crypto.subtle.importKey('pkcs8', der, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['sign']);
}
