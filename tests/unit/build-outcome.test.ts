/** cms/publishing/buildOutcome.ts: one build under the rebuild queue's watchdog, and how its result is recorded. */
import { describe, expect, it } from 'vitest'

import { applyBuildResult, buildWithWatchdog } from '../../cms/publishing/buildOutcome'
import type { Builder, SiteBuildState } from '../../cms/publishing/buildTypes'

const quietLogger = () => {
  const lines: string[] = []
  return { lines, logger: { info: (m: string) => lines.push(`info ${m}`), error: (m: string) => lines.push(`error ${m}`) } }
}
const running = (): SiteBuildState => ({
  seq: 1,
  district: 'xinhong',
  status: 'running',
  trigger: 'test',
  triggers: ['test'],
  queuedAt: new Date('2026-11-29T10:00:00Z'),
  startedAt: new Date('2026-11-29T10:00:00Z'),
})

describe('buildWithWatchdog', () => {
  it("passes the builder's result through", async () => {
    const build = (async () => ({ ok: true, pages: 12, output: 'Done: 12 pages' })) as Builder
    expect(await buildWithWatchdog(build, 'xinhong', 60_000)).toEqual({ ok: true, pages: 12, output: 'Done: 12 pages' })
  })

  it('turns a throwing builder into a failed result with the stack', async () => {
    const build = (async () => {
      throw new Error('spawn failed')
    }) as Builder
    const result = await buildWithWatchdog(build, 'xinhong', 60_000)
    expect(result.ok).toBe(false)
    expect(result.output).toContain('spawn failed')
  })

  it('ends a build whose builder never answers as a lost worker', async () => {
    const build = (() => new Promise(() => {})) as Builder
    const result = await buildWithWatchdog(build, 'xinhong', 20)
    expect(result).toEqual({ ok: false, output: '[rebuild] the builder gave no result within 20 ms: build abandoned', workerLost: true })
  })
})

describe('applyBuildResult', () => {
  it('records a success with pages and duration', () => {
    const build = running()
    const { lines, logger } = quietLogger()
    applyBuildResult(build, { ok: true, pages: 12, output: 'Done: 12 pages' }, new Date('2026-11-29T10:00:03Z'), { logLines: 40, logger })
    expect(build).toMatchObject({ status: 'succeeded', pages: 12, durationMs: 3000, logTail: 'Done: 12 pages' })
    expect(build.error).toBeUndefined()
    expect(lines).toEqual(['info District site xinhong rebuilt: 12 pages in 3.0 s'])
  })

  it('records a failure with its first error line, leaving the live site named as unchanged', () => {
    const build = running()
    const { lines, logger } = quietLogger()
    applyBuildResult(build, { ok: false, output: 'building…\nError: missing page data\n  at x' }, new Date('2026-11-29T10:00:01Z'), {
      logLines: 40,
      logger,
    })
    expect(build.status).toBe('failed')
    expect(build.error).toContain('missing page data')
    expect(lines[0]).toMatch(/^error District site xinhong failed to rebuild \(the live site was left unchanged\): /)
  })
})
