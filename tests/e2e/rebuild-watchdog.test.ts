/**
 * No rebuild is lost (issue 12, item 5): every request ends in a build that starts, and every
 * recorded build ends succeeded or failed — never left 排队中/构建中.
 *
 *  - records: a burst of 50 saves of different items, a failure with a long log, and records an
 *    earlier server run left unfinished, all end;
 *  - a build waits for the transaction of the save that asked for it (it read the old content);
 *  - a builder that never answers is failed by the queue's watchdog, and a build whose process was
 *    lost is built once more;
 *  - the watchdog with real build workers (scripts/build-sites.ts --worker): workers SIGKILLed
 *    mid-build while saves flood in, then every worker hung (SIGSTOP): every district that changed
 *    is live with its last content, and no build record is left queued or running.
 */
import path from 'node:path'

import { commitTransaction, createLocalReq, initTransaction } from 'payload'
import { afterAll, afterEach, describe, expect, it } from 'vitest'

import { installRebuildQueue, RebuildQueue, workerBuilder, type BuildResult, type SiteBuildState } from '../../cms/publishing/rebuildQueue'
import { startTestCms } from '../helpers/payload'
import { buildRecords, districtsWithNews, newsPage, processAlive, sleep, workerPids } from '../helpers/rebuilds'

const cms = await startTestCms()
const { payload } = cms
const silent = { info: () => {}, error: () => {} }

afterEach(() => {
  installRebuildQueue(undefined)
})
afterAll(async () => {
  installRebuildQueue(undefined)
  await cms.cleanup()
})

const ok =
  (ms = 20) =>
  async (): Promise<BuildResult> => (await sleep(ms), { ok: true, output: 'Done: 3 pages', pages: 3 })
const unfinished = (records: { status: string }[]) => records.filter((r) => r.status === 'queued' || r.status === 'running')
/** Waits for the queue to be idle, at most `ms` (a lost build would keep it busy for ever). */
const idleWithin = (queue: RebuildQueue, ms: number) => Promise.race([queue.idle().then(() => true), sleep(ms).then(() => false)])

describe('every build record ends', () => {
  it('a burst of 50 saves of different items: the build is recorded running, then succeeded', async () => {
    const [site] = await districtsWithNews(payload, 'wd-burst', 1)
    const queue = new RebuildQueue({ build: ok(100), debounceMs: 100, payload, logger: silent })
    for (let i = 0; i < 50; i++) queue.request([site!.slug], `新闻「第 ${i + 1} 条：街道党群服务站开展主题党日活动」更新`)
    expect(await idleWithin(queue, 20_000)).toBe(true)
    const records = await buildRecords(payload, [site!.districtId])
    expect(records.map((r) => r.status)).toEqual(['succeeded'])
    expect(records[0]!.startedAt).toBeTruthy()
    expect(records[0]!.trigger).toMatch(/^新闻「第 1 条.*等共 50 项$/)
    expect(records[0]!.trigger.length).toBeLessThanOrEqual(500)
  })

  it('a failure with a long log is recorded failed, with the error line and the end of the log', async () => {
    const [site] = await districtsWithNews(payload, 'wd-longlog', 1)
    const output = [
      'Error: Media files referenced by pages are missing: cover.webp',
      ...Array.from({ length: 60 }, (_, i) => `    at frame ${i} ${'x'.repeat(200)}`),
      'last line',
    ].join('\n')
    const queue = new RebuildQueue({ build: async () => ({ ok: false, output }), debounceMs: 10, payload, logger: silent })
    queue.request([site!.slug], '新闻「长日志」更新')
    expect(await idleWithin(queue, 20_000)).toBe(true)
    const records = await buildRecords(payload, [site!.districtId])
    expect(records.map((r) => r.status)).toEqual(['failed'])
    expect(records[0]!.logTail).toContain('Media files referenced by pages are missing')
    expect(records[0]!.logTail).toMatch(/last line$/)
  })

  it('records an earlier server run left queued or running are ended as failed when the server queue starts', async () => {
    const [site] = await districtsWithNews(payload, 'wd-restart', 1)
    for (const status of ['queued', 'running'])
      await payload.create({
        collection: 'site-builds' as never,
        data: { status, trigger: '重启前', district: site!.districtId } as never,
        overrideAccess: true,
      })
    const saved = process.env.SITE_AUTO_REBUILD
    process.env.SITE_AUTO_REBUILD = '1'
    try {
      const { rebuildQueue } = await import('../../cms/publishing/rebuildQueue')
      expect(rebuildQueue(payload)).toBeInstanceOf(RebuildQueue) // the server's queue (as cms/instrumentation.ts makes it)
      await expect
        .poll(async () => (await buildRecords(payload, [site!.districtId])).map((r) => r.status), { timeout: 10_000 })
        .toEqual(['failed', 'failed'])
      expect((await buildRecords(payload, [site!.districtId]))[0]!.logTail).toMatch(/服务重启/)
    } finally {
      installRebuildQueue(undefined) // stops it and its prewarmed worker
      if (saved === undefined) delete process.env.SITE_AUTO_REBUILD
      else process.env.SITE_AUTO_REBUILD = saved
    }
  })
})

describe('no request is lost', () => {
  it('a build starts only after the save that asked for it has committed (it read the content from before the save)', async () => {
    const [site] = await districtsWithNews(payload, 'wd-commit', 1)
    const seen: string[] = []
    const queue = new RebuildQueue({
      debounceMs: 20,
      logger: silent,
      // Reads as a build worker does: its own connection, committed content only.
      build: async () => {
        const news = await payload.findByID({ collection: 'news', id: site!.newsId, depth: 0 })
        seen.push(String(news.summary))
        return { ok: true, output: '' }
      },
    })
    installRebuildQueue(queue)
    const req = await createLocalReq({}, payload)
    await initTransaction(req)
    await payload.update({ collection: 'news', id: site!.newsId, data: { summary: '提交后的新内容' }, req })
    await sleep(500) // well past the debounce: the rebuild was requested inside the transaction
    await commitTransaction(req)
    expect(await idleWithin(queue, 10_000)).toBe(true)
    expect(seen).toEqual(['提交后的新内容'])
  })

  it('a builder that never answers is failed by the watchdog, and the district is built again', async () => {
    const events: SiteBuildState[] = []
    let calls = 0
    const queue = new RebuildQueue({
      build: () => (calls++ === 0 ? new Promise<BuildResult>(() => {}) : ok()()),
      debounceMs: 10,
      watchdogMs: 500,
      record: (build) => void events.push({ ...build }),
      logger: silent,
    })
    queue.request(['hung'], '新闻「卡住」更新')
    expect(await idleWithin(queue, 10_000)).toBe(true)
    expect(events.map((e) => e.status)).toEqual(['queued', 'running', 'failed', 'queued', 'running', 'succeeded'])
    expect(events[2]!.logTail).toMatch(/no result within 500 ms/)
    expect(events[5]!.trigger).toMatch(/^重试：构建进程中断/)
  })

  it('a lost build process gives one more build; a district whose builds keep crashing is not retried for ever', async () => {
    const events: SiteBuildState[] = []
    const queue = new RebuildQueue({
      build: async () => ({ ok: false, output: '[rebuild] the build worker exited with SIGKILL', workerLost: true }),
      debounceMs: 10,
      record: (build) => void events.push({ ...build }),
      logger: silent,
    })
    queue.request(['crashing'], '新闻「崩溃」更新')
    expect(await idleWithin(queue, 10_000)).toBe(true)
    expect(events.filter((e) => e.status === 'failed')).toHaveLength(2)
    expect(unfinished(events.filter((e) => e.seq === events.at(-1)!.seq).slice(-1))).toEqual([])
  })
})

describe('watchdog with real build workers', () => {
  const outDir = path.join(cms.dir, 'dist')
  process.env.SITES_OUT_DIR = outDir

  it('workers SIGKILLed mid-build while saves flood in, then every worker hung: every changed district is live and every build ended', async () => {
    const sites = await districtsWithNews(payload, 'wd-live', 3)
    const errors: string[] = []
    const pool = workerBuilder({ timeoutMs: 45_000, logger: silent })
    const queue = new RebuildQueue({
      build: pool,
      debounceMs: 200,
      concurrency: 2,
      payload,
      logger: { info: () => {}, error: (m) => void errors.push(m) },
    })
    installRebuildQueue(queue)
    const building = () => sites.some((s) => queue.isBuilding(s.slug))
    const save = (site: (typeof sites)[number], summary: string) =>
      payload.update({ collection: 'news', id: site.newsId, data: { summary } })
    try {
      queue.request(
        sites.map((s) => s.slug),
        '初次构建',
      )
      expect(await idleWithin(queue, 240_000)).toBe(true)
      for (const site of sites) expect(newsPage(outDir, site)).toContain('初始内容')

      // 1. Saves flood in; as soon as builds run, every worker is killed (SIGKILL) mid-build.
      for (const site of sites) await save(site, `第二版 ${site.slug}`)
      for (let i = 0; !building() && i < 600; i++) await sleep(50)
      expect(building()).toBe(true)
      await sleep(300)
      const killed = workerPids()
      for (const pid of killed) process.kill(pid, 'SIGKILL')
      for (let i = 0; i < 50; i++) await save(sites[i % sites.length]!, `第三版 ${i} ${sites[i % sites.length]!.slug}`)
      for (const [i, site] of sites.entries()) await save(site, `最终内容 ${i} ${site.slug}`)
      expect(await idleWithin(queue, 300_000)).toBe(true)
      for (const pid of killed) expect(processAlive(pid)).toBe(false)
      for (const [i, site] of sites.entries()) expect(newsPage(outDir, site)).toContain(`最终内容 ${i} ${site.slug}`)
      expect(errors.join('\n')).toMatch(/exited with SIGKILL/)

      // 2. Every worker hangs (SIGSTOP) mid-build: the build times out and its worker is killed; the
      //    idle ones, stopped too, do not answer their ping and are replaced; a fresh worker builds.
      await save(sites[0]!, '挂起之后的内容')
      for (let i = 0; !building() && i < 600; i++) await sleep(50)
      expect(building()).toBe(true)
      const stopped = workerPids()
      for (const pid of stopped) process.kill(pid, 'SIGSTOP')
      expect(await idleWithin(queue, 300_000)).toBe(true)
      for (const pid of stopped) expect(processAlive(pid)).toBe(false)
      expect(newsPage(outDir, sites[0]!)).toContain('挂起之后的内容')
      expect(errors.join('\n')).toMatch(/was killed: no result after 45000 ms/)

      const records = await buildRecords(
        payload,
        sites.map((s) => s.districtId),
      )
      expect(unfinished(records)).toEqual([])
      expect(records.filter((r) => r.status === 'failed').length).toBeGreaterThanOrEqual(2)
      expect(records.at(-1)!.status).toBe('succeeded')
    } finally {
      await (pool.kill?.() ?? pool.close())
    }
    expect(workerPids()).toEqual([])
  }, 900_000)
})
