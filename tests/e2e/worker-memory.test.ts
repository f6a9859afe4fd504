/**
 * A build worker's memory cannot creep (issue 14): each build leaves 20–35 MB behind in Astro's
 * bundler (upstream), so the pool retires a worker whose memory after a build exceeds that after
 * its first build by more than its budget, and starts its successor at once — before the next
 * build asks — so a publish still finds a warm worker. Within budget, a worker keeps building.
 */
import path from 'node:path'

import { afterAll, describe, expect, it } from 'vitest'

import { workerBuilder, type WorkerPool } from '../../cms/publishing/rebuildQueue'
import { startTestCms } from '../helpers/payload'
import { districtsWithNews, newsPage, processAlive, sleep } from '../helpers/rebuilds'

const cms = await startTestCms()
process.env.SITES_OUT_DIR = path.join(cms.dir, 'dist')
const [site] = await districtsWithNews(cms.payload, 'wm', 1)
const pools: WorkerPool[] = []

afterAll(async () => {
  for (const pool of pools) await pool.kill()
  await cms.cleanup()
})

/** Builds the fixture's site `times` times; the workers' pids seen after each build, and what was logged. */
async function buildRepeatedly(memoryBudgetMB: number, times: number) {
  const logged: string[] = []
  const pool = workerBuilder({ memoryBudgetMB, logger: { info: (m) => void logged.push(m), error: (m) => void logged.push(m) } })
  pools.push(pool)
  const pidsAfter: number[][] = []
  for (let i = 0; i < times; i++) {
    const result = await pool(site!.slug)
    expect(result.ok, result.output).toBe(true)
    pidsAfter.push(pool.pids())
  }
  return { pool, pidsAfter, logged }
}

describe('build workers over their memory budget', () => {
  it('a worker over its budget is retired after its build and its successor is already starting', async () => {
    // A budget no worker can keep: the first build after the two warm-up builds retires it.
    const { pool, pidsAfter, logged } = await buildRepeatedly(-1_000_000, 4)
    expect(newsPage(process.env.SITES_OUT_DIR!, site!)).toContain('初始内容')
    const first = pidsAfter[0]![0]!
    expect(pidsAfter[0]).toEqual([first]) // during its warm-up builds the worker stays
    expect(pidsAfter[1], logged.join('\n')).toEqual([first])
    expect(logged.join('\n')).toMatch(new RegExp(`Site build worker ${first} retired after 3 builds \\(\\d+ → \\d+ MB\\)`))
    // The retired worker exits; its successor was started before any build asked for it.
    for (let i = 0; processAlive(first) && i < 100; i++) await sleep(100)
    expect(processAlive(first)).toBe(false)
    expect(pidsAfter[2]!.filter((pid) => pid !== first)).toHaveLength(1)
    expect(new Set(pidsAfter.flat()).size).toBeGreaterThanOrEqual(2)
    // The pool's own account, which the soak benchmark reports.
    const retired = pool.memory().find((w) => w.pid === first)!
    expect(retired).toMatchObject({ retired: true, builds: 3 })
    expect(retired.warmMB).toBeGreaterThan(50)
    expect(retired.lastMB).toBeGreaterThan(50)
    await pool.kill()
  }, 600_000)

  it('a worker within its budget keeps building in the same process', async () => {
    const { pool, pidsAfter, logged } = await buildRepeatedly(100_000, 4)
    expect(new Set(pidsAfter.flat()).size).toBe(1)
    expect(logged.join('\n')).not.toMatch(/retired/)
    await pool.kill()
  }, 600_000)
})
