import type { Page } from 'playwright-core'
import { expect } from 'vitest'

/**
 * What a user sees in the admin's edit view, read the way the browser tests assert on it
 * (the same reading as tests/admin-workflow.test.ts).
 */
export const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true })
/** Waits for a toast (Sonner) carrying the text. */
export const toast = (page: Page, text: string) => page.locator('[data-sonner-toast]').filter({ hasText: text }).first().waitFor()
/** The header's 状态 · 审核状态 line. */
export const header = (page: Page) => page.locator('.doc-controls__status').innerText()
/** The edit view has loaded its document (fields are read-only while it initialises). */
export const ready = (page: Page) => expect.poll(() => page.locator('#field-title').isEditable(), { timeout: 30_000 }).toBe(true)
/** The id in the edit view's URL (after a create, once Payload moved to it). */
export async function idInUrl(page: Page, collection: string): Promise<number> {
  await page.waitForURL(new RegExp(`/admin/collections/${collection}/\\d+`))
  return Number(new RegExp(`${collection}/(\\d+)`).exec(page.url())![1])
}

/** Labels of the workflow buttons and the publish buttons of the edit view's controls and ⋯ menu. */
export async function controlButtons(page: Page): Promise<string[]> {
  const dots = page.locator('.doc-controls__dots')
  if (await dots.count()) await dots.click()
  const labels = await page.locator('.doc-controls button, .popup__content button').allInnerTexts()
  if (await dots.count()) await page.keyboard.press('Escape')
  const offered = /^(发布|取消发布|撤销发布|提交审核|撤回|审核通过|退回|直接发布)/
  return [...new Set(labels.map((l) => l.trim()).filter((l) => offered.test(l)))].sort()
}
