/**
 * Reading a built output root for the site test (tests/e2e/site.test.ts): which districts got a
 * site, text searched in every file (Pagefind's compressed fragments included), inline scripts,
 * and axe: the pages it checks and its WCAG 2.1 A/AA findings on a page (violations and needs-review).
 */
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'

import { htmlFiles } from '../../shared/files'

/** District slugs that got a site: the output root's directories with an index.html. */
export function builtDistricts(outDir: string): string[] {
  return fs
    .readdirSync(outDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(outDir, e.name, 'index.html')))
    .map((e) => e.name)
    .sort()
}

/** The districts above `slug`, from a slug → parent slug map. */
export function ancestorsOf(slug: string, parents: Map<string, string | null>): Set<string> {
  const out = new Set<string>()
  for (let p = parents.get(slug); p && !out.has(p); p = parents.get(p)) out.add(p)
  return out
}

/**
 * Files under `outDir` (binary images and fonts skipped, gzip read inside) that contain any of
 * `needles` (the lower-cased text is searched too), and how many Pagefind fragments were read and
 * mention `published` — the guard that the search index was really found and decoded.
 */
export function scanBuiltFiles(outDir: string, needles: string[], published: string) {
  const binary = /\.(webp|avif|jpe?g|png|gif|ico|woff2?|ttf|otf)$/i
  const leaks: string[] = []
  let fragmentsRead = 0
  let fragmentsMentioningPublishedNews = 0
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      if (!entry.isFile() || binary.test(entry.name)) continue
      let bytes = fs.readFileSync(file)
      // Pagefind compresses its fragments and index files: read what's inside.
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = zlib.gunzipSync(bytes)
      const text = bytes.toString('utf8')
      if (entry.name.endsWith('.pf_fragment')) {
        fragmentsRead++
        if (text.includes(published)) fragmentsMentioningPublishedNews++
      }
      const lower = text.toLowerCase()
      if (needles.some((n) => text.includes(n) || lower.includes(n))) leaks.push(path.relative(outDir, file))
    }
  }
  walk(outDir)
  return { leaks, fragmentsRead, fragmentsMentioningPublishedNews }
}

/** The <script> elements of an HTML page: attributes, body, whether external, and type. */
export const scripts = (html: string) =>
  [...html.matchAll(/<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/script\s*>/gi)].map((m) => ({
    attributes: m[1],
    body: m[2],
    hasSrc: /\ssrc\s*=/i.test(m[1]),
    type: /\stype\s*=\s*["']?([^"'\s>]+)/i.exec(m[1])?.[1].toLowerCase() ?? '',
  }))
export const isJs = (type: string) => ['', 'module', 'text/javascript', 'application/javascript'].includes(type)

/**
 * Everything axe's WCAG 2.1 A/AA rules report on the open page: violations and the checks it could
 * not decide ("needs review", `incomplete`), one line per node.
 */
export async function axeFindings(page: Page, sitePath: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
  const lines = (kind: string, rules: typeof results.violations) =>
    rules.flatMap((r) =>
      r.nodes.map((n) => `${sitePath}  ${kind} ${r.id}: ${n.target.join(' ')}  ${(n.any[0] ?? n.all[0] ?? n.none[0])?.message ?? r.help}`),
    )
  return [...lines('violation', results.violations), ...lines('needs review', results.incomplete)]
}

/**
 * One page of every kind on every built site: the first (sorted) page of each route, e.g.
 * `news/<slug>` (an article), `news/<number>` (a list page), a station's poster, an English page. Redirect pages
 * (old addresses of renamed items) are left out: they leave at once.
 */
export function pageOfEachKind(outDir: string): string[] {
  const kinds = new Map<string, string>()
  for (const site of builtDistricts(outDir)) {
    for (const file of htmlFiles(path.join(outDir, site)).sort()) {
      if (/<meta http-equiv="refresh"/.test(fs.readFileSync(file, 'utf8'))) continue
      const segments = path.relative(path.join(outDir, site), file).split(path.sep).slice(0, -1)
      const english = segments[0] === 'en'
      // The section (and the English section) is literal; a slug or a page number in it is not.
      const shape = segments.map((s, i) => (i === 0 || (english && i === 1) || (!english && i >= 2) ? s : /^\d+$/.test(s) ? '#' : '*'))
      const key = `${site}/${shape.join('/')}/${path.basename(file)}`
      if (!kinds.has(key)) kinds.set(key, `/${path.relative(outDir, file).split(path.sep).join('/')}`.replace(/index\.html$/, ''))
    }
  }
  return [...kinds.values()]
}

/** The pages axe checks (新虹街道's site): label, site path or a function that finds it, expected status. */
export const axeTargets = (activity: () => Promise<string>): [string, string | (() => Promise<string>), number?][] => [
  ['home', '/xinhong/'],
  ['stations', '/xinhong/stations/'],
  ['station', '/xinhong/stations/xinhong-space/'],
  ['brands', '/xinhong/brands/'],
  ['brand', '/xinhong/brands/xiao-hong-mao/'],
  ['news list', '/xinhong/news/'],
  ['news article', '/xinhong/news/xinhong-space-opens-2018/'],
  ['activities', '/xinhong/activities/'],
  ['activity', activity],
  ['campaigns', '/xinhong/campaigns/'],
  ['timeline', '/xinhong/timeline/'],
  ['about', '/xinhong/about/'],
  ['search', '/xinhong/search/'],
  ['404', '/xinhong/no-such-page/', 404],
]
