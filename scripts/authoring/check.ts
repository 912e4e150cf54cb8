// Checks a generated .bpmn the way the brief asks: it parses with bpmn-moddle + camunda without
// warnings, and bpmnlint's recommended config reports no error.
import { createModdle, lintRecommended, type ModdleElement } from './moddle.js';

export interface CheckResult {
  definitions: ModdleElement;
  parseWarnings: string[];
  lintErrors: string[];
  lintWarnings: string[];
}

export async function checkBpmn(xml: string): Promise<CheckResult> {
  const { rootElement, warnings } = await createModdle().fromXML(xml);
  const report = await lintRecommended(rootElement);
  const lintErrors: string[] = [];
  const lintWarnings: string[] = [];
  for (const [rule, findings] of Object.entries(report)) {
    for (const finding of findings) {
      const line = `${rule}: ${finding.id ?? '?'} ${finding.message}`;
      if (finding.category === 'warn' || finding.category === 'info') lintWarnings.push(line);
      else lintErrors.push(line);
    }
  }
  return { definitions: rootElement, parseWarnings: warnings.map((warning) => warning.message), lintErrors, lintWarnings };
}
