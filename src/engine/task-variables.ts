// Task-local variables (Camunda's variables of a task's own scope): kept in the task's row, so they end with the task,
// and mirrored into the task's activity history row in the same transaction, which keeps their last values.
import type { Knex } from 'knex';
import { OptimisticLockingError } from '../errors.js';
import { num } from '../store/engine-rows.js';
import type { Access, VariableMap } from './api.js';
import { forOutput, normalizeMap, splitTransient } from './variables.js';
import { sealCredentials } from './credential-tickets.js';

type Row = Record<string, any>;

export interface TaskVariableDeps {
  db: Knex;
  now(): number;
  maxFileSize: number | undefined;
  visibleRow(table: string, id: string, access: Access, what: string): Promise<Row>;
  opLog(trx: Knex.Transaction, access: Access, e: Record<string, unknown> & { operation_type: string; entity_type: string }): Promise<void>;
}

export interface TaskVariableOps {
  /** The task's own variables (NotFoundError for a task unknown or of another tenant); `raw` keeps File bytes inline. */
  getTaskLocalVariables(taskId: string, access: Access, opts?: { raw?: boolean }): Promise<VariableMap>;
  /** Sets and removes task-local variables under the task's revision; transient values are not stored (as elsewhere). */
  modifyTaskLocalVariables(taskId: string, mod: { modifications?: VariableMap; deletions?: string[] }, access: Access): Promise<void>;
}

const localsOf = (r: Row): VariableMap => (r.local_variables ? (JSON.parse(r.local_variables) as VariableMap) : {});

export function taskVariableOps(deps: TaskVariableDeps): TaskVariableOps {
  const { db, now, maxFileSize, visibleRow, opLog } = deps;
  return {
    async getTaskLocalVariables(taskId, access, opts) {
      const vars = localsOf(await visibleRow('engine_user_task', taskId, access, 'Task'));
      return opts?.raw ? vars : forOutput(vars);
    },
    async modifyTaskLocalVariables(taskId, mod, access) {
      const set = splitTransient(normalizeMap(mod.modifications, maxFileSize)).stored;
      for (let attempt = 0; attempt < 5; attempt++) {
        const r = await visibleRow('engine_user_task', taskId, access, 'Task');
        const vars = localsOf(r);
        // a bearer credential rests nowhere, task scopes included (docs/security.md): it becomes a ticket here too
        const sealed = { ...set };
        const tickets = sealCredentials(sealed, r.instance_id, now());
        Object.assign(vars, sealed);
        for (const d of mod.deletions ?? []) delete vars[d];
        const text = Object.keys(vars).length ? JSON.stringify(vars) : null;
        const done = await db.transaction(async (trx) => {
          const n = await trx('engine_user_task').where({ id: taskId, rev: r.rev }).update({ local_variables: text, rev: num(r.rev) + 1, last_updated: now() });
          if (n !== 1) return false;
          // the user task's history row has the task's id (src/engine/instances.ts, histRow)
          await trx('engine_hist_activity').where({ id: taskId }).update({ local_variables: text });
          for (const t of tickets) await trx(t.table).insert(t.row);
          await opLog(trx, access, { operation_type: 'ModifyVariable', entity_type: 'Variable', property: 'localVariables', new_value: [...Object.keys(set), ...(mod.deletions ?? [])].join(',').slice(0, 4000) || null,
            task_id: taskId, instance_id: r.instance_id, definition_id: r.definition_id, definition_key: r.definition_key, tenant_id: r.tenant_id });
          return true;
        });
        if (done) return;
      }
      throw new OptimisticLockingError(`Task '${taskId}' is changing too often; try again`);
    },
  };
}
