import type { Browser, BrowserContext, Page } from 'playwright-core'

import { startCms } from '../../bench/cms-server'
import { ensureAdminBuilt } from '../../scripts/lib/admin-build'
import { launchBrowser } from './browser'

/**
 * Signed-in admin tabs for browser tests against a running admin server (bench/cms-server.ts
 * `startCms`): one login per account over its REST API, the session cookie set in a fresh
 * context at 1440×900, Chinese locale.
 */
export function adminSessions(browser: Browser, adminUrl: string) {
  const tokens = new Map<string, string>()
  const contexts: BrowserContext[] = []

  async function token(email: string, password: string): Promise<string> {
    if (!tokens.has(email)) {
      const res = await fetch(`${adminUrl}/api/users/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, password }),
      })
      if (res.status !== 200) throw new Error(`login of ${email} failed: ${res.status} ${await res.text()}`)
      tokens.set(email, ((await res.json()) as { token: string }).token)
    }
    return tokens.get(email)!
  }

  return {
    /** A new tab signed in as the account, opened at `path` (e.g. `/admin`). */
    async open(account: { email: string; password: string }, path: string): Promise<Page> {
      const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
      context.setDefaultTimeout(30_000)
      contexts.push(context)
      await context.addCookies([{ name: 'payload-token', value: await token(account.email, account.password), url: adminUrl }])
      const page = await context.newPage()
      // A tab closed by the previous step may still hold Payload's document lock (its release is
      // sent on unload, and can lose the race on a busy machine): this user takes over, as an
      // editor would when told the document is being edited.
      await page.addLocatorHandler(page.locator('#document-locked'), async (dialog) => {
        await dialog.getByRole('button', { name: '接管', exact: true }).click()
        await dialog.waitFor({ state: 'hidden' })
      })
      await page.goto(`${adminUrl}${path}`, { waitUntil: 'load' })
      return page
    },
    async closeAll() {
      await Promise.all(contexts.splice(0).map((context) => context.close()))
    },
  }
}

/**
 * What every admin browser suite starts: the built admin (built first when its sources changed)
 * served by `next start` on a free port with `env` added, a Chromium, and signed-in tabs per account.
 */
export async function startAdminInBrowser(env: Record<string, string> = {}) {
  ensureAdminBuilt(() => {})
  const admin = await startCms(env)
  const browser = await launchBrowser()
  return { admin, browser, sessions: adminSessions(browser, admin.url) }
}

export type AdminInBrowser = Awaited<ReturnType<typeof startAdminInBrowser>>

/** Stops what `startAdminInBrowser` started — whatever part of it did start. */
export async function stopAdminInBrowser({ admin, browser, sessions }: Partial<AdminInBrowser>) {
  await sessions?.closeAll()
  await browser?.close()
  await admin?.stop()
}
