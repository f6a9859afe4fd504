import type { Field } from 'payload'

import { dataFields, optionValues, relationTargets, rowKeys, type NamedField } from '../../plugins/strictWrites/fieldShapes'

/**
 * JSON Schemas (2020-12, as OpenAPI 3.1 uses) of a collection's documents, from its field definitions.
 * The write schema states exactly what the strict-write check accepts (cms/plugins/strictWrites/):
 * no unknown keys at any level, ISO dates, select values, ids or slug references for relationships,
 * Lexical JSON for rich text. The read schema lists the same fields and allows more (populated
 * relationships, Payload's own keys).
 */
export type JsonSchema = Record<string, unknown>
type Mode = 'write' | 'read'

const label = (field: NamedField) => {
  const l = (field as { label?: unknown }).label
  if (typeof l === 'string') return l
  if (l && typeof l === 'object') return Object.values(l as Record<string, string>).join(' / ')
  return undefined
}

export const isoDatePattern = '^\\d{4}-\\d{2}-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:?\\d{2})?)?$'

/** An id (numeric in SQLite, ObjectId in MongoDB) or a slug reference, as strict writes accept. */
function relationWrite(targets: string[]): JsonSchema {
  return {
    oneOf: [
      { type: 'integer', description: `id of a ${targets.join('/')} record` },
      { type: 'string', description: 'a numeric id as text, or (where the target has slugs) its slug' },
      {
        type: 'object',
        description: 'slug reference; add district (a district slug) when two records share the slug',
        properties: { slug: { type: 'string' }, district: { type: 'string' } },
        required: ['slug'],
        additionalProperties: false,
      },
    ],
  }
}

function objectSchema(fields: Field[], mode: Mode, extraKeys: string[] = []): JsonSchema {
  const properties: Record<string, JsonSchema> = {}
  for (const key of extraKeys) properties[key] = key === 'id' ? { type: ['string', 'integer'] } : { type: 'string' }
  const required: string[] = []
  for (const field of dataFields(fields)) {
    if ((field as { virtual?: unknown }).virtual || field.type === 'join') continue
    properties[field.name] = fieldSchema(field, mode)
    if (mode === 'read' && (field as { required?: boolean }).required && !(field as { localized?: boolean }).localized)
      required.push(field.name)
  }
  return { type: 'object', properties, ...(mode === 'write' ? { additionalProperties: false } : { required }) }
}

export function fieldSchema(field: NamedField, mode: Mode): JsonSchema {
  const many = 'hasMany' in field && field.hasMany
  const base = single(field, mode)
  const described = { ...(many ? { type: ['array', 'null'], items: base } : base), ...(label(field) ? { title: label(field) } : {}) }
  return described
}

function single(field: NamedField, mode: Mode): JsonSchema {
  const nullable = (type: string) => [type, 'null']
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'code':
    case 'email': {
      const max = (field as { maxLength?: number }).maxLength
      return { type: nullable('string'), ...(max ? { maxLength: max } : {}), ...(field.type === 'email' ? { format: 'email' } : {}) }
    }
    case 'number':
      return { type: nullable('number') }
    case 'checkbox':
      return { type: nullable('boolean') }
    case 'date':
      return {
        type: nullable('string'),
        pattern: isoDatePattern,
        description: 'ISO 8601 date, e.g. 2013-01-01 or 2013-01-01T12:00:00.000Z',
      }
    case 'select':
    case 'radio':
      return { enum: [...optionValues(field), null] }
    case 'relationship':
    case 'upload': {
      const targets = relationTargets(field)
      const one =
        mode === 'write'
          ? relationWrite(targets)
          : { oneOf: [{ type: ['integer', 'string'] }, { type: 'object', description: `a populated ${targets.join('/')} document` }] }
      if (!Array.isArray((field as { relationTo?: unknown }).relationTo)) return { ...one, ...(mode === 'write' ? {} : {}) }
      return {
        type: 'object',
        properties: { relationTo: { enum: targets }, value: one },
        required: ['relationTo', 'value'],
        additionalProperties: mode === 'read',
      }
    }
    case 'richText':
      return {
        type: nullable('object'),
        description: 'Lexical editor state {"root": {...}}; a plain string is refused',
        properties: { root: { type: 'object' } },
        required: ['root'],
      }
    case 'point':
      return { type: nullable('array'), items: { type: 'number' }, minItems: 2, maxItems: 2, description: '[longitude, latitude]' }
    case 'group':
      return { ...objectSchema((field as { fields: Field[] }).fields, mode), type: nullable('object') }
    case 'array':
      return { type: nullable('array'), items: objectSchema((field as { fields: Field[] }).fields, mode, ['id']) }
    case 'blocks': {
      const blocks = (field as { blocks?: { slug: string; fields: Field[] }[] }).blocks ?? []
      return {
        type: nullable('array'),
        items: {
          oneOf: blocks.map((b) =>
            objectSchema(
              [{ name: 'blockType', type: 'select', options: [b.slug] } as Field, ...b.fields],
              mode,
              [...rowKeys].filter((k) => k !== 'blockType'),
            ),
          ),
        },
      }
    }
    default:
      return {}
  }
}

/** The body a create or update accepts: the collection's fields and Payload's own keys, nothing else. */
export function writeSchema(fields: Field[], allowedKeys: string[]): JsonSchema {
  const schema = objectSchema(fields, 'write')
  const properties = schema.properties as Record<string, JsonSchema>
  for (const key of allowedKeys) properties[key] ??= {}
  return schema
}

export const readSchema = (fields: Field[]): JsonSchema => objectSchema(fields, 'read', ['id'])
