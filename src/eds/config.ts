// Builds the configured SignatureVerifier from environment settings (one per process; CRL caches are shared).
import { readFile } from 'node:fs/promises';
import { BuiltinVerifier } from './builtin-verifier.js';
import { NcanodeVerifier } from './ncanode-verifier.js';
import { CrlRevocationChecker, FirstAnswerRevocationChecker, OcspRevocationChecker, type CrlSource, type RevocationChecker } from './revocation.js';
import { TrustStore } from './trust-store.js';
import type { SignatureVerifier } from './verifier.js';

/**
 * Settings (environment variables):
 * - EDS_VERIFIER: `builtin` (default; RSA and ECDSA) or `ncanode` (GOST, via NCANode);
 * - NCANODE_URL, NCANODE_API (`v3` default, or `v1`), NCANODE_TIMEOUT_MS;
 * - EDS_TRUST_ROOTS: comma-separated PEM files of trusted roots; EDS_PINNED_THUMBPRINTS: their SHA-256 (hex), optional;
 *   EDS_INTERMEDIATES: comma-separated PEM files;
 * - EDS_CRL_URLS, EDS_CRL_FILES: comma-separated; EDS_CRL_REFRESH_MS (default 1 h);
 * - EDS_OCSP_URL: asked first when set, CRLs are the fallback;
 * - EDS_MAX_XML_BYTES (default 5 MiB).
 */
export async function verifierFromEnv(env: Record<string, string | undefined>): Promise<SignatureVerifier> {
  const list = (name: string) => (env[name] ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const maxBytes = env.EDS_MAX_XML_BYTES ? Number(env.EDS_MAX_XML_BYTES) : undefined;
  if ((env.EDS_VERIFIER ?? 'builtin') === 'ncanode') {
    if (!env.NCANODE_URL) throw new Error('EDS_VERIFIER=ncanode needs NCANODE_URL');
    return new NcanodeVerifier({
      baseUrl: env.NCANODE_URL,
      api: env.NCANODE_API === 'v1' ? 'v1' : 'v3',
      timeoutMs: env.NCANODE_TIMEOUT_MS ? Number(env.NCANODE_TIMEOUT_MS) : undefined,
      maxBytes,
    });
  }
  const roots = await Promise.all(list('EDS_TRUST_ROOTS').map((f) => readFile(f, 'utf8')));
  if (roots.length === 0) throw new Error('the built-in ЭЦП verifier needs EDS_TRUST_ROOTS (PEM files of trusted roots)');
  const intermediates = await Promise.all(list('EDS_INTERMEDIATES').map((f) => readFile(f, 'utf8')));
  const pins = list('EDS_PINNED_THUMBPRINTS');
  const trust = await TrustStore.create({ roots, intermediates, pinnedThumbprints: pins.length ? pins : undefined });
  const sources: CrlSource[] = [...list('EDS_CRL_URLS').map((url) => ({ url })), ...list('EDS_CRL_FILES').map((file) => ({ file }))];
  const checkers: RevocationChecker[] = [];
  if (env.EDS_OCSP_URL) checkers.push(new OcspRevocationChecker({ url: env.EDS_OCSP_URL }));
  if (sources.length) {
    const refreshMs = env.EDS_CRL_REFRESH_MS ? Number(env.EDS_CRL_REFRESH_MS) : 3_600_000;
    const crl = new CrlRevocationChecker({ sources, refreshMs });
    // Re-read a little before the request path would, so a request rarely waits for a download.
    crl.startBackgroundRefresh(trust.authorities(), Math.max(10_000, Math.floor(refreshMs * 0.9)));
    checkers.push(crl);
  }
  // No revocation source means every check fails closed with revocation-unavailable: never a silent pass.
  return new BuiltinVerifier({ trust, revocation: new FirstAnswerRevocationChecker(checkers), maxBytes });
}
