// Overdue steps: a breached time limit recorded for the supervisor view, with an escalation event for the supervising group.
import type { Knex } from 'knex';
import { enqueueEvent } from '../outbox/events.js';
import { isUniqueViolation } from './sequence.js';

export interface OverdueInput {
  tenantId: string | null;
  processInstanceId: string;
  processDefinitionKey?: string | null;
  requestNumber?: string | null;
  /** reglament:step of the timer, e.g. «процесс 6» */
  step: string;
  /** the element whose limit was breached */
  elementId: string;
  /** the escalation task's activity: one record per breach even when the task is retried */
  escalationActivityId: string;
  dueAt?: Date;
  supervisorGroup?: string;
  now?: Date;
}

export interface OverdueStep {
  id: number;
  tenantId: string | null;
  processInstanceId: string;
  requestNumber: string | null;
  step: string;
  elementId: string;
  dueAt: string;
  overdueSince: string;
  supervisorGroup: string;
  notifiedAt: string | null;
  resolvedAt: string | null;
}

function toOverdue(r: Record<string, unknown>): OverdueStep {
  const iso = (v: unknown) => (v == null ? null : new Date(Number(v)).toISOString());
  return {
    id: Number(r.id), tenantId: (r.tenant_id as string | null) ?? null, processInstanceId: String(r.process_instance_id),
    requestNumber: (r.request_number as string | null) ?? null, step: String(r.step), elementId: String(r.element_id),
    dueAt: iso(r.due_at)!, overdueSince: iso(r.overdue_since)!, supervisorGroup: String(r.supervisor_group),
    notifiedAt: iso(r.notified_at), resolvedAt: iso(r.resolved_at),
  };
}

/** Records the breach and, in the same transaction, the escalation event; `created` false for a retried task. */
export async function recordOverdue(db: Knex, input: OverdueInput): Promise<OverdueStep & { created: boolean }> {
  const now = (input.now ?? new Date()).getTime();
  const group = input.supervisorGroup ?? 'supervisor';
  try {
    return await db.transaction(async (trx) => {
      const row = {
        tenant_id: input.tenantId, process_instance_id: input.processInstanceId, process_definition_key: input.processDefinitionKey ?? null,
        request_number: input.requestNumber ?? null, step: input.step, element_id: input.elementId,
        escalation_activity_id: input.escalationActivityId, due_at: (input.dueAt?.getTime() ?? now), overdue_since: now,
        supervisor_group: group, notified_at: input.tenantId ? now : null, resolved_at: null,
      };
      const [inserted] = await trx('registry_overdue_step').insert(row).returning('id');
      const id = Number(typeof inserted === 'object' ? (inserted as { id: number }).id : inserted);
      if (input.tenantId) {
        await enqueueEvent(trx, {
          tenantId: input.tenantId, stream: input.requestNumber ?? input.processInstanceId, type: 'escalation', now: new Date(now),
          payload: { requestNumber: input.requestNumber ?? null, step: input.step, elementId: input.elementId, supervisorGroup: group, overdueSince: new Date(now).toISOString() },
        });
      }
      return { ...toOverdue({ ...row, id }), created: true };
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const row = await db('registry_overdue_step').where({ process_instance_id: input.processInstanceId, escalation_activity_id: input.escalationActivityId }).first();
    return { ...toOverdue(row), created: false };
  }
}

/** Open breaches of the given tenants, oldest first: the supervisor's view. */
export async function listOverdue(db: Knex, tenantIds: string[], includeResolved = false): Promise<OverdueStep[]> {
  const q = db('registry_overdue_step').whereIn('tenant_id', tenantIds).orderBy('overdue_since');
  if (!includeResolved) q.whereNull('resolved_at');
  return (await q).map(toOverdue);
}

/** Marks the breaches of an instance resolved (the step finished late, or the instance ended). */
export async function resolveOverdue(db: Knex, processInstanceId: string, now = new Date()): Promise<number> {
  return db('registry_overdue_step').where({ process_instance_id: processInstanceId }).whereNull('resolved_at').update({ resolved_at: now.getTime() });
}
