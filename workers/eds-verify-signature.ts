// Topic eds-verify-signature (условие 2): is the ЭЦП of the signed request genuine, the signer's IIN the one the route
// requires, the certificate in force and not revoked? A failed check is процесс 5's refusal with a structured reason;
// a verifier that cannot be asked (NCANode down) is a technical failure with retries, never a refusal and never a pass.
import { validateIin } from '../src/iin/index.js';
import { verifierFromEnv } from '../src/eds/config.js';
import { VerifierUnavailableError } from '../src/eds/ncanode-verifier.js';
import type { SignatureVerifier, VerificationResult } from '../src/eds/verifier.js';
import { servicesOf } from './services.js';
import { complete, failure, type Outcome, type TaskInput, type WorkerContext } from './types.js';

export const topic = 'eds-verify-signature';
export const lockDuration = 60_000;
export const variables = ['signedRequest', 'applicantIin', 'childIin', 'signerIin', 'authorizedUser', 'language'];

export type SignerRole = 'applicant' | 'operator' | 'specialist';

/** Whose ЭЦП the route's процесс 4 names: the variable that holds the IIN the certificate must carry. */
export const EXPECTED_IIN_VARIABLE: Record<SignerRole, string> = {
  applicant: 'applicantIin',
  operator: 'signerIin',
  specialist: 'signerIin',
};

/** процесс 5 by signer, in the act's language. */
const REFUSAL: Record<'ru' | 'kk', Record<SignerRole, string>> = {
  ru: {
    applicant: 'Отказ в запрашиваемой электронной государственной услуге в связи с не подтверждением подлинности ЭЦП получателя государственной услуги',
    operator: 'Отказ в запрашиваемой электронной государственной услуге в связи с не подтверждением подлинности ЭЦП оператора Центра',
    specialist: 'Отказ в запрашиваемой электронной государственной услуге в связи с не подтверждением подлинности ЭЦП специалиста услугодателя',
  },
  kk: {
    applicant: 'Қызмет алушының ЭСҚ дұрыстығы дәлелденбеуіне байланысты сұратылған электрондық мемлекеттік қызмет көрсетуден бас тарту',
    operator: 'ХҚКО операторының ЭСҚ дұрыстығы дәлелденбеуіне байланысты сұратылған электрондық мемлекеттік қызмет көрсетуден бас тарту',
    specialist: 'Қызметкердің ЭСҚ дұрыстығы дәлелденбеуіне байланысты сұратылған электрондық мемлекеттік қызмет көрсетуден бас тарту',
  },
};

/** Process variables that must equal what the signed document says, when the document carries them. */
const BOUND_FIELDS = ['applicantIin', 'childIin'];

export interface Deps {
  verifier: SignatureVerifier;
  /** The IIN of a staff user by id (the product's API; the fallback for `signerIin`). */
  staffIin?: (userId: string) => Promise<string | null>;
  now?: () => Date;
}

async function readSignedXml(value: unknown): Promise<string | null> {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { load?: unknown }).load === 'function') {
    const loaded = await (value as { load(): Promise<unknown> }).load();
    if (typeof loaded === 'string') return loaded;
    if (loaded instanceof Uint8Array) return Buffer.from(loaded).toString('utf8');
  }
  return null;
}

export const handler = ({ verifier, staffIin, now }: Deps) => async (task: TaskInput): Promise<Outcome> => {
  const role = (['applicant', 'operator', 'specialist'] as const).find((r) => r === task.properties.signerRole);
  if (!role) {
    return { kind: 'failure', message: `Couldn't verify the ЭЦП: the task has no valid signerRole property (applicant | operator | specialist)`, retries: 0 };
  }
  const language = task.properties['reglament:language'] === 'kk' || task.variables.language === 'kk' ? 'kk' : 'ru';
  const refuse = (check: string, reason: string, extra: Record<string, unknown> = {}): Outcome => complete({
    signatureValid: false,
    signatureRefusal: `${REFUSAL[language][role]}: ${reason}`,
    signatureCheck: { valid: false, check, reason, signerRole: role, ...extra },
  });

  let expected = task.variables[EXPECTED_IIN_VARIABLE[role]];
  if ((expected === undefined || expected === null || expected === '') && role !== 'applicant' && staffIin && typeof task.variables.authorizedUser === 'string') {
    expected = await staffIin(task.variables.authorizedUser);
  }
  if (expected === undefined || expected === null || expected === '') {
    return { kind: 'failure', message: `Couldn't verify the ЭЦП: process variable '${EXPECTED_IIN_VARIABLE[role]}' is missing`, retries: 0 };
  }
  const iin = validateIin(expected);
  if (!iin.ok) return refuse('malformed', `ИИН в запросе неверен (${iin.reason})`);

  const xml = await readSignedXml(task.variables.signedRequest);
  if (xml === null) return refuse('malformed', 'подписанный запрос отсутствует (signedRequest missing)');

  let result: VerificationResult;
  try {
    const at = now?.();
    result = await verifier.verify(xml, { expectedIin: expected as string, at, now: at });
  } catch (err) {
    if (err instanceof VerifierUnavailableError) return failure(`Couldn't verify the ЭЦП: ${err.message}`);
    throw err;
  }
  if (!result.valid) {
    return refuse(result.check, result.reason, { certificate: result.certificate ?? null, backend: result.backend });
  }
  // The process uses variables, the signature covers the document: they must say the same thing.
  for (const field of BOUND_FIELDS) {
    const value = task.variables[field];
    if (typeof value !== 'string' || value === '') continue;
    const inDocument = Array.from(result.signedData.getElementsByTagNameNS('*', field) as unknown as ArrayLike<Element>).map((e) => (e.textContent ?? '').trim());
    if (inDocument.length > 0 && !inDocument.every((v) => v === value)) {
      return refuse('wrapping', `подписанные данные не совпадают с данными запроса (wrapping: ${field})`, { backend: result.backend });
    }
  }
  const { signer } = result;
  return complete({
    signatureValid: true,
    signatureRefusal: null,
    signatureCheck: {
      valid: true,
      signerRole: role,
      backend: result.backend,
      // No name, no IIN: the certificate is identified by serial and thumbprint.
      certificate: { serialNumber: signer.serialNumber, thumbprint: signer.thumbprint, notBefore: signer.notBefore, notAfter: signer.notAfter },
    },
  });
};

let shared: Promise<SignatureVerifier> | undefined;

/** One verifier per process (its CRL cache is shared); a failed build is retried on the next task, not kept. */
function sharedVerifier(env: Record<string, string | undefined>): Promise<SignatureVerifier> {
  if (!shared) {
    shared = verifierFromEnv(env);
    shared.catch(() => { shared = undefined; });
  }
  return shared;
}

export const fromContext = (ctx: WorkerContext) => {
  const { staff } = servicesOf(ctx);
  const staffIin = (id: string) => staff.iinOf(id);
  return async (task: TaskInput): Promise<Outcome> => {
    let verifier: SignatureVerifier;
    try {
      verifier = await sharedVerifier(ctx.env);
    } catch (err) {
      // Misconfiguration (no trust roots, no NCANode URL): a technical failure, retried and then an incident.
      return failure(`Couldn't verify the ЭЦП: the verifier is not configured (${(err as Error).message})`);
    }
    return handler({ verifier, staffIin })(task);
  };
};
