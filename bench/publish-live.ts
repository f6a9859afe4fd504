/**
 * Publish → live on the demo data: the time from saving an edit of one
 * published news item to the new text being on the built district site, with
 * the product's own rebuild queue (default debounce) and incremental build,
 * against a full rebuild of the same district (no incremental cache).
 * Run after `npm start` or `npm run seed` has filled data/cms.db.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { seed } from '../cms/seed'
import { installRebuildQueue, processBuilder, RebuildQueue } from '../cms/publishing/rebuildQueue'
import { repoRoot } from '../shared/paths'
import { openPayload } from '../scripts/lib/payload'

const district = process.argv.includes('--district') ? process.argv[process.argv.indexOf('--district') + 1]! : 'xinhong'
const runs = Number(process.env.BENCH_RUNS ?? 5)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`

const payload = await openPayload()
if ((await payload.count({ collection: 'districts' })).totalDocs === 0) await seed(payload)
const build = processBuilder()
const outDir = path.join(repoRoot, process.env.SITES_OUT_DIR || 'dist', district)
// The same cache folder rule as astro.config.mjs.
const source = createHash('sha1').update(process.env.CMS_URL || process.env.DATABASE_URI || 'default').digest('hex').slice(0, 8)
const cacheDir = path.join(repoRoot, 'node_modules', '.astro', source, district)

console.log(`Full rebuilds of ${district} (incremental cache cleared each time) …`)
const full: number[] = []
for (let i = 0; i < Math.max(3, Math.ceil(runs / 2)); i++) {
  fs.rmSync(cacheDir, { recursive: true, force: true })
  const t0 = performance.now()
  const result = await build(district)
  if (!result.ok) throw new Error(`full build failed:\n${result.output.slice(-2000)}`)
  full.push(performance.now() - t0)
}

const queue = new RebuildQueue({ build, record: () => {}, payload })
installRebuildQueue(queue)
const { docs } = await payload.find({
  collection: 'news',
  where: { and: [{ _status: { equals: 'published' } }, { 'district.slug': { equals: district } }] },
  limit: 1,
  depth: 0,
})
const item = docs[0]
if (!item) throw new Error(`no published news in ${district}`)
const page = path.join(outDir, 'news', item.slug, 'index.html')

console.log(`Publish → live for “${item.title}” (debounce ${queue.debounceMs} ms) …`)
const live: number[] = []
for (let i = 0; i < runs; i++) {
  const marker = `（基准测试修改 ${Date.now()}-${i}）`
  const t0 = performance.now()
  await payload.update({ collection: 'news', id: item.id, data: { summary: `${item.summary ?? ''}${marker}` } })
  // Live = the district's own page shows the edit (its ancestors' sites rebuild after it).
  while (!(fs.existsSync(page) && fs.readFileSync(page, 'utf8').includes(marker))) {
    if (performance.now() - t0 > 300_000) throw new Error('the edit did not reach the built page within 5 minutes')
    await new Promise((r) => setTimeout(r, 50))
  }
  live.push(performance.now() - t0)
  await queue.idle()
}
await payload.update({ collection: 'news', id: item.id, data: { summary: item.summary } })
await queue.idle()
installRebuildQueue(undefined)

console.log('\n| measure | runs | median | all |')
console.log('| --- | --- | --- | --- |')
console.log(`| full rebuild of ${district} | ${full.length} | ${seconds(median(full))} | ${full.map(seconds).join(', ')} |`)
console.log(`| publish → live, one news edit | ${live.length} | ${seconds(median(live))} | ${live.map(seconds).join(', ')} |`)
console.log(`| of which debounce wait | | ${seconds(queue.debounceMs)} | |`)
console.log(`\nratio full / publish→live: ${(median(full) / median(live)).toFixed(2)}×`)
await payload.destroy()
process.exit(0)
