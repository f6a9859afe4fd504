import { ValidationError, type CollectionSlug, type FieldHook, type PayloadRequest, type RelationshipField, type Where } from 'payload'

import { districtScope, districtsAbove, isAdmin } from '../access/districtScope'
import { relationIds, type RelationValue } from './ids'

/**
 * Relationships in editorial records (related brands, stations, news, activities; a campaign's
 * districts) may point only at what the user may use: records of their districts' scope or of the
 * districts above theirs (a 街道 item may name its 区's brand), and — for news and activities —
 * only published ones, as drafts never show on a site. A save that adds anything else is refused
 * with a Chinese error on the field, drafts included (Payload validates relationships on publish
 * only). The admin's pickers are not limited yet (see usableRelation below). Links made before
 * stay: only ids a save adds are checked, so an editor can still save an older item.
 * Admins and server code (no user) are not limited. Uploads (media, documents) are shared by all
 * districts and are not scoped.
 */
type Options = { published?: boolean; districts?: 'scope' | 'scopeAndAbove' }

async function usableWhere(
  req: PayloadRequest,
  relationTo: CollectionSlug,
  { published = false, districts = 'scopeAndAbove' }: Options,
): Promise<Where | true> {
  if (!req.user || isAdmin(req.user)) return true
  const scope = (await districtScope(req)) as string[]
  const allowed = districts === 'scope' ? scope : [...scope, ...(await districtsAbove(req))]
  const inDistricts: Where = relationTo === 'districts' ? { id: { in: allowed } } : { district: { in: allowed } }
  return published ? { and: [inDistricts, { _status: { equals: 'published' } }] } : inDistricts
}

const refuseAdded =
  (relationTo: CollectionSlug, label: string, options: Options): FieldHook =>
  async ({ value, previousValue, req, collection, path }) => {
    if (!req.user || isAdmin(req.user) || value === undefined || value === null) return value
    const before = new Set(relationIds((Array.isArray(previousValue) ? previousValue : [previousValue]) as RelationValue[]).map(String))
    const added = relationIds((Array.isArray(value) ? value : [value]) as RelationValue[]).filter((id) => !before.has(String(id)))
    if (!added.length) return value
    const where = await usableWhere(req, relationTo, options)
    const { docs } = await req.payload.find({
      collection: relationTo,
      where: where === true ? { id: { in: added } } : { and: [{ id: { in: added } }, where] },
      depth: 0,
      pagination: false,
      overrideAccess: true,
      req,
    })
    const found = new Set(docs.map((d) => String(d.id)))
    const refused = added.filter((id) => !found.has(String(id)))
    if (!refused.length) return value
    const what = options.published
      ? '已发布的、您负责区域（或其上级区域）的内容'
      : options.districts === 'scope'
        ? '您负责的区域'
        : '您负责区域（或其上级区域）的内容'
    throw new ValidationError({
      collection: collection?.slug,
      errors: [
        {
          path: (path ?? []).join('.') || label,
          message: `${label}：只能选择${what}，编号 ${refused.join('、')} 不可选 / ${label}: only records you may use can be chosen (refused: ${refused.join(', ')})`,
        },
      ],
    })
  }

/** A relationship field limited to what the user may use (see above). */
export function usableRelation<F extends RelationshipField>(
  field: F & { relationTo: CollectionSlug; label: { zh: string; en: string } },
  options: Options = {},
): F {
  const relationTo = field.relationTo
  return {
    ...field,
    // No `filterOptions` (which would limit the admin's picker to the same records): with it on these
    // fields the edit view often kept showing the state from before a workflow step (审核通过 → no
    // 发布 until reloaded) — seen in 7 of 9 browser runs, never in 6 without. Until that is understood
    // the picker lists every record and the save refuses the ones not allowed (below).
    hooks: { ...field.hooks, beforeChange: [...(field.hooks?.beforeChange ?? []), refuseAdded(relationTo, field.label.zh, options)] },
  } as F
}
