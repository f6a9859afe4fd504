import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type AdminInBrowser, startAdminInBrowser, stopAdminInBrowser } from '../helpers/adminSession'
import { saveScreenshot } from '../helpers/browser'
import { adminUser, day, minhangAndXinhong } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'

/**
 * The review chain as writers and editors use it, in Debian Chromium against the built admin
 * (`next start`): the 工作台's queues, the workflow buttons (提交审核 → 退回 with a reason →
 * resubmit → 审核通过 → 发布), a 慎用 word shown with its position before anything is saved, and a
 * writer never offered 发布. Assertions are on what each user sees and on the stored data.
 */
let cms: TestCms
let admin: AdminInBrowser['admin'] | undefined
let browser: Browser | undefined
let sessions: AdminInBrowser['sessions']
let minhang: number
let xinhong: number
const password = 'workflow-pass-1'
const writer = { email: 'writer@xinhong.test', password, name: '新虹撰稿人' }
const editor = { email: 'editor@minhang.test', password, name: '闵行编辑' }
const timings: Record<string, number> = {}

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  ;({ minhang, xinhong } = await minhangAndXinhong(payload))
  await payload.create({ collection: 'users', data: adminUser })
  await payload.create({ collection: 'users', data: { ...writer, roles: ['writer'], districts: [xinhong] } })
  await payload.create({ collection: 'users', data: { ...editor, roles: ['district-editor'], districts: [minhang] } })
  await payload.create({
    collection: 'word-lists',
    data: { name: '闵行区词表', district: minhang, words: [{ word: '慎用示例词', level: 'warning' }] },
  })
  ;({ admin, browser, sessions } = await startAdminInBrowser())
}, 600_000)
afterAll(async () => {
  await stopAdminInBrowser({ admin, browser, sessions })
  await cms?.cleanup()
  if (Object.keys(timings).length) console.log('admin workflow timings (ms):', timings)
})

const stored = (id: number, collection: 'news' | 'activities' = 'news') =>
  cms.payload.findByID({ collection, id, draft: true, depth: 0, overrideAccess: true }) as Promise<Record<string, any>>
const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true })
const toast = (page: Page, text: string) => page.locator('[data-sonner-toast]').filter({ hasText: text }).first().waitFor()
const header = (page: Page) => page.locator('.doc-controls__status').innerText()
/** The edit view has loaded its document (fields are read-only while it initialises). */
const ready = (page: Page) => expect.poll(() => page.locator('#field-title').isEditable(), { timeout: 30_000 }).toBe(true)
/** Every button of the edit view's controls and ⋯ menu whose label starts with 发布 or is 取消/撤销发布. */
async function publishButtons(page: Page): Promise<string[]> {
  const dots = page.locator('.doc-controls__dots')
  if (await dots.count()) await dots.click()
  const labels = await page.locator('.doc-controls button, .popup__content button').allInnerTexts()
  if (await dots.count()) await page.keyboard.press('Escape')
  return labels.map((l) => l.trim()).filter((l) => /^(发布|取消发布|撤销发布)/.test(l))
}

describe('工作台', () => {
  const expected = {
    writer: { rejected: 1, 'my-drafts': 1, scheduled: 1, 'site-health': 1 },
    editor: { 'to-review': 2, 'to-publish': 1, rejected: 1, 'co-publications': 1, 'my-drafts': 0, scheduled: 1, 'site-health': 1 },
    admin: { 'to-review': 2, 'to-publish': 1, rejected: 1, 'co-publications': 1, 'my-drafts': 0, scheduled: 1, 'site-health': 1 },
  }

  beforeAll(async () => {
    const { payload } = cms
    const as = async (account: typeof writer) => ({
      user: (await payload.login({ collection: 'users', data: account })).user,
      overrideAccess: false,
    })
    const asWriter = await as(writer)
    const item = (title: string, extra: Record<string, unknown> = {}) => ({
      title,
      slug: `q-${title.length}-${Math.random().toString(36).slice(2, 7)}`,
      district: xinhong,
      publishedOn: day('2026-05-01'),
      ...extra,
    })
    await payload.create({ collection: 'news', data: item('撰稿人的草稿'), draft: true, ...asWriter })
    await payload.create({ collection: 'news', data: item('待审核的新闻', { reviewState: 'submitted' }), draft: true, ...asWriter })
    const { publishedOn: _, ...activity } = item('待审核的活动', { reviewState: 'submitted' })
    await payload.create({ collection: 'activities', data: { ...activity, date: day('2026-05-01') } as never, draft: true, ...asWriter })
    const reviewed = await payload.create({
      collection: 'news',
      data: item('已审核待发布的新闻', { reviewState: 'reviewed' }),
      draft: true,
    })
    const rejected = await payload.create({
      collection: 'news',
      data: item('被退回的新闻', { reviewState: 'submitted' }),
      draft: true,
      ...asWriter,
    })
    await payload.update({
      collection: 'news',
      id: rejected.id,
      data: { reviewState: 'draft', rejectReason: '请补充来源' },
      draft: true,
      ...(await as(editor)),
    })
    const live = await payload.create({ collection: 'news', data: item('已发布的新闻', { _status: 'published' }) })
    await payload.create({ collection: 'co-publications', data: { item: { relationTo: 'news', value: live.id } } as never, ...asWriter })
    await payload.jobs.queue({
      task: 'schedulePublish',
      input: { type: 'publish', doc: { relationTo: 'news', value: String(reviewed.id) }, user: { relationTo: 'users', value: 1 } } as never,
      waitUntil: new Date(Date.now() + 86_400_000),
    })
    const stale = { key: 'news', lastUpdate: '2020-01-01T12:00:00.000Z', latestTitle: '很久以前的新闻' }
    await payload.create({
      collection: 'site-health',
      data: { title: '新虹街道', district: xinhong, checkedAt: new Date().toISOString(), report: { sections: [stale] } } as never,
    })
  })

  for (const role of ['writer', 'editor', 'admin'] as const) {
    it(`shows the ${role}'s queues with their counts`, async () => {
      const page = await sessions.open(role === 'admin' ? adminUser : role === 'writer' ? writer : editor, '/admin')
      await page.getByRole('heading', { name: '工作台' }).waitFor()
      const counts: Record<string, number> = {}
      for (const card of await page.locator('[data-queue]').all()) {
        counts[(await card.getAttribute('data-queue'))!] = Number(await card.locator('.work-queues__count').innerText())
      }
      await saveScreenshot(page, `workflow-0-dashboard-${role}`)
      expect(counts).toEqual(expected[role])
      await page.close()
    })
  }

  it('links open the lists filtered to what was counted, with 审核状态 as a column', async () => {
    const page = await sessions.open(editor, '/admin')
    await page.locator('[data-queue="to-review"] .work-queues__links').getByRole('link', { name: '活动 1' }).click()
    await page.waitForURL(/\/admin\/collections\/activities\?/)
    await page.locator('.table tbody tr').first().waitFor()
    expect(await page.locator('.table tbody tr').allInnerTexts()).toEqual([expect.stringContaining('待审核的活动')])
    expect(await page.locator('.table thead').innerText()).toContain('审核状态')
    expect(await page.locator('.table tbody tr').first().innerText()).toContain('待审核')
    await expect.poll(() => page.locator('.table').innerText()).not.toContain('加载中')
    await saveScreenshot(page, 'workflow-0-dashboard-link-to-review')

    const writerPage = await sessions.open(writer, '/admin')
    await writerPage.locator('[data-queue="rejected"] a.work-queues__title').click()
    await writerPage.waitForURL(/\/admin\/collections\/news\?/)
    await writerPage.locator('.table tbody tr').first().waitFor()
    expect(await writerPage.locator('.table tbody tr').allInnerTexts()).toEqual([expect.stringContaining('被退回的新闻')])
    // Selected rows offer a writer no bulk 发布 (nor 编辑, whose drawer publishes).
    await writerPage.locator('.table tbody tr').first().locator('input[type="checkbox"]').check()
    await writerPage.locator('.list-selection').waitFor()
    expect(await writerPage.locator('.list-selection__actions button:visible').allInnerTexts()).not.toContain('发布')
    await page.close()
    await writerPage.close()
  })
})

describe('the review chain as buttons', () => {
  let id: number

  it('a writer writes a news item and submits it; no 发布 anywhere', async () => {
    const started = Date.now()
    const page = await sessions.open(writer, '/admin/collections/news/create')
    await page.locator('#field-title').fill('新虹街道开展主题党日活动')
    await page.locator('#field-slug').fill('xinhong-dangri')
    await page.locator('#field-publishedOn__date input, input#field-publishedOn__date').first().fill('2026-05-01')
    await page.keyboard.press('Escape')
    await page.locator('[data-lexical-editor="true"]').first().click()
    await page.keyboard.type('新虹街道党群服务站开展主题党日活动。')
    expect(await publishButtons(page)).toEqual([])
    await saveScreenshot(page, 'workflow-1-writer-new-item')
    await button(page, '提交审核').click()
    await toast(page, '已提交审核，等待区域编辑审核')
    await page.waitForURL(/\/admin\/collections\/news\/\d+/)
    timings.writerNewToSubmitted = Date.now() - started
    id = Number(/news\/(\d+)/.exec(page.url())![1])
    await expect.poll(() => header(page)).toContain('审核状态：待审核')
    expect((await stored(id)).reviewState).toBe('submitted')
    await button(page, '撤回').waitFor()
    expect(await button(page, '提交审核').count()).toBe(0)
    expect(await publishButtons(page)).toEqual([])
    await saveScreenshot(page, 'workflow-2-writer-submitted')
    await page.close()
  })

  it('the editor rejects it with a reason (required), which the writer sees', async () => {
    const page = await sessions.open(editor, `/admin/collections/news/${id}`)
    await button(page, '审核通过').waitFor()
    expect(await publishButtons(page)).toEqual([]) // not reviewed yet: nothing to publish
    await button(page, '退回').click()
    await page.getByRole('heading', { name: '退回修改' }).waitFor()
    await button(page, '确认退回').click()
    await page.getByRole('alert').filter({ hasText: '请填写退回理由' }).waitFor()
    await page.locator('#reject-reason').fill('请补充活动时间和参加人数')
    await saveScreenshot(page, 'workflow-3-editor-reject-dialog')
    await button(page, '确认退回').click()
    await toast(page, '已退回修改')
    expect(await stored(id)).toMatchObject({ reviewState: 'draft', rejectReason: '请补充活动时间和参加人数' })
    await page.close()

    const writerPage = await sessions.open(writer, `/admin/collections/news/${id}`)
    await ready(writerPage)
    await expect.poll(() => header(writerPage)).toContain('审核状态：草稿（已退回')
    expect(await writerPage.locator('#field-rejectReason').inputValue()).toBe('请补充活动时间和参加人数')
    await saveScreenshot(writerPage, 'workflow-4-writer-sees-rejection')
    await writerPage.locator('[data-lexical-editor="true"]').first().click()
    await writerPage.keyboard.press('End')
    await writerPage.keyboard.type('活动于5月1日上午举行，约50人参加。')
    await button(writerPage, '提交审核').click()
    await toast(writerPage, '已提交审核')
    expect(await stored(id)).toMatchObject({ reviewState: 'submitted', rejectReason: null })
    await writerPage.close()
  })

  it('the editor approves and publishes; the writer then still sees no 发布', async () => {
    const started = Date.now()
    const page = await sessions.open(editor, `/admin/collections/news/${id}`)
    // Taking over the writer's lock reloads the form: a step clicked before that has finished is shown stale.
    await button(page, '审核通过').waitFor()
    await ready(page)
    await button(page, '审核通过').click()
    await toast(page, '审核通过，现在可以发布')
    expect((await stored(id)).reviewState).toBe('reviewed')
    await button(page, '发布').click()
    await toast(page, '已发布，网站将在几秒内更新')
    timings.editorPendingToPublished = Date.now() - started
    expect(await stored(id)).toMatchObject({ _status: 'published', reviewState: 'published' })
    await expect.poll(() => header(page)).toMatch(/状态：已发布[\s\S]*审核状态：已发布/)
    await button(page, '撤销发布').waitFor()
    await saveScreenshot(page, 'workflow-5-editor-published')
    const log = (await stored(id)).reviewLog.map((e: any) => `${e.action} ${e.byName}`)
    expect(log).toEqual(['提交审核 新虹撰稿人', '退回修改 闵行编辑', '提交审核 新虹撰稿人', '审核通过 闵行编辑', '发布 闵行编辑'])
    await page.close()

    const writerPage = await sessions.open(writer, `/admin/collections/news/${id}`)
    await expect.poll(() => header(writerPage)).toContain('审核状态：已发布')
    expect(await publishButtons(writerPage)).toEqual([])
    await writerPage.close()
  })
})

describe('错敏词 in the admin', () => {
  it('a 慎用 word is shown on its field with its position before anything is saved; 已核对 lets it through to publishing, and 撤销发布 takes it down', async () => {
    const title = '社区开展慎用示例词主题活动'
    const page = await sessions.open(writer, '/admin/collections/news/create')
    await page.locator('#field-title').fill(title)
    await page.locator('#field-slug').fill('shenyong')
    await page.locator('#field-publishedOn__date input, input#field-publishedOn__date').first().fill('2026-05-02')
    await page.keyboard.press('Escape')
    const answer = page.waitForResponse((r) => r.url().includes('/api/news?') && r.request().method() === 'POST')
    await button(page, '提交审核').click()
    // The admin server's answer carries the findings (its bundled payload used to drop them).
    expect((await (await answer).json()).errors[0].data.findings).toEqual([
      expect.objectContaining({ path: 'title', field: '标题', word: '慎用示例词', position: 5, excerpt: title }),
    ])
    const finding = '第5个字处发现慎用词“慎用示例词”'
    await toast(page, `标题：${finding}`)
    await page
      .locator('.field-type.text')
      .filter({ has: page.locator('#field-title') })
      .getByText(finding)
      .waitFor({ state: 'attached' })
    await saveScreenshot(page, 'workflow-6-warning-word-on-field')
    const saved = await cms.payload.find({ collection: 'news', where: { title: { equals: title } }, draft: true, overrideAccess: true })
    expect(saved.totalDocs).toBe(0)

    await page.locator('#field-confirmWarnings').check()
    await button(page, '提交审核').click()
    await toast(page, '已提交审核')
    await page.waitForURL(/\/admin\/collections\/news\/\d+/)
    const id = Number(/news\/(\d+)/.exec(page.url())![1])
    await page.close()

    const editorPage = await sessions.open(editor, `/admin/collections/news/${id}`)
    await button(editorPage, '审核通过').waitFor()
    await ready(editorPage)
    await button(editorPage, '审核通过').click()
    await toast(editorPage, '审核通过')
    await button(editorPage, '发布').click()
    await toast(editorPage, '已发布')
    expect(await stored(id)).toMatchObject({ _status: 'published', reviewState: 'published', confirmWarnings: true })
    // 撤销发布 asks first, then takes it down (logged).
    await button(editorPage, '撤销发布').click()
    await editorPage.getByRole('heading', { name: '撤销发布？' }).waitFor()
    await editorPage.locator('#confirm-action').click()
    await toast(editorPage, '已撤销发布')
    expect(await stored(id)).toMatchObject({ _status: 'draft', reviewState: 'draft' })
    expect((await stored(id)).reviewLog.at(-1).action).toBe('撤销发布')
    await editorPage.close()
  })
})
