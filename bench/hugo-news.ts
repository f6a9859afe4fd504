/** The news the Hugo reference build (bench/hugo.ts) renders: synthetic, or read from a CMS database. */
import path from 'node:path'

import type { Payload } from 'payload'

import type { HugoNews } from './hugo'

/** The 16 districts of the benchmark dataset (bench/generate.ts): 2 区 and their 街道/镇. */
const benchDistricts: { name: string; slug: string; leaf: boolean }[] = [
  ['闵行区', 'minhang', false],
  ['新虹街道', 'xinhong', true],
  ['虹桥镇', 'hongqiao-town', true],
  ['古美路街道', 'gumei-road', true],
  ['江川路街道', 'jiangchuan-road', true],
  ['七宝镇', 'qibao-town', true],
  ['莘庄镇', 'xinzhuang-town', true],
  ['梅陇镇', 'meilong', true],
  ['静安区', 'jing-an', false],
  ['静安寺街道', 'jingansi', true],
  ['南京西路街道', 'nanjing-west-road', true],
  ['曹家渡街道', 'caojiadu', true],
  ['江宁路街道', 'jiangning-road', true],
  ['石门二路街道', 'shimen-second-road', true],
  ['天目西路街道', 'tianmu-west-road', true],
  ['彭浦镇', 'pengpu-town', true],
].map(([name, slug, leaf]) => ({ name: name as string, slug: slug as string, leaf: leaf as boolean }))

/** `count` news like the benchmark dataset's (same text generators, 90% in 街道/镇), in memory and deterministic. */
export async function syntheticNews(count: number, seed = 20261123): Promise<HugoNews[]> {
  const { body, createRng, summary, title } = await import('./text')
  const { paragraphsToLexical } = await import('../cms/seed/lexical')
  const rng = createRng(seed)
  const leaves = benchDistricts.filter((d) => d.leaf)
  const tops = benchDistricts.filter((d) => !d.leaf)
  const names = {
    districts: benchDistricts.map((d) => d.name),
    stations: leaves.map((d) => `${d.name.replace(/(街道|镇)$/, '')}党群服务站`),
    brands: ['小虹帽', '心驿', '易家人', '红立方', '益起来', '楼小二'],
  }
  const start = Date.UTC(2019, 0, 1, 12)
  const days = (Date.UTC(2026, 9, 31, 12) - start) / 86_400_000
  return Array.from({ length: count }, (_, i) => {
    const d = rng.chance(0.9) ? rng.pick(leaves) : rng.pick(tops)
    return {
      slug: `news-${i + 1}`,
      title: title(rng, names, d.name),
      date: new Date(start + Math.floor(rng.next() * days) * 86_400_000).toISOString(),
      district: d.slug,
      districtName: d.name,
      summary: summary(rng, names),
      body: paragraphsToLexical(body(rng, names)),
    }
  })
}

/** The published news of a SQLite database, read through Payload's Local API (nothing is written). */
export async function newsFromDatabase(dbFile: string): Promise<HugoNews[]> {
  // The config reads these once, when it is first imported.
  process.env.DATABASE_URI = `file:${path.resolve(dbFile)}`
  process.env.PAYLOAD_DB_PUSH = '0'
  process.env.PAYLOAD_SECRET ??= 'bench'
  const { getPayload } = await import('payload')
  const { default: config } = await import('../cms/payload.config')
  const payload = await getPayload({ config })
  try {
    return await publishedNews(payload)
  } finally {
    await payload.destroy()
  }
}

/** The published news of an open Payload, as the Hugo reference renders them. */
export async function publishedNews(payload: Payload): Promise<HugoNews[]> {
  const { docs } = await payload.find({
    collection: 'news',
    where: { _status: { equals: 'published' } },
    depth: 1,
    pagination: false,
    select: { slug: true, title: true, publishedOn: true, district: true, summary: true, body: true },
  })
  return docs.map((doc) => {
    const district = typeof doc.district === 'object' && doc.district ? doc.district : undefined
    return {
      slug: doc.slug ?? String(doc.id),
      title: doc.title,
      date: doc.publishedOn.date,
      district: district?.slug ?? String(doc.district ?? 'unknown'),
      districtName: district?.name ?? '',
      summary: doc.summary,
      body: doc.body,
    }
  })
}
