import type { CollectionConfig } from 'payload'

import { selectOptions, userRoles } from '../../shared/vocabulary'
import { adminOnly, adminOnlyField, adminOrSelf } from '../access/roles'
import { t } from '../fields/label'

/** CMS accounts. Per-district enforcement comes with the tenancy work; the model is here now. */
export const Users: CollectionConfig = {
  slug: 'users',
  labels: { singular: t('用户', 'User'), plural: t('用户', 'Users') },
  auth: true,
  admin: { useAsTitle: 'email', defaultColumns: ['name', 'email', 'roles', 'districts'], group: t('系统', 'System') },
  access: { read: adminOrSelf, create: adminOnly, update: adminOrSelf, delete: adminOnly },
  fields: [
    { name: 'name', type: 'text', label: t('姓名', 'Name') },
    {
      name: 'roles',
      type: 'select',
      label: t('角色', 'Roles'),
      hasMany: true,
      required: true,
      defaultValue: ['writer'],
      options: selectOptions(userRoles),
      access: { update: adminOnlyField, create: adminOnlyField },
      saveToJWT: true,
    },
    {
      name: 'districts',
      type: 'relationship',
      relationTo: 'districts',
      hasMany: true,
      label: t('负责区域', 'Assigned districts'),
      access: { update: adminOnlyField, create: adminOnlyField },
      saveToJWT: true,
    },
  ],
}
