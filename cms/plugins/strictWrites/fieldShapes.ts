import type { Field, FlattenedField } from 'payload'

/**
 * What each field accepts over the API, described once from its definition: used by the strict-write
 * check (cms/plugins/strictWrites/checkData.ts) to word its refusals and by the OpenAPI document
 * (cms/api/openapi/) for its schemas, so the two cannot disagree.
 */
export type NamedField = Field & { name: string }

/** Keys Payload itself sends or accepts on every write (the admin's form state carries them). */
export const systemKeys = new Set(['id', '_status', 'createdAt', 'updatedAt', 'deletedAt', '_locale'])
/** Extra keys an auth collection's create, password change and first-register accept. */
export const authKeys = new Set(['password', 'confirm-password'])
/** Keys an array row or block carries besides its fields. */
export const rowKeys = new Set(['id', 'blockType', 'blockName'])

/** The named fields at one level of data: rows, collapsibles and unnamed tabs do not nest data. */
export function dataFields(fields: (Field | FlattenedField)[]): NamedField[] {
  const out: NamedField[] = []
  for (const field of fields as Field[]) {
    if (field.type === 'row' || field.type === 'collapsible') out.push(...dataFields(field.fields))
    else if (field.type === 'tabs') {
      for (const tab of field.tabs) {
        if ('name' in tab && tab.name) out.push({ ...tab, type: 'group', name: tab.name } as unknown as NamedField)
        else out.push(...dataFields(tab.fields))
      }
    } else if ('name' in field && field.type !== 'ui') out.push(field as NamedField)
  }
  return out
}

/** Select and radio values, in order. */
export function optionValues(field: NamedField): string[] {
  const options = (field as { options?: (string | { value: string })[] }).options ?? []
  return options.map((o) => (typeof o === 'string' ? o : o.value))
}

export const relationTargets = (field: NamedField): string[] => {
  const to = (field as { relationTo?: string | string[] }).relationTo
  return Array.isArray(to) ? to : to ? [to] : []
}

/** The expected shape of a field's value, in Chinese and English, for refusals. */
export function expectedShape(field: NamedField): { zh: string; en: string } {
  const many = 'hasMany' in field && field.hasMany
  const list = (s: { zh: string; en: string }) => (many ? { zh: `数组，每项为${s.zh}`, en: `an array of ${s.en}` } : s)
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'code':
      return list({ zh: '字符串', en: 'a string' })
    case 'number':
      return list({ zh: '数字', en: 'a number' })
    case 'checkbox':
      return { zh: '布尔值 true/false', en: 'a boolean' }
    case 'date':
      return { zh: 'ISO 8601 日期字符串（如 "2013-01-01" 或 "2013-01-01T12:00:00.000Z"）', en: 'an ISO 8601 date string ("2013-01-01")' }
    case 'select':
    case 'radio': {
      const values = optionValues(field).join(' | ')
      return list({ zh: `以下值之一：${values}`, en: `one of: ${values}` })
    }
    case 'relationship':
    case 'upload': {
      const targets = relationTargets(field).join('/')
      const one = Array.isArray((field as { relationTo?: unknown }).relationTo)
        ? { zh: `{"relationTo": "${targets}", "value": id 或 {"slug": "…"}}`, en: `{"relationTo", "value": id or {"slug"}}` }
        : { zh: `${targets} 的数字 id，或 {"slug": "…"}`, en: `a numeric ${targets} id or {"slug": "…"}` }
      return list(one)
    }
    case 'richText':
      return {
        zh: '富文本 Lexical JSON 对象 {"root": {…}}（不接受纯字符串）',
        en: 'a Lexical JSON object {"root": {…}} (not a plain string)',
      }
    case 'point':
      return { zh: '[经度, 纬度] 两个数字的数组', en: 'an array [longitude, latitude] of two numbers' }
    case 'group': {
      const keys = dataFields((field as { fields: Field[] }).fields)
        .map((f) => f.name)
        .join(', ')
      return { zh: `对象 {${keys}}`, en: `an object {${keys}}` }
    }
    case 'array': {
      const keys = dataFields((field as { fields: Field[] }).fields)
        .map((f) => f.name)
        .join(', ')
      return { zh: `数组，每项为对象 {${keys}}`, en: `an array of objects {${keys}}` }
    }
    case 'blocks': {
      const types = ((field as { blocks?: { slug: string }[] }).blocks ?? []).map((b) => b.slug).join(' | ')
      return { zh: `数组，每项为带 blockType（${types}）的对象`, en: `an array of objects with blockType (${types})` }
    }
    default:
      return { zh: '任意 JSON', en: 'any JSON' }
  }
}
