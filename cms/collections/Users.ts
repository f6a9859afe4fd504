import { APIError, type CollectionBeforeChangeHook, type CollectionConfig } from 'payload'

import { selectOptions, userRoles } from '../../shared/vocabulary'
import { limitAnonymousAuth, limitedAuthEndpoints } from '../api/authRateLimit'
import { adminOnly, adminOnlyField, adminOrSelf, adminOrStaffSelf, hasRole } from '../access/roles'
import { secureCookies } from '../env'
import { t } from '../fields/label'

/**
 * API keys let a machine act as an account (the site builder's CMS_API_KEY, given to a read-only
 * `site-reader` account). Only an administrator may switch one on, so no editor can mint a
 * long-lived credential for themselves.
 */
const onlyAdminsEnableApiKeys: CollectionBeforeChangeHook = ({ data, originalDoc, req }) => {
  // No user: trusted server code (seed, scripts); anonymous requests never reach here (access).
  if (data.enableAPIKey && !originalDoc?.enableAPIKey && req.user && !hasRole(req.user, 'admin')) {
    throw new APIError('只有系统管理员可以启用 API 密钥。Only an administrator can enable an API key.', 403, null, true)
  }
  return data
}

/** CMS accounts: roles, the districts they work on, and (for machines) API keys. */
export const Users: CollectionConfig = {
  slug: 'users',
  labels: { singular: t('用户', 'User'), plural: t('用户', 'Users') },
  auth: {
    // Guessing passwords: an account is locked for LOGIN_LOCK_MS (15 min) after LOGIN_MAX_ATTEMPTS (5) failures.
    maxLoginAttempts: Number(process.env.LOGIN_MAX_ATTEMPTS ?? 5),
    lockTime: Number(process.env.LOGIN_LOCK_MS ?? 15 * 60_000),
    tokenExpiration: 8 * 60 * 60, // a working day
    cookies: { secure: secureCookies(), sameSite: 'Lax' },
    useAPIKey: true,
  },
  admin: { useAsTitle: 'email', defaultColumns: ['name', 'email', 'roles', 'districts'], group: t('系统', 'System') },
  access: { read: adminOrSelf, create: adminOnly, update: adminOrStaffSelf, delete: adminOnly },
  // Sign-in, forgot/reset password, unlock and first-register are rate-limited per address and account.
  hooks: { beforeOperation: [limitAnonymousAuth], beforeChange: [onlyAdminsEnableApiKeys] },
  endpoints: limitedAuthEndpoints,
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
