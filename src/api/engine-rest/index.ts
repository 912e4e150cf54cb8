// The Camunda-7-compatible /engine-rest: one encapsulated plugin per resource, paths as Camunda spells them.
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { registerSharedSchemas } from '../dto.js';
import { InvalidRequestError } from '../../errors.js';
import engine from './engine.js';
import identity from './identity.js';
import deployment, { processDefinitionSchema } from './deployment.js';
import processDefinition from './process-definition.js';
import processInstance from './process-instance.js';
import externalTask from './external-task.js';
import task from './task.js';
import taskLocalVariables from './task-local-variables.js';
import message from './message.js';
import incident from './incident.js';
import history from './history.js';
import externalTaskLog from './history-external-task-log.js';
import job from './job.js';
import authorization from './authorization.js';
import variableInstance from './variable-instance.js';

/** Deeper JSON is refused: every later step (validation, serialization, the engine) walks values recursively. */
export const MAX_JSON_DEPTH = 200;

/** How deeply arrays and objects nest in a parsed value; iterative, so a hostile body cannot overflow the stack here. */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d > deepest) deepest = d;
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (child !== null && typeof child === 'object') stack.push([child, d + 1]);
  }
  return deepest;
}

/** POST routes whose body is a query (Camunda's "POST …" form of a list or count). */
const QUERY_BODIES = /^\/engine-rest\/(process-instance|task|external-task|history\/[\w-]+|process-definition|deployment|incident|variable-instance|execution|job)(\/count)?$/;

/**
 * A query parameter (or query-body field) this server does not know is refused with 400 instead of ignored: a filter
 * that is silently dropped returns everything (`variables=applicantIin_eq_…` listed every instance).
 */
function refuseUnknownFilters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const schema = request.routeOptions.schema as { querystring?: { properties?: object }; body?: { properties?: object } } | undefined;
    const check = (where: string, given: unknown, known: object | undefined) => {
      if (!known || !given || typeof given !== 'object' || Array.isArray(given)) return;
      const unknown = Object.keys(given).filter((k) => !Object.hasOwn(known, k));
      if (unknown.length) {
        throw new InvalidRequestError(`${where} ${unknown.map((k) => `'${k}'`).join(', ')} of ${request.method} ${request.routeOptions.url} ${unknown.length > 1 ? 'are' : 'is'} not supported by this server; supported: ${Object.keys(known).join(', ') || 'none'}`);
      }
    };
    check('Query parameter', request.query, schema?.querystring?.properties);
    if (request.method === 'POST' && QUERY_BODIES.test(request.routeOptions.url ?? '')) check('Query field', request.body, schema?.body?.properties);
  });
}

export default async function engineRest(app: FastifyInstance): Promise<void> {
  registerSharedSchemas(app);
  app.addSchema(processDefinitionSchema);
  // Camunda clients send empty POST bodies with a JSON content type (and unlock with none): read empty as no body.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, null);
    try {
      // Same protection as fastify's own parser against __proto__ / constructor.prototype poisoning.
      const value = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
      const depth = nestingDepth(value);
      if (depth > MAX_JSON_DEPTH) {
        const err = new Error(`The request body is nested ${depth} levels deep; at most ${MAX_JSON_DEPTH} are accepted`) as Error & { statusCode: number };
        err.statusCode = 400;
        return done(err, undefined);
      }
      done(null, value);
    } catch {
      const err = new Error('The request body is not valid JSON') as Error & { statusCode: number };
      err.statusCode = 400;
      done(err, undefined);
    }
  });
  // The generated OpenAPI client sends body-less POSTs (unclaim, unlock) as application/x-www-form-urlencoded: an empty
  // form is no body, as in Camunda; a form with content is refused, since no engine-rest operation here reads one.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, null);
    const err = new Error(`${request.method} ${request.url.split('?')[0]} does not read a form body (application/x-www-form-urlencoded); send JSON or no body`) as Error & { statusCode: number };
    err.statusCode = 415;
    done(err, undefined);
  });
  refuseUnknownFilters(app);
  for (const plugin of [engine, identity, deployment, processDefinition, processInstance, externalTask, task, taskLocalVariables, message, incident, history, externalTaskLog, job, variableInstance, authorization]) {
    await app.register(plugin);
  }
}
