// The importer against the hand-made bundles: per seed act, service and route, the share of the hand bundle's steps
// and limits the draft reproduces must meet the floors (90% steps, 80% limits), the Kazakh act included.
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSeedsDir, scoreSeeds } from '../../scripts/import-score.js';
import { compare, routeFacts } from '../../src/importer/score.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SEEDS = defaultSeedsDir(ROOT);
const hasSeeds = existsSync(SEEDS) && readdirSync(SEEDS).some((f) => f.endsWith('.txt'));

describe('score', () => {
  it('counts a hand step or limit the draft lacks as missing', async () => {
    const hand = { steps: new Set(['процесс 1', 'условие 1']), limits: new Set(['процесс 1 | PT1M | calendar']) };
    const draft = { steps: new Set(['процесс 1']), limits: new Set(['процесс 1 | PT1M | kz-working-days']) };
    const s = compare('portal', hand, draft);
    expect(s.steps).toMatchObject({ hand: 2, matched: 1, missing: ['условие 1'] });
    expect(s.limits).toMatchObject({ hand: 1, matched: 0 });
    expect(compare('con', hand, null).steps.matched).toBe(0);
  });

  it('reads steps and limits from a diagram', async () => {
    const xml = `<?xml version="1.0"?><bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="x"><bpmn:process id="p"><bpmn:userTask id="t"><bpmn:extensionElements><camunda:properties><camunda:property name="reglament:step" value="процесс 3" /></camunda:properties></bpmn:extensionElements></bpmn:userTask><bpmn:boundaryEvent id="b" attachedToRef="t" cancelActivity="false"><bpmn:extensionElements><camunda:properties><camunda:property name="reglament:step" value="процесс 3" /><camunda:property name="reglament:calendar" value="kz-working-days" /></camunda:properties></bpmn:extensionElements><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">P3D</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent></bpmn:process></bpmn:definitions>`;
    const facts = await routeFacts(xml);
    expect([...facts.steps]).toEqual(['процесс 3']);
    expect([...facts.limits]).toEqual(['процесс 3 | P3D | kz-working-days']);
  });

  it.skipIf(!hasSeeds)('every seed meets the floors: 90% of the hand steps, 80% of the hand limits', async () => {
    const rows = await scoreSeeds(SEEDS, join(ROOT, 'processes'));
    const seeds = [...new Set(rows.map((r) => r.seed))];
    expect(seeds.length).toBe(readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).length);
    for (const seed of seeds) {
      const of = rows.filter((r) => r.seed === seed);
      const sum = (f: (r: (typeof of)[number]) => number): number => of.reduce((n, r) => n + f(r), 0);
      const missing = (k: 'steps' | 'limits'): string => of.flatMap((r) => r[k].missing.map((m) => `${r.service} ${r.route}: ${m}`)).join('; ');
      expect(sum((r) => r.steps.matched) / sum((r) => r.steps.hand), `${seed} steps, missing ${missing('steps')}`).toBeGreaterThanOrEqual(0.9);
      expect(sum((r) => r.limits.matched) / sum((r) => r.limits.hand), `${seed} limits, missing ${missing('limits')}`).toBeGreaterThanOrEqual(0.8);
      // Every route of a seed is drafted, and none falls far below the floor.
      for (const r of of) {
        expect(r.steps.matched / r.steps.hand, `${seed} ${r.service} ${r.route} steps`).toBeGreaterThanOrEqual(0.9);
        if (r.limits.hand) expect(r.limits.matched / r.limits.hand, `${seed} ${r.service} ${r.route} limits`).toBeGreaterThanOrEqual(0.75);
      }
    }
  }, 120_000);
});
