// Builds docs/traceability.md from the bundles: per act and route, each step and table action → the BPMN
// elements and their time limits, each element → its step, and whatever is left unmapped on either side.
import { join, relative } from 'node:path';
import { findBundles, readBundle, type Bundle } from './bundle.js';
import type { ManifestStep } from './manifest.js';
import { describeValidity, endIsUnknown } from './validity.js';
import { flowElementsOf, laneNamesOf, processesOf, propertiesOf, type ModdleElement } from './moddle.js';

export interface TracedElement {
  id: string;
  type: string;
  name: string;
  lane: string;
  step: string | null;
  action: string | null;
  outcome: string | null;
  /** Where the element comes from when not from the governing act (reglament:source), or null. */
  source: string | null;
  /** Timers on or of this element: duration, calendar, limit text, and the source of a borrowed limit. */
  limits: Array<{ timerId: string; duration: string; calendar: string; excludeReceiptDay: boolean; text: string; source: string | null }>;
}

export interface RouteTrace {
  route: string;
  file: string;
  processId: string | null;
  /** The act's steps: from the manifest when it lists them, else the steps the diagram names. */
  steps: Array<{ step: string; action: string | null; text: string | null; limit: string | null; elements: TracedElement[]; fromManifest: boolean }>;
  elements: TracedElement[];
  /** Manifest steps that no element carries. */
  unmappedSteps: string[];
  /** Step elements (tasks, splitting gateways, result/refusal ends) without reglament:step nor reglament:notInAct. */
  unmappedElements: string[];
  /** Elements the act does not describe, added by a decision (reglament:notInAct = why). */
  notInAct: Array<{ id: string; reason: string }>;
  /** Elements (timers included) whose content comes from another act: reglament:source = act:… */
  borrowed: Array<{ id: string; source: string }>;
  /** This product's conventions standing in for the act (reglament:source = convention:<name>): name → element ids. */
  conventions: Array<{ name: string; ids: string[] }>;
}

const TYPE_LABEL: Record<string, string> = {
  'bpmn:UserTask': 'user task',
  'bpmn:ServiceTask': 'external task',
  'bpmn:ExclusiveGateway': 'gateway',
  'bpmn:EndEvent': 'end event',
  'bpmn:StartEvent': 'start event',
  'bpmn:BoundaryEvent': 'boundary timer',
  'bpmn:IntermediateCatchEvent': 'catch event',
};

function isStepElement(e: ModdleElement): boolean {
  if (e.$type === 'bpmn:UserTask' || (e.$type === 'bpmn:ServiceTask' && e.type === 'external')) return true;
  if (e.$type === 'bpmn:ExclusiveGateway') return (e.outgoing ?? []).length > 1;
  if (e.$type === 'bpmn:EndEvent') return ['result', 'refusal'].includes(propertiesOf(e)['reglament:outcome'] ?? '');
  return false;
}

function timerOf(e: ModdleElement): { duration: string } | null {
  const def = (e.eventDefinitions ?? []).find((d: ModdleElement) => d.$type === 'bpmn:TimerEventDefinition');
  if (!def) return null;
  return { duration: (def.timeDuration?.body ?? def.timeDate?.body ?? def.timeCycle?.body ?? '').trim() };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
}

/** Traces one route of a bundle. */
export function traceRoute(definitions: ModdleElement, route: string, file: string, manifestSteps: ManifestStep[] | undefined): RouteTrace {
  const process = processesOf(definitions).find((p) => p.isExecutable) ?? processesOf(definitions)[0];
  const lanes = process ? laneNamesOf(process) : new Map<string, string>();
  const all = process ? flowElementsOf(process) : [];
  const elements: TracedElement[] = [];
  const byId = new Map<string, TracedElement>();
  for (const e of all) {
    const props = propertiesOf(e);
    if (!isStepElement(e) && !props['reglament:step'] && !timerOf(e)) continue;
    if (e.$type === 'bpmn:BoundaryEvent' || (e.$type === 'bpmn:EndEvent' && props['reglament:outcome'] === 'escalated')) continue;
    if (e.$type === 'bpmn:ServiceTask' && e.topic === 'escalate-overdue') continue;
    const t: TracedElement = {
      id: e.id!,
      type: TYPE_LABEL[e.$type] ?? e.$type.replace('bpmn:', ''),
      name: oneLine(e.name ?? ''),
      lane: lanes.get(e.id!) ?? '',
      step: props['reglament:step'] ?? null,
      action: props['reglament:action'] ?? null,
      outcome: props['reglament:outcome'] ?? null,
      source: props['reglament:source'] ?? null,
      limits: [],
    };
    elements.push(t);
    byId.set(t.id, t);
  }
  // Timers: a boundary timer limits the element it is attached to; a catch timer limits itself.
  for (const e of all) {
    const timer = timerOf(e);
    if (!timer) continue;
    const props = propertiesOf(e);
    const target = e.$type === 'bpmn:BoundaryEvent' ? byId.get(e.attachedToRef?.id) : byId.get(e.id!);
    target?.limits.push({
      timerId: e.id!,
      duration: timer.duration,
      calendar: props['reglament:calendar'] ?? 'calendar',
      excludeReceiptDay: props['reglament:excludeReceiptDay'] === 'true',
      text: oneLine(props['reglament:limitText'] ?? ''),
      source: props['reglament:source'] ?? null,
    });
  }

  const steps: RouteTrace['steps'] = [];
  const unmappedSteps: string[] = [];
  // A table-action row maps to the elements that name that action; a step row to every element of the step.
  const matches = (el: TracedElement, step: string, action?: string | null): boolean =>
    el.step === step && (!action || el.action === action);
  if (manifestSteps && manifestSteps.length > 0) {
    for (const s of manifestSteps) {
      const mapped = elements.filter((el) => matches(el, s.step, s.action));
      steps.push({ step: s.step, action: s.action ?? null, text: s.text ? oneLine(s.text) : null, limit: s.limit ? oneLine(s.limit.text) : null, elements: mapped, fromManifest: true });
      if (mapped.length === 0) unmappedSteps.push(s.action ? `${s.step} (${s.action})` : s.step);
    }
    const listed = new Set(manifestSteps.map((s) => s.step));
    for (const el of elements) {
      if (el.step && !listed.has(el.step)) {
        const existing = steps.find((s) => !s.fromManifest && s.step === el.step);
        if (existing) existing.elements.push(el);
        else steps.push({ step: el.step, action: el.action, text: null, limit: null, elements: [el], fromManifest: false });
      }
    }
  } else {
    // One row per step, in diagram order; its actions are those its elements name.
    for (const el of elements) {
      if (!el.step) continue;
      const existing = steps.find((s) => s.step === el.step);
      if (!existing) steps.push({ step: el.step, action: el.action, text: null, limit: null, elements: [el], fromManifest: false });
      else {
        existing.elements.push(el);
        if (el.action && !(existing.action ?? '').split(', ').includes(el.action)) existing.action = existing.action ? `${existing.action}, ${el.action}` : el.action;
      }
    }
  }
  const unmappedElements = all
    .filter((e) => isStepElement(e) && !propertiesOf(e)['reglament:step'] && !propertiesOf(e)['reglament:notInAct'] && !propertiesOf(e)['reglament:source'])
    .map((e) => e.id!);
  const notInAct = all
    .filter((e) => propertiesOf(e)['reglament:notInAct'])
    .map((e) => ({ id: e.id!, reason: oneLine(propertiesOf(e)['reglament:notInAct']!) }));
  const borrowed: RouteTrace['borrowed'] = [];
  const conventions: RouteTrace['conventions'] = [];
  for (const e of all) {
    const source = (propertiesOf(e)['reglament:source'] ?? '').trim();
    const convention = /^convention:(.+)$/.exec(source);
    if (convention) {
      const group = conventions.find((c) => c.name === convention[1]);
      if (group) group.ids.push(e.id!);
      else conventions.push({ name: convention[1]!, ids: [e.id!] });
    } else if (source) borrowed.push({ id: e.id!, source: oneLine(source) });
  }
  return { route, file, processId: process?.id ?? null, steps, elements, unmappedSteps, unmappedElements, notInAct, borrowed, conventions };
}

function limitCell(el: TracedElement): string {
  return el.limits
    .map((l) => `${l.duration}${l.calendar === 'kz-working-days' ? ' раб. дн.' : ''}${l.excludeReceiptDay ? ', без дня приема' : ''}${l.text ? ` («${l.text}»)` : ''}${l.source ? ` **borrowed** (${oneLine(l.source)})` : ''}`)
    .join('; ');
}

/** The markdown of docs/traceability.md for these bundles (deterministic: no dates, sorted). */
export function traceabilityMarkdown(bundles: Bundle[], root: string): string {
  const out: string[] = [
    '# Traceability: регламент steps ↔ BPMN elements',
    '',
    'Generated by `reglament traceability` from `processes/*/*/` (manifest.json and the route .bpmn files). Do not',
    'edit by hand: change the bundle and regenerate; a test fails when this file is out of date.',
    '',
    'For each act and route: each step and table action → the BPMN element(s) and their time limits, then each',
    'element → its step, then what is left unmapped (steps the manifest lists that no element carries, and step',
    'elements without `reglament:step`). When a manifest lists no `steps`, the steps are those the diagram names.',
    'What does not come from the governing act is marked (docs/conventions.md, «Tracing law ↔ diagram»): **borrowed**',
    'from another act, or this product\'s convention (`reglament:source`), or **not in act** (`reglament:notInAct`).',
    '',
    'The analyst\'s other commands: `reglament lint [dir…]` (bpmnlint + bpmnlint-plugin-reglament + manifest checks),',
    '`reglament simulate <bundle> <route> [--path decision=refusal] [--start …]` (the path and its deadlines on fake',
    'time), `reglament deploy <bundle> [--url …] [--tenant …]` (lint, then engine-rest `/deployment/create`).',
    '',
  ];
  const sorted = [...bundles].sort((a, b) => `${a.tenant}/${a.service}`.localeCompare(`${b.tenant}/${b.service}`));
  if (sorted.length === 0) out.push('_No bundle found under processes/._', '');
  for (const b of sorted) {
    const m = b.manifest;
    const title = m.title?.[m.act?.language ?? 'ru'] ?? m.title?.ru ?? m.title?.kk ?? b.service;
    out.push(`## ${b.tenant} / ${b.service} — ${oneLine(title)}`, '');
    const reg = m.act?.justiceRegistration ? `, зарегистрировано в органах юстиции ${m.act.justiceRegistration.date} № ${m.act.justiceRegistration.number}` : '';
    out.push(`- Act: ${oneLine(m.act?.issuer ?? '?')}, № ${m.act?.number ?? '?'} от ${m.act?.date ?? '?'}${reg}`);
    const unknownEnd = endIsUnknown(m.validity?.to) ? '; the text does not give the act\'s status: started as in force, reported' : '';
    out.push(`- In force: ${describeValidity(m.validity)}${m.validity?.repealedBy ? ` (repealed by ${oneLine(m.validity.repealedBy)})` : ''}${unknownEnd}`);
    out.push(`- Bundle: \`${relative(root, b.dir)}\``, '');
    const traces = b.routes
      .filter((r) => r.definitions)
      .map((r) => traceRoute(r.definitions!, r.route, relative(root, r.path), m.steps?.[r.route]));
    for (const t of traces) {
      out.push(`### Route \`${t.route}\` — \`${t.file}\` (process \`${t.processId ?? '?'}\`)`, '');
      out.push('| step | action | act text / limit | element(s) | time limit in the diagram |', '| --- | --- | --- | --- | --- |');
      for (const s of t.steps) {
        const act = [s.text, s.limit ? `срок: ${s.limit}` : null].filter(Boolean).join('; ');
        const els = s.elements.length ? s.elements.map((e) => `\`${e.id}\``).join(', ') : '**unmapped**';
        const limits = s.elements.map(limitCell).filter(Boolean).join('; ');
        out.push(`| ${oneLine(s.step)}${s.fromManifest ? '' : ' ¹'} | ${s.action ? oneLine(s.action) : ''} | ${act} | ${els} | ${limits} |`);
      }
      if (t.steps.some((s) => !s.fromManifest) && t.steps.some((s) => s.fromManifest)) out.push('', '¹ named by the diagram, not listed in the manifest\'s steps.');
      out.push('', '| element | type | lane (СФЕ) | name | step | action | not from this act |', '| --- | --- | --- | --- | --- | --- | --- |');
      const notInActIds = new Map(t.notInAct.map((n) => [n.id, n.reason]));
      for (const e of t.elements) {
        const basis = e.source ? `**borrowed**: ${oneLine(e.source)}` : notInActIds.has(e.id) ? '**not in act**' : '';
        out.push(`| \`${e.id}\` | ${e.type}${e.outcome ? ` (${e.outcome})` : ''} | ${oneLine(e.lane)} | ${e.name} | ${e.step ? oneLine(e.step) : '**none**'} | ${e.action ? oneLine(e.action) : ''} | ${basis} |`);
      }
      out.push('');
      const unmapped = [...t.unmappedSteps.map((s) => `step ${s}: no element`), ...t.unmappedElements.map((id) => `element \`${id}\`: no reglament:step`)];
      out.push(unmapped.length ? `Unmapped: ${unmapped.join('; ')}.` : 'Unmapped: none.', '');
      if (t.notInAct.length) out.push(`Not in the act (decisions): ${t.notInAct.map((n) => `\`${n.id}\` — ${n.reason.replace(/[.;\s]+$/, '')}`).join('; ')}.`, '');
      if (t.borrowed.length) out.push(`Borrowed from another act (reglament:source): ${t.borrowed.map((b) => `\`${b.id}\` — ${b.source}`).join('; ')}.`, '');
      for (const c of t.conventions) {
        out.push(`This product's convention \`${c.name}\`, not the act's (reglament:source = convention:${c.name}): ${c.ids.length} element(s), ${c.ids.map((id) => `\`${id}\``).join(', ')}.`, '');
      }
    }
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** Reads every bundle under <root>/processes and returns the markdown of docs/traceability.md. */
export async function buildTraceability(root: string): Promise<string> {
  const bundles: Bundle[] = [];
  for (const dir of findBundles(join(root, 'processes'))) bundles.push(await readBundle(dir, { root }));
  return traceabilityMarkdown(bundles, root);
}
