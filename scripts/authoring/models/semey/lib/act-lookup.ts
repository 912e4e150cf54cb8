// Finds a step's verbatim text and an action row's reference and limit in the Semey act text.
import type { Limit } from '../../../route-model.js';
import { semeyAct, type ActAction, type SemeyRoute } from './act-text.js';
import { limitOf, type LimitOverride } from './limits.js';

export function serviceAct(service: string) {
  const act = semeyAct[service];
  if (!act) throw new Error(`No Semey act text for service '${service}'`);
  return act;
}

/** The act's verbatim text of a step on a route; throws when the route has no such step. */
export function stepText(service: string, route: SemeyRoute, step: string): string {
  const found = serviceAct(service).routes[route]?.steps.find((candidate) => candidate.step === step);
  if (!found) throw new Error(`Service '${service}', route '${route}': the act has no step «${step}»`);
  return found.text;
}

export interface ActionRef {
  /** 'Таблица 2, действие 3' */
  ref: string;
  limit?: Limit;
  row: ActAction;
}

/** The reference and deadline of action n of the route's table. */
export function actionOf(
  service: string,
  route: SemeyRoute,
  n: number,
  overrides: Record<string, LimitOverride> = {},
): ActionRef {
  const table = serviceAct(service).tables[route];
  const row = table?.actions.find((candidate) => candidate.n === n);
  if (!table || !row) throw new Error(`Service '${service}', route '${route}': the table has no action ${n}`);
  const ref = `Таблица ${table.table}, действие ${n}`;
  const limit = limitOf(row.limit, ref, overrides[`${route}:${n}`]);
  return limit ? { ref, limit, row } : { ref, row };
}
