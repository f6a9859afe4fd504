import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { paragraphsToLexical } from '../../cms/seed/lexical'
import { day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

/**
 * Word lists and editor-only fields follow the district tree: a writer reads no word list, an editor
 * only the lists that apply to their districts, and staff of one district never read the review
 * notes, sources or logs of another district's (published, hence readable) items.
 */
let cms: TestCms
const ids = {} as Record<'minhang' | 'xinhong' | 'jingan' | 'jinganNews' | 'xinhongNews', number>
const as = {} as Record<'xinhongWriter' | 'xinhongEditor' | 'minhangEditor' | 'jinganEditor', ReturnType<typeof restClient>>

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  ids.minhang = (await payload.create({ collection: 'districts', data: { name: '闵行区', slug: 'minhang', level: 'district' } })).id
  ids.xinhong = (
    await payload.create({
      collection: 'districts',
      data: { name: '新虹街道', slug: 'xinhong', level: 'subdistrict', parent: ids.minhang },
    })
  ).id
  ids.jingan = (
    await payload.create({
      collection: 'districts',
      data: { name: '静安区', slug: 'jingan', level: 'district', sources: ['静安区内部资料'] },
    })
  ).id
  const accounts = {
    xinhongWriter: { roles: ['writer'], districts: [ids.xinhong] },
    xinhongEditor: { roles: ['district-editor'], districts: [ids.xinhong] },
    minhangEditor: { roles: ['district-editor'], districts: [ids.minhang] },
    jinganEditor: { roles: ['district-editor'], districts: [ids.jingan] },
  }
  for (const [name, account] of Object.entries(accounts)) {
    await payload.create({ collection: 'users', data: { ...account, email: `${name}@scope.test`, password: 'scope-password-1' } as never })
    as[name as keyof typeof as] = restClient(cms.config)
    await as[name as keyof typeof as].login(`${name}@scope.test`, 'scope-password-1')
  }
  for (const [name, district] of [
    ['全市通用词表', undefined],
    ['闵行区词表', ids.minhang],
    ['新虹街道词表', ids.xinhong],
    ['静安区词表', ids.jingan],
  ] as const) {
    await payload.create({ collection: 'word-lists', data: { name, district, words: [{ word: `${name}违禁词`, level: 'forbidden' }] } })
  }
  const published = (district: number, slug: string) =>
    payload.create({
      collection: 'news',
      data: {
        title: `${slug} 新闻`,
        slug,
        district,
        publishedOn: day('2024-05-01'),
        body: paragraphsToLexical('正文。'),
        _status: 'published',
        sources: ['内部来源：某某会议纪要'],
        rejectReason: '内部退回意见',
        reviewLog: [{ action: '提交审核', state: '待审核', byName: '某撰稿人' }],
      },
    })
  ids.jinganNews = (await published(ids.jingan, 'jingan-news')).id
  ids.xinhongNews = (await published(ids.xinhong, 'xinhong-news')).id
})
afterAll(async () => cms?.cleanup())

const listNames = async (client: ReturnType<typeof restClient>) => {
  const res = await client.get('/word-lists?limit=50&depth=0')
  return res.status === 200 ? (res.body.docs as { name: string }[]).map((d) => d.name).sort() : []
}

describe('word lists', () => {
  it('a writer reads none, not even their own district’s', async () => {
    expect(await listNames(as.xinhongWriter)).toEqual([])
    const own = await cms.payload.find({ collection: 'word-lists', where: { name: { equals: '新虹街道词表' } } })
    expect((await as.xinhongWriter.get(`/word-lists/${own.docs[0]!.id}`)).status).not.toBe(200)
  })

  it('an editor reads the lists that apply to their districts, never another district’s', async () => {
    expect(await listNames(as.jinganEditor)).toEqual(['全市通用词表', '静安区词表'].sort())
    expect(await listNames(as.xinhongEditor)).toEqual(['全市通用词表', '新虹街道词表', '闵行区词表'].sort())
    expect(await listNames(as.minhangEditor)).toEqual(['全市通用词表', '新虹街道词表', '闵行区词表'].sort())
  })

  it('an editor creates a list for their district; without one, or for another, a Chinese message on the field', async () => {
    expect(
      (
        await as.xinhongEditor.post('/word-lists', {
          name: '新虹补充词表',
          district: ids.xinhong,
          words: [{ word: '补充词', level: 'warning' }],
        })
      ).status,
    ).toBe(201)
    for (const district of [undefined, ids.jingan]) {
      const res = await as.xinhongEditor.post('/word-lists', { name: '越权词表', district, words: [{ word: 'x', level: 'warning' }] })
      expect(res.status).toBe(400)
      expect(res.body.errors[0].data.errors[0]).toMatchObject({ path: 'district' })
      expect(JSON.stringify(res.body)).toContain('请选择您负责的区域')
    }
    expect((await as.xinhongWriter.post('/word-lists', { name: '撰稿人词表', district: ids.xinhong })).status).toBe(403)
  })

  it('the check still applies every list to a writer’s submission', async () => {
    const res = await as.xinhongWriter.post('/news?draft=true', {
      title: '含有闵行区词表违禁词的标题',
      slug: 'word-check',
      district: ids.xinhong,
      publishedOn: day('2024-05-01'),
    })
    const submitted = await as.xinhongWriter.patch(`/news/${res.body.doc.id}?draft=true`, { reviewState: 'submitted' })
    expect(submitted.status).toBe(400)
    expect(JSON.stringify(submitted.body)).toContain('闵行区词表违禁词')
  })
})

describe('editor-only fields of another district’s items', () => {
  const staffFields = ['sources', 'rejectReason', 'reviewLog', 'reviewState']
  /** Hidden: absent, or (Payload's shape for a hidden array) an empty list. */
  const hidden = (doc: Record<string, unknown>, field: string) =>
    doc[field] === undefined || (Array.isArray(doc[field]) && doc[field].length === 0)

  it('are absent for staff of another district (writer and editor)', async () => {
    for (const client of [as.xinhongWriter, as.minhangEditor]) {
      const doc = (await client.get(`/news/${ids.jinganNews}`)).body
      expect(doc.title).toBe('jingan-news 新闻')
      for (const field of staffFields) expect(hidden(doc, field), field).toBe(true)
      const listed = (await client.get(`/news?where[id][equals]=${ids.jinganNews}`)).body.docs[0]
      for (const field of staffFields) expect(hidden(listed, field), field).toBe(true)
    }
    expect((await as.xinhongWriter.get(`/districts/${ids.jingan}`)).body).not.toHaveProperty('sources')
  })

  it('are there for the item’s own district and the districts above it', async () => {
    for (const client of [as.xinhongWriter, as.xinhongEditor, as.minhangEditor]) {
      const doc = (await client.get(`/news/${ids.xinhongNews}`)).body
      expect(doc.sources).toEqual(['内部来源：某某会议纪要'])
      expect(doc.rejectReason).toBe('内部退回意见')
      expect(doc.reviewState).toBe('published')
      expect(doc.reviewLog.map((e: any) => e.byName)).toEqual(['某撰稿人'])
    }
    expect((await as.jinganEditor.get(`/districts/${ids.jingan}`)).body.sources).toEqual(['静安区内部资料'])
  })
})

describe('a draft saved before choosing 所属区域 is not lost', () => {
  it('gets the writer’s district and stays readable and editable by its author', async () => {
    const res = await as.xinhongWriter.post('/news?draft=true', { title: '还没选区域的草稿', slug: 'no-district-yet' })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const id = res.body.doc.id
    const stored = await cms.payload.findByID({ collection: 'news', id, draft: true, depth: 0 })
    expect(stored.district).toBe(ids.xinhong)
    expect((await as.xinhongWriter.get(`/news/${id}?draft=true`)).status).toBe(200)
    expect((await as.xinhongWriter.patch(`/news/${id}?draft=true`, { title: '补上标题' })).status).toBe(200)
  })

  it('an admin (no district of their own) is asked to choose one', async () => {
    const { adminUser } = await import('../helpers/fixtures')
    await cms.payload.create({ collection: 'users', data: adminUser })
    const admin = restClient(cms.config)
    await admin.login(adminUser.email, adminUser.password)
    const res = await admin.post('/news?draft=true', { title: '管理员的草稿', slug: 'admin-no-district' })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toContain('请选择所属区域')
  })
})

describe('new items start sensibly', () => {
  it('a slug is made from the Chinese title in pinyin, numbered when taken, and a typed one is kept', async () => {
    const make = (title: string, slug?: string) => as.xinhongWriter.post('/news?draft=true', { title, ...(slug ? { slug } : {}) })
    const first = await make('新虹街道开展志愿服务')
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.body.doc.slug).toBe('xin-hong-jie-dao-kai-zhan-zhi-yuan-fu-wu')
    expect((await make('新虹街道开展志愿服务')).body.doc.slug).toBe('xin-hong-jie-dao-kai-zhan-zhi-yuan-fu-wu-2')
    expect((await make('第3期“音乐党课”')).body.doc.slug).toBe('di-3-qi-yin-yue-dang-ke')
    expect((await make('自定义', 'my-own-slug')).body.doc.slug).toBe('my-own-slug')
  })

  it('the date starts as today in Shanghai and the district picker offers only the user’s districts', async () => {
    const res = await as.xinhongWriter.post('/news?draft=true', { title: '今天的新闻' })
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date())
    expect(res.body.doc.publishedOn.date).toBe(`${today}T12:00:00.000Z`)
    const jingan = await as.xinhongWriter.post('/news?draft=true', { title: '别的区', district: ids.jingan })
    expect(jingan.status).toBe(403)
  })
})
