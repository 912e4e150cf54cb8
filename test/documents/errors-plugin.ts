// A stand-in for the host's error handler on the bare test server: domain errors become { type, message } with their status.
import type { FastifyInstance } from 'fastify';
import { ReglamentError } from '../../src/errors.js';

export function errorsPlugin(app: FastifyInstance): void {
  app.setErrorHandler((error, _request, reply) => {
    if (error instanceof ReglamentError) return reply.code(error.status).send({ type: error.type, message: error.message, code: error.code ?? null });
    const e = error as { statusCode?: number; message: string };
    return reply.code(e.statusCode ?? 500).send({ type: 'Error', message: e.message, code: null });
  });
}
