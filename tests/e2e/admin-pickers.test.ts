import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { discardScheduleQuestion } from '../../cms/admin/scheduleDrawerEsc'
import { type AdminInBrowser, startAdminInBrowser, stopAdminInBrowser } from '../helpers/adminSession'
import { ready } from '../helpers/adminPage'
import { saveScreenshot } from '../helpers/browser'
import { adminUser, day, minhangAndXinhong } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'

/**
 * In Chromium against the built admin: the schedule dialog asks before Esc throws away a time
 * already chosen (cms/admin/scheduleDrawerEsc.ts); and (skipped until the pickers are limited, see
 * cms/fields/usableRelation.ts) a 新虹街道 district editor's pickers offering only their own and
 * 闵行区's stations, published activities and their own district.
 */
let cms: TestCms
let admin: AdminInBrowser['admin'] | undefined
let browser: Browser | undefined
let sessions: AdminInBrowser['sessions']
const editor = { email: 'editor@xinhong.test', password: 'pickers-pass-1', name: '新虹编辑' }
let reviewedId: number

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const { minhang, xinhong } = await minhangAndXinhong(payload)
  const jingan = (await payload.create({ collection: 'districts', data: { name: '静安区', slug: 'jingan', level: 'district' } })).id
  await payload.create({ collection: 'users', data: adminUser })
  await payload.create({ collection: 'users', data: { ...editor, roles: ['district-editor'], districts: [xinhong] } })
  const quiet = { context: { skipSiteRebuild: true } }
  for (const [name, district] of [
    ['新虹阵地', xinhong],
    ['闵行阵地', minhang],
    ['静安阵地', jingan],
  ] as const) {
    await payload.create({ collection: 'stations', data: { name, slug: `s-${district}`, district, kind: 'station' } as never, ...quiet })
  }
  const activity = (title: string, district: number, status: 'published' | 'draft') =>
    payload.create({
      collection: 'activities',
      data: { title, slug: `a-${title.length}-${district}-${status}`, district, date: day('2026-05'), _status: status } as never,
      draft: status === 'draft',
      ...quiet,
    })
  await activity('新虹已发布活动', xinhong, 'published')
  await activity('新虹草稿活动', xinhong, 'draft')
  await activity('静安已发布活动', jingan, 'published')
  reviewedId = (
    await payload.create({
      collection: 'news',
      data: { title: '待预约的新闻', slug: 'to-schedule', district: xinhong, publishedOn: day('2026-05-01'), reviewState: 'reviewed' },
      draft: true,
      ...quiet,
    })
  ).id
  ;({ admin, browser, sessions } = await startAdminInBrowser())
}, 600_000)
afterAll(async () => {
  await stopAdminInBrowser({ admin, browser, sessions })
  await cms?.cleanup()
})

/** The options a relationship select offers once opened. */
async function options(page: Page, field: string): Promise<string[]> {
  await page.locator(`#field-${field} .rs__control`).click()
  await page.locator('.rs__menu').waitFor()
  await expect.poll(() => page.locator('.rs__menu').innerText(), { timeout: 15_000 }).not.toMatch(/加载中/)
  const texts = (await page.locator('.rs__menu .rs__option').allInnerTexts()).map((t) => t.trim())
  await page.keyboard.press('Escape')
  return texts.sort()
}

describe('pickers as a 新虹街道 district editor', () => {
  // Skipped: the pickers are not limited yet — `filterOptions` on these fields left the edit view stale
  // after workflow steps (cms/fields/usableRelation.ts); saves are limited (relation-scope.test.ts).
  it.skip('offer only their own and their 区’s stations, published activities, their own district', async () => {
    const page = await sessions.open(editor, '/admin/collections/news/create')
    await ready(page)
    await page.locator('.collapsible').filter({ hasText: '关联内容' }).first().scrollIntoViewIfNeeded()
    expect(await options(page, 'relatedStations')).toEqual(['新虹阵地', '闵行阵地'])
    expect(await options(page, 'relatedActivities')).toEqual(['新虹已发布活动'])
    expect(await options(page, 'district')).toEqual(['新虹街道'])
    await page.locator('#field-relatedStations .rs__control').click()
    await page.locator('.rs__menu .rs__option').first().waitFor()
    await saveScreenshot(page, 'admin-scenario-picker-stations')
    await page.close()
  })
})

describe('the schedule dialog', () => {
  it('asks before Esc throws away a chosen time', async () => {
    const page = await sessions.open(editor, `/admin/collections/news/${reviewedId}`)
    await ready(page)
    const open = async () => {
      await page.locator('.doc-controls .popup-button, .doc-controls .popup__trigger-wrap button').first().click()
      await page.locator('#schedule-publish').click()
      await page.locator('.schedule-publish').first().waitFor()
    }
    await open()
    const input = page.locator('.schedule-publish .date-time-picker input').first()
    await input.click()
    await page.locator('.react-datepicker__navigation--next').click()
    await page.locator('.react-datepicker__day--015:not(.react-datepicker__day--outside-month)').click()
    await page
      .locator('.react-datepicker__time-list li')
      .filter({ hasText: /^09:00$/ })
      .click()
    const chosen = await input.inputValue()
    expect(chosen).toMatch(/15/)
    await saveScreenshot(page, 'admin-scenario-schedule-chosen')
    // Esc with a time chosen asks first; 取消 keeps the dialog and the time.
    const asked: string[] = []
    page.once('dialog', (dialog) => (asked.push(dialog.message()), void dialog.dismiss()))
    await page.keyboard.press('Escape')
    await expect.poll(() => asked).toEqual([discardScheduleQuestion])
    expect(await input.isVisible()).toBe(true)
    expect(await input.inputValue()).toBe(chosen)
    // 确定 closes it, the time discarded; without a chosen time Esc closes at once, as before.
    page.once('dialog', (dialog) => void dialog.accept())
    await page.keyboard.press('Escape')
    await page.locator('.schedule-publish').first().waitFor({ state: 'hidden' })
    await open()
    expect(await input.inputValue()).toBe('')
    page.once('dialog', () => void asked.push('unexpected'))
    await page.keyboard.press('Escape')
    await page.locator('.schedule-publish').first().waitFor({ state: 'hidden' })
    expect(asked).toEqual([discardScheduleQuestion])
    await page.close()
  })
})
