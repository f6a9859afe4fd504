/**
 * What visitors see (issue 18, second part), on sites built from a temp database: a deployment
 * build refuses a local or missing SITE_ORIGIN; strings that are not URLs never become links; the
 * shared output root has a robots.txt; standalone pages have a description; headings never skip a
 * level; the search page has no <style> in its body; axe finds nothing to review on the timeline.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { AxeBuilder } from '@axe-core/playwright'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { checkLinks, extractTags } from '../../scripts/lib/link-check'
import { assertDeploymentOrigin } from '../../scripts/lib/site-origin'
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server'
import { htmlFiles } from '../../shared/files'
import { excerpt, type ExcerptPart } from '../../site/lib/searchExcerpt'
import { repoRoot } from '../../shared/paths'
import { launchBrowser, openPage } from '../helpers/browser'
import { shellEnv } from '../helpers/build'
import { startTestCms, type TestCms } from '../helpers/payload'
import { buildVisitorSites, visitorSite } from '../helpers/visitorSite'

let cms: TestCms
let browser: Browser | undefined
let server: StaticServer | undefined
const outDir = () => path.join(cms.dir, 'dist')
const page = (sitePath: string) => fs.readFileSync(path.join(outDir(), sitePath, 'index.html'), 'utf8')
const site = visitorSite

beforeAll(async () => {
  cms = await startTestCms()
  await buildVisitorSites(cms.payload, outDir())
  server = await serveStatic(outDir())
  browser = await launchBrowser()
}, 600_000)
afterAll(async () => {
  await browser?.close()
  await server?.close()
  await cms?.cleanup()
})

/** Runs `scripts/build-sites.ts` as a deployment would, into a folder of its own. */
function deploymentBuild(origin: string | undefined) {
  const out = path.join(cms.dir, `deploy-${Math.random().toString(36).slice(2)}`)
  return new Promise<{ code: number | null; stderr: string; wrote: boolean }>((resolve) => {
    const child = spawn('npx', ['tsx', 'scripts/build-sites.ts'], {
      cwd: repoRoot,
      env: shellEnv({ APP_ENV: 'production', SITE_ORIGIN: origin, SITES_OUT_DIR: out }),
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.on('close', (code) => resolve({ code, stderr, wrote: fs.existsSync(out) }))
  })
}

describe('a deployment build needs the public origin', () => {
  it.each([[undefined], ['http://localhost:4321'], ['http://127.0.0.1:8080'], ['dangjian.example.gov.cn']])(
    'SITE_ORIGIN=%s: refused in one Chinese line, nothing written',
    async (origin) => {
      const { code, stderr, wrote } = await deploymentBuild(origin)
      expect(code).toBe(2)
      const lines = stderr.trim().split('\n')
      expect(lines, stderr).toHaveLength(1)
      expect(lines[0]).toMatch(/^Error: 部署构建.*SITE_ORIGIN.*[\u4e00-\u9fff].* \/ .*SITE_ORIGIN/)
      expect(wrote).toBe(false)
    },
    60_000,
  )

  it('a public https origin passes the check', () => {
    expect(() => assertDeploymentOrigin({ APP_ENV: 'production', SITE_ORIGIN: 'https://dangjian.example.gov.cn' })).not.toThrow()
    expect(() => assertDeploymentOrigin({ SITE_ORIGIN: 'http://localhost:4321' }), 'not a deployment').not.toThrow()
  })
})

describe('strings that are not URLs never become links', () => {
  it('no broken link anywhere in the output, and every href is absolute, a site path or mailto/tel', () => {
    expect(checkLinks(outDir(), { internalOrigins: ['https://dangjian.example'] }).broken).toEqual([])
    for (const file of htmlFiles(outDir())) {
      for (const tag of extractTags(fs.readFileSync(file, 'utf8')).filter((t) => t.name === 'a' && t.attributes.has('href'))) {
        expect(tag.attributes.get('href'), path.relative(outDir(), file)).toMatch(/^(https?:\/\/|mailto:|tel:|\/|#|\?)/)
      }
    }
  })

  it('rich-text links: real URLs and site paths stay links, "www.…" and plain words become text', () => {
    const news = page(`${site}/news/team`)
    expect(news).toContain('<a href="https://www.shanghai.gov.cn/"')
    expect(news).toContain(`<a href="${site}/stations/"`)
    expect(news).toMatch(/<span>上海发布<\/span>/)
    expect(news).toMatch(/<span>资料来源<\/span>/)
    expect(news).not.toMatch(/href="(www\.shanghai|区委)/)
  })

  it('contact: a phone number dials, pasted markup is shown as text', () => {
    expect(page(`${site}/stations/eco-hall`)).toContain('<a href="tel:02164881234">021-6488 1234 转 8001</a>')
    const about = page(`${site}/about`)
    expect(about).toContain('<dd>&lt;b&gt;见公告&lt;/b&gt;</dd>')
    expect(about).not.toContain('tel:')
    expect(about).toContain('<a href="https://dangjian.example/" rel="noopener">')
  })
})

describe('crawlers and outlines', () => {
  it('the output root has a robots.txt naming every site map', () => {
    const robots = fs.readFileSync(path.join(outDir(), 'robots.txt'), 'utf8')
    expect(robots).toMatch(/^User-agent: \*\nAllow: \//)
    expect(robots).toContain('Sitemap: https://dangjian.example/test-district/sitemap-index.xml\n')
    expect(robots).toContain('Sitemap: https://dangjian.example/test-subdistrict/sitemap-index.xml\n')
  })

  it('the kiosk and the posters describe themselves', () => {
    expect(page(`${site}/kiosk`)).toMatch(/<meta name="description" content="[^"]*展厅大屏[^"]*"/)
    expect(page(`${site}/stations/eco-hall/poster`)).toMatch(/<meta name="description" content="环保体验馆[^"]+"/)
  })

  it('no page skips a heading level (h1 → h3)', () => {
    const jumps: string[] = []
    for (const file of htmlFiles(outDir())) {
      const levels = [...fs.readFileSync(file, 'utf8').matchAll(/<h([1-6])[\s>]/g)].map((m) => Number(m[1]))
      levels.forEach(
        (level, i) => i > 0 && level > levels[i - 1]! + 1 && jumps.push(`${path.relative(outDir(), file)}: h${levels[i - 1]} → h${level}`),
      )
    }
    expect(jumps).toEqual([])
  })

  it('the search page has no <style> in its body', () => {
    const html = page(`${site}/search`)
    expect(html.slice(html.indexOf('<body'))).not.toMatch(/<style[\s>]/)
  })
})

describe('axe in Chromium', () => {
  it.each([['timeline'], [''], ['brands']])(
    '/%s: no violations and no colour contrast left to review',
    async (sitePath) => {
      const { page: tab, close } = await openPage(browser!, `${server!.url}${site}/${sitePath}${sitePath ? '/' : ''}`)
      try {
        const result = await new AxeBuilder({ page: tab }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
        expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([])
        const review = result.incomplete
          .filter((r) => r.id === 'color-contrast')
          .flatMap((r) => r.nodes.map((n) => `${n.target}: ${n.any[0]?.message}`))
        expect(review).toEqual([])
      } finally {
        await close()
      }
    },
    60_000,
  )
})

describe('the district theme', () => {
  it("the header takes the district's own colour (the stylesheet once reset it), and 高对比度 still wins", async () => {
    const { page: tab, close } = await openPage(browser!, `${server!.url}${site}/`)
    try {
      const header = tab.locator('.site-header').first()
      expect(await header.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(11, 83, 148)')
      await tab.locator('#a11y-contrast').check({ force: true })
      expect(await header.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(0, 0, 0)')
    } finally {
      await close()
    }
  }, 60_000)
})

describe('search', () => {
  it('excerpts begin at a sentence or clause (or at the term) and mark only what was typed', () => {
    const show = (parts: ExcerptPart[]) => parts.map((p) => (p.mark ? `[${p.text}]` : p.text)).join('')
    expect(show(excerpt('新虹街道的志愿者。小虹帽志愿服务队在虹桥枢纽服务旅客。', '小虹帽')), 'near the start').toBe(
      '新虹街道的志愿者。[小虹帽]志愿服务队在虹桥枢纽服务旅客。',
    )
    expect(show(excerpt(`${'很'.repeat(60)}。今天小虹帽上岗`, '小虹帽')), 'from its sentence').toBe('…今天[小虹帽]上岗')
    const long = `${'虹'.repeat(80)}小虹帽服务队`
    expect(show(excerpt(long, '小虹帽')), 'no boundary near: starts at the term').toBe('…[小虹帽]服务队')
    expect(show(excerpt('今年，小虹帽和虹桥的小虹帽', '小虹帽')), 'every occurrence, nothing else').toBe('今年，[小虹帽]和虹桥的[小虹帽]')
    expect(show(excerpt('正文<script>', '<script>'))).toBe('正文[<script>]')
  })

  it('typing 小虹帽 shows results with the term highlighted, excerpts starting at a word', async () => {
    const { page: tab, close } = await openPage(browser!, `${server!.url}${site}/search/`)
    const transferred: Promise<number>[] = []
    tab.on('requestfinished', (request) => transferred.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize)))
    try {
      await tab.locator('input[type="search"]').fill('小虹帽')
      const results = tab.locator('[data-search-result]')
      await results.first().waitFor({ timeout: 30_000 })
      await expect.poll(() => results.count()).toBeGreaterThanOrEqual(2)
      // Figures for the README (not asserted: most of the bytes are Pagefind's own bundle and index).
      const sizes = await Promise.all(transferred)
      console.log(
        `search page, typing 小虹帽: ${sizes.length} requests, ${(sizes.reduce((a, b) => a + b, 0) / 1024).toFixed(1)} KB transferred`,
      )
      const marks = await tab.locator('[data-search-result] mark').allInnerTexts()
      expect(marks.length).toBeGreaterThan(0)
      expect(new Set(marks)).toEqual(new Set(['小虹帽']))
      for (const text of await tab.locator('[data-search-result] p').allInnerTexts()) expect(text).toContain('小虹帽')
      await tab.screenshot({ path: 'tests/artifacts/screenshots/search-xiaohongmao.png', fullPage: true })
    } finally {
      await close()
    }
  }, 60_000)
})
