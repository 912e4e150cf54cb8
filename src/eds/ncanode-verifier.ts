// The NCANode adapter: real НУЦ РК certificates with GOST algorithms, which no Node library verifies, are verified by
// NCANode (malikzh/NCANode) over its JSON HTTP API; the checks NCANode's `valid` does not cover are done here.
import { certificateIin, summarize, thumbprintHex } from './certificate.js';
import { validateIin } from '../iin/index.js';
import type { SignatureVerifier, VerificationCheck, VerificationResult, VerifyOptions } from './verifier.js';
import { CHECK_TITLES } from './verifier.js';
import { inspectSignedXml, XmlSignatureError, DEFAULT_MAX_XML_BYTES } from './xml-signature.js';

/** NCANode could not be asked (down, timeout, 5xx, error status): a technical failure, never a refusal. */
export class VerifierUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifierUnavailableError';
  }
}

export interface NcanodeVerifierOptions {
  /** e.g. http://127.0.0.1:14579 */
  baseUrl: string;
  /** 'v3': POST /xml/verify (NCANode 3.x); 'v1': JSON-RPC { version: '1.0', method: 'XML.verify' } (NCANode 1.x/2.x). */
  api?: 'v3' | 'v1';
  /** Revocation sources NCANode must consult (default OCSP and CRL). */
  revocationCheck?: ('OCSP' | 'CRL')[];
  timeoutMs?: number;
  maxBytes?: number;
  /** Extra headers, e.g. an Authorization header for a gateway in front of NCANode. */
  headers?: Record<string, string>;
  fetch?: typeof fetch;
}

/** The fields of NCANode's CertificateInfo this adapter reads (3.x), with the 1.x `ocsp`/`crl` status objects. */
interface NcanodeCertificate {
  valid?: boolean;
  notBefore?: string | number;
  notAfter?: string | number;
  keyUsage?: string;
  serialNumber?: string;
  subject?: { iin?: string; bin?: string; commonName?: string };
  revocations?: { revoked?: boolean; by?: string; revocationTime?: string }[];
  revokedBy?: string[];
  ocsp?: { status?: string };
  crl?: { status?: string };
}

export class NcanodeVerifier implements SignatureVerifier {
  readonly name = 'ncanode';

  constructor(private readonly options: NcanodeVerifierOptions) {}

  async verify(signedXml: string, options: VerifyOptions): Promise<VerificationResult> {
    const now = options.now ?? new Date();
    const at = options.at ?? now;
    // Set once the document's certificate is read: refusals then name it by serial and SHA-256 thumbprint.
    let thumbprint = '';
    const fail = (check: VerificationCheck, detail: string, cert?: NcanodeCertificate): VerificationResult => ({
      valid: false,
      check,
      certificate: cert && {
        serialNumber: String(cert.serialNumber ?? '').toLowerCase(),
        thumbprint,
        notBefore: toDate(cert.notBefore)?.toISOString() ?? '',
        notAfter: toDate(cert.notAfter)?.toISOString() ?? '',
      },
      reason: `${CHECK_TITLES[check]} (${check}: ${detail})`,
      backend: this.name,
    });
    if (!validateIin(options.expectedIin).ok) return fail('malformed', 'ИИН, с которым сверяется подпись, неверен');
    // Size, DOCTYPE and the anti-wrapping rules are ours: NCANode checks the signature, not what it covers.
    let inspected;
    try {
      inspected = inspectSignedXml(signedXml, { maxBytes: this.options.maxBytes ?? DEFAULT_MAX_XML_BYTES });
    } catch (err) {
      if (err instanceof XmlSignatureError) return fail(err.check, err.message);
      return fail('malformed', (err as Error).message);
    }
    thumbprint = await thumbprintHex(inspected.signer);
    const answer = await this.ask(signedXml);
    const cert = answer.signers[0];
    if (!cert) return fail('signature', 'NCANode не вернул подписанта');
    if (answer.signers.length !== 1) return fail('wrapping', 'NCANode нашёл больше одного подписанта');
    // The signer NCANode judged must be the certificate we read from the same document.
    const ours = inspected.signer;
    if (normalizeSerial(cert.serialNumber) !== normalizeSerial(ours.serialNumber)) {
      return fail('wrapping', 'подписант NCANode не совпадает с сертификатом в KeyInfo', cert);
    }
    const notBefore = toDate(cert.notBefore) ?? ours.notBefore;
    const notAfter = toDate(cert.notAfter) ?? ours.notAfter;
    if (at < notBefore || at > notAfter) return fail('validity', 'на момент подписания', cert);
    if (now < notBefore || now > notAfter) return fail('validity', 'на момент проверки', cert);
    const revoked = revocationOf(cert);
    if (revoked === 'revoked') return fail('revoked', 'по данным NCANode', cert);
    if (revoked === 'unknown') return fail('revocation-unavailable', 'NCANode не подтвердил статус отзыва', cert);
    const wantedUsage = options.purpose === 'auth' ? ['AUTH', 'SIGN'] : ['SIGN'];
    if (!wantedUsage.includes(String(cert.keyUsage ?? 'UNKNOWN').toUpperCase())) return fail('key-usage', `keyUsage ${cert.keyUsage ?? 'UNKNOWN'}`, cert);
    const iin = cert.subject?.iin ?? certificateIin(ours);
    if (!iin || iin !== options.expectedIin) return fail('iin-mismatch', iin ? 'ИИН не совпадает' : 'в сертификате нет ИИН', cert);
    // `valid` covers the signature and the chain at the current time; anything else it rejects is a signature failure.
    if (!answer.valid || cert.valid === false) return fail('signature', 'NCANode: подпись или цепочка недействительны', cert);
    const summary = await summarize(ours);
    return {
      valid: true,
      signer: { ...summary, iin, commonName: cert.subject?.commonName ?? summary.commonName },
      signedData: inspected.document,
      backend: this.name,
    };
  }

  private async ask(xml: string): Promise<{ valid: boolean; signers: NcanodeCertificate[] }> {
    const api = this.options.api ?? 'v3';
    const checks = this.options.revocationCheck ?? ['OCSP', 'CRL'];
    const base = this.options.baseUrl.replace(/\/+$/, '');
    const url = api === 'v3' ? `${base}/xml/verify` : base;
    const body = api === 'v3'
      ? { xml, revocationCheck: checks }
      : { version: '1.0', method: 'XML.verify', params: { xml, verifyOcsp: checks.includes('OCSP'), verifyCrl: checks.includes('CRL') } };
    let response: Response;
    try {
      response = await (this.options.fetch ?? fetch)(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...this.options.headers },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (err) {
      throw new VerifierUnavailableError(`NCANode unreachable: ${(err as Error).name}`);
    }
    let json: Record<string, unknown>;
    try {
      json = (await response.json()) as Record<string, unknown>;
    } catch {
      throw new VerifierUnavailableError(`NCANode answered HTTP ${response.status} without JSON`);
    }
    if (api === 'v3') {
      // 3.x: HTTP 200 with { status: 200, message, valid, signers }; errors are { status, message, details? }.
      if (!response.ok || (json.status !== undefined && json.status !== 200)) {
        throw new VerifierUnavailableError(`NCANode error ${String(json.status ?? response.status)}`);
      }
      return { valid: json.valid === true, signers: Array.isArray(json.signers) ? (json.signers as NcanodeCertificate[]) : [] };
    }
    // 1.x/2.x: { status: 0, message, result: { valid, cert } }; a non-zero status is an error.
    if (!response.ok || json.status !== 0) throw new VerifierUnavailableError(`NCANode error ${String(json.status ?? response.status)}`);
    const result = (json.result ?? {}) as { valid?: boolean; cert?: NcanodeCertificate };
    return { valid: result.valid === true, signers: result.cert ? [result.cert] : [] };
  }
}

const normalizeSerial = (s: unknown) => String(s ?? '').toLowerCase().replace(/^0+(?=.)/, '');

function toDate(value: string | number | undefined): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** 'good' only when some source answered and none said revoked; fail closed otherwise. */
function revocationOf(cert: NcanodeCertificate): 'good' | 'revoked' | 'unknown' {
  if (cert.revocations) {
    if (cert.revocations.some((r) => r.revoked === true)) return 'revoked';
    return cert.revocations.length > 0 ? 'good' : 'unknown';
  }
  if (cert.revokedBy && cert.revokedBy.length > 0) return 'revoked';
  const statuses = [cert.ocsp?.status, cert.crl?.status].filter((s): s is string => !!s).map((s) => s.toUpperCase());
  if (statuses.includes('REVOKED')) return 'revoked';
  if (statuses.includes('ACTIVE')) return 'good';
  // 3.x older builds report only revokedBy (empty when nothing revoked it).
  if (cert.revokedBy) return 'good';
  return 'unknown';
}
