// The analyst's reading of an element says where it comes from: the governing act, another act, this product's
// convention, or no act (docs/conventions.md, «Tracing law ↔ diagram»), read from the bundles as deployed.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { basisOf, readElements } from '../../src/analyst/bpmn-elements.js';

const bundleFile = (path: string) => readFileSync(fileURLToPath(new URL(`../../processes/${path}`, import.meta.url)), 'utf8');

describe('src/analyst/bpmn-elements: the basis of an element', () => {
  it('tells the act\'s elements from borrowed, convention and not-in-act ones in a real bundle', async () => {
    const zhambyl = await readElements(bundleFile('zhambyl-sko/preschool-queue/portal.bpmn'));
    expect(zhambyl.get('create-output')!.basis).toEqual({ kind: 'act', step: 'процесс 7' });
    expect(zhambyl.get('create-output-deadline')!.basis).toEqual({ kind: 'borrowed', source: 'act:aktobe-oblast/preschool-registration, Таблица 3, действие 11' });
    expect(zhambyl.get('create-output-escalate')!.basis).toEqual({ kind: 'convention', name: 'escalation' });
    expect(zhambyl.get('create-output-escalated')!.basis).toEqual({ kind: 'convention', name: 'escalation' });
    expect(zhambyl.get('generate-direction')!.basis).toMatchObject({ kind: 'borrowed', source: expect.stringMatching(/^act:semey\/preschool-queue, приложение 3/) });
    const semey = await readElements(bundleFile('semey/housing-queue/provider.bpmn'));
    expect(semey.get('authorization-failed-end')!.basis).toMatchObject({ kind: 'not-in-act', reason: expect.stringContaining('не имеет ветви отказа') });
  });

  it('reads reglament:source before reglament:notInAct before the step', () => {
    expect(basisOf({ 'reglament:step': 'процесс 2', 'reglament:notInAct': 'why', 'reglament:source': 'convention:escalation' })).toEqual({ kind: 'convention', name: 'escalation' });
    expect(basisOf({ 'reglament:step': 'процесс 2', 'reglament:notInAct': 'why' })).toEqual({ kind: 'not-in-act', reason: 'why' });
    expect(basisOf({})).toEqual({ kind: 'act', step: null });
  });
});
