// Test support for the Semey bundles: what the act (seed 003) requires of each route, and a reader of the .bpmn files.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseBpmn, type ModdleElement } from '../../src/reglament/moddle.js';

export const root = join(import.meta.dirname, '..', '..');

export type Route = 'provider' | 'con' | 'portal';

/**
 * The action tables of the act as the spec reads them: table number per route and the upper bound of each
 * action's «Сроки исполнения» (null where the cell is lost). Written out here, independent of the models.
 */
const B = ['PT15S', 'PT10S', 'PT1M30S', 'PT15S', 'PT15S'];
const C_RANGE = ['PT1M', 'PT30S', 'PT1M30S', 'PT1M30S', 'PT1M'];
// S2's Таблица 2 ends with «30 секунда» (the act's words; read as they stand, one reading per limit text).
const C_S2 = ['PT1M', 'PT30S', 'PT1M30S', 'PT1M30S', 'PT30S'];
export const SEMEY: Record<string, { routes: Partial<Record<Route, { table: number; limits: Array<string | null> }>>; poa: boolean }> = {
  'unemployed-certificate': {
    poa: false,
    routes: { portal: { table: 1, limits: C_RANGE }, provider: { table: 2, limits: B }, con: { table: 3, limits: C_RANGE } },
  },
  'disabled-children-home-education': {
    poa: false,
    routes: { provider: { table: 1, limits: B }, portal: { table: 2, limits: C_S2 } },
  },
  'preschool-queue': {
    poa: true,
    routes: { provider: { table: 1, limits: B }, con: { table: 2, limits: C_RANGE }, portal: { table: 3, limits: C_RANGE } },
  },
  'minors-deposits-certificate': {
    poa: true,
    routes: { con: { table: 1, limits: C_RANGE }, portal: { table: 2, limits: C_RANGE } },
  },
  'guardianship-property-deal-certificate': {
    poa: true,
    routes: { con: { table: 1, limits: C_RANGE }, portal: { table: 2, limits: ['PT1M', 'PT30S', 'PT1M30S', 'PT1M', null] } },
  },
  'guardianship-certificate': {
    poa: true,
    routes: { con: { table: 1, limits: C_RANGE }, portal: { table: 2, limits: C_RANGE } },
  },
  'housing-queue': {
    poa: true,
    routes: { provider: { table: 1, limits: B }, con: { table: 2, limits: C_RANGE }, portal: { table: 3, limits: ['PT1M', 'PT30S', 'PT1M30S', 'PT1M30S', null] } },
  },
};

/** The numbered steps of each route template (spec §1.1). */
export const STEPS: Record<Route, string[]> = {
  portal: ['процесс 1', 'условие 1', 'процесс 2', 'процесс 3', 'условие 2', 'процесс 4', 'процесс 5', 'процесс 6', 'условие 3', 'процесс 7', 'процесс 8'],
  provider: ['процесс 1', 'процесс 2', 'процесс 3', 'условие 1', 'процесс 4', 'процесс 5', 'процесс 6', 'условие 2', 'процесс 7', 'процесс 8'],
  con: ['процесс 1', 'процесс 2', 'процесс 3', 'условие 1', 'процесс 4', 'процесс 5', 'процесс 6', 'процесс 7', 'условие 2', 'процесс 8', 'процесс 9'],
};

export function routesOf(service: string): Route[] {
  return Object.keys(SEMEY[service]!.routes) as Route[];
}

export function bpmnPath(service: string, route: Route): string {
  return join(root, 'processes', 'semey', service, `${route}.bpmn`);
}

export interface Parsed {
  definitions: ModdleElement;
  warnings: string[];
  process: ModdleElement;
  nodes: ModdleElement[];
  flows: ModdleElement[];
  byId: Map<string, ModdleElement>;
}

export async function parse(service: string, route: Route): Promise<Parsed> {
  const xml = readFileSync(bpmnPath(service, route), 'utf8');
  const { definitions: rootElement, warnings } = await parseBpmn(xml);
  const process = (rootElement.rootElements as ModdleElement[]).find((element) => element.$type === 'bpmn:Process')!;
  const elements = (process.flowElements ?? []) as ModdleElement[];
  const nodes = elements.filter((element) => element.$type !== 'bpmn:SequenceFlow');
  const flows = elements.filter((element) => element.$type === 'bpmn:SequenceFlow');
  return { definitions: rootElement, warnings, process, nodes, flows, byId: new Map(elements.map((element) => [element.id!, element])) };
}

/** The camunda:properties of an element as a map. */
export function propertiesOf(element: ModdleElement): Record<string, string> {
  const out: Record<string, string> = {};
  for (const extension of (element.extensionElements?.values ?? []) as ModdleElement[]) {
    if (extension.$type !== 'camunda:Properties') continue;
    for (const property of (extension.values ?? []) as ModdleElement[]) out[property.name as string] = property.value as string;
  }
  return out;
}

/** Topics of the external-task table of docs/conventions.md. */
export function conventionTopics(): Set<string> {
  const text = readFileSync(join(root, 'docs', 'conventions.md'), 'utf8');
  const start = text.indexOf('| topic |');
  const table = text.slice(start, text.indexOf('\n\n', start));
  return new Set([...table.matchAll(/^\| `([a-z-]+)` \|/gm)].map((match) => match[1]!));
}
