// Renders every error once, as Camunda's ExceptionDto { type, message, code } (ParseExceptionDto adds `details`).
// Domain classes of src/errors.ts carry their own type and status; fastify's own errors keep their status.
import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { BpmnParseError, ReglamentError, TooManyAttemptsError } from '../../errors.js';

export const exceptionDtoSchema = {
  $id: 'ExceptionDto',
  type: 'object',
  properties: {
    type: { type: 'string', description: 'The exception class, e.g. InvalidRequestException' },
    message: { type: 'string' },
    code: { type: ['integer', 'null'] },
  },
  required: ['type', 'message'],
} as const;

export interface ExceptionDto { type: string; message: string; code: number | null; details?: unknown }

export function sendException(reply: FastifyReply, status: number, dto: ExceptionDto): FastifyReply {
  // The payload is serialised here, not by a response schema, so ParseExceptionDto's details survive.
  return reply.code(status).type('application/json').send(JSON.stringify(dto));
}

function fromFastify(err: FastifyError): { status: number; dto: ExceptionDto } {
  if (err.validation) {
    return { status: 400, dto: { type: 'InvalidRequestException', message: `Invalid request: ${err.message}`, code: null } };
  }
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
  if (status === 429) return { status, dto: { type: 'TooManyRequestsException', message: 'Too many requests, try again later', code: null } };
  if (status >= 500) return { status, dto: { type: 'ProcessEngineException', message: 'Internal server error', code: null } };
  return { status, dto: { type: 'InvalidRequestException', message: err.message, code: null } };
}

/**
 * The Basic challenge is for engine-rest clients. A browser never gets it: it would show a login dialog and then
 * attach the cached credentials to every later request, cross-site ones included. Browsers mark their requests with
 * Sec-Fetch-* headers; a page navigation asks for HTML.
 */
function wantsBasicChallenge(request: FastifyRequest): boolean {
  const path = request.routeOptions.url ?? '';
  if (!path.startsWith('/engine-rest/')) return false;
  if (/^bearer\s/i.test(request.headers.authorization ?? '')) return false;
  if (request.headers['sec-fetch-mode'] || request.headers['sec-fetch-site']) return false;
  return !String(request.headers.accept ?? '').includes('text/html');
}

async function errors(app: FastifyInstance): Promise<void> {
  app.addSchema(exceptionDtoSchema);

  app.setErrorHandler((error: FastifyError | ReglamentError, request, reply) => {
    if (error instanceof ReglamentError) {
      const dto: ExceptionDto = { type: error.type, message: error.message, code: error.code ?? null };
      if (error instanceof BpmnParseError) dto.details = error.details;
      if (error.status === 401 && wantsBasicChallenge(request)) reply.header('WWW-Authenticate', 'Basic realm="reglament"');
      if (error instanceof TooManyAttemptsError) reply.header('Retry-After', String(Math.max(1, Math.ceil(error.retryAfterMs / 1000))));
      if (error.status >= 500) request.log.error({ err: { type: error.type, message: error.message } }, 'engine error');
      return sendException(reply, error.status, dto);
    }
    const { status, dto } = fromFastify(error as FastifyError);
    // Only the class and message are logged: bodies (IIN, names, variables) never reach the log.
    if (status >= 500) request.log.error({ err: { name: error.name, message: error.message, stack: error.stack } }, 'unhandled error');
    return sendException(reply, status, dto);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    // an engine-rest client is told the operation is one this server leaves out, not that its URL is mistyped
    const why = path.startsWith('/engine-rest/') ? ': this server does not implement this operation of Camunda\'s engine-rest (docs/api.md lists the ones it does)' : '';
    return sendException(reply, 404, { type: 'InvalidRequestException', message: `No endpoint ${request.method} ${path}${why}`, code: null });
  });
}

export default fp(errors, { name: 'reglament-errors', fastify: '5.x' });
