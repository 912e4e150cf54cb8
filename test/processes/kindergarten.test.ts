// The three preschool bundles (seeds 000–002) against the acts as spec-kindergarten.md reads them: every
// step of §3 is an element, every limit of §4 a timer with its duration and calendar, every form and topic
// exists, conditions read only the conventions' variables, and bpmnlint recommended finds no error.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBpmn, type ModdleElement } from '../support/bpmn-check.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** Topics of docs/conventions.md. */
const TOPICS = [
  'authorize', 'eds-verify-signature', 'gbd-fl-lookup', 'enis-power-of-attorney', 'guardianship-register-lookup',
  'register-request', 'queue-assign', 'shep-send', 'status-notify', 'document-generate', 'document-deliver', 'escalate-overdue',
];
/** Variables the conventions let gateways read. */
const GATEWAY_VARIABLES = ['authorized', 'signatureValid', 'decision', 'personFound', 'powerOfAttorneyValid', 'guardianshipRecordFound'];
const GROUPS = ['provider-specialist', 'con-operator', 'supervisor', 'applicant'];

type Route = 'provider' | 'con' | 'portal';
interface Expected { duration: string; calendar?: 'kz-working-days'; excludeReceiptDay?: boolean }

interface Act {
  tenant: string;
  service: string;
  language: 'ru' | 'kk';
  p: (n: number) => string;
  c: (n: number) => string;
  intake: string;
  action: (table: number, n: number) => string;
  /** Action-table limits of spec §4 by route: action number → limit. */
  limits: Record<Route, Record<number, Expected>>;
  queueNotice: string;
  queueAssign: boolean;
}

const m = (minutes: number): Expected => ({ duration: `PT${minutes}M` });
const ones = (...actions: number[]): Record<number, Expected> => Object.fromEntries(actions.map((a) => [a, m(1)]));

const ACTS: Act[] = [
  {
    tenant: 'zhambyl-sko', service: 'preschool-queue', language: 'ru',
    p: (n) => `процесс ${n}`, c: (n) => `условие ${n}`, intake: 'п. 6 1)',
    action: (t, n) => `Таблица ${t}, действие ${n}`,
    queueNotice: 'preschool-queue-notice', queueAssign: true,
    limits: {
      provider: { ...ones(2, 3, 4, 6, 7, 8, 10, 11, 12), 1: m(30), 5: { duration: 'P3D', calendar: 'kz-working-days' }, 9: m(30) },
      con: { ...ones(2, 3, 4, 7, 8, 9, 11, 12, 13, 14), 1: m(20), 5: m(10), 6: { duration: 'P3D', calendar: 'kz-working-days', excludeReceiptDay: true }, 15: m(20) },
      portal: { ...ones(1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 13, 14, 15), 5: m(10), 6: { duration: 'P3D', calendar: 'kz-working-days' } },
    },
  },
  {
    tenant: 'aktobe-oblast', service: 'preschool-registration', language: 'ru',
    p: (n) => `процесс-${n}`, c: (n) => `условие-${n}`, intake: 'п. 6 1)',
    action: (t, n) => `Таблица ${t}, действие ${n}`,
    queueNotice: 'preschool-registration-notice', queueAssign: false,
    limits: {
      provider: { ...ones(2, 3, 4, 6, 7, 8, 10, 11, 12), 1: m(10), 5: m(15), 9: m(5) },
      con: { ...ones(2, 3, 4, 7, 8, 9, 11, 12, 13, 14), 1: m(30), 5: m(10), 6: { duration: 'P3D', excludeReceiptDay: true }, 15: m(15) },
      portal: { ...ones(1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 13, 14, 15), 5: m(10), 6: m(15) },
    },
  },
  {
    tenant: 'kyzylzhar', service: 'preschool-registration', language: 'kk',
    p: (n) => `${n}-процесс`, c: (n) => `${n}-шарт`, intake: '6-тармақ 1)',
    action: (t, n) => `${t}-кесте, ${n}-іс-әрекет`,
    queueNotice: 'preschool-registration-notice', queueAssign: false,
    limits: {
      provider: { ...ones(2, 3, 4, 6, 7, 8, 10, 11, 12), 1: m(30), 5: m(15), 9: m(5) },
      con: { ...ones(2, 3, 4, 7, 8, 9, 11, 12, 13, 14), 1: m(30), 5: m(10), 6: { duration: 'P3D', excludeReceiptDay: true }, 15: m(15) },
      portal: { ...ones(1, 2, 3, 4, 7, 8, 9, 10, 11, 12, 13, 14, 15), 5: m(10), 6: m(15) },
    },
  },
];

/** The steps of spec §3 per route: п. 6 (provider), п. 7 (ЦОН, up to процесс 8), п. 8 (portal). */
function expectedSteps(act: Act, route: Route): string[] {
  const steps = [act.p(1), act.c(1), act.p(2), act.p(3), act.p(4), act.c(2), act.p(5), act.p(6), act.p(7)];
  if (route === 'provider') steps.unshift(act.intake);
  if (route === 'con') steps.push(act.p(8));
  return steps;
}

const TABLE: Record<Route, number> = { provider: 1, con: 2, portal: 3 };

function propertiesOf(element: ModdleElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ext of element.extensionElements?.values ?? []) {
    if (ext.$type !== 'camunda:Properties') continue;
    for (const p of ext.values ?? []) out[p.name] = p.value;
  }
  return out;
}

const loaded = new Map<string, Awaited<ReturnType<typeof checkBpmn>>>();
async function load(act: Act, route: Route): Promise<Awaited<ReturnType<typeof checkBpmn>>> {
  const key = `${act.tenant}/${route}`;
  if (!loaded.has(key)) {
    const xml = readFileSync(join(REPO, 'processes', act.tenant, act.service, `${route}.bpmn`), 'utf8');
    loaded.set(key, await checkBpmn(xml));
  }
  return loaded.get(key)!;
}

function processOf(definitions: ModdleElement): ModdleElement {
  return definitions.rootElements.find((e: ModdleElement) => e.$type === 'bpmn:Process');
}
function elements(definitions: ModdleElement): ModdleElement[] {
  return processOf(definitions).flowElements;
}

describe.each(ACTS)('processes/$tenant/$service', (act) => {
  const manifest = JSON.parse(readFileSync(join(REPO, 'processes', act.tenant, act.service, 'manifest.json'), 'utf8'));

  it('has a manifest with the act, the real validity window, routes, forms and decisions', () => {
    expect(manifest).toMatchObject({ tenant: act.tenant, service: act.service, act: { language: act.language } });
    expect(Object.keys(manifest.routes).sort()).toEqual(['con', 'portal', 'provider']);
    for (const file of Object.values(manifest.routes) as string[]) expect(existsSync(join(REPO, 'processes', act.tenant, act.service, file))).toBe(true);
    for (const form of manifest.forms as string[]) expect(existsSync(join(REPO, 'processes', act.tenant, act.service, 'forms', `${form}.form`)), form).toBe(true);
    expect(manifest.outputs).toEqual(['preschool-direction', act.queueNotice, 'refusal']);
    expect(manifest.validity.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(manifest.validity.from >= manifest.act.date).toBe(true);
    if (act.tenant !== 'kyzylzhar') {
      expect(manifest.validity.to > manifest.validity.from).toBe(true);
      expect(manifest.validity.repealedBy).toMatch(/^Постановление акимата/);
    }
    expect(manifest.decisions.length).toBeGreaterThan(15);
    for (const d of manifest.decisions) expect(d.source, d.topic).toMatch(/spec|conventions/);
  });

  describe.each(['provider', 'con', 'portal'] as Route[])('%s.bpmn', (route) => {
    it('parses with bpmn-moddle + camunda without warnings and passes bpmnlint recommended', async () => {
      const { parseWarnings, lintErrors, definitions } = await load(act, route);
      expect(parseWarnings).toEqual([]);
      expect(lintErrors).toEqual([]);
      expect(processOf(definitions).id).toBe(`${act.service}-${route}`);
      expect(processOf(definitions).isExecutable).toBe(true);
    });

    it('has an element for every step of the act, named with the step', async () => {
      const { definitions } = await load(act, route);
      const steps = new Set(elements(definitions).map((e) => propertiesOf(e)['reglament:step']));
      for (const step of expectedSteps(act, route)) expect(steps.has(step), step).toBe(true);
      for (const e of elements(definitions)) {
        const step = propertiesOf(e)['reglament:step'];
        if (step && e.$type !== 'bpmn:SequenceFlow' && e.$type !== 'bpmn:BoundaryEvent') expect(e.name.startsWith(step), `${e.id}: ${e.name}`).toBe(true);
      }
    });

    it('ends every refusal of процесс 2, 5 and 7 and the result at end events', async () => {
      const { definitions } = await load(act, route);
      const ends = elements(definitions).filter((e) => e.$type === 'bpmn:EndEvent').map((e) => ({ step: propertiesOf(e)['reglament:step'], outcome: propertiesOf(e)['reglament:outcome'] }));
      for (const n of [2, 5, 7]) expect(ends).toContainEqual({ step: act.p(n), outcome: 'refusal' });
      expect(ends.some((e) => e.outcome === 'result')).toBe(true);
    });

    it('gives every limit of the action table its timer with the upper bound and the calendar', async () => {
      const { definitions } = await load(act, route);
      const timers = elements(definitions).filter((e) => e.$type === 'bpmn:BoundaryEvent' && e.eventDefinitions[0].$type === 'bpmn:TimerEventDefinition');
      for (const [n, limit] of Object.entries(act.limits[route])) {
        const label = act.action(TABLE[route], Number(n));
        const mine = timers.filter((t) => propertiesOf(t)['reglament:action'] === label);
        expect(mine.length, label).toBeGreaterThan(0);
        for (const timer of mine) {
          const props = propertiesOf(timer);
          expect(timer.eventDefinitions[0].timeDuration.body, label).toBe(limit.duration);
          expect(props['reglament:calendar'], label).toBe(limit.calendar ?? 'calendar');
          expect(props['reglament:excludeReceiptDay'], label).toBe(String(limit.excludeReceiptDay ?? false));
          expect(props['reglament:limitText'], label).toBeTruthy();
          expect(timer.cancelActivity, label).toBe(false);
          // The breach escalates and the step goes on: timer → escalate-overdue → escalated end.
          const escalate = timer.outgoing[0].targetRef;
          expect(escalate.topic).toBe('escalate-overdue');
          expect(propertiesOf(escalate)['reglament:step']).toBe(props['reglament:step']);
          expect(propertiesOf(escalate.outgoing[0].targetRef)['reglament:outcome']).toBe('escalated');
        }
      }
      // And no timer claims an action the table does not limit.
      for (const timer of timers) {
        const action = propertiesOf(timer)['reglament:action'];
        const n = Number(/(\d+)(?:-іс-әрекет)?$/.exec(action ?? '')?.[1]);
        expect(act.limits[route][n], `${timer.id} (${action})`).toBeDefined();
      }
    });

    it('gives user tasks candidate groups or the initiator and an existing form', async () => {
      const { definitions } = await load(act, route);
      for (const task of elements(definitions).filter((e) => e.$type === 'bpmn:UserTask')) {
        const groups = (task.candidateGroups ?? '').split(',').filter(Boolean);
        if (route === 'portal' && task.assignee) expect(task.assignee).toBe('${initiator}');
        else expect(groups.length, task.id).toBeGreaterThan(0);
        for (const group of groups) expect(GROUPS).toContain(group);
        expect(task.formRefBinding).toBe('deployment');
        const file = join(REPO, 'processes', act.tenant, act.service, 'forms', `${task.formRef}.form`);
        expect(existsSync(file), `${task.id} → ${task.formRef}`).toBe(true);
        expect(JSON.parse(readFileSync(file, 'utf8')).id).toBe(task.formRef);
      }
    });

    it('uses only the conventions\' topics, with the properties the workers read', async () => {
      const { definitions } = await load(act, route);
      const tasks = elements(definitions).filter((e) => e.$type === 'bpmn:ServiceTask');
      for (const task of tasks) {
        expect(task.type, task.id).toBe('external');
        expect(TOPICS, task.id).toContain(task.topic);
      }
      const byTopic = (topic: string): ModdleElement[] => tasks.filter((t) => t.topic === topic);
      expect(byTopic('authorize')).toHaveLength(1);
      expect(propertiesOf(byTopic('eds-verify-signature')[0]!).signerRole).toBe({ provider: 'specialist', con: 'operator', portal: 'applicant' }[route]);
      expect(byTopic('register-request').map((t) => propertiesOf(t).service)).toEqual([act.service]);
      expect(byTopic('document-generate').map((t) => propertiesOf(t).form).sort()).toEqual(['preschool-direction', act.queueNotice, 'refusal'].sort());
      expect(byTopic('queue-assign')).toHaveLength(act.queueAssign ? 1 : 0);
      expect(byTopic('status-notify').map((t) => propertiesOf(t).status)).toEqual(expect.arrayContaining(['received', 'in-progress', 'completed']));
      expect(byTopic('document-deliver').map((t) => propertiesOf(t).channel)).toEqual([route === 'portal' ? 'cabinet' : 'hand']);
      for (const t of byTopic('shep-send')) expect(['provider', 'con', 'cabinet']).toContain(propertiesOf(t).target);
    });

    it('conditions every branch of a splitting gateway on the conventions\' variables only', async () => {
      const { definitions } = await load(act, route);
      for (const gateway of elements(definitions).filter((e) => e.$type === 'bpmn:ExclusiveGateway' && e.outgoing.length > 1)) {
        for (const flow of gateway.outgoing) {
          if (gateway.default === flow) continue;
          const body: string = flow.conditionExpression?.body ?? '';
          expect(body, flow.id).toMatch(/^\$\{.+\}$/);
          const identifiers = body.slice(2, -1).replace(/'[^']*'/g, '').match(/[A-Za-z_]\w*/g) ?? [];
          for (const id of identifiers) expect(GATEWAY_VARIABLES, `${flow.id}: ${body}`).toContain(id);
        }
      }
    });

    it('draws every flow node inside a lane of the pool', async () => {
      const { definitions } = await load(act, route);
      const shapes = new Set(definitions.diagrams[0].plane.planeElement.map((e: ModdleElement) => e.bpmnElement.id));
      const laned = new Set(processOf(definitions).laneSets[0].lanes.flatMap((l: ModdleElement) => (l.flowNodeRef ?? []).map((n: ModdleElement) => n.id)));
      for (const e of elements(definitions)) {
        expect(shapes.has(e.id), e.id).toBe(true);
        if (e.$type !== 'bpmn:SequenceFlow') expect(laned.has(e.id), e.id).toBe(true);
      }
    });

    it('routes no flow across a node that is not its source or target', async () => {
      const { definitions } = await load(act, route);
      const plane: ModdleElement[] = definitions.diagrams[0].plane.planeElement;
      const nodes = plane.filter((e) => e.$type === 'bpmndi:BPMNShape' && !['bpmn:Participant', 'bpmn:Lane'].includes(e.bpmnElement.$type));
      for (const edge of plane.filter((e) => e.$type === 'bpmndi:BPMNEdge')) {
        const flow = edge.bpmnElement;
        const ends = new Set([flow.sourceRef.id, flow.targetRef.id, flow.sourceRef.attachedToRef?.id]);
        const points: Array<{ x: number; y: number }> = edge.waypoint;
        for (const node of nodes) {
          if (ends.has(node.bpmnElement.id) || node.bpmnElement.attachedToRef?.id === flow.sourceRef.id) continue;
          const b = node.bounds;
          for (let i = 1; i < points.length; i++) {
            const [p, q] = [points[i - 1]!, points[i]!];
            const crosses = Math.max(p.x, q.x) > b.x && Math.min(p.x, q.x) < b.x + b.width && Math.max(p.y, q.y) > b.y && Math.min(p.y, q.y) < b.y + b.height;
            expect(crosses, `${flow.id} crosses ${node.bpmnElement.id}`).toBe(false);
          }
        }
      }
    });
  });
});

describe('processes/zhambyl-sko/preschool-queue/forms/preschool-*.form', () => {
  const read = (id: string): { id: string; type: string; schemaVersion: number; components: ModdleElement[] } =>
    JSON.parse(readFileSync(join(REPO, 'processes', 'zhambyl-sko', 'preschool-queue', 'forms', `${id}.form`), 'utf8'));
  const fields = (id: string): ModdleElement[] => read(id).components.filter((c) => c.key);

  it('are form-js schemas with bilingual labels', () => {
    for (const id of ['preschool-intake', 'preschool-sign-in', 'preschool-application', 'preschool-signing', 'preschool-processing',
      'preschool-decision', 'preschool-output', 'preschool-output-signing', 'preschool-handover']) {
      const form = read(id);
      expect(form).toMatchObject({ id, type: 'default', schemaVersion: 16 });
      const keys = fields(id).map((c) => c.key);
      expect(new Set(keys).size, id).toBe(keys.length);
      for (const c of fields(id)) expect(c.label ?? c.dateLabel, `${id}.${c.key}`).toMatch(/ \/ /);
    }
  });

  it('validate IINs and require the child and parent data of the application', () => {
    const byKey = new Map(fields('preschool-application').map((c) => [c.key, c]));
    for (const key of ['childIin', 'applicantIin']) {
      expect(byKey.get(key)?.validate).toMatchObject({ required: true, pattern: '^\\d{12}$' });
      expect(new RegExp(byKey.get(key)!.validate.pattern).test('12345678901')).toBe(false);
    }
    for (const key of ['childLastName', 'childFirstName', 'childBirthDate', 'applicantName', 'applicantAddress', 'attachedDocuments']) {
      expect(byKey.get(key)?.validate?.required, key).toBe(true);
    }
  });

  it('require a refusal reason only when the decision is a refusal, and fill signatures by the signer', () => {
    const decision = new Map(fields('preschool-decision').map((c) => [c.key, c]));
    expect(decision.get('decision')!.values.map((v: ModdleElement) => v.value)).toEqual(['direction', 'queue', 'refusal']);
    expect(decision.get('refusalReason')).toMatchObject({ validate: { required: true }, conditional: { hide: '=decision != "refusal"' } });
    const signing = new Map(fields('preschool-signing').map((c) => [c.key, c]));
    expect(signing.get('signedRequest')).toMatchObject({ readonly: true, validate: { required: true } });
  });
});
