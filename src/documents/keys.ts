// Where the document service gets its keys: the akimat's service key and certificate, and the trusted roots, from
// configuration; or, when none is configured, a demo key issued from the demo CA of src/eds (data/demo-pki).
import { access, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { x509 } from '../eds/setup.js';
import { ensureDemoPki, importPrivateKey, privateKeyPem } from '../eds/pki.js';
import type { TrustStore } from '../eds/trust-store.js';
import { CrlRevocationChecker, type CrlSource, type RevocationChecker } from '../eds/revocation.js';
import { issueOrganisationLeaf } from './demo-pki.js';
import type { ServiceKey } from './generate.js';
import { trustStoreOf } from './xml-signer.js';

export interface DocumentKeys {
  serviceKey(tenant: string): Promise<ServiceKey>;
  trust: TrustStore;
  /** Revocation of specialists' certificates (REGLAMENT_DOCUMENTS_CRL; the demo CRL in demo mode). */
  revocation?: RevocationChecker;
  /** True when the keys are the demo's, not configured ones. */
  demo: boolean;
}

const exists = (p: string) => access(p).then(() => true, () => false);

async function loadKey(keyFile: string, certFile: string, organisation?: string): Promise<ServiceKey> {
  const certificate = new x509.X509Certificate(await readFile(certFile, 'utf8'));
  const privateKey = await importPrivateKey(await readFile(keyFile, 'utf8'), certificate);
  return {
    privateKey,
    certificate: new Uint8Array(certificate.rawData),
    organisation: organisation ?? certificate.subjectName.getField('O')[0] ?? certificate.subjectName.getField('CN')[0] ?? '',
  };
}

function checkTenant(tenant: string): string {
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(tenant)) throw new Error(`Couldn't load the service key: tenant id '${tenant.slice(0, 64)}' is not a plain name`);
  return tenant;
}

/**
 * Configuration (environment):
 * - REGLAMENT_DOCUMENTS_KEY, REGLAMENT_DOCUMENTS_CERT: PEM files of one service key (PKCS#8) and its certificate; or
 * - REGLAMENT_DOCUMENTS_KEYS_DIR: one key per tenant, `<tenant>.key.pem` and `<tenant>.pem`;
 * - REGLAMENT_DOCUMENTS_TRUST: comma-separated PEM files of the roots trusted for specialists' and service certificates;
 * - REGLAMENT_DOCUMENTS_ORGANISATION: the signer shown on documents (default: O of the certificate);
 * - REGLAMENT_DOCUMENTS_CRL: comma-separated CRL URLs or files for specialists' certificates (none: no revocation check).
 * Without keys, the demo PKI in REGLAMENT_DEMO_PKI_DIR (default data/demo-pki) is used: one demo service key per
 * tenant, issued from the demo CA on first use and reused afterwards.
 */
export interface DocumentKeyOptions {
  /** The organisation a tenant's demo service key is issued to: the tenant profile's, so no akimat is named in code. */
  organisationOf?: (tenant: string) => Promise<string | null>;
}

export async function loadDocumentKeys(env: Record<string, string | undefined>, opts: DocumentKeyOptions = {}): Promise<DocumentKeys> {
  const keyFile = env.REGLAMENT_DOCUMENTS_KEY;
  const certFile = env.REGLAMENT_DOCUMENTS_CERT;
  const keysDir = env.REGLAMENT_DOCUMENTS_KEYS_DIR;
  const organisation = env.REGLAMENT_DOCUMENTS_ORGANISATION;
  if (keyFile || certFile || keysDir) {
    if (!keysDir && (!keyFile || !certFile)) throw new Error("Couldn't load the documents' service key: set both REGLAMENT_DOCUMENTS_KEY and REGLAMENT_DOCUMENTS_CERT");
    const trustFiles = (env.REGLAMENT_DOCUMENTS_TRUST ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    if (trustFiles.length === 0) throw new Error("Couldn't load the documents' trust roots: set REGLAMENT_DOCUMENTS_TRUST");
    const roots = await Promise.all(trustFiles.map(async (f) => new Uint8Array(new x509.X509Certificate(await readFile(f, 'utf8')).rawData)));
    const cache = new Map<string, Promise<ServiceKey>>();
    const serviceKey = async (tenant: string): Promise<ServiceKey> => {
      const id = keysDir ? checkTenant(tenant) : '*';
      let key = cache.get(id);
      if (!key) {
        key = keysDir ? loadKey(join(keysDir, `${id}.key.pem`), join(keysDir, `${id}.pem`), organisation) : loadKey(keyFile!, certFile!, organisation);
        key.catch(() => cache.delete(id));
        cache.set(id, key);
      }
      return key;
    };
    if (!keysDir) await serviceKey('*');
    const crls: CrlSource[] = (env.REGLAMENT_DOCUMENTS_CRL ?? '').split(',').map((s) => s.trim()).filter(Boolean)
      .map((s) => (/^https?:\/\//.test(s) ? { url: s } : { file: s }));
    return { serviceKey, trust: await trustStoreOf(roots), revocation: crls.length ? new CrlRevocationChecker({ sources: crls }) : undefined, demo: false };
  }
  const dir = resolve(env.REGLAMENT_DEMO_PKI_DIR ?? join('data', 'demo-pki'));
  const demo = await ensureDemoPki(dir, []);
  const caCert = new x509.X509Certificate(await readFile(demo.caFile, 'utf8'));
  const caKey = await importPrivateKey(await readFile(join(dir, 'demo-ca.key.pem'), 'utf8'), caCert);
  const ca = { certificate: caCert, keys: { privateKey: caKey, publicKey: await caCert.publicKey.export() } };
  const cache = new Map<string, Promise<ServiceKey>>();
  const demoKey = async (tenant: string): Promise<ServiceKey> => {
    const serviceKeyFile = join(dir, `documents-service-${tenant}.key.pem`);
    const serviceCertFile = join(dir, `documents-service-${tenant}.pem`);
    if (!(await exists(serviceKeyFile)) || !(await exists(serviceCertFile))) {
      const owner = organisation ?? (await opts.organisationOf?.(tenant)) ?? `Акимат (${tenant})`;
      const leaf = await issueOrganisationLeaf(ca, 'Сервис выходных документов (демо)', owner, 'BIN000000000000');
      await writeFile(serviceKeyFile, await privateKeyPem(leaf.privateKey), { mode: 0o600 });
      await writeFile(serviceCertFile, new x509.X509Certificate(leaf.certificate as unknown as ArrayBuffer).toString('pem') + '\n');
    }
    return loadKey(serviceKeyFile, serviceCertFile, organisation);
  };
  const serviceKey = async (tenant: string): Promise<ServiceKey> => {
    const id = checkTenant(tenant);
    let key = cache.get(id);
    if (!key) { key = demoKey(id); key.catch(() => cache.delete(id)); cache.set(id, key); }
    return key;
  };
  const roots = demo.trust.roots.map((pem) => new Uint8Array(new x509.X509Certificate(pem).rawData));
  return { serviceKey, trust: await trustStoreOf(roots), revocation: new CrlRevocationChecker({ sources: [{ file: demo.crlFile }] }), demo: true };
}

/** The public base of verification links: REGLAMENT_PUBLIC_URL (default http://127.0.0.1:8080) + /api/documents/verify/. */
export function verifyBaseUrl(env: Record<string, string | undefined>): string {
  return `${(env.REGLAMENT_PUBLIC_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '')}/api/documents/verify/`;
}
