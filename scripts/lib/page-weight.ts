/**
 * The weight of one built page: the bytes a browser transfers (gzip level 6, node:zlib) for the
 * HTML plus the CSS and JS it references — `<link rel=stylesheet>`, `<script src>`, Astro
 * islands' component and renderer modules and their static imports — and the JS bytes (inline +
 * external). Images, fonts and lazily loaded bundles (Pagefind) are not counted. Used by the
 * site health check after every build (scripts/lib/site-health.ts) and by the benchmark
 * (bench/page-weight.ts).
 */
import fs from 'node:fs'
import path from 'node:path'
import { gzipSync } from 'node:zlib'

import { Parser } from 'htmlparser2'

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

type Attributes = Record<string, string>
/** What the weight of a page depends on, read from its HTML in document order. */
type PageParts = { links: Attributes[]; scripts: { attributes: Attributes; text: string }[]; islands: Attributes[]; styles: string[] }

function pageParts(html: string): PageParts {
  const parts: PageParts = { links: [], scripts: [], islands: [], styles: [] }
  let open: { name: 'script' | 'style'; attributes: Attributes; text: string } | undefined
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'link') parts.links.push(attributes)
        else if (name === 'astro-island') parts.islands.push(attributes)
        else if (name === 'script' || name === 'style') open = { name, attributes, text: '' }
      },
      ontext(text) {
        if (open) open.text += text
      },
      onclosetag(name) {
        if (!open || name !== open.name) return
        if (open.name === 'script') parts.scripts.push({ attributes: open.attributes, text: open.text })
        else parts.styles.push(open.text)
        open = undefined
      },
    },
    { decodeEntities: true },
  )
  parser.write(html)
  parser.end()
  return parts
}

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
  const parts = pageParts(html)
  for (const link of parts.links) {
    if (/^stylesheet/i.test(link.rel ?? '')) {
      const f = link.href && resolveAsset(siteDir, file, link.href)
      if (f) css.add(f)
    }
  }
  for (const script of parts.scripts) {
    const type = script.attributes.type
    if (type && !/module|javascript/i.test(type)) continue // JSON-LD and other data blocks
    const src = script.attributes.src
    if (src) {
      const f = resolveAsset(siteDir, file, src)
      if (f) withStaticImports(siteDir, f, js)
    } else inlineJs += script.text
  }
  for (const island of parts.islands) {
    for (const name of ['component-url', 'renderer-url']) {
      const url = island[name]
      const f = url && resolveAsset(siteDir, file, url)
      if (f) withStaticImports(siteDir, f, js)
    }
  }
  const inlineCssRaw = parts.styles.reduce((sum, text) => sum + Buffer.byteLength(text), 0)
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
    islands: parts.islands.length,
  }
}
