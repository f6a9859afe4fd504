/**
 * The data a preview page gets: the site's published content, read exactly as a build reads it
 * (the loader's loadCollection, as an anonymous visitor), with the previewed document — a draft,
 * or the admin form's unsaved state — put in place of its published version.
 *
 * Each district keeps its own in-memory stores between previews, so a warm preview only lists
 * id + updatedAt and fetches what changed (the loader's digests).
 */
import type { PreviewDataset } from './handoff'
import { loadCollection, toEntryData, type ContentSource, type LoadContext, type SiteCollection } from '../loader/payload'
import { parseEntry, siteSchemas } from '../loader/schema'
import type { LooseRecord } from '../../shared/looseRecord'

const collections: SiteCollection[] = ['districts', 'stations', 'brands', 'news', 'activities', 'campaigns', 'media', 'documents']
type Entry = { id: string; data: Record<string, unknown>; digest?: string }

function memoryStore(): { entries: Map<string, Entry>; context: LoadContext } {
  const entries = new Map<string, Entry>()
  const meta = new Map<string, string>()
  return {
    entries,
    context: {
      store: {
        get: (id: string) => entries.get(id),
        set: (entry: Entry) => (entries.set(entry.id, entry), true),
        delete: (id: string) => void entries.delete(id),
        clear: () => entries.clear(),
        keys: () => [...entries.keys()],
      },
      meta: { get: (key: string) => meta.get(key), set: (key: string, value: string) => void meta.set(key, value) },
      logger: { info: () => undefined },
      // The loader has checked each entry against the site's schema already; Astro's parse adds nothing here.
      parseData: async ({ data }) => data,
      generateDigest: (value: string) => value,
    },
  }
}

const stores = new Map<string, Map<SiteCollection, ReturnType<typeof memoryStore>>>()

/**
 * A raw document (relationships as ids or objects, rich text as Lexical) as the site's pages take it,
 * checked against the same schema as loaded ones. An unsaved new item lacks what its first save gives
 * it (slug, timestamps): it is previewed as if saved now, with the slug still empty.
 */
export async function entryOf(collection: SiteCollection, doc: LooseRecord) {
  const now = new Date().toISOString()
  const saved = { ...doc, id: doc.id, slug: doc.slug ?? '', updatedAt: doc.updatedAt ?? now, createdAt: doc.createdAt ?? now }
  return parseEntry(siteSchemas[collection], collection, String(doc.id), await toEntryData(collection, saved))
}

export async function previewDataset(
  source: ContentSource,
  district: string,
  previewed: { collection: SiteCollection; doc: LooseRecord },
  mediaBase: string,
): Promise<{ dataset: PreviewDataset; item: Record<string, unknown> }> {
  let perCollection = stores.get(district)
  if (!perCollection) stores.set(district, (perCollection = new Map()))
  for (const collection of collections) {
    let store = perCollection.get(collection)
    if (!store) perCollection.set(collection, (store = memoryStore()))
    await loadCollection(collection, store.context, { source, district })
  }
  const item = await entryOf(previewed.collection, previewed.doc)
  const entries = Object.fromEntries(
    collections.map((collection) => {
      const list = [...perCollection.get(collection)!.entries.values()]
      if (collection !== previewed.collection) return [collection, list]
      const id = String(previewed.doc.id)
      return [collection, [...list.filter((e) => e.id !== id), { id, data: item, digest: `preview:${previewed.doc.updatedAt ?? ''}` }]]
    }),
  )
  return { dataset: { district, mediaBase, entries } as PreviewDataset, item }
}
