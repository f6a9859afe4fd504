import fs from 'node:fs'

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { type AdminInBrowser, startAdminInBrowser, stopAdminInBrowser } from '../helpers/adminSession'
import { saveScreenshot } from '../helpers/browser'
import { day, minhangAndXinhong } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'

/**
 * 导出/导入 in the built admin (`next start`), in Debian Chromium as a 闵行区 district editor: the
 * buttons above the news list, a CSV download holding only 闵行区 and 新虹街道 (never another
 * district's published news), a JSON import landing as a draft, and an import into another
 * district refused in Chinese with nothing written.
 */
let cms: TestCms
let admin: AdminInBrowser['admin'] | undefined
let browser: Browser | undefined
let sessions: AdminInBrowser['sessions']
const editor = { email: 'editor@transfer.test', password: 'transfer-pass-1' }

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const { minhang, xinhong } = await minhangAndXinhong(payload)
  const other = (await payload.create({ collection: 'districts', data: { name: '别区', slug: 'other-district', level: 'district' } })).id
  await payload.create({
    collection: 'users',
    data: { ...editor, name: '闵行编辑', roles: ['district-editor'], districts: [minhang] } as never,
  })
  const news = (district: number, slug: string) =>
    payload.create({
      collection: 'news',
      data: { title: `新闻 ${slug}`, slug, district, publishedOn: day('2024-03-01'), _status: 'published' } as never,
    })
  await news(minhang, 'minhang-news')
  await news(xinhong, 'xinhong-news')
  await news(other, 'other-news')
  ;({ admin, browser, sessions } = await startAdminInBrowser())
}, 900_000)
afterAll(async () => {
  await stopAdminInBrowser({ admin, browser, sessions })
  await cms?.cleanup()
})

const controls = (page: Page) => page.getByRole('region', { name: '导入导出' })
const importJson = (page: Page, name: string, records: unknown[]) =>
  controls(page)
    .locator('input[type=file]')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(records)) })
const record = (slug: string, district: string) => ({
  title: `导入的新闻 ${slug}`,
  slug,
  district,
  publishedOn: { date: '2024-05-01', precision: 'day' },
})

describe('import and export in the admin', () => {
  let page: Page
  beforeAll(async () => {
    page = await sessions.open(editor, '/admin/collections/news')
    await controls(page).waitFor()
  }, 120_000)

  it('a district editor sees 导出 CSV, 导出 JSON and 导入 JSON/CSV above the news list and downloads a CSV of their districts only', async () => {
    for (const name of ['导出 CSV', '导出 JSON']) await expect(controls(page).getByRole('link', { name }).isVisible()).resolves.toBe(true)
    await expect(controls(page).getByText('导入 JSON/CSV').isVisible()).resolves.toBe(true)
    // The list itself shows the other district's published news: reading is not exporting.
    await expect(page.getByRole('link', { name: '新闻 other-news' }).isVisible()).resolves.toBe(true)
    await saveScreenshot(page, 'admin-transfer-news-list')
    const [download] = await Promise.all([page.waitForEvent('download'), controls(page).getByRole('link', { name: '导出 CSV' }).click()])
    expect(download.suggestedFilename()).toMatch(/^news-\d{4}-\d{2}-\d{2}\.csv$/)
    const csv = fs.readFileSync((await download.path())!, 'utf8')
    const slugs = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n')
      .slice(1)
      .map((row) => row.split(',')[1])
    expect(slugs.sort()).toEqual(['minhang-news', 'xinhong-news'])
    expect(csv).toContain('新闻 xinhong-news')
  })

  it('imports a JSON file as a draft, and refuses one aimed at another district with nothing written', async () => {
    await importJson(page, 'news-import.json', [record('imported-in-admin', 'xinhong')])
    const done = page.getByRole('status').filter({ hasText: '已导入 news-import.json：新建 1 条，已存在 0 条' })
    await done.waitFor()
    const stored = (
      await cms.payload.find({
        collection: 'news',
        where: { slug: { equals: 'imported-in-admin' } },
        draft: true,
        depth: 0,
        overrideAccess: true,
      })
    ).docs[0] as any
    expect(stored).toMatchObject({ _status: 'draft', reviewState: 'draft', title: '导入的新闻 imported-in-admin' })
    await page.getByRole('link', { name: '导入的新闻 imported-in-admin' }).waitFor()

    const before = (await cms.payload.count({ collection: 'news', overrideAccess: true })).totalDocs
    await importJson(page, 'news-elsewhere.json', [record('mine-too', 'minhang'), record('theirs', 'other-district')])
    const alert = page.getByRole('alert').filter({ hasText: '发现 1 个问题，未写入任何内容' })
    await alert.waitFor()
    await expect(alert.innerText()).resolves.toContain(
      'news-elsewhere.json 第2条（slug: theirs） 字段 district：区域“other-district”不在您的负责范围内，不能导入到这里',
    )
    await saveScreenshot(page, 'admin-transfer-import-refused')
    expect((await cms.payload.count({ collection: 'news', overrideAccess: true })).totalDocs).toBe(before)
  })
})
