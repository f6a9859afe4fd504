/** Reading pages of a built site in Chromium, for the site test (tests/e2e/site.test.ts). */
import type { Browser, Page } from 'playwright-core'

/** The page's <h1> text, its header's text, and the header's home link (the site title). */
export const homeHeadings = (page: Page, home: string) =>
  page.evaluate((home) => {
    const banner = document.querySelector('header, [role="banner"]') as HTMLElement | null
    const link = banner?.querySelector(`.site-title, a[rel="home"], a[href="${home}"]`) as HTMLElement | null
    return {
      h1: [...document.querySelectorAll('h1')].map((h) => (h as HTMLElement).innerText).join(' '),
      header: banner?.innerText ?? '',
      homeLink: link?.innerText ?? '',
    }
  }, home)

/** Types `word` into the search page's box and returns the result links' paths (`results` selects them). */
export async function searchResultPaths(page: Page, word: string, results: string): Promise<string[]> {
  await page.locator('input[type="search"]').first().fill(word)
  const links = page.locator(results)
  await links.first().waitFor({ state: 'attached', timeout: 30_000 })
  // Pagefind fills results in as fragments load: give it a moment to settle.
  await page.waitForTimeout(500)
  const hrefs = await links.evaluateAll((found) => found.map((a) => (a as HTMLAnchorElement).href))
  return hrefs.map((href) => new URL(href).pathname)
}

/** The computed font sizes and body background that the reading preferences change. */
export const readStyles = async (page: Page) =>
  page.evaluate(() => ({
    htmlFont: parseFloat(getComputedStyle(document.documentElement).fontSize),
    bodyFont: parseFloat(getComputedStyle(document.body).fontSize),
    bodyBackground: getComputedStyle(document.body).backgroundColor,
  }))

/** The script URLs a page fetches until the network is idle, in a fresh context. */
export async function scriptsRequestedBy(browser: Browser, url: string): Promise<string[]> {
  const context = await browser.newContext()
  const page = await context.newPage()
  const requested: string[] = []
  page.on('request', (r) => r.resourceType() === 'script' && requested.push(r.url()))
  await page.goto(url, { waitUntil: 'networkidle' })
  await context.close()
  return requested
}

/** The main page types saved as phone and desktop screenshots. */
export const screenshotPages = {
  home: '/xinhong/',
  'news-list': '/xinhong/news/',
  'news-article': '/xinhong/news/xinhong-space-opens-2018/',
  station: '/xinhong/stations/xinhong-space/',
}
export const screenshotViewports = { phone: { width: 390, height: 844 }, desktop: { width: 1366, height: 900 } }
