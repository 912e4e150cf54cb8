// The seven Semey bundles (seed 003) against the act: structure, steps, limits, forms, topics, lint, manifests.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintRecommended, type ModdleElement } from '../support/bpmn-check.js';
import { lintBundle } from '../../src/reglament/lint/index.js';
import { conventionTopics, parse, propertiesOf, root, routesOf, SEMEY, STEPS, type Route } from './semey-bundles.js';

const topics = conventionTopics();
const GROUPS = new Set(['provider-specialist', 'con-operator', 'supervisor', 'applicant']);

/** A bundle owns its forms: processes/semey/<service>/forms/<id>.form. */
function formFile(service: string, id: string): string {
  return join(root, 'processes', 'semey', service, 'forms', `${id}.form`);
}

function formExists(service: string, id: string): boolean {
  const file = formFile(service, id);
  return existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { id: string }).id === id;
}

for (const service of Object.keys(SEMEY)) {
  describe(`semey/${service}`, () => {
    for (const route of routesOf(service)) {
      describe(route, () => {
        it('parses with bpmn-moddle + camunda without warnings and bpmnlint recommended reports no error', async () => {
          const { definitions, warnings, process } = await parse(service, route);
          expect(warnings).toEqual([]);
          expect(process.id).toBe(`${service}-${route}`);
          expect(process.isExecutable).toBe(true);
          const report = await lintRecommended(definitions);
          const errors = Object.entries(report).flatMap(([rule, findings]) =>
            findings.filter((finding) => finding.category === 'error' || finding.category === 'rule-error').map((finding) => `${rule}: ${finding.id} ${finding.message}`),
          );
          expect(errors).toEqual([]);
        });

        it('has an element for every numbered step of the route, named and documented with it', async () => {
          const { nodes } = await parse(service, route);
          const steps = new Map<string, ModdleElement[]>();
          for (const node of nodes) {
            const step = propertiesOf(node)['reglament:step'];
            if (!step || node.$type === 'bpmn:BoundaryEvent' || (node.id as string).endsWith('-escalate') || (node.id as string).endsWith('-escalated')) continue;
            steps.set(step, [...(steps.get(step) ?? []), node]);
            expect(node.name as string, node.id).toMatch(new RegExp(`^${step} — `));
            // Each element of a step quotes the act's text of that step.
            expect((node.documentation?.[0]?.text as string | undefined) ?? '', `${node.id} documentation`).toMatch(new RegExp(`^${step}\\s*[–-]`));
          }
          for (const step of STEPS[route]) {
            const elements = steps.get(step) ?? [];
            expect(elements.length, `${step} has no element`).toBeGreaterThan(0);
            // At least one element of the step quotes the act's text of the step.
            const documented = elements.some((element) => ((element.documentation?.[0]?.text as string | undefined) ?? '').startsWith(step));
            expect(documented, `${step} has no verbatim documentation`).toBe(true);
          }
          expect([...steps.keys()].sort()).toEqual([...STEPS[route]].sort());
        });

        it('has a deadline timer for every limit of the action table, with the upper bound in calendar time', async () => {
          const { nodes, byId } = await parse(service, route);
          const { table, limits } = SEMEY[service]!.routes[route]!;
          const timers = nodes.filter((node) => node.$type === 'bpmn:BoundaryEvent' && node.eventDefinitions?.[0]?.$type === 'bpmn:TimerEventDefinition');
          limits.forEach((duration, index) => {
            const action = `Таблица ${table}, действие ${index + 1}`;
            const mine = timers.filter((timer) => propertiesOf(timer)['reglament:action'] === action);
            if (duration === null) {
              expect(mine, `${action} has no limit in the act`).toEqual([]);
              return;
            }
            expect(mine.length, `${action} has no timer`).toBeGreaterThan(0);
            for (const timer of mine) {
              const properties = propertiesOf(timer);
              expect(timer.cancelActivity, timer.id).toBe(false);
              expect(timer.eventDefinitions[0].timeDuration.body, timer.id).toBe(duration);
              expect(properties['reglament:calendar']).toBe('calendar');
              expect(properties['reglament:limitText']?.length ?? 0).toBeGreaterThan(0);
              const host = byId.get((timer.attachedToRef as ModdleElement).id!)!;
              expect(propertiesOf(host)['reglament:action'], `${timer.id} sits on ${host.id}`).toBe(action);
              // The breach escalates: timer → escalate-overdue → an end event of outcome 'escalated'.
              const escalate = timer.outgoing?.[0]?.targetRef as ModdleElement;
              expect(escalate.topic).toBe('escalate-overdue');
              const end = escalate.outgoing?.[0]?.targetRef as ModdleElement;
              expect(propertiesOf(end)['reglament:outcome']).toBe('escalated');
            }
          });
          // No timer without a row of the table behind it.
          for (const timer of timers) expect(propertiesOf(timer)['reglament:action'] ?? '', timer.id).toMatch(new RegExp(`^Таблица ${table}, действие [1-5]$`));
        });

        it('gives people user tasks with candidate groups and an existing form, and systems known topics', async () => {
          const { nodes } = await parse(service, route);
          for (const node of nodes) {
            if (node.$type === 'bpmn:UserTask') {
              const groups = String(node.candidateGroups ?? '').split(',').filter(Boolean);
              expect(groups.length, node.id).toBeGreaterThan(0);
              for (const group of groups) expect(GROUPS.has(group), `${node.id}: ${group}`).toBe(true);
              expect(node.formRefBinding).toBe('deployment');
              expect(formExists(service, node.formRef as string), `${node.id}: form ${node.formRef}`).toBe(true);
              if (groups.includes('applicant')) expect(node.assignee).toBe('${initiator}');
            }
            if (node.$type === 'bpmn:ServiceTask') {
              expect(node.type, node.id).toBe('external');
              expect(topics.has(node.topic as string), `${node.id}: topic ${node.topic}`).toBe(true);
            }
          }
        });

        it('uses the topics the conventions prescribe for this route', async () => {
          const { nodes } = await parse(service, route);
          const used = new Set(nodes.filter((node) => node.$type === 'bpmn:ServiceTask').map((node) => node.topic as string));
          const expected = ['register-request', 'status-notify', 'document-generate', 'escalate-overdue', 'authorize'];
          if (route === 'portal') expected.push('eds-verify-signature', 'shep-send', 'document-deliver');
          if (route === 'provider') expected.push('gbd-fl-lookup', 'document-deliver');
          if (route === 'con') expected.push('gbd-fl-lookup', 'shep-send');
          if (route === 'con' && SEMEY[service]!.poa) expected.push('enis-power-of-attorney');
          if (service === 'guardianship-certificate') expected.push('guardianship-register-lookup');
          if (service === 'preschool-queue' || service === 'housing-queue') expected.push('queue-assign');
          expect([...used].sort()).toEqual([...new Set(expected)].sort());
          expect(used.has('enis-power-of-attorney')).toBe(route === 'con' && SEMEY[service]!.poa);
          for (const node of nodes.filter((candidate) => candidate.topic === 'queue-assign')) {
            expect(propertiesOf(node).queue).toBe(service === 'preschool-queue' ? 'preschool' : 'housing');
          }
        });

        it('gives every exclusive gateway conditions on all outgoing flows or a default', async () => {
          const { nodes } = await parse(service, route);
          for (const gateway of nodes.filter((node) => node.$type === 'bpmn:ExclusiveGateway')) {
            const outgoing = (gateway.outgoing ?? []) as ModdleElement[];
            if (outgoing.length < 2) continue;
            for (const flow of outgoing) {
              expect(Boolean(flow.conditionExpression) || gateway.default === flow, `${gateway.id} → ${flow.id}`).toBe(true);
            }
          }
        });

        it('ends every path in an end event with an outcome, refusals named with their step', async () => {
          const { nodes } = await parse(service, route);
          const ends = nodes.filter((node) => node.$type === 'bpmn:EndEvent');
          for (const end of ends) expect(['result', 'refusal', 'escalated'], end.id).toContain(propertiesOf(end)['reglament:outcome']);
          const results = ends.filter((end) => propertiesOf(end)['reglament:outcome'] === 'result');
          expect(results.map((end) => end.id)).toEqual(['result-end']);
          const refusals = ends.filter((end) => propertiesOf(end)['reglament:outcome'] === 'refusal' && end.id !== 'authorization-failed-end');
          for (const end of refusals) expect(end.name as string).toMatch(/^процесс \d — /);
          const refusalSteps = new Set(refusals.map((end) => propertiesOf(end)['reglament:step']));
          const expected: Record<Route, string[]> = { portal: ['процесс 2', 'процесс 4', 'процесс 7'], provider: ['процесс 4', 'процесс 7'], con: ['процесс 4', 'процесс 8'] };
          expect([...refusalSteps].sort()).toEqual(expected[route]);
        });
      });
    }

    it('passes reglament lint (bpmnlint recommended, the project plugin with the manifest\'s limits) without findings', async () => {
      const { findings } = await lintBundle(join(root, 'processes', 'semey', service), { root });
      expect(findings.map((finding) => `${finding.file} ${finding.rule} ${finding.message}`)).toEqual([]);
    });

    it('lists in the manifest every step of each route with its table action and limit', () => {
      const manifest = JSON.parse(readFileSync(join(root, 'processes', 'semey', service, 'manifest.json'), 'utf8')) as { steps: Record<string, Array<{ step: string; text: string; action?: string; limit?: { duration: string } }>> };
      for (const route of routesOf(service)) {
        const steps = manifest.steps[route]!;
        expect(steps.map((entry) => entry.step)).toEqual(STEPS[route]);
        for (const entry of steps) expect(entry.text.startsWith(entry.step), entry.step).toBe(true);
        const { table, limits } = SEMEY[service]!.routes[route]!;
        limits.forEach((duration, index) => {
          const action = `Таблица ${table}, действие ${index + 1}`;
          const entry = steps.find((candidate) => candidate.action === action);
          expect(entry, action).toBeDefined();
          expect(entry!.limit?.duration ?? null, action).toBe(duration);
        });
      }
    });

    it('has bilingual form-js schemas: IINs validated, the review decides with a required refusal reason', () => {
      const manifest = JSON.parse(readFileSync(join(root, 'processes', 'semey', service, 'manifest.json'), 'utf8')) as { forms: string[] };
      type Component = Record<string, any>;
      const walk = (components: Component[], visit: (component: Component) => void): void => {
        for (const component of components) {
          visit(component);
          if (Array.isArray(component.components)) walk(component.components, visit);
        }
      };
      for (const id of manifest.forms) {
        const schema = JSON.parse(readFileSync(formFile(service, id), 'utf8')) as Component;
        expect(schema).toMatchObject({ id, type: 'default', schemaVersion: 16 });
        const ids = new Set<string>();
        walk(schema.components, (component) => {
          expect(ids.has(component.id), `${id}: duplicate id ${component.id}`).toBe(false);
          ids.add(component.id);
          const label = (component.label ?? component.dateLabel) as string | undefined;
          // Russian and Kazakh side by side: «Русский / Қазақша».
          if (label) expect(label, `${id}: ${component.id}`).toMatch(/^[^/]+ \/ .+$/);
          if (component.key && /(^iin$|Iin$)/.test(component.key)) expect(component.validate?.pattern, `${id}: ${component.key}`).toBe('^\\d{12}$');
        });
        if (id.endsWith('-review')) {
          const decision = schema.components.find((component: Component) => component.key === 'decision');
          expect(decision).toMatchObject({ type: 'radio', validate: { required: true } });
          expect(decision.values.map((value: Component) => value.value)).toContain('refusal');
          const reason = schema.components.find((component: Component) => component.key === 'refusalReason');
          expect(reason).toMatchObject({ type: 'textarea', validate: { required: true }, conditional: { hide: '=decision != "refusal"' } });
        }
      }
      // Every portal route starts from an application form with the applicant's IIN.
      if (routesOf(service).includes('portal')) {
        const application = manifest.forms.find((form) => form.endsWith('-application'))!;
        const schema = JSON.parse(readFileSync(formFile(service, application), 'utf8')) as Component;
        expect(schema.components.some((component: Component) => component.key === 'applicantIin' && component.validate?.required)).toBe(true);
      }
    });

    it('has a manifest whose identity, validity, routes, forms and outputs are consistent', async () => {
      const dir = join(root, 'processes', 'semey', service);
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, any>;
      expect(manifest.tenant).toBe('semey');
      expect(manifest.service).toBe(service);
      expect(manifest.act).toMatchObject({ number: '1868', date: '2012-12-28', justiceRegistration: { number: '2864', date: '2013-01-28' }, language: 'ru' });
      expect(manifest.act.standard).toMatch(/^Стандарт государственной услуги «/);
      expect(manifest.validity.repealedBy).toContain('№ 806');
      expect(manifest.validity.from > manifest.act.justiceRegistration.date).toBe(true);
      expect(manifest.validity.to > manifest.validity.from).toBe(true);
      expect(Object.keys(manifest.routes).sort()).toEqual(routesOf(service).sort());
      for (const [route, file] of Object.entries(manifest.routes as Record<string, string>)) {
        expect(file).toBe(`${route}.bpmn`);
        expect(existsSync(join(dir, file))).toBe(true);
      }
      for (const form of manifest.forms as string[]) expect(formExists(service, form), form).toBe(true);
      expect(manifest.outputs).toContain('refusal');
      expect(manifest.languages).toEqual(['ru', 'kk']);
      for (const decision of manifest.decisions as Array<Record<string, string>>) {
        for (const field of ['topic', 'decision', 'reason', 'source']) expect(decision[field]?.length ?? 0, JSON.stringify(decision)).toBeGreaterThan(0);
      }
      // Every form a route references is listed; every output a route generates is listed.
      const referenced = new Set<string>();
      const generated = new Set<string>();
      for (const route of routesOf(service)) {
        const { nodes } = await parse(service, route);
        for (const node of nodes) {
          if (node.formRef) referenced.add(node.formRef as string);
          if (node.topic === 'document-generate') generated.add(propertiesOf(node).form!);
        }
      }
      expect([...referenced].sort()).toEqual([...(manifest.forms as string[])].sort());
      expect([...generated].sort()).toEqual([...(manifest.outputs as string[])].sort());
    });
  });
}
