// Topic status-notify: sets the request's status («поступившие», «в работе», «завершение исполнения …», отказ) and, in the
// same transaction, writes the status event delivered to ИС ЦОН and the личный кабинет. Refusals before registration have no status.
import { isRequestStatus } from '../src/registry/index.js';
import type { RequestService } from '../src/worker-api/services.js';
import { servicesOf } from './services.js';
import { complete, type Outcome, type TaskInput, type WorkerContext } from './types.js';

export const topic = 'status-notify';
export const lockDuration = 30_000;
/** The system checks' own refusal texts (процесс 2, 5, ГБД ФЛ, ЕНИС, опека), read when the specialist wrote none. */
const CHECK_REFUSALS = ['authRefusal', 'signatureRefusal', 'personRefusal', 'powerOfAttorneyRefusal', 'guardianshipRefusal'];

export const variables = ['refusalReason', ...CHECK_REFUSALS];

export interface Deps { requests: RequestService; now?: () => Date }

/**
 * The reason of a refusal: the branch's text from the property `refusalReason` (the act's wording for that step),
 * followed by the specialist's motivated text from the variable `refusalReason` when there is one, or else by the
 * failed check's own text (authRefusal, signatureRefusal …), which names what failed.
 */
export function refusalReasonOf(task: TaskInput): string | null {
  const fixed = task.properties.refusalReason?.trim() || null;
  const text = (name: string) => (typeof task.variables[name] === 'string' ? (task.variables[name] as string).trim() || null : null);
  const variable = text('refusalReason') ?? CHECK_REFUSALS.map(text).find((r) => r !== null) ?? null;
  const reason = fixed && variable && fixed !== variable ? `${fixed}: ${variable}` : fixed ?? variable;
  return reason ? reason.slice(0, 2000) : null;
}

export const handler = ({ requests, now = () => new Date() }: Deps) => async (task: TaskInput): Promise<Outcome> => {
  const status = task.properties.status;
  if (!isRequestStatus(status)) {
    return { kind: 'failure', message: "Couldn't notify the status: property 'status' must be received, in-progress, completed or refused", retries: 0 };
  }
  const reason = status === 'refused' ? refusalReasonOf(task) : null;
  const result = await requests.changeStatus({ processInstanceId: task.processInstanceId, status, activityId: task.activityId, reason, now: now() });
  return complete({ requestStatus: result ? result.status : null });
};

export const fromContext = (ctx: WorkerContext) => handler({ requests: servicesOf(ctx).requests });
