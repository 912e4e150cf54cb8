// Topic deadline-due: the due instant of a limit of the act in the Kazakhstan calendar, set as a Date variable, for an
// engine that does not count working days (Operaton/Camunda 7, docs/scaling.md): a timer there reads it as
// <timeDate>${reviewDueAt}</timeDate>. reglament's own host counts `reglament:calendar` on the timer itself.
import { addDuration, type CalendarKind } from '../src/calendar/index.js';
import { ReglamentError } from '../src/errors.js';
import { complete, type Outcome, type TaskInput, type WorkerContext } from './types.js';

export const topic = 'deadline-due';
export const lockDuration = 10_000;

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface Deps { now?: () => Date }

/**
 * Properties: `dueVariable` (the variable to set), `reglament:duration` (ISO 8601, e.g. P3D), `reglament:calendar`
 * (`kz-working-days`, default, or `calendar`), `reglament:excludeReceiptDay`, `reglament:excludeIssueDay`, and `from`:
 * a Date variable the term runs from (default: now, the start of the step).
 */
export const handler = ({ now = () => new Date() }: Deps = {}) => async (task: TaskInput): Promise<Outcome> => {
  const p = task.properties;
  const fail = (why: string): Outcome => ({ kind: 'failure', message: `Couldn't compute the deadline of '${task.activityId}': ${why}`, retries: 0 });
  const target = p.dueVariable;
  if (!target || !NAME.test(target)) return fail("property 'dueVariable' must name a variable");
  const duration = p['reglament:duration'];
  if (!duration) return fail("no property 'reglament:duration'");
  let from = now();
  if (p.from) {
    const v = task.variables[p.from];
    if (!(v instanceof Date) || Number.isNaN(v.getTime())) return fail(`variable '${p.from.slice(0, 64)}' (property 'from') is not a date`);
    from = v;
  }
  const flag = (name: string) => (p[name] === undefined ? undefined : p[name] === 'true');
  try {
    const due = addDuration(from, duration, {
      calendar: (p['reglament:calendar'] ?? 'kz-working-days') as CalendarKind,
      excludeReceiptDay: flag('reglament:excludeReceiptDay'), excludeIssueDay: flag('reglament:excludeIssueDay'),
    });
    return complete({ [target]: due });
  } catch (err) {
    if (err instanceof ReglamentError) return fail(err.message);
    throw err;
  }
};

export const fromContext = (_ctx: WorkerContext) => handler();
