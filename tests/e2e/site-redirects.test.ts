/**
 * A published item's old address keeps working after its slug changes (issue 18): the CMS keeps
 * former slugs on the document (written by the server only), and the site build emits a redirect
 * page at each old address (meta refresh, canonical, a link) and a `_redirects` map for web
 * servers. Slugs changed through the real REST handlers; the sites built and opened in Chromium.
 */
import fs from 'node:fs'
import path from 'node:path'

import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { paragraphsToLexical } from '../../cms/seed/lexical'
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server'
import { launchBrowser, openPage } from '../helpers/browser'
import { buildSites } from '../helpers/build'
import { adminUser, baseFixtures, day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

let cms: TestCms
let browser: Browser | undefined
let server: StaticServer | undefined
const stored: Record<string, unknown> = {}
const outDir = () => path.join(cms.dir, 'dist')
const file = (sitePath: string) => fs.readFileSync(path.join(outDir(), sitePath), 'utf8')
const site = '/test-subdistrict'

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const { child } = await baseFixtures(payload)
  await payload.create({ collection: 'users', data: adminUser })
  const news = await payload.create({
    collection: 'news',
    data: {
      title: '志愿服务队成立',
      slug: 'old-name',
      district: child.id,
      publishedOn: day('2026-11-02'),
      _status: 'published',
      body: paragraphsToLexical('正文') as never,
    },
  })
  const draft = await payload.create({
    collection: 'news',
    data: { title: '未发布稿件', slug: 'draft-old', district: child.id, publishedOn: day('2026-11-03'), _status: 'draft' } as never,
  })
  const station = await payload.create({
    collection: 'stations',
    data: { name: '环保体验馆', slug: 'eco-hall', district: child.id } as never,
  })

  const rest = restClient(cms.config)
  await rest.login(adminUser.email, adminUser.password)
  // Renamed twice; the client's own formerSlugs value is not taken.
  stored.first = await rest.patch(`/news/${news.id}`, { slug: 'new-name', formerSlugs: ['planted'] })
  stored.second = await rest.patch(`/news/${news.id}`, { slug: 'newer-name' })
  stored.news = (await rest.get(`/news/${news.id}`)).body
  stored.draft = (await rest.patch(`/news/${draft.id}?draft=true`, { slug: 'draft-new' })).body
  stored.station = (await rest.patch(`/stations/${station.id}`, { slug: 'eco-hall-2026' })).body
  await payload.destroy()
  await buildSites(outDir(), { districts: ['test-subdistrict'], env: { SITE_ORIGIN: 'https://dangjian.example' } })
  server = await serveStatic(outDir())
  browser = await launchBrowser()
}, 600_000)
afterAll(async () => {
  await browser?.close()
  await server?.close()
  await cms?.cleanup()
})

describe('the CMS keeps former slugs', () => {
  it('a published item renamed twice remembers both old slugs, and nothing a client sent', () => {
    expect((stored.first as { status: number }).status).toBe(200)
    expect((stored.second as { status: number }).status).toBe(200)
    expect(stored.news).toMatchObject({ slug: 'newer-name', formerSlugs: ['old-name', 'new-name'] })
  })

  it('a draft that was never published has no old address to keep', () => {
    expect((stored.draft as { doc: { formerSlugs?: string[] } }).doc.formerSlugs ?? []).toEqual([])
  })

  it('a station (no drafts) keeps its old slug too', () => {
    expect((stored.station as { doc: unknown }).doc).toMatchObject({ slug: 'eco-hall-2026', formerSlugs: ['eco-hall'] })
  })
})

describe('the site answers old addresses', () => {
  it.each([['news/old-name'], ['news/new-name']])('%s/ is a redirect page to the new address', (old) => {
    const html = file(`${site}/${old}/index.html`)
    expect(html).toContain(`<meta http-equiv="refresh" content="0; url=${site}/news/newer-name/">`)
    expect(html).toContain(`<link rel="canonical" href="https://dangjian.example${site}/news/newer-name/">`)
    expect(html).toContain(`<a href="${site}/news/newer-name/">志愿服务队成立</a>`)
    expect(html).toContain('noindex')
    expect(html).not.toContain('data-pagefind-body')
  })

  it('the station page moved too, and the new pages are real pages', () => {
    expect(file(`${site}/stations/eco-hall/index.html`)).toContain(`url=${site}/stations/eco-hall-2026/`)
    expect(file(`${site}/news/newer-name/index.html`)).toMatch(/<h1>志愿服务队成立<\/h1>/)
  })

  it('a _redirects map for web servers, per site and at the output root; old addresses not in the sitemap', () => {
    const lines = [
      `${site}/news/old-name/ ${site}/news/newer-name/ 301`,
      `${site}/news/new-name/ ${site}/news/newer-name/ 301`,
      `${site}/stations/eco-hall/ ${site}/stations/eco-hall-2026/ 301`,
    ]
    for (const map of [file(`${site}/_redirects`), file('_redirects')]) for (const line of lines) expect(map).toContain(`${line}\n`)
    const sitemap = fs
      .readdirSync(path.join(outDir(), site))
      .filter((f) => /^sitemap-\d+\.xml$/.test(f))
      .map((f) => file(`${site}/${f}`))
      .join('')
    expect(sitemap).toContain('/news/newer-name/')
    expect(sitemap).not.toContain('/news/old-name/')
  })

  it('in Chromium, the old address lands on the new page', async () => {
    const { page, close } = await openPage(browser!, `${server!.url}${site}/news/old-name/`)
    try {
      await page.waitForURL(`**${site}/news/newer-name/`)
      expect(await page.locator('h1').innerText()).toBe('志愿服务队成立')
    } finally {
      await close()
    }
  })
})
