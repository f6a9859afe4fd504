/** What a rebuild queue (./districtRebuilds.ts) can be given; every option has a default. */
import type { Builder, BuildRecorder, PayloadRef, RebuildLogger } from './buildTypes'

export interface RebuildQueueOptions {
  /** Builds one district; default `workerBuilder()` (warm build workers running scripts/build-sites.ts). */
  build?: Builder
  /** Quiet time after the last request before a district builds; default SITE_REBUILD_DEBOUNCE_MS or 500. */
  debounceMs?: number
  /** Longest a district waits under a continuous stream of requests; default max(30 s, 10 × debounceMs). */
  maxWaitMs?: number
  /** Builds running at once across districts; default SITE_BUILD_CONCURRENCY, else one per core up to 2. */
  concurrency?: number
  /**
   * Longest the queue waits for the builder's answer before it records the build failed and goes
   * on; default SITE_REBUILD_TIMEOUT_MS (15 min) + 1 min: the worker pool's own timeout, which
   * kills the worker, normally comes first.
   */
  watchdogMs?: number
  /** Times a district is built again after its build process was lost; default 1. */
  retries?: number
  /** Called at every state change of a build. Default: `payloadRecorder(payload)` when `payload` is given. */
  record?: BuildRecorder
  /** Used for the default recorder and logger. */
  payload?: PayloadRef
  /** Default: payload.logger, else console. */
  logger?: RebuildLogger
  /** Lines of build output kept in `logTail`; default 40. */
  logLines?: number
}

export interface RequestOptions {
  /** Settles when the change is readable by a build (the save's transaction ended); the build waits for it. */
  after?: PromiseLike<unknown>
}
