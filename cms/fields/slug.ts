import { pinyin } from 'pinyin-pro'
import type { CollectionSlug, FieldHook, PayloadRequest, TextField, Where } from 'payload'
import { text } from 'payload/shared'

import { relationId, type RelationValue } from './ids'
import { t } from './label'

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

const maxGeneratedLength = 60

/** A slug from a Chinese (or mixed) title: 新虹街道开展志愿服务 → xin-hong-jie-dao-kai-zhan-zhi-yuan-fu-wu. */
export function slugFromTitle(title: string): string {
  const words = pinyin(title, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true })
    .join('-')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  if (words.length <= maxGeneratedLength) return words
  const cut = words.slice(0, maxGeneratedLength + 1)
  return cut.slice(0, Math.max(cut.lastIndexOf('-'), 1)).replace(/-+$/, '')
}

/** Records of the collection (and, for district scope, of the same district) already using `slug`. */
async function slugTaken(req: PayloadRequest, collection: string, slug: string, id: unknown, district: number | string | null) {
  const where: Where[] = [{ slug: { equals: slug } }]
  if (id !== undefined && id !== null) where.push({ id: { not_equals: id } })
  if (district !== null) where.push({ district: { equals: district } })
  const clash = await req.payload.find({
    collection: collection as CollectionSlug,
    where: { and: where },
    limit: 1,
    depth: 0,
    pagination: false,
    overrideAccess: true,
    draft: true,
    req,
  })
  return clash.docs.length > 0
}

/** An empty slug is made from the title (or name) in pinyin, numbered (-2, -3 …) when taken. */
const generateSlug =
  (scope: 'district' | 'global'): FieldHook =>
  async ({ value, data, originalDoc, req, collection }) => {
    if (typeof value === 'string' && value.trim() !== '') return value.trim()
    if (originalDoc?.slug) return value === undefined ? value : originalDoc.slug // a cleared slug keeps the old URL
    const source = String(data?.title ?? data?.name ?? '').trim()
    const base = source ? slugFromTitle(source) : ''
    if (!base || !collection) return value
    const district = scope === 'district' ? relationId((data as { district?: RelationValue } | undefined)?.district) : null
    for (let n = 1; n < 100; n++) {
      const candidate = n === 1 ? base : `${base}-${n}`
      if (!(await slugTaken(req, collection.slug, candidate, originalDoc?.id, district))) return candidate
    }
    return value
  }

/**
 * URL slug, made from the title in pinyin when left empty. With `scope: 'district'` it must be unique among the collection's
 * records of the same district (two districts may both have `about`); with
 * `scope: 'global'` unique in the whole collection (district slugs name sites).
 */
export function slugField(scope: 'district' | 'global'): TextField {
  return {
    name: 'slug',
    type: 'text',
    label: t('网址别名（slug）', 'Slug'),
    index: true,
    unique: scope === 'global',
    hooks: { beforeValidate: [generateSlug(scope)] },
    admin: {
      position: 'sidebar',
      description: t(
        '留空则按标题自动生成拼音（如 xin-hong-jie-dao）；也可填写小写字母、数字和连字符；用于页面网址',
        'Left empty, made from the title in pinyin; or lowercase letters, digits and hyphens; used in page URLs',
      ),
    },
    validate: async (value, options) => {
      // Empty in the form is fine: the save makes one from the title (generateSlug). Still empty then: required.
      if (value === undefined || value === null || value === '') {
        return options.event === 'onChange' ? true : '请填写网址别名，或先填写标题以自动生成 / Enter a slug, or a title to make one from'
      }
      const basic = text(value, options as Parameters<typeof text>[1])
      if (basic !== true) return basic
      if (typeof value !== 'string' || !slugPattern.test(value)) {
        return '网址别名只能包含小写字母、数字和连字符（如 xinhong-space） / Slug may contain only lowercase letters, digits and hyphens'
      }
      const { req, id, collectionSlug, data } = options
      if (!collectionSlug) return true
      const district = scope === 'district' ? relationId((data as { district?: RelationValue } | undefined)?.district) : null
      if (scope === 'district' && district === null) return true // the required district field reports its own error
      if (await slugTaken(req, collectionSlug, value, id, district)) {
        return scope === 'district'
          ? `网址别名“${value}”在本区域内已被使用 / Slug "${value}" is already used in this district`
          : `网址别名“${value}”已被使用 / Slug "${value}" is already used`
      }
      return true
    },
  }
}
