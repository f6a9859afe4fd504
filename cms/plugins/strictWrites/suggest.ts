import type { Field } from 'payload'

import { dataFields, type NamedField } from './fieldShapes'

/** Edit distance, for typos such as `publisedOn`. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
      previous = current
    }
  }
  return row[b.length]
}

/**
 * The field a client probably meant by an unknown key: a near spelling (`publisedOn`), a known name
 * inside it (`districtSlug` → `district`, which takes a slug reference), or a group holding a field
 * of that name (`date` → `publishedOn.date`). Undefined when nothing is close.
 */
export function suggestField(key: string, fields: NamedField[]): string | undefined {
  const lower = key.toLowerCase()
  const names = fields.map((f) => f.name)
  const near = names.filter((n) => distance(lower, n.toLowerCase()) <= Math.max(1, Math.floor(n.length / 4)))
  if (near.length) return near[0]
  for (const field of fields) {
    if (field.type !== 'group') continue
    const inner = dataFields((field as { fields: Field[] }).fields).find((f) => f.name.toLowerCase() === lower)
    if (inner) return `${field.name}.${inner.name}`
  }
  const contained = names.filter((n) => n.length >= 4 && lower.includes(n.toLowerCase()))
  if (contained.length) return contained.sort((a, b) => b.length - a.length)[0]
  return undefined
}
