import type { Access, FieldAccess } from 'payload'

import type { UserRole } from '../../shared/vocabulary'

type WithRoles = { roles?: UserRole[] | null } | null | undefined

export const hasRole = (user: WithRoles, role: UserRole): boolean => Boolean(user?.roles?.includes(role))

/** Any signed-in CMS user (media uploads; district-owned content uses access/districtScope.ts). */
export const signedIn: Access = ({ req: { user } }) => Boolean(user)

export const adminOnly: Access = ({ req: { user } }) => hasRole(user as WithRoles, 'admin')

/** Editor-only fields (review notes, sources): never part of a public read. */
export const signedInField: FieldAccess = ({ req: { user } }) => Boolean(user)

export const adminOnlyField: FieldAccess = ({ req: { user } }) => hasRole(user as WithRoles, 'admin')

/** Admins see every account; everyone else only their own. */
export const adminOrSelf: Access = ({ req: { user } }) => {
  if (!user) return false
  if (hasRole(user as WithRoles, 'admin')) return true
  return { id: { equals: user.id } }
}

/** Reference content without drafts (districts, stations, brands, media) is public. */
export const anyone: Access = () => true
