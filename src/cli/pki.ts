// `reglament pki init <dir>`: writes the test PKI (CA, one certificate per verification outcome, CRL, OCSP responder).
import { parseArgs } from 'node:util';
import { initTestPki, TEST_PKI_FILES } from '../eds/pki.js';

const USAGE = `usage: reglament pki init <dir> [--rsa]

Writes a test PKI for tests and the demo signer:
  ca.pem (+ ca.key.pem)                      root CA
  valid.pem expired.pem revoked.pem          leaf certificates, each with its *.key.pem
  wrong-iin.pem wrong-usage.pem
  crl.pem                                    CRL in DER (openssl verify -crl_check -CRLfile crl.pem accepts it)
  crl.crl.pem                                the same CRL as PEM with the "X509 CRL" header
  ocsp.pem ocsp.key.pem index.txt            OCSP responder and the CA database for "openssl ocsp -index"
Keys are ECDSA P-256 unless --rsa is given.
`;

export async function run(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { rsa: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const [command, dir, ...extra] = parsed.positionals;
  if (parsed.values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command !== 'init' || !dir || extra.length > 0) {
    process.stderr.write(USAGE);
    return 2;
  }
  const pki = await initTestPki(dir, { kind: parsed.values.rsa ? 'rsa' : 'ec' });
  process.stdout.write(`test PKI written to ${dir}: ca.pem, ${TEST_PKI_FILES.map((f) => `${f}.pem`).join(', ')}, crl.pem, ocsp.pem\n`);
  process.stdout.write(`test IIN: ${pki.iin} (wrong-iin.pem carries another IIN)\n`);
  return 0;
}
