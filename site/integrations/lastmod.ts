/**
 * Sitemap `lastmod` from content: a page shown from a document carries its updatedAt as
 * `<meta name="dcterms.modified">` (site/layouts/Base.astro), and the sitemap reads it back from the
 * written page. Reading the output rather than remembering renders keeps pages reused by the
 * incremental build (not rendered again) dated too.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { AstroIntegration } from 'astro'

const modifiedMeta = /<meta name="dcterms\.modified" content="([^"]+)"/

export function contentLastmod() {
  let outDir = ''
  let base = '/'
  const integration: AstroIntegration = {
    name: 'district-content-lastmod',
    hooks: {
      'astro:config:done': ({ config }) => {
        outDir = fileURLToPath(config.outDir)
        base = config.base.endsWith('/') ? config.base : `${config.base}/`
      },
    },
  }
  /** For @astrojs/sitemap's `serialize`: the entry with its page's content date, when it has one; none for a redirect page. */
  const serialize = <T extends { url: string; lastmod?: string }>(item: T): T | undefined => {
    const pathname = decodeURIComponent(new URL(item.url).pathname)
    if (!pathname.startsWith(base)) return item
    const file = path.join(outDir, pathname.slice(base.length), 'index.html')
    const html = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').slice(0, 4000) : ''
    // A redirect page (an old address, site/pages/[...moved].astro) is no page of its own: not listed.
    if (html.includes('http-equiv="refresh"')) return undefined
    const modified = modifiedMeta.exec(html)?.[1]
    return modified && !Number.isNaN(Date.parse(modified)) ? { ...item, lastmod: new Date(modified).toISOString() } : item
  }
  return { integration, serialize }
}
