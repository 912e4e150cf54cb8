// Makes every JSON response carry exactly `Content-Type: application/json`: camunda-external-task-client-js
// parses a body only on that exact string, and fastify 5 appends `; charset=utf-8` on its own.
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

async function jsonContentType(app: FastifyInstance): Promise<void> {
  app.addHook('onSend', async (_request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && /^application\/json\s*(;|$)/i.test(type)) reply.header('content-type', 'application/json');
    return payload;
  });
}

export default fp(jsonContentType, { name: 'reglament-json-content-type', fastify: '5.x' });
