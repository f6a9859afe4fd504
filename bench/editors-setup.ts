/**
 * The concurrent-editors bench's cast (bench/editors.ts): its district, 55 district editors and
 * the documents they save, created through the Local API as the seed would, reused on a rerun.
 */
import type { CollectionSlug, Payload } from 'payload'

import { parsePartialDate } from '../shared/dates'

export const editorCount = 50
export const sharedCount = 5
export const password = 'editors-bench-password-1'
const districtSlug = 'editors-bench'

export type Kind = {
  collection: CollectionSlug
  versioned: boolean
  text: 'title' | 'name'
  data: (district: number | string, slug: string) => Record<string, unknown>
}
const kinds: Kind[] = [
  {
    collection: 'news',
    versioned: true,
    text: 'title',
    data: (district, slug) => ({ title: slug, slug, district, publishedOn: parsePartialDate('2026-01-01') }),
  },
  {
    collection: 'activities',
    versioned: true,
    text: 'title',
    data: (district, slug) => ({ title: slug, slug, district, date: parsePartialDate('2026-01') }),
  },
  { collection: 'stations', versioned: false, text: 'name', data: (district, slug) => ({ name: slug, slug, district, kind: 'station' }) },
  { collection: 'brands', versioned: false, text: 'name', data: (district, slug) => ({ name: slug, slug, district }) },
]

export type Target = { kind: Kind; id: number | string; path: string }
export type EditorsSetup = { editors: { email: string; target: Target }[]; sharers: string[]; shared: Target; sharedStartedAt: string }

/** Finds or makes one record by slug, so a rerun on the same database reuses it. */
async function findOrCreate(payload: Payload, collection: CollectionSlug, slug: string, data: Record<string, unknown>, draft: boolean) {
  const { docs } = await payload.find({ collection, where: { slug: { equals: slug } }, limit: 1, depth: 0, draft, overrideAccess: true })
  if (docs[0]) return docs[0].id
  return (await payload.create({ collection, data: data as never, draft, overrideAccess: true, depth: 0 })).id
}

/** The bench district, 55 district editors and their documents, created as the seed would (Local API). */
export async function prepareEditors(payload: Payload): Promise<EditorsSetup> {
  const district = await findOrCreate(
    payload,
    'districts',
    districtSlug,
    { name: '编辑压测区', slug: districtSlug, level: 'district' },
    false,
  )
  const target = async (kind: Kind, slug: string): Promise<Target> => {
    const id = await findOrCreate(payload, kind.collection, slug, kind.data(district, slug), kind.versioned)
    return { kind, id, path: `/api/${kind.collection}/${id}${kind.versioned ? '?draft=true&depth=0' : '?depth=0'}` }
  }
  const user = async (email: string) => {
    const { totalDocs } = await payload.count({ collection: 'users', where: { email: { equals: email } }, overrideAccess: true })
    if (!totalDocs) {
      await payload.create({
        collection: 'users',
        data: { email, password, name: email.split('@')[0], roles: ['district-editor'], districts: [district] } as never,
        overrideAccess: true,
      })
    }
    return email
  }
  const editors: EditorsSetup['editors'] = []
  for (let i = 0; i < editorCount; i++) {
    const kind = kinds[i % kinds.length]!
    editors.push({
      email: await user(`editor-${i}@editors-bench.test`),
      target: await target(kind, `editors-bench-${kind.collection}-${i}`),
    })
  }
  const sharers: string[] = []
  for (let i = 0; i < sharedCount; i++) sharers.push(await user(`shared-${i}@editors-bench.test`))
  const shared = await target(kinds[0]!, 'editors-bench-shared')
  const current = await payload.findByID({ collection: 'news', id: shared.id, draft: true, depth: 0, overrideAccess: true })
  return { editors, sharers, shared, sharedStartedAt: current.updatedAt }
}
