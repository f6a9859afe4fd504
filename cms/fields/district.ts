import type { RelationshipField } from 'payload'

import { t } from './label'

/** Every content record belongs to exactly one district (区/街道/镇/园区). */
export const districtField: RelationshipField = {
  name: 'district',
  type: 'relationship',
  relationTo: 'districts',
  label: t('所属区域', 'District'),
  required: true,
  index: true,
  admin: { position: 'sidebar' },
}
