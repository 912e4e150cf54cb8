// The JSON Schema of a document template (docs/documents.md). Structure only: what placeholders name and whether
// both languages are present is checked by check-template.ts, which knows the fields and the context.
const text = { type: 'string', maxLength: 4000 } as const;
const bilingual = { type: 'object', additionalProperties: false, required: ['ru', 'kk'], properties: { ru: text, kk: text } } as const;
const label = { type: 'object', additionalProperties: false, required: ['label'], properties: { label: { type: 'string' } } } as const;
const textValue = { anyOf: [text, bilingual, label] } as const;
const fieldName = { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9]{0,63}$' } as const;
const margin = { type: 'array', items: { type: 'number', minimum: 0, maximum: 100 }, minItems: 4, maxItems: 4 } as const;
const scalar = { type: ['string', 'number', 'boolean'] } as const;
const styled = {
  margin, bold: { type: 'boolean' }, italics: { type: 'boolean' },
  fontSize: { type: 'number', minimum: 6, maximum: 24 }, align: { enum: ['left', 'center', 'right', 'justify'] },
} as const;

const field: Record<string, unknown> = {
  type: 'object', additionalProperties: false, required: ['name', 'type', 'required', 'label'],
  properties: {
    name: fieldName, label: bilingual, required: { type: 'boolean' },
    type: { enum: ['string', 'text', 'date', 'integer', 'enum', 'list'] },
    values: { type: 'object', propertyNames: { pattern: '^[A-Za-z0-9_-]{1,64}$' }, additionalProperties: bilingual },
    maxLength: { type: 'integer', minimum: 1, maximum: 20000 },
    items: { type: 'array', items: { $ref: '#/$defs/field' } },
    maxItems: { type: 'integer', minimum: 1, maximum: 500 },
  },
};

const block: Record<string, unknown> = {
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['title'], properties: { title: textValue, margin } },
    { type: 'object', additionalProperties: false, required: ['subtitle'], properties: { subtitle: textValue, margin } },
    { type: 'object', additionalProperties: false, required: ['paragraph'], properties: { paragraph: textValue, ...styled } },
    { type: 'object', additionalProperties: false, required: ['text'], properties: { text: textValue, ...styled } },
    {
      type: 'object', additionalProperties: false, required: ['row'],
      properties: {
        margin,
        row: { anyOf: [fieldName, { type: 'object', additionalProperties: false, required: ['label', 'value'], properties: { label: textValue, value: textValue } }] },
      },
    },
    {
      type: 'object', additionalProperties: false, required: ['signature'],
      properties: { margin, signature: { type: 'object', additionalProperties: false, required: ['role'], properties: { role: textValue, name: fieldName } } },
    },
    {
      type: 'object', additionalProperties: false, required: ['table'],
      properties: {
        margin,
        table: {
          type: 'object', additionalProperties: false, required: ['rows', 'columns'],
          properties: {
            rows: fieldName,
            widths: { type: 'array', items: { anyOf: [{ type: 'number', minimum: 1 }, { enum: ['*', 'auto'] }] } },
            columns: {
              type: 'array', minItems: 1, maxItems: 12,
              items: { type: 'object', additionalProperties: false, required: ['header', 'value'], properties: { header: textValue, value: textValue } },
            },
          },
        },
      },
    },
    {
      type: 'object', additionalProperties: false, required: ['list'],
      properties: {
        margin,
        list: {
          anyOf: [
            { type: 'object', additionalProperties: false, required: ['items', 'item'], properties: { items: fieldName, item: textValue } },
            { type: 'array', minItems: 1, items: textValue },
          ],
        },
      },
    },
    {
      type: 'object', additionalProperties: false, required: ['if', 'then'],
      properties: {
        if: {
          type: 'object', additionalProperties: false, required: ['field'],
          properties: { field: fieldName, equals: scalar, in: { type: 'array', minItems: 1, items: scalar } },
        },
        then: { type: 'array', items: { $ref: '#/$defs/block' } },
        else: { type: 'array', items: { $ref: '#/$defs/block' } },
      },
    },
  ],
};

export const DOCUMENT_TEMPLATE_SCHEMA = {
  $id: 'https://reglament.kz/schema/document-template.json',
  type: 'object',
  additionalProperties: false,
  required: ['id', 'title', 'source', 'fields', 'sample', 'body'],
  $defs: { field, block },
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    title: bilingual,
    source: { type: 'string', minLength: 1, maxLength: 1000 },
    // Wording taken from another act than the bundle's own, in the form of the BPMN mark reglament:source.
    borrowedFrom: { type: 'string', pattern: '^act:[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*(, .+)?$', maxLength: 500 },
    fields: { type: 'array', items: { $ref: '#/$defs/field' } },
    requiredWhen: {
      type: 'array',
      items: {
        type: 'object', additionalProperties: false, required: ['field', 'equals', 'require'],
        properties: { field: fieldName, equals: scalar, require: { type: 'array', minItems: 1, items: fieldName } },
      },
    },
    sample: { type: 'object' },
    body: { type: 'array', minItems: 1, items: { $ref: '#/$defs/block' } },
  },
} as const;
