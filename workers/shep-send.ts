// Topic shep-send: направление через ШЭП/РШЭП — a routing event to the target system (ИС услугодателя, ИС ЦОН, кабинет)
// written to the outbox; the event id (shepMessageId) is stable when the task is retried.
import type { RequestService } from '../src/worker-api/services.js';
import { tenantOf } from './register-request.js';
import { servicesOf } from './services.js';
import { complete, type Outcome, type TaskInput, type WorkerContext } from './types.js';

export const topic = 'shep-send';
export const lockDuration = 30_000;
export const variables = ['tenant', 'requestNumber'];

const TARGETS = new Set(['provider', 'con', 'cabinet']);

export interface Deps { requests: RequestService; now?: () => Date }

export const handler = ({ requests, now = () => new Date() }: Deps) => async (task: TaskInput): Promise<Outcome> => {
  const target = task.properties.target;
  if (!TARGETS.has(target ?? '')) {
    return { kind: 'failure', message: `Couldn't route through ШЭП: property 'target' must be provider, con or cabinet`, retries: 0 };
  }
  const tenantId = tenantOf(task);
  if (!tenantId) return { kind: 'failure', message: "Couldn't route through ШЭП: no tenant (task tenant or variable 'tenant')", retries: 0 };
  // The external task id survives retries of this task; a loop back to the step is a new task and a new message.
  // The event carries the registered request's number, service, route and status (the variable's number before registration).
  const event = await requests.route({
    tenantId, processInstanceId: task.processInstanceId, target: target!, eventId: `shep-${task.id}`, now: now(),
    requestNumber: typeof task.variables.requestNumber === 'string' ? task.variables.requestNumber : null,
    step: task.properties['reglament:step'] ?? null,
  });
  return complete({ shepMessageId: event.eventId });
};

export const fromContext = (ctx: WorkerContext) => handler({ requests: servicesOf(ctx).requests });
