// Topic enis-power-of-attorney: the representative's notarised power of attorney in ЕНИС (ЦОН routes of Semey).
// No number means the доверенность is not notarised: the act says its data are not filled in and ЕНИС is not asked.
import { validateIin } from '../src/iin/index.js';
import { gatewayConfig, powerOfAttorneyRegistryFrom, RegistryUnavailableError, type PowerOfAttorneyRegistry } from '../src/registry/index.js';
import { servicesOf } from './services.js';
import { complete, failure, type Outcome, type TaskInput, type WorkerContext } from './types.js';

export const topic = 'enis-power-of-attorney';
export const lockDuration = 60_000;
export const variables = ['representativeIin', 'applicantIin', 'powerOfAttorneyNumber'];

/** процесс 4 (ЦОН route): «… данных доверенности в ЕНИС» */
export const NOT_FOUND = 'Невозможно получить данные в связи с отсутствием данных доверенности в ЕНИС';

export interface Deps { enis: PowerOfAttorneyRegistry; today?: () => Date }

function kzDate(d: Date): string {
  return new Date(d.getTime() + 5 * 3_600_000).toISOString().slice(0, 10);
}

export const handler = ({ enis, today = () => new Date() }: Deps) => async (task: TaskInput): Promise<Outcome> => {
  const number = task.variables.powerOfAttorneyNumber;
  if (number === undefined || number === null || number === '') {
    return complete({ powerOfAttorneyValid: true, powerOfAttorneyChecked: false, powerOfAttorneyRefusal: null });
  }
  const refuse = (reason: string) => complete({ powerOfAttorneyValid: false, powerOfAttorneyChecked: true, powerOfAttorneyRefusal: reason });
  if (typeof number !== 'string' || number.length > 64) return refuse(`${NOT_FOUND}: неверный номер доверенности`);
  const representative = task.variables.representativeIin;
  const principal = task.variables.applicantIin;
  for (const [label, value] of [['представителя', representative], ['заявителя', principal]] as const) {
    const v = validateIin(value);
    if (!v.ok) return refuse(`${NOT_FOUND}: ИИН ${label} — ${v.reason}`);
  }
  try {
    const poa = await enis.findPowerOfAttorney(number);
    if (!poa) return refuse(NOT_FOUND);
    if (poa.representativeIin !== representative || poa.principalIin !== principal) {
      return refuse('Доверенность в ЕНИС выдана другому лицу: ИИН представителя или заявителя не совпадает');
    }
    if (poa.revoked) return refuse('Доверенность в ЕНИС отменена');
    const day = kzDate(today());
    if (day < poa.issuedOn || day > poa.validUntil) return refuse('Срок действия доверенности в ЕНИС истек или не наступил');
    return complete({ powerOfAttorneyValid: true, powerOfAttorneyChecked: true, powerOfAttorneyRefusal: null });
  } catch (err) {
    if (err instanceof RegistryUnavailableError) return failure(err.message);
    throw err;
  }
};

/** The gateway when its URL is set (REGLAMENT_ENIS_URL), else the embedded registry behind the product's API. */
export const fromContext = (ctx: WorkerContext) => handler({ enis: gatewayConfig(ctx.env, 'ENIS') ? powerOfAttorneyRegistryFrom(ctx.env) : servicesOf(ctx).registries.powersOfAttorney });
