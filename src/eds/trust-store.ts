// The trust store: roots pinned by SHA-256 thumbprint, intermediates, and building and verifying a chain to a pinned root.
// Issuers are matched by DN and then proven by signature; a look-alike CA with the same DN never reaches a pin.
import { x509 } from './setup.js';
import { isCa, parseCertificate, thumbprintHex } from './certificate.js';

export interface TrustConfig {
  /** PEM or DER of trusted roots; each is pinned by its SHA-256 thumbprint. */
  roots: (string | Uint8Array)[];
  /** Extra pins (hex SHA-256) that roots must match, when a deployment wants to name them explicitly. */
  pinnedThumbprints?: string[];
  intermediates?: (string | Uint8Array)[];
}

export type ChainResult =
  | { ok: true; chain: x509.X509Certificate[] }
  | { ok: false; reason: string; certificate?: x509.X509Certificate };

const MAX_DEPTH = 6;

export class TrustStore {
  private constructor(
    private readonly roots: Map<string, x509.X509Certificate>,
    private readonly intermediates: x509.X509Certificate[],
  ) {}

  static async create(config: TrustConfig): Promise<TrustStore> {
    const roots = new Map<string, x509.X509Certificate>();
    const pins = config.pinnedThumbprints?.map((p) => p.toLowerCase().replace(/[^0-9a-f]/g, ''));
    for (const input of config.roots) {
      const cert = parseCertificate(input);
      const thumb = await thumbprintHex(cert);
      if (pins && !pins.includes(thumb)) throw new Error(`trusted root ${thumb} is not among the pinned thumbprints`);
      if (!isCa(cert)) throw new Error(`trusted root ${thumb} is not a CA certificate`);
      roots.set(thumb, cert);
    }
    if (roots.size === 0) throw new Error('a trust store needs at least one root');
    return new TrustStore(roots, (config.intermediates ?? []).map(parseCertificate));
  }

  /** The pinned root or intermediate that issued `cert`, proven by its signature. */
  async issuerOf(cert: x509.X509Certificate, extra: x509.X509Certificate[] = []): Promise<x509.X509Certificate | undefined> {
    const candidates = [...this.roots.values(), ...this.intermediates, ...extra].filter((c) => c.subject === cert.issuer);
    for (const candidate of candidates) {
      if (!isCa(candidate)) continue;
      if (await cert.verify({ publicKey: candidate.publicKey, signatureOnly: true }).catch(() => false)) return candidate;
    }
    return undefined;
  }

  /** Every certificate that may issue others here (pinned roots and intermediates): the issuers CRLs may come from. */
  authorities(): x509.X509Certificate[] {
    return [...this.roots.values(), ...this.intermediates];
  }

  async isPinnedRoot(cert: x509.X509Certificate): Promise<boolean> {
    return this.roots.has(await thumbprintHex(cert));
  }

  /**
   * Builds the chain from `leaf` to a pinned root: every link's signature verifies under its issuer, every issuer
   * is a CA and is within its validity at `at`. `extra` are certificates the document itself carried.
   */
  async verifyChain(leaf: x509.X509Certificate, at: Date, extra: x509.X509Certificate[] = []): Promise<ChainResult> {
    const chain = [leaf];
    let current = leaf;
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      if (depth > 0 && (await this.isPinnedRoot(current))) return { ok: true, chain };
      const issuer = await this.issuerOf(current, extra);
      if (!issuer) {
        return {
          ok: false,
          certificate: current,
          reason: depth === 0
            ? 'издатель сертификата не входит в доверенные удостоверяющие центры (unknown CA)'
            : 'цепочка сертификатов не доходит до доверенного корневого сертификата (untrusted chain)',
        };
      }
      if (at < issuer.notBefore || at > issuer.notAfter) {
        return { ok: false, certificate: issuer, reason: 'сертификат удостоверяющего центра недействителен на момент подписания (CA expired)' };
      }
      chain.push(issuer);
      if (await this.isPinnedRoot(issuer)) return { ok: true, chain };
      current = issuer;
    }
    return { ok: false, certificate: current, reason: 'цепочка сертификатов слишком длинная (chain too long)' };
  }
}
