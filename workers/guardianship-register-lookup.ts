// Topic guardianship-register-lookup: the child's record in the Электронный реестр по опеке и попечительству
// (Semey «Выдача справок по опеке и попечительству»); with an applicant IIN, the record must name them as guardian.
import { validateIin } from '../src/iin/index.js';
import { gatewayConfig, guardianshipRegistryFrom, RegistryUnavailableError, type GuardianshipRegistry } from '../src/registry/index.js';
import { servicesOf } from './services.js';
import { complete, failure, type Outcome, type TaskInput, type WorkerContext } from './types.js';

export const topic = 'guardianship-register-lookup';
export const lockDuration = 60_000;
export const variables = ['childIin', 'applicantIin'];

/** The reason given when the bundle's task names none (property `refusalReason`, the act's own words). */
export const NOT_FOUND = 'запись не найдена в Электронном реестре по опеке и попечительству';

export interface Deps { register: GuardianshipRegistry }

export const handler = ({ register }: Deps) => async (task: TaskInput): Promise<Outcome> => {
  const child = task.variables.childIin;
  if (child === undefined || child === null || child === '') {
    return { kind: 'failure', message: "Couldn't query the guardianship register: process variable 'childIin' is missing", retries: 0 };
  }
  // Each act words its refusal: the bundle's task carries the words, the worker only the fallback.
  const reason = task.properties.refusalReason?.trim() || NOT_FOUND;
  const notFound = (detail?: string) => complete({ guardianshipRecordFound: false, guardianshipRefusal: detail ? `${reason}: ${detail}` : reason, guardianshipKind: null });
  const v = validateIin(child);
  if (!v.ok) return notFound(v.reason);
  const applicant = task.variables.applicantIin;
  try {
    const records = (await register.findByChild(child as string)).filter((r) => r.active);
    const match = typeof applicant === 'string' && applicant ? records.find((r) => r.guardianIin === applicant) : records[0];
    if (!match) return notFound();
    return complete({ guardianshipRecordFound: true, guardianshipRefusal: null, guardianshipKind: match.kind, guardianshipDecision: { number: match.decisionNumber, date: match.decisionDate } });
  } catch (err) {
    if (err instanceof RegistryUnavailableError) return failure(err.message);
    throw err;
  }
};

/** The gateway when its URL is set (REGLAMENT_GUARDIANSHIP_URL), else the embedded registry behind the product's API. */
export const fromContext = (ctx: WorkerContext) => handler({ register: gatewayConfig(ctx.env, 'GUARDIANSHIP') ? guardianshipRegistryFrom(ctx.env) : servicesOf(ctx).registries.guardianship });
