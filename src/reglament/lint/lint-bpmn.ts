// Runs bpmnlint (recommended + plugin:reglament/recommended, as .bpmnlintrc says) on one parsed diagram.
import { readPrintedLimit } from '../../importer/limit-text.js';
import { createRequire } from 'node:module';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleFinding } from '../bundle.js';
import type { ModdleElement } from '../moddle.js';
import { checkTemplate } from '../../engine/expressions.js';
import { reglamentResolver } from './resolver.js';

const require = createRequire(import.meta.url);

interface LintReport {
  id?: string;
  message: string;
  category: 'error' | 'warn' | 'info' | 'rule-error';
}
interface LinterInstance {
  lint(definitions: ModdleElement): Promise<Record<string, LintReport[]>>;
}
type LinterConstructor = new (options: { config: unknown; resolver: unknown }) => LinterInstance;
const { Linter } = require('bpmnlint') as { Linter: LinterConstructor };

export interface LintContext {
  /** Topics served by workers (workers/<topic>.ts); default: the table of docs/conventions.md. */
  topics?: string[];
  /** Form ids that exist in forms/; default: only presence of formRef is checked. */
  forms?: string[];
  /** The act's limits for this route (manifest steps), for reglament/step-deadline. */
  limits?: Array<{ step: string; action?: string; duration: string; text?: string; calendar?: string; excludeReceiptDay?: boolean }>;
  /** `<tenant>/<service>` of every bundle under processes/, for reglament/source-mark's act: references. */
  bundles?: string[];
}

const DEFAULT_CONFIG = { extends: ['bpmnlint:recommended', 'plugin:reglament/recommended'] };

/** The repository's .bpmnlintrc when present (so CLI and Camunda Modeler agree), else the same default. */
export function lintConfig(root?: string): { extends?: string | string[]; rules?: Record<string, unknown> } {
  const path = root ? join(root, '.bpmnlintrc') : '';
  if (path && existsSync(path)) return JSON.parse(readFileSync(path, 'utf8'));
  return DEFAULT_CONFIG;
}

function category(value: unknown): string {
  const v = Array.isArray(value) ? value[0] : value;
  return v === 2 || v === 'error' ? 'error' : v === 1 || v === 'warn' ? 'warn' : v === 0 || v === 'off' ? 'off' : String(v);
}

/** Lints one diagram; `file` is how findings name it. */
export async function lintDefinitions(definitions: ModdleElement, file: string, ctx: LintContext = {}, root?: string): Promise<BundleFinding[]> {
  const base = lintConfig(root);
  const rules: Record<string, unknown> = { ...(base.rules ?? {}) };
  // The CLI knows the file system: pass the real lists to the rules that can use them.
  const withOptions = (name: string, options: unknown): void => {
    const level = rules[name] !== undefined ? category(rules[name]) : 'error';
    if (level !== 'off') rules[name] = [level, options];
  };
  if (ctx.topics) withOptions('reglament/external-task-topic', { topics: ctx.topics });
  if (ctx.forms) withOptions('reglament/user-task-form', { forms: ctx.forms });
  if (ctx.limits) withOptions('reglament/step-deadline', { limits: ctx.limits });
  if (ctx.bundles) withOptions('reglament/source-mark', { bundles: ctx.bundles });
  // Conditions are checked by the engine's own evaluator, so lint and runtime agree exactly.
  withOptions('reglament/condition-syntax', { check: checkTemplate });
  withOptions('reglament/limit-text', { parse: readPrintedLimit });
  const linter = new Linter({ config: { ...base, rules }, resolver: reglamentResolver });
  const results = await linter.lint(definitions);
  const findings: BundleFinding[] = [];
  for (const [rule, reports] of Object.entries(results)) {
    for (const r of reports) {
      findings.push({
        file,
        where: r.id,
        rule,
        severity: r.category === 'warn' || r.category === 'info' ? 'warn' : 'error',
        message: r.message,
      });
    }
  }
  return findings;
}
