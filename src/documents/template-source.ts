// Which template renders a document: the one deployed with the instance's definition, so that a running instance
// keeps the wording it started with; without a definition (a preview, a diagram deployed alone), the template of
// the tenant's latest deployment of that service. Two akimats may use the same template ids: lookups are per tenant.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { InvalidRequestError, NotFoundError } from '../errors.js';
import { readProfile } from '../tenants/store.js';
import { parseTenantFile, profileOf } from '../tenants/validate.js';
import type { TenantProfile } from '../tenants/profile.js';
import { documentsOfResources, readBundleDocuments, type BundleDocuments } from './bundle-documents.js';
import type { ManifestIdentity } from './scope.js';
import type { DocumentTemplate } from './template/types.js';

export interface TemplateQuery { form: string; tenant: string; service?: string; processDefinitionId?: string | null }

export interface ResolvedTemplate { template: DocumentTemplate; manifest: ManifestIdentity; deploymentId: string | null }

export interface TemplateListing { tenant: string; service: string; deploymentId: string | null; template: DocumentTemplate }

export interface TemplateSource {
  resolve(q: TemplateQuery): Promise<ResolvedTemplate>;
  /** The current templates of each service of the given tenants. */
  list(tenants: readonly string[] | 'all'): Promise<TemplateListing[]>;
}

export type ProfileSource = (tenant: string) => Promise<TenantProfile | null>;

const CACHE_LIMIT = 256;

function notFound(q: TemplateQuery, where: string): never {
  throw new InvalidRequestError(`Cannot render document '${q.form}': ${where} has no template documents/${q.form}.json`);
}

function noBundle(q: TemplateQuery): never {
  throw new InvalidRequestError(q.service
    ? `Cannot render document '${q.form}': tenant '${q.tenant}' has no bundle of service '${q.service}' with documents/${q.form}.json`
    : `Cannot render document '${q.form}': no bundle of tenant '${q.tenant}' has a template documents/${q.form}.json`);
}

/** Templates of deployments: deployments never change, so what is read once is kept (bounded). */
export function deployedTemplates(db: Knex): TemplateSource {
  const cache = new Map<string, Promise<BundleDocuments | null>>();
  const ofDeployment = (id: string): Promise<BundleDocuments | null> => {
    let hit = cache.get(id);
    if (!hit) {
      hit = db('engine_resource').where({ deployment_id: id }).where((q) => q.where('name', 'like', '%manifest.json').orWhere('name', 'like', '%documents/%.json'))
        .select('name', 'content')
        .then((rows: Array<{ name: string; content: Buffer }>) => documentsOfResources(rows.map((r) => ({ name: r.name, content: Buffer.from(r.content) }))).documents);
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
      cache.set(id, hit);
    }
    return hit;
  };
  const deploymentsOf = (tenant: string | null) => {
    const q = db('engine_deployment').orderBy('deployment_time', 'desc').orderBy('id', 'desc').select('id', 'tenant_id');
    return tenant === null ? q : q.where({ tenant_id: tenant });
  };
  return {
    async resolve(q) {
      let service = q.service;
      if (q.processDefinitionId) {
        const def = await db('engine_definition').where({ id: q.processDefinitionId }).first('deployment_id', 'tenant_id');
        if (!def || (def.tenant_id ?? null) !== q.tenant) throw new NotFoundError(`Cannot render document '${q.form}': process definition '${q.processDefinitionId.slice(0, 80)}' of tenant '${q.tenant}' not found`);
        const own = await ofDeployment(def.deployment_id);
        if (own) {
          const template = own.templates.get(q.form);
          if (!template) notFound(q, `the deployment of ${own.manifest.tenant}/${own.manifest.service}`);
          return { template, manifest: own.manifest, deploymentId: def.deployment_id };
        }
      }
      const candidates: ResolvedTemplate[] = [];
      for (const d of await deploymentsOf(q.tenant)) {
        const docs = await ofDeployment(d.id);
        if (!docs || (service && docs.manifest.service !== service)) continue;
        const template = docs.templates.get(q.form);
        if (!template) continue;
        if (service) return { template, manifest: docs.manifest, deploymentId: d.id };
        if (!candidates.some((c) => c.manifest.service === docs.manifest.service)) candidates.push({ template, manifest: docs.manifest, deploymentId: d.id });
      }
      if (candidates.length === 1) return candidates[0]!;
      if (candidates.length > 1) throw new InvalidRequestError(`Cannot render document '${q.form}' for tenant '${q.tenant}': say which service (one of ${candidates.map((c) => c.manifest.service).join(', ')})`);
      return noBundle({ ...q, service });
    },
    async list(tenants) {
      const out: TemplateListing[] = [];
      const seen = new Set<string>();
      const rows = await deploymentsOf(null);
      for (const d of rows) {
        if (tenants !== 'all' && !tenants.includes(d.tenant_id)) continue;
        const docs = await ofDeployment(d.id);
        if (!docs) continue;
        const key = `${d.tenant_id}/${docs.manifest.service}`;
        if (seen.has(key)) continue;
        seen.add(key);
        for (const template of docs.templates.values()) out.push({ tenant: d.tenant_id, service: docs.manifest.service, deploymentId: d.id, template });
      }
      return out;
    },
  };
}

/** Templates of the bundle folders under processes/: for previews, the CLI and tests. */
export function folderTemplates(processesRoot: string): TemplateSource {
  const bundles = (): Array<{ tenant: string; service: string; docs: BundleDocuments }> => {
    if (!existsSync(processesRoot)) return [];
    return readdirSync(processesRoot, { withFileTypes: true }).filter((t) => t.isDirectory()).flatMap((t) =>
      readdirSync(join(processesRoot, t.name), { withFileTypes: true }).filter((s) => s.isDirectory()).flatMap((s) => {
        const { documents } = readBundleDocuments(join(processesRoot, t.name, s.name));
        return documents ? [{ tenant: t.name, service: s.name, docs: documents }] : [];
      }));
  };
  return {
    async resolve(q) {
      const mine = bundles().filter((b) => b.tenant === q.tenant && (!q.service || b.service === q.service) && b.docs.templates.has(q.form));
      if (mine.length > 1) throw new InvalidRequestError(`Cannot render document '${q.form}' for tenant '${q.tenant}': say which service (one of ${mine.map((b) => b.service).join(', ')})`);
      const b = mine[0];
      if (!b) return noBundle(q);
      return { template: b.docs.templates.get(q.form)!, manifest: b.docs.manifest, deploymentId: null };
    },
    async list(tenants) {
      return bundles().filter((b) => tenants === 'all' || tenants.includes(b.tenant))
        .flatMap((b) => [...b.docs.templates.values()].map((template) => ({ tenant: b.tenant, service: b.service, deploymentId: null, template })));
    },
  };
}

export function storedProfiles(db: Knex): ProfileSource {
  return async (tenant) => (await readProfile(db, tenant))?.profile ?? null;
}

/** Profiles from `processes/<tenant>/tenant.json`, as `reglament tenant apply` would store them. */
export function folderProfiles(processesRoot: string): ProfileSource {
  return async (tenant) => {
    if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(tenant)) return null;
    const file = join(processesRoot, tenant, 'tenant.json');
    if (!existsSync(file)) return null;
    return profileOf(parseTenantFile(JSON.parse(readFileSync(file, 'utf8')), file));
  };
}

