// Shared pieces of the engine-rest contract: Camunda's date text, list parameters, shared JSON schemas and helpers.
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Camunda's `yyyy-MM-dd'T'HH:mm:ss.SSSZ`, in UTC: `2025-01-02T03:04:05.678+0000`. */
export function camundaDate(d: Date | string | null | undefined): string | null {
  if (d == null) return null;
  const date = typeof d === 'string' ? new Date(d) : d;
  if (Number.isNaN(date.getTime())) return typeof d === 'string' ? d : null;
  return date.toISOString().replace('Z', '+0000');
}

/** Reads Camunda's date text (`+0000`, `+05:00`, `Z`) from a query or body. */
export function parseCamundaDate(text: string | undefined): Date | undefined {
  if (text == null || text === '') return undefined;
  const d = new Date(text.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Camunda list parameters arrive comma-separated in queries (`tenantIdIn=a,b`) and as arrays in bodies. */
export function list(value: string | string[] | undefined): string[] | undefined {
  if (value == null) return undefined;
  const items = (Array.isArray(value) ? value : [value]).flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);
  return items;
}

export function baseUrl(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}/engine-rest`;
}

export const countSchema = { type: 'object', properties: { count: { type: 'integer' } } } as const;
export const pagingProps = { firstResult: { type: 'integer', minimum: 0 }, maxResults: { type: 'integer', minimum: 0 } } as const;
export const sortProps = { sortBy: { type: 'string' }, sortOrder: { type: 'string', enum: ['asc', 'desc'] } } as const;
export const idParam = { type: 'object', properties: { id: { type: 'string', minLength: 1, maxLength: 200 } }, required: ['id'] } as const;

/** One typed value as Camunda writes it; `value` may be anything, so it is left unconstrained. */
export const variableValueSchema = {
  $id: 'VariableValueDto',
  type: 'object',
  properties: {
    type: { type: ['string', 'null'] },
    value: {},
    valueInfo: { type: ['object', 'null'], additionalProperties: true },
  },
} as const;

export const variableMapSchema = { type: 'object', additionalProperties: { $ref: 'VariableValueDto#' } } as const;
export const linkSchema = { type: 'object', properties: { method: { type: 'string' }, href: { type: 'string' }, rel: { type: 'string' } } } as const;

export function registerSharedSchemas(app: FastifyInstance): void {
  app.addSchema(variableValueSchema);
}
