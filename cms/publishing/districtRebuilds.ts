/**
 * The rebuild queue itself (the process-wide one, and the module everything imports, is
 * ./rebuildQueue.ts).
 *
 * `request(slugs, trigger)` marks districts as needing a rebuild. Requests are debounced per
 * district (a burst of saves gives one build), a district never builds twice at once (requests
 * that arrive while it builds give exactly one follow-up build afterwards), and at most
 * `concurrency` builds run at a time (default SITE_BUILD_CONCURRENCY, else one per core up to 2).
 *
 * No request is lost: a build waits for the transaction of the save that asked for it (else it
 * could read the content from before the save); every build ends succeeded or failed — a builder
 * that never answers is failed by the queue's own watchdog — and a build whose process was lost
 * (crashed, killed, hung) is built once more, so the change still goes live.
 */
import os from 'node:os'

import { applyBuildResult, buildWithWatchdog } from './buildOutcome'
import { payloadRecorder, summarizeTriggers } from './buildRecorder'
import { envNumber } from '../../shared/env'
import {
  buildTimeoutMs,
  resolvePayload,
  type Builder,
  type BuildResult,
  type PayloadRef,
  type RebuildLogger,
  type SiteBuildState,
} from './buildTypes'
import { workerBuilder } from './buildWorkers'
import { OrderedRecords } from './orderedRecords'
import type { RebuildQueueOptions, RequestOptions } from './rebuildQueueOptions'

export type { RebuildQueueOptions, RequestOptions } from './rebuildQueueOptions'

type Slot = {
  /** The next build of this district, collecting requests (debouncing or waiting for a free runner). */
  pending?: SiteBuildState
  /** Saves of the pending build whose transactions have not ended yet. */
  uncommitted: number
  firstRequestAt: number
  lastRequestAt: number
  timer?: NodeJS.Timeout
  ready: boolean
  running?: SiteBuildState
  /** The district this one was requested after (the edited item's own): it starts first. */
  after?: string
}

export class RebuildQueue {
  readonly debounceMs: number
  readonly maxWaitMs: number
  readonly concurrency: number
  readonly watchdogMs: number
  readonly retries: number
  private readonly build: Builder
  private readonly payloadRef?: PayloadRef
  private readonly explicitLogger?: RebuildLogger
  private readonly logLines: number
  private readonly slots = new Map<string, Slot>()
  private readonly readyQueue: string[] = []
  private readonly records: OrderedRecords
  private running = 0
  private seq = 0
  private stopped = false
  private waiters: (() => void)[] = []

  constructor(options: RebuildQueueOptions = {}) {
    this.build = options.build ?? workerBuilder()
    this.debounceMs = options.debounceMs ?? envNumber('SITE_REBUILD_DEBOUNCE_MS', 500)
    this.maxWaitMs = Math.max(this.debounceMs, options.maxWaitMs ?? Math.max(30_000, this.debounceMs * 10))
    this.concurrency = Math.max(
      1,
      Math.floor(options.concurrency ?? envNumber('SITE_BUILD_CONCURRENCY', Math.min(2, os.availableParallelism()))) || 1,
    )
    this.watchdogMs = options.watchdogMs ?? buildTimeoutMs() + 60_000
    this.retries = options.retries ?? 1
    this.payloadRef = options.payload
    this.records = new OrderedRecords(
      options.record ?? (options.payload ? payloadRecorder(options.payload) : undefined),
      (message) => this.logger.error(message),
      () => this.settle(),
    )
    this.explicitLogger = options.logger
    this.logLines = options.logLines ?? 40
  }

  private get logger(): RebuildLogger {
    if (this.explicitLogger) return this.explicitLogger
    const payload = resolvePayload(this.payloadRef)
    if (payload) return { info: (m) => payload.logger.info(m), error: (m) => payload.logger.error(m) }
    return { info: (m) => console.log(m), error: (m) => console.error(m) }
  }

  /** Asks for the given districts to be rebuilt because of `trigger`. Never throws. */
  request(districtSlugs: string[], trigger: string, options: RequestOptions = {}): void {
    this.enqueue(districtSlugs, trigger, options.after, 0)
  }

  private enqueue(districtSlugs: string[], trigger: string, after: PromiseLike<unknown> | undefined, attempt: number) {
    if (this.stopped) return
    const now = Date.now()
    const slugs = [...new Set(districtSlugs.filter((s) => typeof s === 'string' && s.length > 0))]
    for (const slug of slugs) {
      let slot = this.slots.get(slug)
      if (!slot) this.slots.set(slug, (slot = { firstRequestAt: now, lastRequestAt: now, ready: false, uncommitted: 0 }))
      // The first district named is the edited item's own: its site goes live first; the ancestors'
      // (which list the item) build after it, rather than competing with it for the CPU.
      slot.after = slug === slugs[0] ? undefined : slugs[0]
      if (!slot.pending) {
        slot.pending = { seq: ++this.seq, district: slug, status: 'queued', trigger: '', triggers: [], queuedAt: new Date(now), attempt }
        slot.firstRequestAt = now
        slot.uncommitted = 0
      }
      const pending = slot.pending
      pending.attempt = Math.max(pending.attempt ?? 0, attempt)
      if (!pending.triggers.includes(trigger)) pending.triggers.push(trigger)
      pending.trigger = summarizeTriggers(pending.triggers)
      if (pending.triggers.length === 1) this.record(pending)
      if (after) this.waitForCommit(slug, slot, pending, after)
      slot.lastRequestAt = now
      // While it builds, the follow-up is scheduled when the build ends; once ready, it waits for a runner.
      if (!slot.running && !slot.ready) this.schedule(slug, slot)
    }
  }

  /** The pending build does not start before `after` settles: then it reads what the save wrote. */
  private waitForCommit(slug: string, slot: Slot, pending: SiteBuildState, after: PromiseLike<unknown>) {
    slot.uncommitted++
    let waited: NodeJS.Timeout | undefined
    const done = () => {
      clearTimeout(waited)
      if (slot.pending !== pending) return
      slot.uncommitted--
      if (slot.uncommitted > 0 || this.stopped) return
      if (slot.ready)
        this.pump() // it was waiting for a runner, and for this
      else if (!slot.timer && !slot.running) this.schedule(slug, slot)
    }
    let counted = false
    const once = () => {
      if (counted) return
      counted = true
      done()
    }
    Promise.resolve(after).then(once, once)
    // A transaction that never seems to end must not hold the build back for good.
    waited = setTimeout(once, this.maxWaitMs)
    waited.unref()
  }

  /** Resolves when nothing is debouncing, waiting, building or being recorded. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  /** True while a build of `slug` runs. */
  isBuilding(slug: string): boolean {
    return Boolean(this.slots.get(slug)?.running)
  }

  /** Stops taking requests, cancels builds that have not started (recorded as failed) and waits for running builds to finish. */
  async stop(): Promise<void> {
    this.cancelPending('已取消：服务停止 / Cancelled: the rebuild queue was stopped before this build started')
    await this.idle()
    this.build.close?.()
  }

  /**
   * Shutdown: stops at once. Builds not started are cancelled, builds in progress are abandoned
   * (their processes killed, their staging folders left for the next build to sweep; the live
   * sites stay as they were), all recorded as failed. Resolves when the records are written.
   */
  async abandon(): Promise<void> {
    this.cancelPending('已取消：服务停止 / Cancelled: the server stopped before this build started')
    const now = new Date()
    for (const slot of this.slots.values()) {
      const build = slot.running
      if (!build) continue
      this.finishBuild(
        build,
        {
          ok: false,
          output:
            '[rebuild] 服务停止，构建已放弃，线上站点保持不变 / abandoned: the server stopped during this build; the live site was left as it was',
        },
        now,
      )
    }
    await this.build.kill?.()
    await this.records.settled()
  }

  private cancelPending(reason: string) {
    this.stopped = true
    for (const slot of this.slots.values()) {
      if (slot.timer) clearTimeout(slot.timer)
      slot.timer = undefined
      slot.ready = false
      const build = slot.pending
      if (!build) continue
      slot.pending = undefined
      build.status = 'failed'
      build.finishedAt = new Date()
      build.error = 'cancelled'
      build.logTail = reason
      this.record(build)
    }
    this.readyQueue.length = 0
  }

  private schedule(slug: string, slot: Slot) {
    if (slot.timer) clearTimeout(slot.timer)
    const now = Date.now()
    const delay = Math.max(0, Math.min(slot.lastRequestAt + this.debounceMs, slot.firstRequestAt + this.maxWaitMs) - now)
    slot.timer = setTimeout(() => {
      slot.timer = undefined
      // Still waiting for a save's transaction: waitForCommit schedules it again when that ends.
      if (this.stopped || !slot.pending || slot.uncommitted > 0) return this.settle()
      slot.ready = true
      this.readyQueue.push(slug)
      this.pump()
    }, delay)
  }

  private pump() {
    while (this.running < this.concurrency) {
      const index = this.readyQueue.findIndex((slug) => !this.waitsForAnother(slug) && !this.slots.get(slug)?.uncommitted)
      if (index < 0) break
      void this.run(this.readyQueue.splice(index, 1)[0]!)
    }
    this.settle()
  }

  /** An ancestor's rebuild waits while the edited item's own district is still waiting for a runner or building. */
  private waitsForAnother(slug: string): boolean {
    const after = this.slots.get(slug)?.after
    const first = after ? this.slots.get(after) : undefined
    return Boolean(first && (first.ready || first.running))
  }

  private async run(slug: string) {
    const slot = this.slots.get(slug)
    const build = slot?.pending
    if (!slot || !build) return
    slot.pending = undefined
    slot.uncommitted = 0
    slot.ready = false
    slot.after = undefined
    slot.running = build
    this.running++
    build.status = 'running'
    build.startedAt = new Date()
    this.record(build)
    this.logger.info(`Rebuilding district site ${slug} (${build.trigger})`)
    const result = await buildWithWatchdog(this.build, slug, this.watchdogMs)
    slot.running = undefined
    this.running--
    // Already ended by abandon() (shutdown): nothing more to record or start.
    if (build.status === 'running') {
      this.finishBuild(build, result, new Date())
      if (!result.ok && result.workerLost && (build.attempt ?? 0) < this.retries && !this.stopped) {
        // The change has not gone live: build it again (joining a follow-up that is already waiting).
        this.enqueue([slug], `重试：构建进程中断（${build.trigger}）`, undefined, (build.attempt ?? 0) + 1)
      }
    }
    if (slot.pending && !slot.ready && !this.stopped) this.schedule(slug, slot)
    this.pump()
  }

  private finishBuild(build: SiteBuildState, result: BuildResult, finishedAt: Date) {
    applyBuildResult(build, result, finishedAt, { logLines: this.logLines, logger: this.logger })
    this.record(build)
  }

  /** Records a snapshot; calls for one build run in order, and a failing recorder never stops the queue. */
  private record(build: SiteBuildState) {
    this.records.record(build)
  }

  private isIdle(): boolean {
    if (this.running > 0 || this.readyQueue.length > 0 || this.records.busy) return false
    for (const slot of this.slots.values()) if (slot.pending || slot.running || slot.timer) return false
    return true
  }

  private settle() {
    if (!this.waiters.length || !this.isIdle()) return
    const waiters = this.waiters
    this.waiters = []
    for (const resolve of waiters) resolve()
  }
}
