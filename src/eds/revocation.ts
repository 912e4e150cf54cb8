// Is a certificate revoked? CRLs (downloaded, verified, cached and refreshed) and OCSP (pkijs); both fail closed.
// A check that cannot get a fresh, correctly signed answer says "unavailable" with a reason; it never says "good".
import { readFile } from 'node:fs/promises';
import { x509, pkijs } from './setup.js';
import { scanCrl, verifyScannedCrl, type ScannedCrl } from './crl-scanner.js';

export type RevocationResult =
  | { status: 'good'; source: 'crl' | 'ocsp' }
  | { status: 'revoked'; source: 'crl' | 'ocsp'; revokedAt: Date }
  | { status: 'unavailable'; reason: string };

export interface RevocationChecker {
  /** `at`: the signing time under judgement; `now`: the time the answer must be fresh at. */
  check(cert: x509.X509Certificate, issuer: x509.X509Certificate, at: Date, now: Date): Promise<RevocationResult>;
}

/** Where a CRL comes from: an http(s) URL, a file, or bytes (tests, the demo). */
export type CrlSource = { url: string } | { file: string } | { data: Uint8Array | string };

export interface CrlCheckerOptions {
  sources: CrlSource[];
  /** Re-download after this long even when nextUpdate has not passed (ms; default 1 hour). */
  refreshMs?: number;
  /** Download timeout (ms; default 10 s). */
  timeoutMs?: number;
  /** Largest accepted CRL (bytes; default 64 MiB: full NCA CRLs exceed asn1js's 16 MiB default). */
  maxBytes?: number;
  fetch?: typeof fetch;
}

interface CrlIndex {
  issuer: string;
  issuerThumbprint?: string;
  thisUpdate: Date;
  nextUpdate?: Date;
  revoked: Map<string, Date>;
  fetchedAt: number;
}

const normalizeSerial = (hex: string) => hex.toLowerCase().replace(/^0+(?=.)/, '');

export class CrlRevocationChecker implements RevocationChecker {
  private readonly cache = new Map<number, CrlIndex>();
  private readonly inflight = new Map<number, Promise<CrlIndex | string>>();

  constructor(private readonly options: CrlCheckerOptions) {}

  async check(cert: x509.X509Certificate, issuer: x509.X509Certificate, at: Date, now: Date): Promise<RevocationResult> {
    const problems: string[] = [];
    for (let i = 0; i < this.options.sources.length; i++) {
      const index = await this.index(i, issuer, now);
      if (typeof index === 'string') {
        problems.push(index);
        continue;
      }
      if (index.issuer !== issuer.subject) continue;
      const revokedAt = index.revoked.get(normalizeSerial(cert.serialNumber));
      if (revokedAt && revokedAt <= at) return { status: 'revoked', source: 'crl', revokedAt };
      return { status: 'good', source: 'crl' };
    }
    return {
      status: 'unavailable',
      reason: problems.length > 0 ? problems.join('; ') : 'нет списка отозванных сертификатов для издателя (no CRL for issuer)',
    };
  }

  /** Drops cached CRLs so the next check downloads again (a background job calls refresh on a timer instead). */
  clear(): void {
    this.cache.clear();
  }

  /**
   * Downloads and verifies every source now (a background job calls this, so requests rarely wait for a download).
   * A failed download keeps the cached CRL: it stays in use while its nextUpdate allows. Returns the problems found.
   */
  async refresh(issuers: x509.X509Certificate[], now = new Date()): Promise<string[]> {
    const problems: string[] = [];
    for (let i = 0; i < this.options.sources.length; i++) {
      let found = false;
      for (const issuer of issuers) {
        const loaded = await this.load(i, issuer, now);
        if (typeof loaded === 'string') {
          problems.push(loaded);
          found = true;
          break;
        }
        if (loaded.fetchedAt > 0) {
          this.cache.set(i, loaded);
          found = true;
          break;
        }
      }
      if (!found) problems.push(`CRL source ${i + 1}: issued by none of the trusted authorities`);
    }
    return problems;
  }

  /** Runs refresh every `intervalMs` on an unref'd timer; returns the function that stops it. */
  startBackgroundRefresh(issuers: x509.X509Certificate[], intervalMs: number, onProblems?: (problems: string[]) => void): () => void {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      this.refresh(issuers).then((p) => { if (p.length) onProblems?.(p); }, () => undefined).finally(() => { running = false; });
    }, intervalMs);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** A fresh, verified index for source i, or a reason why there is none. */
  private async index(i: number, issuer: x509.X509Certificate, now: Date): Promise<CrlIndex | string> {
    const cached = this.cache.get(i);
    const refreshMs = this.options.refreshMs ?? 3_600_000;
    if (cached && cached.issuer !== issuer.subject) return cached;
    if (cached && Date.now() - cached.fetchedAt < refreshMs && isFresh(cached, now)) return cached;
    let pending = this.inflight.get(i);
    if (!pending) {
      pending = this.load(i, issuer, now).finally(() => this.inflight.delete(i));
      this.inflight.set(i, pending);
    }
    const loaded = await pending;
    if (typeof loaded !== 'string') {
      this.cache.set(i, loaded);
      return loaded;
    }
    // A failed refresh keeps a cached CRL while it is still within its nextUpdate.
    if (cached && isFresh(cached, now)) return cached;
    return loaded;
  }

  private async load(i: number, issuer: x509.X509Certificate, now: Date): Promise<CrlIndex | string> {
    const source = this.options.sources[i]!;
    const where = 'url' in source ? 'CRL по адресу' : 'file' in source ? 'CRL из файла' : 'CRL';
    let bytes: Uint8Array | string;
    try {
      bytes = await this.read(source);
    } catch (err) {
      return `${where} недоступен, проверка отзыва невозможна (CRL unreachable: ${(err as Error).message})`;
    }
    let crl: ScannedCrl;
    try {
      crl = scanCrl(bytes);
    } catch (err) {
      return `${where} повреждён (CRL malformed: ${(err as Error).message})`;
    }
    if (crl.issuer !== issuer.subject) {
      // Another issuer's list: remembered unverified, used by nobody until that issuer's own check verifies it.
      return { issuer: crl.issuer, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate, revoked: new Map(), fetchedAt: 0 };
    }
    if (!verifyScannedCrl(crl, issuer)) return `${where}: подпись списка отозванных сертификатов неверна (CRL signature invalid)`;
    const index: CrlIndex = { issuer: crl.issuer, thisUpdate: crl.thisUpdate, nextUpdate: crl.nextUpdate, revoked: crl.revoked, fetchedAt: Date.now() };
    if (!isFresh(index, now)) {
      return `${where} устарел: следующее обновление ожидалось ${index.nextUpdate?.toISOString() ?? '—'} (CRL stale)`;
    }
    return index;
  }

  private async read(source: CrlSource): Promise<Uint8Array | string> {
    const maxBytes = this.options.maxBytes ?? 64 * 1024 * 1024;
    if ('data' in source) return source.data;
    if ('file' in source) {
      const data = await readFile(source.file);
      if (data.length > maxBytes) throw new Error('too large');
      return looksLikePem(data) ? data.toString('latin1') : new Uint8Array(data);
    }
    const doFetch = this.options.fetch ?? fetch;
    const response = await doFetch(source.url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const length = Number(response.headers.get('content-length') ?? 0);
    if (length > maxBytes) throw new Error('too large');
    const data = Buffer.from(await response.arrayBuffer());
    if (data.length > maxBytes) throw new Error('too large');
    return looksLikePem(data) ? data.toString('latin1') : new Uint8Array(data);
  }
}

const looksLikePem = (data: Buffer) => data.subarray(0, 64).toString('latin1').includes('-----BEGIN');

function isFresh(index: CrlIndex, now: Date): boolean {
  if (index.thisUpdate > now) return false;
  // A CRL without nextUpdate gives no freshness promise; accept it only until the refresh interval re-reads it.
  return !index.nextUpdate || now <= index.nextUpdate;
}

export interface OcspCheckerOptions {
  url: string;
  timeoutMs?: number;
  /** Responders trusted to answer although not delegated by the CA (exact certificates). */
  trustedResponders?: x509.X509Certificate[];
  /** How old a response's thisUpdate may be when it has no nextUpdate (ms; default 1 hour). */
  maxAgeMs?: number;
  fetch?: typeof fetch;
}

const toPkijs = (cert: x509.X509Certificate) => pkijs.Certificate.fromBER(cert.rawData);

export class OcspRevocationChecker implements RevocationChecker {
  constructor(private readonly options: OcspCheckerOptions) {}

  async check(cert: x509.X509Certificate, issuer: x509.X509Certificate, at: Date, now: Date): Promise<RevocationResult> {
    const unavailable = (detail: string): RevocationResult => ({
      status: 'unavailable',
      reason: `ответ OCSP не получен или неверен, проверка отзыва невозможна (OCSP: ${detail})`,
    });
    try {
      const subject = toPkijs(cert);
      const issuerCert = toPkijs(issuer);
      const request = new pkijs.OCSPRequest();
      await request.createForCertificate(subject, { hashAlgorithm: 'SHA-1', issuerCertificate: issuerCert });
      const body = request.toSchema(true).toBER(false);
      const doFetch = this.options.fetch ?? fetch;
      const response = await doFetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
        body: new Uint8Array(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      if (!response.ok) return unavailable(`HTTP ${response.status}`);
      const ocsp = pkijs.OCSPResponse.fromBER(await response.arrayBuffer());
      const status = ocsp.responseStatus.valueBlock.valueDec;
      if (status !== 0 || !ocsp.responseBytes) return unavailable(`responseStatus ${status}`);
      const basic = pkijs.BasicOCSPResponse.fromBER(ocsp.responseBytes.response.valueBlock.valueHexView.slice());
      const verified = await basic
        .verify({ trustedCerts: [issuerCert], trustedResponders: this.options.trustedResponders?.map(toPkijs) })
        .catch(() => false);
      if (!verified) return unavailable('response signature not trusted');
      const single = basic.tbsResponseData.responses.find((r) => matches(r, request));
      if (!single) return unavailable('no answer for this certificate');
      const maxAge = this.options.maxAgeMs ?? 3_600_000;
      if (single.thisUpdate.getTime() > now.getTime() + 5 * 60_000) return unavailable('thisUpdate in the future');
      if (single.nextUpdate ? single.nextUpdate < now : now.getTime() - single.thisUpdate.getTime() > maxAge) {
        return unavailable('stale response');
      }
      const { status: certStatus } = await basic.getCertificateStatus(subject, issuerCert);
      if (certStatus === 0) return { status: 'good', source: 'ocsp' };
      if (certStatus === 1) {
        const revokedAt = revocationTime(single) ?? new Date(0);
        if (revokedAt <= at) return { status: 'revoked', source: 'ocsp', revokedAt };
        return { status: 'good', source: 'ocsp' };
      }
      return unavailable('certificate status unknown');
    } catch (err) {
      return unavailable((err as Error).message);
    }
  }
}

function matches(single: pkijs.SingleResponse, request: pkijs.OCSPRequest): boolean {
  const wanted = request.tbsRequest.requestList[0]?.reqCert;
  if (!wanted) return false;
  return Buffer.from(single.certID.serialNumber.valueBlock.valueHexView).equals(Buffer.from(wanted.serialNumber.valueBlock.valueHexView));
}

function revocationTime(single: pkijs.SingleResponse): Date | undefined {
  // certStatus revoked is [1] RevokedInfo { revocationTime GeneralizedTime, ... }.
  const info = single.certStatus as { valueBlock?: { value?: { toDate?: () => Date }[] } };
  const first = info.valueBlock?.value?.[0];
  return typeof first?.toDate === 'function' ? first.toDate() : undefined;
}

/** Asks each checker in turn; the first definitive answer (good or revoked) wins; all unavailable → unavailable. */
export class FirstAnswerRevocationChecker implements RevocationChecker {
  constructor(private readonly checkers: RevocationChecker[]) {}

  async check(cert: x509.X509Certificate, issuer: x509.X509Certificate, at: Date, now: Date): Promise<RevocationResult> {
    const reasons: string[] = [];
    for (const checker of this.checkers) {
      const result = await checker.check(cert, issuer, at, now);
      if (result.status !== 'unavailable') return result;
      reasons.push(result.reason);
    }
    return { status: 'unavailable', reason: reasons.join('; ') || 'проверка отзыва не настроена (no revocation source)' };
  }
}
