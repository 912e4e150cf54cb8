// docs/traceability.md: generated from the bundles, both directions, unmapped steps listed; the committed file is current.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBundle } from '../../src/reglament/bundle.js';
import { buildTraceability, traceabilityMarkdown, traceRoute } from '../../src/reglament/traceability.js';
import { parseBpmn } from '../../src/reglament/moddle.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

describe('src/reglament/traceability', () => {
  it('maps each step of the manifest to its elements and limits, and lists the unmapped step', async () => {
    const bundle = await readBundle(join(FIXTURES, 'processes', 'fixture-tenant', 'fixture-service'));
    const md = traceabilityMarkdown([bundle], FIXTURES);
    expect(md).toContain('## fixture-tenant / fixture-service — Тестовая услуга');
    expect(md).toContain('- In force: 2013-06-01 – 2015-12-31 (repealed by Постановление № 99 от 2015-12-01)');
    expect(md).toContain(
      '| процесс 5 | Таблица 1, действие 5 | рассмотрение запроса; срок: В течение 3 рабочих дней | `review` | P3D раб. дн., без дня приема («В течение 3 рабочих дней») |',
    );
    expect(md).toContain('| условие 1 | Таблица 1, действие 1 | проверка авторизации; срок: Не более 1 минуты | `authorize` | PT1M («Не более 1 минуты») |');
    expect(md).toContain('| процесс 8 |  | шаг акта, которого нет в диаграммы'.replace('диаграммы', 'диаграмме') + ' | **unmapped** |  |');
    expect(md).toContain('| `refusal-decision` | end event (refusal) | Специалист УО | процесс 7 — мотивированный отказ | процесс 7 |  |');
    expect(md).toContain('Unmapped: step процесс 8: no element.');
  });

  it('lists step elements without reglament:step, and elements the act does not describe', async () => {
    const xml = readFileSync(join(FIXTURES, 'valid.bpmn'), 'utf8')
      .replace('<camunda:property name="reglament:step" value="процесс 7" />', '')
      .replace('<camunda:property name="reglament:step" value="процесс 2" />', '<camunda:property name="reglament:notInAct" value="the act has no refusal for sign-in" />');
    const { definitions } = await parseBpmn(xml);
    const trace = traceRoute(definitions, 'portal', 'portal.bpmn', undefined);
    expect(trace.unmappedElements).toEqual(['refusal-decision']);
    expect(trace.notInAct).toEqual([{ id: 'refusal-auth', reason: 'the act has no refusal for sign-in' }]);
    expect(trace.steps.map((s) => s.step)).toEqual(['условие 1', 'процесс 5', 'условие 2', 'процесс 6']);
  });

  it('shows what is borrowed from another act and what is this product\'s convention, apart from the act', async () => {
    const bundle = await readBundle(join(FIXTURES, 'processes', 'fixture-tenant', 'fixture-service'));
    const route = bundle.routes[0]!;
    const xml = readFileSync(route.path, 'utf8').replace(
      '<camunda:property name="reglament:limitText" value="В течение 3 рабочих дней" />',
      '<camunda:property name="reglament:limitText" value="В течение 3 рабочих дней" /><camunda:property name="reglament:source" value="act:other-tenant/other-service, Таблица 1, действие 5" />',
    );
    const { definitions } = await parseBpmn(xml);
    const trace = traceRoute(definitions, 'portal', 'portal.bpmn', undefined);
    expect(trace.borrowed).toEqual([{ id: 'review-deadline', source: 'act:other-tenant/other-service, Таблица 1, действие 5' }]);
    expect(trace.conventions).toEqual([{ name: 'escalation', ids: ['authorize-escalate', 'authorize-escalated', 'review-escalate', 'review-escalated'] }]);
    expect(trace.elements.find((e) => e.id === 'review')!.limits[0]!.source).toBe('act:other-tenant/other-service, Таблица 1, действие 5');
    const md = traceabilityMarkdown([{ ...bundle, routes: [{ ...route, definitions }] }], FIXTURES);
    expect(md).toContain('P3D раб. дн., без дня приема («В течение 3 рабочих дней») **borrowed** (act:other-tenant/other-service, Таблица 1, действие 5)');
    expect(md).toContain('Borrowed from another act (reglament:source): `review-deadline` — act:other-tenant/other-service, Таблица 1, действие 5.');
    expect(md).toContain('This product\'s convention `escalation`, not the act\'s (reglament:source = convention:escalation): 4 element(s), `authorize-escalate`, `authorize-escalated`, `review-escalate`, `review-escalated`.');
  });

  it('docs/traceability.md is up to date with processes/ (run `reglament traceability`)', async () => {
    const committed = readFileSync(join(REPO, 'docs', 'traceability.md'), 'utf8');
    expect(committed).toBe(await buildTraceability(REPO));
  });
});
