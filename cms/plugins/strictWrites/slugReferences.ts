import type { CollectionSlug, PayloadRequest, Where } from 'payload'

import type { IdReference, Problem, SlugReference } from './checkData'

const hasSlugField = (req: PayloadRequest, collection: string) =>
  Boolean(req.payload.collections[collection as CollectionSlug]?.config.flattenedFields.some((f) => f.name === 'slug'))

/**
 * Turns `{"slug": "hongmei"}` (or `"hongmei"`) into the id of the record with that slug, read as the
 * writing user (what they cannot read, they cannot refer to). Slugs of stations, news … are unique
 * within a district only, so `{"slug": "…", "district": "<district slug>"}` picks one when two match.
 */
export async function resolveSlugReferences(req: PayloadRequest, references: SlugReference[]): Promise<Problem[]> {
  const problems: Problem[] = []
  for (const ref of references) {
    const targets = ref.targets.filter((target) => hasSlugField(req, target))
    if (targets.length === 0) {
      problems.push({
        path: ref.path,
        message: `${ref.path} 的目标（${ref.targets.join('/')}）没有网址别名，请用数字 id，收到 "${ref.slug}" / ${ref.path} takes a numeric id (${ref.targets.join('/')} has no slug), got "${ref.slug}"`,
      })
      continue
    }
    const conditions: Where[] = [{ slug: { equals: ref.slug } }]
    if (ref.district) conditions.push({ 'district.slug': { equals: ref.district } })
    const found: (number | string)[] = []
    for (const target of targets) {
      const result = await req.payload.find({
        collection: target as CollectionSlug,
        where: { and: conditions },
        depth: 0,
        limit: 2,
        pagination: false,
        select: {},
        overrideAccess: false,
        user: req.user,
        req,
      })
      found.push(...result.docs.map((d) => d.id))
    }
    const where = ref.district ? `（区域 ${ref.district}）` : ''
    const whereEn = ref.district ? ` in district ${ref.district}` : ''
    if (found.length === 1) ref.set(found[0])
    else if (found.length === 0) {
      problems.push({
        path: ref.path,
        message: `${ref.path}：找不到网址别名为 "${ref.slug}" 的${targets.join('/')}${where} / ${ref.path}: no ${targets.join('/')} with slug "${ref.slug}"${whereEn}`,
      })
    } else {
      problems.push({
        path: ref.path,
        message: `${ref.path}：有多条记录的网址别名为 "${ref.slug}"，请写成 {"slug": "${ref.slug}", "district": "<区域别名>"} 或用 id / ${ref.path}: several records have slug "${ref.slug}"; add "district": "<district slug>" or use the id`,
      })
    }
  }
  return problems
}

/** Ids that name no record (of any status, whoever may read it): refused instead of the foreign-key failure. */
export async function checkIdReferences(req: PayloadRequest, references: IdReference[]): Promise<Problem[]> {
  const problems: Problem[] = []
  const byTarget = new Map<string, IdReference[]>()
  for (const ref of references) byTarget.set(ref.target, [...(byTarget.get(ref.target) ?? []), ref])
  for (const [target, refs] of byTarget) {
    const ids = [...new Set(refs.map((r) => r.id))]
    const result = await req.payload.find({
      collection: target as CollectionSlug,
      where: { id: { in: ids } },
      depth: 0,
      limit: ids.length,
      pagination: false,
      select: {},
      overrideAccess: true,
      req,
    })
    const found = new Set(result.docs.map((d) => String(d.id)))
    for (const ref of refs) {
      if (!found.has(String(ref.id)))
        problems.push({
          path: ref.path,
          message: `${ref.path}：找不到 id 为 ${ref.id} 的${target} / ${ref.path}: no ${target} with id ${ref.id}`,
        })
    }
  }
  return problems
}
