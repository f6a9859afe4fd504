import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { News } from '../../cms/payload-types'
import { workflowActions, type ItemState } from '../../cms/admin/workflowActions'
import { loadWorkQueues } from '../../cms/admin/workQueues'
import { paragraphsToLexical } from '../../cms/seed/lexical'
import { day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'
import { reviewCast } from '../helpers/reviewFixtures'

/**
 * What the admin shows when the review chain refuses (Chinese, on the field, with the 错敏词
 * findings' word, field and position in the REST error), the server-owned fields the 工作台
 * counts by, and which workflow buttons each role gets.
 */
let cms: TestCms
let minhang: number
let xinhong: number
const as: Record<'admin' | 'editor' | 'writer', ReturnType<typeof restClient>> = {} as never
const users: Record<string, { id: number }> = {}
let counter = 0

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const cast = await reviewCast(payload, cms.config, 'm.test')
  ;({ minhang, xinhong } = cast)
  Object.assign(as, cast.as)
  Object.assign(users, cast.users)
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

async function writerDraft(title: string, body = '新虹街道开展党建工作。') {
  const res = await as.writer.post('/news?draft=true', {
    title,
    slug: `m-${++counter}`,
    district: xinhong,
    publishedOn: day('2024-05-01'),
    body: paragraphsToLexical(body),
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.doc.id as number
}
// createdBy is not in the generated types yet (cms/payload-types.ts).
const load = async (id: number) =>
  (await cms.payload.findByID({ collection: 'news', id, draft: true, depth: 0 })) as News & { createdBy?: number }
const firstError = (res: { body: any }) => res.body.errors[0]

describe('refusals in Chinese, on the field', () => {
  it('a warned word: the message names field, word and position; findings carry them; nothing is saved', async () => {
    const id = await writerDraft('关于慎用示例词的报道')
    const res = await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'submitted', summary: '新摘要' })
    expect(res.status).toBe(400)
    const error = firstError(res)
    expect(error.message).toMatch(/^请修改以下内容: 标题：第3个字处发现慎用词“慎用示例词”/)
    expect(error.message).toContain('已核对慎用词和格式提示：请核对上述提示')
    expect(error.message).not.toMatch(/invalid/i)
    expect(error.data.errors.map((e: any) => e.path)).toEqual(['title', 'confirmWarnings'])
    expect(error.data.findings).toEqual([
      {
        path: 'title',
        field: '标题',
        level: 'warning',
        word: '慎用示例词',
        position: 3,
        excerpt: '关于慎用示例词的报道',
        message: '第3个字处发现慎用词“慎用示例词”',
      },
    ])
    const stored = await load(id)
    expect([stored.reviewState, stored.summary ?? null]).toEqual(['draft', null])
  })

  it('a forbidden word in the body is reported with its position in the body', async () => {
    const id = await writerDraft('正常标题', '第一段。\n\n这里有违禁示例词。')
    const error = firstError(await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'submitted' }))
    expect(error.data.findings).toMatchObject([{ path: 'body', field: '正文', level: 'forbidden', word: '违禁示例词', position: 10 }])
    expect(error.message).toBe('请修改以下内容: 正文：第10个字处发现禁用词“违禁示例词”（…第一段。 这里有违禁示例词。…）')
  })

  it('review-step refusals name the field in Chinese', async () => {
    const id = await writerDraft('普通新闻')
    const publish = await as.writer.patch(`/news/${id}`, { _status: 'published' })
    expect(firstError(publish).message).toBe(
      '请修改以下内容: 发布：撰稿人不能发布：请提交审核，由区域编辑审核后发布 / Writers cannot publish; submit for review',
    )
    expect((await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'submitted' })).status).toBe(200)
    const noReason = await as.editor.patch(`/news/${id}?draft=true`, { reviewState: 'draft' })
    expect(firstError(noReason).message).toBe('请修改以下内容: 退回理由：退回时请填写退回理由 / Give a reason when rejecting')
    expect(firstError(noReason).data.errors).toEqual([
      { path: 'rejectReason', message: '退回时请填写退回理由 / Give a reason when rejecting' },
    ])
  })
})

describe('unpublishing is an editor step', () => {
  it('a writer cannot take a live item down by saving _status draft over a pending draft of it', async () => {
    const live = await cms.payload.create({
      collection: 'news',
      data: { title: '在线新闻', slug: `m-${++counter}`, district: xinhong, publishedOn: day('2024-05-01'), _status: 'published' },
    })
    expect((await as.writer.patch(`/news/${live.id}?draft=true`, { title: '在线新闻（修改稿）' })).status).toBe(200)
    const res = await as.writer.patch(`/news/${live.id}`, { _status: 'draft' })
    expect(firstError(res).message).toBe('请修改以下内容: 发布：撰稿人不能撤销发布 / Writers cannot unpublish')
    expect((await cms.payload.findByID({ collection: 'news', id: live.id, depth: 0 }))._status).toBe('published')
    // An editor's 撤销发布 of the same item is an unpublish, logged as one.
    expect((await as.editor.patch(`/news/${live.id}`, { _status: 'draft' })).status).toBe(200)
    const after = await load(live.id)
    expect([after._status, after.reviewState, after.reviewLog?.at(-1)?.action]).toEqual(['draft', 'draft', '撤销发布'])
  })
})

describe('server-owned fields for the 工作台', () => {
  it('the creator is recorded on create and cannot be changed by a client', async () => {
    const id = await writerDraft('谁写的')
    expect((await load(id)).createdBy).toBe(users.writer.id)
    const forged = await as.editor.patch(`/news/${id}?draft=true`, { createdBy: users.editor.id })
    expect(forged.status).toBe(200)
    expect((await load(id)).createdBy).toBe(users.writer.id)
    const claimed = await as.writer.post('/news?draft=true', {
      title: '冒名',
      slug: `m-${++counter}`,
      district: xinhong,
      publishedOn: day('2024-05-01'),
      createdBy: users.admin.id,
    })
    expect((await load(claimed.body.doc.id)).createdBy).toBe(users.writer.id)
  })

  it('a rejection reason stays until the item is resubmitted, and a new rejection needs a new reason', async () => {
    const id = await writerDraft('退回后再提交')
    await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'submitted' })
    await as.editor.patch(`/news/${id}?draft=true`, { reviewState: 'draft', rejectReason: '请补充时间' })
    expect((await load(id)).rejectReason).toBe('请补充时间')
    await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'submitted' })
    expect((await load(id)).rejectReason ?? null).toBeNull()
    expect((await as.editor.patch(`/news/${id}?draft=true`, { reviewState: 'draft' })).status).toBe(400)
    // Only a rejection writes a reason: a client's own is ignored.
    await as.writer.patch(`/news/${id}?draft=true`, { rejectReason: '自己写的理由' })
    expect((await load(id)).rejectReason ?? null).toBeNull()
  })

  it('counts the queues per user, through access control', async () => {
    const queues = async (role: string) => {
      const user = await cms.payload.findByID({ collection: 'users', id: users[role].id, depth: 0 })
      return Object.fromEntries((await loadWorkQueues(cms.payload, { ...user, collection: 'users' } as never)).map((q) => [q.key, q.count]))
    }
    const before = { writer: await queues('writer'), editor: await queues('editor') }
    const id = await writerDraft('排队的新闻')
    await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'submitted' })
    const writer = await queues('writer')
    const editor = await queues('editor')
    expect(writer['to-review']).toBeUndefined()
    expect(editor['to-review']).toBe((before.editor['to-review'] ?? 0) + 1)
    expect(writer['my-drafts']).toBe(before.writer['my-drafts'])
    expect(Object.keys(editor)).toEqual(['to-review', 'to-publish', 'rejected', 'co-publications', 'my-drafts', 'scheduled', 'site-health'])
  })
})

describe('workflow buttons per role and state', () => {
  const item = (reviewState: ItemState['reviewState'], live = false, latestIsPublished = live): ItemState => ({
    isNew: false,
    reviewState,
    hasPublishedDoc: live,
    latestIsPublished,
  })
  it('a writer submits and withdraws, never publishes', () => {
    expect(workflowActions('writer', { ...item('draft'), isNew: true })).toEqual(['submit'])
    expect(workflowActions('writer', item('draft'))).toEqual(['submit'])
    expect(workflowActions('writer', item('submitted'))).toEqual(['withdraw'])
    expect(workflowActions('writer', item('reviewed'))).toEqual([])
    expect(workflowActions('writer', item('published', true))).toEqual([])
    expect(workflowActions('writer', item('published', true, false))).toEqual(['submit'])
  })
  it('an editor reviews, rejects, publishes reviewed items and unpublishes live ones; an admin may publish at any step', () => {
    expect(workflowActions('editor', item('submitted'))).toEqual(['approve', 'reject'])
    expect(workflowActions('editor', item('reviewed'))).toEqual(['publish', 'reject'])
    expect(workflowActions('editor', item('draft'))).toEqual(['approve'])
    expect(workflowActions('editor', item('published', true))).toEqual(['publish', 'unpublish'])
    expect(workflowActions('editor', item('published', true, false))).toEqual(['approve', 'unpublish'])
    expect(workflowActions('admin', item('submitted'))).toEqual(['approve', 'reject', 'publish'])
    expect(workflowActions('none', item('draft'))).toEqual([])
  })
})
