// Topic shep-send: направление через ШЭП/РШЭП — a routing event to the target system (ИС услугодателя, ИС ЦОН, кабинет)
// written to the outbox; the event id (shepMessageId) is stable when the task is retried.
import type { Knex } from 'knex';
import { enqueueEvent } from '../src/outbox/index.js';
import { findRequestByInstance } from '../src/registry/index.js';
import { requireDb, tenantOf } from './register-request.js';
import { complete, type Outcome, type TaskInput, type WorkerContext } from './types.js';

export const topic = 'shep-send';
export const lockDuration = 30_000;
export const variables = ['tenant', 'requestNumber'];

const TARGETS = new Set(['provider', 'con', 'cabinet']);

export interface Deps { db: Knex; now?: () => Date }

export const handler = ({ db, now = () => new Date() }: Deps) => async (task: TaskInput): Promise<Outcome> => {
  const target = task.properties.target;
  if (!TARGETS.has(target ?? '')) {
    return { kind: 'failure', message: `Couldn't route through ШЭП: property 'target' must be provider, con or cabinet`, retries: 0 };
  }
  const tenantId = tenantOf(task);
  if (!tenantId) return { kind: 'failure', message: "Couldn't route through ШЭП: no tenant (task tenant or variable 'tenant')", retries: 0 };
  const request = await findRequestByInstance(db, task.processInstanceId);
  const requestNumber = request?.number ?? (typeof task.variables.requestNumber === 'string' ? task.variables.requestNumber : null);
  // The external task id survives retries of this task; a loop back to the step is a new task and a new message.
  const eventId = `shep-${task.id}`;
  const event = await db.transaction((trx) => enqueueEvent(trx, {
    tenantId, stream: requestNumber ?? task.processInstanceId, type: 'routing', target, eventId, now: now(),
    payload: { requestNumber, service: request?.service ?? null, route: request?.route ?? null, status: request?.status ?? null, step: task.properties['reglament:step'] ?? null },
  }));
  return complete({ shepMessageId: event.eventId });
};

export const fromContext = (ctx: WorkerContext) => handler({ db: requireDb(ctx, topic) });
