// Topic escalate-overdue: a time limit of the act was breached. Records the overdue step for the supervisor view and,
// in the same transaction, an escalation event for the supervising group; the step itself goes on.
//
// Decision: on the portal route, a limit breached before the request is registered is not a staff breach and is not
// escalated. Until «присвоение номера» every step of a portal route is the applicant's own (the form, the ЭЦП, assigned
// to ${initiator}, candidate group `applicant`) or the portal's automation: no specialist holds the request, and an
// applicant who leaves a draft keeps nobody from working. The timer still fires (the act's limit stays in the diagram
// and the heatmap); the escalation completes without a record. Staff steps assigned to ${initiator} (the ЦОН operator
// or specialist who started a con or provider route) are escalated as before, registered or not.
import { routeOfKey } from '../src/registry/index.js';
import type { RequestService } from '../src/worker-api/services.js';
import { tenantOf } from './register-request.js';
import { servicesOf } from './services.js';
import { complete, type Outcome, type TaskInput, type WorkerContext } from './types.js';

export const topic = 'escalate-overdue';
export const lockDuration = 30_000;
export const variables = ['tenant', 'requestNumber'];

export interface Deps { requests: RequestService; now?: () => Date }

/** The element whose limit was breached: property reglament:overdueElement (or reglament:element), else the task id without its escalation suffix. */
function elementOf(task: TaskInput): string {
  return task.properties['reglament:overdueElement'] || task.properties['reglament:element'] || task.activityId.replace(/-(escalate|escalation|overdue|deadline)(-.*)?$/, '');
}

export const handler = ({ requests, now = () => new Date() }: Deps) => async (task: TaskInput): Promise<Outcome> => {
  const at = now();
  const request = await requests.byInstance(task.processInstanceId);
  if (!request && routeOfKey(task.processDefinitionKey) === 'portal') return complete();
  const due = task.properties['reglament:dueAt'] ? new Date(task.properties['reglament:dueAt']) : undefined;
  await requests.recordOverdue({
    tenantId: tenantOf(task) ?? request?.tenantId ?? null,
    processInstanceId: task.processInstanceId,
    processDefinitionKey: task.processDefinitionKey,
    requestNumber: request?.number ?? (typeof task.variables.requestNumber === 'string' ? task.variables.requestNumber : null),
    step: task.properties['reglament:step'] || task.activityId,
    elementId: elementOf(task),
    escalationActivityId: task.activityId,
    dueAt: due && !Number.isNaN(due.getTime()) ? due : at,
    supervisorGroup: task.properties.supervisorGroup || 'supervisor',
    now: at,
  });
  return complete();
};

export const fromContext = (ctx: WorkerContext) => handler({ requests: servicesOf(ctx).requests });
