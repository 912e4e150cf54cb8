// Reads .bpmn text into bpmn-moddle elements with the camunda: extension, and the few readers the tooling shares.
import { BpmnModdle } from 'bpmn-moddle';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };

/** A moddle element, typed loosely: the rules check what they read. */
export type ModdleElement = Record<string, any> & { $type: string; id?: string };

export interface ParsedBpmn {
  definitions: ModdleElement;
  warnings: string[];
}

/** Parses BPMN XML; throws with the parser's message when it is not BPMN at all. */
export async function parseBpmn(xml: string): Promise<ParsedBpmn> {
  const moddle = new BpmnModdle({ camunda });
  const { rootElement, warnings } = await moddle.fromXML(xml, 'bpmn:Definitions');
  return { definitions: rootElement as ModdleElement, warnings: ((warnings ?? []) as Array<{ message: string }>).map((w) => w.message) };
}

/** camunda:properties of an element as a name → value map. */
export function propertiesOf(element: ModdleElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ext of element.extensionElements?.values ?? []) {
    if (ext.$type !== 'camunda:Properties') continue;
    for (const p of ext.values ?? []) if (p.name) out[p.name] = p.value === undefined ? '' : String(p.value);
  }
  return out;
}

/** The executable processes of a definitions element. */
export function processesOf(definitions: ModdleElement): ModdleElement[] {
  return (definitions.rootElements ?? []).filter((e: ModdleElement) => e.$type === 'bpmn:Process');
}

/** Every flow element of a process, sub-processes included, in document order. */
export function flowElementsOf(container: ModdleElement): ModdleElement[] {
  const out: ModdleElement[] = [];
  for (const e of container.flowElements ?? []) {
    out.push(e);
    if (e.flowElements) out.push(...flowElementsOf(e));
  }
  return out;
}

/** The lane (СФЕ) name of each flow node id. */
export function laneNamesOf(process: ModdleElement): Map<string, string> {
  const out = new Map<string, string>();
  for (const set of process.laneSets ?? []) {
    for (const lane of set.lanes ?? []) for (const node of lane.flowNodeRef ?? []) out.set(node.id, lane.name ?? lane.id);
  }
  return out;
}
