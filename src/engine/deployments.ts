// Deploys a set of resources: parses and validates every BPMN first, refuses the whole deployment with every
// problem listed, filters duplicates by checksum, versions each key per tenant, and stores it all in one transaction.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { BpmnParseError, InvalidRequestError, type Problem } from '../errors.js';
import { definitionDto, deploymentDto, num, visible } from '../store/engine-rows.js';
import type { Access, DeployInput, DeployResult } from './api.js';
import { checksumOf, parseBpmn } from './definitions.js';
import { hostElements } from './engine-factory.js';
import { parseTemplate, TEMPLATE_RESOURCE } from '../documents/bundle-documents.js';
import { replaceStartSubscriptions } from './signals.js';

type Row = Record<string, any>;
const DAY = 86_400_000;

export interface DeployDeps {
  db: Knex;
  now(): number;
  opLog(trx: Knex.Transaction, access: Access, e: Record<string, unknown> & { operation_type: string; entity_type: string }): Promise<void>;
  tenantFilterEq<Q extends Knex.QueryBuilder>(q: Q, tenantId: string | null): Q;
  onDeployed(): void;
}

/** The manifest's `validity` as deployed (docs/calendar.md, «Validity of an act»). */
interface ManifestValidity { from?: string; fromBasis?: string; to?: string | { unknown?: boolean } | null; toBasis?: string; repealedBy?: string | null }

/** Where the window's days come from: `text` unless the manifest says `assumed`; an end the text does not give is
 *  `unknown` — stored without an end, so starts go on as in force (the policy), and reported by its basis. */
export function validityBasis(v: ManifestValidity | undefined): { from: string | null; to: string | null } {
  if (!v) return { from: null, to: null };
  const unknownEnd = typeof v.to === 'object' && v.to !== null && v.to.unknown === true;
  return {
    from: v.from ? (v.fromBasis === 'assumed' ? 'assumed' : 'text') : null,
    to: unknownEnd ? 'unknown' : typeof v.to === 'string' && v.to ? (v.toBasis === 'assumed' ? 'assumed' : 'text') : null,
  };
}

/** `YYYY-MM-DD` in Asia/Almaty (UTC+5) → ms at the start of that day; `end` gives the start of the next day. */
export function dayStart(text: unknown, end = false): number | null {
  if (typeof text !== 'string' || !text) return null;
  const t = /^\d{4}-\d{2}-\d{2}$/.test(text) ? Date.parse(`${text}T00:00:00+05:00`) : Date.parse(text);
  if (Number.isNaN(t)) return null;
  return end && /^\d{4}-\d{2}-\d{2}$/.test(text) ? t + DAY : t;
}

/** A relative path inside the deployment: folders allowed (forms/x.form), nothing that climbs out or hides. */
function safeResourceName(name: unknown): boolean {
  if (typeof name !== 'string' || name.length === 0 || name.length > 255) return false;
  if (name.startsWith('/') || name.includes('\\') || /[\u0000-\u001f]/.test(name)) return false;
  return name.split('/').every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

export async function deployResources(deps: DeployDeps, input: DeployInput, access: Access): Promise<DeployResult> {
  const { db, now, opLog, tenantFilterEq } = deps;
  const tenantId = input.tenantId ?? null;
  if (tenantId && !visible(access, tenantId)) throw new InvalidRequestError(`Cannot deploy to tenant '${tenantId}': not a tenant of the user`);
  if (!input.name) throw new InvalidRequestError('Deployment name is required');
  if (!input.resources?.length) throw new InvalidRequestError('A deployment needs at least one resource');
  const details: Record<string, { errors: Problem[]; warnings: Problem[] }> = {};
  const parsed: Awaited<ReturnType<typeof parseBpmn>>[] = [];
  let manifest: { validity?: ManifestValidity } | null = null;
  const seenNames = new Set<string>();
  for (const res of input.resources) {
    if (!safeResourceName(res.name)) throw new InvalidRequestError(`Cannot deploy: resource name '${String(res.name).slice(0, 120)}' must be a relative path without '..', '\\' or control characters`);
    if (seenNames.has(res.name)) { details[res.name] = { errors: [{ message: `Resource '${res.name}' appears twice` }], warnings: [] }; continue; }
    seenNames.add(res.name);
    if (/\.bpmn(20\.xml)?$/i.test(res.name)) {
      const p = await parseBpmn(res.name, res.content, hostElements);
      parsed.push(p);
      if (p.errors.length || p.warnings.length) details[res.name] = { errors: p.errors, warnings: p.warnings };
    } else if (TEMPLATE_RESOURCE.test(res.name)) {
      // A document template that would fail when the instance reaches its output is refused now, with its place.
      const { problems } = parseTemplate(res.name, res.content);
      if (problems.length) details[res.name] = { errors: problems.map((p) => ({ message: `${p.path}: ${p.message}` })), warnings: [] };
    } else if (/\.(form|json)$/i.test(res.name)) {
      try {
        const json = JSON.parse(typeof res.content === 'string' ? res.content : res.content.toString('utf8'));
        if (/(^|\/)manifest\.json$/.test(res.name)) manifest = json;
      } catch (e) {
        details[res.name] = { errors: [{ message: `Resource '${res.name}' is not JSON: ${(e as Error).message}` }], warnings: [] };
      }
    }
  }
  const keys = new Map<string, string>();
  for (const p of parsed) {
    if (!p.process) continue;
    const other = keys.get(p.process.key);
    if (other) (details[p.name] ??= { errors: [], warnings: [] }).errors.push({ message: `Process key '${p.process.key}' is also defined in '${other}'`, mainElementId: p.process.key, elementIds: [p.process.key] });
    keys.set(p.process.key, p.name);
  }
  const hasErrors = Object.values(details).some((d) => d.errors.length);
  if (hasErrors) {
    const list = Object.entries(details).filter(([, d]) => d.errors.length).map(([n, d]) => `${n}: ${d.errors.map((e) => e.message).join('; ')}`);
    throw new BpmnParseError(`ENGINE-09005 Could not parse BPMN process. Errors in ${list.join(' | ')}`, details);
  }
  const warnings: DeployResult['warnings'] = {};
  for (const [n, d] of Object.entries(details)) if (d.warnings.length) warnings[n] = d.warnings;

  // Duplicate filtering (Camunda): unchanged resources of the last deployment with the same name are not redeployed.
  let changed = input.resources;
  if (input.enableDuplicateFiltering || input.deployChangedOnly) {
    const prev = await tenantFilterEq(db('engine_deployment').where({ name: input.name }), tenantId).orderBy('deployment_time', 'desc').first();
    if (prev) {
      const prevRes = await db('engine_resource').where({ deployment_id: prev.id }).select('name', 'checksum');
      const prevMap = new Map(prevRes.map((r: Row) => [r.name, r.checksum]));
      const diff = input.resources.filter((r) => prevMap.get(r.name) !== checksumOf(r.content));
      if (diff.length === 0) return { deployment: deploymentDto(prev), processDefinitions: [], warnings };
      if (input.deployChangedOnly) changed = diff;
    }
  }
  const changedNames = new Set(changed.map((r) => r.name));
  const depId = randomUUID();
  const t = now();
  const validFrom = dayStart(manifest?.validity?.from);
  const validTo = dayStart(manifest?.validity?.to, true);
  const basis = validityBasis(manifest?.validity);
  const defs: Row[] = [];
  await db.transaction(async (trx) => {
    await trx('engine_deployment').insert({ id: depId, name: input.name, source: input.source ?? null, tenant_id: tenantId, deployment_time: t });
    for (const r of changed) {
      const content = typeof r.content === 'string' ? Buffer.from(r.content, 'utf8') : r.content;
      await trx('engine_resource').insert({ id: randomUUID(), deployment_id: depId, name: r.name, content, checksum: checksumOf(r.content) });
    }
    for (const p of parsed) {
      if (!p.process || !changedNames.has(p.name)) continue;
      const proc = p.process;
      const last = await tenantFilterEq(trx('engine_definition').where({ key: proc.key }), tenantId).max({ v: 'version' }).first();
      const version = (last?.v == null ? 0 : num(last.v)) + 1;
      const row = {
        id: `${proc.key}:${version}:${randomUUID()}`, key: proc.key, version, version_tag: proc.versionTag, name: proc.name,
        description: proc.description, category: null, resource_name: p.name, deployment_id: depId, tenant_id: tenantId, checksum: p.checksum,
        valid_from: validFrom ?? dayStart(proc.properties['reglament:validFrom']),
        valid_to: validTo ?? dayStart(proc.properties['reglament:validTo'], true),
        repealed_by: manifest?.validity?.repealedBy ?? proc.properties['reglament:repealedBy'] ?? null,
        valid_from_basis: basis.from, valid_to_basis: basis.to,
        properties: JSON.stringify(proc.properties), meta: JSON.stringify({ activities: proc.activities, initiatorVariable: proc.initiatorVariable, starters: proc.starters }),
        context: proc.context, suspended: false, history_ttl: proc.historyTimeToLive,
        // Camunda: deployed as usual, suspended from the start until the activation time.
        activation_time: input.activationTime && input.activationTime.getTime() > t ? input.activationTime.getTime() : null,
      };
      await trx('engine_definition').insert(row);
      await replaceStartSubscriptions(trx, row, proc.activities, t);
      defs.push(row);
    }
    await opLog(trx, access, { operation_type: 'Create', entity_type: 'Deployment', deployment_id: depId, tenant_id: tenantId, property: 'duplicateFiltering', new_value: String(Boolean(input.enableDuplicateFiltering)) });
  });
  deps.onDeployed();
  const deployment = await db('engine_deployment').where({ id: depId }).first();
  return { deployment: deploymentDto(deployment), processDefinitions: defs.map(definitionDto), warnings };
}
