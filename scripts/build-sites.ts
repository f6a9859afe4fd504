/**
 * `npm run build:sites [-- --district <slug>]`: one static site per district
 * that has published content, into `dist/<slug>/` (or SITES_OUT_DIR), plus an
 * index page listing them. Each site is built into a staging folder, indexed
 * by Pagefind, then swapped in with renames, so a half-built or failed build
 * never replaces the live site.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

// Site builds only read: they must never alter the database schema (see cms/database.ts).
process.env.PAYLOAD_DB_PUSH ??= '0'

import { buildEnv } from '../cms/publishing/rebuildQueue'
import { repoRoot } from '../shared/paths'
import { defaultSource, districtScope, type ContentSource, type SiteCollection } from '../site/loader/payload'

const args = process.argv.slice(2)
const only = args.includes('--district') ? args[args.indexOf('--district') + 1] : undefined
// Only rebuilds of one district (the publish path) defer indexing; full builds index before the swap.
const deferSearchIndex = Boolean(only) && process.env.SITE_DEFER_SEARCH_INDEX !== '0'
const outRoot = path.resolve(repoRoot, process.env.SITES_OUT_DIR || 'dist')
const pagefindCli = path.join(repoRoot, 'node_modules', 'pagefind', 'lib', 'runner', 'bin.cjs')
const astroCli = path.join(repoRoot, 'node_modules', 'astro', 'bin', 'astro.mjs')
const origin = (process.env.SITE_ORIGIN || 'http://localhost:4321').replace(/\/+$/, '')

type Site = { slug: string; name: string; url: string; items: number }

/** Districts whose scope (itself and its descendants) has any published content. */
async function districtsWithContent(source: ContentSource): Promise<Site[]> {
  const districts = await source.fetch('districts', (await source.list('districts', {})).map((d) => d.id))
  // One query per collection (only the district column), counted here: a query per district and
  // collection took seconds on a large site, and every single-district rebuild pays for this.
  const own = new Map<string, number>()
  for (const collection of ['stations', 'brands', 'news', 'activities', 'campaigns'] as SiteCollection[]) {
    for (const doc of await source.list(collection, {}, ['district'])) {
      const id = String(typeof doc.district === 'object' && doc.district ? doc.district.id : doc.district)
      own.set(id, (own.get(id) ?? 0) + 1)
    }
  }
  const sites: Site[] = []
  for (const district of districts) {
    const { ids } = await districtScope(source, district.slug, districts)
    const items = ids.reduce<number>((sum, id) => sum + (own.get(String(id)) ?? 0), 0)
    if (items > 0) sites.push({ slug: district.slug, name: district.name, url: district.site?.baseUrl || origin, items })
  }
  return sites.sort((a, b) => b.items - a.items)
}

function run(command: string, commandArgs: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', (code) => resolve({ code: code ?? 1, output }))
  })
}

function countPages(dir: string): number {
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => {
    if (e.isDirectory()) return e.name === 'pagefind' || e.name === 'media' ? n : n + countPages(path.join(dir, e.name))
    return n + (e.name.endsWith('.html') ? 1 : 0)
  }, 0)
}

/** Moves a finished folder into place; a copy when the two are on different file systems. */
function move(from: string, to: string) {
  try {
    fs.renameSync(from, to)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
    fs.cpSync(from, to, { recursive: true })
    fs.rmSync(from, { recursive: true, force: true })
  }
}

async function buildSite(site: Site, allSlugs: string[]): Promise<number> {
  // Staged inside the project: Astro keeps a build's prerender chunks in `<outDir>/.prerender` only when
  // outDir is under the working directory (else in the shared `.astro/`), and per-build chunks are what
  // lets two district builds run at once.
  const staging = path.join(repoRoot, 'node_modules', '.astro', 'staging', `${site.slug}-${process.pid}`)
  const live = path.join(outRoot, site.slug)
  fs.rmSync(staging, { recursive: true, force: true })
  const { code, output } = await run(process.execPath, [astroCli, 'build'], {
    // A clean production environment: a test runner's BASE_URL & co. would override Astro's `base`.
    ...buildEnv(process.env),
    SITE_DISTRICT: site.slug,
    SITE_DISTRICTS: allSlugs.join(','),
    SITE_URL: site.url,
    SITE_OUT_DIR: staging,
  })
  if (code !== 0) {
    fs.rmSync(staging, { recursive: true, force: true })
    throw new Error(`astro build for ${site.slug} failed (exit ${code}); the live site was left as it was.\n${output.split('\n').slice(-40).join('\n')}`)
  }
  // A rebuild of a live site after an edit publishes its pages first and re-indexes search right
  // after: the previous index goes out with the new pages (search is a few seconds behind, never
  // broken), and indexing — about half of a district build — no longer delays publish → live.
  const previousIndex = path.join(live, 'pagefind')
  const deferIndex = deferSearchIndex && fs.existsSync(previousIndex)
  if (deferIndex) fs.cpSync(previousIndex, path.join(staging, 'pagefind'), { recursive: true })
  else await indexSearch(site.slug, staging, path.join(staging, 'pagefind'), () => fs.rmSync(staging, { recursive: true, force: true }))
  // Swap: rename is atomic per directory; the old site is removed only after the new one is in place.
  const next = path.join(outRoot, `.staging-${site.slug}`)
  fs.rmSync(next, { recursive: true, force: true })
  move(staging, next)
  const old = path.join(outRoot, `.old-${site.slug}`)
  fs.rmSync(old, { recursive: true, force: true })
  if (fs.existsSync(live)) fs.renameSync(live, old)
  fs.renameSync(next, live)
  fs.rmSync(old, { recursive: true, force: true })
  if (deferIndex) {
    console.log(`  ${site.slug}: pages live; indexing search …`)
    const fresh = path.join(live, '.pagefind-next')
    fs.rmSync(fresh, { recursive: true, force: true })
    await indexSearch(site.slug, live, fresh, () => fs.rmSync(fresh, { recursive: true, force: true }))
    const stale = path.join(live, '.pagefind-old')
    fs.renameSync(previousIndex, stale)
    fs.renameSync(fresh, previousIndex)
    fs.rmSync(stale, { recursive: true, force: true })
  }
  return countPages(live)
}

/** Pagefind's own CLI, one process per site: its Node API shares one indexing service between all
 *  sites of a process, which made two builds at a time wait for each other's indexes. */
async function indexSearch(slug: string, siteDir: string, outputPath: string, cleanUp: () => void) {
  const indexed = await run(process.execPath, [pagefindCli, '--site', siteDir, '--output-path', outputPath], process.env)
  if (indexed.code !== 0) {
    cleanUp()
    throw new Error(`Pagefind could not index ${slug} (exit ${indexed.code}); the live site's search index was left as it was.\n${indexed.output.split('\n').slice(-20).join('\n')}`)
  }
}

function writeIndex(sites: Site[]) {
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
  const existing = sites.filter((s) => fs.existsSync(path.join(outRoot, s.slug, 'index.html')))
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>区域党建展示网站</title><style>body{font:18px/1.8 'Noto Sans CJK SC',system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1f1f1f}a{color:#8e1414}</style></head>
<body><main><h1>区域党建展示网站</h1><ul>${existing.map((s) => `<li><a href="/${escape(s.slug)}/">${escape(s.name)}</a>（${s.items} 条内容）</li>`).join('')}</ul></main></body></html>`
  // Written aside and renamed: two district builds at once both rewrite this page.
  const temp = path.join(outRoot, `.index-${process.pid}.html`)
  fs.writeFileSync(temp, html)
  fs.renameSync(temp, path.join(outRoot, 'index.html'))
}

const started = Date.now()
const source = defaultSource()
const sites = await districtsWithContent(source)
const targets = only ? sites.filter((s) => s.slug === only) : sites
fs.mkdirSync(outRoot, { recursive: true })
if (only && targets.length === 0) {
  // The district has no published content any more (last item unpublished or deleted, or the
  // district itself deleted): take its site down rather than leave stale pages online.
  const live = path.join(outRoot, only)
  if (fs.existsSync(live)) {
    const old = path.join(outRoot, `.old-${only}`)
    fs.rmSync(old, { recursive: true, force: true })
    fs.renameSync(live, old)
    fs.rmSync(old, { recursive: true, force: true })
    console.log(`${only}: no published content any more — its site was removed.`)
  } else {
    console.log(`${only}: no published content, nothing to build.`)
  }
  writeIndex(sites)
  process.exit(0)
}
// Districts build side by side, one per core by default (each build is one mostly single-threaded
// process; Pagefind uses threads of its own). Biggest first, so the long ones do not finish last alone.
const concurrency = Math.max(1, Number(process.env.SITE_BUILD_CONCURRENCY) || Math.min(2, os.availableParallelism()))
console.log(`Building ${targets.length} district site(s) into ${path.relative(process.cwd(), outRoot) || outRoot}/ (${concurrency} at a time)`)
let failures = 0
let totalPages = 0
const queue = [...targets]
const worker = async () => {
  for (let site = queue.shift(); site; site = queue.shift()) {
    const t0 = Date.now()
    try {
      const pages = await buildSite(site, sites.map((s) => s.slug))
      totalPages += pages
      const seconds = (Date.now() - t0) / 1000
      console.log(`  ${site.name.padEnd(8, '　')} ${site.slug.padEnd(22)} ${String(pages).padStart(4)} pages  ${seconds.toFixed(1).padStart(5)} s  ${(pages / seconds).toFixed(1)} pages/s`)
    } catch (error) {
      failures++
      console.error(`  ${site.name} ${site.slug}: FAILED — ${(error as Error).message}`)
    }
  }
}
await Promise.all(Array.from({ length: Math.min(concurrency, targets.length) }, worker))
writeIndex(sites)
const seconds = (Date.now() - started) / 1000
console.log(`Done: ${totalPages} pages in ${seconds.toFixed(1)} s (${(totalPages / seconds).toFixed(1)} pages/s)${failures ? `, ${failures} site(s) failed` : ''}`)
process.exit(failures ? 1 : 0)
