import type { FieldHook } from 'payload'

import { relationId, type RelationValue } from './ids'

/**
 * The name shown for a user who acted on a record (报送人, 处理人, 操作人). Stored with the record
 * because other staff cannot read accounts (users are admin-or-self: an account holds its email,
 * sessions and API key), so a relationship to the user showed them 无标题. Never the email.
 */
export const actorName = (user: { id: number | string; name?: string | null } | null | undefined): string =>
  user ? user.name?.trim() || `用户 #${user.id}` : '系统'

/**
 * afterRead of a stored name field: records saved before the name was stored get it from the
 * account named in `relationField` — its name only, read with the server's rights.
 */
export const actorNameFallback =
  (relationField: string): FieldHook =>
  async ({ value, siblingData, req }) => {
    if (value) return value
    const id = relationId(siblingData?.[relationField] as RelationValue)
    if (id === null) return value
    const user = await req.payload.findByID({
      collection: 'users',
      id,
      depth: 0,
      overrideAccess: true,
      select: { name: true },
      req,
      disableErrors: true,
    })
    return user ? actorName(user as { id: number | string; name?: string | null }) : value
  }
