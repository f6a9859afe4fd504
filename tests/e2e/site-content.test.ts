/**
 * What visitors see (issue 18, first part): every stored fact shown (milestone labels, campaign
 * end dates at their precision), pages that should exist (campaign pages, the district hierarchy
 * both ways, every brand reachable from the directory), no empty section headings, and the small
 * things crawlers read (robots.txt, a 404 without a canonical, sitemap lastmod, JSON-LD dates).
 */
import fs from 'node:fs'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { paragraphsToLexical } from '../../cms/seed/lexical'
import { buildSites } from '../helpers/build'
import { baseFixtures, day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'

let cms: TestCms
const outDir = () => path.join(cms.dir, 'dist')
const file = (sitePath: string) => fs.readFileSync(path.join(outDir(), sitePath), 'utf8')
const page = (sitePath: string) => file(path.join(sitePath, 'index.html'))
const exists = (sitePath: string) => fs.existsSync(path.join(outDir(), sitePath, 'index.html'))
const text = (html: string) => html.replace(/<[^>]+>/g, '')
const jsonLd = (html: string) => JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)![1])
const updated: Record<string, string> = {}

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const { parent, child, image } = await baseFixtures(payload)
  const zone = await payload.create({
    collection: 'districts',
    data: { name: '测试园区', slug: 'test-zone', level: 'zone', parent: child.id },
  })
  const station = await payload.create({
    collection: 'stations',
    data: {
      name: '环保体验馆',
      slug: 'eco-hall',
      district: child.id,
      address: '测试路1号',
      milestones: [{ label: '体验馆揭牌开放', on: day('2019-05') }],
    } as never,
  })
  updated.station = station.updatedAt
  // A station with no facts at all: its page must not show an empty 基本信息.
  await payload.create({ collection: 'stations', data: { name: '空白阵地', slug: 'bare', district: child.id } as never })
  await payload.create({ collection: 'stations', data: { name: '园区驿站', slug: 'zone-post', district: zone.id } as never })
  const series = await payload.create({ collection: 'brands', data: { name: '红色系列', slug: 'red-series', district: child.id } as never })
  const middle = await payload.create({
    collection: 'brands',
    data: { name: '红色课堂', slug: 'red-class', district: child.id, parentBrand: series.id } as never,
  })
  await payload.create({
    collection: 'brands',
    data: { name: '红色微课', slug: 'red-micro', district: child.id, parentBrand: middle.id } as never,
  })
  const news = await payload.create({
    collection: 'news',
    data: {
      title: '体验馆开放',
      slug: 'hall-opens',
      district: child.id,
      publishedOn: day('2026-11-02'),
      _status: 'published',
      summary: '摘要',
      body: paragraphsToLexical('正文') as never,
    },
  })
  updated.news = news.updatedAt
  // Edited after it was created: its JSON-LD dateModified is that edit, not its publication.
  const edited = await payload.create({
    collection: 'news',
    data: {
      title: '修改过的新闻',
      slug: 'edited',
      district: child.id,
      publishedOn: day('2026-10-01'),
      _status: 'published',
      body: paragraphsToLexical('初稿') as never,
    },
  })
  await new Promise((resolve) => setTimeout(resolve, 1100)) // an edit is a later save, not the creating one's own hooks
  updated.edited = (
    await payload.update({ collection: 'news', id: edited.id, data: { body: paragraphsToLexical('修改稿') as never } })
  ).updatedAt
  const activity = await payload.create({
    collection: 'activities',
    data: {
      title: '环保主题党日',
      slug: 'eco-day',
      district: child.id,
      date: day('2026-10-20'),
      _status: 'published',
      summary: '活动摘要',
    } as never,
  })
  await payload.create({
    collection: 'campaigns',
    data: {
      title: '绿色家园行动',
      slug: 'green-home',
      district: child.id,
      brand: series.id,
      startsOn: day('2019'),
      endsOn: '2020-12-31T04:00:00.000Z',
      banner: image.id,
      summary: '两年的主题宣传',
      featuredNews: [news.id],
      featuredActivities: [activity.id],
      _status: 'published',
    } as never,
  })
  await payload.destroy()
  // The 区 has no news of its own and no accepted 街道 items: its home must not show 最新新闻.
  await buildSites(outDir(), {
    districts: ['test-district', 'test-subdistrict', 'test-zone'],
    env: { SITE_ORIGIN: 'https://dangjian.example' },
  })
  void parent
}, 600_000)
afterAll(async () => cms?.cleanup())

const site = '/test-subdistrict'

describe('stored facts are shown', () => {
  it('a station milestone shows its label next to its date', () => {
    expect(text(page(`${site}/stations/eco-hall`))).toMatch(/2019年5月\s*体验馆揭牌开放/)
  })

  it('the timeline names the milestone, never undefined', () => {
    const timeline = text(page(`${site}/timeline`))
    expect(timeline).toContain('环保体验馆：体验馆揭牌开放')
    expect(timeline).not.toContain('undefined')
  })

  it("a campaign's end date follows its precision", () => {
    const list = text(page(`${site}/campaigns`))
    expect(list).toContain('2019年起，至2020年')
    expect(list).not.toContain('2020年12月31日')
  })
})

describe('pages that should exist', () => {
  it('a campaign has a detail page with its period, brand, featured items and banner, linked from the list', () => {
    const detail = page(`${site}/campaigns/green-home`)
    expect(detail).toMatch(/<h1>绿色家园行动<\/h1>/)
    expect(text(detail)).toContain('2019年起，至2020年')
    expect(detail).toContain(`href="${site}/brands/red-series/"`)
    expect(detail).toContain(`href="${site}/news/hall-opens/"`)
    expect(detail).toContain(`href="${site}/activities/eco-day/"`)
    expect(detail).toMatch(/<picture>/)
    expect(detail, 'searchable like the other detail pages').toContain('data-pagefind-body')
    expect(page(`${site}/campaigns`)).toContain(`href="${site}/campaigns/green-home/"`)
  })

  it('a 街道 site names and links its parent 区; a zone links back to its 街道', () => {
    expect(page(site)).toMatch(/所属[^<]*<a href="\/test-district\/">测试区<\/a>/)
    expect(page('/test-zone')).toMatch(/所属[^<]*<a href="\/test-subdistrict\/">测试街道<\/a>/)
    expect(page('/test-district')).toContain('href="/test-subdistrict/"')
  })

  it('the brands directory lists every brand it counts, third level included', () => {
    const directory = page(`${site}/brands`)
    expect(text(directory)).toContain('共 3 个')
    for (const slug of ['red-series', 'red-class', 'red-micro']) expect(directory).toContain(`href="${site}/brands/${slug}/"`)
  })
})

describe('empty sections have no heading', () => {
  it('a station with no facts has no 基本信息', () => {
    expect(page(`${site}/stations/bare`)).not.toContain('基本信息')
    expect(page(`${site}/stations/eco-hall`)).toContain('基本信息')
  })

  it('a home with no news has no 最新新闻', () => {
    expect(page('/test-district')).not.toContain('最新新闻')
    expect(page(site)).toContain('最新新闻')
  })
})

describe('what crawlers read', () => {
  it('each site has a robots.txt naming its sitemap', () => {
    expect(file(`${site}/robots.txt`)).toMatch(/^Sitemap: https:\/\/dangjian\.example\/test-subdistrict\/sitemap-index\.xml$/m)
    expect(file('/test-district/robots.txt')).toMatch(/^Sitemap: https:\/\/dangjian\.example\/test-district\/sitemap-index\.xml$/m)
  })

  it('the 404 page has no canonical pointing at itself', () => {
    const notFound = file(`${site}/404.html`)
    expect(notFound).not.toMatch(/rel="canonical"[^>]*404/)
    expect(notFound).not.toMatch(/og:url[^>]*404/)
  })

  it('sitemap entries carry lastmod from the content', () => {
    const sitemap = file(`${site}/sitemap-0.xml`)
    const entry = (loc: string) => new RegExp(`<url><loc>${loc.replace(/[.]/g, '\\.')}</loc>(.*?)</url>`).exec(sitemap)?.[1] ?? ''
    expect(entry(`https://dangjian.example${site}/news/hall-opens/`)).toContain(`<lastmod>${updated.news}</lastmod>`)
    expect(entry(`https://dangjian.example${site}/stations/eco-hall/`)).toContain(`<lastmod>${updated.station}</lastmod>`)
    expect(sitemap, 'robots.txt is not a page').not.toContain('robots.txt')
  })

  it('JSON-LD dateModified is the content’s: its last edit, or its publication when never edited', () => {
    expect(jsonLd(page(`${site}/news/edited`)).dateModified).toBe(updated.edited)
    expect(jsonLd(page(`${site}/news/hall-opens`))).toMatchObject({ datePublished: '2026-11-02', dateModified: '2026-11-02' })
  })

  it('builds all three sites', () => {
    expect(exists('/test-zone')).toBe(true)
  })
})
