/**
 * Synthetic benchmark dataset: 16 districts (2 区 × 7 街道/镇), 500 stations,
 * 100 brands, 2,000 activities, 10,000 news, 50 campaigns and 300 shared images,
 * written through the Payload Local API into a FRESH SQLite file; `--quick` is
 * one tenth of everything except the districts, `--scale N` N times everything
 * except the districts (e.g. 3 = 30,000 news). Deterministic (seeded PRNG).
 *
 *   npx tsx bench/generate.ts [--quick | --scale N] [--out <dir>] [--concurrency <n>] [--safe-writes]
 *
 * Writes <dir>/cms.db and <dir>/media (default bench/.data/full, bench/.data/quick or
 * bench/.data/scale-N; the dir is deleted first) and prints progress with docs/s and RSS.
 *
 * Memory stays bounded whatever the size: documents are made one at a time (a few in flight) and
 * let go once written; what later documents refer to is kept per district as at most
 * `refsPerDistrict` ids, not as a list of every document made (issue 14: the generator once
 * reached 19.8 GB at 7,400 documents, through the SQLite leak fixed in cms/sqliteStatementCache.ts
 * and cms/sqliteWriteConnection.ts).
 */
import fs from 'node:fs'
import path from 'node:path'

import type { CollectionSlug } from 'payload'

import { paragraphsToLexical } from '../cms/seed/lexical'
import { placeholderImage } from '../cms/seed/placeholder'
import { repoRoot } from '../shared/paths'
import { brandStems, brandTails, buildings, kinds, randomDay, Refs, refsPerDistrict, rssNowMB, stationSuffix } from './dataset-parts'
import { openFreshDataset } from './generate-database'
import { createDistricts } from './generate-districts'
import { GenerateProgress } from './generate-progress'
import { body, createRng, phrases, summary, title, type Names } from './text'

export type GenerateOptions = {
  quick?: boolean
  scale?: number
  out?: string
  concurrency?: number
  seed?: number
  fastWrites?: boolean
  log?: (line: string) => void
}
export type GenerateResult = {
  dir: string
  dbFile: string
  mediaDir: string
  counts: Record<string, number>
  seconds: number
  docsPerSecond: number
  /** docs/s per collection (media included) */
  rates: Record<string, number>
  /** a published news slug and its district slug, for the REST benchmark */
  sampleNewsSlug: string
  /** times the full dataset (0.1 for --quick) */
  scale: number
  /** highest RSS of this process seen while generating */
  peakRssMB: number
}

export async function generate(options: GenerateOptions = {}): Promise<GenerateResult> {
  const quick = options.quick ?? false
  const log = options.log ?? console.log
  const concurrency = Math.max(1, options.concurrency ?? 4)
  const scale = quick ? 0.1 : Math.max(0.01, options.scale ?? 1)
  const label = quick ? 'quick' : scale === 1 ? 'full' : `scale-${scale}`
  const dir = path.resolve(repoRoot, options.out ?? path.join('bench', '.data', label))
  const n = {
    media: Math.round(300 * scale),
    stations: Math.round(500 * scale),
    brands: Math.round(100 * scale),
    activities: Math.round(2000 * scale),
    news: Math.round(10000 * scale),
    campaigns: Math.round(50 * scale),
  }

  const { payload, dbFile, mediaDir, client } = await openFreshDataset(dir, options.fastWrites ?? true)

  const rng = createRng(options.seed ?? 20261123)
  const context = { skipSiteRebuild: true }
  const progress = new GenerateProgress(log, concurrency)
  const { tick, phase, rates, started } = progress
  // depth 0: the created document comes back without its relationships populated (nothing reads them).
  const create = (collection: CollectionSlug, data: Record<string, unknown>, draft = false) =>
    payload.create({ collection, data: data as never, overrideAccess: true, draft, context, depth: 0 }).then((doc) => doc.id as number)

  log(`Generating ${label} dataset into ${path.relative(repoRoot, dir)}/ (concurrency ${concurrency}) …`)

  // Images: the only place sharp encodes; every document below reuses these (their ids only).
  const media: number[] = []
  await phase(
    'media',
    n.media,
    async (i) => {
      const alt = `${rng.pick(phrases)}主题示意图 ${i + 1}`
      const buffer = await placeholderImage(`bench-${i}`, rng.pick(['#b71c1c', '#c62828', '#d84315', '#ad1457']))
      const doc = await payload.create({
        collection: 'media',
        data: { alt, caption: '示意图（基准测试数据）' },
        file: { data: buffer, mimetype: 'image/jpeg', name: `bench-${String(i).padStart(4, '0')}.jpg`, size: buffer.length },
        overrideAccess: true,
        context,
        depth: 0,
      })
      media.push(doc.id as number)
    },
    4,
  )

  const districtsStarted = performance.now()
  const { districts, leaves } = await createDistricts({ create, rng, media, tick })
  rates.districts = districts.length / ((performance.now() - districtsStarted) / 1000)
  log(`  districts  ${String(districts.length).padStart(6)}`)

  // 90% of content sits in 街道/镇, the rest at 区 level.
  const homeDistrict = () => (rng.chance(0.9) ? rng.pick(leaves) : rng.pick(districts.filter((d) => !leaves.includes(d))))
  const names: Names = { districts: districts.map((d) => d.name), stations: [], brands: [] }

  // Stations: the first 10% are hubs the others may hang under. Names of the first stations (at most
  // `refsPerDistrict`) are also used in the generated text.
  const stationPlan = (i: number) => {
    const d = homeDistrict()
    const name = `${d.name.replace(/(街道|镇|区)$/, '')}${rng.pick(buildings)}${i < n.stations / 10 ? '党群服务中心' : rng.pick(stationSuffix)}${i + 1}号`
    if (names.stations.length < refsPerDistrict) names.stations.push(name)
    return { d, name }
  }
  // Hubs (the first 10%) are created before the other stations, which may hang under a hub of their district.
  const hubCount = Math.ceil(n.stations / 10)
  const hubs = new Refs()
  const stations = new Refs()
  const makeStation = async (i: number) => {
    const { d, name } = stationPlan(i)
    const isHub = i < hubCount
    const localHubs = hubs.in(d.id)
    const hub = !isHub && localHubs.length && rng.chance(0.5) ? rng.pick(localHubs) : undefined
    const id = await create('stations', {
      name,
      slug: `station-${i + 1}`,
      district: d.id,
      kind: isHub ? 'hub' : rng.pick(kinds),
      parentStation: hub,
      summary: summary(rng, names),
      building: rng.pick(buildings),
      floor: `${rng.int(1, 40)}F`,
      address: `上海市${d.name}${rng.pick(['虹桥路', '南京西路', '七莘路', '万航渡路', '江场路'])}${rng.int(1, 2000)}号`,
      location: [121.3 + rng.next() * 0.2, 31.15 + rng.next() * 0.1],
      areaSqm: rng.int(30, 1200),
      openingHours: '周一至周五 9:00—17:30',
      zones: rng.sample(phrases, rng.int(2, 5)).map((p) => ({ name: `${p}区` })),
      services: rng.sample(phrases, rng.int(2, 6)).map((p) => ({ name: p })),
      figures: [{ label: '服务群众', value: String(rng.int(100, 50000)), unit: '人次', qualifier: 'over' }],
      gallery: rng.sample(media, rng.int(1, 4)),
      body: paragraphsToLexical(body(rng, names).slice(0, 1200)),
    })
    if (isHub) hubs.add(d.id, id)
    stations.add(d.id, id)
  }
  await phase('hubs', hubCount, makeStation)
  await phase('stations', n.stations - hubCount, (i) => makeStation(i + hubCount))

  const brands: number[] = []
  await phase('brands', n.brands, async (i) => {
    const d = homeDistrict()
    const name = `${rng.pick(brandStems)}${rng.pick(brandTails)}${i >= brandStems.length ? i + 1 : ''}`
    if (names.brands.length < refsPerDistrict) names.brands.push(name)
    const id = await create('brands', {
      name,
      slug: `brand-${i + 1}`,
      district: d.id,
      tagline: `${rng.pick(phrases)}，${rng.pick(phrases)}`,
      launchedOn: { date: randomDay(rng), precision: rng.pick(['day', 'month', 'year']) },
      ownerOrg: `${d.name}党建办`,
      summary: summary(rng, names),
      values: rng.sample(phrases, 3).map((p) => ({ name: p })),
      relatedStations: rng.sample(stations.in(d.id), 3),
    })
    if (brands.length < refsPerDistrict) brands.push(id)
  })
  if (!names.brands.length) names.brands.push(...brandStems)

  const inDistrict = (refs: Refs, district: number, count: number) => rng.sample(refs.in(district), count)
  const status = () => (rng.chance(0.95) ? 'published' : 'draft')
  const editorial = (collection: CollectionSlug, data: Record<string, unknown>) => {
    const s = status()
    return create(collection, { ...data, _status: s }, s === 'draft')
  }

  const activities = new Refs()
  await phase('activities', n.activities, async (i) => {
    const d = homeDistrict()
    const station = rng.chance(0.7) ? inDistrict(stations, d.id, 1)[0] : undefined
    const id = await editorial('activities', {
      title: title(rng, names, d.name),
      slug: `activity-${i + 1}`,
      district: d.id,
      date: { date: randomDay(rng), precision: rng.chance(0.8) ? 'day' : 'month' },
      venue: rng.pick(names.stations),
      station,
      brand: rng.chance(0.5) ? rng.pick(brands) : undefined,
      organisers: [`${d.name}党工委`],
      participants: rng.int(10, 500),
      participantsQualifier: rng.pick(['about', 'nearly', 'over']),
      gallery: rng.sample(media, rng.int(1, 6)),
      summary: summary(rng, names),
      body: paragraphsToLexical(body(rng, names)),
    })
    activities.add(d.id, id)
  })

  const news = new Refs()
  await phase('news', n.news, async (i) => {
    const d = homeDistrict()
    const slug = `news-${i + 1}`
    const id = await editorial('news', {
      title: title(rng, names, d.name),
      slug,
      district: d.id,
      publishedOn: { date: randomDay(rng), precision: 'day' },
      byline: `${d.name}融媒体中心`,
      cover: rng.chance(0.9) ? rng.pick(media) : undefined,
      summary: summary(rng, names),
      body: paragraphsToLexical(body(rng, names)),
      tags: rng.sample(phrases, rng.int(1, 4)),
      relatedBrands: rng.chance(0.3) ? [rng.pick(brands)] : [],
      relatedStations: inDistrict(stations, d.id, rng.int(0, 2)),
      relatedActivities: inDistrict(activities, d.id, rng.int(0, 2)),
    })
    news.add(d.id, id)
  })

  await phase('campaigns', n.campaigns, async (i) => {
    const d = rng.pick(districts)
    const starts = randomDay(rng)
    return editorial('campaigns', {
      title: title(rng, names, d.name),
      slug: `campaign-${i + 1}`,
      district: d.id,
      brand: rng.pick(brands),
      startsOn: { date: starts, precision: 'day' },
      endsOn: new Date(Date.parse(starts) + rng.int(7, 365) * 86_400_000).toISOString(),
      banner: rng.pick(media),
      summary: summary(rng, names),
      featuredNews: inDistrict(news, d.id, 4),
      featuredActivities: inDistrict(activities, d.id, 3),
      relatedStations: inDistrict(stations, d.id, 2),
    })
  })

  const seconds = (performance.now() - started) / 1000
  const counts: Record<string, number> = { ...n, districts: districts.length }
  const total = Object.values(counts).reduce((a, b) => a + b, 0)
  const { docs } = await payload.find({ collection: 'news', where: { _status: { equals: 'published' } }, limit: 1, depth: 0, sort: 'id' })
  // Fold the write-ahead log into the file, so the dataset is one self-contained file.
  if (client) await client.execute('PRAGMA wal_checkpoint(TRUNCATE)')
  log(
    `Done: ${total} documents in ${seconds.toFixed(1)} s = ${(total / seconds).toFixed(1)} docs/s; ${(fs.statSync(dbFile).size / 1e6).toFixed(0)} MB database`,
  )
  await payload.destroy()
  const peakRssMB = Math.max(progress.peakRssMB, rssNowMB())
  return {
    dir,
    dbFile,
    mediaDir,
    counts,
    seconds,
    docsPerSecond: total / seconds,
    rates,
    sampleNewsSlug: docs[0]?.slug ?? 'news-1',
    scale,
    peakRssMB,
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const value = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
  const result = await generate({
    quick: args.includes('--quick'),
    scale: value('--scale') ? Number(value('--scale')) : undefined,
    out: value('--out'),
    concurrency: value('--concurrency') ? Number(value('--concurrency')) : undefined,
    fastWrites: !args.includes('--safe-writes'),
  })
  console.log(
    JSON.stringify(
      { ...result, rates: Object.fromEntries(Object.entries(result.rates).map(([k, v]) => [k, Math.round(v * 10) / 10])) },
      null,
      2,
    ),
  )
  process.exit(0)
}
