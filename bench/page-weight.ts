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

import { measurePage, type PageWeight } from '../scripts/lib/page-weight'
import { repoRoot } from '../shared/paths'

export type { PageWeight }

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
  return pages
    .filter((p): p is [string, string] => Boolean(p[1] && fs.existsSync(p[1])))
    .map(([page, file]) => measurePage(dir, page, file))
}

export function printPageWeights(rows: PageWeight[], log = console.log) {
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`
  log('| page | file | islands | HTML (gz) | CSS files (gz) | JS files (gz) | total (gz) | JS raw (inline + files) | inline CSS raw |')
  log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')
  for (const r of rows) {
    log(
      `| ${r.page} | ${r.file} | ${r.islands} | ${kb(r.html)} | ${kb(r.css)} | ${kb(r.js)} | ${kb(r.total)} | ${kb(r.jsRaw)} | ${kb(r.inlineCssRaw)} |`,
    )
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = pageWeights(process.argv[2])
  printPageWeights(rows)
  console.log(JSON.stringify(rows, null, 2))
}
