/**
 * Lighthouse scores of a built district site: performance, accessibility, best
 * practices and SEO, and the cumulative layout shift, of the home page, one
 * article, one station page, the search page and the home of the 区 above it, with
 * Lighthouse's default config (mobile form factor, simulated throttling), in
 * Debian's Chromium (headless; nothing is downloaded). For every score below
 * 100 the table names the audits that pulled it down.
 *
 *   npx tsx bench/lighthouse.ts [--url http://localhost:4321] [--district xinhong] [--dist bench/.data/quick-dist]
 *
 * Without --url it serves dist/ (or --dist) itself (build it with `npm run build:sites`);
 * the article and station are the first (sorted) ones in dist/<district>/, the
 * 区 the one its home links to as 所属区 (skipped for a 区 site).
 */
import fs from 'node:fs'
import path from 'node:path'

import * as chromeLauncher from 'chrome-launcher'
import lighthouse from 'lighthouse'

import { chromiumFlags, chromiumPath } from '../scripts/lib/chromium'
import { serveStatic } from '../scripts/lib/static-server'
import { repoRoot } from '../shared/paths'
import { firstDetail } from './page-weight'

export type LighthouseRow = {
  page: string
  url: string
  /** category scores, 0–100 */
  performance: number
  accessibility: number
  bestPractices: number
  seo: number
  /** cumulative layout shift Lighthouse measured while loading the page (0 = nothing moved) */
  cls: number
  /** `id: title (value)` of the scored audits below a full score, i.e. why a category is below 100 */
  failing: string[]
}

const categories = ['performance', 'accessibility', 'best-practices', 'seo'] as const

export async function runLighthouse(
  pages: { page: string; url: string }[],
  { log = console.log }: { log?: (line: string) => void } = {},
): Promise<LighthouseRow[]> {
  // One browser for all pages (chrome-launcher gives it a fresh temporary profile);
  // Lighthouse resets storage and opens a new tab per run, so the runs stay independent.
  const chrome = await chromeLauncher.launch({ chromePath: chromiumPath, chromeFlags: chromiumFlags, logLevel: 'error' })
  const rows: LighthouseRow[] = []
  try {
    // Sequential on purpose: parallel runs in one browser compete for CPU and skew the performance scores.
    for (const { page, url } of pages) {
      const started = Date.now()
      // Nothing to switch off for offline runs: Lighthouse's own fetches (robots.txt, llms.txt,
      // /.well-known/ai-catalog.json, source maps) go to the audited origin with a 2 s timeout, its Sentry
      // error reporting is CLI-only, and Chrome's background networking is off by the flags above.
      const result = await lighthouse(url, {
        port: chrome.port,
        logLevel: 'error',
        onlyCategories: [...categories],
        // The full-page screenshot only illustrates the HTML report; it costs time and scores nothing.
        disableFullPageScreenshot: true,
      })
      const lhr = result?.lhr
      if (!lhr) throw new Error(`Lighthouse returned no result for ${url}`)
      if (lhr.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)

      const score = (id: (typeof categories)[number]) => {
        const value = lhr.categories[id]?.score
        if (value === null || value === undefined) throw new Error(`Lighthouse gave no ${id} score for ${url}`)
        return Math.round(value * 100)
      }
      // An audit can count toward several categories: list it once.
      const scoredAuditIds = new Set(
        categories.flatMap((id) => lhr.categories[id]!.auditRefs.filter((ref) => ref.weight > 0).map((ref) => ref.id)),
      )
      const failing = [...scoredAuditIds]
        .map((id) => lhr.audits[id]!)
        .filter((audit) => audit.score !== null && audit.score < 1)
        .map((audit) => `${audit.id}: ${audit.title}${audit.displayValue ? ` (${audit.displayValue})` : ''}`)

      const row: LighthouseRow = {
        page,
        url,
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        seo: score('seo'),
        cls: lhr.audits['cumulative-layout-shift']?.numericValue ?? Number.NaN,
        failing,
      }
      rows.push(row)
      log(
        `lighthouse ${page}: performance ${row.performance}, accessibility ${row.accessibility}, best practices ${row.bestPractices}, SEO ${row.seo}, CLS ${row.cls.toFixed(3)} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
      )
    }
  } finally {
    chrome.kill()
  }
  return rows
}

export function printLighthouseTable(rows: LighthouseRow[], log = console.log) {
  log('| page | performance | accessibility | best practices | SEO | CLS | below 100 because |')
  log('| --- | ---: | ---: | ---: | ---: | ---: | --- |')
  for (const r of rows) {
    // `|` would end the table cell early.
    const reasons = r.failing.map((f) => f.replaceAll('|', '\\|')).join('; ') || '—'
    log(`| ${r.page} | ${r.performance} | ${r.accessibility} | ${r.bestPractices} | ${r.seo} | ${r.cls.toFixed(3)} | ${reasons} |`)
  }
}

/**
 * The audited pages of a built site: home, first (sorted) article and station, search, and the
 * home of the 区 its home names as 所属区 when that site was built too.
 */
export function lighthousePages(distDir: string, district: string, base: string): { page: string; url: string }[] {
  const siteDir = path.join(distDir, district)
  const detail = (section: string) => {
    const file = firstDetail(siteDir, section)
    return file && `${base}/${district}/${path.relative(siteDir, path.dirname(file))}/`
  }
  const article = detail('news')
  const station = detail('stations')
  const home = fs.readFileSync(path.join(siteDir, 'index.html'), 'utf8')
  const region = /所属区：<a href="\/([^/"]+)\/"/.exec(home)?.[1]
  return [
    { page: 'home', url: `${base}/${district}/` },
    ...(article ? [{ page: 'article', url: article }] : []),
    ...(station ? [{ page: 'station', url: station }] : []),
    ...(fs.existsSync(path.join(siteDir, 'search', 'index.html')) ? [{ page: 'search', url: `${base}/${district}/search/` }] : []),
    ...(region && fs.existsSync(path.join(distDir, region, 'index.html'))
      ? [{ page: `区 home (${region})`, url: `${base}/${region}/` }]
      : []),
  ]
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const value = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
  const district = value('--district') ?? 'xinhong'
  const distDir = path.resolve(value('--dist') ?? path.join(repoRoot, 'dist'))
  const siteDir = path.join(distDir, district)
  if (!fs.existsSync(path.join(siteDir, 'index.html'))) {
    throw new Error(`${siteDir} is not a built site; run \`npm run build:sites -- --district ${district}\` first`)
  }
  const server = value('--url') ? undefined : await serveStatic(distDir)
  const base = (value('--url') ?? server!.url).replace(/\/+$/, '')
  const pages = lighthousePages(distDir, district, base)
  try {
    const started = Date.now()
    const rows = await runLighthouse(pages)
    console.log(`${rows.length} pages in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
    printLighthouseTable(rows)
    console.log(JSON.stringify(rows, null, 2))
  } finally {
    await server?.close()
  }
}
