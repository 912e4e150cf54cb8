// Which step each action-table row belongs to. Where the table kept its cells, rows are aligned with the steps in
// order by the words they share; where publishing flattened it, the template's order decides: the first row is
// the intake, the rows up to the limit in days are the processing step's (routing, numbering, statuses), the row in
// days and those after it are the result step's, and a last row after it is the delivery step's. DRAFT.md lists the
// outcome for the analyst to check.
import type { ActStep, TableAction } from './structure.js';

const RESULT = /результат|нәтиже/iu;

function seconds(iso: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(iso);
  return m ? Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0) : 0;
}

const stems = (s: string, min = 4): string[] => s.toLowerCase().split(/[^\p{L}]+/u).filter((w) => w.length >= min).map((w) => w.slice(0, 5));

function similarity(a: string, b: string, min = 4): number {
  const sa = stems(a, min);
  const sb = new Set(stems(b));
  if (!sa.length) return 0;
  return sa.filter((w) => sb.has(w)).length / sa.length;
}

/** Monotone alignment of rows to steps maximising shared words. */
function alignByWords(steps: ActStep[], actions: TableAction[]): number[] {
  const n = actions.length;
  const m = steps.length;
  const best: number[][] = Array.from({ length: n + 1 }, () => new Array(m).fill(-Infinity));
  const from: number[][] = Array.from({ length: n + 1 }, () => new Array(m).fill(0));
  for (let j = 0; j < m; j++) best[0]![j] = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = 0; j < m; j++) {
      let top = -Infinity;
      let arg = 0;
      for (let k = 0; k <= j; k++) if (best[i - 1]![k]! > top) { top = best[i - 1]![k]!; arg = k; }
      // Rows are distinct actions: two rows on one step cost a little, so repeated wording does not pull them together.
      // A row after which the table branches belongs to the check (условие) whose words its «next action» repeats.
      const row = actions[i - 1]!;
      const branch = row.branches && steps[j]!.kind === 'condition' ? 2 * similarity(row.next ?? '', steps[j]!.text, 5) : 0;
      // Steps skipped between two rows cost a little too: the table walks the step list, it rarely leaps over it.
      const skipped = i > 1 ? Math.max(0, j - arg - 1) : j;
      best[i]![j] = top + similarity(actions[i - 1]!.description!, steps[j]!.text) + branch - (i > 1 && j === arg ? 0.3 : 0) - 0.1 * skipped;
      from[i]![j] = arg;
    }
  }
  let j = best[n]!.indexOf(Math.max(...best[n]!));
  const out = new Array<number>(n);
  for (let i = n; i >= 1; i--) {
    out[i - 1] = j;
    j = from[i]![j]!;
  }
  return out;
}

export interface Assignment {
  byStep: Map<ActStep, TableAction[]>;
  /** Rows that no step of the list stands for (the intake when the route's list starts with процесс 1). */
  ownRows: TableAction[];
}

/** `staffIntake`: the route begins with staff receiving documents (provider, ЦОН); on the portal nobody does. */
export function assignActions(steps: ActStep[], actions: TableAction[], staffIntake = true): Assignment {
  const byStep = new Map<ActStep, TableAction[]>();
  const ownRows: TableAction[] = [];
  if (!steps.length || !actions.length) return { byStep, ownRows };
  const put = (s: ActStep, a: TableAction): void => void byStep.set(s, [...(byStep.get(s) ?? []), a]);
  if (actions.every((a) => a.description)) {
    // Words decide only when they clearly do: rows about routing and statuses share few words with any step.
    const aligned = alignByWords(steps, actions);
    const mean = aligned.reduce((sum, j, i) => sum + similarity(actions[i]!.description!, steps[j]!.text), 0) / actions.length;
    if (mean >= 0.5) {
      aligned.forEach((j, i) => put(steps[j]!, actions[i]!));
      return { byStep, ownRows };
    }
  }
  // The result row: the first limit in days, else the longest limit after the intake row.
  let dayAt = actions.findIndex((a) => a.limit.duration.endsWith('D'));
  if (dayAt < 0 && actions.length > 2) {
    const secs = actions.map((a) => seconds(a.limit.duration));
    dayAt = secs.indexOf(Math.max(...secs.slice(1)), 1);
  }
  // The step that forms the result: named so, else the route's last step.
  const named = steps.findIndex((s) => RESULT.test(s.text));
  const resultAt = named >= 0 ? named : steps.length - 1;
  if (dayAt < 0 || resultAt < 0) {
    actions.forEach((a, i) => put(steps[Math.min(steps.length - 1, Math.floor((i * steps.length) / actions.length))]!, a));
    return { byStep, ownRows };
  }
  const before = actions.slice(0, dayAt);
  const processingAt = Math.max(0, resultAt - 1);
  const processing = steps[processingAt]!;
  if (before.length) {
    // The first row is the intake of documents; on the portal it is the system's check of the signed request.
    const check = steps.slice(0, processingAt).map((s, i) => ({ s, i })).filter(({ s }) => s.kind === 'condition').pop();
    if (!staffIntake && check) put(check.s, before.shift()!);
    else if (!steps[0]!.labelled) put(steps[0]!, before.shift()!);
    else ownRows.push(before.shift()!);
  }
  for (const a of before) put(processing, a);
  const after = actions.slice(dayAt);
  const delivery = steps.length - 1 > resultAt ? steps[steps.length - 1]! : null;
  after.forEach((a, i) => put(delivery && i === after.length - 1 && after.length > 1 ? delivery : steps[resultAt]!, a));
  return { byStep, ownRows };
}
