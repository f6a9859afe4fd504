/**
 * Seed steps that run once every record exists (./index.ts): co-publishing the 街道/镇 items to
 * their 区, and the English versions of a few records.
 */
import type { CollectionSlug, Payload } from 'payload'

import { loadEnglish, type Raw, type SeedCollection, type SeedIds } from './dataset'

type FindId = (collection: CollectionSlug, where: Raw) => Promise<number | string | undefined>

/**
 * The demo's 街道/镇 items were all reported in their 区's publications, so each is co-published
 * (信息报送) and accepted: a 区 site shows its own items plus those it accepted. Returns how many were added.
 */
export async function coPublishToParents(
  payload: Payload,
  data: Record<SeedCollection, Raw[]>,
  ids: SeedIds,
  findId: FindId,
): Promise<number> {
  let coPublished = 0
  for (const [collection, records] of [
    ['news', data.news],
    ['activities', data.activities],
  ] as const) {
    for (const record of records) {
      const district = data.districts.find((d) => d.slug === record.districtSlug)
      if (!district?.parentSlug) continue
      const id = ids[collection].get(record.slug)!
      if ((await findId('co-publications', { itemKey: { equals: `${collection}:${id}` } })) !== undefined) continue
      await payload.create({
        collection: 'co-publications',
        data: { item: { relationTo: collection, value: id }, state: 'accepted' },
        overrideAccess: true,
      })
      coPublished++
    }
  }
  return coPublished
}

/** A few records also in English (data/english.json), unless an editor already wrote English. */
export async function addEnglish(payload: Payload, ids: SeedIds): Promise<void> {
  const english = loadEnglish()
  for (const collection of ['districts', 'brands', 'news'] as const) {
    for (const { slug, en } of english[collection] ?? []) {
      const id = ids[collection].get(slug)
      if (id === undefined) throw new Error(`Seed data: english.json refers to unknown ${collection} "${slug}"`)
      const current = (await payload.findByID({ collection, id, locale: 'en', fallbackLocale: false, depth: 0 })) as Raw
      if (!current.title && !current.name) await payload.update({ collection, id, locale: 'en', data: en, overrideAccess: true })
    }
  }
}
