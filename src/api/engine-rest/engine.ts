// `GET /engine` and `GET /version`: what Camunda Modeler probes before it deploys.
import type { FastifyInstance } from 'fastify';

/** The Camunda 7 REST API version whose contract we follow. */
export const CAMUNDA_REST_VERSION = '7.24.0';

export default async function engineRoutes(app: FastifyInstance): Promise<void> {
  app.get('/engine', { config: { permission: 'authenticated' },
    schema: { tags: ['Engine'], response: { 200: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } } } },
  }, async () => [{ name: 'default' }]);

  app.get('/version', { config: { permission: 'authenticated' },
    schema: { tags: ['Version'], response: { 200: { type: 'object', properties: { version: { type: 'string' } } } } },
  }, async () => ({ version: CAMUNDA_REST_VERSION }));
}
