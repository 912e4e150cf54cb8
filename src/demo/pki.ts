// The demo's test PKI (src/eds ensureDemoPki) as the server uses it: the settings that point the ЭЦП verifier and
// the documents' signer at it, and a key per demo person for the demo signer, issued on first use.
import type { x509 } from '../eds/setup.js';
import { ensureDemoPki, loadSigner } from '../eds/pki.js';

export interface DemoPki {
  dir: string;
  personKey(person: { iin: string; name: string }): Promise<{ key: CryptoKey; certificate: x509.X509Certificate }>;
  /** EDS_TRUST_ROOTS / EDS_CRL_FILES for the verifier; the documents' signer finds the same PKI by its directory. */
  env: Record<string, string>;
}

export async function openDemoPki(dir: string): Promise<DemoPki> {
  const base = await ensureDemoPki(dir, []);
  const keys = new Map<string, ReturnType<DemoPki['personKey']>>();
  return {
    dir,
    personKey(person) {
      let key = keys.get(person.iin);
      if (!key) {
        key = ensureDemoPki(dir, [person]).then((pki) => loadSigner(pki.signers.get(person.iin)!));
        key.catch(() => keys.delete(person.iin));
        keys.set(person.iin, key);
      }
      return key;
    },
    env: { EDS_TRUST_ROOTS: base.caFile, EDS_CRL_FILES: base.crlFile, REGLAMENT_DEMO_PKI_DIR: dir },
  };
}
