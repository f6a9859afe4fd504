import type { Field } from 'payload'

import { dataFields, expectedShape, optionValues, relationTargets, rowKeys, type NamedField } from './fieldShapes'
import { suggestField } from './suggest'

export type Problem = { path: string; message: string }

/** A relationship given as a slug (`{"slug": "hongmei"}` or, where ids are numbers, `"hongmei"`), resolved to an id later. */
export type SlugReference = { path: string; targets: string[]; slug: string; district?: string; set: (id: number | string) => void }
/** A relationship given as an id, checked to exist (a missing one failed the database's foreign key: 500). */
export type IdReference = { path: string; target: string; id: number | string }

type Walk = { problems: Problem[]; references: SlugReference[]; ids: IdReference[]; locales: string[] }

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** How a received value reads in a refusal: 字符串 "2013" / the string "2013". */
function received(value: unknown): { zh: string; en: string } {
  const shown = JSON.stringify(value)?.slice(0, 60) ?? String(value)
  if (typeof value === 'string') return { zh: `字符串 ${shown}`, en: `the string ${shown}` }
  if (typeof value === 'number') return { zh: `数字 ${shown}`, en: `the number ${shown}` }
  if (typeof value === 'boolean') return { zh: `布尔值 ${shown}`, en: `the boolean ${shown}` }
  if (Array.isArray(value)) return { zh: `数组 ${shown}`, en: `the array ${shown}` }
  return { zh: `对象 ${shown}`, en: `the object ${shown}` }
}

function wrongShape(walk: Walk, path: string, field: NamedField, value: unknown) {
  const want = expectedShape(field)
  const got = received(value)
  walk.problems.push({ path, message: `${path} 应为${want.zh}，收到${got.zh} / ${path} must be ${want.en}, got ${got.en}` })
}

const isoDate = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/
/** Ids are numbers in SQLite and 24-hex ObjectIds in MongoDB: anything else given as a string is a slug. */
const looksLikeId = (v: string) => /^\d+$/.test(v) || /^[0-9a-f]{24}$/i.test(v)

/** Checks one relationship value (a single id, a populated document, a slug reference or a polymorphic pair). */
function checkRelation(walk: Walk, path: string, field: NamedField, value: unknown, set: (v: unknown) => void) {
  const targets = relationTargets(field)
  if (Array.isArray((field as { relationTo?: unknown }).relationTo)) {
    if (!isObject(value) || typeof value.relationTo !== 'string' || !('value' in value)) return wrongShape(walk, path, field, value)
    if (!targets.includes(value.relationTo)) {
      walk.problems.push({
        path: `${path}.relationTo`,
        message: `${path}.relationTo 只能是 ${targets.join(' | ')} / ${path}.relationTo must be one of: ${targets.join(' | ')}`,
      })
      return
    }
    const pair = value
    return checkRelation(
      walk,
      `${path}.value`,
      { ...field, relationTo: value.relationTo } as NamedField,
      value.value,
      (v) => (pair.value = v),
    )
  }
  if ((typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && looksLikeId(value))) {
    walk.ids.push({ path, target: targets[0], id: value })
    return
  }
  // A document as read with depth ≥ 1 (or `{"id": 5}`): its id.
  if (isObject(value) && 'id' in value) {
    const id = value.id
    if (typeof id === 'number' || (typeof id === 'string' && looksLikeId(id))) {
      walk.ids.push({ path, target: targets[0], id })
      return set(id)
    }
    return wrongShape(walk, path, field, value)
  }
  const slug = typeof value === 'string' ? value : isObject(value) && typeof value.slug === 'string' ? value.slug : undefined
  const extra = isObject(value) ? Object.keys(value).filter((k) => k !== 'slug' && k !== 'district') : []
  const district = isObject(value) && typeof value.district === 'string' ? value.district : undefined
  if (slug === undefined || slug === '' || extra.length > 0) return wrongShape(walk, path, field, value)
  walk.references.push({ path, targets, slug, district, set })
}

function checkValue(walk: Walk, path: string, field: NamedField, value: unknown, set: (v: unknown) => void) {
  if (value === null || value === undefined) return
  // The admin's form sends an empty array or blocks field as its row count, 0 (Payload stores no rows).
  if ((field.type === 'array' || field.type === 'blocks') && value === 0) return
  const many = 'hasMany' in field && field.hasMany
  const hasManyTypes = ['text', 'number', 'select', 'relationship', 'upload']
  if (many && hasManyTypes.includes(field.type)) {
    if (!Array.isArray(value)) return wrongShape(walk, path, field, value)
    const one = { ...field, hasMany: false } as NamedField
    value.forEach((item, i) => checkValue(walk, `${path}.${i}`, one, item, (v) => (value[i] = v)))
    return
  }
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'code':
      if (typeof value !== 'string') wrongShape(walk, path, field, value)
      return
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) wrongShape(walk, path, field, value)
      return
    case 'checkbox':
      if (typeof value !== 'boolean') wrongShape(walk, path, field, value)
      return
    case 'date':
      if (!(value instanceof Date) && !(typeof value === 'string' && isoDate.test(value) && !Number.isNaN(Date.parse(value))))
        wrongShape(walk, path, field, value)
      return
    case 'select':
    case 'radio':
      if (typeof value !== 'string' || !optionValues(field).includes(value)) wrongShape(walk, path, field, value)
      return
    case 'relationship':
    case 'upload':
      return checkRelation(walk, path, field, value, set)
    case 'richText':
      if (!isObject(value) || !isObject(value.root)) wrongShape(walk, path, field, value)
      return
    case 'point':
      // The admin's coordinate inputs send null (or '') while one is empty; Payload's own check then names the missing one.
      if (
        !Array.isArray(value) ||
        value.length !== 2 ||
        !value.every((n) => (typeof n === 'number' && Number.isFinite(n)) || n === null || n === '')
      )
        wrongShape(walk, path, field, value)
      return
    case 'group':
      if (!isObject(value)) return wrongShape(walk, path, field, value)
      return checkObject(walk, `${path}.`, dataFields((field as { fields: Field[] }).fields), value, new Set())
    case 'array':
      if (!Array.isArray(value)) return wrongShape(walk, path, field, value)
      value.forEach((row, i) => {
        if (!isObject(row)) return wrongShape(walk, `${path}.${i}`, { ...field, type: 'group' } as NamedField, row)
        checkObject(walk, `${path}.${i}.`, dataFields((field as { fields: Field[] }).fields), row, rowKeys)
      })
      return
    case 'blocks': {
      if (!Array.isArray(value)) return wrongShape(walk, path, field, value)
      const blocks = (field as { blocks?: { slug: string; fields: Field[] }[] }).blocks ?? []
      value.forEach((row, i) => {
        const block = isObject(row) ? blocks.find((b) => b.slug === row.blockType) : undefined
        if (!isObject(row) || !block) return wrongShape(walk, `${path}.${i}`, field, row)
        checkObject(walk, `${path}.${i}.`, dataFields(block.fields), row, rowKeys)
      })
      return
    }
    default:
      return // json and anything new: Payload's own validation decides
  }
}

/** Checks the keys and values of one object level against its fields. */
export function checkObject(walk: Walk, prefix: string, fields: NamedField[], data: Record<string, unknown>, allowed: Set<string>) {
  for (const [key, value] of Object.entries(data)) {
    const path = `${prefix}${key}`
    const field = fields.find((f) => f.name === key)
    if (!field) {
      if (allowed.has(key)) continue
      const meant = suggestField(key, fields)
      const hint = meant ? { zh: `，您是否要写 ${prefix}${meant}？`, en: ` — did you mean ${prefix}${meant}?` } : { zh: '', en: '' }
      const known = fields.map((f) => f.name).join(', ')
      walk.problems.push({
        path,
        message: `${path} 不是可写字段${hint.zh}（此处可用：${known}） / ${path} is not a field${hint.en} (fields here: ${known})`,
      })
      continue
    }
    if ((field as { virtual?: unknown }).virtual || field.type === 'join') continue
    // A localized field may carry every locale at once ({"zh": …, "en": …}) when written with locale=all.
    if (
      (field as { localized?: boolean }).localized &&
      isObject(value) &&
      field.type !== 'group' &&
      field.type !== 'richText' &&
      Object.keys(value).every((k) => walk.locales.includes(k))
    ) {
      for (const locale of Object.keys(value)) checkValue(walk, `${path}.${locale}`, field, value[locale], (v) => (value[locale] = v))
      continue
    }
    checkValue(walk, path, field, value, (v) => (data[key] = v))
  }
}

/** Every problem with a write's data, and the slug references to resolve; fixes nothing but `{id}` objects. */
export function checkWriteData(fields: Field[], data: unknown, { allowed, locales }: { allowed: Set<string>; locales: string[] }) {
  const walk: Walk = { problems: [], references: [], ids: [], locales }
  if (!isObject(data)) {
    walk.problems.push({
      path: '',
      message: `请求体应为 JSON 对象，收到${received(data).zh} / The body must be a JSON object, got ${received(data).en}`,
    })
    return walk
  }
  checkObject(walk, '', dataFields(fields), data, allowed)
  return walk
}
