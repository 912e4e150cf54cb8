// Topic queue-assign: номер очередности — the preschool queue per akimat and birth year, the Semey housing queue per
// category; atomic and gap-free, once per instance. Writes queueNumber, queueGroup and the current queuePosition.
import { InvalidRequestError } from '../src/errors.js';
import { validateIin } from '../src/iin/index.js';
import type { QueueKind } from '../src/registry/index.js';
import type { RequestService } from '../src/worker-api/services.js';
import { tenantOf } from './register-request.js';
import { servicesOf } from './services.js';
import { complete, type Outcome, type TaskInput, type WorkerContext } from './types.js';

export const topic = 'queue-assign';
export const lockDuration = 30_000;
export const variables = ['tenant', 'childBirthDate', 'childIin', 'housingCategory', 'requestNumber'];

export interface Deps { requests: RequestService; now?: () => Date }

/** The child's birth date: the variable (string or Date), else read from the child's IIN. */
function birthDateOf(task: TaskInput): string | undefined {
  const v = task.variables.childBirthDate;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'string' && v) return v;
  const iin = validateIin(task.variables.childIin);
  return iin.ok ? iin.birthDate : undefined;
}

export const handler = ({ requests, now = () => new Date() }: Deps) => async (task: TaskInput): Promise<Outcome> => {
  const queue = task.properties.queue as QueueKind;
  const tenantId = tenantOf(task);
  if (!tenantId) return { kind: 'failure', message: "Couldn't assign a queue number: no tenant (task tenant or variable 'tenant')", retries: 0 };
  const requestNumber = typeof task.variables.requestNumber === 'string' ? task.variables.requestNumber : null;
  const childIin = validateIin(task.variables.childIin);
  try {
    const entry = await requests.assignQueue({
      tenantId, queue, processInstanceId: task.processInstanceId, requestNumber,
      childBirthDate: queue === 'preschool' ? birthDateOf(task) : undefined,
      housingCategory: queue === 'housing' ? (task.variables.housingCategory as string | undefined) : undefined,
      subjectIin: queue === 'preschool' && childIin.ok ? (task.variables.childIin as string) : null,
      now: now(),
    });
    return complete({ queueNumber: entry.number, queueGroup: entry.group, queuePosition: entry.position });
  } catch (err) {
    // Bad data or modelling: retrying will not help; an incident tells the operator what to fix.
    if (err instanceof InvalidRequestError) return { kind: 'failure', message: err.message, retries: 0 };
    throw err;
  }
};

export const fromContext = (ctx: WorkerContext) => handler({ requests: servicesOf(ctx).requests });
