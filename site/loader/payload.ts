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

import { bodyToHtml } from './richText'
import { parseEntry, siteSchemas } from './schema'
import { withDescendants } from '../../shared/districtTree'
import { fillUntitled } from '../lib/untitled'

export type SiteCollection = 'districts' | 'stations' | 'brands' | 'news' | 'activities' | 'campaigns' | 'media' | 'documents'
/** Read by the loader but not a collection of the site: which 街道 items a 区 site shows (信息报送). */
type ListedCollection = SiteCollection | 'co-publications'

/** Collections with drafts: only their published versions are public. */
const versioned = new Set<SiteCollection>(['news', 'activities', 'campaigns'])
/** Collections that belong to a district, and so are scoped to the site's district and its descendants. */
const districtScoped = new Set<SiteCollection>(['stations', 'brands', 'news', 'activities', 'campaigns'])
/** Bump when toEntryData or the schema (./schema.ts) changes, so stored entries are rebuilt and checked rather than trusted. */
const entryFormat = 7
/** Fields that pages never show: the body (pages get bodyHtml instead) and editor-only ones. */
const privateFields = ['sources', 'body']
/**
 * Editor-only fields (anonymous reads get them empty anyway), removed from entries after reading:
 * full documents are read without a `select`, because Payload 3.90 drops an array row's field named
 * `label` (station milestones) whenever a select excludes any field.
 */
const editorOnly: Partial<Record<SiteCollection, string[]>> = {
  news: ['sources', 'reviewState', 'rejectReason', 'confirmWarnings', 'reviewLog'],
  activities: ['sources', 'reviewState', 'rejectReason', 'confirmWarnings', 'reviewLog'],
  campaigns: ['sources', 'reviewState', 'rejectReason', 'confirmWarnings', 'reviewLog'],
  stations: ['sources'],
  brands: ['sources'],
  districts: ['sources'],
}
type Id = number | string
type Where = import('payload').Where
// Documents of every site collection as Payload returns them; pages read them through site/lib/content.ts.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any> & { id: Id; updatedAt: string }

export interface ContentSource {
  readonly kind: 'rest' | 'local'
  /** id + updatedAt (and any `fields` asked for) of every public document matching `where`. */
  list(collection: ListedCollection, where: Where, fields?: string[]): Promise<Doc[]>
  /** Full documents (relationships as ids) for the given ids; `english` reads their English fields only (no fallback to Chinese). */
  fetch(collection: SiteCollection, ids: Id[], english?: boolean): Promise<Doc[]>
}

/** The fields editors may write in English too (Payload localization, cms/payload.config.ts). */
const localizedFields: Partial<Record<SiteCollection, string[]>> = {
  districts: ['name', 'summary'],
  stations: ['name', 'summary', 'body'],
  brands: ['name', 'summary', 'body'],
  news: ['title', 'summary', 'body'],
  activities: ['title', 'summary', 'body'],
  campaigns: ['title', 'summary'],
}
const englishSelect = (collection: SiteCollection) => Object.fromEntries((localizedFields[collection] ?? []).map((f) => [f, true]))

const listSelect = (fields: string[]): Record<string, true> => Object.fromEntries(['updatedAt', ...fields].map((f) => [f, true]))

const publicWhere = (collection: ListedCollection, where: Where): Where =>
  versioned.has(collection as SiteCollection) ? { and: [where, { _status: { equals: 'published' } }] } : where

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
  const read = async (collection: ListedCollection, where: Where, select?: Record<string, boolean>, english = false) => {
    const result = await (
      await payload()
    ).find({
      collection,
      where: publicWhere(collection, where),
      depth: 0,
      pagination: false,
      overrideAccess: false,
      draft: false,
      select,
      ...(english ? { locale: 'en', fallbackLocale: false } : {}),
    })
    const docs: Doc[] = result.docs
    return docs
  }
  return {
    kind: 'local',
    list: (collection, where, fields = []) => read(collection, where, listSelect(fields)),
    fetch: (collection, ids, english = false) =>
      ids.length ? read(collection, { id: { in: ids } }, english ? englishSelect(collection) : undefined, english) : Promise.resolve([]),
  }
}

/** Reads over REST from a running CMS. The API key identifies the build; the where clause still limits it to published content. */
export function restSource(baseUrl: string, apiKey = process.env.CMS_API_KEY): ContentSource {
  const root = baseUrl.replace(/\/+$/, '')
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (apiKey) headers.Authorization = `users API-Key ${apiKey}`
  const read = async (collection: ListedCollection, where: Where, select?: Record<string, boolean>, english = false) => {
    const docs: Doc[] = []
    for (let page = 1; ; page++) {
      const locale = english ? { locale: 'en', 'fallback-locale': 'none' } : {}
      const query = stringify(
        { where: publicWhere(collection, where), depth: 0, limit: 500, page, draft: false, ...(select ? { select } : {}), ...locale },
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
    fetch: async (collection, ids, english = false) => {
      const docs: Doc[] = []
      for (let i = 0; i < ids.length; i += 100) {
        docs.push(
          ...(await read(collection, { id: { in: ids.slice(i, i + 100) } }, english ? englishSelect(collection) : undefined, english)),
        )
      }
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
export async function siteScope(source: ContentSource, slug: string, districts?: Doc[]): Promise<{ self: Doc; ids: Id[] }> {
  const all =
    districts ??
    (await source.fetch(
      'districts',
      (await source.list('districts', {})).map((d) => d.id),
    ))
  const self = all.find((d) => d.slug === slug)
  if (!self) throw new Error(`SITE_DISTRICT="${slug}" is not a district in the CMS`)
  return { self, ids: withDescendants([self.id], all) }
}

/** News and activities: a site shows its own and, since co-publishing (信息报送), only those of the districts below it that it accepted. */
const coPublishable = new Set<SiteCollection>(['news', 'activities'])
const relationValueId = (value: Id | { id: Id }): Id => (typeof value === 'object' ? value.id : value)

async function scopeWhere(collection: SiteCollection, source: ContentSource, slug: string): Promise<Where> {
  if (!districtScoped.has(collection)) return {}
  const { self, ids } = await siteScope(source, slug)
  if (coPublishable.has(collection)) {
    const own = { district: { equals: self.id } }
    const accepted = await source.list('co-publications', { and: [{ target: { equals: self.id } }, { state: { equals: 'accepted' } }] }, [
      'item',
    ])
    const acceptedIds = accepted.filter((c) => c.item?.relationTo === collection).map((c) => relationValueId(c.item.value))
    return acceptedIds.length ? { or: [own, { id: { in: acceptedIds } }] } : own
  }
  const inScope = { district: { in: ids } }
  // Campaigns may also target a district explicitly.
  return collection === 'campaigns' ? { or: [inScope, { targetDistricts: { contains: self.id } }] } : inScope
}

/**
 * Rich text becomes HTML once, at load time, so pages only place it. A document with an English
 * name or title also carries `en` ({ title | name, summary, bodyHtml }): the sites make English
 * pages for exactly those documents.
 */
export async function toEntryData(collection: SiteCollection, doc: Doc, english?: Doc): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = { ...doc }
  data.bodyHtml = await bodyToHtml(doc.body)
  fillUntitled(collection, data)
  if (english && (english.title || english.name)) {
    data.en = { title: english.title, name: english.name, summary: english.summary || undefined, bodyHtml: await bodyToHtml(english.body) }
  }
  for (const field of privateFields) delete data[field]
  for (const field of editorOnly[collection] ?? []) delete data[field]
  return data
}

export type LoadStats = { changed: number; unchanged: number; removed: number }

/** The parts of Astro's loader context loadCollection uses (the preview renderer and tests pass in-memory ones). */
export type LoadContext = {
  store: {
    get(id: string): { digest?: string | number } | undefined
    set(entry: { id: string; data: Record<string, unknown>; digest?: string }): boolean
    delete(id: string): void
    clear(): void
    keys(): string[]
  }
  meta: { get(key: string): string | undefined; set(key: string, value: string): void }
  logger: { info(message: string): void }
  parseData<T extends Record<string, unknown>>(props: { id: string; data: T }): Promise<T>
  generateDigest: LoaderContext['generateDigest']
}

/** Loads one collection into Astro's store; exported separately so tests can run it with a plain store. */
export async function loadCollection(
  collection: SiteCollection,
  context: LoadContext,
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
  const docs = await source.fetch(
    collection,
    stale.map((d) => d.id),
  )
  const english = localizedFields[collection]
    ? new Map(
        (
          await source.fetch(
            collection,
            stale.map((d) => d.id),
            true,
          )
        ).map((d) => [String(d.id), d]),
      )
    : undefined
  for (const doc of docs) {
    const id = String(doc.id)
    // The site's schema first (a refusal in Chinese naming the document and field), then Astro's own parse.
    const checked = parseEntry(siteSchemas[collection], collection, id, await toEntryData(collection, doc, english?.get(id)))
    const data = await parseData({ id, data: checked })
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
