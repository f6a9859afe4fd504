/**
 * `npm run bench [-- --quick] [-- --reuse]`: the benchmark at scale.
 *
 *  1. generates the synthetic dataset into a fresh SQLite file (bench/generate.ts;
 *     `--reuse` keeps an earlier one of the same size);
 *  2. measures, each step in its own child processes as the product runs them:
 *     full build of every district site with its Pagefind index (wall, pages/s,
 *     peak memory of the build's process tree); one district cold and warm;
 *     publish → live against a full rebuild; page weights; CMS REST latency
 *     (autocannon, `next start` on the dataset); 55 concurrent editors saving with If-Match,
 *     checked for lost updates (bench/editors.ts); Lighthouse on three pages;
 *  3. builds the same news through Hugo (Debian's) for the throughput ratio;
 *  4. prints one table with each target met / not met and writes bench/results.json.
 *
 * `--quick` is one tenth of the data and shorter runs: it keeps the harness working
 * in CI and asserts nothing.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { htmlFiles } from '../shared/files'
import { repoRoot } from '../shared/paths'
import type { RestRow } from './measure-rest'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const reuse = args.includes('--reuse')
const mode = quick ? 'quick' : 'full'
const dataDir = path.join(repoRoot, 'bench', '.data', mode)
const sitesDir = path.join(repoRoot, 'bench', '.data', `${mode}-dist`)
const sampleDistrict = 'xinhong'
const log = (line: string) => console.log(line)
const step = (title: string) => log(`\n== ${title}`)

// Every Payload and every build below works on the benchmark dataset, never on data/cms.db
// (this process creates its schema; the builds and the measured server never alter it).
process.env.DATABASE_URI = `file:${path.join(dataDir, 'cms.db')}`
process.env.MEDIA_DIR = path.join(dataDir, 'media')
process.env.SITES_OUT_DIR = sitesDir
process.env.PAYLOAD_SECRET ||= 'benchmark-only-secret'
process.env.NEXT_TELEMETRY_DISABLED = '1'
process.env.ASTRO_TELEMETRY_DISABLED = '1'

const started = performance.now()
const results: Record<string, unknown> = { mode, machine: { cpus: os.availableParallelism(), memoryGB: Math.round(os.totalmem() / 2 ** 30), node: process.version }, startedAt: new Date().toISOString() }

// ── helpers ───────────────────────────────────────────────────────────────────
type Measured = { code: number; output: string; seconds: number; peakRssMB: number }

/** Resident memory (kB) of a process and all its descendants, from /proc. */
function treeRssKb(root: number): number {
  const children = new Map<number, number[]>()
  const rss = new Map<number, number>()
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8')
      rss.set(Number(entry), Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0))
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)])
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0
  const stack = [root]
  while (stack.length) {
    const pid = stack.pop()!
    total += rss.get(pid) ?? 0
    stack.push(...(children.get(pid) ?? []))
  }
  return total
}

/** Runs an npm-installed CLI through this Node, timing it and sampling its process tree's memory;
 *  output lines matching `echo` are shown as they come. */
function measure(command: string[], env: Record<string, string> = {}, echo?: RegExp): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, command, { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    const take = (chunk: Buffer) => {
      output += chunk
      if (echo) process.stdout.write(chunk.toString().split('\n').filter((l) => echo.test(l)).map((l) => `  ${l}\n`).join(''))
    }
    child.stdout.on('data', take)
    child.stderr.on('data', (chunk) => (output += chunk))
    let peak = 0
    const sampler = setInterval(() => child.pid && (peak = Math.max(peak, treeRssKb(child.pid))), 200)
    child.on('error', reject)
    child.on('close', (code) => {
      clearInterval(sampler)
      resolve({ code: code ?? 1, output, seconds: (performance.now() - t0) / 1000, peakRssMB: Math.round(peak / 1024) })
    })
  })
}

const tsx = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs')
const htmlCount = (dir: string) => (fs.existsSync(dir) ? htmlFiles(dir).length : 0)
const { siteCacheDir } = await import('./publish-live')
const clearSiteCaches = () => fs.rmSync(path.dirname(siteCacheDir(sampleDistrict)), { recursive: true, force: true })
const buildSites = (extra: string[] = [], echo?: RegExp) => measure([tsx, 'scripts/build-sites.ts', ...extra], { NODE_ENV: 'production' }, echo)

// ── 1. dataset ────────────────────────────────────────────────────────────────
step(`1. dataset (${mode})`)
if (reuse && fs.existsSync(path.join(dataDir, 'cms.db'))) {
  log(`  reusing ${path.relative(repoRoot, dataDir)}/ (--reuse)`)
  results.dataset = { reused: true }
} else {
  // In its own process, like every step: the generator creates the schema and then lets the database go.
  const generated = await measure([tsx, 'bench/generate.ts', ...(quick ? ['--quick'] : []), '--out', dataDir], {}, /docs|Generating|Done/)
  if (generated.code !== 0) throw new Error(`generating the dataset failed:\n${generated.output.slice(-3000)}`)
  const summary = JSON.parse(generated.output.slice(generated.output.lastIndexOf('\n{\n') + 1))
  results.dataset = { counts: summary.counts, seconds: summary.seconds, docsPerSecond: summary.docsPerSecond, rates: summary.rates }
}

// ── 2a. full build ────────────────────────────────────────────────────────────
step('2a. full build of every district site, with Pagefind (cold: no incremental cache)')
fs.rmSync(sitesDir, { recursive: true, force: true })
clearSiteCaches()
const full = await buildSites([], /pages|FAILED/)
if (full.code !== 0) throw new Error(`the full build failed:\n${full.output.slice(-3000)}`)
const fullPages = Number(/Done: (\d+) pages/.exec(full.output)?.[1] ?? htmlCount(sitesDir))
results.fullBuild = { pages: fullPages, seconds: full.seconds, pagesPerSecond: fullPages / full.seconds, peakRssMB: full.peakRssMB, workers: Number(/\((\d+) worker/.exec(full.output)?.[1] ?? 1) }
log(`  ${fullPages} pages in ${full.seconds.toFixed(1)} s = ${(fullPages / full.seconds).toFixed(1)} pages/s, peak memory ${full.peakRssMB} MB`)

// ── 2b. one district, cold and warm ───────────────────────────────────────────
step(`2b. one district (${sampleDistrict}), cold then warm`)
fs.rmSync(siteCacheDir(sampleDistrict), { recursive: true, force: true })
const cold = await buildSites(['--district', sampleDistrict])
const warm = await buildSites(['--district', sampleDistrict])
if (cold.code !== 0 || warm.code !== 0) throw new Error(`the ${sampleDistrict} build failed:\n${(cold.code ? cold : warm).output.slice(-3000)}`)
const districtPages = htmlCount(path.join(sitesDir, sampleDistrict))
results.districtBuild = { district: sampleDistrict, pages: districtPages, coldSeconds: cold.seconds, warmSeconds: warm.seconds, coldPeakRssMB: cold.peakRssMB }
log(`  ${districtPages} pages: cold ${cold.seconds.toFixed(1)} s, warm ${warm.seconds.toFixed(1)} s`)

// ── 2c. publish → live ────────────────────────────────────────────────────────
step('2c. publish → live for one edited news item')
const { getPayload } = await import('payload')
const { default: config } = await import('../cms/payload.config')
const payload = await getPayload({ config })
const { measurePublishLive, printPublishLive } = await import('./publish-live')
const publish = await measurePublishLive(payload, { district: sampleDistrict, runs: quick ? 3 : 5, fullRuns: quick ? 1 : 3, log })
results.publishLive = publish
const { docs: sampleNews } = await payload.find({ collection: 'news', where: { _status: { equals: 'published' } }, limit: 1, depth: 0, sort: 'id' })

// ── 2d. page weight ───────────────────────────────────────────────────────────
step('2d. page weight (gzip, without images)')
const { pageWeights, printPageWeights } = await import('./page-weight')
const weights = pageWeights(path.join(sitesDir, sampleDistrict))
printPageWeights(weights, (line) => log(`  ${line}`))
results.pageWeights = weights

// ── 2e. REST ──────────────────────────────────────────────────────────────────
step('2e. CMS REST latency (autocannon, loopback, SQLite)')
const { ensureCmsBuilt, startCms } = await import('./cms-server')
await ensureCmsBuilt(log)
const restRows: (RestRow & { cache: string })[] = []
const { measureRest, printRestTable } = await import('./measure-rest')
// As shipped (anonymous reads answered from the micro-cache), and with the cache off: what Payload
// itself answers at, which is what editors and the site builder (with credentials) always get.
for (const [cache, env] of [
  ['on', {}],
  ['off', { PUBLIC_CACHE_TTL_MS: '0' }],
] as const) {
  const cms = await startCms(env)
  try {
    log(`  anonymous read cache ${cache}:`)
    const rows = await measureRest({ url: cms.url, duration: quick ? 3 : 10, log: (line) => log(`  ${line}`) })
    printRestTable(rows, (line) => log(`  ${line}`))
    restRows.push(...rows.map((r) => ({ ...r, cache })))
  } finally {
    await cms.stop()
  }
}
results.rest = restRows

// ── 2f. Lighthouse ────────────────────────────────────────────────────────────
step('2f. Lighthouse (mobile, Debian Chromium)')
const { serveStatic } = await import('../scripts/lib/static-server')
const { firstDetail } = await import('./page-weight')
const server = await serveStatic(sitesDir)
try {
  const { runLighthouse, printLighthouseTable } = await import('./lighthouse')
  const siteDir = path.join(sitesDir, sampleDistrict)
  const detailUrl = (section: string) => {
    const file = firstDetail(siteDir, section)
    if (!file) throw new Error(`no ${section} page in ${siteDir}`)
    return `${server.url}/${sampleDistrict}/${path.relative(siteDir, path.dirname(file))}/`
  }
  const lighthouse = await runLighthouse(
    [
      { page: 'home', url: `${server.url}/${sampleDistrict}/` },
      { page: 'article', url: detailUrl('news') },
      { page: 'station', url: detailUrl('stations') },
    ],
    { log: (line) => log(`  ${line}`) },
  )
  printLighthouseTable(lighthouse, (line) => log(`  ${line}`))
  results.lighthouse = lighthouse
} finally {
  await server.close()
}

// ── 2g. concurrent editors ───────────────────────────────────────────────────
step('2g. concurrent editors: 50 on their own documents + 5 on one, saving with If-Match')
const { runEditorsBench, printEditorsTable } = await import('./editors')
const editors = await runEditorsBench(payload, { seconds: quick ? 15 : 60, log: (line) => log(`  ${line}`) })
printEditorsTable(editors, (line) => log(`  ${line}`))
results.editors = editors

// ── 3. Hugo ───────────────────────────────────────────────────────────────────
step('3. reference: the same news through Hugo')
const { hugoReference, printHugoLine } = await import('./hugo')
const { docs: published } = await payload.find({
  collection: 'news',
  where: { _status: { equals: 'published' } },
  depth: 1,
  pagination: false,
  select: { slug: true, title: true, publishedOn: true, district: true, summary: true, body: true },
})
const hugo = await hugoReference(
  published.map((n) => {
    const district = n.district as { slug: string; name: string }
    return { slug: n.slug, title: n.title, date: n.publishedOn.date, district: district.slug, districtName: district.name, summary: n.summary, body: n.body }
  }),
  // 12 a page, as our news lists (site/lib/paging.ts).
  { workDir: path.join(repoRoot, 'bench', '.data', `${mode}-hugo`), pageSize: 12, log: (line) => log(`  ${line}`) },
)
printHugoLine(hugo, (line) => log(`  ${line}`))
results.hugo = hugo
await payload.destroy()

// ── 4. summary ────────────────────────────────────────────────────────────────
const fb = results.fullBuild as { pagesPerSecond: number; pages: number; seconds: number; peakRssMB: number }
const article = weights.find((w) => w.page === 'article')
const noIsland = weights.filter((w) => w.islands === 0)
const lh = results.lighthouse as { page: string; performance: number; accessibility: number; bestPractices: number; seo: number }[]
const listAt50 = restRows.find((r) => r.endpoint.startsWith('news list') && r.connections === 50 && r.cache === 'on')
const listAt50Uncached = restRows.find((r) => r.endpoint.startsWith('news list') && r.connections === 50 && r.cache === 'off')
const ratioHugo = hugo.pagesPerSecond / fb.pagesPerSecond
const targets = [
  { target: 'full build ≥ 300 pages/s incl. search index', figure: `${fb.pagesPerSecond.toFixed(1)} pages/s (${fb.pages} pages, ${fb.seconds.toFixed(1)} s)`, met: fb.pagesPerSecond >= 300 },
  { target: 'full build within 10× of Hugo', figure: `Hugo ${hugo.pagesPerSecond.toFixed(0)} pages/s = ${ratioHugo.toFixed(1)}× ours`, met: ratioHugo <= 10 },
  { target: 'publish → live ≤ 5 s', figure: `${(publish.medianPublishToLive / 1000).toFixed(2)} s (median of ${publish.publishToLive.length})`, met: publish.medianPublishToLive <= 5000 },
  { target: 'publish → live ≥ 10× faster than a full district rebuild', figure: `${publish.ratio.toFixed(2)}× (${(publish.medianFullRebuild / 1000).toFixed(2)} s full)`, met: publish.ratio >= 10 },
  { target: 'article ≤ 40 KB transferred without images', figure: article ? `${(article.total / 1024).toFixed(1)} KB` : 'no article', met: Boolean(article && article.total <= 40 * 1024) },
  { target: '0 JS bytes on pages without an island', figure: noIsland.map((w) => `${w.page} ${w.jsRaw} B`).join(', '), met: noIsland.every((w) => w.jsRaw === 0) },
  { target: 'Lighthouse 100 in all four categories (home, article, station)', figure: lh.map((r) => `${r.page} ${r.performance}/${r.accessibility}/${r.bestPractices}/${r.seo}`).join('; '), met: lh.every((r) => r.performance === 100 && r.accessibility === 100 && r.bestPractices === 100 && r.seo === 100) },
  {
    target: 'concurrent editors: no lost update, no error but 409 conflicts',
    figure: `${editors.savesPerSecond.toFixed(1)} saves/s, save p95 ${editors.save.p95} ms, ${editors.conflicts} conflicts, errors ${Object.values(editors.errors).reduce((a, b) => a + b, 0)}, lost ${editors.verification.lostUpdates}`,
    met: editors.verification.lostUpdates === 0 && Object.keys(editors.errors).length === 0,
  },
  {
    target: 'REST list p95 ≤ 50 ms at 50 connections',
    figure: listAt50 ? `p95 ${listAt50.p95} ms, ${listAt50.requestsPerSecond.toFixed(0)} req/s (cache off: p95 ${listAt50Uncached?.p95} ms, ${listAt50Uncached?.requestsPerSecond.toFixed(0)} req/s)` : 'not measured',
    met: Boolean(listAt50 && listAt50.p95 <= 50),
  },
]
results.targets = targets
results.seconds = (performance.now() - started) / 1000
results.sampleNews = sampleNews[0]?.slug

step(`Summary (${mode} dataset${quick ? ': one tenth of the data, short runs — figures are not the targets’ scale' : ''})`)
log('| measure | figure |')
log('| --- | --- |')
log(`| full build, all districts + Pagefind | ${fb.pages} pages in ${fb.seconds.toFixed(1)} s = **${fb.pagesPerSecond.toFixed(1)} pages/s**, peak ${fb.peakRssMB} MB |`)
log(`| Hugo ${/v\d+\.\d+\.\d+/.exec(hugo.version)?.[0] ?? hugo.version}, same news, minimal template | ${hugo.pages} pages in ${hugo.seconds.toFixed(2)} s = ${hugo.pagesPerSecond.toFixed(0)} pages/s (ours/Hugo = ${(1 / ratioHugo).toFixed(3)}) |`)
log(`| one district (${sampleDistrict}, ${districtPages} pages) cold / warm | ${cold.seconds.toFixed(1)} s / ${warm.seconds.toFixed(1)} s |`)
log(`| publish → live (median of ${publish.publishToLive.length}) / full rebuild of ${sampleDistrict} | ${(publish.medianPublishToLive / 1000).toFixed(2)} s / ${(publish.medianFullRebuild / 1000).toFixed(2)} s = ${publish.ratio.toFixed(2)}× |`)
for (const w of weights) log(`| ${w.page}${w.islands ? ' (has an island)' : ''}: transferred (HTML+CSS+JS gz) / JS raw | ${(w.total / 1024).toFixed(1)} KB / ${w.jsRaw} B |`)
for (const r of restRows) log(`| REST ${r.endpoint}, ${r.connections} conn, cache ${r.cache} | ${r.requestsPerSecond.toFixed(0)} req/s, p50/p95/p99 ${r.p50}/${r.p95}/${r.p99} ms, ${(r.bytesPerResponse / 1024).toFixed(1)} KB |`)
log(`| ${editors.editors}+${editors.sharedEditors} concurrent editors, saves with If-Match | ${editors.savesPerSecond.toFixed(1)} saves/s, save p50/p95/p99 ${editors.save.p50}/${editors.save.p95}/${editors.save.p99} ms, ${editors.conflicts} conflicts, lost updates ${editors.verification.lostUpdates} |`)
for (const r of lh) log(`| Lighthouse ${r.page} (perf/a11y/best/SEO) | ${r.performance}/${r.accessibility}/${r.bestPractices}/${r.seo} |`)
log('')
log('| target | figure | met |')
log('| --- | --- | --- |')
for (const t of targets) log(`| ${t.target} | ${t.figure} | ${t.met ? 'met' : 'NOT met'} |`)
const resultsFile = path.join(repoRoot, 'bench', quick ? 'results.quick.json' : 'results.json')
fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
log(`\nWrote ${path.relative(repoRoot, resultsFile)} — benchmark took ${((performance.now() - started) / 60000).toFixed(1)} min`)
process.exit(0)
