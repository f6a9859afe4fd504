/**
 * Building district sites, in this process: which districts get a site, and
 * one district's build — Astro's build API, Pagefind, then a swap into the
 * output root by renames, so a failed build never replaces the live site.
 *
 * Astro runs in-process and reads content through this process's open Payload
 * (handed to the loader, see site/loader/payload.ts): one process can build
 * district after district with everything already loaded, about 1 s for a
 * 100-page site instead of 7 s for a fresh `astro build` process. Builds in one
 * process run one at a time (Astro's config is read from process.env).
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { viteEnvKeys } from '../../cms/publishing/rebuildQueue'
import { htmlFiles } from '../../shared/files'
import { repoRoot } from '../../shared/paths'
import { processAlive, releaseSyncLock } from '../../site/integrations/syncLock'
import { defaultSource, sharedPayloadKey, siteScope, type ContentSource, type SiteCollection } from '../../site/loader/payload'
import { afterBuildHealthCheck } from './site-health'

import type { Site, SiteBuildOutcome } from '../../shared/buildWorkerProtocol'

export type { Site, SiteBuildOutcome }

const pagefindCli = path.join(repoRoot, 'node_modules', 'pagefind', 'lib', 'runner', 'bin.cjs')
export const outRoot = () => path.resolve(repoRoot, process.env.SITES_OUT_DIR || 'dist')
const origin = () => (process.env.SITE_ORIGIN || 'http://localhost:4321').replace(/\/+$/, '')

/**
 * Makes this process ready to build: a production environment (React's production build must be
 * the one loaded, before anything imports React), a read-only database connection, and — for the
 * embedded database — Payload opened once and handed to the site loader.
 */
export async function prepareBuildProcess(): Promise<ContentSource> {
  ;(process.env as Record<string, string>).NODE_ENV = 'production'
  // Site builds only read: they must never alter the database schema (see cms/database.ts).
  process.env.PAYLOAD_DB_PUSH = '0'
  process.env.ASTRO_TELEMETRY_DISABLED = '1'
  // A test runner's Vite variables (BASE_URL & co.) would override Astro's `base`.
  for (const key of viteEnvKeys) delete process.env[key]
  if (!process.env.CMS_URL) {
    const { openPayload } = await import('./payload')
    ;(globalThis as Record<symbol, unknown>)[sharedPayloadKey] = await openPayload()
  }
  return defaultSource()
}

/** Districts whose scope (itself and its descendants) has any published content, most content first. */
export async function districtsWithContent(source: ContentSource): Promise<Site[]> {
  const districts = await source.fetch(
    'districts',
    (await source.list('districts', {})).map((d) => d.id),
  )
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
    const { ids } = await siteScope(source, district.slug, districts)
    const items = ids.reduce<number>((sum, id) => sum + (own.get(String(id)) ?? 0), 0)
    if (items > 0) sites.push({ slug: district.slug, name: district.name, url: district.site?.baseUrl || origin(), items })
  }
  return sites.sort((a, b) => b.items - a.items)
}

function run(command: string, commandArgs: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (chunk) => (output += chunk))
    child.stderr.on('data', (chunk) => (output += chunk))
    child.on('close', (code) => resolve({ code: code ?? 1, output }))
  })
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

/** Replaces `live` by `next` with renames; the old folder is removed only after the new one is in place. */
function swapIn(next: string, live: string) {
  const old = path.join(path.dirname(live), `.old-${path.basename(live)}-${process.pid}`)
  fs.rmSync(old, { recursive: true, force: true })
  if (fs.existsSync(live)) fs.renameSync(live, old)
  fs.renameSync(next, live)
  fs.rmSync(old, { recursive: true, force: true })
}

/**
 * Pagefind's own CLI (its Node API shares one indexing service per process, and talks to it file
 * by file), run on a folder of hard links to just the pages this site indexes: a 区 site shows
 * thousands of its 街道' pages that their own sites index (site/lib/content.ts, indexOwner), and
 * Pagefind would otherwise parse every one of them to find the few it keeps.
 */
async function indexSearch(slug: string, siteDir: string, outputPath: string) {
  const linked = path.join(repoRoot, 'node_modules', '.astro', 'staging', `.search-${slug}-${process.pid}`)
  fs.rmSync(linked, { recursive: true, force: true })
  try {
    for (const file of htmlFiles(siteDir)) {
      if (!fs.readFileSync(file, 'utf8').includes('data-pagefind-body')) continue
      const target = path.join(linked, path.relative(siteDir, file))
      fs.mkdirSync(path.dirname(target), { recursive: true })
      try {
        fs.linkSync(file, target)
      } catch {
        fs.copyFileSync(file, target) // another file system
      }
    }
    const indexed = await run(process.execPath, [pagefindCli, '--site', linked, '--output-path', outputPath])
    if (indexed.code !== 0) {
      fs.rmSync(outputPath, { recursive: true, force: true })
      throw new Error(
        `Pagefind could not index ${slug} (exit ${indexed.code}); the live search index was left as it was.\n${indexed.output.split('\n').slice(-20).join('\n')}`,
      )
    }
  } finally {
    fs.rmSync(linked, { recursive: true, force: true })
  }
}

/**
 * What a build killed midway (SIGKILL, power loss) leaves behind, found by the dead pid in the
 * folder name: its staging folders are removed, and a site caught between swapIn's two renames
 * gets its previous folder back — so a killed build never leaves a site missing.
 */
export function sweepInterruptedBuilds(root = outRoot()) {
  const dead = (name: string) => {
    const pid = Number(/-(\d+)$/.exec(name)?.[1])
    return pid > 0 && pid !== process.pid && !processAlive(pid)
  }
  const stagingRoot = path.join(repoRoot, 'node_modules', '.astro', 'staging')
  for (const name of fs.existsSync(stagingRoot) ? fs.readdirSync(stagingRoot) : []) {
    if (dead(name)) fs.rmSync(path.join(stagingRoot, name), { recursive: true, force: true })
  }
  for (const name of fs.existsSync(root) ? fs.readdirSync(root) : []) {
    const left = /^\.(old|staging)-(.+)-\d+$/.exec(name)
    if (!left || !dead(name)) continue
    const live = path.join(root, left[2]!)
    if (left[1] === 'old' && !fs.existsSync(live)) fs.renameSync(path.join(root, name), live)
    else fs.rmSync(path.join(root, name), { recursive: true, force: true })
  }
}

/**
 * Builds one district site into the output root. A site that is already live is re-published
 * pages first — the previous search index goes out with the new pages and is replaced as soon as
 * Pagefind is done (search a few seconds behind, never broken) — so indexing does not delay
 * publish → live; a new site is indexed before it goes live.
 */
export async function buildDistrictSite(site: Site, allSlugs: string[]): Promise<number> {
  const root = outRoot()
  sweepInterruptedBuilds(root)
  // Staged inside the project: Astro keeps a build's prerender chunks in `<outDir>/.prerender` only
  // when outDir is under the working directory (else in the shared `.astro/`), and per-build chunks
  // are what lets builds in different processes run at once.
  const staging = path.join(repoRoot, 'node_modules', '.astro', 'staging', `${site.slug}-${process.pid}`)
  const live = path.join(root, site.slug)
  fs.rmSync(staging, { recursive: true, force: true })
  Object.assign(process.env, { SITE_DISTRICT: site.slug, SITE_DISTRICTS: allSlugs.join(','), SITE_URL: site.url, SITE_OUT_DIR: staging })
  try {
    const { build } = await import('astro')
    await build({ root: repoRoot, logLevel: (process.env.SITE_BUILD_LOG_LEVEL as 'info' | 'warn' | undefined) ?? 'error' })
  } catch (error) {
    releaseSyncLock()
    fs.rmSync(staging, { recursive: true, force: true })
    const detail = `${describeError(error)}${error instanceof Error && error.stack ? `\n${error.stack.split('\n').slice(1, 8).join('\n')}` : ''}`
    throw new Error(`astro build for ${site.slug} failed; the live site was left as it was.\n${detail}`, { cause: error })
  }
  const previousIndex = path.join(live, 'pagefind')
  const deferIndex = process.env.SITE_DEFER_SEARCH_INDEX !== '0' && fs.existsSync(previousIndex)
  if (deferIndex) fs.cpSync(previousIndex, path.join(staging, 'pagefind'), { recursive: true })
  else {
    try {
      await indexSearch(site.slug, staging, path.join(staging, 'pagefind'))
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true })
      throw error
    }
  }
  fs.mkdirSync(root, { recursive: true })
  const next = path.join(root, `.staging-${site.slug}-${process.pid}`)
  fs.rmSync(next, { recursive: true, force: true })
  move(staging, next)
  swapIn(next, live)
  if (deferIndex) {
    console.log(`  ${site.slug}: pages live; indexing search …`)
    const fresh = path.join(live, '.pagefind-next')
    fs.rmSync(fresh, { recursive: true, force: true })
    await indexSearch(site.slug, live, fresh)
    swapIn(fresh, previousIndex)
  }
  // Checked on the live folder, after the pages went live: links resolve across the whole output root.
  const payload = (globalThis as Record<symbol, import('payload').Payload | undefined>)[sharedPayloadKey]
  await afterBuildHealthCheck(root, site.slug, allSlugs, payload)
  return htmlFiles(live).length
}

/** Takes down the site of a district that has no published content any more. */
export function removeDistrictSite(slug: string): boolean {
  const live = path.join(outRoot(), slug)
  if (!fs.existsSync(live)) return false
  const old = path.join(outRoot(), `.old-${slug}-${process.pid}`)
  fs.rmSync(old, { recursive: true, force: true })
  fs.renameSync(live, old)
  fs.rmSync(old, { recursive: true, force: true })
  return true
}

/** dist/index.html, the list of district sites that exist; dist/robots.txt naming their sitemaps; dist/_redirects. */
export function writeSitesIndex(sites: Site[]) {
  const root = outRoot()
  fs.mkdirSync(root, { recursive: true })
  const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
  const existing = sites.filter((s) => fs.existsSync(path.join(root, s.slug, 'index.html')))
  const html = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>区域党建展示网站</title><style>body{font:18px/1.8 'Noto Sans CJK SC',system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1f1f1f}a{color:#8e1414}</style></head>
<body><main><h1>区域党建展示网站</h1><ul>${existing.map((s) => `<li><a href="/${escape(s.slug)}/">${escape(s.name)}</a>（${s.items} 条内容）</li>`).join('')}</ul></main></body></html>`
  writeAtomically(path.join(root, 'index.html'), html)
  // The shared tree's own robots.txt (crawlers read only the one at an origin's root): every site's sitemap.
  const sitemaps = existing.map((s) => new URL(`/${s.slug}/sitemap-index.xml`, `${s.url.replace(/\/+$/, '')}/`).toString())
  writeAtomically(path.join(root, 'robots.txt'), `User-agent: *\nAllow: /\n\n${sitemaps.map((u) => `Sitemap: ${u}\n`).join('')}`)
  // Old addresses of renamed items (each site's _redirects, site/pages/[redirectsFile].ts), for a server reading one file at its root.
  const redirects = existing.map((s) => path.join(root, s.slug, '_redirects')).filter((f) => fs.existsSync(f))
  writeAtomically(path.join(root, '_redirects'), redirects.map((f) => fs.readFileSync(f, 'utf8')).join(''))
}

/** Written aside and renamed: builds in several processes rewrite the root's files. */
function writeAtomically(file: string, content: string) {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}-${process.pid}`)
  fs.writeFileSync(temp, content)
  fs.renameSync(temp, file)
}

/**
 * Builds the site of `slug` (or takes it down when the district has no published content any more)
 * and refreshes the index page: the unit of work of a rebuild, in the CLI and in a build worker.
 */
export async function rebuildDistrict(source: ContentSource, slug: string): Promise<SiteBuildOutcome> {
  const t0 = performance.now()
  const seconds = () => (performance.now() - t0) / 1000
  try {
    const sites = await districtsWithContent(source)
    const site = sites.find((s) => s.slug === slug)
    if (!site) {
      const removed = removeDistrictSite(slug)
      writeSitesIndex(sites)
      console.log(
        removed ? `${slug}: no published content any more — its site was removed.` : `${slug}: no published content, nothing to build.`,
      )
      return { slug, ok: true, pages: 0, seconds: seconds() }
    }
    const pages = await buildDistrictSite(
      site,
      sites.map((s) => s.slug),
    )
    writeSitesIndex(sites)
    return { slug, ok: true, pages, seconds: seconds() }
  } catch (error) {
    return { slug, ok: false, pages: 0, seconds: seconds(), error: describeError(error) }
  }
}

/** An error's message with its causes (a failed query's cause says what SQLite objected to). */
export function describeError(error: unknown): string {
  const parts: string[] = []
  for (let e = error as { message?: string; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    parts.push(String(e.message ?? e))
  }
  return parts.join('\n  caused by: ')
}

export const formatOutcome = (name: string, o: SiteBuildOutcome) =>
  `  ${name.padEnd(8, '　')} ${o.slug.padEnd(22)} ${String(o.pages).padStart(4)} pages  ${o.seconds.toFixed(1).padStart(5)} s  ${(o.pages / o.seconds).toFixed(1)} pages/s`
