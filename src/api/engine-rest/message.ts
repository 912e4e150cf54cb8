// `POST /message`: correlate a message by name, business key, correlation keys and tenant. `POST /signal`: broadcast a signal.
import type { FastifyInstance } from 'fastify';
import type { CorrelateMessageRequest } from '../../engine/api.js';
import { checkVariables } from '../variables.js';
import { variableMapSchema } from '../dto.js';

const vars = { type: ['object', 'null'], additionalProperties: { $ref: 'VariableValueDto#' } } as const;

export default async function messageRoutes(app: FastifyInstance): Promise<void> {
  app.post<{ Body: CorrelateMessageRequest & { processVariablesLocal?: unknown; localCorrelationKeys?: unknown } }>('/message', {
    config: { permission: 'message' },
    schema: {
      tags: ['Message'],
      body: {
        type: 'object',
        required: ['messageName'],
        properties: {
          messageName: { type: 'string', minLength: 1, maxLength: 255 }, businessKey: { type: ['string', 'null'] }, tenantId: { type: ['string', 'null'] },
          withoutTenantId: { type: 'boolean' }, processInstanceId: { type: ['string', 'null'] }, correlationKeys: vars, localCorrelationKeys: vars,
          processVariables: vars, processVariablesLocal: vars, all: { type: 'boolean' }, resultEnabled: { type: 'boolean' },
          variablesInResultEnabled: { type: 'boolean' },
        },
      },
      response: {
        200: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              resultType: { type: 'string' },
              processInstance: { type: ['object', 'null'], properties: { id: { type: 'string' }, definitionId: { type: 'string' }, businessKey: { type: ['string', 'null'] }, tenantId: { type: ['string', 'null'] }, ended: { type: 'boolean' }, suspended: { type: 'boolean' } } },
              execution: { type: ['object', 'null'], properties: { id: { type: 'string' }, processInstanceId: { type: 'string' }, ended: { type: 'boolean' }, tenantId: { type: ['string', 'null'] } } },
              variables: variableMapSchema,
            },
          },
        },
      },
    },
  }, async (request, reply) => {
    const b = request.body;
    checkVariables(b.processVariables, app.apiConfig.maxFileVariableSize);
    const req: CorrelateMessageRequest = Object.fromEntries(Object.entries({
      messageName: b.messageName, businessKey: b.businessKey, tenantId: b.tenantId, withoutTenantId: b.withoutTenantId,
      processInstanceId: b.processInstanceId, correlationKeys: b.correlationKeys, processVariables: b.processVariables, all: b.all,
      resultEnabled: b.resultEnabled, variablesInResultEnabled: b.variablesInResultEnabled,
    }).filter(([, v]) => v !== null && v !== undefined)) as unknown as CorrelateMessageRequest;
    const results = await app.host.correlateMessage(req, request.access);
    if (b.resultEnabled) return reply.code(200).send(results);
    return reply.code(204).send();
  });

  // Camunda's signal REST: a broadcast to every signal catch event waiting and every signal start definition in scope,
  // delivered before the answer; with executionId, to that one execution only (400 when it does not wait for it).
  app.post<{ Body: { name: string; executionId?: string | null; variables?: Record<string, unknown> | null; tenantId?: string | null; withoutTenantId?: boolean } }>('/signal', {
    config: { permission: 'message' },
    schema: {
      tags: ['Signal'],
      body: {
        type: 'object', required: ['name'],
        properties: { name: { type: 'string', minLength: 1, maxLength: 255 }, executionId: { type: ['string', 'null'] }, variables: vars, tenantId: { type: ['string', 'null'] }, withoutTenantId: { type: 'boolean' } },
      },
    },
  }, async (request, reply) => {
    const b = request.body;
    checkVariables(b.variables as never, app.apiConfig.maxFileVariableSize);
    await app.host.signal({ name: b.name, executionId: b.executionId, variables: b.variables as never, tenantId: b.tenantId, withoutTenantId: b.withoutTenantId }, request.access);
    return reply.code(204).send();
  });
}
