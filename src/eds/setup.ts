// One-time initialisation of the crypto and XML libraries the ЭЦП modules share; every eds module imports this first.
// Order matters: reflect-metadata before @peculiar/x509, then the WebCrypto provider, then the DOM for xml-core.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import * as xmlCore from 'xml-core';
import * as xmldsig from 'xmldsigjs';
import * as pkijs from 'pkijs';
import { DOMImplementation, DOMParser, XMLSerializer } from '@xmldom/xmldom';
import xpath from 'xpath';

let done = false;

export function setupEds(): void {
  if (done) return;
  done = true;
  x509.cryptoProvider.set(globalThis.crypto);
  xmldsig.Application.setEngine('NodeJS', globalThis.crypto);
  // xmldsigjs 2.8 does not re-export setNodeDependencies; xml-core owns the DOM registry.
  xmlCore.setNodeDependencies({ DOMParser, XMLSerializer, DOMImplementation, xpath });
  pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: globalThis.crypto }));
  // SignedXml.Verify re-imports an EC key as { name: 'ECDSA', hash } without namedCurve, which Node's strict
  // WebCrypto rejects; re-import with the key's own algorithm (it carries namedCurve) merged with the hash.
  const proto = xmldsig.SignedXml.prototype as unknown as { reimportKey(key: CryptoKey, alg: Algorithm): Promise<CryptoKey> };
  proto.reimportKey = async function reimportKey(key: CryptoKey, alg: Algorithm): Promise<CryptoKey> {
    const spki = await globalThis.crypto.subtle.exportKey('spki', key);
    const params = { ...(key.algorithm as object), ...(alg as object), name: key.algorithm.name };
    return globalThis.crypto.subtle.importKey('spki', spki, params as Algorithm, true, ['verify']);
  };
}

setupEds();

export { x509, xmldsig, pkijs };
