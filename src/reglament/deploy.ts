// Deploys a bundle through a Camunda-7-compatible engine-rest (ours by default): lint first, refuse on errors,
// then POST /deployment/create with every route, the bundle's forms and document templates, and the manifest: one
// deployment, so that an instance keeps the forms and wording of the deployment it started from.
import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { InvalidRequestError, ProcessEngineError } from '../errors.js';
import type { BundleFinding } from './bundle.js';
import { lintBundle } from './lint/index.js';
import { templateResources } from '../documents/bundle-documents.js';

export const DEFAULT_ENGINE_REST_URL = 'http://127.0.0.1:8080/engine-rest';
export const DEPLOYMENT_SOURCE = 'reglament-cli';

export interface DeployOptions {
  /** engine-rest base URL, default http://127.0.0.1:8080/engine-rest. */
  url?: string;
  /** Tenant id; default the manifest's tenant. */
  tenant?: string;
  auth?: { user: string; password: string };
  /** Injected fetch (tests, proxies); default the global fetch. */
  fetch?: typeof fetch;
  /** Progress lines («linting …», «uploading …»); default silent. */
  onProgress?: (line: string) => void;
  /** Repository root holding forms/ and workers/; default found from the bundle folder. */
  root?: string;
}

export interface DeployOutcome {
  deploymentId: string;
  deploymentName: string;
  tenantId: string;
  /** Resource names sent. */
  resources: string[];
  /** Definitions the engine created: empty when duplicate filtering found nothing new. */
  processDefinitions: Array<{ id: string; key: string; version: number }>;
  /** Lint warnings (errors refuse the deploy). */
  warnings: BundleFinding[];
}

/** Thrown when lint finds errors: nothing is sent. */
export class BundleLintError extends InvalidRequestError {
  constructor(readonly bundle: string, readonly findings: BundleFinding[]) {
    const errors = findings.filter((f) => f.severity === 'error');
    super(`Bundle ${bundle} has ${errors.length} lint error(s); fix them before deploying (first: ${errors[0]?.file} ${errors[0]?.where ?? ''} ${errors[0]?.message})`);
  }
}

/** What one deployment of a bundle holds: every route .bpmn, forms/*.form, documents/*.json and manifest.json. */
export interface BundleDeployment {
  name: string;
  tenantId: string;
  resources: Array<{ name: string; content: Buffer | string; type: string }>;
  warnings: BundleFinding[];
  /** Lint errors let through by allowLintErrors (empty otherwise). */
  errors: BundleFinding[];
}

/** Lints a bundle and returns its deployment (for host.deploy on a fresh database, or for the HTTP upload);
 *  throws BundleLintError when lint finds errors, unless allowLintErrors (the demo start-up may deploy a
 *  bundle with findings and show them; the CLI never does). */
export async function prepareDeployment(
  bundleDir: string,
  opts: { tenant?: string; root?: string; allowLintErrors?: boolean } = {},
): Promise<BundleDeployment> {
  const { bundle, findings } = await lintBundle(bundleDir, { root: opts.root });
  const label = relative(bundle.root, bundle.dir) || basename(bundle.dir);
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length && !opts.allowLintErrors) throw new BundleLintError(label, findings);
  const resources: BundleDeployment['resources'] = [];
  for (const route of bundle.routes) resources.push({ name: route.file, content: route.xml, type: 'application/xml' });
  for (const f of bundle.forms.filter((x) => x.exists)) resources.push({ name: `forms/${f.id}.form`, content: readFileSync(f.path), type: 'application/json' });
  for (const t of templateResources(bundle.dir)) resources.push({ name: t.name, content: readFileSync(t.path), type: 'application/json' });
  resources.push({ name: 'manifest.json', content: readFileSync(`${bundle.dir}/manifest.json`), type: 'application/json' });
  return {
    name: `${bundle.tenant}/${bundle.service}`,
    tenantId: opts.tenant ?? bundle.manifest.tenant,
    resources,
    warnings: findings.filter((f) => f.severity !== 'error'),
    errors,
  };
}

/** Lints and deploys one bundle folder. */
export async function deployBundle(bundleDir: string, opts: DeployOptions = {}): Promise<DeployOutcome> {
  const progress = opts.onProgress ?? (() => {});
  const url = (opts.url ?? DEFAULT_ENGINE_REST_URL).replace(/\/+$/, '');
  progress(`linting ${bundleDir}`);
  const prepared = await prepareDeployment(bundleDir, { tenant: opts.tenant, root: opts.root });
  const { warnings, tenantId, name: deploymentName } = prepared;

  const form = new FormData();
  form.append('deployment-name', deploymentName);
  form.append('deployment-source', DEPLOYMENT_SOURCE);
  form.append('enable-duplicate-filtering', 'true');
  if (tenantId) form.append('tenant-id', tenantId);
  const resources: string[] = [];
  for (const r of prepared.resources) {
    const part: BlobPart = typeof r.content === 'string' ? r.content : new Uint8Array(r.content);
    form.append(r.name, new Blob([part], { type: r.type }), r.name);
    resources.push(r.name);
  }
  progress(`uploading ${resources.length} resource(s) to ${url}/deployment/create as tenant ${tenantId}`);

  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.auth) headers.authorization = `Basic ${Buffer.from(`${opts.auth.user}:${opts.auth.password}`).toString('base64')}`;
  const doFetch = opts.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(`${url}/deployment/create`, { method: 'POST', body: form, headers });
  } catch (e) {
    throw new ProcessEngineError(`Couldn't deploy ${deploymentName}, the engine at ${url} is unreachable: ${(e as Error).message}`);
  }
  const text = await response.text();
  let body: any;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { message: text.slice(0, 200) };
  }
  if (!response.ok) {
    const type = body?.type ? `${body.type}: ` : '';
    const error = new ProcessEngineError(`Couldn't deploy ${deploymentName}, the engine answered ${response.status}: ${type}${body?.message ?? 'no message'}`);
    (error as ProcessEngineError & { details?: unknown }).details = body?.details;
    throw error;
  }
  const defs = Object.values((body.deployedProcessDefinitions ?? {}) as Record<string, { id: string; key: string; version: number }>);
  progress(`deployed ${deploymentName}: deployment ${body.id}, ${defs.length} new definition(s)`);
  return {
    deploymentId: String(body.id),
    deploymentName,
    tenantId,
    resources,
    processDefinitions: defs.map((d) => ({ id: d.id, key: d.key, version: d.version })),
    warnings,
  };
}
