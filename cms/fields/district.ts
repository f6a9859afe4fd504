import { ValidationError, type RelationshipField } from 'payload'

import { districtScope, inScope, isAdmin } from '../access/districtScope'
import { relationIds, type RelationValue } from './ids'
import { t } from './label'

/**
 * Every content record belongs to exactly one district (区/街道/镇/园区). A
 * signed-in non-admin may only place (or move) a record inside their own
 * districts — checked on every save, drafts included.
 */
export const districtField: RelationshipField = {
  name: 'district',
  type: 'relationship',
  relationTo: 'districts',
  label: t('所属区域', 'District'),
  required: true,
  index: true,
  admin: { position: 'sidebar' },
  // Offers only the districts the user may write to (everyone else's are refused on save anyway).
  filterOptions: async ({ req }) => {
    if (!req.user || isAdmin(req.user)) return true
    return { id: { in: (await districtScope(req)) as string[] } }
  },
  // A new item starts in the user's own district (the first assigned one).
  defaultValue: ({ user }) => relationIds((user as { districts?: RelationValue[] } | null)?.districts)[0],
  hooks: {
    beforeChange: [
      async ({ value, previousValue, req, collection, operation }) => {
        // Drafts skip `required`, and an item without a district is outside every writer's scope:
        // saved, then lost to its author. So a draft without one gets the author's district.
        if (req.user && (value === null || value === undefined || value === '') && (operation === 'create' || previousValue == null)) {
          const own = relationIds((req.user as { districts?: RelationValue[] }).districts)[0]
          if (own !== undefined && !isAdmin(req.user)) return own
          throw new ValidationError({
            collection: collection?.slug,
            errors: [{ path: 'district', message: '请选择所属区域 / Choose the district this belongs to' }],
          })
        }
        if (!req.user || value === undefined) return value
        const unchanged = previousValue !== undefined && String(previousValue) === String(value)
        if (!unchanged && !(await inScope(req, value as RelationValue))) {
          throw new ValidationError({
            collection: collection?.slug,
            errors: [
              {
                path: 'district',
                message: '不能把内容放到您负责范围以外的区域 / You cannot place content in a district outside your assignment',
              },
            ],
          })
        }
        return value
      },
    ],
  },
}
