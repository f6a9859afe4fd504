import fs from 'node:fs'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CollectionSlug } from 'payload'

import { loadSeedData, seed, seedFiles, type SeedReport } from '../../cms/seed'
import { formatPartialDate } from '../../shared/dates'
import { startTestCms, type TestCms } from '../helpers/payload'

let cms: TestCms
let first: SeedReport
let second: SeedReport
const lines: string[] = []
const data = loadSeedData()

beforeAll(async () => {
  cms = await startTestCms()
  first = await seed(cms.payload, { log: (line) => lines.push(line) })
  second = await seed(cms.payload, { log: (line) => lines.push(line) })
}, 600_000)
afterAll(async () => cms?.cleanup())

/** Every record of a collection at depth 1, keyed by slug. */
async function bySlug(collection: CollectionSlug) {
  const { docs } = await cms.payload.find({ collection, depth: 1, limit: 1000, pagination: false, draft: false })
  return new Map(docs.map((doc: any) => [doc.slug as string, doc]))
}
const slugOf = (value: any) => value?.slug as string | undefined
const slugsOf = (values: any[] | undefined) => (values ?? []).map(slugOf).sort()

describe('demo seed', () => {
  it('creates exactly the dataset: 19 districts, 31 stations, 57 brands, 32 news, 19 activities, 5 campaigns', async () => {
    const expected = { districts: 19, stations: 31, brands: 57, news: 32, activities: 19, campaigns: 5 }
    for (const name of seedFiles) {
      expect(data[name]).toHaveLength(expected[name])
      expect(first[name]).toEqual({ created: expected[name], existing: 0 })
      expect((await cms.payload.count({ collection: name })).totalDocs).toBe(expected[name])
    }
    expect(first.media.created).toBeGreaterThan(0)
    expect(lines.some((l) => /districts\s+19 records: 19 created/.test(l))).toBe(true)
  })

  it('is a no-op the second time, and says so', async () => {
    for (const name of seedFiles) expect(second[name]).toEqual({ created: 0, existing: data[name].length })
    expect(second.media.created).toBe(0)
    expect(lines.at(-1)).toMatch(/nothing to do/)
  })

  it('publishes news, activities and campaigns', async () => {
    for (const collection of ['news', 'activities', 'campaigns'] as const) {
      const drafts = await cms.payload.count({ collection, where: { _status: { not_equals: 'published' } } })
      expect(drafts.totalDocs).toBe(0)
    }
  })

  it('resolves every cross-reference into a real relationship', async () => {
    const districts = await bySlug('districts')
    const stations = await bySlug('stations')
    const brands = await bySlug('brands')
    const news = await bySlug('news')
    const activities = await bySlug('activities')
    const campaigns = await bySlug('campaigns')
    let checked = 0
    const same = (actual: unknown, expected: unknown) => {
      expect(actual).toEqual(expected)
      checked++
    }

    for (const d of data.districts) same(slugOf(districts.get(d.slug)?.parent) ?? null, d.parentSlug)
    for (const s of data.stations) {
      const doc = stations.get(s.slug)
      same(slugOf(doc.district), s.districtSlug)
      same(slugOf(doc.parentStation) ?? null, s.parentStationSlug ?? null)
    }
    for (const b of data.brands) {
      const doc = brands.get(b.slug)
      same(slugOf(doc.district), b.districtSlug)
      same(slugOf(doc.parentBrand) ?? null, b.parentBrandSlug ?? null)
      same(slugsOf(doc.relatedStations), [...(b.relatedStationSlugs ?? [])].sort())
    }
    for (const n of data.news) {
      const doc = news.get(n.slug)
      same(slugOf(doc.district), n.districtSlug)
      same(slugsOf(doc.relatedBrands), [...(n.relatedBrandSlugs ?? [])].sort())
      same(slugsOf(doc.relatedStations), [...(n.relatedStationSlugs ?? [])].sort())
      same(slugsOf(doc.relatedActivities), [...(n.relatedActivitySlugs ?? [])].sort())
    }
    for (const a of data.activities) {
      const doc = activities.get(a.slug)
      same(slugOf(doc.district), a.districtSlug)
      same(slugOf(doc.station) ?? null, a.stationSlug ?? null)
      same(slugOf(doc.brand) ?? null, a.brandSlug ?? null)
    }
    for (const c of data.campaigns) {
      const doc = campaigns.get(c.slug)
      same(slugOf(doc.district), c.districtSlug)
      same(slugOf(doc.brand) ?? null, c.brandSlug ?? null)
      same(slugsOf(doc.featuredActivities), [...(c.relatedActivitySlugs ?? [])].sort())
      same(slugsOf(doc.relatedStations), [...(c.relatedStationSlugs ?? [])].sort())
    }
    // The dataset's README counts 395 references; each one above is at least one of those.
    expect(checked).toBeGreaterThanOrEqual(395)
  })

  it('gives every seeded picture its files on disk, in WebP and AVIF', async () => {
    const news = await bySlug('news')
    for (const doc of news.values()) {
      expect(doc.cover?.alt).toMatch(/配图$/)
      for (const size of ['card', 'cardAvif', 'og']) {
        const file = doc.cover.sizes[size].filename
        expect(fs.existsSync(path.join(process.env.MEDIA_DIR!, file)), file).toBe(true)
      }
    }
  })

  it('keeps date precision: a month-only date stays a month', async () => {
    const source = data.news.find((n) => n.datePrecision === 'month')!
    const doc = (await bySlug('news')).get(source.slug)
    expect(doc.publishedOn.precision).toBe('month')
    const [year, month] = source.date.split('-').map(Number)
    expect(formatPartialDate(doc.publishedOn.date, doc.publishedOn.precision)).toBe(`${year}年${month}月`)
    const noted = data.news.find((n) => n.dateNote)!
    expect((await bySlug('news')).get(noted.slug).publishedOn.note).toBe(noted.dateNote)
  })
})
