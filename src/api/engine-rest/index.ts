// The Camunda-7-compatible /engine-rest: one encapsulated plugin per resource, paths as Camunda spells them.
import type { FastifyInstance } from 'fastify';
import engine from './engine.js';
import identity from './identity.js';

export default async function engineRest(app: FastifyInstance): Promise<void> {
  await app.register(engine);
  await app.register(identity);
}
