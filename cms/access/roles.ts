import type { Access, FieldAccess } from 'payload'

import type { UserRole } from '../../shared/vocabulary'

type WithRoles = { roles?: UserRole[] | null } | null | undefined

export const hasRole = (user: WithRoles, role: UserRole): boolean => Boolean(user?.roles?.includes(role))

/** Roles that work on content. `site-reader` (the site builder's API key) is signed in but is not staff. */
export const isStaff = (user: unknown): boolean =>
  (['admin', 'district-editor', 'writer'] as const).some((role) => hasRole(user as WithRoles, role))

/** Any staff account (media uploads, build records; district-owned content uses access/districtScope.ts). */
export const staffOnly: Access = ({ req: { user } }) => isStaff(user)

export const adminOnly: Access = ({ req: { user } }) => hasRole(user as WithRoles, 'admin')

export const adminOnlyField: FieldAccess = ({ req: { user } }) => hasRole(user as WithRoles, 'admin')

/** Admins see every account; everyone else only their own. */
export const adminOrSelf: Access = ({ req: { user } }) => {
  if (!user) return false
  if (hasRole(user as WithRoles, 'admin')) return true
  return { id: { equals: user.id } }
}

/** As adminOrSelf, but a read-only account (site-reader) cannot change even itself. */
export const adminOrStaffSelf: Access = (args) => (isStaff(args.req.user) ? adminOrSelf(args) : false)

/** Reference content without drafts (districts, stations, brands, media) is public. */
export const anyone: Access = () => true
