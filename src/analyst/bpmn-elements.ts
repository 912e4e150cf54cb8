// Reads the flow elements of a BPMN file into plain records for comparison and analysis:
// id, type, name, documentation, camunda:properties and, for deadline timers, the duration.
import { BpmnModdle } from 'bpmn-moddle';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import { InvalidRequestError } from '../errors.js';

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
}

interface ModdleElement {
  id?: string;
  $type: string;
  name?: string;
  documentation?: { text?: string }[];
  extensionElements?: { values?: { $type: string; values?: { name?: string; value?: string }[] }[] };
  eventDefinitions?: { $type: string; timeDuration?: { body?: string }; timeDate?: { body?: string }; timeCycle?: { body?: string } }[];
  attachedToRef?: { id: string };
  $attrs?: Record<string, string>;
  flowElements?: ModdleElement[];
  rootElements?: ModdleElement[];
  laneSets?: unknown;
  [key: string]: unknown;
}

const CAMUNDA_ATTRIBUTES = ['topic', 'type', 'candidateGroups', 'candidateUsers', 'assignee', 'formRef', 'formKey', 'dueDate', 'taskPriority'];

export async function readElements(xml: string): Promise<Map<string, ElementRecord>> {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new InvalidRequestError('BPMN XML must not declare a DOCTYPE or entities');
  let root: ModdleElement;
  try {
    const moddle = new BpmnModdle({ camunda });
    ({ rootElement: root } = (await moddle.fromXML(xml)) as unknown as { rootElement: ModdleElement });
  } catch (err) {
    throw new InvalidRequestError(`BPMN XML does not parse: ${(err as Error).message}`);
  }
  const out = new Map<string, ElementRecord>();
  const visit = (el: ModdleElement) => {
    for (const child of el.flowElements ?? []) {
      if (child.id && child.$type !== 'bpmn:SequenceFlow') out.set(child.id, record(child));
      if (child.flowElements) visit(child);
    }
  };
  for (const rootEl of root.rootElements ?? []) if (rootEl.$type === 'bpmn:Process') visit(rootEl);
  return out;
}

function record(el: ModdleElement): ElementRecord {
  const properties: Record<string, string> = {};
  for (const ext of el.extensionElements?.values ?? []) {
    if (ext.$type !== 'camunda:Properties') continue;
    for (const p of ext.values ?? []) if (p.name) properties[p.name] = p.value ?? '';
  }
  const attributes: Record<string, string> = {};
  for (const name of CAMUNDA_ATTRIBUTES) {
    const value = el[name];
    if (typeof value === 'string') attributes[name] = value;
  }
  const def = el.eventDefinitions?.find((d) => d.$type === 'bpmn:TimerEventDefinition');
  return {
    id: el.id!,
    type: el.$type,
    name: el.name ?? null,
    documentation: (el.documentation ?? []).map((d) => d.text ?? '').join('\n'),
    properties,
    attributes,
    timer: def ? def.timeDuration?.body ?? def.timeDate?.body ?? def.timeCycle?.body ?? null : null,
    attachedToRef: el.attachedToRef?.id ?? null,
  };
}
