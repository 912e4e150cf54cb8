// The preschool routes on the real engine (src/reglament/simulate: in-process host, temporary SQLite, fake
// clock): each refusal branch ends at its own end event, each decision reaches its output, and a breached
// decision deadline escalates while the step goes on, due at the working-day deadline the act implies.
// (The main path and decision=refusal of every route run in test/reglament/simulate.test.ts.)
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSimulation, simulateRoute, type SimulationResult } from '../../src/reglament/simulate.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** Friday 20 November 2026, 10:00 in Almaty: the receipt day, followed by a weekend. */
const FRIDAY = new Date('2026-11-20T10:00:00+05:00');

const BUNDLES = [
  { dir: 'zhambyl-sko/preschool-queue', p: (n: number) => `процесс ${n}`, queueAssign: true },
  { dir: 'aktobe-oblast/preschool-registration', p: (n: number) => `процесс-${n}`, queueAssign: false },
  { dir: 'kyzylzhar/preschool-registration', p: (n: number) => `${n}-процесс`, queueAssign: false },
];
const ROUTES = ['provider', 'con', 'portal'] as const;

const ids = (r: SimulationResult): string[] => r.steps.map((s) => s.activityId);
const run = (dir: string, route: string, path: Record<string, string | boolean>): Promise<SimulationResult> =>
  simulateRoute(join(REPO, 'processes', dir), route, { start: FRIDAY, path, root: REPO });

describe.each(BUNDLES)('processes/$dir on the engine', ({ dir, p, queueAssign }) => {
  describe.each(ROUTES)('%s', (route) => {
    it(`${p(2)}: a failed authorization ends at the refusal before any request number`, async () => {
      const r = await run(dir, route, { authorized: false });
      expect(r.endEvent, formatSimulation(r)).toMatchObject({ id: 'auth-refused', outcome: 'refusal' });
      expect(ids(r)).not.toContain('register-request');
    });

    it(`${p(5)}: an unconfirmed signature ends at the refusal before any request number`, async () => {
      const r = await run(dir, route, { signatureValid: false });
      expect(r.endEvent, formatSimulation(r)).toMatchObject({ id: 'signature-refused', outcome: 'refusal' });
      expect(ids(r)).toContain('verify-signature');
      expect(ids(r)).not.toContain('register-request');
    });

    it('no place: the queue notice is generated and handed out as the result', async () => {
      const r = await run(dir, route, { decision: 'queue' });
      expect(r.endEvent, formatSimulation(r)).toMatchObject({ id: 'result-issued', outcome: 'result' });
      expect(ids(r)).toContain('generate-queue-notice');
      expect(ids(r).includes('assign-queue-number')).toBe(queueAssign);
      expect(ids(r)).not.toContain('generate-direction');
    });

    it('a breached decision deadline escalates and the decision goes on to the direction', async () => {
      const r = await run(dir, route, { decision: 'direction', overdue: 'decide' });
      expect(r.endEvent, formatSimulation(r)).toMatchObject({ id: 'result-issued', outcome: 'result' });
      expect(ids(r)).toEqual(expect.arrayContaining(['decide-escalate', 'decide-escalated', 'generate-direction', 'deliver-result']));
      const decide = r.steps.find((s) => s.activityId === 'decide')!;
      expect(decide.deadline?.fired).toBe(true);
      expect(ids(r).indexOf('decide-escalate')).toBeGreaterThan(ids(r).indexOf('decide'));
    });
  });
});

describe('the decision deadlines fall where the acts put them', () => {
  const decideDeadline = async (dir: string, route: string): Promise<NonNullable<SimulationResult['steps'][number]['deadline']>> => {
    const r = await run(dir, route, { decision: 'direction' });
    return r.steps.find((s) => s.activityId === 'decide')!.deadline!;
  };

  it('Zhambyl, ЦОН: 3 working days without the day of receipt — Wednesday 25 November, end of the working day', async () => {
    const d = await decideDeadline('zhambyl-sko/preschool-queue', 'con');
    expect(d).toMatchObject({ duration: 'P3D', calendar: 'kz-working-days', excludeReceiptDay: true });
    expect(d.dueAt.toISOString()).toBe('2026-11-25T13:30:00.000Z');
  });

  it('Zhambyl, portal: 3 working days counting from the request — Tuesday 24 November', async () => {
    const d = await decideDeadline('zhambyl-sko/preschool-queue', 'portal');
    expect(d).toMatchObject({ duration: 'P3D', calendar: 'kz-working-days', excludeReceiptDay: false });
    expect(d.dueAt.toISOString()).toBe('2026-11-24T13:30:00.000Z');
  });

  it('Aktobe, portal: «Не более 15 минут» from the moment the decision task opens', async () => {
    const r = await run('aktobe-oblast/preschool-registration', 'portal', { decision: 'direction' });
    const decide = r.steps.find((s) => s.activityId === 'decide')!;
    expect(decide.deadline).toMatchObject({ duration: 'PT15M', calendar: 'calendar' });
    expect(decide.deadline!.dueAt.getTime() - decide.startedAt.getTime()).toBe(15 * 60_000);
  });
});
