/**
 * `npm run build:sites [-- --district <slug>]`: one static site per district
 * that has published content, into `dist/<slug>/` (or SITES_OUT_DIR), plus an
 * index page listing them. Each site is built into a staging folder, indexed
 * by Pagefind, then swapped in with renames, so a half-built or failed build
 * never replaces the live site.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import * as pagefind from 'pagefind'

// Site builds only read: they must never alter the database schema (see cms/database.ts).
process.env.PAYLOAD_DB_PUSH ??= '0'

import { buildEnv } from '../cms/publishing/rebuildQueue'
import { repoRoot } from '../shared/paths'
import { defaultSource, districtScope, type ContentSource, type SiteCollection } from '../site/loader/payload'

const args = process.argv.slice(2)
const only = args.includes('--district') ? args[args.indexOf('--district') + 1] : undefined
const outRoot = path.resolve(repoRoot, process.env.SITES_OUT_DIR || 'dist')
const origin = (process.env.SITE_ORIGIN || 'http://localhost:4321').replace(/\/+$/, '')

type Site = { slug: string; name: string; url: string; items: number }

/** Districts whose scope (itself and its descendants) has any published content. */
async function districtsWithContent(source: ContentSource): Promise<Site[]> {
  const districts = await source.fetch('districts', (await source.list('districts', {})).map((d) => d.id))
  const sites: Site[] = []
  for (const district of districts) {
    const { ids } = await districtScope(source, district.slug)
    let items = 0
    for (const collection of ['stations', 'brands', 'news', 'activities', 'campaigns'] as SiteCollection[]) {
      items += (await source.list(collection, { district: { in: ids } })).length
    }
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

async function buildSite(site: Site, allSlugs: string[]): Promise<number> {
  const staging = path.join(outRoot, `.staging-${site.slug}`)
  const live = path.join(outRoot, site.slug)
  fs.rmSync(staging, { recursive: true, force: true })
  const { code, output } = await run('astro', ['build'], {
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
  const { index } = await pagefind.createIndex({})
  if (!index) throw new Error('Pagefind could not start')
  await index.addDirectory({ path: staging })
  await index.writeFiles({ outputPath: path.join(staging, 'pagefind') })
  // Swap: rename is atomic per directory; the old site is removed only after the new one is in place.
  const old = path.join(outRoot, `.old-${site.slug}`)
  fs.rmSync(old, { recursive: true, force: true })
  if (fs.existsSync(live)) fs.renameSync(live, old)
  fs.renameSync(staging, live)
  fs.rmSync(old, { recursive: true, force: true })
  return countPages(live)
}

function writeIndex(sites: Site[]) {
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
  const existing = sites.filter((s) => fs.existsSync(path.join(outRoot, s.slug, 'index.html')))
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>区域党建展示网站</title><style>body{font:18px/1.8 'Noto Sans CJK SC',system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1f1f1f}a{color:#8e1414}</style></head>
<body><main><h1>区域党建展示网站</h1><ul>${existing.map((s) => `<li><a href="/${escape(s.slug)}/">${escape(s.name)}</a>（${s.items} 条内容）</li>`).join('')}</ul></main></body></html>`
  fs.writeFileSync(path.join(outRoot, 'index.html'), html)
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
// One district at a time: Astro writes its prerender bundle to the project's own `.astro/` folder
// whatever the cacheDir, so two builds of this project at once overwrite each other's chunks.
console.log(`Building ${targets.length} district site(s) into ${path.relative(process.cwd(), outRoot) || outRoot}/`)
let failures = 0
let totalPages = 0
for (const site of targets) {
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
await pagefind.close()
writeIndex(sites)
const seconds = (Date.now() - started) / 1000
console.log(`Done: ${totalPages} pages in ${seconds.toFixed(1)} s (${(totalPages / seconds).toFixed(1)} pages/s)${failures ? `, ${failures} site(s) failed` : ''}`)
process.exit(failures ? 1 : 0)
