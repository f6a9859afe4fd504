/**
 * Reference static generator for the build-throughput ratio: the same news
 * as Markdown through Hugo (Debian's package, `apt-get install hugo`) with a
 * minimal template, on the same machine. Per district the page set mirrors
 * ours: a home (latest 10), a paginated news list and one page per article,
 * plus one site-wide home. Writing the Markdown is not timed; `hugo` is run
 * twice and the faster run is the figure (the ratio against Hugo errs on
 * Hugo's side; on this VM the second run was often the slower one), the first
 * is also reported as `coldSeconds`. Ratio = our pages/s ÷ Hugo's pages/s.
 *
 *   npx tsx bench/hugo.ts [--count <n>] [--db <cms.db>] [--out <dir>]
 *
 * Without --db: n synthetic news (default 10,000, deterministic) over the 16
 * benchmark districts. With --db: the published news of that SQLite file,
 * read through Payload's Local API (read only). Output in bench/.data/hugo.
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { repoRoot } from '../shared/paths'
import { lexicalToMarkdown } from './hugo-markdown'
import { newsFromDatabase, syntheticNews } from './hugo-news'

export type HugoNews = {
  slug: string
  title: string
  /** ISO date */
  date: string
  /** district slug */
  district: string
  districtName: string
  summary?: string | null
  /** Payload's Lexical JSON */
  body: unknown
}

export type HugoResult = {
  version: string
  news: number
  /** .html files under public/, less pagination redirects */
  pages: number
  /** the faster of the two runs of `hugo` */
  seconds: number
  /** first run of `hugo` */
  coldSeconds: number
  pagesPerSecond: number
  /** converting and writing the Markdown and templates (not part of `seconds`) */
  writeSeconds: number
  outDir: string
}

export type HugoOptions = { workDir: string; pageSize?: number; log?: (line: string) => void }

// ─── The Hugo site ───────────────────────────────────────────────────────────

/** Marks a directory this script made, so it may delete it next time. */
const marker = '.bench-hugo'

/** A TOML basic string: JSON's escapes are TOML's, except DEL and lone surrogates, which TOML refuses. */
const tomlString = (value: string) =>
  JSON.stringify(value)
    .replace(/\u007f/g, '\\u007F')
    .replace(/\\u(d[89a-f][0-9a-f]{2})/gi, '\\uFFFD')

/** A file or folder name from a slug; anything odd becomes '-'. */
const fileName = (slug: string, fallback: string) => slug.replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '') || fallback

/** TOML front matter; dates are bare TOML datetimes, not strings. */
const frontMatter = (fields: Record<string, string | boolean | Date | undefined>) =>
  `+++\n${Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} = ${typeof v === 'string' ? tomlString(v) : v instanceof Date ? v.toISOString() : v}`)
    .join('\n')}\n+++\n`

const layouts: Record<string, string> = {
  'layouts/_default/baseof.html': `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a></header>
<main>
{{ block "main" . }}{{ end }}
</main>
</body>
</html>
`,
  'layouts/_default/single.html': `{{ define "main" }}
<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time> · <a href="{{ .CurrentSection.Parent.RelPermalink }}">{{ .Params.district_name }}</a></p>
{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}
<div class="body">{{ .Content }}</div>
</article>
{{ end }}
`,
  // District homes (latest 10) and news lists (paginated) are both sections.
  'layouts/_default/list.html': `{{ define "main" }}
<h1>{{ .Title }}</h1>
{{ if .Params.district_home }}
<ul>
{{ range first 10 .RegularPagesRecursive.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>
{{ range .Sections }}<p><a href="{{ .RelPermalink }}">全部{{ .Title }}</a></p>{{ end }}
{{ else }}
{{ $pager := .Paginate .Pages.ByDate.Reverse }}
<ul>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>
<nav aria-label="分页">
{{ if $pager.HasPrev }}<a href="{{ $pager.Prev.URL }}">上一页</a>{{ end }}
第 {{ $pager.PageNumber }} / {{ $pager.TotalPages }} 页
{{ if $pager.HasNext }}<a href="{{ $pager.Next.URL }}">下一页</a>{{ end }}
</nav>
{{ end }}
{{ end }}
`,
  'layouts/index.html': `{{ define "main" }}
<h1>{{ site.Title }}</h1>
<ul>
{{ range first 10 site.RegularPages.ByDate.Reverse }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2006-01-02" }}</time></li>
{{ end }}</ul>
<ul>
{{ range .Sections }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
{{ end }}</ul>
{{ end }}
`,
}

/** Writes the site (config, templates, one section per district, one Markdown file per news item); returns the news written. */
function writeSite(news: HugoNews[], workDir: string, pageSize: number): number {
  fs.writeFileSync(
    path.join(workDir, 'hugo.toml'),
    [
      'baseURL = "http://localhost:1313/"',
      'languageCode = "zh-cn"',
      'title = "党建展示（Hugo 参照）"',
      'hasCJKLanguage = true',
      // Only the HTML pages that have a counterpart in our sites.
      'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]',
      // Hugo 0.111 spells pagination `paginate` (0.128+ has [pagination] pagerSize).
      `paginate = ${pageSize}`,
      '',
    ].join('\n'),
  )
  for (const [file, text] of Object.entries(layouts)) {
    fs.mkdirSync(path.dirname(path.join(workDir, file)), { recursive: true })
    fs.writeFileSync(path.join(workDir, file), text)
  }
  const content = path.join(workDir, 'content')
  const sections = new Set<string>()
  const written = new Set<string>()
  for (const [i, item] of news.entries()) {
    const district = fileName(item.district, 'district')
    const dir = path.join(content, district, 'news')
    if (!sections.has(district)) {
      sections.add(district)
      fs.mkdirSync(dir, { recursive: true })
      fs.writeFileSync(
        path.join(content, district, '_index.md'),
        frontMatter({ title: item.districtName || item.district, district_home: true }),
      )
      fs.writeFileSync(path.join(dir, '_index.md'), frontMatter({ title: '新闻' }))
    }
    // Slugs are unique per district in the CMS; a repeat would overwrite a page, so it gets a suffix.
    let file = path.join(dir, `${fileName(item.slug, `news-${i + 1}`)}.md`)
    if (written.has(file)) file = file.replace(/\.md$/, `-${i + 1}.md`)
    written.add(file)
    const date = new Date(item.date)
    const head = frontMatter({
      title: item.title,
      date: Number.isNaN(date.getTime()) ? undefined : date,
      district: item.district,
      district_name: item.districtName,
      summary: item.summary || undefined,
    })
    fs.writeFileSync(file, `${head}\n${lexicalToMarkdown(item.body)}\n`)
  }
  return written.size
}

/** /usr/bin/hugo, else `hugo` on PATH; a clear error when neither is there. */
function findHugo(): { bin: string; version: string } {
  for (const bin of ['/usr/bin/hugo', 'hugo']) {
    const result = spawnSync(bin, ['version'], { encoding: 'utf8' })
    if (!result.error && result.status === 0) return { bin, version: result.stdout.trim() }
  }
  throw new Error("hugo is not installed: `apt-get install hugo` (Debian's package, the reference for this benchmark)")
}

function runHugo(bin: string, workDir: string): Promise<number> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--quiet', '--source', workDir, '--destination', path.join(workDir, 'public')], {
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(`hugo exited with ${code}:\n${stderr.trim()}`)),
    )
  })
}

/** HTML files written, less Hugo's `<list>/page/1/` redirects to `<list>/` (not pages; our sites have no such file). */
const countPages = (dir: string) =>
  (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.html') && !/(^|\/)page\/1\/index\.html$/.test(f)).length

export async function hugoReference(news: HugoNews[], { workDir, pageSize = 20, log = console.log }: HugoOptions): Promise<HugoResult> {
  const { bin, version } = findHugo()
  const dir = path.resolve(workDir)
  // The dir is deleted first: refuse anything that is not empty and not an earlier output of this script.
  const entries = fs.existsSync(dir) ? fs.readdirSync(dir) : []
  if (repoRoot.startsWith(dir) || (entries.length && !entries.includes(marker))) {
    throw new Error(`${dir} is not empty and is not an earlier Hugo benchmark site; choose another directory`)
  }
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(dir, { recursive: true })
  fs.writeFileSync(path.join(dir, marker), 'Written by bench/hugo.ts; deleted and rewritten on every run.\n')

  log(`Writing ${news.length} news as Markdown into ${path.relative(repoRoot, dir) || dir}/ …`)
  const writeStarted = performance.now()
  const written = writeSite(news, dir, pageSize)
  const writeSeconds = (performance.now() - writeStarted) / 1000
  log(`  written in ${writeSeconds.toFixed(1)} s (not timed)`)

  // Two runs from an empty public/: the first is cold; the faster one is the figure.
  const publicDir = path.join(dir, 'public')
  const runs: number[] = []
  for (const label of ['cold', 'warm']) {
    fs.rmSync(publicDir, { recursive: true, force: true })
    runs.push(await runHugo(bin, dir))
    log(`  hugo (${label}) ${runs.at(-1)!.toFixed(2)} s`)
  }
  const pages = countPages(publicDir)
  const seconds = Math.min(...runs)
  return { version, news: written, pages, seconds, coldSeconds: runs[0]!, pagesPerSecond: pages / seconds, writeSeconds, outDir: publicDir }
}

export function printHugoLine(result: HugoResult, log = console.log) {
  const short = /v\d+\.\d+\.\d+\S*/.exec(result.version)?.[0] ?? result.version
  log(
    `Hugo ${short}: ${result.news} news → ${result.pages} pages in ${result.seconds.toFixed(2)} s (cold ${result.coldSeconds.toFixed(2)} s) = ${result.pagesPerSecond.toFixed(0)} pages/s` +
      ` (Markdown written in ${result.writeSeconds.toFixed(1)} s, not timed)`,
  )
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2)
  const value = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
  const db = value('--db')
  const loadStarted = performance.now()
  const news = db ? await newsFromDatabase(path.resolve(process.cwd(), db)) : await syntheticNews(Number(value('--count') ?? 10000))
  console.log(`${news.length} news ${db ? `read from ${db}` : 'generated'} in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`)
  const result = await hugoReference(news, { workDir: path.resolve(repoRoot, value('--out') ?? path.join('bench', '.data', 'hugo')) })
  printHugoLine(result)
  console.log(JSON.stringify(result, null, 2))
  process.exit(0)
}
