import { APIError, type FieldHook } from 'payload'

import { isAdmin } from './districtScope'

/**
 * A field only administrators may change (a district's place in the hierarchy: every editor's
 * scope flows down the tree, so moving a district moves other people's rights). A change by
 * anyone else is refused with 403 and the field named, instead of being dropped silently.
 */
export const adminOnlyChange =
  (label: string): FieldHook =>
  ({ value, previousValue, originalDoc, req, operation }) => {
    if (!req.user || isAdmin(req.user) || value === undefined) return value
    const before = operation === 'create' ? undefined : (previousValue ?? null)
    const normalise = (v: unknown) =>
      v && typeof v === 'object' && 'id' in v ? String((v as { id: unknown }).id) : v == null ? null : String(v)
    if (operation === 'update' && originalDoc && normalise(value) === normalise(before)) return value
    throw new APIError(`只有系统管理员可以修改“${label}” / Only administrators may change this field`, 403, undefined, true)
  }
