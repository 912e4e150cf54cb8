// Resolves bpmnlint's own rules and the repository's bpmnlint-plugin-reglament folder without an npm link,
// since package.json does not (and must not) list the plugin.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const require = createRequire(import.meta.url);

/** The plugin folder at the repository root. */
export const PLUGIN_DIR = fileURLToPath(new URL('../../../bpmnlint-plugin-reglament/', import.meta.url));
export const PLUGIN_PACKAGE = 'bpmnlint-plugin-reglament';

export type RuleFactory = (options?: unknown) => { check: unknown };

interface PluginModule {
  configs: Record<string, { rules: Record<string, unknown> }>;
  rules: Record<string, string>;
}

function plugin(): PluginModule {
  return require(PLUGIN_DIR) as PluginModule;
}

/** A bpmnlint Resolver: `bpmnlint` from node_modules, `bpmnlint-plugin-reglament` from the repository. */
export const reglamentResolver = {
  resolveRule(pkg: string, ruleName: string): RuleFactory {
    if (pkg === 'bpmnlint') return require(`bpmnlint/rules/${ruleName}`) as RuleFactory;
    if (pkg === PLUGIN_PACKAGE) {
      const path = plugin().rules[ruleName];
      if (!path) throw new Error(`unknown rule <reglament/${ruleName}>`);
      return require(join(PLUGIN_DIR, path)) as RuleFactory;
    }
    throw new Error(`cannot resolve rule <${ruleName}> from <${pkg}>: only bpmnlint and ${PLUGIN_PACKAGE} are available`);
  },
  resolveConfig(pkg: string, configName: string): unknown {
    if (pkg === 'bpmnlint') return require(`bpmnlint/config/${configName}`);
    if (pkg === PLUGIN_PACKAGE) {
      const config = plugin().configs[configName];
      if (!config) throw new Error(`unknown config <plugin:reglament/${configName}>`);
      return config;
    }
    throw new Error(`cannot resolve config <${configName}> from <${pkg}>`);
  },
};

/** Rule names of the plugin (for tests and docs). */
export function pluginRuleNames(): string[] {
  return Object.keys(plugin().rules);
}
