/**
 * Site health (站点健康): the check after every district build and the admin dashboard.
 *
 * A seeded temp CMS gets, in 新虹街道 (xinhong), a newest news item 30 days old whose body links
 * to a page that does not exist and whose cover image lost its alt text, and a 3-day-old
 * activity; "now" is fixed with SITE_HEALTH_NOW. Only xinhong is built (the real build-sites
 * command), then the district's site-health record must report the stale news section with its
 * alarm (home and activities fresh), the broken link with the page it is on, and the image
 * without alt; the dashboard's data and markup must show them, with the recorded builds.
 */
import fs from 'node:fs'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { paragraphsToLexical } from '../../cms/seed/lexical'
import { findMissingAlt } from '../../scripts/lib/site-health'
import { isStale, vetoAlarm, type SiteHealthReport } from '../../shared/siteHealth'
import { buildSites } from '../helpers/build'
import { pngBuffer, startTestCms, type TestCms } from '../helpers/payload'

const dayMs = 86_400_000
let cms: TestCms
let outDir: string
let now: Date
let staleNewsSlug: string
let buildOutput = ''

const isoDay = (date: Date) => ({
  date: new Date(`${date.toISOString().slice(0, 10)}T12:00:00.000Z`).toISOString(),
  precision: 'day' as const,
})

beforeAll(async () => {
  cms = await startTestCms()
  const { seed } = await import('../../cms/seed')
  await seed(cms.payload, { log: () => {} })
  const { payload } = cms
  const xinhong = (await payload.find({ collection: 'districts', where: { slug: { equals: 'xinhong' } }, limit: 1 })).docs[0]!

  // "Now" is 60 days after the newest demo item of xinhong, so the demo content alone is stale and
  // the fresh and stale sections below are the test's own.
  const newestDemo = Math.max(
    ...(await payload.find({ collection: 'news', pagination: false, depth: 0 })).docs.map((d) => new Date(d.publishedOn!.date!).getTime()),
    ...(await payload.find({ collection: 'activities', pagination: false, depth: 0 })).docs.map((d) => new Date(d.date!.date!).getTime()),
  )
  now = new Date(newestDemo + 60 * dayMs)

  // A cover whose alt text was lost (an import from an older system): validation would refuse it, so the database is written directly.
  const png = await pngBuffer(800, 500)
  const cover = await payload.create({
    collection: 'media',
    data: { alt: '临时' },
    file: { data: png, mimetype: 'image/png', name: 'no-alt-cover.png', size: png.length },
  })
  await payload.db.updateOne({ collection: 'media', id: cover.id, data: { alt: '' } } as never)

  // The newest news: 30 days old, so the news section is stale; its body has a broken internal link.
  staleNewsSlug = 'health-stale-news'
  const body = paragraphsToLexical('欣虹空间开展主题党日活动。')
  body.root.children[0]!.children.push({
    type: 'link',
    version: 3,
    direction: 'ltr',
    format: '',
    indent: 0,
    fields: { url: '/xinhong/news/does-not-exist/', newTab: false, linkType: 'custom' },
    children: [{ type: 'text', text: '相关报道', format: 0, style: '', mode: 'normal', detail: 0, version: 1 }],
  } as never)
  await payload.create({
    collection: 'news',
    data: {
      title: '三十天前的新闻',
      slug: staleNewsSlug,
      district: xinhong.id,
      publishedOn: isoDay(new Date(now.getTime() - 30 * dayMs)),
      summary: '用于站点健康检查的测试新闻。',
      cover: cover.id,
      body: body as never,
      _status: 'published',
    } as never,
  })
  // A 3-day-old activity: activities and the home page (which shows it) are fresh.
  await payload.create({
    collection: 'activities',
    data: {
      title: '三天前的活动',
      slug: 'health-fresh-activity',
      district: xinhong.id,
      date: isoDay(new Date(now.getTime() - 3 * dayMs)),
      _status: 'published',
    } as never,
  })

  outDir = path.join(cms.dir, 'dist')
  buildOutput = await buildSites(outDir, { districts: ['xinhong'], env: { SITE_HEALTH_NOW: now.toISOString() } })
}, 15 * 60_000)

afterAll(async () => {
  await cms?.cleanup()
})

async function xinhongHealth() {
  const { docs } = await cms.payload.find({ collection: 'site-health' as never, depth: 1, overrideAccess: true })
  const record = (
    docs as unknown as {
      district: { slug: string }
      alarm: boolean
      staleSections: string
      brokenLinks: number
      missingAlt: number
      report: SiteHealthReport
    }[]
  ).find((d) => d.district.slug === 'xinhong')
  if (!record) throw new Error(`no site-health record for xinhong; build output:\n${buildOutput}`)
  return record
}

describe('health check after a build', () => {
  it('reports the stale news section with the single-veto alarm, home and activities fresh', async () => {
    const record = await xinhongHealth()
    const sections = Object.fromEntries(record.report.sections.map((s) => [s.key, s]))
    expect(sections.news!.latestTitle).toBe('三十天前的新闻')
    expect(isStale(sections.news!, now)).toBe(true)
    expect(sections.activities!.latestTitle).toBe('三天前的活动')
    expect(isStale(sections.activities!, now)).toBe(false)
    expect(isStale(sections.home!, now)).toBe(false)
    expect(vetoAlarm(record.report.sections, now)).toEqual(['news'])
    expect(record.alarm).toBe(true)
    expect(record.staleSections).toBe('新闻动态')
    expect(record.report.checkedAt).toBe(now.toISOString())
  })

  it('reports the broken internal link with the page it is on, and nothing else as broken', async () => {
    const record = await xinhongHealth()
    expect(record.report.brokenLinks).toEqual([{ page: `/xinhong/news/${staleNewsSlug}/`, url: '/xinhong/news/does-not-exist/' }])
    expect(record.brokenLinks).toBe(1)
    // The premise: the page really is live and really holds the link.
    const html = fs.readFileSync(path.join(outDir, 'xinhong', 'news', staleNewsSlug, 'index.html'), 'utf8')
    expect(html).toContain('href="/xinhong/news/does-not-exist/"')
    expect(record.report.pagesChecked).toBe(
      fs.readdirSync(outDir, { recursive: true }).filter((f) => String(f).startsWith('xinhong') && String(f).endsWith('.html')).length,
    )
  })

  it('reports the image without alt text on the article, and no other image', async () => {
    const record = await xinhongHealth()
    const pages = new Set(record.report.missingAlt.map((m) => m.page))
    expect(pages.has(`/xinhong/news/${staleNewsSlug}/`)).toBe(true)
    expect(record.report.missingAlt.every((m) => m.src.includes('no-alt-cover') && m.problem === 'empty')).toBe(true)
    expect(record.missingAlt).toBe(record.report.totals.missingAlt)
  })

  it('measures page weight against the budgets: the demo site has no page over them', async () => {
    const record = await xinhongHealth()
    expect(record.report.budgets).toEqual({ pageKb: 40, searchPageKb: 100 })
    expect(record.report.overweight).toEqual([])
    expect(buildOutput).toMatch(
      /xinhong: health — 1 broken link\(s\), \d+ image\(s\) without alt, 0 page\(s\) over budget, 超过14天未更新: 新闻动态 \(\d+ pages checked in \d+ ms\)/,
    )
    console.log(
      `health check of xinhong: ${record.report.pagesChecked} pages, ${record.report.linksChecked} links in ${record.report.checkMs} ms`,
    )
  })

  it('flags a page over a (lowered) weight budget, and images by their alt attribute', async () => {
    const { checkSiteFiles } = await import('../../scripts/lib/site-health')
    process.env.SITE_PAGE_WEIGHT_BUDGET_KB = '3'
    try {
      const { overweight } = checkSiteFiles(outDir, 'xinhong', ['xinhong'])
      expect(overweight.map((o) => o.page)).toContain('/xinhong/')
      expect(overweight.every((o) => o.bytes > 3 * 1024 && o.budgetBytes === 3 * 1024)).toBe(true)
    } finally {
      delete process.env.SITE_PAGE_WEIGHT_BUDGET_KB
    }
    expect(
      findMissingAlt(
        '<img src="a.png"><img src="b.png" alt=""><img src="c.png" alt="" role="presentation"><img src="d.png" alt="党群服务站">',
        '/p/',
      ),
    ).toEqual([
      { page: '/p/', src: 'a.png', problem: 'missing' },
      { page: '/p/', src: 'b.png', problem: 'empty' },
    ])
  })
})

describe('站点健康 dashboard', () => {
  async function recordBuilds() {
    const xinhong = (await cms.payload.find({ collection: 'districts', where: { slug: { equals: 'xinhong' } }, limit: 1 })).docs[0]!
    for (const [status, trigger] of [
      ['succeeded', '发布：旧新闻'],
      ['failed', '发布：三十天前的新闻'],
    ] as const) {
      await cms.payload.create({
        collection: 'site-builds' as never,
        data: {
          title: `xinhong ${status}`,
          district: xinhong.id,
          status,
          trigger,
          startedAt: new Date().toISOString(),
          durationMs: 2500,
          pages: 70,
        } as never,
        overrideAccess: true,
      })
    }
  }

  it('shows per district the sections with the red alarm, the findings and the last builds', async () => {
    await recordBuilds()
    const admin = await cms.payload.create({
      collection: 'users',
      data: { email: 'health-admin@example.com', password: 'health-pass-1234', name: '管理员', roles: ['admin'] } as never,
    })
    const { loadSiteHealthDashboard } = await import('../../cms/health/dashboard')
    const data = await loadSiteHealthDashboard(cms.payload, { user: { ...admin, collection: 'users' } as never, now })
    const row = data.districts.find((d) => d.slug === 'xinhong')!
    expect(data.districts[0]!.slug).toBe('xinhong') // alarms first
    expect(row.alarm).toBe(true)
    expect(row.sections.map((s) => [s.key, s.alarm])).toEqual([
      ['home', false],
      ['news', true],
      ['activities', false],
    ])
    expect(row.sections.find((s) => s.key === 'news')!.ageDays).toBe(30)
    expect(row.builds.map((b) => b.statusLabel)).toEqual(['失败', '成功'])

    const { renderToStaticMarkup } = await import('react-dom/server')
    const React = await import('react')
    const { SiteHealthDashboard } = await import('../../cms/health/SiteHealthDashboard')
    const html = renderToStaticMarkup(React.createElement(SiteHealthDashboard, { data }))
    expect(html).toContain('1 个站点有更新告警：新虹街道')
    expect(html).toMatch(/data-alarm="news">超过14天未更新（单项否决项）/)
    expect(html).not.toContain('data-alarm="home"')
    expect(html).toContain('<code>/xinhong/news/does-not-exist/</code>')
    expect(html).toContain(`href="http://localhost:4321/xinhong/news/${staleNewsSlug}/"`)
    expect(html).toContain('缺少替代文本（alt）的图片：')
    expect(html).toContain('发布：三十天前的新闻')
    expect(html.indexOf('失败')).toBeLessThan(html.indexOf('成功'))
  })

  it('judges freshness when viewed: without a new build the home page goes red too once its item is 15 days old', async () => {
    const { loadSiteHealthDashboard } = await import('../../cms/health/dashboard')
    const later = new Date(now.getTime() + 12 * dayMs)
    const data = await loadSiteHealthDashboard(cms.payload, { user: { id: 0, roles: ['admin'], collection: 'users' } as never, now: later })
    const row = data.districts.find((d) => d.slug === 'xinhong')!
    expect(row.sections.filter((s) => s.alarm).map((s) => s.key)).toEqual(['home', 'news'])
    expect(row.sections.find((s) => s.key === 'activities')!.stale).toBe(true)
  })

  it('is not readable without a staff account', async () => {
    const { loadSiteHealthDashboard } = await import('../../cms/health/dashboard')
    await expect(loadSiteHealthDashboard(cms.payload, { user: null, now })).rejects.toThrow()
    const records = await cms.payload
      .find({ collection: 'site-health' as never, overrideAccess: false })
      .then(() => 'read')
      .catch(() => 'refused')
    expect(records).toBe('refused')
  })
})
