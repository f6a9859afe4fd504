/**
 * The rebuild queue (cms/publishing/districtRebuilds.ts) with a fake builder: debounce, one build at a
 * time per district, exactly one follow-up, order, records; and the process-wide queue's switch.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest'

import { installRebuildQueue, logTail, parsePages, RebuildQueue, rebuildQueue } from '../../cms/publishing/rebuildQueue'
import { startTestCms } from '../helpers/payload'
import { expectNoOverlap, fakeBuilder, recorder, silent, sleep } from '../helpers/rebuilds'

const cms = await startTestCms()
const { payload } = cms

afterEach(() => {
  installRebuildQueue(undefined)
})

afterAll(async () => {
  installRebuildQueue(undefined)
  await cms.cleanup()
})

describe('rebuild queue', () => {
  it('is inactive unless SITE_AUTO_REBUILD=1 or a queue is installed', async () => {
    const saved = process.env.SITE_AUTO_REBUILD
    try {
      delete process.env.SITE_AUTO_REBUILD
      expect(rebuildQueue(payload)).toBeUndefined()
      const queue = new RebuildQueue({ build: fakeBuilder().build, logger: silent })
      installRebuildQueue(queue)
      expect(rebuildQueue(payload)).toBe(queue)
      installRebuildQueue(undefined)
      expect(rebuildQueue(payload)).toBeUndefined()
      process.env.SITE_AUTO_REBUILD = '1'
      const auto = rebuildQueue(payload)
      expect(auto).toBeInstanceOf(RebuildQueue)
      expect(rebuildQueue(payload)).toBe(auto) // one per process
      expect(auto!.debounceMs).toBe(Number(process.env.SITE_REBUILD_DEBOUNCE_MS || 500))
    } finally {
      installRebuildQueue(undefined)
      if (saved === undefined) delete process.env.SITE_AUTO_REBUILD
      else process.env.SITE_AUTO_REBUILD = saved
    }
  })

  it('debounces a burst into one build per district and records queued → running → succeeded', async () => {
    const fake = fakeBuilder(200)
    const rec = recorder()
    const queue = new RebuildQueue({ build: fake.build, debounceMs: 150, record: rec.record, logger: silent })
    await expect(queue.idle()).resolves.toBeUndefined()
    for (let i = 0; i < 20; i++) {
      queue.request(['a', 'b'], `save ${i % 3}`)
      await sleep(10)
    }
    await queue.idle()
    expect(fake.slugs()).toEqual(['a', 'b'])
    const a = rec.events.filter((e) => e.district === 'a')
    expect(a.map((e) => e.status)).toEqual(['queued', 'running', 'succeeded'])
    expect(a.at(-1)).toMatchObject({ pages: 3, trigger: 'save 0；save 1；save 2' })
    expect(a.at(-1)!.durationMs).toBeGreaterThanOrEqual(150)
  })

  it('a request during a build gives exactly one follow-up build, never two at once per district', async () => {
    const fake = fakeBuilder(400)
    const queue = new RebuildQueue({ build: fake.build, debounceMs: 50, logger: silent })
    queue.request(['a'], 'first')
    await sleep(150)
    expect(queue.isBuilding('a')).toBe(true)
    for (let i = 0; i < 5; i++) queue.request(['a'], `during ${i}`)
    await queue.idle()
    expect(fake.slugs()).toEqual(['a', 'a'])
    expectNoOverlap(fake.calls)
  })

  it('a failing or throwing builder is recorded as failed with the log tail, and the queue goes on', async () => {
    const rec = recorder()
    const errors: string[] = []
    const output = [
      ...Array.from({ length: 60 }, (_, i) => `line ${i}`),
      'Error: Media files referenced by pages are missing: x.webp',
    ].join('\n')
    let n = 0
    const queue = new RebuildQueue({
      build: async () => {
        if (n++ === 0) return { ok: false, output }
        throw new Error('spawn exploded')
      },
      debounceMs: 10,
      record: rec.record,
      logger: { info: () => {}, error: (m) => void errors.push(m) },
    })
    queue.request(['a'], 't1')
    await queue.idle()
    queue.request(['a'], 't2')
    await queue.idle()
    const finished = rec.events.filter((e) => e.status === 'failed')
    expect(finished).toHaveLength(2)
    expect(finished[0]!.logTail!.split('\n')).toHaveLength(40)
    expect(finished[0]!.logTail).toContain('Media files referenced by pages are missing')
    expect(finished[1]!.logTail).toContain('spawn exploded')
    expect(errors.join('\n')).toContain('Media files referenced by pages are missing')
  })

  it('parses pages and keeps error lines in the log tail', () => {
    expect(parsePages('  测试区　　　　 pl-live                  12 pages    3.1 s  3.9 pages/s\nDone: 12 pages', 'pl-live')).toBe(12)
    expect(parsePages('Done: 7 pages in 2.0 s', 'x')).toBe(7)
    expect(parsePages('nothing', 'x')).toBeUndefined()
    const tail = logTail(['Error: boom', ...Array.from({ length: 50 }, (_, i) => `    at frame ${i}`)].join('\n'), 10)
    expect(tail.split('\n')[0]).toBe('Error: boom')
  })
})
