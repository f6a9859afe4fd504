import type { CollectionSlug, Payload, RequiredDataFromCollectionSlug } from 'payload'

import { parsePartialDate } from '../../shared/dates'
import { figures, loadSeedData, parentsFirst, partial, seedFiles, type Raw, type SeedCollection, type SeedIds } from './dataset'
import { addEnglish, coPublishToParents } from './followUps'
import { paragraphsToLexical } from './lexical'
import { placeholderImage } from './placeholder'

export { loadSeedData, seedFiles, type SeedCollection } from './dataset'

export type SeedReport = Record<SeedCollection | 'media', { created: number; existing: number }>

type Log = (line: string) => void

/**
 * Loads the demo dataset (cms/seed/data, copied from the project's factual
 * demo content) through the Local API. Idempotent: records are matched by
 * slug and never overwritten, so a second run creates nothing and says so,
 * and editors' changes to seeded records survive a re-seed.
 */
export async function seed(payload: Payload, { log = console.log as Log, images = true } = {}): Promise<SeedReport> {
  const data = loadSeedData()
  const report = Object.fromEntries([...seedFiles, 'media'].map((name) => [name, { created: 0, existing: 0 }])) as SeedReport
  const ids = Object.fromEntries(seedFiles.map((name) => [name, new Map()])) as SeedIds

  const findId = async (collection: CollectionSlug, where: Raw) => {
    const found = await payload.find({ collection, where, limit: 1, depth: 0, draft: true, overrideAccess: true, pagination: false })
    return found.docs[0]?.id
  }

  const ref = (collection: SeedCollection, slug: string | null | undefined, from: string) => {
    if (!slug) return undefined
    const id = ids[collection].get(slug)
    if (id === undefined) throw new Error(`Seed data: ${from} refers to unknown ${collection} "${slug}"`)
    return id
  }
  const refs = (collection: SeedCollection, slugs: string[] | undefined, from: string) =>
    (slugs ?? []).map((slug) => ref(collection, slug, from)!)

  /** A placeholder picture for one record, reused if a previous run already made it. */
  const image = async (key: string, alt: string, color?: string) => {
    if (!images) return undefined
    const filename = `seed-${key}.jpg`
    const existing = await findId('media', { filename: { equals: filename } })
    if (existing !== undefined) {
      report.media.existing++
      return existing
    }
    const buffer = await placeholderImage(key, color)
    const doc = await payload.create({
      collection: 'media',
      data: { alt, caption: '示意图（演示数据自动生成）' },
      file: { data: buffer, mimetype: 'image/jpeg', name: filename, size: buffer.length },
      overrideAccess: true,
    })
    report.media.created++
    return doc.id
  }

  async function load(
    collection: SeedCollection,
    records: Raw[],
    toDoc: (r: Raw) => Promise<Raw>,
    { scopedToDistrict = true, drafts = false } = {},
  ) {
    const started = Date.now()
    for (const record of records) {
      const where: Raw = { slug: { equals: record.slug } }
      if (scopedToDistrict) where.district = { equals: ref('districts', record.districtSlug, `${collection}/${record.slug}`) }
      const existing = await findId(collection, where)
      if (existing !== undefined) {
        ids[collection].set(record.slug, existing)
        report[collection].existing++
        continue
      }
      const doc = await payload.create({
        collection,
        // Untyped JSON records: Payload validates them against the collection as it creates each.
        data: { ...(await toDoc(record)), ...(drafts ? { _status: 'published' } : {}) } as RequiredDataFromCollectionSlug<SeedCollection>,
        overrideAccess: true,
        draft: false,
      })
      ids[collection].set(record.slug, doc.id)
      report[collection].created++
    }
    const { created, existing } = report[collection]
    log(
      `  ${collection.padEnd(10)} ${String(records.length).padStart(3)} records: ${created} created, ${existing} already present (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    )
  }

  log('Seeding demo content …')

  await load(
    'districts',
    parentsFirst(data.districts, 'parentSlug'),
    async (d) => ({
      name: d.name,
      slug: d.slug,
      level: d.level,
      parent: ref('districts', d.parentSlug, `districts/${d.slug}`),
      summary: d.summary,
      facts: figures(d.facts),
      site: { title: `${d.name}党建`, heroImage: await image(`district-${d.slug}`, `${d.name}党建主题示意图`) },
      sources: d.sources,
    }),
    { scopedToDistrict: false },
  )

  await load('stations', parentsFirst(data.stations, 'parentStationSlug'), async (s) => {
    const from = `stations/${s.slug}`
    const picture = await image(`station-${s.slug}`, `${s.name}示意图`)
    return {
      name: s.name,
      slug: s.slug,
      district: ref('districts', s.districtSlug, from),
      kind: s.kind,
      parentStation: ref('stations', s.parentStationSlug, from),
      building: s.building,
      floor: s.floor,
      areaSqm: s.areaSqm,
      areaQualifier: s.areaQualifier ?? undefined,
      openedOn: partial(s.openedOn),
      belt: s.belt,
      zones: (s.zones ?? []).map((name: string) => ({ name })),
      services: (s.services ?? []).map((name: string) => ({ name })),
      figures: figures(s.stats),
      milestones: (s.milestones ?? []).map((m: Raw) => ({ label: m.label, on: partial(m.date, m.dateNote) })),
      gallery: picture === undefined ? [] : [picture],
      summary: s.summary,
      sources: s.sources,
    }
  })

  await load('brands', parentsFirst(data.brands, 'parentBrandSlug'), async (b) => {
    const from = `brands/${b.slug}`
    return {
      name: b.name,
      slug: b.slug,
      district: ref('districts', b.districtSlug, from),
      parentBrand: ref('brands', b.parentBrandSlug, from),
      tagline: b.tagline,
      launchedOn: partial(b.launchedOn, b.launchedOnNote),
      ownerOrg: b.ownerOrg,
      summary: b.summary,
      values: (b.values ?? []).map((name: string) => ({ name })),
      components: (b.components ?? []).map((name: string) => ({ name })),
      figures: figures(b.figures),
      relatedStations: refs('stations', b.relatedStationSlugs, from),
      sources: b.sources,
    }
  })

  await load(
    'activities',
    data.activities,
    async (a) => {
      const from = `activities/${a.slug}`
      const picture = await image(`activity-${a.slug}`, `${a.title}活动示意图`)
      return {
        title: a.title,
        slug: a.slug,
        district: ref('districts', a.districtSlug, from),
        date: partial(a.date, a.dateNote),
        endDate: a.endDate ? parsePartialDate(a.endDate).date : undefined,
        venue: a.venue,
        station: ref('stations', a.stationSlug, from),
        brand: ref('brands', a.brandSlug, from),
        organisers: a.organisers,
        participants: a.participants,
        participantsQualifier: a.participantsQualifier ?? undefined,
        figures: figures(a.figures),
        gallery: picture === undefined ? [] : [picture],
        summary: a.summary,
        body: a.body ? paragraphsToLexical(a.body) : undefined,
        sources: a.sources,
      }
    },
    { drafts: true },
  )

  await load(
    'news',
    data.news,
    async (n) => {
      const from = `news/${n.slug}`
      return {
        title: n.title,
        slug: n.slug,
        district: ref('districts', n.districtSlug, from),
        publishedOn: partial(n.date, n.dateNote),
        byline: n.byline,
        cover: await image(`news-${n.slug}`, `${n.title}配图`),
        summary: n.summary,
        body: paragraphsToLexical(n.body),
        tags: n.tags,
        relatedBrands: refs('brands', n.relatedBrandSlugs, from),
        relatedStations: refs('stations', n.relatedStationSlugs, from),
        relatedActivities: refs('activities', n.relatedActivitySlugs, from),
        sources: n.sources,
      }
    },
    { drafts: true },
  )

  await load(
    'campaigns',
    data.campaigns,
    async (c) => {
      const from = `campaigns/${c.slug}`
      const starts = parsePartialDate(c.startsOn)
      return {
        title: c.title,
        slug: c.slug,
        district: ref('districts', c.districtSlug, from),
        brand: ref('brands', c.brandSlug, from),
        startsOn: { date: starts.date, precision: c.datePrecision ?? starts.precision, note: c.dateNote },
        endsOn: c.endsOn ? parsePartialDate(c.endsOn).date : undefined,
        banner: await image(`campaign-${c.slug}`, `${c.title}主题横幅示意图`),
        summary: c.summary,
        featuredActivities: refs('activities', c.relatedActivitySlugs, from),
        relatedStations: refs('stations', c.relatedStationSlugs, from),
        sources: c.sources,
      }
    },
    { drafts: true },
  )

  const coPublished = await coPublishToParents(payload, data, ids, findId)
  if (coPublished) log(`  co-published ${coPublished} 街道/镇 items to their 区 (accepted)`)
  await addEnglish(payload, ids)

  const created = Object.values(report).reduce((sum, r) => sum + r.created, 0)
  log(created === 0 ? 'Seed: nothing to do — all demo content is already present.' : `Seed: created ${created} records.`)
  return report
}
