// Reads the output documents of one bundle — its manifest's act identity and its templates — from the files of a
// deployment or from the bundle folder, and says what is wrong with them (resource, place, reason).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ManifestIdentity } from './scope.js';
import { templateProblems } from './template/check-template.js';
import type { DocumentTemplate } from './template/types.js';
import { validateFormData } from './validate.js';

export interface BundleDocuments {
  manifest: ManifestIdentity;
  templates: Map<string, DocumentTemplate>;
}

export interface DocumentProblem { resource: string; path: string; message: string }

export const TEMPLATE_RESOURCE = /^(?:.*\/)?documents\/([a-z0-9][a-z0-9-]{0,63})\.json$/;

const text = (content: Buffer | string) => (typeof content === 'string' ? content : content.toString('utf8'));

/** One template file: parsed, checked, its id equal to its file name, its sample valid for its fields. */
export function parseTemplate(resource: string, content: Buffer | string): { template?: DocumentTemplate; problems: DocumentProblem[] } {
  const problem = (path: string, message: string) => ({ resource, path, message });
  let raw: unknown;
  try {
    raw = JSON.parse(text(content));
  } catch (e) {
    return { problems: [problem('/', `not JSON: ${(e as Error).message}`)] };
  }
  const problems = templateProblems(raw).map((p) => problem(p.path, p.message));
  if (problems.length) return { problems };
  const template = raw as DocumentTemplate;
  const fileId = TEMPLATE_RESOURCE.exec(resource)?.[1];
  if (fileId && fileId !== template.id) problems.push(problem('/id', `id '${template.id}' differs from the file name '${fileId}.json'`));
  try {
    validateFormData(template, template.sample);
  } catch (e) {
    problems.push(problem('/sample', (e as Error).message));
  }
  return problems.length ? { problems } : { template, problems };
}

function identityOf(raw: unknown): ManifestIdentity | null {
  const m = raw as Partial<ManifestIdentity> | null;
  if (!m || typeof m.tenant !== 'string' || typeof m.service !== 'string' || !m.title || !m.act) return null;
  return m as ManifestIdentity;
}

/** The documents of a deployment's resources; null when it holds no manifest (e.g. a diagram deployed alone). */
export function documentsOfResources(resources: ReadonlyArray<{ name: string; content: Buffer | string }>): { documents: BundleDocuments | null; problems: DocumentProblem[] } {
  const manifestRes = resources.find((r) => /(^|\/)manifest\.json$/.test(r.name));
  const problems: DocumentProblem[] = [];
  const templates = new Map<string, DocumentTemplate>();
  for (const r of resources) {
    if (!TEMPLATE_RESOURCE.test(r.name)) continue;
    const parsed = parseTemplate(r.name, r.content);
    problems.push(...parsed.problems);
    if (parsed.template) templates.set(parsed.template.id, parsed.template);
  }
  if (!manifestRes) return { documents: null, problems };
  let manifest: ManifestIdentity | null = null;
  try { manifest = identityOf(JSON.parse(text(manifestRes.content))); } catch { /* reported by the manifest's own check */ }
  return { documents: manifest ? { manifest, templates } : null, problems };
}

/** The template files of a bundle folder, as deployment resources (`documents/<id>.json`). */
export function templateResources(bundleDir: string): Array<{ name: string; path: string }> {
  const dir = join(bundleDir, 'documents');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => ({ name: `documents/${f}`, path: join(dir, f) }));
}

export function readBundleDocuments(bundleDir: string): { documents: BundleDocuments | null; problems: DocumentProblem[] } {
  const resources = templateResources(bundleDir).map((r) => ({ name: r.name, content: readFileSync(r.path) }));
  const manifest = join(bundleDir, 'manifest.json');
  if (existsSync(manifest)) resources.push({ name: 'manifest.json', content: readFileSync(manifest) });
  return documentsOfResources(resources);
}
