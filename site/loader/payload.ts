/**
 * The Payload → Astro content loader: the only way the site reaches content.
 *
 * Two sources behind one interface:
 *  - REST, when CMS_URL is set (headless: a remote CMS, API key in CMS_API_KEY);
 *  - the Local API in-process, against the embedded database, otherwise
 *    (a build needs no running server).
 * Either way it reads as an anonymous visitor would and additionally filters on
 * `_status = published`, so drafts and scheduled-but-unpublished versions never
 * reach a page. Entries carry a digest of `updatedAt`; unchanged entries are
 * neither re-fetched nor re-parsed, and entries gone from the CMS are removed.
 */
import type { Loader, LoaderContext } from 'astro/loaders'
import { stringify } from 'qs-esm'

export type SiteCollection = 'districts' | 'stations' | 'brands' | 'news' | 'activities' | 'campaigns' | 'media'

/** Collections with drafts: only their published versions are public. */
const versioned = new Set<SiteCollection>(['news', 'activities', 'campaigns'])
/** Collections that belong to a district, and so are scoped to the site's district and its descendants. */
const districtScoped = new Set<SiteCollection>(['stations', 'brands', 'news', 'activities', 'campaigns'])
/** Bump when toEntryData changes shape, so stored entries are rebuilt rather than trusted. */
const entryFormat = 1
/** Fields that pages never show: the body (pages get bodyHtml instead) and editor-only ones. */
const privateFields = ['sources', 'body']
/** Editor-only fields, not even read from the database (anonymous reads get them empty anyway). */
const editorOnly: Partial<Record<SiteCollection, string[]>> = {
  news: ['sources', 'reviewState', 'rejectReason', 'confirmWarnings', 'reviewLog'],
  activities: ['sources', 'reviewState', 'rejectReason', 'confirmWarnings', 'reviewLog'],
  campaigns: ['sources', 'reviewState', 'rejectReason', 'confirmWarnings', 'reviewLog'],
  stations: ['sources'],
  brands: ['sources'],
  districts: ['sources'],
}
const withoutEditorOnly = (collection: SiteCollection): Record<string, boolean> | undefined =>
  editorOnly[collection] ? Object.fromEntries(editorOnly[collection].map((f) => [f, false])) : undefined

type Id = number | string
type Where = Record<string, unknown>
type Doc = Record<string, any> & { id: Id; updatedAt: string }

export interface ContentSource {
  readonly kind: 'rest' | 'local'
  /** id + updatedAt (and any `fields` asked for) of every public document matching `where`. */
  list(collection: SiteCollection, where: Where, fields?: string[]): Promise<({ id: Id; updatedAt: string } & Record<string, any>)[]>
  /** Full documents (relationships as ids) for the given ids. */
  fetch(collection: SiteCollection, ids: Id[]): Promise<Doc[]>
}

const listSelect = (fields: string[]): Record<string, true> => Object.fromEntries(['updatedAt', ...fields].map((f) => [f, true]))

const publicWhere = (collection: SiteCollection, where: Where): Where =>
  versioned.has(collection) ? { and: [where, { _status: { equals: 'published' } }] } : where

/** Where a build script leaves its open Payload for the loader (see scripts/lib/payload.ts). */
export const sharedPayloadKey = Symbol.for('dangjian.site-build.payload')

/** Reads through Payload's Local API as an anonymous visitor (overrideAccess: false). */
export function localSource(): ContentSource {
  let payloadPromise: Promise<import('payload').Payload> | undefined
  const payload = () =>
    (payloadPromise ??= (async () => {
      // A build run inside scripts/build-sites.ts uses that process's open Payload: importing the
      // config again here (through Vite) would cost seconds on every build.
      const handedOver = (globalThis as Record<symbol, import('payload').Payload | undefined>)[sharedPayloadKey]
      if (handedOver) return handedOver
      const [{ getPayload }, { default: config }] = await Promise.all([import('payload'), import('../../cms/payload.config')])
      return getPayload({ config })
    })())
  const read = async (collection: SiteCollection, where: Where, select: Record<string, boolean> | undefined = withoutEditorOnly(collection)) => {
    const result = await (await payload()).find({
      collection,
      where: publicWhere(collection, where) as never,
      depth: 0,
      pagination: false,
      overrideAccess: false,
      draft: false,
      select: select as never,
    })
    return result.docs as unknown as Doc[]
  }
  return {
    kind: 'local',
    list: (collection, where, fields = []) => read(collection, where, listSelect(fields)),
    fetch: (collection, ids) => (ids.length ? read(collection, { id: { in: ids } }) : Promise.resolve([])),
  }
}

/** Reads over REST from a running CMS. The API key identifies the build; the where clause still limits it to published content. */
export function restSource(baseUrl: string, apiKey = process.env.CMS_API_KEY): ContentSource {
  const root = baseUrl.replace(/\/+$/, '')
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (apiKey) headers.Authorization = `users API-Key ${apiKey}`
  const read = async (collection: SiteCollection, where: Where, select: Record<string, boolean> | undefined = withoutEditorOnly(collection)) => {
    const docs: Doc[] = []
    for (let page = 1; ; page++) {
      const query = stringify(
        { where: publicWhere(collection, where), depth: 0, limit: 500, page, draft: false, ...(select ? { select } : {}) },
        { addQueryPrefix: true },
      )
      const response = await fetch(`${root}/api/${collection}${query}`, { headers })
      if (!response.ok) {
        throw new Error(`CMS_URL: GET ${root}/api/${collection} answered ${response.status} ${response.statusText}`)
      }
      const body = (await response.json()) as { docs: Doc[]; hasNextPage: boolean }
      docs.push(...body.docs)
      if (!body.hasNextPage) return docs
    }
  }
  return {
    kind: 'rest',
    list: (collection, where, fields = []) => read(collection, where, listSelect(fields)),
    fetch: async (collection, ids) => {
      const docs: Doc[] = []
      for (let i = 0; i < ids.length; i += 100) docs.push(...(await read(collection, { id: { in: ids.slice(i, i + 100) } })))
      return docs
    },
  }
}

export function defaultSource(): ContentSource {
  return process.env.CMS_URL ? restSource(process.env.CMS_URL) : localSource()
}

/** The district a build is for: `SITE_DISTRICT` (set by scripts/build-sites.ts). */
export function siteDistrictSlug(): string {
  const slug = process.env.SITE_DISTRICT
  if (!slug) throw new Error('SITE_DISTRICT is not set: build district sites with `npm run build:sites`')
  return slug
}

/** The site's district and every district below it (a 区 site also shows its 街道/镇). */
export async function districtScope(source: ContentSource, slug: string, districts?: Doc[]): Promise<{ self: Doc; ids: Id[] }> {
  const all = districts ?? (await source.fetch('districts', (await source.list('districts', {})).map((d) => d.id)))
  const self = all.find((d) => d.slug === slug)
  if (!self) throw new Error(`SITE_DISTRICT="${slug}" is not a district in the CMS`)
  const ids: Id[] = [self.id]
  for (let i = 0; i < ids.length; i++) {
    for (const d of all) if (d.parent === ids[i] && !ids.includes(d.id)) ids.push(d.id)
  }
  return { self, ids }
}

async function scopeWhere(collection: SiteCollection, source: ContentSource, slug: string): Promise<Where> {
  if (!districtScoped.has(collection)) return {}
  const { self, ids } = await districtScope(source, slug)
  const inScope = { district: { in: ids } }
  // Campaigns may also target a district explicitly.
  return collection === 'campaigns' ? { or: [inScope, { targetDistricts: { contains: self.id } }] } : inScope
}

/** Rich text becomes HTML once, at load time, so pages only place it. */
async function toEntryData(doc: Doc): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = { ...doc }
  if (doc.body && typeof doc.body === 'object') {
    const { convertLexicalToHTML } = await import('@payloadcms/richtext-lexical/html')
    data.bodyHtml = convertLexicalToHTML({ data: doc.body, disableContainer: true })
  }
  for (const field of privateFields) delete data[field]
  return data
}

export type LoadStats = { changed: number; unchanged: number; removed: number }

/** Loads one collection into Astro's store; exported separately so tests can run it with a plain store. */
export async function loadCollection(
  collection: SiteCollection,
  context: Pick<LoaderContext, 'store' | 'meta' | 'logger' | 'parseData' | 'generateDigest'>,
  { source = defaultSource(), district = siteDistrictSlug() }: { source?: ContentSource; district?: string } = {},
): Promise<LoadStats> {
  const { store, meta, logger, parseData, generateDigest } = context
  const where = await scopeWhere(collection, source, district)
  const listed = await source.list(collection, where)
  // A store built for another district or source must not be reused.
  const scopeKey = `${source.kind}:${district}`
  if (meta.get('scope') !== scopeKey) {
    store.clear()
    meta.set('scope', scopeKey)
  }

  const digests = new Map(listed.map((d) => [String(d.id), generateDigest(`v${entryFormat}:${d.id}@${d.updatedAt}`)]))
  const stale = listed.filter((d) => store.get(String(d.id))?.digest !== digests.get(String(d.id)))
  const docs = await source.fetch(collection, stale.map((d) => d.id))
  for (const doc of docs) {
    const id = String(doc.id)
    const data = await parseData({ id, data: await toEntryData(doc) })
    store.set({ id, data, digest: digests.get(id) })
  }
  let removed = 0
  for (const id of store.keys()) {
    if (!digests.has(id)) {
      store.delete(id)
      removed++
    }
  }
  meta.set('lastLoadedAt', new Date().toISOString())
  const stats = { changed: docs.length, unchanged: listed.length - stale.length, removed }
  logger.info(`${collection}: ${stats.changed} loaded, ${stats.unchanged} unchanged, ${stats.removed} removed (${source.kind})`)
  return stats
}

export function payloadLoader(collection: SiteCollection): Loader {
  return { name: `payload-${collection}`, load: (context) => loadCollection(collection, context).then(() => undefined) }
}

export type { Activity, Brand, Campaign, District, Media, News, Station } from '../../cms/payload-types'
