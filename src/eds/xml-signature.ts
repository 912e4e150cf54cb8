// Signed XML: verifying an enveloped XMLDSig or XAdES-BES signature over the whole document the process uses,
// with the anti-wrapping rules, and signing (tests, the demo signer, output documents).
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import * as xadesjs from 'xadesjs';
import { x509, xmldsig } from './setup.js';
import { parseCertificate } from './certificate.js';

const DS = 'http://www.w3.org/2000/09/xmldsig#';
const XADES = 'http://uri.etsi.org/01903/v1.3.2#';
const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';

/** Transforms allowed on the document reference: they all keep the whole document (no XPath selection). */
const DOCUMENT_TRANSFORMS = new Set([
  'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315',
  'http://www.w3.org/TR/2001/REC-xml-c14n-20010315#WithComments',
  'http://www.w3.org/2001/10/xml-exc-c14n#',
  'http://www.w3.org/2001/10/xml-exc-c14n#WithComments',
]);

/** Signature methods the built-in verifier supports, as WebCrypto parameters. */
const SIGNATURE_METHODS: Record<string, { name: 'RSASSA-PKCS1-v1_5' | 'ECDSA'; hash: string }> = {
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256': { name: 'ECDSA', hash: 'SHA-256' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384': { name: 'ECDSA', hash: 'SHA-384' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512': { name: 'ECDSA', hash: 'SHA-512' },
};

const DIGESTS: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'SHA-1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'SHA-256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'SHA-384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'SHA-512',
};

export const DEFAULT_MAX_XML_BYTES = 5 * 1024 * 1024;
/**
 * Markup limit: parse and canonicalisation cost grows with the number of nodes (55,000 elements took 4.7 s to verify
 * on the 2-core machine, one 4.5 MB base64 element 1.3 s), so a document of tiny elements is refused before parsing.
 */
export const DEFAULT_MAX_XML_TAGS = 100_000;

export class XmlSignatureError extends Error {
  constructor(readonly check: 'malformed' | 'wrapping' | 'signature', message: string) {
    super(message);
    this.name = 'XmlSignatureError';
  }
}

/**
 * Parses untrusted XML: size limit first, then no DOCTYPE at all (external entities and entity bombs live there),
 * then a parser that stops at the first error.
 */
export function parseUntrustedXml(xml: string, maxBytes = DEFAULT_MAX_XML_BYTES, maxTags = DEFAULT_MAX_XML_TAGS): Document {
  if (typeof xml !== 'string' || xml.length === 0) throw new XmlSignatureError('malformed', 'документ пуст (empty XML)');
  if (Buffer.byteLength(xml, 'utf8') > maxBytes) {
    throw new XmlSignatureError('malformed', `документ больше допустимого размера ${maxBytes} байт (XML too large)`);
  }
  let tags = 0;
  for (let at = xml.indexOf('<'); at !== -1; at = xml.indexOf('<', at + 1)) {
    if (++tags > maxTags) throw new XmlSignatureError('malformed', `документ содержит слишком много элементов (more than ${maxTags} tags)`);
  }
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) {
    throw new XmlSignatureError('malformed', 'документ содержит DOCTYPE или сущности, это запрещено (DOCTYPE refused)');
  }
  let problem: string | undefined;
  const parser = new DOMParser({
    onError: (level: string, message: string) => {
      if (level !== 'warning') {
        problem ??= message;
        throw new Error(message);
      }
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(xml, 'text/xml') as unknown as Document;
  } catch (err) {
    throw new XmlSignatureError('malformed', `документ не является корректным XML (${problem ?? (err as Error).message})`);
  }
  if (problem || !doc?.documentElement) throw new XmlSignatureError('malformed', `документ не является корректным XML (${problem ?? 'no root'})`);
  return doc;
}

export interface VerifiedXml {
  /** The DOM that was verified: read business fields from this document and nothing else. */
  document: Document;
  /** Signer certificate first, then any other certificates KeyInfo carried. */
  certificates: x509.X509Certificate[];
  signer: x509.X509Certificate;
  /** XAdES SigningTime: the signer's claim only (no timestamp authority). */
  claimedSigningTime?: Date;
  xades: boolean;
  signatureMethod: string;
}

const children = (el: Element, ns: string, local: string): Element[] =>
  Array.from(el.childNodes as unknown as ArrayLike<Node>).filter(
    (n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local,
  );

const descendants = (root: Document | Element, ns: string, local: string): Element[] =>
  Array.from(root.getElementsByTagNameNS(ns, local) as unknown as ArrayLike<Element>);

/** The structural checks of the anti-wrapping rules; returns the one Signature element. */
function structure(doc: Document): { signature: Element; xades: boolean; signedPropertiesId?: string } {
  const signatures = descendants(doc, DS, 'Signature');
  if (signatures.length === 0) throw new XmlSignatureError('signature', 'документ не подписан (no ds:Signature)');
  if (signatures.length > 1) throw new XmlSignatureError('wrapping', 'в документе больше одной подписи (more than one ds:Signature)');
  const signature = signatures[0]!;
  if (signature.parentNode !== doc.documentElement) {
    throw new XmlSignatureError('wrapping', 'подпись не является дочерним элементом корня документа (ds:Signature not a child of the root)');
  }
  const signedInfo = children(signature, DS, 'SignedInfo')[0];
  if (!signedInfo) throw new XmlSignatureError('malformed', 'в подписи нет SignedInfo');
  const references = children(signedInfo, DS, 'Reference');
  const whole = references.filter((r) => r.getAttribute('URI') === '' && r.hasAttribute('URI'));
  if (whole.length !== 1) {
    throw new XmlSignatureError('wrapping', 'подпись должна охватывать весь документ: ровно одна ссылка URI="" (signature does not cover the document)');
  }
  for (const t of descendants(whole[0]!, DS, 'Transform')) {
    if (!DOCUMENT_TRANSFORMS.has(t.getAttribute('Algorithm') ?? '')) {
      throw new XmlSignatureError('wrapping', `недопустимое преобразование в ссылке на документ (transform ${t.getAttribute('Algorithm')})`);
    }
  }
  const others = references.filter((r) => r !== whole[0]);
  if (others.length === 0) return { signature, xades: false };
  // XAdES: exactly one more reference, to SignedProperties inside this signature.
  const spRef = others[0]!;
  const uri = spRef.getAttribute('URI') ?? '';
  if (others.length > 1 || spRef.getAttribute('Type') !== SIGNED_PROPERTIES_TYPE || !uri.startsWith('#')) {
    throw new XmlSignatureError('wrapping', 'лишние ссылки в подписи (unexpected ds:Reference)');
  }
  const id = uri.slice(1);
  const withId = descendants(doc, XADES, 'SignedProperties').filter((e) => e.getAttribute('Id') === id);
  const anyWithId = Array.from(doc.getElementsByTagName('*') as unknown as ArrayLike<Element>).filter((e) => e.getAttribute('Id') === id || e.getAttribute('ID') === id || e.getAttribute('id') === id);
  if (withId.length !== 1 || anyWithId.length !== 1 || !isInside(withId[0]!, signature)) {
    throw new XmlSignatureError('wrapping', 'SignedProperties не найдены внутри подписи или не уникальны (XAdES SignedProperties)');
  }
  return { signature, xades: true, signedPropertiesId: id };
}

function isInside(node: Node, ancestor: Node): boolean {
  for (let n: Node | null = node.parentNode; n; n = n.parentNode) if (n === ancestor) return true;
  return false;
}

function keyInfoCertificates(signature: Element): x509.X509Certificate[] {
  const keyInfo = children(signature, DS, 'KeyInfo')[0];
  if (!keyInfo) return [];
  return descendants(keyInfo, DS, 'X509Certificate').map((el) => {
    const b64 = (el.textContent ?? '').replace(/\s+/g, '');
    try {
      return parseCertificate(new Uint8Array(Buffer.from(b64, 'base64')));
    } catch {
      throw new XmlSignatureError('malformed', 'сертификат в KeyInfo повреждён (bad X509Certificate)');
    }
  });
}

export interface InspectedXml {
  document: Document;
  signature: Element;
  certificates: x509.X509Certificate[];
  signer: x509.X509Certificate;
  xades: boolean;
  signatureMethod: string;
}

/**
 * Parses safely and applies the anti-wrapping rules without any cryptography: what every backend needs first
 * (NCANode verifies GOST signatures but does not check what they cover).
 */
export function inspectSignedXml(xml: string, options: { maxBytes?: number } = {}): InspectedXml {
  const doc = parseUntrustedXml(xml, options.maxBytes);
  const { signature, xades } = structure(doc);
  const certificates = keyInfoCertificates(signature);
  // NCALayer puts only the signer; when there are more, the signer is the one that is not a CA.
  const signer = certificates.find((c) => !c.getExtension(x509.BasicConstraintsExtension)?.ca) ?? certificates[0];
  if (!signer) throw new XmlSignatureError('malformed', 'в подписи нет сертификата подписанта (no X509Certificate in KeyInfo)');
  const signatureMethod = descendants(signature, DS, 'SignatureMethod')[0]?.getAttribute('Algorithm') ?? '';
  return { document: doc, signature, certificates, signer, xades, signatureMethod };
}

/**
 * Verifies the signature cryptographically with the key of the certificate in KeyInfo/X509Data (never a KeyValue),
 * after the anti-wrapping checks. PKI checks of that certificate (chain, validity, revocation) are the caller's.
 */
export async function verifyXmlSignature(xml: string, options: { maxBytes?: number } = {}): Promise<VerifiedXml> {
  const { document: doc, signature, certificates, signer, xades, signatureMethod: method } = inspectSignedXml(xml, options);
  const params = SIGNATURE_METHODS[method];
  if (!params) {
    throw new XmlSignatureError('signature', `алгоритм подписи не поддерживается встроенной проверкой (${method || 'none'}); для ГОСТ используйте NCANode`);
  }
  let key: CryptoKey;
  try {
    const importParams = params.name === 'ECDSA'
      ? { name: 'ECDSA', namedCurve: (signer.publicKey.algorithm as EcKeyAlgorithm).namedCurve }
      : { name: params.name, hash: params.hash };
    key = await signer.publicKey.export(importParams as Algorithm, ['verify']);
  } catch {
    throw new XmlSignatureError('signature', 'ключ сертификата не соответствует алгоритму подписи (key/algorithm mismatch)');
  }
  const signed = xades ? new xadesjs.SignedXml(doc) : new xmldsig.SignedXml(doc);
  // XMLDSig §4.3.3.3: URI="" selects the document *minus comments*, even under c14n#WithComments; xmlsec1 and
  // Kalkan digest it so. xmldsigjs would keep the comments; this switch makes it canonicalize without them.
  signed.replaceCanonicalization = true;
  try {
    signed.LoadXml(signature);
  } catch (err) {
    throw new XmlSignatureError('malformed', `подпись не читается (${(err as Error).message})`);
  }
  let ok = false;
  try {
    ok = await signed.Verify(key);
  } catch {
    ok = false; // xmldsigjs throws on a digest mismatch instead of returning false.
  }
  if (!ok) throw new XmlSignatureError('signature', 'подпись не соответствует содержимому документа (signature or digest mismatch)');
  let claimedSigningTime: Date | undefined;
  if (xades) {
    await checkSigningCertificate(signature, signer);
    const time = descendants(signature, XADES, 'SigningTime')[0]?.textContent;
    if (time) {
      const parsed = new Date(time.trim());
      if (!Number.isNaN(parsed.getTime())) claimedSigningTime = parsed;
    }
  }
  return { document: doc, certificates, signer, claimedSigningTime, xades, signatureMethod: method };
}

/** XAdES SigningCertificate must name the certificate that actually signed (the library does not check it). */
async function checkSigningCertificate(signature: Element, signer: x509.X509Certificate): Promise<void> {
  const certs = [...descendants(signature, XADES, 'SigningCertificate'), ...descendants(signature, XADES, 'SigningCertificateV2')];
  const digests = certs.flatMap((c) => descendants(c, XADES, 'CertDigest'));
  if (digests.length === 0) throw new XmlSignatureError('signature', 'в XAdES нет SigningCertificate');
  for (const certDigest of digests) {
    const alg = DIGESTS[descendants(certDigest, DS, 'DigestMethod')[0]?.getAttribute('Algorithm') ?? ''];
    const value = (descendants(certDigest, DS, 'DigestValue')[0]?.textContent ?? '').replace(/\s+/g, '');
    if (!alg || alg === 'SHA-1') continue;
    const actual = Buffer.from(await globalThis.crypto.subtle.digest(alg, signer.rawData)).toString('base64');
    if (actual === value) return;
  }
  throw new XmlSignatureError('signature', 'SigningCertificate в XAdES не совпадает с сертификатом подписанта (SigningCertificate mismatch)');
}

export interface SignOptions {
  key: CryptoKey;
  certificate: x509.X509Certificate | string;
  /** Produce XAdES-BES (SigningCertificate + SigningTime) instead of plain XMLDSig. */
  xades?: boolean;
  signingTime?: Date;
}

/** Signs the whole document (enveloped, URI=""), the certificate in KeyInfo/X509Data; returns the serialised XML. */
export async function signXml(xml: string, options: SignOptions): Promise<string> {
  const doc = parseUntrustedXml(xml, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  const cert = typeof options.certificate === 'string' ? parseCertificate(options.certificate) : options.certificate;
  const certB64 = Buffer.from(cert.rawData).toString('base64');
  const algorithm = options.key.algorithm.name === 'ECDSA'
    ? { name: 'ECDSA', hash: 'SHA-256' }
    : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const signed = options.xades ? new xadesjs.SignedXml() : new xmldsig.SignedXml();
  const sigOptions: xadesjs.OptionsXAdES = {
    references: [{ hash: 'SHA-256', transforms: ['enveloped', 'exc-c14n'], uri: '' }],
    x509: [certB64],
  };
  if (options.xades) {
    sigOptions.signingCertificate = { certificate: certB64, digestAlgorithm: 'SHA-256' };
    sigOptions.signingTime = { value: options.signingTime ?? new Date() };
  }
  const signature = await signed.Sign(algorithm as Algorithm, options.key, doc, sigOptions);
  doc.documentElement.appendChild(signature.GetXml()!);
  return new XMLSerializer().serializeToString(doc as never);
}
