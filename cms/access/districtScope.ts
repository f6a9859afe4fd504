import type { Access, FieldAccess, PayloadRequest, Where } from 'payload'

import type { UserRole } from '../../shared/vocabulary'
import { relationIds, type RelationValue } from '../fields/ids'
import { walkUp, withDescendants } from '../../shared/districtTree'

/**
 * Per-district tenancy. A user's scope is the districts assigned to them plus
 * every district below those (an editor of 闵行区 also acts on 新虹街道). Admins
 * have no limit. Computed once per request and kept in req.context.
 */
type ScopedUser = { id: number | string; roles?: UserRole[] | null; districts?: RelationValue[] | null }

export const isAdmin = (user: unknown): boolean => Boolean((user as ScopedUser | null)?.roles?.includes('admin'))
export const hasAnyRole = (user: unknown, ...roles: UserRole[]) => roles.some((role) => (user as ScopedUser | null)?.roles?.includes(role))
/** Content editors (not admins) are district editors and writers. */
export const isContentUser = (user: unknown) => hasAnyRole(user, 'district-editor', 'writer')

/** Every district's parent, read once per request (the tree is small: one row per 区/街道/镇). */
async function parentsById(req: PayloadRequest): Promise<Map<string, string | null>> {
  const cached = req.context.districtParents as Map<string, string | null> | undefined
  if (cached) return cached
  const { docs } = await req.payload.find({
    collection: 'districts',
    depth: 0,
    pagination: false,
    overrideAccess: true,
    select: { parent: true },
    req,
  })
  const parents = new Map(docs.map((d) => [String(d.id), d.parent == null ? null : String(relationIds([d.parent as RelationValue])[0])]))
  req.context.districtParents = parents
  return parents
}

export async function districtScope(req: PayloadRequest): Promise<'all' | string[]> {
  const user = req.user as ScopedUser | null
  if (!user) return []
  if (isAdmin(user)) return 'all'
  const cacheKey = `districtScope:${user.id}`
  const cached = req.context[cacheKey] as string[] | undefined
  if (cached) return cached
  const parents = await parentsById(req)
  const nodes = [...parents].map(([id, parent]) => ({ id, parent }))
  const scope = withDescendants(relationIds(user.districts).map(String), nodes)
  req.context[cacheKey] = scope
  return scope
}

/** The districts above the user's own (an editor of 新虹街道 works under 闵行区's rules, e.g. its word list). */
export async function districtsAbove(req: PayloadRequest): Promise<string[]> {
  const user = req.user as ScopedUser | null
  if (!user) return []
  const parents = await parentsById(req)
  const above: string[] = []
  for (const own of relationIds(user.districts).map(String)) {
    for (const current of walkUp(parents.get(own), (id) => parents.get(id))) {
      if (above.includes(current)) break
      above.push(current)
    }
  }
  return above
}

/**
 * The districts a stored record belongs to: content's `district`, a co-publication's origin and
 * target, a district itself. Undefined when there is no record (a permission probe before a create).
 */
function recordDistricts(doc: Record<string, unknown> | undefined): RelationValue[] | undefined {
  // No id: not a stored record but the admin's permission probe for a new one (the create view).
  if (!doc || doc.id === undefined || doc.id === null) return undefined
  if ('district' in doc) return [doc.district as RelationValue]
  if ('origin' in doc || 'target' in doc) return [doc.origin as RelationValue, doc.target as RelationValue]
  if ('level' in doc && doc.id !== undefined) return [doc.id as RelationValue]
  return []
}

/**
 * Editor-only fields (review notes, sources, logs): staff of the record's own districts only —
 * never the public, the site builder's key, or staff of another district reading a published item.
 */
export const staffOfRecordField: FieldAccess = async ({ req, doc }) => {
  if (isAdmin(req.user)) return true
  if (!isContentUser(req.user)) return false
  const districts = recordDistricts(doc as Record<string, unknown> | undefined)
  if (districts === undefined) return true
  const scope = (await districtScope(req)) as string[]
  return relationIds(districts).some((id) => scope.includes(String(id)))
}

export async function inScope(req: PayloadRequest, district: RelationValue): Promise<boolean> {
  const scope = await districtScope(req)
  if (scope === 'all') return true
  const id = relationIds([district])[0]
  return id !== undefined && scope.includes(String(id))
}

const scopeWhere = (scope: string[]): Where => ({ district: { in: scope } })

/**
 * Reads: visitors see published content; signed-in users also see drafts of
 * their own districts — never another district's drafts.
 */
export const readContent =
  (versioned: boolean): Access =>
  async ({ req }) => {
    if (isAdmin(req.user)) return true
    const published: Where = { _status: { equals: 'published' } }
    if (!versioned) return true
    if (!req.user) return published
    return { or: [published, scopeWhere((await districtScope(req)) as string[])] }
  }

/** Create only inside one's own districts (the district field is checked again on every save). */
export const createContent: Access = async ({ req, data }) => {
  if (isAdmin(req.user)) return true
  if (!isContentUser(req.user)) return false
  // Without data (the admin asking "may I create at all?") the answer is yes; the save itself is checked.
  return data?.district === undefined ? true : inScope(req, data.district)
}

export const updateContent: Access = async ({ req }) => {
  if (isAdmin(req.user)) return true
  if (!isContentUser(req.user)) return false
  return scopeWhere((await districtScope(req)) as string[])
}

/**
 * Deletes: editors within their scope; writers only their districts'
 * unpublished drafts (and never reference records without drafts).
 */
export const deleteContent =
  (versioned: boolean): Access =>
  async ({ req }) => {
    if (isAdmin(req.user)) return true
    const scope = (await districtScope(req)) as string[]
    if (hasAnyRole(req.user, 'district-editor')) return scopeWhere(scope)
    if (hasAnyRole(req.user, 'writer') && versioned) return { and: [scopeWhere(scope), { _status: { not_equals: 'published' } }] }
    return false
  }

/** Version history follows the same rule as drafts. */
export const readVersionsInScope: Access = async ({ req }) => {
  if (isAdmin(req.user)) return true
  if (!req.user) return false
  return { 'version.district': { in: (await districtScope(req)) as string[] } }
}
