// Topic register-request: «присвоение номера заявлению» — one request number per process instance in the akimat's
// format, assigned once even when the step is retried; the request shows as «поступившие».
import type { RequestService } from '../src/worker-api/services.js';
import { servicesOf } from './services.js';
import { complete, type Outcome, type TaskInput, type WorkerContext } from './types.js';

export const topic = 'register-request';
export const lockDuration = 30_000;
export const variables = ['tenant', 'applicantIin', 'initiator'];

export interface Deps { requests: RequestService; now?: () => Date }

/** The service: property `service`, else the definition key without its route suffix. */
function serviceOf(task: TaskInput): string | null {
  if (task.properties.service) return task.properties.service;
  const key = task.processDefinitionKey;
  return key ? key.replace(/-(provider|con|portal)$/, '') : null;
}

export function tenantOf(task: TaskInput): string | null {
  const t = task.tenantId ?? task.variables.tenant;
  return typeof t === 'string' && t ? t : null;
}

export const handler = ({ requests, now = () => new Date() }: Deps) => async (task: TaskInput): Promise<Outcome> => {
  const tenantId = tenantOf(task);
  const service = serviceOf(task);
  if (!tenantId || !service) {
    return { kind: 'failure', message: `Couldn't register the request: ${!tenantId ? "no tenant (task tenant or variable 'tenant')" : "no property 'service'"}`, retries: 0 };
  }
  const applicantIin = typeof task.variables.applicantIin === 'string' && /^[0-9]{12}$/.test(task.variables.applicantIin) ? task.variables.applicantIin : null;
  const initiator = typeof task.variables.initiator === 'string' ? task.variables.initiator : null;
  const request = await requests.register({
    tenantId, service, processDefinitionKey: task.processDefinitionKey, processInstanceId: task.processInstanceId,
    applicantIin, initiator, now: now(),
  });
  return complete({ requestNumber: request.number, receivedAt: new Date(request.receivedAt) });
};

export const fromContext = (ctx: WorkerContext) => handler({ requests: servicesOf(ctx).requests });
