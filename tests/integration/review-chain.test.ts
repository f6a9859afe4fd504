import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { paragraphsToLexical } from '../../cms/seed/lexical'
import { day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'
import { reviewCast } from '../helpers/reviewFixtures'

let cms: TestCms
let minhang: number
let xinhong: number
const as: Record<'admin' | 'editor' | 'writer', ReturnType<typeof restClient>> = {} as never
let counter = 0

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const cast = await reviewCast(payload, cms.config, 'r.test')
  ;({ minhang, xinhong } = cast)
  Object.assign(as, cast.as)
  await payload.create({
    collection: 'word-lists',
    data: {
      name: '闵行区词表',
      district: minhang,
      words: [
        { word: '违禁示例词', level: 'forbidden' },
        { word: '慎用示例词', level: 'warning' },
      ],
    },
  })
})
afterAll(async () => cms?.cleanup())

/** A writer's new draft news item in 新虹街道. */
async function writerDraft(body = '新虹街道在虹桥商务区开展党建工作。', title = '新虹街道党建新闻') {
  const res = await as.writer.post('/news?draft=true', {
    title,
    slug: `review-${++counter}`,
    district: xinhong,
    publishedOn: day('2024-05-01'),
    body: paragraphsToLexical(body),
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.doc.id as number
}
const messages = (res: { body: any }) => JSON.stringify(res.body)
const load = (id: number) => cms.payload.findByID({ collection: 'news', id, draft: true, depth: 0 })

describe('review chain: draft → submitted → reviewed → published', () => {
  it('runs the whole chain and records who did what, when', async () => {
    const id = await writerDraft()
    expect((await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'submitted' })).status).toBe(200)
    expect((await load(id)).reviewState).toBe('submitted')

    expect((await as.editor.patch(`/news/${id}?draft=true`, { reviewState: 'reviewed' })).status).toBe(200)
    const published = await as.editor.patch(`/news/${id}`, { _status: 'published' })
    expect(published.status, messages(published)).toBe(200)

    const doc = await load(id)
    expect(doc._status).toBe('published')
    expect(doc.reviewState).toBe('published')
    const log = doc.reviewLog!.map((e) => [e.action, e.byName])
    expect(log).toEqual([
      ['提交审核', 'writer-name'],
      ['审核通过', 'editor-name'],
      ['发布', 'editor-name'],
    ])
    expect(doc.reviewLog!.every((e) => e.at && e.by)).toBe(true)
  })

  it('refuses a writer publishing, with a clear message', async () => {
    const id = await writerDraft()
    const res = await as.writer.patch(`/news/${id}`, { _status: 'published' })
    expect(res.status).toBe(400)
    expect(messages(res)).toContain('撰稿人不能发布')
    expect((await load(id))._status).toBe('draft')
  })

  it('refuses a writer approving their own work', async () => {
    const id = await writerDraft()
    await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'submitted' })
    const res = await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'reviewed' })
    expect(res.status).toBe(400)
    expect(messages(res)).toContain('只有区域编辑可以审核')
  })

  it('refuses publishing without the review step, even for an editor', async () => {
    const id = await writerDraft()
    await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'submitted' })
    const res = await as.editor.patch(`/news/${id}`, { _status: 'published' })
    expect(res.status).toBe(400)
    expect(messages(res)).toContain('未经审核不能发布（当前状态：待审核）')
    expect((await load(id))._status).toBe('draft')
  })

  it('rejection needs a reason and returns the document to draft with it', async () => {
    const id = await writerDraft()
    await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'submitted' })
    const noReason = await as.editor.patch(`/news/${id}?draft=true`, { reviewState: 'draft' })
    expect(noReason.status).toBe(400)
    expect(messages(noReason)).toContain('退回时请填写退回理由')
    const res = await as.editor.patch(`/news/${id}?draft=true`, { reviewState: 'draft', rejectReason: '标题需与正文一致' })
    expect(res.status).toBe(200)
    const doc = await load(id)
    expect(doc.reviewState).toBe('draft')
    expect(doc.reviewLog!.at(-1)).toMatchObject({ action: '退回修改', note: '标题需与正文一致', byName: 'editor-name' })
  })

  it('a writer editing reviewed content voids the review', async () => {
    const id = await writerDraft()
    await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'submitted' })
    await as.editor.patch(`/news/${id}?draft=true`, { reviewState: 'reviewed' })
    await as.writer.patch(`/news/${id}?draft=true`, { summary: '审核后又改了' })
    expect((await load(id)).reviewState).toBe('draft')
    expect((await as.editor.patch(`/news/${id}`, { _status: 'published' })).status).toBe(400)
  })

  it('lets an admin publish without review, and logs the override', async () => {
    const id = await writerDraft()
    const res = await as.admin.patch(`/news/${id}`, { _status: 'published' })
    expect(res.status).toBe(200)
    expect((await load(id)).reviewLog!.at(-1)).toMatchObject({ action: '管理员直接发布（未经审核）', byName: 'admin-name' })
  })

  it('refuses skipping straight to an invalid state', async () => {
    const id = await writerDraft()
    const res = await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'published' })
    expect(res.status).toBe(400)
    expect(messages(res)).toContain('不能从“草稿”直接改为“已发布”')
  })
})

describe('pre-publish content check (错敏词)', () => {
  it('blocks a forbidden word from the district word list, naming the field and position', async () => {
    const id = await writerDraft('第一段正常。\n\n这里有违禁示例词出现。')
    const res = await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'submitted' })
    expect(res.status).toBe(400)
    const errors = res.body.errors[0].data.errors as { path: string; message: string }[]
    expect(errors).toEqual([expect.objectContaining({ path: 'body', message: expect.stringMatching(/第\d+个字处.*违禁示例词/) })])
    expect((await load(id)).reviewState).toBe('draft')
  })

  it('blocks publishing too, even by an admin', async () => {
    const id = await writerDraft('正文正常。', '标题含违禁示例词')
    const res = await as.admin.patch(`/news/${id}`, { _status: 'published' })
    expect(res.status).toBe(400)
    expect(res.body.errors[0].data.errors[0].path).toBe('title')
  })

  it('a warned word needs a confirmation, then goes through', async () => {
    const id = await writerDraft('这里有慎用示例词。')
    const first = await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'submitted' })
    expect(first.status).toBe(400)
    expect(messages(first)).toContain('confirmWarnings')
    const confirmed = await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'submitted', confirmWarnings: true })
    expect(confirmed.status).toBe(200)
  })

  it('warns on error patterns such as unbalanced Chinese quotes', async () => {
    const id = await writerDraft('他说：“党建引领发展。')
    const res = await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'submitted' })
    expect(res.status).toBe(400)
    expect(messages(res)).toMatch(/引号/)
  })

  it('a word list of another district does not apply', async () => {
    const other = (await cms.payload.create({ collection: 'districts', data: { name: '静安区', slug: 'jing-an', level: 'district' } })).id
    await cms.payload.create({
      collection: 'word-lists',
      data: { name: '静安词表', district: other, words: [{ word: '新虹街道', level: 'forbidden' }] },
    })
    const id = await writerDraft()
    expect((await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'submitted' })).status).toBe(200)
  })

  it('word lists are never readable anonymously', async () => {
    const res = await restClient(cms.config).get('/word-lists')
    expect(res.status).toBe(403)
  })
})

describe('word lists are managed by editors', () => {
  it('an editor maintains their district list; a writer cannot touch it', async () => {
    const created = await as.editor.post('/word-lists', {
      name: '编辑的词表',
      district: xinhong,
      words: [{ word: '示例', level: 'warning' }],
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const id = created.body.doc.id
    expect((await as.editor.patch(`/word-lists/${id}`, { words: [{ word: '示例二', level: 'forbidden' }] })).status).toBe(200)
    expect((await as.writer.patch(`/word-lists/${id}`, { enabled: false })).status).toBe(403)
    expect((await as.writer.post('/word-lists', { name: '撰稿人词表', district: xinhong, words: [] })).status).toBe(403)
    expect((await as.editor.post('/word-lists', { name: '全局词表', words: [] })).status).toBe(400)
  })
})
