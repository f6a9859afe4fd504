import fs from 'node:fs'
import path from 'node:path'

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { serveStatic, type StaticServer } from '../../scripts/lib/static-server'
import { type AdminInBrowser, startAdminInBrowser, stopAdminInBrowser } from '../helpers/adminSession'
import { button, controlButtons, header, idInUrl, ready, toast } from '../helpers/adminPage'
import { saveScreenshot } from '../helpers/browser'
import { adminUser, minhangAndXinhong } from '../helpers/fixtures'
import { pngBuffer, startTestCms, type TestCms } from '../helpers/payload'
import { buildRecords, sleep } from '../helpers/rebuilds'

/**
 * The whole way of a news item, in Debian Chromium against the built admin server as `npm start`
 * runs it (rebuilds on): a 新虹街道 writer writes it with bold text, a link typed in the rich-text
 * link dialog and a cover picture uploaded in the admin, submits; the 闵行区 editor rejects with a
 * reason, the writer fixes and resubmits, the editor approves and publishes; the server rebuilds
 * 新虹街道's site, whose page (opened in Chromium) shows the link exactly as typed, the bold text and
 * the picture. Then 信息报送: the writer submits the item to 闵行区, whose editor accepts it, and
 * 闵行区's site shows it credited. Each role's buttons and the stored data are asserted at each step.
 */
let cms: TestCms
let admin: AdminInBrowser['admin'] | undefined
let browser: Browser | undefined
let sites: StaticServer | undefined
let sessions: AdminInBrowser['sessions']
let minhang: number
let xinhong: number
let id: number
const password = 'scenario-pass-1'
const writer = { email: 'writer@xinhong.test', password, name: '新虹撰稿人' }
const editor = { email: 'editor@minhang.test', password, name: '闵行编辑' }
// A host without a dot and a query: Payload's link dialog used to save it percent-encoded.
const typedLink = 'http://localhost:4321/minhang/news/?tag=党建&page=2'
const slug = 'xinhong-scenario'
const outDir = () => path.join(cms.dir, 'sites')

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  ;({ minhang, xinhong } = await minhangAndXinhong(payload))
  await payload.create({ collection: 'users', data: adminUser })
  await payload.create({ collection: 'users', data: { ...writer, roles: ['writer'], districts: [xinhong] } })
  await payload.create({ collection: 'users', data: { ...editor, roles: ['district-editor'], districts: [minhang] } })
  ;({ admin, browser, sessions } = await startAdminInBrowser({
    SITE_AUTO_REBUILD: '1',
    SITES_OUT_DIR: outDir(),
    SITE_REBUILD_DEBOUNCE_MS: '200',
  }))
  sites = await serveStatic(outDir())
}, 600_000)
afterAll(async () => {
  await sites?.close()
  await stopAdminInBrowser({ admin, browser, sessions })
  await cms?.cleanup()
})

const stored = (collection: 'news' | 'co-publications' = 'news', docId = id) =>
  cms.payload.findByID({ collection, id: docId, draft: true, depth: 0, overrideAccess: true }) as Promise<Record<string, any>>
const shot = (page: Page, step: string) => saveScreenshot(page, `admin-scenario-${step}`)
const editorText = (page: Page) => page.locator('[data-lexical-editor="true"]').first()

/** Waits until the server finished a build of the district begun after `since`; fails on a failed build. */
async function builtAfter(district: number, since: number) {
  for (const deadline = Date.now() + 240_000; Date.now() < deadline; await sleep(500)) {
    const records = (await buildRecords(cms.payload, [district])).filter((r: any) => new Date(r.createdAt).getTime() >= since)
    const failed = records.find((r) => r.status === 'failed')
    if (failed) throw new Error(`the build of district ${district} failed:\n${failed.logTail}`)
    if (records.some((r) => r.status === 'succeeded')) return
  }
  throw new Error(`no finished build of district ${district}`)
}

describe('a news item from the writer to the site', () => {
  it('the writer writes it with bold text, a typed link and an uploaded picture, and submits it', async () => {
    const page = await sessions.open(writer, '/admin/collections/news/create')
    await page.locator('#field-title').fill('新虹街道举办党员志愿服务日')
    await page.locator('#field-slug').fill(slug)
    await page.locator('#field-publishedOn__date input, input#field-publishedOn__date').first().fill('2026-05-01')
    await page.keyboard.press('Escape')
    await editorText(page).click()
    await page.keyboard.type('志愿者走进社区，')
    await page.keyboard.press('Control+b')
    await page.keyboard.type('服务群众三百余人')
    await page.keyboard.press('Control+b')
    await page.keyboard.type('。详见')
    // The link: text selected, the toolbar's link button, the URL typed in the dialog.
    await page.keyboard.type('闵行区党建新闻')
    for (let i = 0; i < '闵行区党建新闻'.length; i++) await page.keyboard.press('Shift+ArrowLeft')
    await page.locator('.inline-toolbar-popup button.toolbar-popup__button-link, .toolbar-popup__button-link').first().click()
    const linkDrawer = page.locator('.drawer--is-open').last()
    await linkDrawer.locator('#field-url, input[name="url"]').first().fill(typedLink)
    await shot(page, '1-writer-link-dialog')
    await linkDrawer.getByRole('button', { name: '保存更改', exact: true }).click()
    await linkDrawer.waitFor({ state: 'hidden' })

    // The cover: a new picture uploaded from this form, with its alt text.
    const coverField = page.locator('.field-type.upload').filter({ hasText: '封面图' }).first()
    await coverField.locator('.upload__createNewToggler').click()
    const uploadDrawer = page.locator('.drawer--is-open').last()
    await uploadDrawer
      .locator('input[type="file"]')
      .setInputFiles({ name: 'volunteers.png', mimeType: 'image/png', buffer: await pngBuffer(640, 360) })
    await uploadDrawer.locator('#field-alt').fill('志愿者在社区服务')
    await shot(page, '2-writer-upload-dialog')
    await uploadDrawer.getByRole('button', { name: '保存', exact: true }).click()
    await uploadDrawer.waitFor({ state: 'hidden' })
    await coverField.getByText('volunteers', { exact: false }).first().waitFor()

    await expect.poll(() => controlButtons(page), { timeout: 30_000 }).toEqual(['提交审核'])
    await shot(page, '3-writer-draft')
    await button(page, '提交审核').click()
    await toast(page, '已提交审核')
    id = await idInUrl(page, 'news')
    await expect.poll(() => controlButtons(page), { timeout: 30_000 }).toEqual(['撤回'])
    const doc = await stored()
    expect(doc.reviewState).toBe('submitted')
    const text = JSON.stringify(doc.body)
    expect(text).toContain(JSON.stringify(typedLink))
    expect(text).not.toContain('%25')
    expect(text).toMatch(/"format":1,[^}]*"text":"服务群众三百余人"|"text":"服务群众三百余人"[^}]*"format":1/)
    const cover = await cms.payload.findByID({ collection: 'media', id: doc.cover, overrideAccess: true })
    expect(cover.alt).toBe('志愿者在社区服务')
    await shot(page, '4-writer-submitted')
    await page.close()
  })

  it('the editor rejects it with a reason; the writer sees it, fixes the item and resubmits', async () => {
    const page = await sessions.open(editor, `/admin/collections/news/${id}`)
    await button(page, '审核通过').waitFor()
    await ready(page)
    await expect.poll(() => controlButtons(page), { timeout: 30_000 }).toEqual(['审核通过', '退回'])
    await button(page, '退回').click()
    await page.locator('#reject-reason').fill('请在摘要中写明活动地点')
    await button(page, '确认退回').click()
    await toast(page, '已退回修改')
    expect(await stored()).toMatchObject({ reviewState: 'draft', rejectReason: '请在摘要中写明活动地点' })
    await shot(page, '5-editor-rejected')
    await page.close()

    const writerPage = await sessions.open(writer, `/admin/collections/news/${id}`)
    await ready(writerPage)
    await expect.poll(() => header(writerPage)).toContain('审核状态：草稿（已退回')
    expect(await writerPage.locator('#field-rejectReason').inputValue()).toBe('请在摘要中写明活动地点')
    await expect.poll(() => controlButtons(writerPage), { timeout: 30_000 }).toEqual(['提交审核'])
    await shot(writerPage, '6-writer-sees-reason')
    await writerPage.locator('#field-summary').fill('活动在新虹街道党群服务站举行。')
    await button(writerPage, '提交审核').click()
    await toast(writerPage, '已提交审核')
    expect(await stored()).toMatchObject({ reviewState: 'submitted', rejectReason: null, summary: '活动在新虹街道党群服务站举行。' })
    await writerPage.close()
  })

  it('the editor approves and publishes; the rebuilt site shows the link as typed, the bold text and the picture', async () => {
    const page = await sessions.open(editor, `/admin/collections/news/${id}`)
    // After taking over the writer's lock the form reloads: a step clicked before that is shown stale.
    await button(page, '审核通过').waitFor()
    await ready(page)
    await button(page, '审核通过').click()
    await toast(page, '审核通过')
    expect((await stored()).reviewState).toBe('reviewed')
    // With `filterOptions` on the pickers the edit view often kept the state from before 审核通过
    // (header 待审核, no 发布) although the step was stored (README: Editorial workflow). Should it
    // recur, it is logged and the page reloaded, so the rest of the way is still checked.
    const offered = () => controlButtons(page).then((labels) => labels.includes('发布'))
    if (
      !(await expect
        .poll(offered, { timeout: 15_000 })
        .toBe(true)
        .then(
          () => true,
          () => false,
        ))
    ) {
      console.warn('admin-scenario: the edit view stayed stale after 审核通过; reloaded')
      await page.reload()
      await ready(page)
    }
    await expect.poll(() => controlButtons(page), { timeout: 30_000 }).toEqual(expect.arrayContaining(['发布', '退回']))
    const publishedAt = Date.now()
    await button(page, '发布').click()
    await toast(page, '已发布')
    expect(await stored()).toMatchObject({ _status: 'published', reviewState: 'published' })
    await expect.poll(() => controlButtons(page), { timeout: 30_000 }).toContain('撤销发布')
    await shot(page, '7-editor-published')
    await page.close()

    const writerPage = await sessions.open(writer, `/admin/collections/news/${id}`)
    await expect.poll(() => header(writerPage)).toContain('审核状态：已发布')
    expect((await controlButtons(writerPage)).filter((l) => /发布/.test(l))).toEqual([])
    await writerPage.close()

    await builtAfter(xinhong, publishedAt)
    const html = fs.readFileSync(path.join(outDir(), 'xinhong', 'news', slug, 'index.html'), 'utf8')
    expect(html).not.toContain('%25')
    const site = await browser!.newPage()
    await site.goto(`${sites!.url}/xinhong/news/${slug}/`)
    const article = site.locator('article')
    expect(await article.locator('a', { hasText: '闵行区党建新闻' }).getAttribute('href')).toBe(typedLink)
    expect(await article.locator('strong', { hasText: '服务群众三百余人' }).count()).toBe(1)
    const picture = article.locator('img[alt="志愿者在社区服务"]')
    await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0)
    await shot(site, '8-site-page')
    await site.close()
  })
})

describe('信息报送 of the published item to 闵行区', () => {
  const option = (page: Page, text: string) => page.locator('.rs__option').filter({ hasText: text }).first()
  /** Picks an option of a select; opens the menu again if something (a lock takeover reloading the form) closed it. */
  const choose = async (page: Page, field: string, text: string) => {
    for (let attempt = 1; ; attempt++) {
      await page.locator(`#field-${field} .rs__control`).click()
      try {
        await option(page, text).click({ timeout: 10_000 })
        return
      } catch (error) {
        if (attempt === 3) throw error
      }
    }
  }
  let recordId: number

  it('the writer submits it under 内容 → 信息报送 and sees themself as 报送人; deciding is refused to them', async () => {
    const page = await sessions.open(writer, '/admin/collections/co-publications/create')
    await choose(page, 'item', '新虹街道举办党员志愿服务日')
    await button(page, '保存').click()
    recordId = await idInUrl(page, 'co-publications')
    await expect.poll(() => page.locator('#field-submittedByName').inputValue()).toBe('新虹撰稿人')
    expect(await stored('co-publications', recordId)).toMatchObject({
      state: 'submitted',
      origin: xinhong,
      target: minhang,
      submittedByName: '新虹撰稿人',
    })
    await shot(page, '9a-writer-co-publication-submitted')
    // The writer may not accept for 闵行区: the server says so, and nothing changes.
    await choose(page, 'state', '已采用')
    // Listen before clicking: on a quick machine the answer can arrive before a listener set up afterwards.
    const refused = page.waitForResponse((r) => r.url().includes(`/api/co-publications/${recordId}`) && r.request().method() === 'PATCH')
    await button(page, '保存').click()
    await refused
    await shot(page, '9b-writer-accept-refused')
    // The toast is Chinese too (it was Payload's "The following field is invalid: state").
    await page.locator('[data-sonner-toast]').filter({ hasText: '状态：只有接收单位（闵行区）的区域编辑可以采用' }).first().waitFor()
    expect((await stored('co-publications', recordId)).state).toBe('submitted')
    await page.close()
  })

  it('the 闵行区 editor finds it on the 工作台 and in the list with the submitter’s name, accepts it, and 闵行区’s site shows it credited', async () => {
    const page = await sessions.open(editor, '/admin')
    await expect.poll(() => page.locator('[data-queue="co-publications"] .work-queues__count').innerText()).toBe('1')
    await page.goto(`${admin!.url}/admin/collections/co-publications`)
    const row = page.locator('.table tbody tr').first()
    await row.waitFor()
    expect(await page.locator('.table thead').innerText()).toContain('报送人')
    expect(await row.innerText()).toContain('新虹撰稿人')
    expect(await page.locator('.table').innerText()).not.toContain('无标题')
    await shot(page, '10-editor-co-publications-list')
    await row.locator('a').first().click()
    await page.waitForURL(new RegExp(`co-publications/${recordId}`))
    await expect.poll(() => page.locator('#field-submittedByName').inputValue()).toBe('新虹撰稿人')
    const acceptedAt = Date.now()
    await choose(page, 'state', '已采用')
    await button(page, '保存').click()
    await expect.poll(async () => (await stored('co-publications', recordId)).state).toBe('accepted')
    await expect.poll(() => page.locator('#field-decidedByName').inputValue()).toBe('闵行编辑')
    expect(await stored('co-publications', recordId)).toMatchObject({ decidedByName: '闵行编辑' })
    await shot(page, '11-editor-accepted')
    await page.close()

    const writerPage = await sessions.open(writer, `/admin/collections/co-publications/${recordId}`)
    await expect.poll(() => writerPage.locator('#field-decidedByName').inputValue()).toBe('闵行编辑')
    await writerPage.close()

    await builtAfter(minhang, acceptedAt)
    const site = await browser!.newPage()
    await site.goto(`${sites!.url}/minhang/news/${slug}/`)
    await site.locator('article .credit', { hasText: '来源：新虹街道' }).waitFor()
    await shot(site, '12-district-site-page')
    await site.close()
  })
})
