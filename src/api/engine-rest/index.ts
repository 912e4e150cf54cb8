// The Camunda-7-compatible /engine-rest: one encapsulated plugin per resource, paths as Camunda spells them.
import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { registerSharedSchemas } from '../dto.js';
import engine from './engine.js';
import identity from './identity.js';
import deployment, { processDefinitionSchema } from './deployment.js';
import processDefinition from './process-definition.js';
import processInstance from './process-instance.js';
import externalTask from './external-task.js';
import task from './task.js';
import message from './message.js';
import incident from './incident.js';
import history from './history.js';

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
      done(null, secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' }));
    } catch {
      const err = new Error('The request body is not valid JSON') as Error & { statusCode: number };
      err.statusCode = 400;
      done(err, undefined);
    }
  });
  for (const plugin of [engine, identity, deployment, processDefinition, processInstance, externalTask, task, message, incident, history]) {
    await app.register(plugin);
  }
}
