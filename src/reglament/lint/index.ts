// The linter of регламент bundles: bpmnlint with bpmnlint-plugin-reglament, plus the bundle checks.
export { lintBundle, lintFile, lintPaths, formatFindings, workerTopics, formIds, type BundleLint } from './lint-bundle.js';
export { lintDefinitions, lintConfig, type LintContext } from './lint-bpmn.js';
export { reglamentResolver, pluginRuleNames, PLUGIN_DIR } from './resolver.js';
