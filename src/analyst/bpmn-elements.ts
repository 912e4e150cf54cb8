// Reads the flow elements of a BPMN file into plain records for comparison and analysis:
// id, type, name, documentation, camunda:properties, for deadline timers the duration, and where the element
// comes from: the governing act, another act or a convention of this product, or no act at all.
import { InvalidRequestError } from '../errors.js';
import { flowElementsOf, parseBpmn, processesOf, propertiesOf, type ModdleElement } from '../reglament/moddle.js';

export interface ElementRecord {
  id: string;
  type: string;
  name: string | null;
  documentation: string;
  properties: Record<string, string>;
  attributes: Record<string, string>;
  /** ISO duration/date/cycle of a timer event */
  timer: string | null;
  attachedToRef: string | null;
  basis: ElementBasis;
}

/** Where an element comes from (docs/conventions.md, «Tracing law ↔ diagram»). */
export type ElementBasis =
  | { kind: 'act'; step: string | null }
  | { kind: 'borrowed'; source: string }
  | { kind: 'convention'; name: string }
  | { kind: 'not-in-act'; reason: string };

/** reglament:source (another act, or `convention:<name>`) first, then reglament:notInAct, else the act's step. */
export function basisOf(properties: Record<string, string>): ElementBasis {
  const source = (properties['reglament:source'] ?? '').trim();
  const convention = /^convention:(.+)$/.exec(source);
  if (convention) return { kind: 'convention', name: convention[1]! };
  if (source) return { kind: 'borrowed', source };
  const reason = (properties['reglament:notInAct'] ?? '').trim();
  if (reason) return { kind: 'not-in-act', reason };
  return { kind: 'act', step: properties['reglament:step'] ?? null };
}

const CAMUNDA_ATTRIBUTES = ['topic', 'type', 'candidateGroups', 'candidateUsers', 'assignee', 'formRef', 'formKey', 'dueDate', 'taskPriority'];

export async function readElements(xml: string): Promise<Map<string, ElementRecord>> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new InvalidRequestError('BPMN XML must not declare a DOCTYPE or entities');
  let definitions: ModdleElement;
  try {
    ({ definitions } = await parseBpmn(xml));
  } catch (err) {
    throw new InvalidRequestError(`BPMN XML does not parse: ${(err as Error).message}`);
  }
  const out = new Map<string, ElementRecord>();
  for (const process of processesOf(definitions)) {
    for (const el of flowElementsOf(process)) if (el.id && el.$type !== 'bpmn:SequenceFlow') out.set(el.id, record(el));
  }
  return out;
}

function record(el: ModdleElement): ElementRecord {
  const attributes: Record<string, string> = {};
  for (const name of CAMUNDA_ATTRIBUTES) if (typeof el[name] === 'string') attributes[name] = el[name];
  const def = (el.eventDefinitions ?? []).find((d: ModdleElement) => d.$type === 'bpmn:TimerEventDefinition');
  const properties = propertiesOf(el);
  return {
    id: el.id!,
    type: el.$type,
    name: el.name ?? null,
    documentation: (el.documentation ?? []).map((d: { text?: string }) => d.text ?? '').join('\n'),
    properties,
    attributes,
    timer: def ? def.timeDuration?.body ?? def.timeDate?.body ?? def.timeCycle?.body ?? null : null,
    attachedToRef: el.attachedToRef?.id ?? null,
    basis: basisOf(properties),
  };
}
