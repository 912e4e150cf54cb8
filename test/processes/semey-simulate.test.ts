// The Semey routes in the analyst's simulator (src/reglament/simulate: in-process host, fake clock): a breached
// intake limit escalates to the supervisor while the step goes on to the result, due at the act's limit.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulator, formatSimulation, type Simulator } from '../../src/reglament/simulate.js';
import { root, routesOf, SEMEY, type Route } from './semey-bundles.js';

/** A day the act was in force (2013-02-08 … 2013-05-22), 10:00 in Semey. */
const IN_FORCE = new Date('2013-03-01T10:00:00+06:00');

/** The first user task with a limit on each route, and the action of the table it answers. */
const INTAKE: Record<Route, { task: string; action: number }> = {
  portal: { task: 'fill-request', action: 3 },
  provider: { task: 'enter-request', action: 2 },
  con: { task: 'enter-request', action: 2 },
};

describe('Semey routes in the simulator', () => {
  let simulator: Simulator;
  beforeAll(async () => {
    simulator = await createSimulator();
  });
  afterAll(async () => {
    await simulator.close();
  });

  for (const service of Object.keys(SEMEY)) {
    for (const route of routesOf(service)) {
      it(`${service}-${route}: the breached intake limit escalates and the request goes on to the result`, async () => {
        const { task, action } = INTAKE[route];
        const r = await simulator.run(join(root, 'processes', 'semey', service), route, {
          start: IN_FORCE,
          // S4 picks its certificate by the variant the application chose; the others ignore it.
          path: { overdue: task, variant: 'bank' },
          root,
        });
        expect(r.endEvent, formatSimulation(r)).toMatchObject({ id: 'result-end', outcome: 'result' });
        const ids = r.steps.map((step) => step.activityId);
        expect(ids).toEqual(expect.arrayContaining([`${task}-escalate`, `${task}-escalated`, 'register-request']));
        const intake = r.steps.find((step) => step.activityId === task)!;
        const limit = SEMEY[service]!.routes[route]!.limits[action - 1]!;
        expect(intake.deadline).toMatchObject({ duration: limit, calendar: 'calendar', fired: true });
        const seconds = /PT(?:(\d+)M)?(?:(\d+)S)?/.exec(limit)!;
        const ms = (Number(seconds[1] ?? 0) * 60 + Number(seconds[2] ?? 0)) * 1000;
        expect(intake.deadline!.dueAt.getTime() - intake.startedAt.getTime()).toBe(ms);
      });
    }
  }
});
