// The pluggable ЭЦП verifier: what every backend (built-in RSA/ECDSA, NCANode for GOST) promises the workers.
import type { CertificateSummary } from './certificate.js';

export type VerificationCheck =
  | 'signature'
  | 'wrapping'
  | 'iin-mismatch'
  | 'validity'
  | 'revoked'
  | 'chain'
  | 'key-usage'
  | 'revocation-unavailable'
  | 'malformed';

export interface VerifyOptions {
  /** The IIN the signer's certificate must carry (whose it is depends on the route; see docs/eds.md). */
  expectedIin: string;
  /** The signing time under judgement (default: now). */
  at?: Date;
  /** The time revocation data must be fresh at (default: the current time). */
  now?: Date;
  /** 'sign' (default): regulation documents need digitalSignature + nonRepudiation; 'auth': sign-in by ЭЦП. */
  purpose?: 'sign' | 'auth';
}

export type SignerInfo = Omit<CertificateSummary, 'iin'> & { iin: string };

export type VerificationResult =
  | { valid: true; signer: SignerInfo; signedData: Document; backend: string }
  | {
      valid: false;
      check: VerificationCheck;
      /** The certificate the failed check concerns, when there is one (no personal data beyond the certificate's own). */
      certificate?: Pick<CertificateSummary, 'serialNumber' | 'thumbprint' | 'notBefore' | 'notAfter'>;
      /** Russian message for процесс 5 followed by the machine detail in parentheses. */
      reason: string;
      backend: string;
    };

export interface SignatureVerifier {
  readonly name: string;
  verify(signedXml: string, options: VerifyOptions): Promise<VerificationResult>;
}

/** The refusal sentence of процесс 5, by the signer whose ЭЦП was not confirmed. */
export const REFUSAL_HEADLINE = {
  ru: 'Отказ в оказании электронной государственной услуги в связи с неподтверждением подлинности ЭЦП',
  kk: 'ЭСҚ дұрыстығы дәлелденбеуіне байланысты электрондық мемлекеттік қызмет көрсетуден бас тарту',
} as const;

/** Short Russian names of the checks, for the refusal message. */
export const CHECK_TITLES: Record<VerificationCheck, string> = {
  signature: 'подпись недействительна',
  wrapping: 'подпись не охватывает используемые данные',
  'iin-mismatch': 'ИИН в запросе не совпадает с ИИН в регистрационном свидетельстве ЭЦП',
  validity: 'истёк или не наступил срок действия регистрационного свидетельства ЭЦП',
  revoked: 'регистрационное свидетельство ЭЦП отозвано (аннулировано)',
  chain: 'регистрационное свидетельство ЭЦП выдано недоверенным удостоверяющим центром',
  'key-usage': 'регистрационное свидетельство не предназначено для подписи',
  'revocation-unavailable': 'невозможно проверить отсутствие в списке отозванных регистрационных свидетельств',
  malformed: 'документ повреждён или недопустим',
};
