import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type AdminInBrowser, startAdminInBrowser, stopAdminInBrowser } from '../helpers/adminSession'
import { saveScreenshot } from '../helpers/browser'
import { englishWords, visibleText } from '../helpers/englishOnScreen'
import { adminUser, day, minhangAndXinhong } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'

/**
 * The admin in Chinese (issue 13, items 7 and 9): the screens of the workflow scenario — 工作台,
 * news list, news edit view, the schedule dialog, 站点健康, 站点构建 — opened by a district editor
 * (and a new campaign's form) in Debian Chromium against the built admin, their visible text
 * scanned for English words. A scheduled publish shows in the document (已预约 2027年11月30日 00:00
 * 发布) and in the list (预约).
 */

let cms: TestCms
let admin: AdminInBrowser['admin'] | undefined
let browser: Browser | undefined
let sessions: AdminInBrowser['sessions']
let scheduledId: number
const editor = { email: 'editor@minhang.test', password: 'language-pass-1', name: '闵行编辑' }
/** 2027-11-30 00:00 in Shanghai (the example a year on, so it is still to come). */
const scheduledAt = new Date('2027-11-29T16:00:00.000Z')

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const { minhang, xinhong } = await minhangAndXinhong(payload)
  await payload.create({ collection: 'users', data: adminUser })
  const editorUser = await payload.create({ collection: 'users', data: { ...editor, roles: ['district-editor'], districts: [minhang] } })
  const item = (title: string, slug: string, extra: Record<string, unknown> = {}) => ({
    title,
    slug,
    district: xinhong,
    publishedOn: day('2026-05-01'),
    ...extra,
  })
  await payload.create({ collection: 'news', data: item('已发布的新闻', 'yifabu', { _status: 'published' }) })
  // Submitted and approved by the editor, so its 审核记录 has rows with times.
  const asEditor = { user: (await payload.login({ collection: 'users', data: editor })).user, overrideAccess: false }
  scheduledId = (
    await payload.create({
      collection: 'news',
      data: item('预约发布的新闻', 'yuyue', { reviewState: 'submitted' }),
      draft: true,
      ...asEditor,
    })
  ).id
  await payload.update({ collection: 'news', id: scheduledId, data: { reviewState: 'reviewed' }, draft: true, ...asEditor })
  await payload.jobs.queue({
    task: 'schedulePublish',
    // As the schedule dialog queues it: with the zone it was chosen in.
    input: {
      type: 'publish',
      doc: { relationTo: 'news', value: String(scheduledId) },
      user: { relationTo: 'users', value: editorUser.id },
      timezone: 'Asia/Shanghai',
    } as never,
    waitUntil: scheduledAt,
  })
  const stale = { key: 'news', lastUpdate: '2020-01-01T12:00:00.000Z', latestTitle: '很久以前的新闻' }
  const report = {
    district: 'xinhong',
    checkedAt: new Date().toISOString(),
    sections: [stale],
    pagesChecked: 12,
    linksChecked: 80,
    totals: { brokenLinks: 1, missingAlt: 1, overweight: 1 },
    brokenLinks: [{ page: '/xinhong/news/yifabu/', url: '/xinhong/news/missing/' }],
    missingAlt: [{ page: '/xinhong/news/yifabu/', src: '/media/photo.jpg', problem: 'missing' }],
    overweight: [{ page: '/xinhong/', bytes: 420_000, budgetBytes: 300_000 }],
    budgets: { pageKb: 300, searchPageKb: 500 },
    checkMs: 1200,
  }
  await payload.create({
    collection: 'site-health',
    data: { title: '新虹街道', district: xinhong, checkedAt: report.checkedAt, report } as never,
  })
  await payload.create({
    collection: 'site-builds',
    data: {
      title: '新虹街道',
      district: xinhong,
      status: 'succeeded',
      trigger: '新闻“已发布的新闻”已发布',
      durationMs: 12_345,
      pages: 42,
      logTail: 'build complete',
    } as never,
  })
  ;({ admin, browser, sessions } = await startAdminInBrowser())
}, 600_000)
afterAll(async () => {
  await stopAdminInBrowser({ admin, browser, sessions })
  await cms?.cleanup()
})

/** The edit view has loaded its document (fields are read-only skeletons while it initialises). */
const formReady = (page: Page) => expect.poll(() => page.locator('#field-title').isEditable(), { timeout: 30_000 }).toBe(true)

/** The list has its rows (not 加载中). */
const listLoaded = async (page: Page) => {
  await page.locator('.table tbody tr').first().waitFor()
  await expect.poll(() => page.locator('.table').innerText(), { timeout: 30_000 }).not.toContain('加载中')
}

describe('the scanner', () => {
  it('flags English UI words and passes Chinese, allowed names and URLs', () => {
    expect(englishWords('时间 Time 全部 All 12:00 上午')).toEqual(['Time', 'All'])
    expect(
      englishWords('北京时间（Asia/Shanghai） Payload API http://localhost:4321/xinhong/ /admin/collections/news editor@minhang.test'),
    ).toEqual([])
  })
})

describe('a scheduled publish is visible', () => {
  it('in the news list as 预约 and in the document as 已预约 2027年11月30日 00:00 发布', async () => {
    const list = await sessions.open(editor, '/admin/collections/news')
    await listLoaded(list)
    expect(await list.locator('.table thead').innerText()).toContain('预约')
    const row = list.locator('.table tbody tr').filter({ hasText: '预约发布的新闻' })
    expect(await row.innerText()).toContain('2027年11月30日 00:00 发布')
    expect(await list.locator('.table tbody tr').filter({ hasText: '已发布的新闻' }).innerText()).not.toContain('发布 ')
    await list.close()

    const doc = await sessions.open(editor, `/admin/collections/news/${scheduledId}`)
    await doc.locator('.schedule-note [data-scheduled="publish"]').waitFor()
    expect(await doc.locator('.schedule-note').innerText()).toContain('已预约 2027年11月30日 00:00 发布')
    await doc.close()
  })
})

describe('no English in our screens (editor)', () => {
  const screens: { name: string; path: string; ready: (page: Page) => Promise<unknown> }[] = [
    { name: 'dashboard', path: '/admin', ready: (p) => p.getByRole('heading', { name: '工作台' }).waitFor() },
    { name: 'news-list', path: '/admin/collections/news', ready: listLoaded },
    { name: 'news-edit', path: '', ready: async (p) => (await formReady(p), p.locator('.schedule-note [data-scheduled]').waitFor()) },
    { name: 'site-health', path: '/admin/site-health', ready: (p) => p.locator('.site-health h1').waitFor() },
    { name: 'site-builds-list', path: '/admin/collections/site-builds', ready: listLoaded },
  ]
  for (const screen of screens) {
    it(`${screen.name} has no English words`, async () => {
      const page = await sessions.open(editor, screen.path || `/admin/collections/news/${scheduledId}`)
      try {
        await screen.ready(page)
      } finally {
        await saveScreenshot(page, `language-${screen.name}`)
      }
      expect(englishWords(await visibleText(page))).toEqual([])
      await page.close()
    })
  }

  it('a new campaign says which dates are the display window and which the publish schedule', async () => {
    const page = await sessions.open(editor, '/admin/collections/campaigns/create')
    await formReady(page)
    const form = await page.locator('.document-fields__main').innerText()
    expect(form).toContain('展示期开始：站点从这一天（上海时间）起显示本宣传')
    expect(form).toContain('展示期结束')
    expect(form).toContain('预约')
    await saveScreenshot(page, 'language-campaign-new')
    expect(englishWords(await visibleText(page))).toEqual([])
    await page.close()
  })

  it('the review log gives its times as 2026年11月29日 18:08', async () => {
    const page = await sessions.open(editor, `/admin/collections/news/${scheduledId}`)
    await formReady(page)
    await page.locator('.collapsible__toggle-wrap').filter({ hasText: '记录 01' }).first().click()
    const sidebarInputs = page.locator('.document-fields__sidebar input')
    await expect
      .poll(async () => (await sidebarInputs.evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).join(' '), {
        timeout: 15_000,
      })
      .toMatch(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/)
    await saveScreenshot(page, 'language-review-log-row')
    await page.close()
  })

  it('site builds show durations in seconds, in the list and the record', async () => {
    const page = await sessions.open(editor, '/admin/collections/site-builds')
    await listLoaded(page)
    expect(await page.locator('.table tbody tr').first().innerText()).toContain('12.3 秒')
    expect(await page.locator('.table thead').innerText()).not.toContain('毫秒')
    // The record itself too; its log (the generator's own English output) is a field value, not UI.
    await page.locator('.table tbody tr a').first().click()
    await page.waitForURL(/\/site-builds\/\d+/)
    await page.locator('.document-fields').getByText('12.3 秒').waitFor()
    await saveScreenshot(page, 'language-site-build')
    expect(englishWords(await visibleText(page))).toEqual([])
    await page.close()
  })

  it('the schedule dialog: Chinese, Shanghai time preset, 24-hour times; a time chosen there is stored in Shanghai time and shown in document and list', async () => {
    const page = await sessions.open(editor, `/admin/collections/news/${scheduledId}`)
    await formReady(page)
    await openScheduleDialog(page)
    const dialog = page.locator('.schedule-publish')
    await saveScreenshot(page, 'language-schedule-dialog-opened')
    await dialog.getByText('北京时间（Asia/Shanghai）').first().waitFor()
    // The upcoming list shows the job in Chinese date format.
    await dialog.getByText('2027年11月30日 00:00').first().waitFor()
    // 发布 offers the language choice, whose Payload default is the untranslated "All".
    await dialog
      .locator('.schedule-publish__type label')
      .filter({ hasText: /^发布$/ })
      .click()
    // Open the date-and-time picker: its time list is 24-hour.
    await dialog.locator('.date-time-picker input').first().click()
    await page.locator('.react-datepicker__time-list').waitFor()
    const times = await page.locator('.react-datepicker__time-list li').allInnerTexts()
    expect(times).toContain('13:00')
    expect(times.join(' ')).not.toMatch(/上午|下午|AM|PM/)
    await saveScreenshot(page, 'language-schedule-dialog')
    const text = await visibleText(page)
    expect(englishWords(text)).toEqual([])

    // Scheduled in the dialog for the 15th of next month, 09:00: stored as 09:00 in Shanghai (the
    // browser runs in UTC), then shown so in the document and the list.
    await page.locator('.react-datepicker__navigation--next').click()
    await page.locator('.react-datepicker__day--015:not(.react-datepicker__day--outside-month)').click()
    await page
      .locator('.react-datepicker__time-list li')
      .filter({ hasText: /^09:00$/ })
      .click()
    await dialog.getByRole('button', { name: '保存', exact: true }).click()
    await page.locator('[data-sonner-toast]').filter({ hasText: '已预约' }).first().waitFor()
    const now = new Date()
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 15, 1, 0)) // 09:00 in Shanghai
    const { docs } = await cms.payload.find({
      collection: 'payload-jobs',
      where: { waitUntil: { equals: next.toISOString() } },
      overrideAccess: true,
    })
    expect(docs).toEqual([
      expect.objectContaining({
        taskSlug: 'schedulePublish',
        input: expect.objectContaining({ type: 'publish', timezone: 'Asia/Shanghai' }),
      }),
    ])
    const shown = `${next.getUTCFullYear()}年${next.getUTCMonth() + 1}月15日 09:00 发布`
    await page.reload()
    await page.locator('.schedule-note').getByText(`已预约 ${shown}`).waitFor()
    await page.goto(`${admin!.url}/admin/collections/news`)
    await listLoaded(page)
    expect(await page.locator('.table tbody tr').filter({ hasText: '预约发布的新闻' }).innerText()).toContain(shown)
    await page.close()
  })
})

/** The calendar item next to 发布 (Payload's popup beside the publish button). */
async function openScheduleDialog(page: Page) {
  await page.locator('.doc-controls .popup-button, .doc-controls .popup__trigger-wrap button').first().click()
  await page.locator('#schedule-publish').click()
  await page.locator('.schedule-publish').first().waitFor()
}
