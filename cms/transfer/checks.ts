import type { FlattenedField } from 'payload'
import type { LooseRecord } from '../../shared/looseRecord'

/** A problem with one value: where (dotted path) and why, in Chinese and English. */
export type ValueProblem = { field: string; zh: string; en: string }

const isObject = (value: unknown): value is LooseRecord => typeof value === 'object' && value !== null && !Array.isArray(value)
const empty = (value: unknown) => value === undefined || value === null || value === ''
const optionValues = (field: { options: (string | { value: string })[] }) => field.options.map((o) => (typeof o === 'string' ? o : o.value))
/** A localized value may be given per language: { "zh": …, "en": … }. */
const isPerLocale = (value: unknown) =>
  isObject(value) && Object.keys(value).length > 0 && Object.keys(value).every((k) => k === 'zh' || k === 'en')

function checkScalar(field: FlattenedField, value: unknown, path: string, problems: ValueProblem[]) {
  const problem = (zh: string, en: string) => problems.push({ field: path, zh, en })
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'code':
      if (typeof value !== 'string') problem(`应为文字，实际是 ${JSON.stringify(value)}`, 'must be text')
      break
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) problem(`应为数字，实际是 ${JSON.stringify(value)}`, 'must be a number')
      break
    case 'checkbox':
      if (typeof value !== 'boolean') problem('应为 true 或 false', 'must be true or false')
      break
    case 'date':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value)))
        problem(`不是有效日期：${JSON.stringify(value)}（应如 2024-03-01）`, 'not a valid date')
      break
    case 'select':
    case 'radio':
      if (!optionValues(field).includes(value as string))
        problem(`取值 ${JSON.stringify(value)} 不在可选值 ${optionValues(field).join('、')} 之中`, 'not one of the allowed values')
      break
    case 'point':
      if (!Array.isArray(value) || value.length !== 2 || !value.every((n) => typeof n === 'number'))
        problem('应为 [经度, 纬度]', 'must be [longitude, latitude]')
      break
    default:
  }
}

/**
 * Checks a record's values against its collection's fields before anything is written: unknown
 * fields, missing required values, wrong types, values outside a select's options — nested groups
 * and array rows included. Relationships are checked by the importer (they need the database).
 */
export function checkValues(
  data: LooseRecord,
  fields: FlattenedField[],
  problems: ValueProblem[],
  prefix = '',
  ignored: Set<string> = new Set(),
) {
  const known = new Set(fields.map((f) => f.name))
  for (const key of Object.keys(data)) {
    if (!known.has(key) && !ignored.has(key))
      problems.push({ field: prefix + key, zh: '未知字段（该集合没有这个字段）', en: 'unknown field' })
  }
  for (const field of fields) {
    const path = prefix + field.name
    let value = data[field.name]
    if ('localized' in field && field.localized && isPerLocale(value)) value = value.zh
    if (empty(value)) {
      const required = 'required' in field && field.required && !('defaultValue' in field && field.defaultValue !== undefined)
      if (required) problems.push({ field: path, zh: '必填，不能为空', en: 'required' })
      continue
    }
    if (field.type === 'group' || field.type === 'tab') {
      if (!isObject(value)) problems.push({ field: path, zh: '应为对象 {…}', en: 'must be an object' })
      else checkValues(value, field.flattenedFields, problems, `${path}.`)
    } else if (field.type === 'array') {
      if (!Array.isArray(value)) problems.push({ field: path, zh: '应为列表 […]', en: 'must be a list' })
      else
        value.forEach((row, i) =>
          isObject(row)
            ? checkValues(row, field.flattenedFields, problems, `${path}.${i}.`, new Set(['id']))
            : problems.push({ field: `${path}.${i}`, zh: '应为对象 {…}', en: 'must be an object' }),
        )
    } else if (field.type === 'richText') {
      if (!isObject(value) || !isObject(value.root))
        problems.push({ field: path, zh: '富文本应为 Lexical 格式 {"root": …}', en: 'rich text must be Lexical JSON' })
    } else if ('hasMany' in field && field.hasMany && field.type !== 'relationship' && field.type !== 'upload') {
      if (!Array.isArray(value)) problems.push({ field: path, zh: '应为列表 […]', en: 'must be a list' })
      else value.forEach((item, i) => checkScalar(field, item, `${path}.${i}`, problems))
    } else {
      checkScalar(field, value, path, problems)
    }
  }
}
