import type { FlattenedField } from 'payload'
import type { LooseRecord } from '../../shared/looseRecord'

/** One relationship value found while walking a record: where it is, what it points to, and its value there. */
export type RelationVisit = { path: string; relationTo: string; value: unknown }
/** Returns the converted value; `undefined` drops it. */
export type RelationMapper = (visit: RelationVisit) => unknown

const isObject = (value: unknown): value is LooseRecord => typeof value === 'object' && value !== null && !Array.isArray(value)

/** Upload and relationship nodes inside a Lexical rich text carry ids too. */
function mapLexical(node: unknown, path: string, map: RelationMapper): unknown {
  if (Array.isArray(node)) return node.map((child) => mapLexical(child, path, map))
  if (!isObject(node)) return node
  const out: LooseRecord = {}
  for (const [key, value] of Object.entries(node)) out[key] = key === 'children' || key === 'root' ? mapLexical(value, path, map) : value
  if ((node.type === 'upload' || node.type === 'relationship') && typeof node.relationTo === 'string' && node.value !== undefined) {
    out.value = map({ path, relationTo: node.relationTo, value: node.value })
  }
  return out
}

function mapRelationship(
  field: FlattenedField & { relationTo: string | string[]; hasMany?: boolean },
  value: unknown,
  path: string,
  map: RelationMapper,
): unknown {
  if (value === null || value === undefined) return value
  const one = (item: unknown, index?: number): unknown => {
    const at = index === undefined ? path : `${path}.${index}`
    if (Array.isArray(field.relationTo)) {
      if (!isObject(item) || typeof item.relationTo !== 'string') return map({ path: at, relationTo: '', value: item })
      return { relationTo: item.relationTo, value: map({ path: at, relationTo: item.relationTo, value: item.value }) }
    }
    return map({ path: at, relationTo: field.relationTo, value: item })
  }
  if (field.hasMany && Array.isArray(value)) return value.map((item, index) => one(item, index)).filter((item) => item !== undefined)
  return one(value)
}

/**
 * Walks a record by its collection's fields and maps every relationship and upload value (nested
 * groups, arrays, blocks and rich text included). Keys the fields do not know are kept as they are;
 * array and block rows lose their ids (another database gives them new ones).
 */
export function mapRelations(data: LooseRecord, fields: FlattenedField[], map: RelationMapper, prefix = ''): LooseRecord {
  const out: LooseRecord = { ...data }
  for (const field of fields) {
    if (!(field.name in data)) continue
    const value = data[field.name]
    const path = prefix + field.name
    switch (field.type) {
      case 'relationship':
      case 'upload':
        out[field.name] = mapRelationship(field, value, path, map)
        break
      case 'group':
      case 'tab':
        if (isObject(value)) out[field.name] = mapRelations(value, field.flattenedFields, map, `${path}.`)
        break
      case 'array':
        if (Array.isArray(value)) {
          out[field.name] = value.map((row, index) =>
            isObject(row) ? withoutId(mapRelations(row, field.flattenedFields, map, `${path}.${index}.`)) : row,
          )
        }
        break
      case 'blocks':
        if (Array.isArray(value)) {
          out[field.name] = value.map((row, index) => {
            const block = isObject(row) ? field.blocks.find((b) => b.slug === row.blockType) : undefined
            return block ? withoutId(mapRelations(row, block.flattenedFields, map, `${path}.${index}.`)) : row
          })
        }
        break
      case 'richText':
        out[field.name] = mapLexical(value, path, map)
        break
      default:
    }
  }
  return out
}

function withoutId(row: LooseRecord) {
  const { id: _id, ...rest } = row
  return rest
}
