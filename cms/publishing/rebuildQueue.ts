/**
 * Publish → live: rebuilds district sites after content changes. This module is the one the rest
 * of the CMS imports; the parts live beside it:
 *  - ./districtRebuilds.ts — the queue: debounce, one build per district at a time, order, commit
 *    wait and retry; ./buildOutcome.ts — one build under the watchdog, and its result;
 *  - ./buildWorkers.ts — the warm build workers (scripts/build-sites.ts --worker), with the
 *    per-build timeout and worker-death detection; ./buildProcess.ts — a build child's folder and environment;
 *  - ./buildRecorder.ts — the `site-builds` records; ./buildOutput.ts — reading build output.
 * Each build goes to a staging folder and is swapped in only on success, so a failed build leaves
 * `dist/<slug>/` as it was.
 *
 * The process-wide queue (`rebuildQueue(payload)`) exists only when SITE_AUTO_REBUILD=1 or a queue
 * was installed with `installRebuildQueue`, so tests and scripts never spawn builds by accident.
 */
import type { Payload } from 'payload'

import { endUnfinishedBuilds } from './buildRecorder'
import { workerBuilder } from './buildWorkers'
import { RebuildQueue } from './districtRebuilds'

export * from './buildTypes'
export { logTail, parsePages } from './buildOutput'
export { buildEnv, buildRoot, viteEnvKeys } from './buildProcess'
export { endUnfinishedBuilds, payloadRecorder, summarizeTriggers, type PayloadRecorderOptions } from './buildRecorder'
export { workerBuilder, type WorkerBuilderOptions, type WorkerPool } from './buildWorkers'
export { RebuildQueue, type RebuildQueueOptions, type RequestOptions } from './districtRebuilds'

// The process-wide queue. Next.js may evaluate this module more than once, so it lives on globalThis.

const globalKey = Symbol.for('dangjian.cms.siteRebuildQueue')
type Holder = { queue?: RebuildQueue; installed: boolean; payload?: Payload }
const holder = (): Holder => {
  const g = globalThis as unknown as Record<symbol, Holder | undefined>
  return (g[globalKey] ??= { installed: false })
}

/**
 * The process-wide rebuild queue, or undefined when automatic rebuilds are off (SITE_AUTO_REBUILD
 * is not "1" and no queue was installed). With SITE_AUTO_REBUILD=1 the first call creates a queue
 * that records into `site-builds` through the most recently seen `payload`, and ends the records
 * an earlier server run left unfinished.
 */
export function rebuildQueue(payload?: Payload): RebuildQueue | undefined {
  const h = holder()
  if (payload) h.payload = payload
  if (h.queue) return h.queue
  if (process.env.SITE_AUTO_REBUILD !== '1') return undefined
  const logger = {
    info: (m: string) => (h.payload ? h.payload.logger.info(m) : console.log(m)),
    error: (m: string) => (h.payload ? h.payload.logger.error(m) : console.error(m)),
  }
  const build = workerBuilder({ logger })
  h.queue = new RebuildQueue({ payload: () => h.payload, build })
  h.installed = false
  const startedAt = new Date()
  if (h.payload)
    void endUnfinishedBuilds(h.payload, startedAt).catch((error: Error) =>
      logger.error(`Could not end unfinished site build records: ${error.message}`),
    )
  // A server that rebuilds sites has its first build worker ready before the first publish.
  void build.prewarm()
  return h.queue
}

/** Installs `queue` as the process-wide queue (tests), or removes it with `undefined`. Returns the previous one. */
export function installRebuildQueue(queue: RebuildQueue | undefined): RebuildQueue | undefined {
  const h = holder()
  const previous = h.queue
  // A queue made here from SITE_AUTO_REBUILD owns its build workers: they go with it.
  if (previous && !h.installed && previous !== queue) void previous.stop()
  h.queue = queue
  h.installed = Boolean(queue)
  return previous
}

/** The process-wide queue if there is one, without creating it (shutdown). */
export const currentRebuildQueue = (): RebuildQueue | undefined => holder().queue
