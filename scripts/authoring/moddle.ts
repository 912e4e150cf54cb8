// Loads bpmn-moddle with the Camunda extension and bpmnlint behind small local types, so the
// authoring scripts do not depend on ambient module declarations elsewhere in the tree.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/** A moddle element: typed loosely on purpose, the generator checks its own output by parsing it. */
export type ModdleElement = Record<string, any> & { $type: string; id?: string };

export interface Moddle {
  create(type: string, attrs?: Record<string, unknown>): ModdleElement;
  toXML(element: ModdleElement, options?: { format?: boolean }): Promise<{ xml: string }>;
  fromXML(xml: string, type?: string): Promise<{ rootElement: ModdleElement; warnings: Array<{ message: string }>; elementsById: Record<string, ModdleElement> }>;
}

type ModdleConstructor = new (packages: Record<string, unknown>) => Moddle;

const require = createRequire(import.meta.url);
const camundaSchema: unknown = JSON.parse(readFileSync(require.resolve('camunda-bpmn-moddle/resources/camunda.json'), 'utf8'));

// A non-literal specifier keeps the untyped package out of the type checker.
const bpmnModdleSpecifier: string = 'bpmn-moddle';
const bpmnModdleModule = (await import(bpmnModdleSpecifier)) as {
  default?: ModdleConstructor | { default: ModdleConstructor };
  BpmnModdle?: ModdleConstructor;
};
// Node gives the ESM default export; vitest's resolver may hand over a named export or a CJS wrapper.
const BpmnModdle: ModdleConstructor = typeof bpmnModdleModule.default === 'function'
  ? bpmnModdleModule.default
  : bpmnModdleModule.BpmnModdle ?? (bpmnModdleModule.default as { default: ModdleConstructor }).default;

/** A fresh moddle that knows BPMN 2.0 and the camunda: extension. */
export function createModdle(): Moddle {
  return new BpmnModdle({ camunda: camundaSchema });
}

export interface LintReport {
  /** rule name → findings */
  [rule: string]: Array<{ id?: string; message: string; category: 'error' | 'warn' | 'info' | 'rule-error' }>;
}

interface LinterInstance { lint(definitions: ModdleElement): Promise<LintReport> }
type LinterConstructor = new (options: { config: unknown; resolver: unknown }) => LinterInstance;

const { Linter } = require('bpmnlint') as { Linter: LinterConstructor };
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver.js') as new () => unknown;

/** bpmnlint with the recommended config, as Camunda Modeler runs it. */
export async function lintRecommended(definitions: ModdleElement): Promise<LintReport> {
  const linter = new Linter({ config: { extends: 'bpmnlint:recommended' }, resolver: new NodeResolver() });
  return linter.lint(definitions);
}
