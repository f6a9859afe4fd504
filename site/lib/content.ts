/**
 * Typed access to what the loader put in Astro's store, with lookups by id
 * and the site's own district. Everything here is already public and
 * district-scoped (see site/loader/payload.ts).
 */
import { getCollection } from 'astro:content'
import type { z } from 'astro/zod'

import type { SiteCollection } from '../loader/payload'
import { parseEntry, siteSchemas, type englishSchema } from '../loader/schema'
import { isCampaignRunning } from '../../shared/campaigns'
import { descendantsDepthFirst, walkUp } from '../../shared/districtTree'
import { currentPreviewDataset, type PreviewDataset } from '../preview/handoff'

/** An entry's data as the loader's schema (site/loader/schema.ts) leaves it: the types pages work with. */
type SiteData<C extends SiteCollection> = z.output<(typeof siteSchemas)[C]>
/** English fields of a translated document (see the loader's toEntryData). */
export type English = z.output<typeof englishSchema>
export type SiteDistrict = SiteData<'districts'>
export type SiteNews = SiteData<'news'>
export type SiteActivity = SiteData<'activities'>
export type SiteStation = SiteData<'stations'>
export type SiteBrand = SiteData<'brands'>
export type SiteCampaign = SiteData<'campaigns'>

/** The collections a relationship on a page may point at, by the data their entries hold. */
type Linkable = {
  districts: SiteDistrict
  stations: SiteStation
  brands: SiteBrand
  news: SiteNews
  activities: SiteActivity
  media: SiteData<'media'>
  documents: SiteData<'documents'>
}
type Maps = { [K in keyof Linkable]: Map<string, Linkable[K]> }

type Id = number | string
/** A relationship value: an id (depth 0), a document with its id, or empty. */
export type Ref = Id | { id: Id } | null | undefined

export const refId = (ref: Ref): Id | undefined => (ref === null || ref === undefined ? undefined : typeof ref === 'object' ? ref.id : ref)

const byId = <T extends { id: Id }>(docs: T[]) => new Map(docs.map((d) => [String(d.id), d]))
const dateOf = (value: { date?: string | null } | null | undefined) => (value?.date ? Date.parse(value.date) : 0)

/** Entry digests (from the loader's updatedAt digests), by collection and id: the basis of page cache keys. */
const digests = new Map<string, string>()

/** Preview (site/preview/): the renderer's dataset — published content with the draft in place — instead of Astro's store. */
const previewDataset = currentPreviewDataset

async function load(preview = previewDataset()) {
  // Every entry is checked against its collection's schema here, store and preview alike: the data
  // then has the schema's types, with nothing taken on trust (the loader checked the store's already).
  const data = async <S extends z.ZodType>(name: SiteCollection, schema: S) => {
    const entries: { id: string; data: unknown; digest?: string }[] = preview ? (preview.entries[name] ?? []) : await getCollection(name)
    return entries.map((e) => {
      digests.set(`${name}:${e.id}`, e.digest ?? '')
      return parseEntry(schema, name, e.id, e.data)
    })
  }
  const [districts, stations, brands, news, activities, campaigns, media, documents] = await Promise.all([
    data('districts', siteSchemas.districts),
    data('stations', siteSchemas.stations),
    data('brands', siteSchemas.brands),
    data('news', siteSchemas.news),
    data('activities', siteSchemas.activities),
    data('campaigns', siteSchemas.campaigns),
    data('media', siteSchemas.media),
    data('documents', siteSchemas.documents),
  ])
  const slug = preview ? preview.district : process.env.SITE_DISTRICT
  const district = districts.find((d) => d.slug === slug)
  if (!district) throw new Error(`SITE_DISTRICT="${slug}" is not among the loaded districts`)
  news.sort((a, b) => dateOf(b.publishedOn) - dateOf(a.publishedOn) || a.title.localeCompare(b.title, 'zh'))
  activities.sort((a, b) => dateOf(b.date) - dateOf(a.date) || a.title.localeCompare(b.title, 'zh'))
  campaigns.sort((a, b) => dateOf(b.startsOn) - dateOf(a.startsOn))
  stations.sort((a, b) => a.name.localeCompare(b.name, 'zh'))
  brands.sort((a, b) => a.name.localeCompare(b.name, 'zh'))
  const maps: Maps = {
    districts: byId(districts),
    stations: byId(stations),
    brands: byId(brands),
    news: byId(news),
    activities: byId(activities),
    media: byId(media),
    documents: byId(documents),
  }
  return {
    district,
    districts,
    stations,
    brands,
    news,
    activities,
    campaigns,
    media,
    maps,
  }
}

let cached: ReturnType<typeof load> | undefined
const previewLoads = new WeakMap<PreviewDataset, ReturnType<typeof load>>()
/** All of the site's content, loaded once per build (once per preview render in the preview renderer). */
export const site = () => {
  const preview = previewDataset()
  if (!preview) return (cached ??= load())
  let loaded = previewLoads.get(preview)
  if (!loaded) previewLoads.set(preview, (loaded = load(preview)))
  return loaded
}

/** Resolves a relationship to a loaded document, or undefined when it is not part of this site. */
export async function resolve<K extends keyof Maps>(kind: K, ref: Ref): Promise<Linkable[K] | undefined> {
  const id = refId(ref)
  if (id === undefined) return undefined
  const map: Maps[K] = (await site()).maps[kind]
  return map.get(String(id))
}
/** Whether a relationship value (one ref or a list) points at the document with this id. */
export const refersTo = (id: Id, refs: Ref | Ref[] | null | undefined): boolean =>
  (Array.isArray(refs) ? refs : [refs]).some((ref) => ref != null && String(refId(ref)) === String(id))

export async function resolveAll<K extends keyof Maps>(kind: K, refs: Ref[] | null | undefined) {
  const docs = await Promise.all((refs ?? []).map((ref) => resolve(kind, ref)))
  return docs.filter((d): d is NonNullable<typeof d> => d !== undefined)
}

/**
 * Incremental builds: a detail page is re-rendered only when its cache key
 * changes. The key covers every document the page shows (its own, the ones it
 * links to or lists, the site's district and the set of sites), so an edit to
 * any of them re-renders it and nothing else does.
 */
export async function pageCacheKey(parts: { collection: SiteCollection; docs: ({ id: Id } | null | undefined)[] }[]): Promise<string> {
  const { district } = await site()
  const keys = [`districts:${district.id}`, ...parts.flatMap((p) => p.docs.filter(Boolean).map((d) => `${p.collection}:${d!.id}`))]
  const material = [...keys.map((k) => `${k}=${digests.get(k) ?? '?'}`), `sites=${builtSites().join(',')}`].join('|')
  const { createHash } = await import('node:crypto')
  return createHash('sha1').update(material).digest('hex')
}

/** Slugs of the district sites built in this run, so pages link only to sites that exist. */
export function builtSites(): string[] {
  return (process.env.SITE_DISTRICTS ?? '').split(',').filter(Boolean)
}

/**
 * Co-publishing (信息报送): a news item or activity of another district on this site is one that
 * district submitted and this site's editors accepted (the loader loads no others). Returns that
 * origin district — credited on the page, and its page is the canonical one — or undefined for own items.
 */
export async function coPublishedFrom(item: { district?: Ref }) {
  const { district, maps } = await site()
  const origin = maps.districts.get(String(refId(item.district)))
  return origin && String(origin.id) !== String(district.id) ? origin : undefined
}

/**
 * When an item's content last changed, for JSON-LD dateModified: its updatedAt once edited after it
 * was created; an item never edited since (an imported archive item) is dated by its publication.
 */
export const contentModified = (doc: { createdAt?: string; updatedAt: string }, published?: string) =>
  // The creating save's own hooks may stamp updatedAt a few milliseconds after createdAt.
  published && doc.createdAt && Date.parse(doc.updatedAt) - Date.parse(doc.createdAt) < 1000 ? published : doc.updatedAt

/** Campaigns running on the build date: started, and not yet ended (an open end runs on). */
export const isRunning = (campaign: SiteCampaign, today = new Date()) => isCampaignRunning(campaign, today)

/**
 * Search: every page is indexed by exactly one site, the one of the nearest district (from the
 * page's own district upwards) that has a site in this build. A 区 site lists its 街道' news too,
 * but their pages are already in the 街道 sites' indexes, so its search merges those indexes
 * instead of indexing the same pages again (which was half of a full build's Pagefind time).
 */
export async function indexOwner(doc: { district?: Ref }): Promise<string | undefined> {
  const { maps } = await site()
  const sites = new Set(builtSites())
  const up = walkUp(
    maps.districts.get(String(refId(doc.district))),
    (d) => maps.districts.get(String(refId(d.parent))),
    (d) => d.id,
  )
  return up.find((d) => sites.has(d.slug))?.slug
}

/** Whether this site's own search index holds the page of `doc` (always, when no site list is given). */
export async function indexedHere(doc: { district?: Ref }): Promise<boolean> {
  if (!builtSites().length) return true
  const { district } = await site()
  return (await indexOwner(doc)) === district.slug
}

/** Sites below this one in the build, whose search indexes this site's search merges. */
export async function descendantSites(): Promise<string[]> {
  const { district, districts } = await site()
  const sites = new Set(builtSites())
  const slugById = new Map(districts.map((d) => [String(d.id), d.slug]))
  const nodes = districts.map((d) => ({ id: d.id, parent: refId(d.parent) }))
  return descendantsDepthFirst(district.id, nodes)
    .map((id) => slugById.get(String(id)) ?? '')
    .filter((slug) => sites.has(slug))
}

/** The kinds of item with English pages (`/en/<kind>/<slug>/`): their English section name. */
export const englishKinds = {
  news: { label: 'News' },
  activities: { label: 'Activities' },
  stations: { label: 'Places' },
  brands: { label: 'Brands' },
} as const
export type EnglishKind = keyof typeof englishKinds

/** The site's translated items, by kind: English pages are built for these only. */
export async function englishItems() {
  const { news, activities, stations, brands } = await site()
  return {
    news: news.filter((n) => n.en?.title),
    activities: activities.filter((a) => a.en?.title),
    stations: stations.filter((s) => s.en?.name),
    brands: brands.filter((b) => b.en?.name),
  }
}

/** A date as the CMS stores it, at day, month or year precision (shared/dates.ts). */
export type PartialDateValue = { date?: string | null; precision?: 'day' | 'month' | 'year' | null; note?: string | null }
/** One English page: its kind, the translated item, its English fields and the date it shows. */
export type EnglishPage = {
  kind: EnglishKind
  item: SiteNews | SiteActivity | SiteStation | SiteBrand
  en: English
  date: PartialDateValue
}

/** The site's English pages, news first, then activities, places and brands. */
export async function englishPages(): Promise<EnglishPage[]> {
  const { news, activities, stations, brands } = await englishItems()
  const page = (kind: EnglishKind, item: EnglishPage['item'], date: PartialDateValue): EnglishPage[] =>
    item.en ? [{ kind, item, en: item.en, date }] : []
  return [
    ...news.flatMap((item) => page('news', item, item.publishedOn)),
    ...activities.flatMap((item) => page('activities', item, item.date)),
    ...stations.flatMap((item) => page('stations', item, item.openedOn)),
    ...brands.flatMap((item) => page('brands', item, item.launchedOn)),
  ]
}
