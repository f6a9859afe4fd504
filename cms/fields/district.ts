import { ValidationError, type RelationshipField } from 'payload'

import { inScope } from '../access/districtScope'
import type { RelationValue } from './ids'
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
  hooks: {
    beforeChange: [
      async ({ value, previousValue, req, collection }) => {
        if (!req.user || value === undefined) return value
        const unchanged = previousValue !== undefined && String(previousValue) === String(value)
        if (!unchanged && !(await inScope(req, value as RelationValue))) {
          throw new ValidationError({
            collection: collection?.slug,
            errors: [{ path: 'district', message: '不能把内容放到您负责范围以外的区域 / You cannot place content in a district outside your assignment' }],
          })
        }
        return value
      },
    ],
  },
}
