import type { CollectionSlug, TextField, Where } from 'payload'
import { text } from 'payload/shared'

import { relationId, type RelationValue } from './ids'
import { t } from './label'

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/**
 * URL slug. With `scope: 'district'` it must be unique among the collection's
 * records of the same district (two districts may both have `about`); with
 * `scope: 'global'` unique in the whole collection (district slugs name sites).
 */
export function slugField(scope: 'district' | 'global'): TextField {
  return {
    name: 'slug',
    type: 'text',
    label: t('网址别名（slug）', 'Slug'),
    required: true,
    index: true,
    unique: scope === 'global',
    admin: {
      position: 'sidebar',
      description: t('小写字母、数字和连字符，如 xinhong-space；用于页面网址', 'Lowercase letters, digits and hyphens; used in page URLs'),
    },
    validate: async (value, options) => {
      const basic = text(value, options as Parameters<typeof text>[1])
      if (basic !== true) return basic
      if (typeof value !== 'string' || !slugPattern.test(value)) {
        return '网址别名只能包含小写字母、数字和连字符（如 xinhong-space） / Slug may contain only lowercase letters, digits and hyphens'
      }
      const { req, id, collectionSlug, data } = options
      if (!collectionSlug) return true
      const where: Where[] = [{ slug: { equals: value } }]
      if (id !== undefined && id !== null) where.push({ id: { not_equals: id } })
      if (scope === 'district') {
        const district = relationId((data as { district?: RelationValue } | undefined)?.district)
        if (district === null) return true // the required district field reports its own error
        where.push({ district: { equals: district } })
      }
      const clash = await req.payload.find({
        collection: collectionSlug as CollectionSlug,
        where: { and: where },
        limit: 1,
        depth: 0,
        pagination: false,
        overrideAccess: true,
        draft: true,
        req,
      })
      if (clash.docs.length > 0) {
        return scope === 'district'
          ? `网址别名“${value}”在本区域内已被使用 / Slug "${value}" is already used in this district`
          : `网址别名“${value}”已被使用 / Slug "${value}" is already used`
      }
      return true
    },
  }
}
