import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'
import { reviewCast } from '../helpers/reviewFixtures'

/**
 * The admin's 导出/导入 (GET/POST /api/transfer/<collection>, cms/transfer/endpoints.ts) through the
 * real REST handlers as real signed-in users: exports hold only the user's districts (never another
 * district's published items), imports cannot reach another district, nothing is half-written.
 */
let cms: TestCms
let cast: Awaited<ReturnType<typeof reviewCast>>
let anonymous: ReturnType<typeof restClient>

const news = (district: number | string, slug: string, status: 'draft' | 'published') =>
  cms.payload.create({
    collection: 'news',
    data: { title: `新闻 ${slug}`, slug, district, publishedOn: day('2024-03-01'), _status: status } as never,
    draft: status === 'draft',
  })

beforeAll(async () => {
  cms = await startTestCms()
  cast = await reviewCast(cms.payload, cms.config, 'transfer.test')
  const other = (await cms.payload.create({ collection: 'districts', data: { name: '别区', slug: 'other-district', level: 'district' } }))
    .id
  await news(cast.minhang, 'minhang-live', 'published')
  await news(cast.xinhong, 'xinhong-draft', 'draft')
  await news(other, 'other-live', 'published')
  await news(other, 'other-draft', 'draft')
  anonymous = restClient(cms.config)
}, 300_000)
afterAll(async () => cms?.cleanup())

describe('export in the admin', () => {
  it('a district editor downloads a CSV of their districts only (another district’s published news is readable, never exported)', async () => {
    expect((await cast.as.editor.get('/news/?limit=10')).body.docs.map((d: any) => d.slug)).toContain('other-live')
    const res = await cast.as.editor.get('/transfer/news?format=csv')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="news-\d{4}-\d{2}-\d{2}\.csv"$/)
    const [header, ...rows] = String(res.body)
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
    expect(header.split(',')).toEqual(expect.arrayContaining(['title', 'slug', 'district', 'publishedOn', '_status']))
    expect(rows.map((row) => row.split(',')[1]).sort()).toEqual(['minhang-live', 'xinhong-draft'])
    expect(String(res.body)).not.toMatch(/other-/)
  })

  it('a writer of 新虹街道 exports JSON of 新虹街道 only, relationships as slugs', async () => {
    const res = await cast.as.writer.get('/transfer/news?format=json')
    expect(res.status).toBe(200)
    expect(res.body).toEqual([
      expect.objectContaining({ slug: 'xinhong-draft', district: 'xinhong', _status: 'draft', title: '新闻 xinhong-draft' }),
    ])
  })

  it('refuses anonymous callers, users and unknown collections', async () => {
    expect((await anonymous.get('/transfer/news?format=csv')).status).toBe(401)
    const users = await cast.as.admin.get('/transfer/users')
    expect(users.status).toBe(404)
    expect(users.body.errors[0].message).toMatch(/^不能导入导出“users”/)
  })
})

describe('import in the admin', () => {
  const record = (slug: string, district: string) => ({
    title: `导入 ${slug}`,
    slug,
    district,
    publishedOn: { date: '2024-05-01', precision: 'day' },
    _status: 'published',
  })

  it('a district editor cannot import into another district: refused in Chinese naming record and field, nothing written', async () => {
    const before = (await cms.payload.count({ collection: 'news', overrideAccess: true })).totalDocs
    const res = await cast.as.editor.post('/transfer/news', [record('mine', 'xinhong'), record('theirs', 'other-district')])
    expect(res.status).toBe(400)
    expect(res.body.problems).toEqual([
      expect.stringMatching(/^news\.json 第2条（slug: theirs） 字段 district：区域“other-district”不在您的负责范围内/),
    ])
    expect((await cms.payload.count({ collection: 'news', overrideAccess: true })).totalDocs).toBe(before)
  })

  it('a writer imports into their district as drafts (the review chain applies), and again changes nothing', async () => {
    const first = await cast.as.writer.post('/transfer/news', [record('imported-one', 'xinhong')])
    expect(first.status, JSON.stringify(first.body)).toBe(200)
    expect(first.body).toEqual({ created: 1, existing: 0, dryRun: false })
    const stored = (
      await cms.payload.find({
        collection: 'news',
        where: { slug: { equals: 'imported-one' } },
        draft: true,
        depth: 0,
        overrideAccess: true,
      })
    ).docs[0] as any
    expect(stored._status).toBe('draft')
    expect(stored.reviewState).toBe('draft')
    expect(String(stored.createdBy)).toBe(String(cast.users.writer.id))
    expect((await cast.as.writer.post('/transfer/news', [record('imported-one', 'xinhong')])).body).toEqual({
      created: 0,
      existing: 1,
      dryRun: false,
    })
  })

  it('a dry run rehearses and writes nothing', async () => {
    expect((await cast.as.editor.post('/transfer/news?dryRun=1', [record('dry', 'minhang')])).body).toEqual({
      created: 1,
      existing: 0,
      dryRun: true,
    })
    expect((await cms.payload.count({ collection: 'news', where: { slug: { equals: 'dry' } }, overrideAccess: true })).totalDocs).toBe(0)
  })

  it('imports the admin’s own CSV download (a chosen file), typed by the fields; a bad cell is named by file, row and field', async () => {
    const csv = String((await cast.as.editor.get('/transfer/news?format=csv')).body)
      .replaceAll('minhang-live', 'minhang-live-copy')
      .replaceAll('xinhong-draft', 'xinhong-draft-copy')
    const upload = (name: string, text: string) => {
      const form = new FormData()
      form.append('file', new File([text], name, { type: 'text/csv' }))
      return cast.as.editor.post('/transfer/news', form)
    }
    const res = await upload('news-2026-11-29.csv', csv)
    expect(res.status, JSON.stringify(res.body)).toBe(200)
    expect(res.body).toMatchObject({ created: 2 })
    const copy = (
      await cms.payload.find({
        collection: 'news',
        where: { slug: { equals: 'minhang-live-copy' } },
        draft: true,
        depth: 0,
        overrideAccess: true,
      })
    ).docs[0] as any
    expect(copy).toMatchObject({ title: '新闻 minhang-live-copy', _status: 'draft', publishedOn: { precision: 'day' } })

    const bad = await upload(
      'news-bad.csv',
      'title,slug,district,publishedOn\r\n坏日期,bad-date,minhang,"{""date"":""someday"",""precision"":""day""}"\r\n',
    )
    expect(bad.status).toBe(400)
    expect(bad.body.problems).toEqual([
      expect.stringMatching(/^news-bad\.csv 第1条（slug: bad-date） 字段 publishedOn\.date：不是有效日期/),
    ])
  })
})
