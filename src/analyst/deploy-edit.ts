// Deploying a route edited in the analyst's view: refused while lint reports errors (a system administrator may
// override with a stated reason, kept in the user-operation log), and deployed together with the manifest, forms and
// document templates of the deployment it replaces, so the new version keeps the act's validity window and the
// forms its tasks render.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Access, DeployResult, Host, ProcessDefinition } from '../engine/api.js';
import { dayStart, validityBasis } from '../engine/deployments.js';
import { AuthorizationError, BpmnParseError, InvalidRequestError } from '../errors.js';

export interface LintFinding { id?: string; rule?: string; message: string; category: string }
export type Lint = (xml: string) => Promise<LintFinding[]>;

/** What the analyst confirms before deploying: the version it becomes, its validity window and the lint verdict. */
export interface DeployPreview {
  key: string;
  tenantId: string | null;
  nextVersion: number;
  /** The deployment whose manifest, forms and templates go with the edit (null: none had a manifest). */
  fromDeploymentId: string | null;
  validity: { from: string | null; to: string | null; fromBasis: string | null; toBasis: string | null; repealedBy: string | null };
  findings: LintFinding[];
  errors: number;
}

/** Kazakhstan midnights, shown as the day they begin (validTo: the last day in force). */
const KZ_OFFSET_MS = 5 * 3600_000;
const kzDay = (ms: number | null) => (ms === null ? null : new Date(ms + KZ_OFFSET_MS).toISOString().slice(0, 10));

const isBpmn = (name: string) => /\.bpmn(20\.xml)?$/i.test(name);
const isManifest = (name: string) => /(^|\/)manifest\.json$/.test(name);

interface Carried { deploymentId: string; resources: { name: string; content: Buffer }[]; manifest: { validity?: Record<string, unknown> } | null }

/** The supporting resources of the newest version of the route whose deployment had a manifest (the replaced one first). */
async function carriedResources(host: Host, def: ProcessDefinition, access: Access): Promise<Carried | null> {
  const versions = await host.listDefinitions({
    key: def.key, ...(def.tenantId ? { tenantIdIn: [def.tenantId] } : { withoutTenantId: true }),
    sortBy: 'version', sortOrder: 'desc', maxResults: 50,
  }, access);
  const ordered = [def, ...versions.filter((v) => v.id !== def.id && v.version < def.version)];
  for (const version of ordered) {
    const list = await host.getResources(version.deploymentId, access);
    const manifestRes = list.find((r) => isManifest(r.name));
    if (!manifestRes) continue;
    const resources = await Promise.all(list.filter((r) => !isBpmn(r.name))
      .map(async (r) => ({ name: r.name, content: (await host.getResource(version.deploymentId, r.id, access)).content })));
    const manifestText = resources.find((r) => r.name === manifestRes.name)!.content.toString('utf8');
    let manifest: Carried['manifest'] = null;
    try { manifest = JSON.parse(manifestText); } catch { manifest = null; }
    return { deploymentId: version.deploymentId, resources, manifest };
  }
  return null;
}

export async function previewDeploy(host: Host, lint: Lint | undefined, definitionId: string, xml: string, access: Access): Promise<DeployPreview> {
  const def = await host.getDefinition(definitionId, access);
  const [latest] = await host.listDefinitions({
    key: def.key, ...(def.tenantId ? { tenantIdIn: [def.tenantId] } : { withoutTenantId: true }), sortBy: 'version', sortOrder: 'desc', maxResults: 1,
  }, access);
  const carried = await carriedResources(host, def, access);
  const v = carried?.manifest?.validity as Parameters<typeof validityBasis>[0] | undefined;
  const basis = validityBasis(v);
  const to = dayStart(v?.to, true);
  const findings = lint ? await lint(xml) : [];
  return {
    key: def.key, tenantId: def.tenantId, nextVersion: (latest?.version ?? def.version) + 1,
    fromDeploymentId: carried?.deploymentId ?? null,
    validity: {
      from: kzDay(dayStart(v?.from)), to: kzDay(to === null ? null : to - 1),
      fromBasis: basis.from, toBasis: basis.to, repealedBy: typeof v?.repealedBy === 'string' ? v.repealedBy : null,
    },
    findings, errors: findings.filter((f) => f.category === 'error').length,
  };
}

export interface DeployEditInput {
  definitionId: string;
  xml: string;
  /** A system administrator's reason to deploy in spite of lint errors. */
  overrideReason?: string;
}

export interface Caller { access: Access; roles: string[]; tenantIds: string[] }

export async function deployEdit(host: Host, db: Knex, lint: Lint | undefined, input: DeployEditInput, caller: Caller): Promise<DeployResult> {
  const { access } = caller;
  const def = await host.getDefinition(input.definitionId, access);
  const findings = lint ? await lint(input.xml) : [];
  const errors = findings.filter((f) => f.category === 'error');
  const reason = input.overrideReason?.trim() ?? '';
  const resourceName = isBpmn(def.resource) ? def.resource : `${def.key}.bpmn`;
  if (errors.length && !reason) {
    throw new BpmnParseError(
      `Cannot deploy ${def.key}: lint found ${errors.length} error(s) (first: ${errors[0]!.id ?? ''} ${errors[0]!.rule ?? ''}: ${errors[0]!.message}); fix them, or an administrator deploys with a stated reason`,
      { [resourceName]: { errors: errors.map((e) => ({ message: `${e.rule ?? 'lint'}: ${e.message}`, ...(e.id ? { mainElementId: e.id, elementIds: [e.id] } : {}) })), warnings: [] } },
    );
  }
  if (errors.length) {
    // An akimat's administrator (the analyst) cannot wave the check through; the system administrator can, on record.
    if (!caller.roles.includes('admin') || caller.tenantIds.length) throw new AuthorizationError(`User '${access.userId ?? ''}' may not deploy ${def.key} with lint errors: only a system administrator may override`);
    if (reason.length < 10) throw new InvalidRequestError(`Cannot deploy ${def.key} with lint errors: the override reason must say why (at least 10 characters, got ${reason.length})`);
  }
  const carried = await carriedResources(host, def, access);
  const result = await host.deploy({
    name: def.key, source: 'reglament-analyst', tenantId: def.tenantId,
    resources: [{ name: resourceName, content: input.xml }, ...(carried?.resources ?? [])],
  }, access);
  if (errors.length) {
    await db('engine_op_log').insert({
      id: randomUUID(), user_id: access.userId ?? null, timestamp: Date.now(), operation_type: 'Override', entity_type: 'Deployment',
      property: 'lint', org_value: errors.map((e) => `${e.id ?? ''} ${e.rule ?? ''}`.trim()).join('; ').slice(0, 2000), new_value: 'deployed',
      deployment_id: result.deployment.id, definition_id: result.processDefinitions[0]?.id ?? null, definition_key: def.key,
      tenant_id: def.tenantId, annotation: reason,
    });
  }
  return result;
}
