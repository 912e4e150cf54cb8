// The built-in verifier (RSA and ECDSA): XML signature with anti-wrapping, then the three checks of условие 2
// (IIN, validity at signing and now, not revoked) plus chain to the trust store and key usage. Fails closed.
import type { x509 } from './setup.js';
import { certificateIin, isAuthenticationCertificate, isSigningCertificate, summarize } from './certificate.js';
import type { RevocationChecker } from './revocation.js';
import type { TrustStore } from './trust-store.js';
import type { SignatureVerifier, VerificationCheck, VerificationResult, VerifyOptions } from './verifier.js';
import { CHECK_TITLES } from './verifier.js';
import { validateIin } from '../iin/index.js';
import { verifyXmlSignature, XmlSignatureError, DEFAULT_MAX_XML_BYTES } from './xml-signature.js';

export interface BuiltinVerifierOptions {
  trust: TrustStore;
  revocation: RevocationChecker;
  maxBytes?: number;
  clock?: () => Date;
}

export class BuiltinVerifier implements SignatureVerifier {
  readonly name = 'builtin';

  constructor(private readonly options: BuiltinVerifierOptions) {}

  async verify(signedXml: string, options: VerifyOptions): Promise<VerificationResult> {
    const now = options.now ?? this.options.clock?.() ?? new Date();
    const at = options.at ?? now;
    const fail = async (check: VerificationCheck, detail: string, cert?: x509.X509Certificate): Promise<VerificationResult> => {
      const summary = cert ? await summarize(cert) : undefined;
      return {
        valid: false,
        check,
        certificate: summary && { serialNumber: summary.serialNumber, thumbprint: summary.thumbprint, notBefore: summary.notBefore, notAfter: summary.notAfter },
        reason: `${CHECK_TITLES[check]} (${check}: ${detail})`,
        backend: this.name,
      };
    };
    const expected = validateIin(options.expectedIin);
    if (!expected.ok) return fail('malformed', `ИИН, с которым сверяется подпись, неверен: ${expected.reason}`);
    let verified;
    try {
      verified = await verifyXmlSignature(signedXml, { maxBytes: this.options.maxBytes ?? DEFAULT_MAX_XML_BYTES });
    } catch (err) {
      if (err instanceof XmlSignatureError) return fail(err.check, err.message);
      return fail('malformed', `документ не разобран: ${(err as Error).message}`);
    }
    const { signer } = verified;
    const chain = await this.options.trust.verifyChain(signer, at, verified.certificates);
    if (!chain.ok) return fail('chain', chain.reason, chain.certificate ?? signer);
    if (at < signer.notBefore || at > signer.notAfter) return fail('validity', 'на момент подписания', signer);
    if (now < signer.notBefore || now > signer.notAfter) return fail('validity', 'на момент проверки', signer);
    const purposeOk = options.purpose === 'auth' ? isAuthenticationCertificate(signer) : isSigningCertificate(signer);
    if (!purposeOk) {
      return fail('key-usage', options.purpose === 'auth' ? 'нет digitalSignature' : 'нужны digitalSignature и nonRepudiation', signer);
    }
    const iin = certificateIin(signer);
    if (!iin || iin !== options.expectedIin) return fail('iin-mismatch', iin ? 'ИИН не совпадает' : 'в сертификате нет ИИН', signer);
    // Every link below the root must be unrevoked; the root is the trust anchor and has no issuer to ask.
    for (let i = 0; i < chain.chain.length - 1; i++) {
      const cert = chain.chain[i]!;
      const issuer = chain.chain[i + 1]!;
      const status = await this.options.revocation.check(cert, issuer, at, now);
      if (status.status === 'revoked') return fail('revoked', `отозван ${status.revokedAt.toISOString()} (${status.source})`, cert);
      if (status.status === 'unavailable') return fail('revocation-unavailable', status.reason, cert);
    }
    const summary = await summarize(signer);
    return {
      valid: true,
      signer: { ...summary, iin },
      signedData: verified.document,
      backend: this.name,
    };
  }
}
