// Topic gbd-fl-lookup: is the applicant (or the child) in ГБД ФЛ? Absence takes the act's refusal branch (процесс 4);
// an unreachable registry is a technical failure with retries, then an incident — never a refusal.
import { validateIin } from '../src/iin/index.js';
import { gatewayConfig, personRegistryFrom, RegistryUnavailableError, type PersonRegistry } from '../src/registry/index.js';
import { servicesOf } from './services.js';
import { complete, failure, type Outcome, type TaskInput, type WorkerContext } from './types.js';

export const topic = 'gbd-fl-lookup';
export const lockDuration = 60_000;
export const variables = ['applicantIin', 'childIin'];

/** процесс 4: «формирование сообщения о невозможности получения данных в связи с отсутствием данных потребителя в ГБД ФЛ» */
export const PERSON_REFUSAL = 'Невозможно получить данные в связи с отсутствием данных потребителя в ГБД ФЛ';

export interface Deps { persons: PersonRegistry }

export const handler = ({ persons }: Deps) => async (task: TaskInput): Promise<Outcome> => {
  const subject = task.properties.subject === 'child' ? 'child' : 'applicant';
  const name = subject === 'child' ? 'childIin' : 'applicantIin';
  const iin = task.variables[name];
  if (iin === undefined || iin === null || iin === '') {
    return { kind: 'failure', message: `Couldn't look up ГБД ФЛ: process variable '${name}' is missing`, retries: 0 };
  }
  // A malformed IIN cannot be in ГБД ФЛ: the same branch as an absent person, with the reason.
  const valid = validateIin(iin);
  if (!valid.ok) return complete({ personFound: false, personRefusal: `${PERSON_REFUSAL}: ${valid.reason}`, person: null });
  try {
    const person = await persons.findPerson(iin as string);
    if (!person) return complete({ personFound: false, personRefusal: PERSON_REFUSAL, person: null });
    const result: Record<string, unknown> = { personFound: true, person, personRefusal: null };
    if (subject === 'child' && typeof task.variables.applicantIin === 'string') {
      const children = await persons.childrenOf(task.variables.applicantIin);
      result.childLinked = children.some((c) => c.iin === person.iin);
    }
    return complete(result);
  } catch (err) {
    if (err instanceof RegistryUnavailableError) return failure(err.message);
    throw err;
  }
};

/** The gateway when its URL is set (REGLAMENT_GBD_FL_URL), else the embedded registry behind the product's API. */
export const fromContext = (ctx: WorkerContext) => handler({ persons: gatewayConfig(ctx.env, 'GBD_FL') ? personRegistryFrom(ctx.env) : servicesOf(ctx).registries.persons });
