// Checks a tenant file against its JSON Schema and the rules a schema cannot say (unique ids, IIN check digits,
// signers that name staff in the file), and reports every problem as file, JSON path and reason.
import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { validateIin } from '../iin/index.js';
import { InvalidRequestError } from '../errors.js';
import type { TenantProfile } from './profile.js';
import { TENANT_FILE_SCHEMA } from './schema.js';

/** What onboarding sets up beside the profile; kept out of the stored profile (IINs are personal data). */
export interface StaffMember {
  id: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  iin?: string;
  roles: ('admin' | 'operator' | 'auditor')[];
  groups?: string[];
}

export interface TenantFile extends TenantProfile {
  $schema?: string;
  staff?: StaffMember[];
  /** Existing worker users that serve this tenant. */
  workers?: string[];
  /** Whether instances may start on an act that lost force (docs/conventions.md). */
  archiveMode?: boolean;
}

export interface TenantProblem { file: string; path: string; message: string }

// ajv-formats is CommonJS: its default export arrives as the module object under Node's ESM loader.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv) => Ajv;
const ajv = addFormats(new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }));
const check = ajv.compile(TENANT_FILE_SCHEMA);

function why(e: ErrorObject): string {
  if (e.keyword === 'additionalProperties') return `unknown key '${(e.params as { additionalProperty: string }).additionalProperty}'`;
  if (e.keyword === 'required') return `missing key '${(e.params as { missingProperty: string }).missingProperty}'`;
  if (e.keyword === 'enum') return `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  return e.message ?? e.keyword;
}

function duplicates(file: string, path: string, ids: string[], what: string): TenantProblem[] {
  const seen = new Set<string>();
  return ids.flatMap((id, i) => (seen.has(id) ? [{ file, path: `${path}/${i}/id`, message: `${what} id '${id}' is used twice` }] : (seen.add(id), [])));
}

/** Every problem of the document, empty when it is a valid tenant file. */
export function tenantProblems(doc: unknown, file = 'tenant.json'): TenantProblem[] {
  if (!check(doc)) {
    // One line per place: ajv reports an `if`/`anyOf` failure and its causes; the causes are enough.
    return (check.errors ?? []).map((e) => ({ file, path: e.instancePath || '/', message: why(e) }));
  }
  const t = doc as unknown as TenantFile;
  const problems: TenantProblem[] = [
    ...duplicates(file, '/providers', t.providers.map((p) => p.id), 'provider'),
    ...t.providers.flatMap((p, i) => duplicates(file, `/providers/${i}/offices`, p.offices.map((o) => o.id), 'office')),
    ...duplicates(file, '/conDepartments', t.conDepartments.map((o) => o.id), 'ЦОН department'),
    ...duplicates(file, '/signers', t.signers.map((s) => s.id), 'signer'),
    ...duplicates(file, '/staff', (t.staff ?? []).map((s) => s.id), 'staff user'),
  ];
  const iins = new Map<string, number>();
  (t.staff ?? []).forEach((s, i) => {
    if (!s.iin) return;
    const r = validateIin(s.iin);
    // The reason names the failed check, never the number.
    if (!r.ok) problems.push({ file, path: `/staff/${i}/iin`, message: `not a valid IIN (${r.reason})` });
    if (iins.has(s.iin)) problems.push({ file, path: `/staff/${i}/iin`, message: `the same IIN as /staff/${iins.get(s.iin)}` });
    iins.set(s.iin, i);
  });
  const staffIds = new Set((t.staff ?? []).map((s) => s.id));
  t.signers.forEach((s, i) => {
    if (s.userId && !staffIds.has(s.userId)) problems.push({ file, path: `/signers/${i}/userId`, message: `no staff user '${s.userId}' in this file` });
  });
  t.subscribers.forEach((s, i) => {
    const needsUrl = s.system !== 'cabinet';
    if (needsUrl && !s.url) problems.push({ file, path: `/subscribers/${i}/url`, message: `required for system '${s.system}'` });
    if (s.system === 'email' && s.url && !s.url.startsWith('mailto:')) problems.push({ file, path: `/subscribers/${i}/url`, message: 'an e-mail subscriber is a mailto: address' });
    if (s.system !== 'email' && s.url && !/^https?:\/\//.test(s.url)) problems.push({ file, path: `/subscribers/${i}/url`, message: 'must be http or https' });
  });
  return problems;
}

/** The document as a tenant file, or an InvalidRequestError listing every problem (file, path, why). */
export function parseTenantFile(doc: unknown, file = 'tenant.json'): TenantFile {
  const problems = tenantProblems(doc, file);
  if (problems.length) {
    throw new InvalidRequestError(`Cannot apply ${file}: ${problems.length} problem${problems.length > 1 ? 's' : ''}\n${formatProblems(problems)}`);
  }
  return doc as TenantFile;
}

export function formatProblems(problems: TenantProblem[]): string {
  return problems.map((p) => `  ${p.file} ${p.path}: ${p.message}`).join('\n');
}

/** The stored profile: the file without what onboarding sets up around it. */
export function profileOf(t: TenantFile): TenantProfile {
  const { $schema: _s, staff: _st, workers: _w, archiveMode: _a, ...profile } = t;
  return profile;
}
