// Deploys a bundle through a Camunda-7-compatible engine-rest (ours by default): lint first, refuse on errors,
// then POST /deployment/create with every route, every referenced form and the manifest.
import { readFileSync } from 'node:fs';
import { basename, relative } from 'node:path';
import { InvalidRequestError, ProcessEngineError } from '../errors.js';
import type { BundleFinding } from './bundle.js';
import { lintBundle } from './lint/index.js';

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

/** Lints and deploys one bundle folder. */
export async function deployBundle(bundleDir: string, opts: DeployOptions = {}): Promise<DeployOutcome> {
  const progress = opts.onProgress ?? (() => {});
  const url = (opts.url ?? DEFAULT_ENGINE_REST_URL).replace(/\/+$/, '');
  progress(`linting ${bundleDir}`);
  const { bundle, findings } = await lintBundle(bundleDir, { root: opts.root });
  const name = relative(bundle.root, bundle.dir) || basename(bundle.dir);
  if (findings.some((f) => f.severity === 'error')) throw new BundleLintError(name, findings);
  const warnings = findings.filter((f) => f.severity !== 'error');
  const tenantId = opts.tenant ?? bundle.manifest.tenant;
  const deploymentName = `${bundle.tenant}/${bundle.service}`;

  const form = new FormData();
  form.append('deployment-name', deploymentName);
  form.append('deployment-source', DEPLOYMENT_SOURCE);
  form.append('enable-duplicate-filtering', 'true');
  if (tenantId) form.append('tenant-id', tenantId);
  const resources: string[] = [];
  const attach = (resourceName: string, content: Buffer | string, type: string): void => {
    const part: BlobPart = typeof content === 'string' ? content : new Uint8Array(content);
    form.append(resourceName, new Blob([part], { type }), resourceName);
    resources.push(resourceName);
  };
  for (const route of bundle.routes) attach(route.file, route.xml, 'application/xml');
  for (const f of bundle.forms) attach(`${f.id}.form`, readFileSync(f.path), 'application/json');
  attach('manifest.json', readFileSync(`${bundle.dir}/manifest.json`), 'application/json');
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
