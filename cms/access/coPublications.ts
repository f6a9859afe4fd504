import type { Access, Where } from 'payload'

import { districtScope, isAdmin, isContentUser } from './districtScope'

/**
 * Access to co-publications (信息报送). A record is the business of two districts:
 * the origin (报送单位) and the receiving parent (接收单位). Which step a user may
 * take (submit, accept, decline, withdraw) is decided by the rules in
 * cms/review/coPublishing.ts; these predicates only say whose records one may touch.
 */

const eitherSideInScope = (scope: string[]): Where => ({ or: [{ origin: { in: scope } }, { target: { in: scope } }] })

/** An accepted co-publication is public (the site loader reads it); the rest only for the two districts' staff. */
export const readCoPublications: Access = async ({ req }) => {
  if (isAdmin(req.user)) return true
  const accepted: Where = { state: { equals: 'accepted' } }
  if (!isContentUser(req.user)) return accepted
  return { or: [accepted, eitherSideInScope((await districtScope(req)) as string[])] }
}

/** Writers and editors may submit; whether the item is theirs is checked on save (the item decides the origin). */
export const createCoPublication: Access = ({ req }) => isAdmin(req.user) || isContentUser(req.user)

/** Staff of either district; the step itself is checked on save. */
export const updateCoPublication: Access = async ({ req }) => {
  if (isAdmin(req.user)) return true
  if (!isContentUser(req.user)) return false
  return eitherSideInScope((await districtScope(req)) as string[])
}
