// Reads a bundle folder (manifest.json, the route .bpmn files, its forms/ and documents/) and checks that the
// manifest, the folder and the files agree; problems name the file, the field and the reason.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { InvalidRequestError } from '../errors.js';
import { checkManifest, type Manifest, type RouteName } from './manifest.js';
import { flowElementsOf, parseBpmn, processesOf, type ModdleElement } from './moddle.js';
import { readBundleDocuments } from '../documents/bundle-documents.js';

export interface BundleFinding {
  /** Path relative to the repository root. */
  file: string;
  /** Manifest field or BPMN element id. */
  where?: string;
  rule: string;
  severity: 'error' | 'warn';
  message: string;
}

export interface BundleRoute {
  route: RouteName;
  file: string;
  path: string;
  xml: string;
  definitions: ModdleElement | null;
  processId: string | null;
}

export interface BundleForm {
  id: string;
  path: string;
  exists: boolean;
}

export interface Bundle {
  dir: string;
  root: string;
  tenant: string;
  service: string;
  manifest: Manifest;
  routes: BundleRoute[];
  /** Forms listed in the manifest or referenced by a task or start event. */
  forms: BundleForm[];
  problems: BundleFinding[];
}

export interface ReadBundleOptions {
  /** Repository root (holds workers/ and .bpmnlintrc); default three levels above processes/<tenant>/<service>. */
  root?: string;
}

/** The repository root of a bundle or file: the nearest folder (the start included) that holds workers/, or the
 *  parent of the processes/ folder it sits in. (A bundle's own forms/ says nothing about the root.) */
export function rootOf(start: string): string {
  let dir = resolve(start);
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'workers'))) return dir;
    const parent = dirname(dir);
    if (basename(dir) === 'processes' || parent === dir) return parent;
    dir = parent;
  }
  return resolve(start, '..', '..', '..');
}

/** Form ids referenced by user tasks and start events of a definitions element. */
export function formRefsOf(definitions: ModdleElement): string[] {
  const refs = new Set<string>();
  for (const p of processesOf(definitions)) {
    for (const e of flowElementsOf(p)) if (typeof e.formRef === 'string' && e.formRef.trim()) refs.add(e.formRef.trim());
  }
  return [...refs];
}

/** Reads and checks a bundle. Never throws for content problems: they are in `problems`. */
export async function readBundle(bundleDir: string, opts: ReadBundleOptions = {}): Promise<Bundle> {
  const dir = resolve(bundleDir);
  const root = resolve(opts.root ?? rootOf(dir));
  const rel = (p: string): string => relative(root, p) || '.';
  const manifestPath = join(dir, 'manifest.json');
  const problems: BundleFinding[] = [];
  const service = basename(dir);
  const tenant = basename(dirname(dir));
  const add = (file: string, where: string | undefined, message: string, severity: 'error' | 'warn' = 'error', rule = 'bundle/manifest'): void => {
    problems.push({ file: rel(file), where, rule, severity, message });
  };

  if (!existsSync(manifestPath)) {
    throw new InvalidRequestError(`Bundle ${rel(dir)} has no manifest.json`);
  }
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  } catch (e) {
    throw new InvalidRequestError(`Bundle ${rel(manifestPath)} is not valid JSON: ${(e as Error).message}`);
  }
  for (const p of checkManifest(manifest, { tenant, service })) add(manifestPath, p.field || undefined, `${p.field ? `${p.field} ` : ''}${p.message}`, p.severity);

  const routes: BundleRoute[] = [];
  const routeEntries = manifest && typeof manifest.routes === 'object' && manifest.routes ? Object.entries(manifest.routes) : [];
  const listed = new Set<string>();
  for (const [route, file] of routeEntries) {
    if (typeof file !== 'string') continue;
    listed.add(file);
    const path = join(dir, file);
    if (!existsSync(path)) {
      add(manifestPath, `routes.${route}`, `routes.${route} names ${file}, which does not exist in the bundle`, 'error', 'bundle/files');
      continue;
    }
    const xml = readFileSync(path, 'utf8');
    let definitions: ModdleElement | null = null;
    let processId: string | null = null;
    try {
      const parsed = await parseBpmn(xml);
      definitions = parsed.definitions;
      for (const w of parsed.warnings) add(path, undefined, `BPMN import warning: ${w}`, 'warn', 'bundle/parse');
      const processes = processesOf(definitions);
      const executable = processes.filter((p) => p.isExecutable);
      if (executable.length !== 1) {
        add(path, undefined, `must hold exactly one executable process, found ${executable.length}`, 'error', 'bundle/files');
      }
      processId = executable[0]?.id ?? processes[0]?.id ?? null;
      const expectedId = `${manifest.service}-${route}`;
      if (processId !== null && processId !== expectedId) {
        add(path, processId, `process id '${processId}' must be '${expectedId}' (<service>-<route>)`, 'error', 'bundle/files');
      }
    } catch (e) {
      add(path, undefined, `is not BPMN 2.0 XML: ${(e as Error).message}`, 'error', 'bundle/parse');
    }
    routes.push({ route: route as RouteName, file, path, xml, definitions, processId });
  }
  for (const f of readdirSync(dir)) {
    if (f.endsWith('.bpmn') && !listed.has(f)) add(join(dir, f), undefined, `${f} is in the bundle but no route of the manifest names it`, 'warn', 'bundle/files');
  }

  const formIds = new Set<string>(Array.isArray(manifest.forms) ? manifest.forms.filter((x) => typeof x === 'string') : []);
  const referenced = new Set<string>();
  for (const r of routes) if (r.definitions) for (const id of formRefsOf(r.definitions)) referenced.add(id);
  for (const id of referenced) {
    if (!formIds.has(id)) add(manifestPath, 'forms', `form '${id}' is used by a task but not listed in forms`, 'warn', 'bundle/files');
    formIds.add(id);
  }
  const forms: BundleForm[] = [...formIds].sort().map((id) => {
    // A bundle owns its forms: two akimats may use the same form ids without clashing.
    const path = join(dir, 'forms', `${id}.form`);
    return { id, path, exists: existsSync(path) };
  });
  for (const f of forms) if (!f.exists) add(manifestPath, 'forms', `form '${f.id}' has no file forms/${f.id}.form`, 'error', 'bundle/files');

  // Output documents: every template passes the deploy-time check, and every output a route or the manifest
  // names has its template — otherwise the route would stop at its result with an incident.
  const { documents, problems: templateProblems } = readBundleDocuments(dir);
  for (const p of templateProblems) add(join(dir, p.resource), p.path, p.message, 'error', 'bundle/documents');
  const templates = documents?.templates ?? new Map();
  const outputs = new Set<string>(Array.isArray(manifest.outputs) ? manifest.outputs.filter((x) => typeof x === 'string') : []);
  for (const r of routes) if (r.definitions) for (const [element, form] of documentTasksOf(r.definitions)) {
    if (!outputs.has(form)) add(manifestPath, 'outputs', `document '${form}' is made by ${r.file} ${element} but not listed in outputs`, 'warn', 'bundle/documents');
    outputs.add(form);
  }
  const invalid = new Set(templateProblems.map((p) => /documents\/([^/]+)\.json$/.exec(p.resource)?.[1]));
  for (const id of outputs) {
    if (!templates.has(id) && !invalid.has(id)) add(manifestPath, 'outputs', `output '${id}' has no template documents/${id}.json`, 'error', 'bundle/documents');
  }

  return { dir, root, tenant, service, manifest, routes, forms, problems };
}

/** [element id, template id] of every document-generate task (its `form` property). */
function documentTasksOf(definitions: ModdleElement): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const p of processesOf(definitions)) {
    for (const e of flowElementsOf(p)) {
      if (e.topic !== 'document-generate') continue;
      const props = (e.extensionElements?.values ?? []).flatMap((v: ModdleElement) => (v.$type === 'camunda:Properties' ? v.values ?? [] : []));
      const form = props.find((x: ModdleElement) => x.name === 'form')?.value;
      if (typeof form === 'string' && form.trim()) out.push([String(e.id), form.trim()]);
    }
  }
  return out;
}

/** Bundle folders under a path: the path itself when it holds manifest.json, else every folder below that does. */
export function findBundles(path: string): string[] {
  const abs = resolve(path);
  if (existsSync(join(abs, 'manifest.json'))) return [abs];
  const out: string[] = [];
  const walk = (d: string, depth: number): void => {
    if (depth > 4) return;
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const sub = join(d, entry.name);
      if (existsSync(join(sub, 'manifest.json'))) out.push(sub);
      else walk(sub, depth + 1);
    }
  };
  if (existsSync(abs)) walk(abs, 0);
  return out.sort();
}
