/**
 * The sites on a phone (issue 18): at 390×844 in Chromium, with normal and with large text (大字),
 * every link and button that stands on its own is at least 44×44 px (60×60 with 大字), whole
 * cards open their item, the home's title sits in the column, the QR caption's address stays
 * readable and the 朗读 button draws its icon without a font. Screenshots of home, article,
 * station and campaign pages are saved under tests/artifacts/screenshots/phone-*.png.
 */
import fs from 'node:fs'
import path from 'node:path'

import sharp from 'sharp'

import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { extractTags, parseSrcset } from '../../scripts/lib/link-check'
import { serveStatic, type StaticServer } from '../../scripts/lib/static-server'
import { htmlFiles } from '../../shared/files'
import { launchBrowser, saveScreenshot } from '../helpers/browser'
import { startTestCms, type TestCms } from '../helpers/payload'
import { buildVisitorSites, visitorSite as site } from '../helpers/visitorSite'

let cms: TestCms
let browser: Browser | undefined
let server: StaticServer | undefined

beforeAll(async () => {
  cms = await startTestCms()
  await buildVisitorSites(cms.payload, path.join(cms.dir, 'dist'))
  server = await serveStatic(path.join(cms.dir, 'dist'))
  browser = await launchBrowser()
}, 600_000)
afterAll(async () => {
  await browser?.close()
  await server?.close()
  await cms?.cleanup()
})

const pages = [
  ['home', ''],
  ['article', 'news/team/'],
  ['station', 'stations/eco-hall/'],
  ['campaign', 'campaigns/green-home/'],
] as const

/** A phone: 390×844 CSS px, touch, with the 大字 preference stored the way the site stores it. */
async function openPhone(sitePath: string, large: boolean) {
  const context = await browser!.newContext({
    locale: 'zh-CN',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 2,
  })
  context.setDefaultTimeout(15_000)
  if (large) await context.addInitScript(() => localStorage.setItem('a11y-large', '1'))
  const page = await context.newPage()
  await page.goto(`${server!.url}${site}/${sitePath}`, { waitUntil: 'load' })
  return { page, close: () => context.close() }
}

/**
 * Every visible link, button and reading-preference label with its tap area: a stretched card
 * link's area is its card. Links inside a sentence (their block has other text) are left out, as
 * WCAG 2.5.8 does.
 */
function tapTargets(page: Page) {
  return page.evaluate(() => {
    const blockOf = (el: Element) => el.closest('p, li, dd, dt, figcaption, td, h1, h2, h3, h4')
    const inSentence = (el: Element) => {
      const block = blockOf(el)
      if (!block || block.closest('.card')) return false
      const rest = (block.textContent ?? '').replace(el.textContent ?? '', '').replace(/[\s·•|、，,]/g, '')
      return rest.length > 0
    }
    return [...document.querySelectorAll('a[href], button, .reading-prefs label')]
      .filter((el) => (el as HTMLElement).offsetParent !== null || getComputedStyle(el).position === 'fixed')
      .filter((el) => !(el.matches('.skip-link') && el.getBoundingClientRect().bottom <= 0))
      .filter((el) => !inSentence(el))
      .map((el) => {
        const card = el.matches('.card :is(h2, h3) a') ? el.closest('.card')! : el
        const box = card.getBoundingClientRect()
        return {
          name: `${el.tagName.toLowerCase()} “${(el.textContent ?? '').trim().slice(0, 20)}”`,
          width: Math.round(box.width),
          height: Math.round(box.height),
        }
      })
  })
}

describe.each([
  ['normal text', false, 44],
  ['大字', true, 60],
])('at 390 px with %s', (label, large, minimum) => {
  it.each(pages)(
    `%s: every tap target is at least ${minimum}×${minimum} px`,
    async (name, sitePath) => {
      const { page, close } = await openPhone(sitePath, large)
      try {
        const targets = await tapTargets(page)
        expect(targets.length).toBeGreaterThan(5)
        expect(targets.filter((t) => t.width < minimum || t.height < minimum)).toEqual([])
        await saveScreenshot(page, `phone-${name}${large ? '-large' : ''}`)
      } finally {
        await close()
      }
    },
    60_000,
  )
})

describe('phone layout', () => {
  it('a whole card opens its item: its centre and corners hit the one card link', async () => {
    const { page, close } = await openPhone('', false)
    try {
      // The whole page in view at phone width, so every card can be hit-tested where it is.
      await page.setViewportSize({ width: 390, height: await page.evaluate(() => document.documentElement.scrollHeight) })
      const cards = await page.locator('.card').evaluateAll((cards) =>
        cards
          .filter((card) => (card as HTMLElement).offsetParent !== null)
          .map((card) => {
            const links = card.querySelectorAll(':is(h2, h3) a')
            const hit = (x: number, y: number) => document.elementFromPoint(x, y)?.closest('a') ?? null
            const b = card.getBoundingClientRect()
            const points = [
              [b.left + b.width / 2, b.top + b.height / 2],
              [b.left + 4, b.top + 4],
              [b.right - 4, b.bottom - 4],
            ]
            return { links: links.length, name: links[0]?.textContent, hits: points.map(([x, y]) => hit(x!, y!) === links[0]) }
          }),
      )
      expect(cards.length).toBeGreaterThan(2)
      for (const card of cards)
        expect({ links: card.links, hits: card.hits }, JSON.stringify(card)).toEqual({ links: 1, hits: [true, true, true] })
    } finally {
      await close()
    }
  })

  it('the home title and intro line up with the column below them', async () => {
    const { page, close } = await openPhone('', false)
    try {
      const left = (selector: string) =>
        page
          .locator(selector)
          .first()
          .evaluate((el) => Math.round(el.getBoundingClientRect().left))
      const column = await left('main h2')
      expect(column).toBeGreaterThanOrEqual(16)
      expect(await left('#hero-title')).toBe(column)
      expect(await left('.hero .lead')).toBe(column)
    } finally {
      await close()
    }
  })

  it('the home is at most 5 screens tall, with 4 of its 10 figures and a link to 全部数据, which has all of them', async () => {
    const { page, close } = await openPhone('', false)
    try {
      const height = await page.evaluate(() => document.documentElement.scrollHeight)
      expect(height / 844).toBeLessThanOrEqual(5)
      expect(await page.locator('section[aria-labelledby="facts-title"] dt').count()).toBe(4)
      await page.getByRole('link', { name: '全部数据' }).click()
      await page.waitForURL(`**${site}/figures/`)
      expect(await page.locator('.figures dt').allInnerTexts()).toEqual(Array.from({ length: 10 }, (_, i) => `数据项${i + 1}`))
    } finally {
      await close()
    }
  })

  it("the QR caption's page address takes at most 3 lines", async () => {
    const { page, close } = await openPhone('stations/eco-hall/', false)
    try {
      const lines = await page
        .locator('.qr small')
        .evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)))
      expect(lines).toBeLessThanOrEqual(3)
    } finally {
      await close()
    }
  })

  it('the 朗读 button draws its icon as SVG, with no character that needs an emoji font', async () => {
    const { page, close } = await openPhone('news/team/', false)
    try {
      await page.evaluate(() => (document.getElementById('read-aloud')!.hidden = false))
      const button = page.locator('#read-aloud')
      expect(await button.locator('svg').count()).toBe(1)
      expect((await button.innerText()).trim()).toBe('朗读')
      const pseudo = await button.evaluate((el) => getComputedStyle(el, '::before').content)
      expect(pseudo === 'none' || pseudo === 'normal').toBe(true)
    } finally {
      await close()
    }
  })
})

describe('images', () => {
  it('every <picture> offers files of one aspect ratio, the one its <img> width and height give', async () => {
    const dist = path.join(cms.dir, 'dist')
    const ratioOf = new Map<string, number>()
    const fileRatio = async (url: string) => {
      if (!ratioOf.has(url)) {
        const { width, height } = await sharp(path.join(dist, decodeURIComponent(url))).metadata()
        ratioOf.set(url, width! / height!)
      }
      return ratioOf.get(url)!
    }
    let pictures = 0
    for (const file of htmlFiles(dist)) {
      const html = fs.readFileSync(file, 'utf8')
      for (const picture of html.match(/<picture\b[\s\S]*?<\/picture>/g) ?? []) {
        pictures++
        const tags = extractTags(picture)
        const img = tags.find((t) => t.name === 'img')!
        const declared = Number(img.attributes.get('width')) / Number(img.attributes.get('height'))
        const urls = [img.attributes.get('src')!, ...tags.flatMap((t) => parseSrcset(t.attributes.get('srcset') ?? ''))]
        for (const url of urls)
          expect(Math.abs((await fileRatio(url)) - declared), `${path.relative(dist, file)}: ${url}`).toBeLessThan(0.02)
      }
    }
    expect(pictures).toBeGreaterThan(5)
  })

  it.each([['/test-district/'], [`${site}/`]])(
    '%s: no layout shift while the page and its pictures load (CLS 0), pictures on a tint',
    async (home) => {
      for (const viewport of [
        { width: 390, height: 844 },
        { width: 1280, height: 900 },
      ]) {
        const context = await browser!.newContext({ locale: 'zh-CN', viewport })
        await context.addInitScript(() => {
          ;(window as unknown as { cls: number }).cls = 0
          new PerformanceObserver((list) => {
            for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
              if (!entry.hadRecentInput) (window as unknown as { cls: number }).cls += entry.value
          }).observe({ type: 'layout-shift', buffered: true })
        })
        const page = await context.newPage()
        await page.goto(`${server!.url}${home}`, { waitUntil: 'networkidle' })
        await page.mouse.wheel(0, 4000) // lazy pictures further down load too
        await page.waitForLoadState('networkidle')
        // Every shown picture decoded (pictures hidden on phones are never fetched, so never awaited).
        await page.evaluate(() =>
          Promise.all([...document.images].filter((img) => img.offsetParent !== null).map((img) => img.decode().catch(() => undefined))),
        )
        expect(await page.evaluate(() => (window as unknown as { cls: number }).cls), `${home} at ${viewport.width} px`).toBe(0)
        const tint = await page.evaluate(() =>
          [...document.querySelectorAll('picture img')].map((img) => getComputedStyle(img).backgroundColor),
        )
        for (const colour of tint) expect(colour).not.toMatch(/^rgba\(0, 0, 0, 0\)$|^rgb\(255, 255, 255\)$/)
        await context.close()
      }
    },
    60_000,
  )
})
