/**
 * `npm run bench [-- --quick | --scale N] [-- --reuse] [-- --build-only]`: the benchmark at scale.
 *
 *  1. generates the synthetic dataset into a fresh SQLite file (bench/generate.ts;
 *     `--reuse` keeps an earlier one of the same size);
 *  2. measures, each step in its own child processes as the product runs them:
 *     full build of every district site with its Pagefind index (wall, pages/s,
 *     peak memory of the build's process tree); one district cold and warm;
 *     publish → live against a full rebuild; page weights; CMS REST latency
 *     (autocannon, `next start` on the dataset); 55 concurrent editors saving with If-Match,
 *     checked for lost updates (bench/editors.ts); Lighthouse on five pages;
 *  3. builds the same news through Hugo (Debian's) for the throughput ratio;
 *  4. prints one table with each target met / not met and writes bench/results.json.
 *
 * `--quick` is one tenth of the data and shorter runs, plus a short soak (2,000 saves, bench/soak.ts):
 * it keeps the harness working in CI and asserts nothing. `--scale N` is N times the full dataset
 * (bench/.data/scale-N); `--build-only` stops after the full build (results.<mode>.build.json), to
 * see how generation and build time and memory grow with the size of the content.
 *
 * Every step catches its own failure: it is printed, listed at the end and in the results, and the
 * run goes on — a benchmark reports; a slow or loaded machine does not make it crash.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { htmlFiles } from '../shared/files'
import { repoRoot } from '../shared/paths'
import type { RestRow } from './measure-rest'
import { failedOutput, measure } from './measure-process'
import { printSummary, targets, type BenchResults } from './summary'

const args = process.argv.slice(2)
const quick = args.includes('--quick')
const reuse = args.includes('--reuse')
const scale = args.includes('--scale') ? Number(args[args.indexOf('--scale') + 1]) : 1
const buildOnly = args.includes('--build-only')
const mode = quick ? 'quick' : scale === 1 ? 'full' : `scale-${scale}`
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
const results: BenchResults & Record<string, unknown> = {
  mode,
  machine: {
    cpus: os.availableParallelism(),
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 10) / 10),
  },
  startedAt: new Date().toISOString(),
  failures: [],
}

// ── helpers ───────────────────────────────────────────────────────────────────
/** Runs one step: its failure is printed and recorded, and the benchmark goes on. */
async function attempt<T>(title: string, body: () => Promise<T>): Promise<T | undefined> {
  step(title)
  try {
    return await body()
  } catch (error) {
    const message = (error as Error).stack ?? String(error)
    log(`  FAILED: ${message.split('\n').slice(0, 6).join('\n  ')}`)
    results.failures!.push({ step: title, error: (error as Error).message ?? String(error) })
    return undefined
  }
}

const tsx = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs')
const htmlCount = (dir: string) => (fs.existsSync(dir) ? htmlFiles(dir).length : 0)
const { siteCacheDir } = await import('./publish-live')
const clearSiteCaches = () => fs.rmSync(path.dirname(siteCacheDir(sampleDistrict)), { recursive: true, force: true })
const buildSites = (extra: string[] = [], echo?: RegExp) =>
  measure([tsx, 'scripts/build-sites.ts', ...extra], { NODE_ENV: 'production' }, echo)

// ── 1. dataset ────────────────────────────────────────────────────────────────
const haveDataset = await attempt(`1. dataset (${mode})`, async () => {
  if (reuse && fs.existsSync(path.join(dataDir, 'cms.db'))) {
    log(`  reusing ${path.relative(repoRoot, dataDir)}/ (--reuse)`)
    results.dataset = { reused: true }
    return true
  }
  // In its own process, like every step: the generator creates the schema and then lets the database go.
  const size = quick ? ['--quick'] : scale === 1 ? [] : ['--scale', String(scale)]
  const generated = await measure([tsx, 'bench/generate.ts', ...size, '--out', dataDir], {}, /docs|Generating|Done/)
  if (generated.code !== 0) throw failedOutput('generating the dataset', generated)
  const summary = JSON.parse(generated.output.slice(generated.output.lastIndexOf('\n{\n') + 1))
  results.dataset = {
    counts: summary.counts,
    seconds: summary.seconds,
    docsPerSecond: summary.docsPerSecond,
    rates: summary.rates,
    peakRssMB: generated.peakRssMB,
  }
  log(`  peak memory ${generated.peakRssMB} MB`)
  return true
})
const skipped = (title: string, why: string) => (step(title), log(`  skipped: ${why}`), undefined)
const needsData = async <T>(title: string, body: () => Promise<T>) =>
  !haveDataset ? skipped(title, 'no dataset') : buildOnly && !title.startsWith('2a') ? skipped(title, '--build-only') : attempt(title, body)

// ── 2a. full build ────────────────────────────────────────────────────────────
results.fullBuild = await needsData('2a. full build of every district site, with Pagefind (cold: no incremental cache)', async () => {
  fs.rmSync(sitesDir, { recursive: true, force: true })
  clearSiteCaches()
  const full = await buildSites([], /pages|FAILED/)
  if (full.code !== 0) throw failedOutput('the full build', full)
  const pages = Number(/Done: (\d+) pages/.exec(full.output)?.[1] ?? htmlCount(sitesDir))
  log(`  ${pages} pages in ${full.seconds.toFixed(1)} s = ${(pages / full.seconds).toFixed(1)} pages/s, peak memory ${full.peakRssMB} MB`)
  return {
    pages,
    seconds: full.seconds,
    pagesPerSecond: pages / full.seconds,
    peakRssMB: full.peakRssMB,
    workers: Number(/\((\d+) worker/.exec(full.output)?.[1] ?? 1),
  }
})

// ── 2b. one district, cold and warm ───────────────────────────────────────────
results.districtBuild = await needsData(`2b. one district (${sampleDistrict}), cold then warm`, async () => {
  fs.rmSync(siteCacheDir(sampleDistrict), { recursive: true, force: true })
  const cold = await buildSites(['--district', sampleDistrict])
  if (cold.code !== 0) throw failedOutput(`the cold ${sampleDistrict} build`, cold)
  const warm = await buildSites(['--district', sampleDistrict])
  if (warm.code !== 0) throw failedOutput(`the warm ${sampleDistrict} build`, warm)
  const pages = htmlCount(path.join(sitesDir, sampleDistrict))
  log(`  ${pages} pages: cold ${cold.seconds.toFixed(1)} s, warm ${warm.seconds.toFixed(1)} s`)
  return { district: sampleDistrict, pages, coldSeconds: cold.seconds, warmSeconds: warm.seconds, coldPeakRssMB: cold.peakRssMB }
})

// ── 2c. publish → live ────────────────────────────────────────────────────────
const payload = await needsData('2c. open the dataset (Local API)', async () => {
  const { getPayload } = await import('payload')
  const { default: config } = await import('../cms/payload.config')
  return getPayload({ config })
})
const ifPayload = async <T>(title: string, body: (p: NonNullable<typeof payload>) => Promise<T>) =>
  payload ? attempt(title, () => body(payload)) : skipped(title, buildOnly ? '--build-only' : 'the dataset could not be opened')
results.publishLive = await ifPayload('2c. publish → live for one edited news item', async (p) => {
  const { measurePublishLive } = await import('./publish-live')
  return measurePublishLive(p, { district: sampleDistrict, runs: quick ? 3 : 5, fullRuns: quick ? 1 : 3, log })
})

// ── 2c'. preview (issue 16) ───────────────────────────────────────────────────
results.preview = await ifPayload(`2c'. preview: cold, keystroke → updated preview, 预览链接 → page (${sampleDistrict})`, async (p) => {
  const { measurePreview } = await import('./preview')
  return measurePreview(p, { district: sampleDistrict, runs: 20, log })
})

// ── 2d. page weight ───────────────────────────────────────────────────────────
results.pageWeights = await needsData('2d. page weight (gzip, without images)', async () => {
  const { pageWeights, printPageWeights } = await import('./page-weight')
  const weights = pageWeights(path.join(sitesDir, sampleDistrict))
  printPageWeights(weights, (line) => log(`  ${line}`))
  return weights
})

// ── 2e. REST ──────────────────────────────────────────────────────────────────
const benchAdmin = { email: 'bench-admin@bench.test', password: 'bench-admin-password-1' }
results.rest = await ifPayload('2e. CMS REST latency (autocannon, loopback, SQLite), anonymous and signed in', async (p) => {
  // The signed-in list (an admin's list view) is never served from the anonymous read cache.
  if (!(await p.count({ collection: 'users', where: { email: { equals: benchAdmin.email } }, overrideAccess: true })).totalDocs) {
    await p.create({ collection: 'users', data: { ...benchAdmin, name: 'bench-admin', roles: ['admin'] } as never, overrideAccess: true })
  }
  const { ensureCmsBuilt, startCms } = await import('./cms-server')
  const { measureRest, printRestTable } = await import('./measure-rest')
  const { signIn } = await import('./soak-saves')
  await ensureCmsBuilt(log)
  const rows: (RestRow & { cache: string })[] = []
  // As shipped (anonymous reads answered from the micro-cache), and with the cache off: what Payload
  // itself answers at, which is what editors and the site builder (with credentials) always get.
  for (const [cache, env] of [
    ['on', {}],
    ['off', { PUBLIC_CACHE_TTL_MS: '0' }],
  ] as const) {
    const cms = await startCms(env)
    try {
      log(`  anonymous read cache ${cache}:`)
      const authorization = await signIn(cms.url, benchAdmin.email, benchAdmin.password)
      const measured = await measureRest({ url: cms.url, duration: quick ? 3 : 10, authorization, log: (line) => log(`  ${line}`) })
      printRestTable(measured, (line) => log(`  ${line}`))
      rows.push(...measured.map((r) => ({ ...r, cache })))
    } finally {
      await cms.stop()
    }
  }
  return rows
})

// ── 2f. Lighthouse ────────────────────────────────────────────────────────────
results.lighthouse = await needsData('2f. Lighthouse (mobile, Debian Chromium)', async () => {
  const { serveStatic } = await import('../scripts/lib/static-server')
  const server = await serveStatic(sitesDir)
  try {
    const { runLighthouse, printLighthouseTable, lighthousePages } = await import('./lighthouse')
    const pages = lighthousePages(sitesDir, sampleDistrict, server.url)
    for (const section of ['article', 'station', 'search']) {
      if (!pages.some((p) => p.page === section)) throw new Error(`no ${section} page in ${path.join(sitesDir, sampleDistrict)}`)
    }
    const lighthouse = await runLighthouse(pages, { log: (line) => log(`  ${line}`) })
    printLighthouseTable(lighthouse, (line) => log(`  ${line}`))
    return lighthouse
  } finally {
    await server.close()
  }
})

// ── 2g. concurrent editors ───────────────────────────────────────────────────
results.editors = await ifPayload('2g. concurrent editors: 50 on their own documents + 5 on one, saving with If-Match', async (p) => {
  const { runEditorsBench, printEditorsTable } = await import('./editors')
  const editors = await runEditorsBench(p, { seconds: quick ? 15 : 60, log: (line) => log(`  ${line}`) })
  printEditorsTable(editors, (line) => log(`  ${line}`))
  return editors
})

// ── 2h. soak (quick only: the full soak is `npm run bench:soak`) ───────────────
if (quick) {
  results.soak = await needsData(
    '2h. soak: 2,000 saves through REST + 10 rebuilds, RSS of the CMS server and the build workers',
    async () => {
      const file = path.join(repoRoot, 'bench', '.data', 'soak-result.json')
      fs.rmSync(file, { force: true })
      // In its own process: the soak opens a copy of the dataset, which this process's Payload must not be.
      const soak = await measure(
        [tsx, 'bench/soak.ts', '--quick', '--data', dataDir, '--json', file],
        {},
        /ops|server|process|---|\| |saves|errors|rebuild/,
      )
      if (soak.code !== 0 || !fs.existsSync(file)) throw failedOutput('the soak', soak)
      return JSON.parse(fs.readFileSync(file, 'utf8'))
    },
  )
}

// ── 2i. export and import ─────────────────────────────────────────────────────
results.transfer = await needsData(
  '2i. npm run export of the dataset, npm run import of it into an empty database (--publish)',
  async () => {
    const { measureTransfer } = await import('./transfer')
    return measureTransfer({ tsx, workDir: path.join(repoRoot, 'bench', '.data', `${mode}-transfer`), measure, log })
  },
)

// ── 3. Hugo ───────────────────────────────────────────────────────────────────
results.hugo = await ifPayload('3. reference: the same news through Hugo', async (p) => {
  const { hugoReference, printHugoLine } = await import('./hugo')
  const { publishedNews } = await import('./hugo-news')
  const hugo = await hugoReference(
    await publishedNews(p),
    // 12 a page, as our news lists (site/lib/paging.ts).
    { workDir: path.join(repoRoot, 'bench', '.data', `${mode}-hugo`), pageSize: 12, log: (line) => log(`  ${line}`) },
  )
  printHugoLine(hugo, (line) => log(`  ${line}`))
  return hugo
})
if (payload) {
  const { docs: sampleNews } = await payload
    .find({ collection: 'news', where: { _status: { equals: 'published' } }, limit: 1, depth: 0, sort: 'id' })
    .catch(() => ({ docs: [] as { slug: string }[] }))
  results.sampleNews = sampleNews[0]?.slug
  await payload.destroy().catch(() => {})
}

// ── 4. summary ────────────────────────────────────────────────────────────────
results.targets = targets(results)
results.seconds = (performance.now() - started) / 1000
results.machine = { ...(results.machine as object), loadAverageAtEnd: os.loadavg().map((x) => Math.round(x * 10) / 10) }
step(`Summary (${mode} dataset${quick ? ': one tenth of the data, short runs — figures are not the targets’ scale' : ''})`)
printSummary(results, mode, log)
const resultsFile = path.join(
  repoRoot,
  'bench',
  mode === 'full' && !buildOnly ? 'results.json' : `results.${mode}${buildOnly ? '.build' : ''}.json`,
)
fs.writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`)
log(
  `\nWrote ${path.relative(repoRoot, resultsFile)} — benchmark took ${((performance.now() - started) / 60000).toFixed(1)} min${results.failures!.length ? `; ${results.failures!.length} step(s) failed (listed above)` : ''}`,
)
process.exit(0)
