import type { Browser, Dialog, FrameLocator, Page } from 'playwright-core'
import { sql } from '@payloadcms/db-sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { signPreviewLink } from '../../cms/preview/signedLinks'
import { type AdminInBrowser, startAdminInBrowser, stopAdminInBrowser } from '../helpers/adminSession'
import { saveScreenshot } from '../helpers/browser'
import { day } from '../helpers/fixtures'
import { HOSTILE, hostileBody } from '../helpers/hostileFixtures'
import { startTestCms, type TestCms } from '../helpers/payload'

/**
 * 预览 in Debian Chromium against the built admin (`next start`): a writer types a title and sees it
 * in the live preview beside the form (desktop and phone widths); the 预览链接 opens the saved draft
 * for a reviewer of the district and anonymously while valid, not for another district's editor,
 * not without it and not after it expired; hostile content stays inert in preview.
 */
let cms: TestCms
let admin: AdminInBrowser['admin'] | undefined
let browser: Browser | undefined
let sessions: AdminInBrowser['sessions']
let newsId: number | string
let hostileId: number | string
const password = 'preview-pass-1'
const writer = { email: 'writer@xinhong.test', password }
const reviewer = { email: 'editor@minhang.test', password }
const otherEditor = { email: 'editor@jingan.test', password }
const DRAFT = '新虹街道志愿服务草稿'

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const minhang = (await payload.create({ collection: 'districts', data: { name: '闵行区', slug: 'minhang', level: 'district' } })).id
  const xinhong = (
    await payload.create({
      collection: 'districts',
      data: { name: '新虹街道', slug: 'xinhong', level: 'subdistrict', parent: minhang, site: { themeColor: '#0b5394' } } as never,
    })
  ).id
  const jingAn = (await payload.create({ collection: 'districts', data: { name: '静安区', slug: 'jing-an', level: 'district' } })).id
  await payload.create({ collection: 'users', data: { ...writer, roles: ['writer'], districts: [xinhong] } as never })
  await payload.create({ collection: 'users', data: { ...reviewer, roles: ['district-editor'], districts: [minhang] } as never })
  await payload.create({ collection: 'users', data: { ...otherEditor, roles: ['district-editor'], districts: [jingAn] } as never })
  const news = await payload.create({
    collection: 'news',
    data: { title: DRAFT, slug: 'draft-item', district: xinhong, publishedOn: day('2026-05-01'), summary: '草稿摘要' } as never,
    draft: true,
  })
  newsId = news.id
  const hostile = await payload.create({
    collection: 'news',
    data: {
      title: HOSTILE.slice(0, 200),
      slug: 'hostile-item',
      district: xinhong,
      publishedOn: day('2026-05-02'),
      summary: HOSTILE,
      byline: HOSTILE.slice(0, 100),
      tags: [HOSTILE.slice(0, 100)],
      body: hostileBody(),
    } as never,
    draft: true,
  })
  hostileId = hostile.id
  // Malformed rich text that could only arrive around the CMS (an import), planted in the newest version directly.
  const [version] = (
    await payload.findVersions({ collection: 'news', where: { parent: { equals: hostileId } }, sort: '-updatedAt', limit: 1 })
  ).docs
  const body = JSON.stringify(hostileBody('javascript:alert(8)', true))
  await (payload.db as unknown as { drizzle: { run: (q: unknown) => Promise<unknown> } }).drizzle.run(
    sql`UPDATE _news_v_locales SET version_body = ${body} WHERE _parent_id = ${version!.id} AND _locale = 'zh'`,
  )
  const planted = await payload.findByID({ collection: 'news', id: hostileId, draft: true, depth: 0 })
  expect(JSON.stringify(planted.body)).toContain('javascript:alert(8)')
  ;({ admin, browser, sessions } = await startAdminInBrowser())
}, 600_000)
afterAll(async () => {
  await stopAdminInBrowser({ admin, browser, sessions })
  await cms?.cleanup()
})

/** The page inside the live preview: the admin's iframe holds the shell, whose sandboxed iframe holds the page. */
const livePage = (page: Page): FrameLocator => page.frameLocator('#live-preview-iframe').frameLocator('#preview-page')

describe('live preview beside the form', () => {
  it('shows what a writer types, in the site template, at desktop and phone widths', async () => {
    const page = await sessions.open(writer, `/admin/collections/news/${newsId}`)
    await expect.poll(() => page.locator('#field-title').isEditable(), { timeout: 30_000 }).toBe(true)
    await page.locator('#live-preview-toggler').click()
    const h1 = livePage(page).locator('h1')
    await expect.poll(() => h1.innerText().catch(() => ''), { timeout: 60_000 }).toBe(DRAFT)
    await page.locator('#field-title').fill('我在实时预览里输入的标题')
    await expect.poll(() => h1.innerText().catch(() => ''), { timeout: 30_000 }).toBe('我在实时预览里输入的标题')
    // The site's own chrome and theme, not an admin rendering.
    await expect.poll(() => livePage(page).locator('.site-title').innerText()).toBe('新虹街道党建')
    // The site's stylesheet applies (the header takes the theme colour variable; see the report on
    // the build's stylesheet order, which the preview reproduces as it is).
    const header = await livePage(page)
      .locator('.site-header')
      .evaluate((el) => getComputedStyle(el).backgroundColor)
    expect(header).toMatch(/^rgb\(/)
    expect(await livePage(page).locator('style').allInnerTexts()).toContainEqual(expect.stringContaining('--theme:#0b5394'))
    await saveScreenshot(page, 'preview-live-desktop')

    await page.locator('.live-preview-toolbar-controls__breakpoint button, .live-preview-toolbar-controls__breakpoint').first().click()
    await page.getByRole('button', { name: '手机', exact: true }).click()
    await expect.poll(() => page.locator('#live-preview-iframe').evaluate((el) => el.getBoundingClientRect().width)).toBeLessThan(400)
    await saveScreenshot(page, 'preview-live-phone')
    // Nothing was saved by typing.
    const stored = await cms.payload.findByID({ collection: 'news', id: newsId, draft: true })
    expect(stored.title).toBe(DRAFT)
  })
})

describe('预览链接', () => {
  let link = ''

  it('is offered in the edit view and opens the saved draft as a full page', async () => {
    const page = await sessions.open(writer, `/admin/collections/news/${newsId}`)
    const button = page.locator('#preview-button')
    await button.waitFor()
    link = (await button.getAttribute('href'))!
    expect(link).toMatch(/\/api\/preview\/news\/\d+\?token=/)
    expect(await button.getAttribute('target')).toBe('_blank')
  })

  it('works for a reviewer of the district and for anyone holding it, until it expires', async () => {
    const reviewerTab = await sessions.open(reviewer, `/api/preview/news/${newsId}`)
    expect(await reviewerTab.locator('h1').innerText()).toBe(DRAFT)
    await saveScreenshot(reviewerTab, 'preview-reviewer-session')

    const context = await browser!.newContext({ locale: 'zh-CN' })
    const anonymous = await context.newPage()
    await anonymous.goto(link)
    expect(await anonymous.locator('h1').innerText()).toBe(DRAFT)
    await saveScreenshot(anonymous, 'preview-link')

    const { token } = signPreviewLink({ collection: 'news', id: String(newsId), version: 'v:1' }, Date.now() - 25 * 3600_000)
    const expired = await anonymous.goto(`${admin!.url}/api/preview/news/${newsId}?token=${token}`)
    expect(expired!.status()).toBe(410)
    expect(await anonymous.locator('body').innerText()).toContain('预览链接已过期')
    await context.close()
  })

  it('is refused to another district editor and to anonymous visitors without it', async () => {
    const other = await sessions.open(otherEditor, `/api/preview/news/${newsId}`)
    expect(await other.locator('body').innerText()).toContain('无权预览')
    expect(await other.content()).not.toContain(DRAFT)
    const context = await browser!.newContext({ locale: 'zh-CN' })
    const anonymous = await context.newPage()
    const response = await anonymous.goto(`${admin!.url}/api/preview/news/${newsId}`)
    expect(response!.status()).toBe(401)
    expect(await anonymous.locator('body').innerText()).toContain('预览需要登录')
    await context.close()
  })
})

describe('hostile content in preview', () => {
  it('runs no script, neither as a page nor beside the form', async () => {
    const dialogs: string[] = []
    const page = await sessions.open(writer, `/api/preview/news/${hostileId}`)
    page.on('dialog', (dialog: Dialog) => (dialogs.push(dialog.message()), void dialog.dismiss()))
    await page.reload({ waitUntil: 'load' })
    expect(await page.locator('h1').first().innerText()).toContain('<script>alert(1)</script>')
    // No script runs at all under the preview's CSP sandbox, not even the site's own inline ones:
    // the 朗读 button, which the site's script shows wherever speechSynthesis exists, stays hidden.
    expect(await page.evaluate(() => 'speechSynthesis' in window)).toBe(true)
    expect(await page.locator('#read-aloud').isHidden()).toBe(true)
    // The link planted with javascript: is plain text, and no element carries an event handler.
    expect(await page.locator('a[href^="javascript:" i]').count()).toBe(0)
    expect(
      await page.locator('body *').evaluateAll((els) => els.filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length),
    ).toBe(0)
    await saveScreenshot(page, 'preview-hostile')

    const edit = await sessions.open(writer, `/admin/collections/news/${hostileId}`)
    edit.on('dialog', (dialog: Dialog) => (dialogs.push(dialog.message()), void dialog.dismiss()))
    await expect.poll(() => edit.locator('#field-title').isEditable(), { timeout: 30_000 }).toBe(true)
    await edit.locator('#live-preview-toggler').click()
    await expect
      .poll(
        () =>
          livePage(edit)
            .locator('h1')
            .first()
            .innerText()
            .catch(() => ''),
        { timeout: 60_000 },
      )
      .toContain('alert(1)')
    expect(await livePage(edit).locator('#read-aloud').isHidden()).toBe(true)
    await edit.waitForTimeout(1000) // give any handler (onerror, onload) a chance to fire
    expect(dialogs).toEqual([])
  })
})
