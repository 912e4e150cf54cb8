// deadline-due: a limit of the act counted in the Kazakhstan calendar, for an engine whose timers count plain days.
import { describe, expect, it } from 'vitest';
import { handler } from '../../workers/deadline-due.js';
import { aTask } from '../registry/task-factory.js';

const receivedAt = new Date('2012-12-14T16:10:00+06:00'); // Friday, before Independence Day

describe('deadline-due', () => {
  it('three calendar days, the receipt day excluded, over the holidays: Wednesday 19 December 2012, 18:30', async () => {
    const out = await handler()(aTask({
      activityId: 'review-due', variables: { receivedAt },
      properties: { dueVariable: 'reviewDueAt', from: 'receivedAt', 'reglament:duration': 'P3D', 'reglament:calendar': 'calendar', 'reglament:excludeReceiptDay': 'true' },
    }));
    expect(out).toMatchObject({ kind: 'complete', variables: { reviewDueAt: new Date('2012-12-19T18:30:00+06:00') } });
  });
  it('one working day from the start of the step by default: the weekend and 16–18 December do not count', async () => {
    const out = await handler({ now: () => receivedAt })(aTask({ properties: { dueVariable: 'dueAt', 'reglament:duration': 'P1D' } }));
    expect(out).toMatchObject({ kind: 'complete', variables: { dueAt: new Date('2012-12-19T18:30:00+06:00') } });
  });
  it('a modelling error is an incident naming the step and the property', async () => {
    expect(await handler()(aTask({ activityId: 'x', properties: { 'reglament:duration': 'P1D' } }))).toMatchObject({ kind: 'failure', retries: 0, message: expect.stringContaining("'dueVariable'") });
    expect(await handler()(aTask({ properties: { dueVariable: 'd', 'reglament:duration': 'P1W' } }))).toMatchObject({ kind: 'failure', retries: 0, message: expect.stringContaining('working-day') });
    expect(await handler()(aTask({ properties: { dueVariable: 'd', 'reglament:duration': 'P1D', from: 'nope' } }))).toMatchObject({ kind: 'failure', message: expect.stringContaining("'nope'") });
  });
});
