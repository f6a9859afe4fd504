/**
 * Page weight of a built district site: for the home page, the news list, one
 * article and one station page, the bytes a browser transfers (gzip level 6,
 * node:zlib) for the HTML plus the CSS and JS it references — `<link
 * rel=stylesheet>`, `<script src>`, Astro islands' component and renderer
 * modules and their static imports — and the JS bytes (inline + external).
 * Images, fonts and lazily loaded bundles (Pagefind) are not counted.
 *
 *   npx tsx bench/page-weight.ts [<site dir>]   (default dist/xinhong; build it with
 *                                                 `npm run build:sites -- --district xinhong`)
 */
import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

import { repoRoot } from '../shared/paths'

export type PageWeight = {
  page: string
  file: string
  /** gzipped bytes */
  html: number
  css: number
  js: number
  total: number
  /** uncompressed JS bytes (inline scripts + external modules) */
  jsRaw: number
  /** uncompressed bytes of inline <style> (already inside the HTML figure) */
  inlineCssRaw: number
  /** external CSS/JS files counted */
  assets: string[]
  /** Astro islands on the page (the search box, a station's position map) */
  islands: number
}

const gz = (data: string | Buffer) => gzipSync(data, { level: 6 }).length

/** Finds the file an URL in `fromFile` refers to, for a site served at /<slug>/ from dist/. */
function resolveAsset(siteDir: string, fromFile: string, url: string): string | undefined {
  const clean = url.split(/[?#]/)[0]!
  if (/^[a-z]+:|^\/\//i.test(clean)) return undefined // external origin: not part of the site
  const candidates = clean.startsWith('/')
    ? [path.join(path.dirname(siteDir), clean), path.join(siteDir, clean.replace(/^\/[^/]+/, ''))]
    : [path.resolve(path.dirname(fromFile), clean)]
  return candidates.find((c) => fs.existsSync(c) && fs.statSync(c).isFile())
}

const attr = (tag: string, name: string) => tag.match(new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i'))?.slice(2).find((v) => v !== undefined)

/** JS modules reachable by static `import … from "x"` / `import "x"` / `export … from "x"`. */
function withStaticImports(siteDir: string, entry: string, seen: Set<string>) {
  if (seen.has(entry)) return
  seen.add(entry)
  const source = fs.readFileSync(entry, 'utf8')
  for (const m of source.matchAll(/(?:import|export)\s*(?:[^'"()]*?\bfrom\s*)?["']([^"']+\.m?js)["']/g)) {
    const dep = resolveAsset(siteDir, entry, m[1]!)
    if (dep) withStaticImports(siteDir, dep, seen)
  }
}

export function measurePage(siteDir: string, page: string, file: string): PageWeight {
  const html = fs.readFileSync(file, 'utf8')
  const css = new Set<string>()
  const js = new Set<string>()
  let inlineJs = ''
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    if (/\brel\s*=\s*["']?stylesheet/i.test(m[0])) {
      const f = attr(m[0], 'href') && resolveAsset(siteDir, file, attr(m[0], 'href')!)
      if (f) css.add(f)
    }
  }
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const type = attr(m[0].slice(0, m[0].indexOf('>') + 1), 'type')
    if (type && !/module|javascript/i.test(type)) continue // JSON-LD and other data blocks
    const src = attr(m[1]!, 'src')
    if (src) {
      const f = resolveAsset(siteDir, file, src)
      if (f) withStaticImports(siteDir, f, js)
    } else inlineJs += m[2]
  }
  for (const m of html.matchAll(/<astro-island\b[^>]*>/gi)) {
    for (const name of ['component-url', 'renderer-url']) {
      const url = attr(m[0], name)
      const f = url && resolveAsset(siteDir, file, url)
      if (f) withStaticImports(siteDir, f, js)
    }
  }
  const inlineCssRaw = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].reduce((sum, m) => sum + Buffer.byteLength(m[1]!), 0)
  const sizeOf = (files: Set<string>) => [...files].reduce((sum, f) => sum + gz(fs.readFileSync(f)), 0)
  const htmlGz = gz(html)
  const cssGz = sizeOf(css)
  const jsGz = sizeOf(js)
  const jsRaw = Buffer.byteLength(inlineJs) + [...js].reduce((sum, f) => sum + fs.statSync(f).size, 0)
  return {
    page,
    file: path.relative(siteDir, file),
    html: htmlGz,
    css: cssGz,
    js: jsGz,
    total: htmlGz + cssGz + jsGz,
    jsRaw,
    inlineCssRaw,
    assets: [...css, ...js].map((f) => path.relative(siteDir, f)),
    islands: [...html.matchAll(/<astro-island\b/gi)].length,
  }
}

/** First detail page (sorted) in a section, skipping pagination folders. */
export function firstDetail(siteDir: string, section: string): string | undefined {
  const dir = path.join(siteDir, section)
  if (!fs.existsSync(dir)) return undefined
  const slug = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name !== 'page' && !/^\d+$/.test(e.name) && fs.existsSync(path.join(dir, e.name, 'index.html')))
    .map((e) => e.name)
    .sort()[0]
  return slug && path.join(dir, slug, 'index.html')
}

export function pageWeights(siteDir = path.join(repoRoot, 'dist', 'xinhong')): PageWeight[] {
  const dir = path.resolve(siteDir)
  if (!fs.existsSync(path.join(dir, 'index.html'))) {
    throw new Error(`${dir} is not a built site; run \`npm run build:sites -- --district ${path.basename(dir)}\` first`)
  }
  const pages: [string, string | undefined][] = [
    ['home', path.join(dir, 'index.html')],
    ['news list', path.join(dir, 'news', 'index.html')],
    ['article', firstDetail(dir, 'news')],
    ['station', firstDetail(dir, 'stations')],
    ['search (island)', path.join(dir, 'search', 'index.html')],
  ]
  return pages.filter((p): p is [string, string] => Boolean(p[1] && fs.existsSync(p[1]))).map(([page, file]) => measurePage(dir, page, file))
}

export function printPageWeights(rows: PageWeight[], log = console.log) {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
  log('| page | file | islands | HTML (gz) | CSS files (gz) | JS files (gz) | total (gz) | JS raw (inline + files) | inline CSS raw |')
  log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const r of rows) {
    log(`| ${r.page} | ${r.file} | ${r.islands} | ${kb(r.html)} | ${kb(r.css)} | ${kb(r.js)} | ${kb(r.total)} | ${kb(r.jsRaw)} | ${kb(r.inlineCssRaw)} |`)
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = pageWeights(process.argv[2])
  printPageWeights(rows)
  console.log(JSON.stringify(rows, null, 2))
}
