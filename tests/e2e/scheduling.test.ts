import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'

import { repoRoot } from '../../shared/paths'
import { isCampaignRunning } from '../../shared/campaigns'
import { day, minhangAndXinhong } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'

let cms: TestCms
let xinhong: number
let editor: { id: number }
let writer: { id: number }
let sitesDir: string

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const districts = await minhangAndXinhong(payload)
  const minhang = districts.minhang
  xinhong = districts.xinhong
  editor = await payload.create({
    collection: 'users',
    data: { email: 'e@s.test', password: 'schedule-pass-1', roles: ['district-editor'], districts: [minhang] },
  })
  writer = await payload.create({
    collection: 'users',
    data: { email: 'w@s.test', password: 'schedule-pass-1', roles: ['writer'], districts: [xinhong] },
  })
  // Something published, so 新虹街道 has a site at all.
  await payload.create({
    collection: 'stations',
    data: { name: '欣虹空间', slug: 'xinhong-space', district: xinhong, kind: 'hub' } as never,
  })
  sitesDir = path.join(cms.dir, 'dist')
})
afterEach(() => vi.useRealTimers())
afterAll(async () => cms?.cleanup())

/** Queues a scheduled publish/unpublish exactly as the admin's schedule drawer does. */
async function schedule(type: 'publish' | 'unpublish', id: number, at: Date, by: { id: number }) {
  await cms.payload.jobs.queue({
    task: 'schedulePublish',
    // The admin passes the id as a string, so this does too.
    input: { type, doc: { relationTo: 'news', value: String(id) }, user: { relationTo: 'users', value: by.id } } as never,
    waitUntil: at,
  })
}

/** Moves the clock (Date only: the database and timers keep working) and runs whatever jobs are due. */
async function runJobsAt(when: Date) {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(when)
  await cms.payload.jobs.run({ queue: 'default' })
  vi.useRealTimers()
}

function buildXinhong() {
  const result = spawnSync('npx', ['tsx', 'scripts/build-sites.ts', '--district', 'xinhong'], {
    cwd: repoRoot,
    env: { ...process.env, SITES_OUT_DIR: sitesDir },
    encoding: 'utf8',
    timeout: 240_000,
  })
  expect(result.status, result.stdout + result.stderr).toBe(0)
}
const onSite = (slug: string) => fs.existsSync(path.join(sitesDir, 'xinhong', 'news', slug, 'index.html'))
const status = async (id: number) => (await cms.payload.findByID({ collection: 'news', id, depth: 0 }))._status

describe('scheduled publish and unpublish', () => {
  it('fire at their time under a controlled clock, and the site follows', async () => {
    const news = await cms.payload.create({
      collection: 'news',
      data: { title: '定时发布的新闻', slug: 'scheduled-news', district: xinhong, publishedOn: day('2026-12-01'), reviewState: 'reviewed' },
      draft: true,
    })
    const now = Date.now()
    const publishAt = new Date(now + 60 * 60 * 1000)
    const unpublishAt = new Date(now + 3 * 60 * 60 * 1000)
    await schedule('publish', news.id, publishAt, editor)
    await schedule('unpublish', news.id, unpublishAt, editor)

    await runJobsAt(new Date(now))
    expect(await status(news.id)).toBe('draft')
    buildXinhong()
    expect(onSite('scheduled-news')).toBe(false)

    await runJobsAt(new Date(publishAt.getTime() + 60_000))
    expect(await status(news.id)).toBe('published')
    const doc = await cms.payload.findByID({ collection: 'news', id: news.id, depth: 0 })
    expect(doc.reviewLog?.at(-1)).toMatchObject({ action: '发布', by: editor.id })
    buildXinhong()
    expect(onSite('scheduled-news')).toBe(true)

    await runJobsAt(new Date(unpublishAt.getTime() + 60_000))
    expect(await status(news.id)).toBe('draft')
    buildXinhong()
    expect(onSite('scheduled-news')).toBe(false)
  })

  it('a publish scheduled by a writer cannot bypass review: the job fails and nothing is published', async () => {
    const news = await cms.payload.create({
      collection: 'news',
      data: { title: '撰稿人定时', slug: 'writer-scheduled', district: xinhong, publishedOn: day('2026-12-01') },
      draft: true,
    })
    const at = new Date(Date.now() + 60_000)
    await schedule('publish', news.id, at, writer)
    await runJobsAt(new Date(at.getTime() + 60_000))
    expect(await status(news.id)).toBe('draft')
    const { docs } = await cms.payload.find({
      collection: 'payload-jobs',
      where: { 'input.doc.value': { equals: String(news.id) } },
      depth: 0,
    })
    expect(docs[0]?.hasError ?? docs[0]?.processing === false).toBeTruthy()
  })
})

describe('campaign windows', () => {
  const campaign = (startsOn: string, endsOn?: string) => ({
    startsOn: { date: day(startsOn).date },
    endsOn: endsOn ? day(endsOn).date : null,
  })
  const today = new Date('2026-11-23T04:00:00Z')

  it('runs between its start and end dates inclusive, in Shanghai days', () => {
    expect(isCampaignRunning(campaign('2026-11-01', '2026-11-30'), today)).toBe(true)
    expect(isCampaignRunning(campaign('2026-11-23', '2026-11-23'), today)).toBe(true)
    expect(isCampaignRunning(campaign('2026-11-24'), today)).toBe(false)
    expect(isCampaignRunning(campaign('2026-10-01', '2026-11-22'), today)).toBe(false)
  })

  it('an open-ended campaign runs on', () => {
    expect(isCampaignRunning(campaign('2018'), today)).toBe(true)
  })

  it('switches at Shanghai midnight, not UTC midnight', () => {
    const lateEvening = new Date('2026-11-22T16:30:00Z') // 00:30 on 23 Nov in Shanghai
    expect(isCampaignRunning(campaign('2026-11-23'), lateEvening)).toBe(true)
    expect(isCampaignRunning(campaign('2026-10-01', '2026-11-22'), lateEvening)).toBe(false)
  })
})

describe('a district whose last published item goes', () => {
  it('has its site taken down instead of left stale', async () => {
    buildXinhong()
    expect(fs.existsSync(path.join(sitesDir, 'xinhong', 'index.html'))).toBe(true)
    const { docs } = await cms.payload.find({ collection: 'stations', where: { slug: { equals: 'xinhong-space' } } })
    await cms.payload.delete({ collection: 'stations', id: docs[0]!.id })
    buildXinhong()
    expect(fs.existsSync(path.join(sitesDir, 'xinhong'))).toBe(false)
    expect(fs.readFileSync(path.join(sitesDir, 'index.html'), 'utf8')).not.toContain('/xinhong/')
  })
})

describe('nightly rebuild for campaign windows', () => {
  it('the scheduled task asks the rebuild queue for every district site', async () => {
    const { RebuildQueue, installRebuildQueue } = await import('../../cms/publishing/rebuildQueue')
    const built: string[] = []
    const queue = new RebuildQueue({
      debounceMs: 10,
      build: async (slug) => (built.push(slug), { ok: true, output: '' }),
      record: () => {},
    })
    installRebuildQueue(queue)
    try {
      await cms.payload.jobs.queue({ task: 'rebuildAllSites', input: {}, queue: 'nightly' })
      await cms.payload.jobs.run({ queue: 'nightly' })
      await queue.idle()
      expect(built.sort()).toEqual(['minhang', 'xinhong'])
    } finally {
      installRebuildQueue(undefined)
    }
  })
})
