// The error catalogue holds: every class src/errors.ts exports is a row of docs/errors.md with its type and status.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as errors from '../../src/errors.js';

const doc = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const rows = new Map(doc.split('\n').filter((l) => l.startsWith('| `')).map((l) => {
  const cells = l.split('|').map((c) => c.trim().replace(/`/g, ''));
  return [cells[1]!, { type: cells[2]!, status: Number(cells[3]) }] as const;
}));

describe('docs/errors.md', () => {
  const classes = Object.entries(errors).filter(([, v]) => typeof v === 'function' && v.prototype instanceof errors.ReglamentError);
  it('lists the classes', () => { expect(classes.length).toBeGreaterThan(5); });
  for (const [name, Ctor] of classes) {
    it(`lists ${name} with its type and status`, () => {
      const e = name === 'BpmnParseError' ? new errors.BpmnParseError('x', {}) : name === 'TooManyAttemptsError' ? new errors.TooManyAttemptsError('x', 1) : new (Ctor as new (m: string) => errors.ReglamentError)('x');
      expect(rows.get(name)).toEqual({ type: e.type, status: e.status });
    });
  }
});
