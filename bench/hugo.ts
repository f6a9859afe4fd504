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

// ─── Lexical → Markdown ──────────────────────────────────────────────────────

type LexicalNode = {
  type?: string
  children?: LexicalNode[]
  text?: string
  format?: number | string
  tag?: string
  listType?: string
  start?: number
  checked?: boolean
  url?: string
  fields?: { url?: string; linkType?: string }
}

// Lexical's text format bit flags.
const BOLD = 1
const ITALIC = 2
const STRIKETHROUGH = 4
const CODE = 16

/** Backslash-escapes what Markdown would read as syntax (CommonMark allows it before any ASCII punctuation). */
const escapeText = (text: string) => text.replace(/[\\`*_[\]<>&~]/g, '\\$&')

/** Escapes what would start a block (heading, quote, list, setext underline) at the start of a line. */
const escapeLineStarts = (markdown: string) =>
  markdown
    .split('\n')
    .map((line) => line.replace(/^(\s*)([#>+=-])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2'))
    .join('\n')

/** Emphasis markers and the Lexical format bit each stands for. */
const emphasis: [bit: number, marker: string][] = [
  [BOLD, '**'],
  [ITALIC, '*'],
  [STRIKETHROUGH, '~~'],
]

const formatOf = (node: LexicalNode | undefined) => (typeof node?.format === 'number' ? node.format : 0)

const codeSpan = (raw: string) => (raw.includes('`') ? `\`\` ${raw} \`\`` : `\`${raw}\``)

/** A newline inside a paragraph is a hard break, as in the editor. */
const hardBreaks = (text: string) => text.replace(/\n/g, '\\\n')

/** Only addresses a reader could follow; anything else (javascript:, internal links without a URL) stays plain text. */
const safeUrl = (url: unknown) =>
  typeof url === 'string' && /^(https?:|mailto:|tel:|\/|#|\.{0,2}\/)/i.test(url.trim()) ? url.trim().replace(/[()\s<>]/g, encodeURIComponent) : undefined

/**
 * Inline children as Markdown. Neighbouring text nodes share their markers — opened where a format
 * starts, closed where it ends, the longer-lasting format outside — since per-node markers collide
 * (`*a*` + `***b***` reads as `*a****b***`); and markers hug the text, whitespace stays outside them.
 */
function inline(nodes: LexicalNode[] | undefined): string {
  const siblings = nodes ?? []
  /** How many of the text nodes from `from` on keep the format `bit` (whitespace and breaks don't interrupt it). */
  const lasts = (from: number, bit: number) => {
    let count = 0
    for (const next of siblings.slice(from)) {
      if (next?.type === 'linebreak' || next?.type === 'tab' || (next?.type === 'text' && !next.text?.trim())) continue
      if (next?.type !== 'text' || !(formatOf(next) & bit) || formatOf(next) & CODE) break
      count++
    }
    return count
  }
  let out = ''
  const open: string[] = []
  let pendingSpace = '' // whitespace after the last text, written after any closing markers
  const closeTo = (depth: number) => {
    while (open.length > depth) out += open.pop()
  }
  const flush = () => {
    closeTo(0)
    out += hardBreaks(pendingSpace)
    pendingSpace = ''
  }
  for (const [i, node] of siblings.entries()) {
    if (!node || typeof node !== 'object') continue
    const format = formatOf(node)
    if (node.type === 'text' && !(format & CODE)) {
      const raw = node.text ?? ''
      const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(raw) ?? []
      if (!core) {
        pendingSpace += raw
        continue
      }
      const wanted = emphasis.filter(([bit]) => format & bit)
      const firstUnwanted = open.findIndex((marker) => !wanted.some(([, m]) => m === marker))
      closeTo(firstUnwanted === -1 ? open.length : firstUnwanted)
      out += hardBreaks(pendingSpace + lead)
      const opening = wanted.filter(([, m]) => !open.includes(m)).sort(([a], [b]) => lasts(i, b) - lasts(i, a))
      for (const [, marker] of opening) {
        out += marker
        open.push(marker)
      }
      out += hardBreaks(escapeText(core))
      pendingSpace = trail
      continue
    }
    if (node.type === 'linebreak' || node.type === 'tab') {
      pendingSpace += node.type === 'tab' ? '\t' : '\n'
      continue
    }
    flush()
    if (node.type === 'text') out += codeSpan(node.text ?? '')
    else if (node.type === 'link' || node.type === 'autolink') {
      const label = inline(node.children)
      const url = safeUrl(node.fields?.url ?? node.url)
      out += url && label.trim() ? `[${label}](${url})` : label
    } else out += node.children ? inline(node.children) : typeof node.text === 'string' ? hardBreaks(escapeText(node.text)) : ''
  }
  flush()
  return out
}

/** Inline children as one block's text: no breaks or spaces at either end (a trailing backslash would be printed). */
const blockText = (nodes: LexicalNode[] | undefined) => inline(nodes).replace(/^(?:\s|\\\n)+|(?:\s|\\\n)+$/g, '')

function list(node: LexicalNode): string {
  const ordered = node.listType === 'number'
  let number = typeof node.start === 'number' ? node.start : 1
  let markerWidth = ordered ? 3 : 2
  const lines: string[] = []
  for (const item of node.children ?? []) {
    const children = item?.children ?? []
    const nested = children.filter((c) => c?.type === 'list')
    const text = blockText(children.filter((c) => c?.type !== 'list'))
    // A Lexical list item holding only a nested list is indentation, not an item of its own.
    if (text || !nested.length) {
      const check = node.listType === 'check' ? (item.checked ? '[x] ' : '[ ] ') : ''
      const marker = ordered ? `${number++}. ` : '- '
      markerWidth = marker.length
      lines.push(marker + check + escapeLineStarts(text).replace(/\n/g, `\n${' '.repeat(markerWidth)}`))
    }
    for (const sub of nested) lines.push(list(sub).replace(/^(?=.)/gm, ' '.repeat(markerWidth)))
  }
  return lines.join('\n')
}

function block(node: LexicalNode): string {
  switch (node.type) {
    case 'heading': {
      const level = Math.min(6, Math.max(1, Number(/^h([1-6])$/.exec(node.tag ?? '')?.[1] ?? 2)))
      // One line, and a trailing '#' run escaped so it is not read as the closing sequence.
      const text = blockText(node.children).replace(/\\\n/g, ' ').replace(/(^|\s)(#+)$/, '$1\\$2')
      return text && `${'#'.repeat(level)} ${text}`
    }
    case 'quote': {
      const text = escapeLineStarts(blockText(node.children))
      return text && text.replace(/^/gm, '> ')
    }
    case 'list':
      return list(node)
    case 'horizontalrule':
      return '---'
    case 'code': {
      const text = (node.children ?? []).map((c) => (c?.type === 'linebreak' ? '\n' : (c?.text ?? ''))).join('')
      return text && `~~~~\n${text}\n~~~~`
    }
    default:
      // paragraph, and any unknown node: its text children as a paragraph
      return escapeLineStarts(blockText(node.children ?? (typeof node.text === 'string' ? [{ type: 'text', text: node.text }] : [])))
  }
}

/** Payload Lexical JSON (root → paragraphs, headings, quotes, lists → text) as Markdown; '' for no body. */
export function lexicalToMarkdown(body: unknown): string {
  const root = (body as { root?: LexicalNode } | null | undefined)?.root
  if (!root || !Array.isArray(root.children)) return ''
  return root.children
    .filter((n) => n && typeof n === 'object')
    .map(block)
    .filter(Boolean)
    .join('\n\n')
}

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
      fs.writeFileSync(path.join(content, district, '_index.md'), frontMatter({ title: item.districtName || item.district, district_home: true }))
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
  throw new Error('hugo is not installed: `apt-get install hugo` (Debian\'s package, the reference for this benchmark)')
}

function runHugo(bin: string, workDir: string): Promise<number> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--quiet', '--source', workDir, '--destination', path.join(workDir, 'public')], { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolve((performance.now() - started) / 1000) : reject(new Error(`hugo exited with ${code}:\n${stderr.trim()}`))))
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

// ─── Inputs for a direct run ─────────────────────────────────────────────────

/** The 16 districts of the benchmark dataset (bench/generate.ts): 2 区 and their 街道/镇. */
const benchDistricts: { name: string; slug: string; leaf: boolean }[] = [
  ['闵行区', 'minhang', false], ['新虹街道', 'xinhong', true], ['虹桥镇', 'hongqiao-town', true], ['古美路街道', 'gumei-road', true],
  ['江川路街道', 'jiangchuan-road', true], ['七宝镇', 'qibao-town', true], ['莘庄镇', 'xinzhuang-town', true], ['梅陇镇', 'meilong', true],
  ['静安区', 'jing-an', false], ['静安寺街道', 'jingansi', true], ['南京西路街道', 'nanjing-west-road', true], ['曹家渡街道', 'caojiadu', true],
  ['江宁路街道', 'jiangning-road', true], ['石门二路街道', 'shimen-second-road', true], ['天目西路街道', 'tianmu-west-road', true], ['彭浦镇', 'pengpu-town', true],
].map(([name, slug, leaf]) => ({ name: name as string, slug: slug as string, leaf: leaf as boolean }))

/** `count` news like the benchmark dataset's (same text generators, 90% in 街道/镇), in memory and deterministic. */
export async function syntheticNews(count: number, seed = 20261123): Promise<HugoNews[]> {
  const { body, createRng, summary, title } = await import('./text')
  const { paragraphsToLexical } = await import('../cms/seed/lexical')
  const rng = createRng(seed)
  const leaves = benchDistricts.filter((d) => d.leaf)
  const tops = benchDistricts.filter((d) => !d.leaf)
  const names = {
    districts: benchDistricts.map((d) => d.name),
    stations: leaves.map((d) => `${d.name.replace(/(街道|镇)$/, '')}党群服务站`),
    brands: ['小虹帽', '心驿', '易家人', '红立方', '益起来', '楼小二'],
  }
  const start = Date.UTC(2019, 0, 1, 12)
  const days = (Date.UTC(2026, 9, 31, 12) - start) / 86_400_000
  return Array.from({ length: count }, (_, i) => {
    const d = rng.chance(0.9) ? rng.pick(leaves) : rng.pick(tops)
    return {
      slug: `news-${i + 1}`,
      title: title(rng, names, d.name),
      date: new Date(start + Math.floor(rng.next() * days) * 86_400_000).toISOString(),
      district: d.slug,
      districtName: d.name,
      summary: summary(rng, names),
      body: paragraphsToLexical(body(rng, names)),
    }
  })
}

/** The published news of a SQLite database, read through Payload's Local API (nothing is written). */
export async function newsFromDatabase(dbFile: string): Promise<HugoNews[]> {
  // The config reads these once, when it is first imported.
  process.env.DATABASE_URI = `file:${path.resolve(dbFile)}`
  process.env.PAYLOAD_DB_PUSH = '0'
  process.env.PAYLOAD_SECRET ??= 'bench'
  const { getPayload } = await import('payload')
  const { default: config } = await import('../cms/payload.config')
  const payload = await getPayload({ config })
  try {
    const { docs } = await payload.find({
      collection: 'news',
      where: { _status: { equals: 'published' } },
      depth: 1,
      pagination: false,
      select: { slug: true, title: true, publishedOn: true, district: true, summary: true, body: true },
    })
    return docs.map((doc) => {
      const district = typeof doc.district === 'object' && doc.district ? doc.district : undefined
      return {
        slug: doc.slug ?? String(doc.id),
        title: doc.title,
        date: doc.publishedOn.date,
        district: district?.slug ?? String(doc.district ?? 'unknown'),
        districtName: district?.name ?? '',
        summary: doc.summary,
        body: doc.body,
      }
    })
  } finally {
    await payload.destroy()
  }
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
