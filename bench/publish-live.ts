/**
 * Publish → live: the time from saving an edit of one published news item to
 * the new text being on its built district site, through the product's own
 * rebuild queue (default debounce, warm build workers, incremental build),
 * against a full rebuild of the same district with its incremental cache
 * cleared (`build-sites --district`, a fresh process).
 *
 * Standalone (on the demo data in data/cms.db, seeded when empty):
 *   npx tsx bench/publish-live.ts [--district xinhong]
 * `bench/run.ts` calls `measurePublishLive` on the synthetic dataset.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import type { Payload } from 'payload'

import { installRebuildQueue, RebuildQueue, workerBuilder } from '../cms/publishing/rebuildQueue'
import { processBuilder } from './process-builder'
import { repoRoot } from '../shared/paths'

export type PublishLiveResult = {
  district: string
  news: string
  debounceMs: number
  /** ms, each run */
  publishToLive: number[]
  /** ms, each cold full rebuild of the district */
  fullRebuild: number[]
  medianPublishToLive: number
  medianFullRebuild: number
  /** full rebuild ÷ publish → live */
  ratio: number
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

/** The incremental-build cache folder of one district, by the same rule as astro.config.mjs. */
export function siteCacheDir(district: string): string {
  const source = createHash('sha1')
    .update(process.env.CMS_URL || process.env.DATABASE_URI || 'default')
    .digest('hex')
    .slice(0, 8)
  return path.join(repoRoot, 'node_modules', '.astro', source, district)
}

export async function measurePublishLive(
  payload: Payload,
  {
    district = 'xinhong',
    runs = 5,
    fullRuns = 3,
    log = console.log,
  }: { district?: string; runs?: number; fullRuns?: number; log?: (line: string) => void } = {},
): Promise<PublishLiveResult> {
  // The full rebuild is the command an operator runs, a fresh process; publish → live goes through
  // the CMS's own queue and its warm build workers, as in the running product.
  const build = processBuilder()
  const warmBuild = workerBuilder()
  const outDir = path.resolve(repoRoot, process.env.SITES_OUT_DIR || 'dist', district)

  log(`  full rebuilds of ${district} (incremental cache cleared each time) …`)
  const fullRebuild: number[] = []
  for (let i = 0; i < fullRuns; i++) {
    fs.rmSync(siteCacheDir(district), { recursive: true, force: true })
    const t0 = performance.now()
    const result = await build(district)
    if (!result.ok) throw new Error(`full build of ${district} failed:\n${result.output.slice(-2000)}`)
    fullRebuild.push(performance.now() - t0)
  }

  // As in the running CMS, whose build worker starts with the server (cms/instrumentation.ts).
  await warmBuild.prewarm()
  const queue = new RebuildQueue({ build: warmBuild, record: () => {}, payload })
  installRebuildQueue(queue)
  try {
    const { docs } = await payload.find({
      collection: 'news',
      where: { and: [{ _status: { equals: 'published' } }, { 'district.slug': { equals: district } }] },
      sort: '-publishedOn.date',
      limit: 1,
      depth: 0,
    })
    const item = docs[0]
    if (!item) throw new Error(`no published news in ${district}`)
    // The CMS fills every slug on save; one missing means the page cannot be found.
    const slug = item.slug
    if (!slug) throw new Error(`news ${item.id} in ${district} has no slug, so it has no page`)
    const page = path.join(outDir, 'news', slug, 'index.html')
    log(`  publish → live for “${item.title}” (debounce ${queue.debounceMs} ms) …`)
    const publishToLive: number[] = []
    for (let i = 0; i < runs; i++) {
      const marker = `（基准测试修改 ${Date.now()}-${i}）`
      const t0 = performance.now()
      await payload.update({ collection: 'news', id: item.id, data: { summary: `${item.summary ?? ''}${marker}` } })
      // Live = the district's own page shows the edit (its ancestors' sites rebuild after it).
      const shows = () => fs.existsSync(page) && fs.readFileSync(page, 'utf8').includes(marker)
      let settled = false
      void queue.idle().then(() => (settled = true))
      while (!shows()) {
        if (settled && !shows()) throw new Error(`the rebuilds finished but ${page} does not show the edit`)
        if (performance.now() - t0 > 300_000) throw new Error('the edit did not reach the built page within 5 minutes')
        await new Promise((r) => setTimeout(r, 25))
      }
      publishToLive.push(performance.now() - t0)
      log(`    run ${i + 1}: ${seconds(publishToLive.at(-1)!)}`)
      await queue.idle()
    }
    await payload.update({ collection: 'news', id: item.id, data: { summary: item.summary } })
    await queue.idle()
    const medianPublishToLive = median(publishToLive)
    const medianFullRebuild = median(fullRebuild)
    return {
      district,
      news: slug,
      debounceMs: queue.debounceMs,
      publishToLive,
      fullRebuild,
      medianPublishToLive,
      medianFullRebuild,
      ratio: medianFullRebuild / medianPublishToLive,
    }
  } finally {
    installRebuildQueue(undefined)
    warmBuild.close()
  }
}

export function printPublishLive(r: PublishLiveResult, log = console.log) {
  log('| measure | runs | median | all |')
  log('| --- | ---: | ---: | --- |')
  log(
    `| full rebuild of ${r.district} (cold) | ${r.fullRebuild.length} | ${seconds(r.medianFullRebuild)} | ${r.fullRebuild.map(seconds).join(', ')} |`,
  )
  log(
    `| publish → live, one news edit | ${r.publishToLive.length} | ${seconds(r.medianPublishToLive)} | ${r.publishToLive.map(seconds).join(', ')} |`,
  )
  log(`| of which debounce wait | | ${seconds(r.debounceMs)} | |`)
  log(`\nratio full rebuild / publish → live: ${r.ratio.toFixed(2)}×`)
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { openPayload } = await import('../scripts/lib/payload')
  const { seed } = await import('../cms/seed')
  const args = process.argv.slice(2)
  const district = args.includes('--district') ? args[args.indexOf('--district') + 1]! : 'xinhong'
  const payload = await openPayload()
  if ((await payload.count({ collection: 'districts' })).totalDocs === 0) await seed(payload)
  const runs = Number(process.env.BENCH_RUNS ?? 5)
  printPublishLive(await measurePublishLive(payload, { district, runs, fullRuns: Math.max(3, Math.ceil(runs / 2)) }))
  await payload.destroy()
  process.exit(0)
}
