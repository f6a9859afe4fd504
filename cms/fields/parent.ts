import type { CollectionSlug, RelationshipField } from 'payload'

import { relationId, type RelationValue } from './ids'
import { walkUpAsync } from '../../shared/districtTree'

/**
 * A `parent` relationship to the same collection that refuses loops:
 * a record may not be its own parent, nor the parent of one of its ancestors.
 */
export function parentField(collection: CollectionSlug, name: string, label: { zh: string; en: string }): RelationshipField {
  return {
    name,
    type: 'relationship',
    relationTo: collection,
    label,
    index: true,
    admin: { position: 'sidebar' },
    validate: async (value, { id, req }) => {
      const chosen = relationId(value as RelationValue)
      if (chosen === null || id === undefined || id === null) return true
      // The chosen parent and its ancestors, up to this record if it is among them.
      const chain = await walkUpAsync(chosen, async (current) => {
        if (String(current) === String(id)) return null
        const ancestor = (await req.payload
          .findByID({ collection, id: current, depth: 0, overrideAccess: true, draft: true, req, disableErrors: true })
          .catch(() => null)) as Record<string, unknown> | null
        return ancestor ? relationId(ancestor[name] as RelationValue) : null
      })
      const self = chain.findIndex((current) => String(current) === String(id))
      if (self === 0) return '不能把记录自身设为上级 / A record cannot be its own parent'
      if (self > 0) return '上级设置形成了循环：所选上级是本记录的下级 / This parent would create a loop'
      return true
    },
  }
}
