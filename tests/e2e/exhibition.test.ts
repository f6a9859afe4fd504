/**
 * The sites beyond the screen (issue "Beyond the CMS"): the exhibition kiosk, the 朗读 button
 * on articles and the printable A4 station posters. A real Payload on a temp SQLite file is
 * seeded, only 新虹街道's site is built (`build-sites --district xinhong`), served over HTTP and
 * driven with Debian's Chromium.
 *
 *   npx vitest run tests/e2e/exhibition.test.ts
 *   EXHIBITION_TEST_DIST=/tmp/out npx vitest run tests/e2e/exhibition.test.ts   # an already built output root
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import AxeBuilder from '@axe-core/playwright'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { checkLinks } from '../../scripts/lib/link-check'
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server'
import { launchBrowser, openPage } from '../helpers/browser'
import { buildSites } from '../helpers/build'
import { kioskState, pdfPageCount, posterSlugs, waitForSlide } from '../helpers/exhibitionPages'
import { startTestCms, type TestCms } from '../helpers/payload'

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const prebuilt = process.env.EXHIBITION_TEST_DIST ? path.resolve(repoRoot, process.env.EXHIBITION_TEST_DIST) : undefined

let cms: TestCms | undefined
let outDir: string
let server: StaticServer | undefined
let browser: Browser | undefined

beforeAll(async () => {
  if (prebuilt) outDir = prebuilt
  else await buildXinhong()
  server = await serveStatic(outDir)
  browser = await launchBrowser()
}, 10 * 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.close()
  await cms?.cleanup().catch(() => {})
})

/** Seeds a temp CMS and builds 新虹街道's site only into the temp dir. */
async function buildXinhong() {
  cms = await startTestCms()
  // Imported after startTestCms: the seed's modules read MEDIA_DIR when they load.
  const { seed } = await import('../../cms/seed')
  await seed(cms.payload, { log: () => {} })
  // The build opens the same SQLite file in another process: release it first (cleanup destroys again harmlessly).
  await cms.payload.destroy()
  outDir = path.join(cms.dir, 'dist')
  await buildSites(outDir, { districts: ['xinhong'] })
}

const urlOf = (sitePath: string) => `${server!.url}${sitePath}`
const readFile = (sitePath: string) => fs.readFileSync(path.join(outDir, ...sitePath.split('/').filter(Boolean), 'index.html'), 'utf8')

describe('exhibition kiosk', () => {
  it('is a noindex carousel, outside search and the sitemap', () => {
    const html = readFile('/xinhong/kiosk/')
    expect(html).toMatch(/<meta name="robots" content="noindex"/)
    expect(html).not.toContain('data-pagefind-body')
    expect(html).toMatch(/aria-roledescription="轮播"/)
    const sitemaps = fs.readdirSync(path.join(outDir, 'xinhong')).filter((f) => f.startsWith('sitemap'))
    const sitemap = sitemaps.map((f) => fs.readFileSync(path.join(outDir, 'xinhong', f), 'utf8')).join('\n')
    expect(sitemap, 'the sitemap lists the station pages').toContain('/xinhong/stations/xinhong-space/')
    expect(sitemap).not.toContain('/kiosk/')
    expect(sitemap).not.toContain('/poster/')
  })

  it('advances on its own, loops back to the first slide, and stays on this origin, offline too', async () => {
    const { page, context, close } = await openPage(browser!, urlOf('/xinhong/kiosk/?interval=0.4'), {
      viewport: { width: 1920, height: 1080 },
    })
    const foreign: string[] = []
    page.on('request', (r) => new URL(r.url()).origin !== server!.url && foreign.push(r.url()))
    // Requests made during the load, before the listener, are in the performance timeline.
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name))
    foreign.push(...loaded.filter((u) => new URL(u).origin !== server!.url))

    const { total, shown } = await kioskState(page)
    expect(total, 'cover, campaigns, figures, activities, stations, brands').toBeGreaterThanOrEqual(5)
    expect(shown, 'one slide shown at a time').toBe(1)
    const titles = await page.locator('[data-slide] h2').allTextContents()
    expect(titles.join('|')).toMatch(/概况数据/)
    expect(titles.join('|')).toMatch(/活动纪实/)
    expect(titles.join('|')).toMatch(/党群阵地/)
    expect(titles.join('|')).toMatch(/党建品牌/)

    await context.setOffline(true)
    await waitForSlide(page, total)
    await waitForSlide(page, 1)
    await waitForSlide(page, 2)
    // Every picture of every slide is a loaded local file.
    const images = await page.locator('[data-slide] img').evaluateAll((imgs) =>
      imgs.map((img) => ({
        src: (img as HTMLImageElement).currentSrc,
        ok: (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0,
      })),
    )
    await close()
    expect(images.length, 'slides with photos').toBeGreaterThan(2)
    expect(images.filter((i) => !i.ok).map((i) => i.src)).toEqual([])
    expect(foreign).toEqual([])
  })

  it('moves with the arrow keys, Home and End, and wraps around', async () => {
    // A long interval: only the keys move it. Without transitions, exactly one slide is visible at once.
    const { page, close } = await openPage(browser!, urlOf('/xinhong/kiosk/?interval=600'), { reducedMotion: 'reduce' })
    const { total } = await kioskState(page)
    expect((await kioskState(page)).current).toBe(1)
    await page.keyboard.press('ArrowRight')
    expect((await kioskState(page)).current).toBe(2)
    await page.keyboard.press('ArrowLeft')
    await page.keyboard.press('ArrowLeft')
    expect((await kioskState(page)).current, 'left from the first wraps to the last').toBe(total)
    await page.keyboard.press('Home')
    expect((await kioskState(page)).current).toBe(1)
    await page.keyboard.press('End')
    expect((await kioskState(page)).current).toBe(total)
    await page.getByRole('button', { name: '下一张' }).click()
    expect((await kioskState(page)).current).toBe(1)
    // Paused, it announces changes politely; rotating, it does not.
    expect(await page.locator('#kiosk-slides').getAttribute('aria-live')).toBe('off')
    await page.getByRole('button', { name: '暂停' }).click()
    expect(await page.locator('#kiosk-slides').getAttribute('aria-live')).toBe('polite')
    expect(await page.getByRole('button', { name: '播放' }).count()).toBe(1)
    expect((await kioskState(page)).visible).toBe(1)
    await close()
  })

  it('shows every slide without JavaScript', async () => {
    const { page, close } = await openPage(browser!, urlOf('/xinhong/kiosk/'), { javaScriptEnabled: false })
    const { total, visible } = await kioskState(page)
    await close()
    expect(visible).toBe(total)
  })

  it('has no axe violations, rotating and reduced-motion', async () => {
    for (const reducedMotion of ['no-preference', 'reduce'] as const) {
      const { page, close } = await openPage(browser!, urlOf('/xinhong/kiosk/?interval=600'), {
        viewport: { width: 1920, height: 1080 },
        reducedMotion,
      })
      const transition = await page
        .locator('[data-slide]')
        .first()
        .evaluate((s) => getComputedStyle(s).transitionDuration)
      const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze()
      await close()
      const report = results.violations.map(
        (v) =>
          `${v.id}: ${v.help} (${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(', ')})`,
      )
      expect(report, `${reducedMotion}: ${report.join('\n')}`).toEqual([])
      if (reducedMotion === 'reduce')
        expect(
          transition.split(',').every((d) => parseFloat(d) === 0),
          transition,
        ).toBe(true)
      else
        expect(
          transition.split(',').some((d) => parseFloat(d) > 0),
          transition,
        ).toBe(true)
    }
  })
})

describe('朗读 on articles', () => {
  const article = '/xinhong/news/xinhong-space-opens-2018/'

  it('stays hidden where the browser cannot speak', async () => {
    const context = await browser!.newContext({ locale: 'zh-CN' })
    await context.addInitScript(() => delete (window as { speechSynthesis?: unknown }).speechSynthesis)
    const page = await context.newPage()
    await page.goto(urlOf(article))
    expect(await page.evaluate(() => 'speechSynthesis' in window), 'the premise: no speechSynthesis').toBe(false)
    expect(await page.locator('#read-aloud').count()).toBe(1)
    expect(await page.locator('#read-aloud').isHidden()).toBe(true)
    await context.close()
  })

  it('reads the title and body in Chinese, and stops', async () => {
    const context = await browser!.newContext({ locale: 'zh-CN' })
    // A recording stand-in for the speech engine (headless Chromium has no voices).
    await context.addInitScript(() => {
      const spoken: { text: string; lang: string }[] = []
      let cancels = 0
      Object.defineProperty(window, 'speechSynthesis', {
        configurable: true,
        value: {
          speak: (u: SpeechSynthesisUtterance) => spoken.push({ text: u.text, lang: u.lang }),
          cancel: () => cancels++,
          speaking: false,
          getVoices: () => [],
        },
      })
      Object.assign(window, { __speech: { spoken, cancels: () => cancels } })
    })
    const page = await context.newPage()
    await page.goto(urlOf(article))
    const button = page.getByRole('button', { name: '朗读' })
    expect(await button.isVisible()).toBe(true)
    await button.click()
    const { spoken, title } = await page.evaluate(() => ({
      spoken: (window as unknown as { __speech: { spoken: { text: string; lang: string }[] } }).__speech.spoken,
      title: document.querySelector('article h1')!.textContent!,
    }))
    expect(spoken.length, 'title, lead and paragraphs').toBeGreaterThan(2)
    expect(spoken[0]!.text).toBe(title.trim())
    expect(
      spoken.every((u) => u.lang === 'zh-CN'),
      JSON.stringify(spoken.map((u) => u.lang)),
    ).toBe(true)
    expect(spoken.map((u) => u.text).join('')).toContain('欣虹空间')
    expect(spoken.map((u) => u.text).join(''), 'not its own label').not.toMatch(/^朗读|停止/)
    const stop = page.getByRole('button', { name: '停止' })
    expect(await stop.isVisible()).toBe(true)
    const cancelsBefore = await page.evaluate(() => (window as unknown as { __speech: { cancels: () => number } }).__speech.cancels())
    await stop.click()
    expect(await page.evaluate(() => (window as unknown as { __speech: { cancels: () => number } }).__speech.cancels())).toBeGreaterThan(
      cancelsBefore,
    )
    expect(await page.getByRole('button', { name: '朗读' }).isVisible()).toBe(true)
    await context.close()
  })

  it('is on activity pages too', () => {
    const activities = fs
      .readdirSync(path.join(outDir, 'xinhong', 'activities'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'page')
    expect(activities.length).toBeGreaterThan(0)
    for (const a of activities) expect(readFile(`/xinhong/activities/${a.name}/`), a.name).toMatch(/id="read-aloud"[^>]*hidden/)
  })
})

describe('station posters', () => {
  it('the station page links to its poster', async () => {
    const { page, close } = await openPage(browser!, urlOf('/xinhong/stations/xinhong-space/'))
    const link = page.getByRole('link', { name: '打印海报' })
    expect(await link.getAttribute('href')).toBe('/xinhong/stations/xinhong-space/poster/')
    await link.click()
    await page.waitForURL('**/poster/')
    expect(await page.locator('h1').innerText()).toBe('欣虹空间')
    await close()
    const html = readFile('/xinhong/stations/xinhong-space/poster/')
    expect(html).toMatch(/<meta name="robots" content="noindex"/)
    expect(html).not.toContain('data-pagefind-body')
  })

  it('every poster prints on exactly one A4 page, nothing cut off, with its zones and QR code', async () => {
    const slugs = posterSlugs(path.join(outDir, 'xinhong'))
    expect(slugs).toContain('xinhong-space')
    const context = await browser!.newContext({ locale: 'zh-CN' })
    const page = await context.newPage()
    for (const slug of slugs) {
      await page.goto(urlOf(`/xinhong/stations/${slug}/poster/`))
      await page.emulateMedia({ media: 'print' })
      const sheet = await page.locator('main.poster').evaluate((el) => {
        const body = el.querySelector('.poster-body')!
        const [sheetBox, qrBox] = [el.getBoundingClientRect(), el.querySelector('.qr')!.getBoundingClientRect()]
        return {
          cut: body.scrollHeight - body.clientHeight,
          qrInside: qrBox.bottom <= sheetBox.bottom + 0.5,
          text: (el as HTMLElement).innerText,
        }
      })
      expect(sheet.cut, `${slug}: lists cut off at the sheet's edge`).toBeLessThanOrEqual(0)
      expect(sheet.qrInside, `${slug}: QR code inside the sheet`).toBe(true)
      expect(await page.locator('main .qr svg').count(), `${slug}: QR code`).toBe(1)
      const pdf = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true })
      expect(pdfPageCount(pdf), `${slug}: PDF pages`).toBe(1)
      if (slug === 'xinhong-space') {
        for (const zone of ['共享阅读区', '多媒体展示区', '七彩HUB交流区', '多功能会议室', '舞蹈房']) expect(sheet.text).toContain(zone)
        expect(sheet.text).toContain('新虹街道')
        expect(sheet.text).toContain('/xinhong/stations/xinhong-space/')
      }
      await page.emulateMedia({ media: 'screen' })
    }
    await context.close()
  })
})

it('the new pages have no broken internal links', () => {
  // The home links up to 闵行区's site (所属), which this one-district build does not make.
  const result = checkLinks(outDir, { skip: (pathname) => pathname === '/minhang/' })
  expect(fs.existsSync(path.join(outDir, 'xinhong', 'kiosk', 'index.html'))).toBe(true)
  expect(result.broken.map((b) => `${b.page} → ${b.url}`)).toEqual([])
})
