// Worker eds-verify-signature (условие 2) with explicit dependencies: outcomes per route, refusals with structured
// reasons, technical failures, and hostile input that must neither pass nor throw.
import { describe, expect, it, beforeAll } from 'vitest';
import { testPki, requestXml, signWith, testVerifier } from '../factories/pki.js';
import type { TestPki } from '../../src/eds/pki.js';
import { OTHER_IIN } from '../../src/eds/pki.js';
import { handler, EXPECTED_IIN_VARIABLE } from '../../workers/eds-verify-signature.js';
import { NcanodeVerifier } from '../../src/eds/ncanode-verifier.js';
import { CrlRevocationChecker } from '../../src/eds/revocation.js';
import type { Outcome, TaskInput } from '../../workers/types.js';
import type { SignatureVerifier } from '../../src/eds/verifier.js';

let pki: TestPki;
let verifier: SignatureVerifier;
beforeAll(async () => {
  pki = await testPki();
  verifier = await testVerifier(pki);
});

function task(variables: Record<string, unknown>, properties: Record<string, string> = { signerRole: 'applicant' }): TaskInput {
  return {
    id: 't1', topicName: 'eds-verify-signature', processInstanceId: 'p1', activityId: 'verify-signature',
    retries: null, variables, properties,
  };
}

const vars = (o: Outcome) => (o.kind === 'complete' ? o.variables ?? {} : {});

function expectRefusal(outcome: Outcome, check: string) {
  expect(outcome.kind).toBe('complete');
  const v = vars(outcome);
  expect(v.signatureValid).toBe(false);
  expect(v.signatureCheck).toMatchObject({ valid: false, check });
  expect(String(v.signatureRefusal)).toMatch(/^Отказ в запрашиваемой электронной государственной услуге в связи с не подтверждением подлинности ЭЦП/);
  // No personal data in what the process stores about the refusal.
  expect(JSON.stringify(v)).not.toContain(pki.iin);
  expect(JSON.stringify(v)).not.toContain('ТЕСТОВ');
}

describe('workers/eds-verify-signature: routes', () => {
  it('portal: the applicant signs, applicantIin must match; a pass records the certificate without personal data', async () => {
    const signedRequest = await signWith(pki, 'valid', requestXml(pki.iin), { xades: true });
    const outcome = await handler({ verifier })(task({ signedRequest, applicantIin: pki.iin }));
    expect(outcome).toMatchObject({ kind: 'complete', variables: { signatureValid: true, signatureRefusal: null, signatureCheck: { valid: true, signerRole: 'applicant', backend: 'builtin' } } });
    expect(JSON.stringify(vars(outcome))).not.toContain(pki.iin);
    expect(EXPECTED_IIN_VARIABLE).toEqual({ applicant: 'applicantIin', operator: 'signerIin', specialist: 'signerIin' });
  });

  it('provider and ЦОН: the specialist or operator signs, signerIin must match, not the applicant’s IIN', async () => {
    // The request is about the applicant (OTHER_IIN) but the specialist (pki.iin) signs it.
    const signedRequest = await signWith(pki, 'valid', requestXml(OTHER_IIN));
    for (const signerRole of ['specialist', 'operator']) {
      const pass = await handler({ verifier })(task({ signedRequest, applicantIin: OTHER_IIN, signerIin: pki.iin }, { signerRole }));
      expect(vars(pass).signatureValid).toBe(true);
      const refusal = await handler({ verifier })(task({ signedRequest, applicantIin: OTHER_IIN, signerIin: OTHER_IIN }, { signerRole }));
      expectRefusal(refusal, 'iin-mismatch');
    }
    const onPortal = await handler({ verifier })(task({ signedRequest, applicantIin: OTHER_IIN }));
    expectRefusal(onPortal, 'iin-mismatch');
  });

  it('staff routes fall back to the IIN of the signed-in user when signerIin is not set', async () => {
    const signedRequest = await signWith(pki, 'valid', requestXml(OTHER_IIN));
    const staffIin = async (id: string) => (id === 'specialist-1' ? pki.iin : null);
    const outcome = await handler({ verifier, staffIin })(task({ signedRequest, applicantIin: OTHER_IIN, authorizedUser: 'specialist-1' }, { signerRole: 'specialist' }));
    expect(vars(outcome).signatureValid).toBe(true);
  });

  it('writes процесс 5 in Kazakh for a Kazakh act', async () => {
    const signedRequest = await signWith(pki, 'wrong-iin', requestXml(pki.iin));
    const outcome = await handler({ verifier })(task({ signedRequest, applicantIin: pki.iin }, { signerRole: 'applicant', 'reglament:language': 'kk' }));
    expect(String(vars(outcome).signatureRefusal)).toMatch(/ЭСҚ дұрыстығы дәлелденбеуіне байланысты/);
  });

  it('reads the signed request from a file variable as well as a string', async () => {
    const xml = await signWith(pki, 'valid', requestXml(pki.iin));
    const file = { filename: 'request.xml', mimetype: 'application/xml', load: async () => Buffer.from(xml) };
    expect(vars(await handler({ verifier })(task({ signedRequest: file, applicantIin: pki.iin }))).signatureValid).toBe(true);
  });
});

describe('workers/eds-verify-signature: refusals with the failing check', () => {
  it.each([
    ['wrong-iin', 'iin-mismatch'],
    ['expired', 'validity'],
    ['revoked', 'revoked'],
    ['wrong-usage', 'key-usage'],
  ] as const)('%s → %s', async (which, check) => {
    const signedRequest = await signWith(pki, which, requestXml(pki.iin));
    const outcome = await handler({ verifier })(task({ signedRequest, applicantIin: pki.iin }));
    expectRefusal(outcome, check);
    expect(vars(outcome).signatureCheck).toMatchObject({ certificate: { serialNumber: pki.leaves[which].certificate.serialNumber } });
  });

  it('refuses when the process variables differ from what was signed (the data used is not the data signed)', async () => {
    // The specialist signed a request about one applicant; the process carries another applicant's IIN.
    const signedRequest = await signWith(pki, 'valid', requestXml(OTHER_IIN, '<childIin>061211600012</childIin>'));
    const swapped = await handler({ verifier })(task({ signedRequest, applicantIin: '900101300811', signerIin: pki.iin }, { signerRole: 'specialist' }));
    expectRefusal(swapped, 'wrapping');
    const child = await handler({ verifier })(task({ signedRequest, applicantIin: OTHER_IIN, childIin: '900101300811', signerIin: pki.iin }, { signerRole: 'specialist' }));
    expectRefusal(child, 'wrapping');
    const same = await handler({ verifier })(task({ signedRequest, applicantIin: OTHER_IIN, childIin: '061211600012', signerIin: pki.iin }, { signerRole: 'specialist' }));
    expect(vars(same).signatureValid).toBe(true);
  });

  it('refuses, never passes and never throws, on hostile or broken input', async () => {
    const good = await signWith(pki, 'valid', requestXml(pki.iin, '<n>1</n>'));
    const hostile: [string, unknown, string][] = [
      ['tampered', good.replace('<n>1</n>', '<n>2</n>'), 'signature'],
      ['wrapped', `<request><applicantIin>${pki.iin}</applicantIin><w>${good.replace(/^<\?xml[^>]*\?>/, '')}</w></request>`, 'wrapping'],
      ['external entity', `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>`, 'malformed'],
      ['entity bomb', `<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><r>&b;</r>`, 'malformed'],
      ['huge', `<r>${'x'.repeat(6 * 1024 * 1024)}</r>`, 'malformed'],
      ['not xml', 'hello', 'malformed'],
      ['missing', undefined, 'malformed'],
      ['number', 42, 'malformed'],
    ];
    for (const [name, signedRequest, check] of hostile) {
      const outcome = await handler({ verifier })(task({ signedRequest, applicantIin: pki.iin }));
      expect(outcome.kind, name).toBe('complete');
      expect(vars(outcome).signatureValid, name).toBe(false);
      expect(vars(outcome).signatureCheck, name).toMatchObject({ check });
    }
  });

  it('refuses a malformed IIN in the request', async () => {
    const signedRequest = await signWith(pki, 'valid', requestXml(pki.iin));
    expectRefusal(await handler({ verifier })(task({ signedRequest, applicantIin: '900101300123' })), 'malformed');
    expectRefusal(await handler({ verifier })(task({ signedRequest, applicantIin: '12345' })), 'malformed');
  });

  it('fails closed as a refusal when the CRL is unreachable', async () => {
    const dead = await testVerifier(pki, new CrlRevocationChecker({ sources: [{ url: 'http://127.0.0.1:9/crl' }], timeoutMs: 1000 }));
    const signedRequest = await signWith(pki, 'valid', requestXml(pki.iin));
    expectRefusal(await handler({ verifier: dead })(task({ signedRequest, applicantIin: pki.iin })), 'revocation-unavailable');
  });
});

describe('workers/eds-verify-signature: technical failures', () => {
  it('a verifier that cannot be asked is a failure with retries, not a refusal', async () => {
    const down = new NcanodeVerifier({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 1000 });
    const signedRequest = await signWith(pki, 'valid', requestXml(pki.iin));
    const outcome = await handler({ verifier: down })(task({ signedRequest, applicantIin: pki.iin }));
    expect(outcome).toMatchObject({ kind: 'failure', message: expect.stringMatching(/NCANode unreachable/) });
    expect(JSON.stringify(outcome)).not.toContain(pki.iin);
  });

  it('a model without signerRole or without the expected IIN variable is a failure without retries (an incident)', async () => {
    const signedRequest = await signWith(pki, 'valid', requestXml(pki.iin));
    expect(await handler({ verifier })(task({ signedRequest, applicantIin: pki.iin }, {}))).toMatchObject({ kind: 'failure', retries: 0 });
    expect(await handler({ verifier })(task({ signedRequest }, { signerRole: 'specialist' }))).toMatchObject({ kind: 'failure', retries: 0, message: expect.stringMatching(/signerIin/) });
  });
});

describe('workers/eds-verify-signature: fromContext', () => {
  it('an unconfigured verifier is a technical failure per task, and is rebuilt once configured', async () => {
    const { fromContext } = await import('../../workers/eds-verify-signature.js');
    const logger = { info() {}, warn() {}, error() {} };
    const signedRequest = await signWith(pki, 'valid', requestXml(pki.iin));
    const unconfigured = fromContext({ env: {}, engineRestUrl: 'http://127.0.0.1:9/engine-rest', logger });
    expect(await unconfigured(task({ signedRequest, applicantIin: pki.iin }))).toMatchObject({ kind: 'failure', message: expect.stringMatching(/not configured/) });
    const { join } = await import('node:path');
    const configured = fromContext({ env: { EDS_TRUST_ROOTS: join(pki.dir, 'ca.pem'), EDS_CRL_FILES: join(pki.dir, 'crl.pem') }, engineRestUrl: 'http://127.0.0.1:9/engine-rest', logger });
    expect(vars(await configured(task({ signedRequest, applicantIin: pki.iin }))).signatureValid).toBe(true);
  });
});
