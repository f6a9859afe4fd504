import { GRAPHQL_POST } from '@payloadcms/next/routes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { signPreviewLink } from '../../cms/preview/signedLinks'
import { day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

/**
 * 预览 through the real REST route handlers and the real preview renderer (a process rendering
 * the site's own templates): who may see a draft, signed links (bound to a version, expiring),
 * and no draft text in any anonymous answer.
 */
const DRAFT = '草稿预览标记-PVW7731'
const PUBLISHED = '已发布标题-PUB4412'
const pw = 'preview-password-1'

let cms: TestCms
const as = {} as Record<'writer' | 'reviewer' | 'otherEditor' | 'siteReader' | 'anonymous', ReturnType<typeof restClient>>
let newsId: number | string
let otherNewsId: number | string
let stationId: number | string
let jingAn: number | string

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const district = async (name: string, slug: string, parent?: number | string) =>
    (
      await payload.create({
        collection: 'districts',
        data: {
          name,
          slug,
          level: parent ? 'subdistrict' : 'district',
          parent: parent as number,
          site: { themeColor: '#0b5394' },
        } as never,
      })
    ).id
  const minhang = await district('闵行区', 'minhang')
  const xinhong = await district('新虹街道', 'xinhong', minhang)
  jingAn = await district('静安区', 'jing-an')
  const accounts = {
    writer: { roles: ['writer'], districts: [xinhong] },
    reviewer: { roles: ['district-editor'], districts: [minhang] },
    otherEditor: { roles: ['district-editor'], districts: [jingAn] },
  }
  for (const [name, account] of Object.entries(accounts)) {
    await payload.create({ collection: 'users', data: { ...account, email: `${name}@preview.test`, password: pw } as never })
    as[name as 'writer'] = restClient(cms.config)
    await as[name as 'writer'].login(`${name}@preview.test`, pw)
  }
  await payload.create({
    collection: 'users',
    data: {
      email: 'reader@preview.test',
      password: pw,
      roles: ['site-reader'],
      enableAPIKey: true,
      apiKey: 'preview-site-reader-key-0123456789',
    } as never,
  })
  as.siteReader = restClient(cms.config)
  as.siteReader.useApiKey('preview-site-reader-key-0123456789')
  as.anonymous = restClient(cms.config)

  // A live item with a draft saved over it by the writer: the draft must stay private.
  const news = await payload.create({
    collection: 'news',
    data: { title: PUBLISHED, slug: 'preview-item', district: xinhong, publishedOn: day('2026-05-01'), _status: 'published' } as never,
  })
  newsId = news.id
  const saved = await as.writer.patch(`/news/${newsId}?draft=true`, { title: DRAFT, summary: `${DRAFT} 摘要` })
  expect(saved.status, JSON.stringify(saved.body)).toBe(200)
  otherNewsId = (
    await payload.create({
      collection: 'news',
      data: { title: '另一条', slug: 'another', district: xinhong, publishedOn: day('2026-05-02'), _status: 'published' } as never,
    })
  ).id
  stationId = (
    await payload.create({
      collection: 'stations',
      data: { name: '新虹党群服务站', slug: 'xinhong-station', district: xinhong, kind: 'station' } as never,
    })
  ).id
}, 300_000)
afterAll(async () => {
  const { stopPreviewRenderer } = await import('../../cms/preview/renderer')
  stopPreviewRenderer()
  await cms?.cleanup()
})

describe('staff preview of the saved draft', () => {
  it('shows the writer the draft as the site page, with the site chrome and theme, sandboxed', async () => {
    const res = await as.writer.get(`/preview/news/${newsId}`)
    expect(res.status, String(res.body).slice(0, 2000)).toBe(200)
    const html = String(res.body)
    expect(html).toContain(`<h1>${DRAFT}</h1>`)
    expect(html).not.toContain(PUBLISHED)
    expect(html).toContain('新虹街道党建') // the site's header, from the site's layout
    expect(html).toContain('--theme:#0b5394') // the district's theme
    expect(html).toContain('.site-header') // the site's stylesheet, inlined as in a build
    expect(html).toContain('href="/xinhong/news/"') // links under the district's own base path
    expect(res.headers.get('content-security-policy')).toMatch(/(^|; )sandbox(;|$)/)
    expect(res.headers.get('content-security-policy')).not.toContain('allow-scripts')
    expect(res.headers.get('cache-control')).toContain('no-store')
  })

  it('shows the district reviewer (闵行区 editor) the same draft', async () => {
    const res = await as.reviewer.get(`/preview/news/${newsId}`)
    expect(res.status).toBe(200)
    expect(String(res.body)).toContain(DRAFT)
  })

  it('refuses another district editor, the site-reader key and anonymous visitors, in Chinese', async () => {
    const other = await as.otherEditor.get(`/preview/news/${newsId}`)
    expect(other.status).toBe(403)
    expect(String(other.body)).toContain('无权预览')
    expect(String(other.body)).not.toContain(DRAFT)
    const reader = await as.siteReader.get(`/preview/news/${newsId}`)
    expect(reader.status).toBe(403)
    expect(String(reader.body)).not.toContain(DRAFT)
    const anonymous = await as.anonymous.get(`/preview/news/${newsId}`)
    expect(anonymous.status).toBe(401)
    expect(String(anonymous.body)).toContain('预览需要登录')
  })

  it('previews stations and districts with their own pages', async () => {
    const station = await as.writer.get(`/preview/stations/${stationId}`)
    expect(station.status).toBe(200)
    expect(String(station.body)).toContain('新虹党群服务站')
    expect((await as.otherEditor.get(`/preview/stations/${stationId}`)).status).toBe(403)
    const xinhong = (await cms.payload.find({ collection: 'districts', where: { slug: { equals: 'xinhong' } } })).docs[0]!
    const home = await as.writer.post(`/preview/districts/${xinhong.id}`, { site: { title: '新虹街道党建·改版预览' } })
    expect(home.status).toBe(200)
    expect(String(home.body)).toContain('新虹街道党建·改版预览')
  })
})

describe('the draft where it will appear (home and list pages)', () => {
  it('shows the draft on its district home and on its page of the news list, for staff and through a link', async () => {
    const home = await as.reviewer.get(`/preview/news/${newsId}?view=home`)
    expect(home.status).toBe(200)
    expect(String(home.body)).toContain(DRAFT)
    expect(String(home.body)).toContain('最新新闻')
    const list = await as.writer.get(`/preview/news/${newsId}?view=list`)
    expect(list.status).toBe(200)
    expect(String(list.body)).toContain(DRAFT)
    expect(String(list.body)).toContain('另一条') // the other items of the list around it
    const link = (await as.writer.post(`/preview/news/${newsId}/link`, {})).body.url.replace(/^\/api/, '')
    expect(String((await as.anonymous.get(`${link}&view=home`)).body)).toContain(DRAFT)
    expect((await as.otherEditor.get(`/preview/news/${newsId}?view=list`)).status).toBe(403)
  })
})

describe('预览链接 (signed link)', () => {
  it('opens the bound version for anyone holding it, and only that document', async () => {
    const made = await as.writer.post(`/preview/news/${newsId}/link`, {})
    expect(made.status).toBe(200)
    const hours = (Date.parse(made.body.expiresAt) - Date.now()) / 3600_000
    expect(hours).toBeGreaterThan(23.9)
    expect(hours).toBeLessThanOrEqual(24)
    const link = made.body.url.replace(/^\/api/, '')
    const opened = await as.anonymous.get(link)
    expect(opened.status).toBe(200)
    expect(String(opened.body)).toContain(`<h1>${DRAFT}</h1>`)

    // A later save does not change what the link shows: it is bound to the version it was made for.
    await as.writer.patch(`/news/${newsId}?draft=true`, { title: `${DRAFT}-第二稿` })
    const again = await as.anonymous.get(link)
    expect(String(again.body)).toContain(`<h1>${DRAFT}</h1>`)
    expect(String(again.body)).not.toContain('第二稿')

    const token = new URL(`http://x${link}`).searchParams.get('token')!
    const elsewhere = await as.anonymous.get(`/preview/news/${otherNewsId}?token=${token}`)
    expect(elsewhere.status).toBe(403)
    const tampered = await as.anonymous.get(`/preview/news/${newsId}?token=${token.slice(0, -2)}xx`)
    expect(tampered.status).toBe(403)
    expect(String(tampered.body)).toContain('预览链接无效')
  })

  it('is refused once expired', async () => {
    const { token } = signPreviewLink({ collection: 'news', id: String(newsId), version: 't:whatever' }, Date.now() - 25 * 3600_000)
    const res = await as.anonymous.get(`/preview/news/${newsId}?token=${token}`)
    expect(res.status).toBe(410)
    expect(String(res.body)).toContain('预览链接已过期')
  })

  it('cannot be made by staff outside the district, the site-reader key or anonymously', async () => {
    expect((await as.otherEditor.post(`/preview/news/${newsId}/link`, {})).status).toBe(403)
    expect((await as.siteReader.post(`/preview/news/${newsId}/link`, {})).status).toBe(403)
    expect((await as.anonymous.post(`/preview/news/${newsId}/link`, {})).status).toBe(401)
  })
})

describe('live preview (unsaved form state)', () => {
  it('renders what the writer typed, before saving', async () => {
    const res = await as.writer.post(`/preview/news/${newsId}`, {
      title: '正在输入的标题',
      slug: 'preview-item',
      district: (await cms.payload.findByID({ collection: 'news', id: newsId, draft: true })).district,
    })
    expect(res.status).toBe(200)
    expect(String(res.body)).toContain('<h1>正在输入的标题</h1>')
  })

  it('refuses another district editor and a form moved to a district outside the writer scope', async () => {
    expect((await as.otherEditor.post(`/preview/news/${newsId}`, { title: 'x' })).status).toBe(403)
    expect((await as.writer.post(`/preview/news/${newsId}`, { title: 'x', district: jingAn })).status).toBe(403)
    expect((await as.anonymous.post(`/preview/news/${newsId}`, { title: 'x' })).status).toBe(401)
  })
})

describe('no draft text in anonymous answers', () => {
  it('keeps the draft out of anonymous REST and GraphQL reads', async () => {
    for (const path of [`/news/${newsId}`, '/news', `/news?draft=true`, `/news/${newsId}?draft=true`]) {
      const res = await as.anonymous.get(path)
      expect(JSON.stringify(res.body), path).not.toContain(DRAFT)
    }
    const graphql = async (query: string) =>
      (
        await GRAPHQL_POST(cms.config)(
          new Request('http://localhost/api/graphql', {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ query }),
          }),
        )
      ).text()
    const answer =
      (await graphql('{ allNews { docs { title summary } } }')) + (await graphql('{ allNews(draft: true) { docs { title summary } } }'))
    expect(answer).toContain(PUBLISHED) // the queries ran: the published title is there
    expect(answer).not.toContain(DRAFT)
  })
})
