import fs from 'node:fs'
import path from 'node:path'

import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core'

import { chromiumFlags, chromiumPath } from '../../scripts/lib/chromium'

/** Debian's Chromium: tests never download a browser. */
export { chromiumPath }

export const screenshotDir = path.resolve('tests/artifacts/screenshots')

/** Headless Chromium with everything that would phone home switched off. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumFlags,
  })
}

export type OpenPageOptions = Pick<BrowserContextOptions, 'viewport' | 'javaScriptEnabled' | 'locale' | 'reducedMotion'>

/**
 * Opens `url` in a fresh context (no shared cookies, storage or cache between tests),
 * waiting for the load event. Close the returned context when done.
 */
export async function openPage(browser: Browser, url: string, options: OpenPageOptions = {}) {
  const context = await browser.newContext({ locale: 'zh-CN', ...options })
  // Fail fast on a missing element instead of waiting out the test's timeout.
  context.setDefaultTimeout(15_000)
  const page = await context.newPage()
  const response = await page.goto(url, { waitUntil: 'load' })
  return { context, page, response, close: () => context.close() }
}

/** Saves a full-page screenshot to tests/artifacts/screenshots/<name>.png and returns its path. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(screenshotDir, { recursive: true })
  const file = path.join(screenshotDir, `${name.replace(/[^\w.-]+/g, '_')}.png`)
  await page.screenshot({ path: file, fullPage: true })
  return file
}
