// The linter: every rule of bpmnlint-plugin-reglament catches its broken fixture, and the bundle checks catch
// inconsistent manifests; the valid fixture and bundle lint clean.
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { checkDuration } from '../../src/calendar/index.js';
import { formatFindings, lintBundle, lintFile, lintPaths, pluginRuleNames, PLUGIN_DIR } from '../../src/reglament/lint/index.js';

const require = createRequire(import.meta.url);
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = join(FIXTURES, 'processes', 'fixture-tenant', 'fixture-service');
const context = { topics: ['authorize', 'escalate-overdue'], forms: ['fixture-review'] };
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

const lint = (name: string, ctx: object = context) => lintFile(join(FIXTURES, name), { root: REPO, context: ctx });

describe('src/reglament/lint: bpmnlint-plugin-reglament', () => {
  it('finds nothing in the valid fixture (recommended rules and the plugin)', async () => {
    expect(await lint('valid.bpmn')).toEqual([]);
  });

  it.each([
    ['step-reference', 'review', /must start with its step «процесс 5»/],
    ['external-task-topic', 'authorize', /No worker serves topic 'authorise-typo'/],
    ['user-task-assignment', 'review', /neither camunda:candidateGroups nor camunda:assignee/],
    ['user-task-form', 'review', /Form 'no-such-form' does not exist/],
    ['deadline-timer', 'review-deadline', /'P1M' counts years, months or weeks in working days/],
    ['gateway-conditions', 'flow-decision-gateway-to-result', /neither a condition nor is the default/],
    ['condition-syntax', 'flow-decision-gateway-to-refusal-decision', /does not parse/],
    ['limit-text', 'review-deadline', /Timer duration P3D does not match its limit text «В течение 5 рабочих дней» \(P5D\)/],
    ['source-mark', 'review-escalated', /An escalation branch is not in the act: mark it reglament:source="convention:escalation"/],
  ])('reglament/%s catches its broken fixture', async (rule, elementId, message) => {
    const findings = (await lint(`${rule}.broken.bpmn`)).filter((f) => f.rule === `reglament/${rule}`);
    expect(findings.map((f) => f.where)).toContain(elementId);
    expect(findings.find((f) => f.where === elementId)!.message).toMatch(message);
    expect(findings.every((f) => f.severity === 'error')).toBe(true);
  });

  it('reglament/deadline-escalates warns about an interrupting deadline', async () => {
    const findings = (await lint('deadline-escalates.broken.bpmn')).filter((f) => f.rule === 'reglament/deadline-escalates');
    expect(findings.map((f) => [f.where, f.severity])).toEqual([['review-deadline', 'warn']]);
    expect(findings[0]!.message).toMatch(/interrupts its step/);
    const root = mkdtempSync(join(tmpdir(), 'reglament-lint-'));
    temps.push(root);
    const valid = readFileSync(join(FIXTURES, 'valid.bpmn'), 'utf8');
    writeFileSync(join(root, 'no-escalation.bpmn'), valid.replace(/(id="review-escalate"[^>]*camunda:topic=")escalate-overdue"/, '$1status-notify"'));
    const noEscalation = (await lintFile(join(root, 'no-escalation.bpmn'), { root, context })).filter((f) => f.rule === 'reglament/deadline-escalates');
    expect(noEscalation.map((f) => `${f.where}: ${f.message}`)).toEqual(['review-deadline: Deadline timer does not lead to an escalate-overdue external task']);
  });

  it('reglament/limit-text reads each text one way: seconds, ranges, calendars, the receipt day', async () => {
    const root = mkdtempSync(join(tmpdir(), 'reglament-lint-'));
    temps.push(root);
    const valid = readFileSync(join(FIXTURES, 'valid.bpmn'), 'utf8');
    const variant = async (name: string, edit: (xml: string) => string) => {
      writeFileSync(join(root, name), edit(valid));
      return (await lintFile(join(root, name), { root, context })).filter((f) => f.rule === 'reglament/limit-text').map((f) => `${f.where}: ${f.message}`);
    };
    const review = (xml: string, text: string, duration = 'P3D') => xml
      .replace('<camunda:property name="reglament:limitText" value="В течение 3 рабочих дней" />', `<camunda:property name="reglament:limitText" value="${text}" />`)
      .replace(/(id="review-deadline"[\s\S]*?<bpmn:timeDuration[^>]*>)P3D</, `$1${duration}<`);
    expect(await variant('seconds.bpmn', (x) => review(x, '30 секунд', 'PT1M').replace(/(id="review-deadline"[\s\S]*?reglament:calendar" value=")kz-working-days/, '$1calendar')))
      .toEqual(['review-deadline: Timer duration PT1M does not match its limit text «30 секунд» (PT30S)']);
    expect(await variant('range.bpmn', (x) => review(x, '2-3 рабочих дня'))).toEqual([]);
    expect(await variant('calendar.bpmn', (x) => review(x, '3 календарных дня'))).toEqual(['review-deadline: Timer counts in kz-working-days, its limit text «3 календарных дня» counts in calendar']);
    expect(await variant('receipt.bpmn', (x) => review(x, '3 рабочих дня (день приема не входит в срок)').replace('name="reglament:excludeReceiptDay" value="true"', 'name="reglament:excludeReceiptDay" value="false"')))
      .toEqual(['review-deadline: Limit text «3 рабочих дня (день приема не входит в срок)» excludes the day of receipt; set reglament:excludeReceiptDay="true"']);
    expect(await variant('kazakh.bpmn', (x) => review(x, '3 жұмыс күні ішінде'))).toEqual([]);
    // The issue day comes after a decision step's term: a decision timer does not count it (docs/calendar.md).
    expect(await variant('issue.bpmn', (x) => review(x, '3 рабочих дня (день приема и день выдачи документов не входит в срок)'))).toEqual([]);
    expect(await variant('unreadable.bpmn', (x) => review(x, 'в установленный срок'))).toEqual([expect.stringMatching(/names no duration/)]);
  });

  it('reglament/source-mark requires the mark where the step is no basis, and refuses an unknown source form', async () => {
    const root = mkdtempSync(join(tmpdir(), 'reglament-lint-'));
    temps.push(root);
    const valid = readFileSync(join(FIXTURES, 'valid.bpmn'), 'utf8');
    const mark = '<camunda:property name="reglament:source" value="convention:escalation" />';
    const variant = async (name: string, edit: (xml: string) => string, ctx: object = context) => {
      writeFileSync(join(root, name), edit(valid));
      return (await lintFile(join(root, name), { root, context: ctx })).filter((f) => f.rule === 'reglament/source-mark').map((f) => `${f.where}: ${f.message}`);
    };
    // The escalation task and its end: no act escalates, whatever step they name.
    expect(await variant('unmarked.bpmn', (x) => x.split(mark).join(''))).toEqual([
      'authorize-escalate: An escalation branch is not in the act: mark it reglament:source="convention:escalation"',
      'authorize-escalated: An escalation branch is not in the act: mark it reglament:source="convention:escalation"',
      'review-escalate: An escalation branch is not in the act: mark it reglament:source="convention:escalation"',
      'review-escalated: An escalation branch is not in the act: mark it reglament:source="convention:escalation"',
    ]);
    const first = (x: string, value: string) => x.replace(mark, `<camunda:property name="reglament:source" value="${value}" />`);
    expect(await variant('form.bpmn', (x) => first(x, 'регламент Актюбинской области'))).toEqual([
      'authorize-escalate: reglament:source «регламент Актюбинской области» is neither act:<tenant>/<service>, <part of that act> nor convention:<name>',
    ]);
    expect(await variant('convention.bpmn', (x) => first(x, 'convention:reminders'))).toEqual([
      "authorize-escalate: reglament:source «convention:reminders» names an unknown convention 'reminders' (known: escalation)",
    ]);
    expect(await variant('wrong-kind.bpmn', (x) => first(x, 'act:semey/preschool-queue, Таблица 3'))).toEqual([
      'authorize-escalate: An escalation branch is this product\'s convention: reglament:source must be convention:escalation, not «act:semey/preschool-queue, Таблица 3»',
    ]);
    // A limit restored from another act: the editor's note in brackets asks for the source, an act: of processes/.
    const restored = (x: string, source?: string) => x.replace(
      '<camunda:property name="reglament:limitText" value="В течение 3 рабочих дней" />',
      `<camunda:property name="reglament:limitText" value="В течение 3 рабочих дней [восстановлено по другому регламенту]" />${source ? `<camunda:property name="reglament:source" value="${source}" />` : ''}`,
    );
    expect(await variant('restored.bpmn', (x) => restored(x))).toEqual([expect.stringMatching(/^review-deadline: Limit text carries an editor's note in \[brackets\]/)]);
    const bundles = { ...context, bundles: ['aktobe-oblast/preschool-registration'] };
    expect(await variant('borrowed.bpmn', (x) => restored(x, 'act:aktobe-oblast/preschool-registration, Таблица 3, действие 11'), bundles)).toEqual([]);
    expect(await variant('no-bundle.bpmn', (x) => restored(x, 'act:aktobe/preschool, Таблица 3'), bundles)).toEqual([
      'review-deadline: reglament:source names act:aktobe/preschool, which is no bundle of processes/',
    ]);
  });

  it('reglament/source-mark knows exactly the conventions docs/conventions.md names', () => {
    const { CONVENTIONS } = require(join(PLUGIN_DIR, 'rules', 'source-mark.js')) as { CONVENTIONS: string[] };
    const row = readFileSync(join(REPO, 'docs', 'conventions.md'), 'utf8').split('\n').find((l) => l.trim().startsWith('| `convention:<name>`'))!;
    expect([...row.matchAll(/`([a-z-]+)` \(/g)].map((m) => m[1])).toEqual(CONVENTIONS);
  });

  it('reglament/deadline-timer also rejects an unknown calendar', async () => {
    const findings = (await lint('deadline-timer.broken.bpmn')).filter((f) => f.where === 'authorize-deadline');
    expect(findings.map((f) => f.message)).toContain("Timer reglament:calendar 'business-days' is not one of calendar, kz-working-days");
  });

  it('reglament/step-deadline compares the timers with the act\'s limits', async () => {
    const limits = [
      { step: 'процесс 5', action: 'Таблица 1, действие 5', duration: 'P3D' },
      { step: 'процесс 9', duration: 'PT15M', text: 'Не более 15 минут' },
    ];
    const broken = (await lint('step-deadline.broken.bpmn', { ...context, limits })).filter((f) => f.rule === 'reglament/step-deadline');
    expect(broken.map((f) => f.message)).toEqual([
      'The timer of «процесс 5» (Таблица 1, действие 5) is P2D, the act\'s limit is P3D',
      'The act limits «процесс 9» to Не более 15 минут but no timer carries that step',
    ]);
    const valid = (await lint('valid.bpmn', { ...context, limits: limits.slice(0, 1) })).filter((f) => f.rule === 'reglament/step-deadline');
    expect(valid).toEqual([]);
    const counted = [{ step: 'процесс 5', action: 'Таблица 1, действие 5', duration: 'P3D', calendar: 'calendar', excludeReceiptDay: false }];
    const miscounted = (await lint('valid.bpmn', { ...context, limits: counted })).filter((f) => f.rule === 'reglament/step-deadline');
    expect(miscounted.map((f) => f.message)).toEqual([
      "The timer of «процесс 5» (Таблица 1, действие 5) counts in 'kz-working-days', the act's limit in 'calendar'",
      "The timer of «процесс 5» (Таблица 1, действие 5) excludes the receipt day, the act's limit counts it",
    ]);
  });

  it('reglament/step-reference accepts an element the act does not describe when reglament:notInAct says why', async () => {
    const root = mkdtempSync(join(tmpdir(), 'reglament-lint-'));
    temps.push(root);
    const valid = readFileSync(join(FIXTURES, 'valid.bpmn'), 'utf8');
    const step = '<camunda:property name="reglament:step" value="процесс 2" />';
    writeFileSync(join(root, 'without-step.bpmn'), valid.replace(step, ''));
    writeFileSync(join(root, 'not-in-act.bpmn'), valid.replace(step, '<camunda:property name="reglament:notInAct" value="the act has no refusal for sign-in" />'));
    const without = await lintFile(join(root, 'without-step.bpmn'), { root, context });
    expect(without.map((f) => `${f.rule} ${f.where}`)).toEqual(['reglament/step-reference refusal-auth']);
    expect(await lintFile(join(root, 'not-in-act.bpmn'), { root, context })).toEqual([]);
  });

  it('reglament/condition-syntax accepts the JUEL words the engine accepts and rejects what it refuses', async () => {
    const root = mkdtempSync(join(tmpdir(), 'reglament-lint-'));
    temps.push(root);
    const valid = readFileSync(join(FIXTURES, 'valid.bpmn'), 'utf8');
    const withCondition = (condition: string): string => valid.replace('${decision == \'refusal\'}', condition);
    const cases: Array<[string, string | null]> = [
      ["${decision eq 'refusal' and not authorized}", null],
      ["${empty refusalReason or decision == 'refusal'}", null],
      ['${authorized | signatureValid}', 'does not parse'],
      ["${decision == 'refusal'; authorized}", 'more than one expression'],
      ['${eval(decision)}', "calls 'eval', which is not an allowed function"],
      ['decision == refusal', 'is not a single ${…} expression'],
    ];
    for (const [condition, problem] of cases) {
      writeFileSync(join(root, 'c.bpmn'), withCondition(condition.replace(/&/g, '&amp;').replace(/</g, '&lt;')));
      const found = (await lintFile(join(root, 'c.bpmn'), { root, context })).filter((f) => f.rule === 'reglament/condition-syntax');
      if (problem === null) expect(found, condition).toEqual([]);
      else expect(found.map((f) => f.message).join(' '), condition).toContain(problem);
    }
    // Camunda Modeler has no engine: the plugin's own parser knows the same words.
    const { conditionProblem } = require(join(PLUGIN_DIR, 'rules', 'condition-syntax.js')) as { conditionProblem(t: string): string | null };
    expect(conditionProblem("${decision eq 'refusal' and not authorized}")).toBeNull();
    expect(conditionProblem('${authorized | signatureValid}')).toMatch(/does not parse/);
  });

  it('covers every rule of the plugin with a broken fixture', () => {
    for (const rule of pluginRuleNames()) expect(readFileSync(join(FIXTURES, `${rule}.broken.bpmn`), 'utf8')).toContain('<bpmn:process');
  });

  it('without the file system (Camunda Modeler) uses the topics of docs/conventions.md', async () => {
    const findings = await lint('external-task-topic.broken.bpmn', {});
    expect(findings.filter((f) => f.rule === 'reglament/external-task-topic').map((f) => f.where)).toEqual(['authorize']);
    const conventions = readFileSync(join(REPO, 'docs', 'conventions.md'), 'utf8');
    const section = conventions.slice(conventions.indexOf('| topic |'), conventions.indexOf('Gateways read only'));
    const topics = [...section.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1]);
    const helper = require(join(PLUGIN_DIR, 'rules', 'helper.js')) as { CONVENTION_TOPICS: string[] };
    expect([...helper.CONVENTION_TOPICS].sort()).toEqual([...topics].sort());
  });

  it('reads durations exactly as src/calendar does', () => {
    const { durationProblem } = require(join(PLUGIN_DIR, 'rules', 'deadline-timer.js')) as { durationProblem(t: string, c: string): string | null };
    const samples = ['P3D', 'PT30M', 'PT15S', 'P1DT2H', 'PT1.5S', 'P1M', 'P2W', 'P1Y2M', 'P', 'PT', '3D', 'P1H', 'PT1D', ''];
    for (const calendar of ['calendar', 'kz-working-days']) {
      for (const s of samples) {
        let calendarOk = true;
        try { checkDuration(s, calendar); } catch { calendarOk = false; }
        expect(durationProblem(s, calendar) === null, `${s} / ${calendar}`).toBe(calendarOk);
      }
    }
  });

  it('.bpmnlintrc at the repository root extends bpmnlint:recommended and plugin:reglament/recommended', () => {
    const rc = JSON.parse(readFileSync(join(REPO, '.bpmnlintrc'), 'utf8'));
    expect(rc.extends).toEqual(['bpmnlint:recommended', 'plugin:reglament/recommended']);
  });
});

function copyBundle(edit: (dir: string) => void): string {
  const root = mkdtempSync(join(tmpdir(), 'reglament-lint-'));
  temps.push(root);
  cpSync(FIXTURES, root, { recursive: true });
  const dir = join(root, 'processes', 'fixture-tenant', 'fixture-service');
  edit(dir);
  return dir;
}

function editManifest(dir: string, change: (m: any) => void): void {
  const path = join(dir, 'manifest.json');
  const m = JSON.parse(readFileSync(path, 'utf8'));
  change(m);
  writeFileSync(path, JSON.stringify(m, null, 2));
}

describe('src/reglament/lint: bundles', () => {
  it('lints the fixture bundle clean, with the real workers and forms of its root', async () => {
    const { findings, bundle } = await lintBundle(BUNDLE);
    expect(findings).toEqual([]);
    expect(bundle.routes.map((r) => r.processId)).toEqual(['fixture-service-portal']);
    expect(bundle.forms).toEqual([{ id: 'fixture-review', path: join(FIXTURES, 'processes', 'fixture-tenant', 'fixture-service', 'forms', 'fixture-review.form'), exists: true }]);
  });

  it.each([
    ['validity window reversed', (m: any) => { m.validity.to = '2013-01-01'; }, 'validity.to', /2013-01-01 is not after validity.from 2013-06-01/],
    ['date that does not exist', (m: any) => { m.act.date = '2013-02-30'; }, 'act.date', /'2013-02-30' is not an ISO date/],
    ['tenant of another folder', (m: any) => { m.tenant = 'semey'; }, 'tenant', /does not match the bundle folder processes\/fixture-tenant/],
    ['route file missing', (m: any) => { m.routes.con = 'con.bpmn'; }, 'routes.con', /names con.bpmn, which does not exist/],
    ['form without a file', (m: any) => { m.forms.push('ghost-form'); }, 'forms', /form 'ghost-form' has no file forms\/ghost-form.form/],
    ['registration before the act', (m: any) => { m.act.justiceRegistration.date = '2013-01-01'; }, 'act.justiceRegistration.date', /before the act's date/],
  ])('reports a manifest with a %s', async (_label, change, field, message) => {
    const dir = copyBundle((d) => editManifest(d, change));
    const { findings } = await lintBundle(dir);
    const f = findings.find((x) => x.where === field);
    expect(f, formatFindings(findings)).toBeDefined();
    expect(f!.message).toMatch(message);
    expect(f!.severity).toBe('error');
    expect(f!.file).toBe('processes/fixture-tenant/fixture-service/manifest.json');
  });

  it('reports a route whose process id is not <service>-<route>', async () => {
    const dir = copyBundle((d) => editManifest(d, (m) => { m.routes = { provider: 'portal.bpmn' }; m.steps = {}; }));
    const { findings } = await lintBundle(dir);
    expect(findings.map((f) => f.message)).toContain("process id 'fixture-service-portal' must be 'fixture-service-provider' (<service>-<route>)");
  });

  it('uses the manifest\'s limits and the worker files of the repository', async () => {
    const dir = copyBundle((d) => {
      writeFileSync(join(d, 'portal.bpmn'), readFileSync(join(FIXTURES, 'step-deadline.broken.bpmn'), 'utf8'));
      rmSync(join(d, '..', '..', '..', 'workers', 'authorize.ts'));
    });
    const { findings } = await lintBundle(dir);
    const rules = findings.map((f) => `${f.rule} ${f.where}`);
    expect(rules).toContain('reglament/step-deadline fixture-service-portal');
    expect(rules).toContain('reglament/external-task-topic authorize');
  });

  it('lints every bundle under a folder and formats findings per file', async () => {
    const findings = await lintPaths([join(FIXTURES, 'processes')]);
    expect(findings).toEqual([]);
    const text = formatFindings(await lint('user-task-form.broken.bpmn'));
    expect(text).toMatch(/test\/reglament\/fixtures\/user-task-form.broken.bpmn\n {2}review +error reglament\/user-task-form +Form 'no-such-form'/);
    expect(text).toMatch(/1 error\(s\), 0 warning\(s\)$/);
  });
});
