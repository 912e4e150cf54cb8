// Feature/Scenario/Given/When/Then on vitest: steps of one scenario run in order and stop at the first failure,
// so a scenario reads like the регламент it checks.
import { describe, it } from 'vitest';

type Step = () => unknown | Promise<unknown>;
let current: { steps: { title: string; fn: Step }[] } | null = null;

export function Feature(title: string, body: () => void): void {
  describe(`Feature: ${title}`, body);
}

export function Scenario(title: string, body: () => void, timeout?: number): void {
  const scenario = { steps: [] as { title: string; fn: Step }[] };
  current = scenario;
  try { body(); } finally { current = null; }
  it(`Scenario: ${title}`, async () => {
    for (const step of scenario.steps) {
      try {
        await step.fn();
      } catch (err) {
        if (err instanceof Error) err.message = `${step.title}: ${err.message}`;
        throw err;
      }
    }
  }, timeout ?? 60_000);
}

function stepOf(keyword: string) {
  return (title: string, fn: Step): void => {
    if (!current) throw new Error(`${keyword} '${title}' must be inside a Scenario`);
    current.steps.push({ title: `${keyword} ${title}`, fn });
  };
}

export const Given = stepOf('Given');
export const When = stepOf('When');
export const Then = stepOf('Then');
export const And = stepOf('And');
export const But = stepOf('But');
