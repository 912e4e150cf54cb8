// The check every bundle diagram is held to, as Camunda Modeler would show it: it parses with bpmn-moddle and the
// camunda: extension without warnings, and bpmnlint's recommended config reports no error.
import { createRequire } from 'node:module';
import { parseBpmn, type ModdleElement } from '../../src/reglament/moddle.js';

export type { ModdleElement };

export interface LintReport {
  /** rule name → findings */
  [rule: string]: Array<{ id?: string; message: string; category: 'error' | 'warn' | 'info' | 'rule-error' }>;
}

interface LinterInstance { lint(definitions: ModdleElement): Promise<LintReport> }
type LinterConstructor = new (options: { config: unknown; resolver: unknown }) => LinterInstance;

const require = createRequire(import.meta.url);
const { Linter } = require('bpmnlint') as { Linter: LinterConstructor };
const NodeResolver = require('bpmnlint/lib/resolver/node-resolver.js') as new () => unknown;

/** bpmnlint with the recommended config only. */
export async function lintRecommended(definitions: ModdleElement): Promise<LintReport> {
  return new Linter({ config: { extends: 'bpmnlint:recommended' }, resolver: new NodeResolver() }).lint(definitions);
}

export interface CheckResult {
  definitions: ModdleElement;
  parseWarnings: string[];
  lintErrors: string[];
  lintWarnings: string[];
}

export async function checkBpmn(xml: string): Promise<CheckResult> {
  const { definitions, warnings } = await parseBpmn(xml);
  const report = await lintRecommended(definitions);
  const lintErrors: string[] = [];
  const lintWarnings: string[] = [];
  for (const [rule, findings] of Object.entries(report)) {
    for (const finding of findings) {
      const line = `${rule}: ${finding.id ?? '?'} ${finding.message}`;
      if (finding.category === 'warn' || finding.category === 'info') lintWarnings.push(line);
      else lintErrors.push(line);
    }
  }
  return { definitions, parseWarnings: warnings, lintErrors, lintWarnings };
}
