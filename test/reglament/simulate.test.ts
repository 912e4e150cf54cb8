// reglament simulate: routes run on the real engine in-process with fake time to their end events, deadlines
// counted in Kazakhstan working days; every kindergarten bundle's routes run their main path and a refusal.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findBundles, readBundle } from '../../src/reglament/bundle.js';
import { createSimulator, formatSimulation, parsePath, simulateRoute, type SimulationResult, type Simulator } from '../../src/reglament/simulate.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = join(FIXTURES, 'processes', 'fixture-tenant', 'fixture-service');
const FRIDAY = new Date('2026-11-20T10:00:00+05:00');

const ids = (r: SimulationResult): string[] => r.steps.map((s) => s.activityId);

describe('src/reglament/simulate on the fixture bundle', () => {
  it('warns when the start lies outside the act\'s validity window, and runs anyway', async () => {
    const zhambyl = join(REPO, 'processes', 'zhambyl-sko', 'preschool-queue');
    const outside = await simulateRoute(zhambyl, 'portal', { start: FRIDAY });
    expect(outside.warnings).toEqual([expect.stringMatching(/not in force on 2026-11-20: its validity is 2013-02-12 \(assumed\) – 2013-05-21 \(assumed\)/)]);
    expect(formatSimulation(outside)).toMatch(/warning: the act is not in force/);
    const inside = await simulateRoute(zhambyl, 'portal', { start: new Date('2013-03-01T10:00:00+06:00') });
    expect(inside.warnings).toEqual([]);
    // validity.to is the last day in force, as the host counts it.
    const lastDay = await simulateRoute(zhambyl, 'portal', { start: new Date('2013-05-21T10:00:00+06:00') });
    expect(lastDay.warnings).toEqual([]);
  });

  it('says when the act\'s end of validity is unknown, and runs as in force', async () => {
    const kyzylzhar = join(REPO, 'processes', 'kyzylzhar', 'preschool-registration');
    const r = await simulateRoute(kyzylzhar, 'portal', { start: FRIDAY });
    expect(r.warnings).toEqual([expect.stringMatching(/end of validity is unknown \(validity 2012-08-12 \(assumed\) – unknown, bundle manifest\): a real start on 2026-11-20 is accepted as in force/)]);
  });

  it('runs the main path to the result with each step\'s deadline in working days', async () => {
    const r = await simulateRoute(BUNDLE, 'portal', { start: FRIDAY });
    expect(r.stuck).toBeNull();
    expect(r.ended).toBe(true);
    expect(r.endEvent).toEqual({ id: 'result', name: 'процесс 6 — результат выдан', outcome: 'result' });
    expect(ids(r)).toEqual(['start', 'authorize', 'authorized-gateway', 'review', 'decision-gateway', 'result']);
    const review = r.steps.find((s) => s.activityId === 'review')!;
    // Received Friday 10:01, receipt day excluded: Mon, Tue, Wed → Wednesday 25 November, 18:30 Almaty.
    expect(review.deadline!.dueAt.toISOString()).toBe('2026-11-25T13:30:00.000Z');
    expect(review.deadline).toMatchObject({ duration: 'P3D', calendar: 'kz-working-days', excludeReceiptDay: true, fired: false });
    const authorize = r.steps.find((s) => s.activityId === 'authorize')!;
    expect(authorize.deadline!.dueAt.toISOString()).toBe('2026-11-20T05:01:00.000Z');
    expect(formatSimulation(r)).toMatch(/review +процесс 5 +P3D working days, receipt day excluded +2026-11-25 18:30/);
  });

  it('a request received Friday evening is due one working day later', async () => {
    const r = await simulateRoute(BUNDLE, 'portal', { start: new Date('2026-11-20T19:00:00+05:00') });
    expect(r.steps.find((s) => s.activityId === 'review')!.deadline!.dueAt.toISOString()).toBe('2026-11-26T13:30:00.000Z');
  });

  it.each([
    ['decision=refusal', 'refusal-decision'],
    ['authorized=false', 'refusal-auth'],
  ])('the path %s ends at refusal %s', async (spec, end) => {
    const r = await simulateRoute(BUNDLE, 'portal', { start: FRIDAY, path: parsePath([spec]) });
    expect(r.endEvent).toMatchObject({ id: end, outcome: 'refusal' });
  });

  it('a breached deadline escalates and the step goes on', async () => {
    const r = await simulateRoute(BUNDLE, 'portal', { start: FRIDAY, path: parsePath(['overdue=review']) });
    expect(ids(r)).toEqual(expect.arrayContaining(['review-escalate', 'review-escalated', 'result']));
    expect(r.endEvent).toMatchObject({ id: 'result', outcome: 'result' });
    expect(r.steps.find((s) => s.activityId === 'review')!.deadline!.fired).toBe(true);
  });

  // bpmn-engine computes timer expiry from Date, so the simulator fakes Date itself (src/reglament/fake-date.ts).
  it('the engine\'s own timer row is due at the same working-day deadline, and Date is real again afterwards', async () => {
    const r = await simulateRoute(BUNDLE, 'portal', { start: FRIDAY });
    const review = r.steps.find((s) => s.activityId === 'review')!;
    expect(review.deadline!.engineDueAt?.toISOString()).toBe('2026-11-25T13:30:00.000Z');
    expect(Math.abs(Date.now() - performance.timeOrigin - performance.now())).toBeLessThan(60_000);
    expect(new Date().getUTCFullYear()).toBeGreaterThanOrEqual(2026);
  });

  it('sets a variable a gateway compares with literals to the first value tested, and reports an engine refusal as stuck', async () => {
    const root = mkdtempSync(join(tmpdir(), 'reglament-simulate-'));
    try {
      cpSync(FIXTURES, root, { recursive: true });
      const file = join(root, 'processes', 'fixture-tenant', 'fixture-service', 'portal.bpmn');
      writeFileSync(file, readFileSync(file, 'utf8')
        .replace(' default="flow-decision-gateway-to-result"', '')
        .replace(/<bpmn:sequenceFlow id="flow-decision-gateway-to-result"([^>]*?)\s*\/>/, '<bpmn:sequenceFlow id="flow-decision-gateway-to-result"$1><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${variant == \'bank\'}</bpmn:conditionExpression></bpmn:sequenceFlow>'));
      const dir = join(root, 'processes', 'fixture-tenant', 'fixture-service');
      const main = await simulateRoute(dir, 'portal', { start: FRIDAY });
      expect(main.endEvent, formatSimulation(main)).toMatchObject({ id: 'result', outcome: 'result' });
      const other = await simulateRoute(dir, 'portal', { start: FRIDAY, path: { variant: 'fund' } });
      expect(other.ended).toBe(false);
      expect(other.stuck).toMatch(/no conditional flow taken/);
      expect(formatSimulation(other)).toMatch(/STUCK: .*decision-gateway/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses an unknown route and a malformed path', async () => {
    await expect(simulateRoute(BUNDLE, 'con')).rejects.toThrow(/has no readable route 'con' \(routes: portal\)/);
    expect(() => parsePath(['decision'])).toThrow(/Invalid path entry 'decision'/);
    expect(parsePath(['decision=refusal,signatureValid=false', 'queueNumber=3'])).toEqual({ decision: 'refusal', signatureValid: false, queueNumber: 3 });
  });
});

const KINDERGARTEN = ['zhambyl-sko', 'aktobe-oblast', 'kyzylzhar'];
const kindergartenBundles = existsSync(join(REPO, 'processes'))
  ? findBundles(join(REPO, 'processes')).filter((d) => KINDERGARTEN.some((t) => d.includes(`${join('processes', t)}`)))
  : [];

describe.skipIf(kindergartenBundles.length === 0)('src/reglament/simulate on the kindergarten bundles', () => {
  // One store and host for every run: migrations dominate a run's time.
  let simulator: Simulator;
  let workingDayDeadlines = 0;
  beforeAll(async () => { simulator = await createSimulator(); });
  afterAll(async () => {
    await simulator?.close();
    // Zhambyl's act limits the decision to 3 working days on every route: the check above must have run.
    expect(workingDayDeadlines).toBeGreaterThan(0);
  });
  for (const dir of kindergartenBundles) {
    describe(dir.slice(dir.indexOf('processes')), async () => {
      const bundle = await readBundle(dir);
      for (const route of bundle.routes.map((r) => r.route)) {
        it(`${route}: the main path reaches the result, working-day deadlines due at 18:30 of a working day`, async () => {
          const r = await simulator.run(dir, route, { start: FRIDAY });
          expect(r.stuck, formatSimulation(r)).toBeNull();
          expect(r.endEvent?.outcome, formatSimulation(r)).toBe('result');
          for (const s of r.steps) {
            // The engine's own timer row is due where the calendar says (every limit, minutes or working days).
            if (s.deadline) expect(s.deadline.engineDueAt?.toISOString(), s.activityId).toBe(s.deadline.dueAt.toISOString());
            if (s.deadline?.calendar !== 'kz-working-days' || s.deadline.duration !== 'P3D') continue;
            workingDayDeadlines++;
            // Every step starts on Friday 20 November in working hours: Mon 23, Tue 24, Wed 25 November, 18:30.
            expect(s.deadline.dueAt.toISOString(), s.activityId).toBe(s.deadline.excludeReceiptDay ? '2026-11-25T13:30:00.000Z' : '2026-11-24T13:30:00.000Z');
          }
        });
        it(`${route}: decision=refusal ends at a refusal`, async () => {
          const r = await simulator.run(dir, route, { start: FRIDAY, path: { decision: 'refusal' } });
          expect(r.endEvent?.outcome, formatSimulation(r)).toBe('refusal');
        });
      }
    });
  }
});
