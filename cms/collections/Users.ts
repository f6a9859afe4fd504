import type { CollectionConfig } from 'payload'

import { selectOptions, userRoles } from '../../shared/vocabulary'
import { adminOnly, adminOnlyField, adminOrSelf } from '../access/roles'
import { secureCookies } from '../env'
import { t } from '../fields/label'

/** CMS accounts. Per-district enforcement comes with the tenancy work; the model is here now. */
export const Users: CollectionConfig = {
  slug: 'users',
  labels: { singular: t('用户', 'User'), plural: t('用户', 'Users') },
  auth: {
    // Guessing passwords: an account is locked for LOGIN_LOCK_MS (15 min) after LOGIN_MAX_ATTEMPTS (5) failures.
    maxLoginAttempts: Number(process.env.LOGIN_MAX_ATTEMPTS ?? 5),
    lockTime: Number(process.env.LOGIN_LOCK_MS ?? 15 * 60_000),
    tokenExpiration: 8 * 60 * 60, // a working day
    cookies: { secure: secureCookies(), sameSite: 'Lax' },
  },
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
