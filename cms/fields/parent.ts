import type { CollectionSlug, RelationshipField } from 'payload'

import { relationId, type RelationValue } from './ids'

/** Deepest hierarchy we walk before assuming something is wrong. */
const maxDepth = 64

/**
 * A `parent` relationship to the same collection that refuses loops:
 * a record may not be its own parent, nor the parent of one of its ancestors.
 */
export function parentField(
  collection: CollectionSlug,
  name: string,
  label: { zh: string; en: string },
): RelationshipField {
  return {
    name,
    type: 'relationship',
    relationTo: collection,
    label,
    index: true,
    admin: { position: 'sidebar' },
    validate: async (value, { id, req }) => {
      let current = relationId(value as RelationValue)
      if (current === null || id === undefined || id === null) return true
      for (let step = 0; step < maxDepth && current !== null; step++) {
        if (String(current) === String(id)) {
          return step === 0
            ? '不能把记录自身设为上级 / A record cannot be its own parent'
            : '上级设置形成了循环：所选上级是本记录的下级 / This parent would create a loop'
        }
        const ancestor = (await req.payload
          .findByID({ collection, id: current, depth: 0, overrideAccess: true, draft: true, req, disableErrors: true })
          .catch(() => null)) as Record<string, unknown> | null
        current = ancestor ? relationId(ancestor[name] as RelationValue) : null
      }
      return true
    },
  }
}
