import http from 'node:http'
import type { AddressInfo } from 'node:net'

import type { Browser, BrowserContext } from 'playwright-core'
import { sql } from '@payloadcms/db-sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { startCms } from '../../bench/cms-server'
import { paragraphsToLexical } from '../../cms/seed/lexical'
import { ensureAdminBuilt } from '../../scripts/lib/admin-build'
import { launchBrowser, saveScreenshot } from '../helpers/browser'
import { adminUser, day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

/**
 * Attacks on the people using the admin, in Debian Chromium against the real admin server
 * (`next start`): a same-site page posting with the admin's cookie (CSRF), and a writer's inline
 * CSS stored in rich text before it was stripped on save (a fake "session expired" overlay with a
 * request to an outside URL) opened by an editor.
 */
let cms: TestCms
let admin: Awaited<ReturnType<typeof startCms>> | undefined
let browser: Browser | undefined
let attacker: http.Server | undefined
let token: string
let district: number

const overlayText = '会话已过期，请重新输入密码'
const overlayStyle = 'position:fixed;inset:0;z-index:99999;background:#fff url(https://evil.example/steal.png);font-size:48px'

beforeAll(async () => {
  cms = await startTestCms()
  await cms.payload.create({ collection: 'users', data: adminUser })
  district = (await cms.payload.create({ collection: 'districts', data: { name: '新虹街道', slug: 'xinhong', level: 'subdistrict' } })).id
  token = (await restClient(cms.config).login(adminUser.email, adminUser.password)).body.token
  ensureAdminBuilt(() => {})
  admin = await startCms()
  browser = await launchBrowser()
}, 600_000)
afterAll(async () => {
  await browser?.close()
  await admin?.stop()
  attacker?.close()
  await cms?.cleanup()
})

const newsCount = async () => (await cms.payload.count({ collection: 'news', overrideAccess: true })).totalDocs
const news = (title: string) => ({
  title,
  slug: `admin-${Math.random().toString(36).slice(2, 8)}`,
  district,
  publishedOn: day('2024-05-01'),
})

async function signedInContext(): Promise<BrowserContext> {
  const context = await browser!.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
  context.setDefaultTimeout(30_000)
  await context.addCookies([{ name: 'payload-token', value: token, url: admin!.url }])
  return context
}

describe('CSRF in the browser', () => {
  it('a same-site page auto-submitting a form or calling fetch with the cookie changes nothing', async () => {
    const target = `${admin!.url}/api/news`
    const payload = JSON.stringify(news('自动提交的跨站表单')).replace(/"/g, '&quot;')
    const page = `<!doctype html><meta charset="utf-8"><title>抽奖</title>
      <form id="f" method="POST" action="${target}" enctype="multipart/form-data" target="sink"><input name="_payload" value="${payload}"></form>
      <iframe name="sink"></iframe>
      <script>
        fetch(${JSON.stringify(target)}, { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'text/plain' }, body: ${JSON.stringify(JSON.stringify(news('跨站 fetch')))} })
          .then((r) => (document.title = 'fetch ' + r.status), () => (document.title = 'fetch failed'))
          .finally(() => document.getElementById('f').submit())
      </script>`
    attacker = http.createServer((_, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page))
    await new Promise<void>((resolve) => attacker!.listen(0, '127.0.0.1', resolve))
    const attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`

    const context = await signedInContext()
    const before = await newsCount()
    const tab = await context.newPage()
    const formAnswer = tab.waitForResponse(
      (r) => r.url() === target && r.request().method() === 'POST' && r.request().postData()?.includes('_payload') === true,
    )
    await tab.goto(attackerUrl)
    expect((await formAnswer).status()).toBe(403)
    await saveScreenshot(tab, 'admin-attack-csrf-page')
    expect(await newsCount()).toBe(before)

    // The admin itself still saves (same origin).
    const own = await context.newPage()
    await own.goto(`${admin!.url}/admin`)
    const status = await own.evaluate(
      async ([url, body]) =>
        (await fetch(url, { method: 'POST', credentials: 'include', headers: { 'Content-Type': 'application/json' }, body })).status,
      [`${target}?draft=true`, JSON.stringify(news('管理后台同源保存'))] as const,
    )
    expect(status).toBe(201)
    expect(await newsCount()).toBe(before + 1)
    await context.close()
  })
})

describe('writer-controlled CSS in the editor', () => {
  it('an item stored with a styled overlay opens as plain text, without the overlay or its request', async () => {
    const doc = await cms.payload.create({
      collection: 'news',
      data: { ...news('带样式的正文'), body: paragraphsToLexical('正常段落。') },
      draft: true,
    })
    const body = paragraphsToLexical(overlayText) as any
    body.root.children[0].children[0].style = overlayStyle
    // As it could be stored before the fix: in the document and in its versions (the edit view opens the latest).
    const db = cms.payload.db as unknown as { drizzle: { run: (query: unknown) => Promise<unknown> } }
    await db.drizzle.run(sql`UPDATE news_locales SET body = ${JSON.stringify(body)} WHERE _parent_id = ${doc.id}`)
    await db.drizzle.run(
      sql`UPDATE _news_v_locales SET version_body = ${JSON.stringify(body)} WHERE _parent_id IN (SELECT id FROM _news_v WHERE parent_id = ${doc.id})`,
    )

    const context = await signedInContext()
    const page = await context.newPage()
    const outside: string[] = []
    page.on('request', (request) => {
      if (!request.url().startsWith(admin!.url) && !request.url().startsWith('data:')) outside.push(request.url())
    })
    await page.goto(`${admin!.url}/admin/collections/news/${doc.id}`, { waitUntil: 'load' })
    const editorText = page.locator('[data-lexical-editor="true"]').getByText(overlayText)
    await editorText.waitFor()
    await saveScreenshot(page, 'admin-attack-styled-body')
    const styles = await editorText.evaluate((el) => ({ inline: el.getAttribute('style') ?? '', position: getComputedStyle(el).position }))
    expect(styles.inline).not.toContain('position')
    expect(styles.position).not.toBe('fixed')
    // The form is usable: the title field is visible and not covered.
    expect(await page.locator('#field-title').isVisible()).toBe(true)
    expect(outside).toEqual([])
    await context.close()
  })
})
