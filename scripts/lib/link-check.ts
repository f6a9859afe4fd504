import fs from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

import { Parser } from 'htmlparser2'

import { htmlFiles } from '../../shared/files'

/**
 * Broken-link check for built static sites, with no dependencies.
 *
 * The dist directory is taken to be served at `/`, so `dist/xinhong/news/index.html`
 * is the page `/xinhong/news/`. Every href/src/srcset on a, link, img, source and
 * script elements is resolved against its page's URL; internal targets must exist
 * as files (a URL ending in `/`, or naming a directory, needs its index.html).
 */

export type BrokenLink = { page: string; url: string }
export type LinkCheckResult = { pagesChecked: number; linksChecked: number; broken: BrokenLink[] }
export type LinkCheckOptions = {
  /** Absolute origins (e.g. `https://minhang.example.gov.cn`) whose URLs count as internal. Default: none. */
  internalOrigins?: string[]
  /** Check only the pages below this folder (one district's site); their URLs still resolve against `distDir`. */
  pagesUnder?: string
  /** Internal URL paths not to check (e.g. into a sibling site that is still being built). */
  skip?: (pathname: string) => boolean
}

const checkedTags = new Set(['a', 'link', 'img', 'source', 'script'])
const urlAttributes = new Set(['href', 'src'])
const srcsetAttributes = new Set(['srcset', 'imagesrcset'])
/** Any `scheme:` prefix; those other than http(s) (mailto:, tel:, javascript:, data:, …) are never files here. */
const schemePattern = /^[a-z][a-z0-9+.-]*:/i

/** The URL path a file is served at: `index.html` files are served as their directory. */
export function pagePathFor(distDir: string, file: string): string {
  const relative = path.relative(distDir, file).split(path.sep).join('/')
  const withoutIndex = relative === 'index.html' ? '' : relative.replace(/(^|\/)index\.html$/, '$1')
  return `/${withoutIndex}`
}

/** The URLs of a srcset value, following the HTML spec's candidate parsing (URLs may contain commas). */
export function parseSrcset(value: string): string[] {
  const urls: string[] = []
  let i = 0
  while (i < value.length) {
    while (i < value.length && /[\s,]/.test(value[i])) i++
    if (i >= value.length) break
    let end = i
    while (end < value.length && !/\s/.test(value[end])) end++
    let url = value.slice(i, end)
    i = end
    if (url.endsWith(',')) {
      url = url.replace(/,+$/, '')
    } else {
      // Skip the descriptor ("2x", "768w") up to the comma that ends this candidate.
      let depth = 0
      while (i < value.length && !(value[i] === ',' && depth === 0)) {
        if (value[i] === '(') depth++
        else if (value[i] === ')') depth = Math.max(0, depth - 1)
        i++
      }
    }
    if (url) urls.push(url)
  }
  return urls
}

type Tag = { name: string; attributes: Map<string, string> }

/**
 * Opening tags of the checked elements, with decoded attribute values (the first of a repeated
 * attribute, as browsers take it). htmlparser2 skips comments and the bodies of scripts and
 * styles, so a template string inside an inline script never counts as a link.
 */
export function extractTags(html: string): Tag[] {
  const tags: Tag[] = []
  const parser = new Parser(
    {
      onopentag(tagName, attribs) {
        const name = tagName.toLowerCase()
        if (!checkedTags.has(name) && name !== 'base') return
        const attributes = new Map<string, string>()
        for (const [key, value] of Object.entries(attribs)) if (!attributes.has(key.toLowerCase())) attributes.set(key.toLowerCase(), value)
        tags.push({ name, attributes })
      },
    },
    { decodeEntities: true },
  )
  parser.write(html)
  parser.end()
  return tags
}

/** The URL strings a page refers to, in document order. */
export function extractUrls(html: string): string[] {
  const urls: string[] = []
  for (const { name, attributes } of extractTags(html)) {
    if (!checkedTags.has(name)) continue
    for (const [key, value] of attributes) {
      if (urlAttributes.has(key)) urls.push(value.trim())
      else if (srcsetAttributes.has(key)) urls.push(...parseSrcset(value))
    }
  }
  return urls
}

/** Whether some file serves a URL path. */
function targetExists(distDir: string, urlPath: string, cache: Map<string, boolean>): boolean {
  const cached = cache.get(urlPath)
  if (cached !== undefined) return cached
  let exists = false
  let decoded: string | null
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    decoded = null // a malformed %-escape is a broken link
  }
  if (decoded !== null) {
    const file = path.join(distDir, ...decoded.split('/').filter(Boolean))
    const inside = file === distDir || file.startsWith(distDir + path.sep)
    const stat = inside ? fs.statSync(file, { throwIfNoEntry: false }) : undefined
    if (decoded.endsWith('/')) exists = fs.existsSync(path.join(file, 'index.html')) && (stat?.isDirectory() ?? false)
    else if (stat?.isFile()) exists = true
    // `/x` naming a directory is served by redirecting to `/x/`.
    else if (stat?.isDirectory()) exists = fs.existsSync(path.join(file, 'index.html'))
  }
  cache.set(urlPath, exists)
  return exists
}

/** Checks every internal link, stylesheet, script and image of every page under `distDir`. */
export function checkLinks(distDir: string, options: LinkCheckOptions = {}): LinkCheckResult {
  const root = path.resolve(distDir)
  const internalOrigins = new Set((options.internalOrigins ?? []).map((o) => new URL(o).origin))
  const local = 'http://link-check.invalid'
  const cache = new Map<string, boolean>()
  const broken: BrokenLink[] = []
  let linksChecked = 0
  const pages = htmlFiles(options.pagesUnder ? path.resolve(options.pagesUnder) : root)

  for (const file of pages) {
    const page = pagePathFor(root, file)
    const html = fs.readFileSync(file, 'utf8')
    // Relative URLs resolve against <base href> when the page has one.
    const baseHref = extractTags(html)
      .find((t) => t.name === 'base')
      ?.attributes.get('href')
    let pageUrl = new URL(page, local)
    if (baseHref) pageUrl = new URL(baseHref, pageUrl)

    for (const raw of extractUrls(html)) {
      if (!raw || raw.startsWith('#')) continue
      if (schemePattern.test(raw) && !/^https?:/i.test(raw)) continue // mailto:, tel:, javascript:, data:, …
      let resolved: URL
      try {
        resolved = new URL(raw, pageUrl)
      } catch {
        broken.push({ page, url: raw })
        continue
      }
      // Relative and root-relative URLs resolve to the local origin; anything else is another host.
      if (resolved.origin !== local && !internalOrigins.has(resolved.origin)) continue
      if (options.skip?.(resolved.pathname)) continue
      linksChecked++
      if (!targetExists(root, resolved.pathname, cache)) broken.push({ page, url: raw })
    }
  }
  return { pagesChecked: pages.length, linksChecked, broken }
}

// `npx tsx scripts/lib/link-check.ts [dist]` prints the broken links and exits non-zero when there are any.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const dir = process.argv[2] ?? 'dist'
  const result = checkLinks(dir)
  for (const { page, url } of result.broken) console.log(`${page} → ${url}`)
  console.log(`${result.pagesChecked} pages, ${result.linksChecked} internal links, ${result.broken.length} broken`)
  process.exitCode = result.broken.length ? 1 : 0
}
