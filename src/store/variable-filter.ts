// Camunda's variable conditions (src/engine/variable-conditions.ts) on a JSON text column of typed values
// ({"name": {"type": …, "value": …}}), in SQL on both dialects, so that paging and counts stay exact.
import type { Knex } from 'knex';
import { OPERATORS, ORDERED, type VariableCondition } from '../engine/variable-conditions.js';

/** Adds each condition to `q` on the JSON text `column`. A variable that is absent matches no condition. */
export function whereVariables(db: Knex, q: Knex.QueryBuilder, column: string, conditions: VariableCondition[] | undefined): void {
  const pg = /^(pg|postgres)/.test(String(db.client.config.client));
  for (const c of conditions ?? []) {
    const op = OPERATORS[c.operator];
    if (pg) {
      const v = `(${column})::jsonb -> ? -> 'value'`;
      if (ORDERED.has(c.operator)) q.whereRaw(`jsonb_typeof(${v}) = 'number' and (${v})::numeric ${op} ?`, [c.name, c.name, c.value]);
      // jsonb equality compares type and value: 5 ≠ "5", true ≠ "true", as Camunda's typed comparison does.
      else if (c.operator === 'like') q.whereRaw(`jsonb_typeof(${v}) = 'string' and (${v} #>> '{}') like ?`, [c.name, c.name, c.value]);
      else {
        const equal = c.text === undefined ? `${v} = ?::jsonb` : `(${v} = ?::jsonb or ${v} = ?::jsonb)`;
        const args = [c.name, JSON.stringify(c.value), ...(c.text === undefined ? [] : [c.name, JSON.stringify(c.text)])];
        if (c.operator === 'eq') q.whereRaw(equal, args);
        else q.whereRaw(`${v} is not null and not ${equal}`, [c.name, ...args]);
      }
    } else {
      const path = `$."${c.name}".value`;
      const type = `json_type(${column}, ?)`;
      const v = `json_extract(${column}, ?)`;
      if (ORDERED.has(c.operator)) q.whereRaw(`${type} in ('integer', 'real') and ${v} ${op} ?`, [path, path, c.value]);
      else if (c.operator === 'like') q.whereRaw(`${type} = 'text' and ${v} like ?`, [path, path, c.value]);
      else {
        const jsonType = typeof c.value === 'string' ? ['text'] : typeof c.value === 'boolean' ? [c.value ? 'true' : 'false'] : typeof c.value === 'number' ? ['integer', 'real'] : ['null'];
        const same = `${type} in (${jsonType.map(() => '?').join(', ')})`;
        // json_extract answers 1/0 for JSON true/false.
        const bound = typeof c.value === 'boolean' ? (c.value ? 1 : 0) : c.value;
        const typed = c.value === null ? same : `${same} and ${v} = ?`;
        const equal = c.text === undefined ? typed : `((${typed}) or (${type} = 'text' and ${v} = ?))`;
        const args = [...(c.value === null ? [path, ...jsonType] : [path, ...jsonType, path, bound as string | number]), ...(c.text === undefined ? [] : [path, path, c.text])];
        if (c.operator === 'eq') q.whereRaw(equal, args);
        else q.whereRaw(`${type} is not null and not (${equal})`, [path, ...args]);
      }
    }
  }
}
