/**
 * One build's outcome, for the rebuild queue (./districtRebuilds.ts): running the builder under a
 * watchdog (a builder that never answers still ends the build), and writing the result onto the
 * build's state with a log line.
 */
import { firstErrorLine, logTail } from './buildOutput'
import type { Builder, BuildResult, RebuildLogger, SiteBuildState } from './buildTypes'

/** Runs `build(slug)`; a throw becomes a failed result, and no answer within `watchdogMs` a lost worker. */
export async function buildWithWatchdog(build: Builder, slug: string, watchdogMs: number): Promise<BuildResult> {
  let watchdog: NodeJS.Timeout | undefined
  const unanswered = new Promise<BuildResult>((resolve) => {
    watchdog = setTimeout(
      () =>
        resolve({
          ok: false,
          output: `[rebuild] the builder gave no result within ${watchdogMs} ms: build abandoned`,
          workerLost: true,
        }),
      watchdogMs,
    )
    watchdog.unref()
  })
  try {
    return await Promise.race([build(slug), unanswered])
  } catch (error) {
    return { ok: false, output: (error as Error)?.stack ?? String(error) }
  } finally {
    clearTimeout(watchdog)
  }
}

/** Marks `build` succeeded or failed from `result` (duration, pages, log tail, first error line) and logs it. */
export function applyBuildResult(
  build: SiteBuildState,
  result: BuildResult,
  finishedAt: Date,
  { logLines, logger }: { logLines: number; logger: RebuildLogger },
): void {
  build.finishedAt = finishedAt
  build.durationMs = Math.max(1, finishedAt.getTime() - (build.startedAt ?? finishedAt).getTime())
  build.status = result.ok ? 'succeeded' : 'failed'
  build.pages = result.pages
  build.logTail = logTail(result.output ?? '', logLines)
  if (result.ok) {
    logger.info(`District site ${build.district} rebuilt: ${result.pages ?? '?'} pages in ${(build.durationMs / 1000).toFixed(1)} s`)
  } else {
    build.error = firstErrorLine(result.output ?? '') ?? 'build failed'
    logger.error(`District site ${build.district} failed to rebuild (the live site was left unchanged): ${build.error}\n${build.logTail}`)
  }
}
