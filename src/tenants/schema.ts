// The JSON Schema of a tenant file (tenant.json): the profile (src/tenants/profile.ts) plus what onboarding sets up
// around it — staff users with their IINs, the workers' membership, the archive mode. Unknown keys are errors.
const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: '\\S' }) as const;
const bilingual = (max: number) => ({
  type: 'object', additionalProperties: false, required: ['ru', 'kk'],
  properties: { ru: text(max), kk: text(max) },
}) as const;
const localId = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$' } as const;
const services = { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,127}$' } } as const;

const office = {
  type: 'object', additionalProperties: false, required: ['id', 'name', 'address'],
  properties: {
    id: localId, name: bilingual(500), address: bilingual(500),
    phone: text(200), email: { type: 'string', format: 'email', maxLength: 320 }, hours: bilingual(500), services,
  },
} as const;

export const TENANT_FILE_SCHEMA = {
  $id: 'https://reglament.kz/schema/tenant.json',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'name', 'organization', 'providers', 'conDepartments', 'signers', 'subscribers'],
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    name: bilingual(300),
    organization: bilingual(500),
    providers: {
      type: 'array', minItems: 1,
      items: {
        type: 'object', additionalProperties: false, required: ['id', 'name', 'shortName', 'offices'],
        properties: { id: localId, services, name: bilingual(500), shortName: bilingual(500), offices: { type: 'array', items: office } },
      },
    },
    conDepartments: { type: 'array', items: office },
    signers: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['id', 'role', 'title'],
        properties: { id: localId, role: { enum: ['head', 'specialist'] }, services, title: bilingual(300), name: bilingual(300), userId: localId },
      },
    },
    subscribers: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['name', 'system'],
        properties: {
          name: text(200),
          system: { enum: ['con', 'provider', 'cabinet', 'external', 'email'] },
          url: { type: ['string', 'null'], format: 'uri', maxLength: 2000 },
          routes: { type: 'array', uniqueItems: true, items: { enum: ['provider', 'con', 'portal'] } },
          services,
          eventTypes: { type: 'array', uniqueItems: true, items: { enum: ['*', 'status', 'routing', 'escalation'] } },
        },
      },
    },
    staff: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['id', 'roles'],
        properties: {
          id: { type: 'string', pattern: '^[A-Za-z0-9._@-]{1,128}$' },
          firstName: text(200), lastName: text(200), email: { type: 'string', format: 'email', maxLength: 320 },
          iin: { type: 'string', pattern: '^[0-9]{12}$' },
          roles: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['admin', 'operator', 'auditor'] } },
          groups: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z0-9._@-]{1,128}$' } },
        },
      },
    },
    workers: { type: 'array', uniqueItems: true, items: { type: 'string', pattern: '^[A-Za-z0-9._@-]{1,128}$' } },
    archiveMode: { type: 'boolean' },
    requestPrefix: { type: 'string', pattern: '^[A-Z0-9]{1,8}$' },
  },
} as const;
