/**
 * Collection hooks that ask the rebuild queue (./rebuildQueue.ts) to rebuild
 * the district sites a change is visible on: the document's district and all
 * its ancestors (a 区 site shows its 街道/镇), the previous district and its
 * ancestors when a document moved, and for campaigns their target districts.
 *
 * Only public changes count: for collections with drafts, saving a draft
 * (over a draft, or as a new draft version of a published document) changes
 * nothing a visitor sees; publishing, unpublishing, editing a published
 * document and deleting a published one do. Scheduled publishing runs through
 * the same update operation, so it triggers these hooks too.
 *
 * The hooks never throw: a rebuild problem must not fail an editor's save. The build they ask for
 * starts only after the save's transaction has ended (`transactionEnded`).
 */
import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, Payload, PayloadRequest, SanitizedCollectionConfig } from 'payload'

import { relationId, relationIds, type RelationValue } from '../fields/ids'
import { storedMainVersion } from '../fields/storedVersion'
import { rebuildQueue } from './rebuildQueue'
import { walkUpAsync } from '../../shared/districtTree'

/** Set `context.skipSiteRebuild = true` on an operation to save without rebuilding (e.g. bulk imports that rebuild once at the end). */
export const skipSiteRebuild = 'skipSiteRebuild'

export type RebuildAction = '发布' | '撤回' | '删除' | '更新'

type Doc = Record<string, unknown> & { id?: number | string }
type Id = number | string

const hasDrafts = (collection: Pick<SanitizedCollectionConfig, 'versions'> | undefined, doc: Doc | undefined) =>
  Boolean(collection?.versions && typeof collection.versions === 'object' && collection.versions.drafts) ||
  (doc !== undefined && '_status' in doc)

const isPublished = (doc: Doc | undefined | null) => doc?._status === 'published'

/**
 * What a save means for visitors, or null when it changes nothing public.
 * `mainStatus` reads the stored (non-draft) document's status: a draft saved
 * over a published document leaves that published version live.
 */
export async function classifyChange(args: {
  collection?: Pick<SanitizedCollectionConfig, 'versions'>
  doc: Doc
  previousDoc?: Doc | null
  operation: 'create' | 'update'
  mainStatus?: () => Promise<string | null | undefined>
  /** The save wrote the stored document (not only a draft version): `req.context.isDraftSave === false`. */
  wroteMainDocument?: boolean
  /** Whether any version of the document was ever published. */
  everPublished?: () => Promise<boolean>
}): Promise<RebuildAction | null> {
  const { collection, doc, previousDoc, operation } = args
  if (!hasDrafts(collection, doc)) return operation === 'create' ? '发布' : '更新'
  const was = operation === 'update' && isPublished(previousDoc)
  const is = isPublished(doc)
  if (is) return was ? '更新' : '发布'
  if (!was) {
    // Unpublishing an item with a pending draft: previousDoc is that draft, yet the stored document
    // was the published one — now it is a draft, so the item leaves the site.
    if (operation === 'update' && args.wroteMainDocument && args.everPublished && (await args.everPublished().catch(() => true)))
      return '撤回'
    return null // a draft over a draft (or a new draft): nothing public changed
  }
  // published → draft: an unpublish, unless it was only a new draft version of a still-published document.
  if (args.mainStatus) {
    const status = await args.mainStatus().catch(() => undefined)
    if (status === 'published') return null
  }
  return '撤回'
}

/** The district and every ancestor's slug, walking `parent` (depth 0, overrideAccess). */
export async function districtWithAncestors(payload: Payload, districtId: Id | null, req?: Partial<PayloadRequest>): Promise<string[]> {
  const slugs: string[] = []
  await walkUpAsync<Id>(districtId, async (id) => {
    const district = (await payload
      .findByID({ collection: 'districts', id, depth: 0, overrideAccess: true, req, disableErrors: true })
      .catch(() => null)) as Doc | null
    if (!district) return null
    if (typeof district.slug === 'string' && district.slug) slugs.push(district.slug)
    return relationId(district.parent as RelationValue)
  })
  return slugs
}

/** Slugs of the district sites a document appears on (before and after the change). */
export async function affectedDistricts(args: {
  payload: Payload
  collection: string
  doc: Doc
  previousDoc?: Doc | null
  req?: Partial<PayloadRequest>
  /** The document was deleted: a deleted district's own site cannot be built any more. */
  deleted?: boolean
}): Promise<string[]> {
  const { payload, collection, doc, previousDoc, req, deleted } = args
  const slugs = new Set<string>()
  const starts = new Set<string>()
  const add = async (id: Id | null) => {
    if (id === null || starts.has(String(id))) return
    starts.add(String(id))
    for (const slug of await districtWithAncestors(payload, id, req)) slugs.add(slug)
  }
  if (collection === 'districts') {
    // A district's own site, its ancestors' (they list and link it) and, if it moved, its old ancestors'.
    if (typeof doc.slug === 'string' && doc.slug && !deleted) slugs.add(doc.slug)
    await add(relationId(doc.parent as RelationValue))
    if (previousDoc) {
      if (typeof previousDoc.slug === 'string' && previousDoc.slug && previousDoc.slug === doc.slug) slugs.add(previousDoc.slug)
      await add(relationId(previousDoc.parent as RelationValue))
    }
    return [...slugs]
  }
  if (collection === 'co-publications') {
    // Co-publishing (信息报送): only the receiving district's site changes, and only when the item enters or leaves it.
    const shown = (d: Doc | null | undefined) => d?.state === 'accepted'
    if (deleted ? !shown(doc) : shown(doc) === shown(previousDoc)) return []
    for (const id of new Set([relationId(doc.target as RelationValue), relationId(previousDoc?.target as RelationValue)])) {
      if (id === null) continue
      const district = (await payload
        .findByID({ collection: 'districts', id, depth: 0, overrideAccess: true, req, disableErrors: true })
        .catch(() => null)) as Doc | null
      if (typeof district?.slug === 'string' && district.slug) slugs.add(district.slug)
    }
    return [...slugs]
  }
  await add(relationId(doc.district as RelationValue))
  if (previousDoc) await add(relationId(previousDoc.district as RelationValue))
  if (collection === 'campaigns') {
    // A campaign is also shown on the sites of its target districts (not their ancestors').
    const targets = new Set([
      ...relationIds(doc.targetDistricts as RelationValue[]),
      ...relationIds((previousDoc?.targetDistricts ?? []) as RelationValue[]),
    ])
    for (const id of targets) {
      const district = (await payload
        .findByID({ collection: 'districts', id, depth: 0, overrideAccess: true, req, disableErrors: true })
        .catch(() => null)) as Doc | null
      if (typeof district?.slug === 'string' && district.slug) slugs.add(district.slug)
    }
  }
  return [...slugs]
}

const collectionLabel = (collection: SanitizedCollectionConfig | undefined, slug: string): string => {
  const singular = collection?.labels?.singular
  if (typeof singular === 'string') return singular
  if (singular && typeof singular === 'object' && 'zh' in singular && typeof singular.zh === 'string') return singular.zh
  return slug
}

const docTitle = (collection: SanitizedCollectionConfig | undefined, doc: Doc): string => {
  const field = collection?.admin?.useAsTitle
  const value = (field && doc[field]) || doc.title || doc.name || doc.slug || doc.id
  return String(value ?? '')
}

/** e.g. `新闻「欣虹空间揭牌」发布`. */
export function describeTrigger(collection: SanitizedCollectionConfig | undefined, slug: string, doc: Doc, action: RebuildAction): string {
  return `${collectionLabel(collection, slug)}「${docTitle(collection, doc)}」${action}`
}

const logError = (payload: Payload | undefined, message: string, error: unknown) => {
  try {
    payload?.logger.error({ err: error, msg: `${message}: ${(error as Error)?.message ?? error}` })
  } catch {
    // nothing left to do
  }
}

/**
 * Settles when the save's transaction has ended: Payload removes `req.transactionID` once it
 * committed or rolled back. These hooks run inside that transaction, so a build started before it
 * commits reads the content as it was before the save (the queue makes the build wait for this).
 */
export function transactionEnded(req: Partial<PayloadRequest> | undefined): Promise<void> | undefined {
  const started = req?.transactionID
  if (!req || !started) return undefined
  return new Promise((resolve) => {
    const check = () => {
      const now = req.transactionID
      if (!now || (now !== started && !(started instanceof Promise))) resolve()
      else setTimeout(check, 25).unref()
    }
    check()
  })
}

/** Marks the hook functions, so a config can be checked for them (`isRebuildHook`). */
const hookTag = Symbol.for('dangjian.cms.rebuildSitesHook')
const tag = <T extends object>(hook: T): T => Object.assign(hook, { [hookTag]: true })
export const isRebuildHook = (hook: unknown): boolean =>
  typeof hook === 'function' && Boolean((hook as unknown as Record<symbol, unknown>)[hookTag])

/** afterChange hook for the content collections (stations, brands, news, activities, campaigns, districts). */
export function rebuildSitesAfterChange(): CollectionAfterChangeHook {
  return tag<CollectionAfterChangeHook>(async ({ collection, doc, previousDoc, operation, req, context }) => {
    try {
      const payload = req.payload
      const queue = rebuildQueue(payload)
      if (!queue || context?.[skipSiteRebuild]) return doc
      const slug = collection?.slug ?? ''
      const action = await classifyChange({
        collection,
        doc,
        previousDoc,
        operation,
        mainStatus: async () => {
          const main = await storedMainVersion(req, slug, doc.id)
          return (main as Doc | null)?._status as string | undefined
        },
        wroteMainDocument: req.context?.isDraftSave === false,
        everPublished: async () => {
          const { totalDocs } = await payload.countVersions({
            collection: slug,
            where: { and: [{ parent: { equals: doc.id } }, { 'version._status': { equals: 'published' } }] },
            req,
          })
          return totalDocs > 0
        },
      })
      if (!action) return doc
      const slugs = await affectedDistricts({ payload, collection: slug, doc, previousDoc, req })
      if (slugs.length) queue.request(slugs, describeTrigger(collection, slug, doc, action), { after: transactionEnded(req) })
    } catch (error) {
      logError(req?.payload, 'Could not schedule the district site rebuild after a save', error)
    }
    return doc
  })
}

/** afterDelete hook for the content collections. Deleting a never-published draft changes nothing public. */
export function rebuildSitesAfterDelete(): CollectionAfterDeleteHook {
  return tag<CollectionAfterDeleteHook>(async ({ collection, doc, req, context }) => {
    try {
      const payload = req.payload
      const queue = rebuildQueue(payload)
      if (!queue || context?.[skipSiteRebuild]) return doc
      if (hasDrafts(collection, doc) && !isPublished(doc)) return doc
      const slug = collection?.slug ?? ''
      const slugs = await affectedDistricts({ payload, collection: slug, doc, req, deleted: true })
      if (slugs.length) queue.request(slugs, describeTrigger(collection, slug, doc, '删除'), { after: transactionEnded(req) })
    } catch (error) {
      logError(req?.payload, 'Could not schedule the district site rebuild after a delete', error)
    }
    return doc
  })
}
