/**
 * How long the review chain takes a writer and an editor through the admin, in Debian Chromium
 * against the built admin server as `npm start` runs it (rebuilds on):
 *   writer: new item → 提交审核 done (title, date and a paragraph typed, the toast seen);
 *   editor: the pending item opened → 审核通过 → 发布 done (the toast seen), then → live: the
 *   district's rebuilt page carries the item (the server's own rebuild, file polled every 100 ms).
 * Typing is part of the writer's figure (Playwright types instantly, so it is mostly the admin's
 * own time). Run by bench/editors.ts after the concurrent-editors measure, or on its own:
 *   npx tsx bench/editor-journeys.ts
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

import { chromium, type Page } from 'playwright-core'
import type { Payload } from 'payload'

import { chromiumFlags, chromiumPath } from '../scripts/lib/chromium'
import { parsePartialDate } from '../shared/dates'
import { openBenchPayload } from './bench-payload'

export type JourneyResult = {
  runs: number
  writerNewToSubmittedMs: number[]
  editorPendingToPublishedMs: number[]
  publishedToLiveMs: number[]
  editorPendingToLiveMs: number[]
}

const password = 'journeys-bench-password-1'
const accounts = { writer: 'journey-writer@bench.test', editor: 'journey-editor@bench.test' }

async function findOrCreate(
  payload: Payload,
  collection: 'districts' | 'users',
  where: Record<string, unknown>,
  data: Record<string, unknown>,
) {
  const { docs } = await payload.find({ collection, where: where as never, limit: 1, depth: 0, overrideAccess: true })
  return docs[0]?.id ?? (await payload.create({ collection, data: data as never, overrideAccess: true })).id
}

/** A 区 with a 街道, the 街道's writer and the 区's editor (reused on a rerun). */
async function prepare(payload: Payload) {
  const parent = await findOrCreate(
    payload,
    'districts',
    { slug: { equals: 'journey-qu' } },
    { name: '计时测试区', slug: 'journey-qu', level: 'district' },
  )
  const street = await findOrCreate(
    payload,
    'districts',
    { slug: { equals: 'journey-jd' } },
    { name: '计时测试街道', slug: 'journey-jd', level: 'subdistrict', parent },
  )
  // One published item, so the 街道 has a site before the measured publish.
  const { totalDocs } = await payload.count({ collection: 'news', where: { district: { equals: street } }, overrideAccess: true })
  if (!totalDocs) {
    await payload.create({
      collection: 'news',
      data: {
        title: '计时测试首条新闻',
        slug: 'journey-first',
        district: street,
        publishedOn: parsePartialDate('2026-01-01'),
        _status: 'published',
      } as never,
      overrideAccess: true,
      context: { skipSiteRebuild: true },
    })
  }
  await findOrCreate(
    payload,
    'users',
    { email: { equals: accounts.writer } },
    { email: accounts.writer, password, name: '计时撰稿人', roles: ['writer'], districts: [street] },
  )
  await findOrCreate(
    payload,
    'users',
    { email: { equals: accounts.editor } },
    { email: accounts.editor, password, name: '计时编辑', roles: ['district-editor'], districts: [parent] },
  )
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)] ?? NaN

export async function measureEditorJourneys(
  payload: Payload,
  { runs = 3, log = console.log }: { runs?: number; log?: (line: string) => void } = {},
): Promise<JourneyResult> {
  await prepare(payload)
  const { ensureCmsBuilt, startCms } = await import('./cms-server')
  await ensureCmsBuilt(log)
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'journeys-sites-'))
  const cms = await startCms({ SITE_AUTO_REBUILD: '1', SITES_OUT_DIR: outDir })
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumFlags })
  const result: JourneyResult = {
    runs,
    writerNewToSubmittedMs: [],
    editorPendingToPublishedMs: [],
    publishedToLiveMs: [],
    editorPendingToLiveMs: [],
  }
  const open = async (email: string, at: string): Promise<Page> => {
    const res = await fetch(`${cms.url}/api/users/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email, password }),
    })
    const { token } = (await res.json()) as { token: string }
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height: 900 } })
    context.setDefaultTimeout(60_000)
    await context.addCookies([{ name: 'payload-token', value: token, url: cms.url }])
    const page = await context.newPage()
    await page.goto(`${cms.url}${at}`)
    return page
  }
  const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true })
  const toast = (page: Page, text: string) => page.locator('[data-sonner-toast]').filter({ hasText: text }).first().waitFor()
  try {
    // One unmeasured round first: the server compiles the admin's routes on their first use.
    for (let run = 0; run <= runs; run++) {
      const slug = `journey-${Date.now()}`
      let t0 = performance.now()
      const writer = await open(accounts.writer, '/admin/collections/news/create')
      await writer.locator('#field-title').fill(`计时新闻 ${slug}`)
      await writer.locator('#field-slug').fill(slug)
      await writer.locator('#field-publishedOn__date input, input#field-publishedOn__date').first().fill('2026-05-01')
      await writer.keyboard.press('Escape')
      await writer.locator('[data-lexical-editor="true"]').first().click()
      await writer.keyboard.type('街道党群服务站开展主题党日活动。')
      await button(writer, '提交审核').click()
      await toast(writer, '已提交审核')
      await writer.waitForURL(/\/admin\/collections\/news\/\d+/)
      const writerMs = performance.now() - t0
      const id = /news\/(\d+)/.exec(writer.url())![1]
      await writer.context().close()

      t0 = performance.now()
      const editor = await open(accounts.editor, `/admin/collections/news/${id}`)
      await button(editor, '审核通过').click()
      await toast(editor, '审核通过')
      await button(editor, '发布').click()
      await toast(editor, '已发布')
      const published = performance.now()
      await editor.context().close()
      const page = path.join(outDir, 'journey-jd', 'news', slug, 'index.html')
      while (!fs.existsSync(page)) {
        if (performance.now() - published > 300_000) throw new Error(`the published item did not go live within 5 minutes (${page})`)
        await new Promise((r) => setTimeout(r, 100))
      }
      const live = performance.now()
      if (run === 0) continue
      result.writerNewToSubmittedMs.push(Math.round(writerMs))
      result.editorPendingToPublishedMs.push(Math.round(published - t0))
      result.publishedToLiveMs.push(Math.round(live - published))
      result.editorPendingToLiveMs.push(Math.round(live - t0))
      log(
        `  run ${run}: writer ${Math.round(writerMs)} ms, editor → published ${Math.round(published - t0)} ms, → live ${Math.round(live - t0)} ms`,
      )
    }
  } finally {
    await browser.close()
    await cms.stop()
    fs.rmSync(outDir, { recursive: true, force: true })
  }
  return result
}

export function printJourneys(r: JourneyResult, log: (line: string) => void = console.log) {
  const row = (label: string, values: number[]) =>
    log(`| ${label} | ${(median(values) / 1000).toFixed(1)} s (${values.map((v) => (v / 1000).toFixed(1)).join(' / ')}) |`)
  log(`| through the admin in Chromium, median of ${r.runs} (each run) | time |`)
  log('| --- | --- |')
  row('writer: new item → submitted', r.writerNewToSubmittedMs)
  row('editor: pending → published', r.editorPendingToPublishedMs)
  row('published → live on the district site', r.publishedToLiveMs)
  row('editor: pending → live on the site', r.editorPendingToLiveMs)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { repoRoot } = await import('../shared/paths')
  const dataDir = path.join(repoRoot, 'bench', '.data', 'journeys')
  const payload = await openBenchPayload(dataDir, { fresh: true })
  printJourneys(await measureEditorJourneys(payload))
  await payload.destroy()
  process.exit(0)
}
