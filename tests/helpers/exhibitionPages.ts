/** Reading the exhibition pages (tests/e2e/exhibition.test.ts): the kiosk's slides, the station posters, a PDF's pages. */
import fs from 'node:fs'
import path from 'node:path'

import type { Page } from 'playwright-core'

/** The kiosk's current slide (1-based) as its status shows it, and how many there are. */
export const kioskState = (page: Page) =>
  page.evaluate(() => ({
    current: Number(document.getElementById('kiosk')!.dataset.current),
    total: document.querySelectorAll('[data-slide]').length,
    shown: document.querySelectorAll('[data-slide].is-current').length,
    visible: [...document.querySelectorAll('[data-slide]')].filter((s) => getComputedStyle(s).visibility === 'visible').length,
  }))

/** Waits until the kiosk shows slide `n`. */
export const waitForSlide = (page: Page, n: number, timeout = 15_000) =>
  page.waitForFunction((want) => document.getElementById('kiosk')?.dataset.current === String(want), n, { timeout })

/** The stations of a built site (`siteDir`, e.g. dist/xinhong) that have a printable poster page. */
export const posterSlugs = (siteDir: string) =>
  fs
    .readdirSync(path.join(siteDir, 'stations'), { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(siteDir, 'stations', e.name, 'poster', 'index.html')))
    .map((e) => e.name)

/** Page objects in a PDF (`/Type /Page`, not `/Pages`), which Chromium writes uncompressed. */
export function pdfPageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length
}
