// Which step each action-table row belongs to. Tables lost their columns in publishing, so the rows are aligned with
// the route's steps in order: a limit in days pins its row to the step that forms the result, and the other rows are
// spread in order over the steps before and after it. The analyst checks this in DRAFT.md.
import type { ActStep, TableAction } from './structure.js';

const RESULT = /результат|нәтиже/iu;

export function assignActions(steps: ActStep[], actions: TableAction[]): Map<ActStep, TableAction[]> {
  const out = new Map<ActStep, TableAction[]>();
  if (!steps.length || !actions.length) return out;
  const put = (s: ActStep, a: TableAction): void => void out.set(s, [...(out.get(s) ?? []), a]);
  const dayAt = actions.findIndex((a) => a.limit.duration.endsWith('D'));
  const resultAt = steps.findIndex((s) => RESULT.test(s.text));
  const spread = (acts: TableAction[], targets: ActStep[]): void => {
    if (!targets.length) return;
    acts.forEach((a, i) => put(targets[Math.min(targets.length - 1, Math.floor((i * targets.length) / acts.length))]!, a));
  };
  if (dayAt >= 0 && resultAt >= 0) {
    spread(actions.slice(0, dayAt), steps.slice(0, resultAt));
    put(steps[resultAt]!, actions[dayAt]!);
    spread(actions.slice(dayAt + 1), steps.slice(resultAt));
  } else spread(actions, steps);
  return out;
}
