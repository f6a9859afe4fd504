/**
 * Publish → live: rebuilds district sites after content changes.
 *
 * `request(slugs, trigger)` marks districts as needing a rebuild. Requests are
 * debounced per district (a burst of saves gives one build), a district never
 * builds twice at once (requests that arrive while it builds give exactly one
 * follow-up build afterwards), and at most `concurrency` builds run at a time
 * (default SITE_BUILD_CONCURRENCY, else one per core up to 2: a build is one busy process).
 *
 * The builder is injectable; the default hands the district to a warm build
 * worker (`scripts/build-sites.ts --worker`, see `workerBuilder`), which builds
 * into a staging folder and swaps it in only on success, so a failed build
 * leaves `dist/<slug>/` as it was. `processBuilder` runs the build-sites
 * command as a fresh process instead.
 *
 * Every build is recorded through `record` (by default into the `site-builds`
 * collection when a `payload` is given): queued → running → succeeded/failed.
 *
 * The process-wide queue (`rebuildQueue(payload)`) exists only when
 * SITE_AUTO_REBUILD=1 or a queue was installed with `installRebuildQueue`, so
 * tests and scripts never spawn builds by accident.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { Payload } from 'payload'

import { repoRoot } from '../../shared/paths'
import type { SiteBuildStatus } from '../collections/SiteBuilds'

export type { SiteBuildStatus }

export type BuildResult = { ok: boolean; output: string; pages?: number }
export type Builder = (districtSlug: string) => Promise<BuildResult>

/** One build as the queue sees it; passed (as a snapshot) to the recorder at every state change. */
export interface SiteBuildState {
  /** Queue-local sequence number, unique per queue. */
  seq: number
  district: string
  status: SiteBuildStatus
  /** Human-readable summary of `triggers`. */
  trigger: string
  triggers: string[]
  queuedAt: Date
  startedAt?: Date
  finishedAt?: Date
  durationMs?: number
  pages?: number
  logTail?: string
  /** A short error message when the build failed. */
  error?: string
}

export type BuildRecorder = (build: Readonly<SiteBuildState>) => void | Promise<void>

export type RebuildLogger = {
  info: (message: string) => void
  error: (message: string) => void
}

type PayloadRef = Payload | (() => Payload | undefined)

export interface RebuildQueueOptions {
  /** Builds one district; default `workerBuilder()` (warm build workers running scripts/build-sites.ts). */
  build?: Builder
  /** Quiet time after the last request before a district builds; default SITE_REBUILD_DEBOUNCE_MS or 500
   *  (a bulk action in the admin saves its documents within milliseconds of each other). */
  debounceMs?: number
  /** Longest a district waits under a continuous stream of requests; default max(30 s, 10 × debounceMs). */
  maxWaitMs?: number
  /**
   * Builds running at once across districts; default SITE_BUILD_CONCURRENCY, else one per core up
   * to 2 (each build stages into a folder of its own, so builds of different districts never meet).
   */
  concurrency?: number
  /** Called at every state change of a build. Default: `payloadRecorder(payload)` when `payload` is given. */
  record?: BuildRecorder
  /** Used for the default recorder and logger. */
  payload?: PayloadRef
  /** Default: payload.logger, else console. */
  logger?: RebuildLogger
  /** Lines of build output kept in `logTail`; default 40. */
  logLines?: number
}

const envNumber = (name: string, fallback: number): number => {
  const value = Number(process.env[name])
  return process.env[name] !== undefined && process.env[name] !== '' && Number.isFinite(value) && value >= 0 ? value : fallback
}

const resolvePayload = (ref: PayloadRef | undefined): Payload | undefined => (typeof ref === 'function' ? ref() : ref)

// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-9;?]*[ -/]*[@-~]/g

/** The last `lines` lines of a build's output, without colour codes; error lines from earlier are kept in front. */
export function logTail(output: string, lines = 40): string {
  const all = output.replace(ansi, '').replace(/\r\n?/g, '\n').split('\n')
  while (all.length && all[all.length - 1]!.trim() === '') all.pop()
  if (all.length <= lines) return all.join('\n')
  const tail = all.slice(-lines)
  // The reason a build failed can scroll out of the tail behind a stack trace: keep it.
  const errors = all
    .slice(0, -lines)
    .filter((line) => /error|failed|missing|失败/i.test(line) && !/^\s+at /.test(line))
    .slice(-5)
  return [...errors, ...(errors.length ? ['…'] : []), ...tail].join('\n')
}

/** Pages the build-sites output reports for `slug` (its per-site line, else the "Done: N pages" line). */
export function parsePages(output: string, slug: string): number | undefined {
  const text = output.replace(ansi, '')
  const escaped = slug.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const site = text.match(new RegExp(`\\s${escaped}\\s+(\\d+) pages\\b`))
  const done = text.match(/Done: (\d+) pages\b/)
  const pages = Number(site?.[1] ?? done?.[1])
  return Number.isFinite(pages) ? pages : undefined
}

/** The folder that holds scripts/build-sites.ts: the repo root, or (if a bundler moved this module) the nearest one above the cwd. */
export function buildRoot(): string {
  const has = (dir: string) => fs.existsSync(path.join(dir, 'scripts', 'build-sites.ts'))
  if (has(repoRoot)) return repoRoot
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (has(dir)) return dir
    if (path.dirname(dir) === dir) return repoRoot
  }
}

export interface ProcessBuilderOptions {
  /** Command and arguments; default `<this node> tsx/dist/cli.mjs scripts/build-sites.ts --district <slug>`. */
  command?: (districtSlug: string) => { command: string; args: string[] }
  cwd?: string
  /** Base environment; default process.env (without test-runner variables), with NODE_ENV=production. */
  env?: NodeJS.ProcessEnv
  /** Kill the build after this long; default SITE_REBUILD_TIMEOUT_MS or 15 min. */
  timeoutMs?: number
  /** Keep at most this much output in memory; default 256 KiB. */
  maxOutputBytes?: number
}

/** Vite's own import.meta.env names: a test runner puts BASE_URL=/ … into process.env, which would override Astro's `base`. */
export const viteEnvKeys = ['TEST', 'BASE_URL', 'MODE', 'DEV', 'PROD', 'SSR']

/** The environment a build child gets: the server's, minus test-runner variables, as a production build. */
export function buildEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  // They never mean anything to a site build, so they are always dropped.
  const viteKeys = new Set(viteEnvKeys)
  const env: Record<string, string | undefined> = {}
  for (const [key, value] of Object.entries(base)) {
    if (key === 'NODE_ENV' || key.startsWith('VITEST') || viteKeys.has(key)) continue
    env[key] = value
  }
  // A production build: no dev schema push from the child, production React in islands.
  env.NODE_ENV = 'production'
  // Builds only read the database; the CMS owns the schema (see cms/database.ts).
  env.PAYLOAD_DB_PUSH = '0'
  env.ASTRO_TELEMETRY_DISABLED = '1'
  return env as NodeJS.ProcessEnv
}

/** The default builder: `tsx scripts/build-sites.ts --district <slug>` as a child process. */
export function processBuilder(options: ProcessBuilderOptions = {}): Builder {
  const timeoutMs = options.timeoutMs ?? envNumber('SITE_REBUILD_TIMEOUT_MS', 15 * 60_000)
  const maxOutput = options.maxOutputBytes ?? 256 * 1024
  return (slug) =>
    new Promise<BuildResult>((resolve) => {
      if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) {
        resolve({ ok: false, output: `Refusing to build district "${slug}": not a valid slug` })
        return
      }
      // The same Node binary as this process, running tsx's CLI directly: going through npx
      // costs about a second per build, and a bare `tsx` could pick up an older system Node.
      const { command, args } = options.command?.(slug) ?? {
        command: process.execPath,
        args: [path.join(buildRoot(), 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'scripts/build-sites.ts', '--district', slug],
      }
      let output = ''
      const append = (chunk: Buffer | string) => {
        output += chunk.toString()
        if (output.length > maxOutput) output = output.slice(-maxOutput)
      }
      let child: ReturnType<typeof spawn>
      try {
        child = spawn(command, args, {
          cwd: options.cwd ?? buildRoot(),
          env: options.env ?? buildEnv(),
          stdio: ['ignore', 'pipe', 'pipe'],
          // Own process group, so a timeout can stop npx, tsx, astro and their children together.
          detached: process.platform !== 'win32',
        })
      } catch (error) {
        resolve({ ok: false, output: `Could not start ${command}: ${(error as Error).message}` })
        return
      }
      const kill = (signal: NodeJS.Signals) => {
        try {
          if (child.pid && process.platform !== 'win32') process.kill(-child.pid, signal)
          else child.kill(signal)
        } catch {
          // already gone
        }
      }
      let timedOut = false
      let forceKill: NodeJS.Timeout | undefined
      const timer = setTimeout(() => {
        timedOut = true
        append(`\n[rebuild] build of ${slug} killed after ${timeoutMs} ms\n`)
        kill('SIGTERM')
        forceKill = setTimeout(() => kill('SIGKILL'), 5000)
        forceKill.unref()
      }, timeoutMs)
      timer.unref()
      child.stdout?.on('data', append)
      child.stderr?.on('data', append)
      let settled = false
      const finish = (ok: boolean) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        if (forceKill && ok) clearTimeout(forceKill)
        resolve({ ok, output, pages: ok ? parsePages(output, slug) : undefined })
      }
      child.on('error', (error) => {
        append(`\n[rebuild] could not run ${command}: ${error.message}\n`)
        finish(false)
      })
      child.on('close', (code, signal) => {
        if (code !== 0 && !timedOut) append(`\n[rebuild] ${command} ${args.join(' ')} exited with ${code ?? signal}\n`)
        finish(code === 0 && !timedOut)
      })
    })
}

export interface WorkerBuilderOptions {
  /** Kill a build (and its worker) after this long; default SITE_REBUILD_TIMEOUT_MS or 15 min. */
  timeoutMs?: number
  /** A worker is replaced after this many builds, so memory cannot creep; default 50. */
  buildsPerWorker?: number
  /** Keep at most this much output per build; default 256 KiB. */
  maxOutputBytes?: number
}

type Worker = { child: ChildProcess; builds: number; output: string; onReply?: (reply: { type: string; outcome?: WorkerOutcome }) => void; onExit?: (code: number | null) => void }
type WorkerOutcome = { ok: boolean; pages: number; seconds: number; error?: string }

/**
 * The default builder: warm build workers (`scripts/build-sites.ts --worker`, forked on first use
 * and kept), each with Payload and Astro loaded, building one district at a time in-process — a
 * rebuild then costs the build itself, not starting Node, Payload and Vite again (≈ 6 s of the
 * first minute-scale numbers). A worker that crashes or times out is replaced on the next build.
 */
export function workerBuilder(options: WorkerBuilderOptions = {}): Builder & { close: () => void; prewarm: () => Promise<void> } {
  const timeoutMs = options.timeoutMs ?? envNumber('SITE_REBUILD_TIMEOUT_MS', 15 * 60_000)
  const buildsPerWorker = options.buildsPerWorker ?? 50
  const maxOutput = options.maxOutputBytes ?? 256 * 1024
  const idle: Worker[] = []
  const all = new Set<Worker>()
  /** A worker being started ahead of time (prewarm), taken by the first build that needs one. */
  let warming: Promise<Worker | undefined> | undefined

  const start = (): Promise<Worker> =>
    new Promise((resolve, reject) => {
      const root = buildRoot()
      // spawn with an IPC channel rather than fork(): the admin's bundler treats fork's path as a module to bundle.
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build-sites.ts', '--worker'], {
        cwd: root,
        env: buildEnv(),
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      })
      const worker: Worker = { child, builds: 0, output: '' }
      const append = (chunk: Buffer) => {
        worker.output += chunk.toString()
        if (worker.output.length > maxOutput) worker.output = worker.output.slice(-maxOutput)
      }
      child.stdout?.on('data', append)
      child.stderr?.on('data', append)
      child.on('message', (reply: { type: string; outcome?: WorkerOutcome }) => {
        if (reply.type === 'ready') resolve(worker)
        else worker.onReply?.(reply)
      })
      child.on('exit', (code) => {
        all.delete(worker)
        const at = idle.indexOf(worker)
        if (at >= 0) idle.splice(at, 1)
        if (worker.onExit) worker.onExit(code)
        else reject(new Error(`the build worker exited with ${code} while starting:\n${logTail(worker.output)}`))
      })
      child.on('error', reject)
      all.add(worker)
    })

  const builder = async (slug: string): Promise<BuildResult> => {
    if (!/^[a-z0-9][a-z0-9-]*$/.test(slug)) return { ok: false, output: `Refusing to build district "${slug}": not a valid slug` }
    let worker: Worker
    try {
      // The prewarmed worker goes to exactly one build; one that died meanwhile is not used.
      const pending = idle.length ? undefined : warming
      if (pending) warming = undefined
      const warmed = await pending
      worker = (warmed?.child.connected ? warmed : undefined) ?? idle.pop() ?? (await start())
    } catch (error) {
      return { ok: false, output: (error as Error).message }
    }
    worker.output = ''
    return new Promise<BuildResult>((resolve) => {
      const finish = (result: BuildResult, reusable: boolean) => {
        clearTimeout(timer)
        worker.onReply = undefined
        worker.onExit = undefined
        if (reusable && ++worker.builds < buildsPerWorker) idle.push(worker)
        else if (worker.child.connected) worker.child.disconnect()
        resolve(result)
      }
      const timer = setTimeout(() => {
        worker.onExit = () => {}
        worker.child.kill('SIGKILL')
        finish({ ok: false, output: `${worker.output}\n[rebuild] build of ${slug} killed after ${timeoutMs} ms\n` }, false)
      }, timeoutMs)
      timer.unref()
      worker.onReply = ({ outcome }) => {
        if (!outcome) return
        const output = outcome.ok ? worker.output : `${worker.output}\n${outcome.error ?? 'the build failed'}\n`
        finish({ ok: outcome.ok, output, pages: outcome.ok ? outcome.pages : undefined }, true)
      }
      worker.onExit = (code) => finish({ ok: false, output: `${worker.output}\n[rebuild] the build worker exited with ${code} while building ${slug}\n` }, false)
      worker.child.send({ type: 'rebuild', slug })
    })
  }
  return Object.assign(builder, {
    /** Starts a worker ahead of the first build (it loads Payload and Astro once: ≈ 5 s saved on that build). */
    prewarm: async () => {
      if (all.size || warming) return
      // A failed start is not reported here: the first build starts another and reports what went wrong.
      warming = start().catch(() => undefined)
      await warming
    },
    /** Lets the workers go (each finishes what it is building, then exits). */
    close: () => {
      for (const worker of all) if (worker.child.connected) worker.child.disconnect()
      idle.length = 0
    },
  })
}

const shanghaiTime = (date: Date) => date.toLocaleString('sv-SE', { timeZone: 'Asia/Shanghai', hour12: false })

/** Summarises the triggers of one build for the `trigger` field. */
export function summarizeTriggers(triggers: string[], maxLength = 1000): string {
  const shown: string[] = []
  let length = 0
  for (const trigger of triggers) {
    if (length + trigger.length > maxLength && shown.length) break
    shown.push(trigger)
    length += trigger.length + 1
  }
  const rest = triggers.length - shown.length
  return shown.join('；') + (rest > 0 ? `；…等共 ${triggers.length} 项` : '')
}

export interface PayloadRecorderOptions {
  /** Records kept per district; older ones are deleted after each finished build. Default 200; 0 keeps all. */
  keepPerDistrict?: number
}

/** Records builds in the `site-builds` collection (overrideAccess: nobody may write it through the API). */
export function payloadRecorder(ref: PayloadRef, options: PayloadRecorderOptions = {}): BuildRecorder {
  const keep = options.keepPerDistrict ?? 200
  const ids = new Map<number, number | string>()
  let warned = false
  return async (build) => {
    const payload = resolvePayload(ref)
    if (!payload) return
    if (!payload.collections['site-builds' as never]) {
      if (!warned) payload.logger.warn('Site rebuilds are not recorded: the site-builds collection is not registered')
      warned = true
      return
    }
    const collection = 'site-builds' as never
    const data = {
      status: build.status,
      trigger: build.trigger,
      startedAt: build.startedAt?.toISOString() ?? null,
      finishedAt: build.finishedAt?.toISOString() ?? null,
      durationMs: build.durationMs ?? null,
      pages: build.pages ?? null,
      logTail: build.logTail ?? null,
    }
    const existing = ids.get(build.seq)
    if (existing !== undefined) {
      await payload.update({ collection, id: existing, data: data as never, overrideAccess: true, depth: 0 })
    } else {
      const found = await payload.find({
        collection: 'districts',
        where: { slug: { equals: build.district } },
        limit: 1,
        depth: 0,
        overrideAccess: true,
        pagination: false,
      })
      const district = found.docs[0]
      const created = await payload.create({
        collection,
        data: {
          ...data,
          title: `${district?.name ?? build.district}（${build.district}）${shanghaiTime(build.queuedAt)}`,
          district: district?.id ?? null,
        } as never,
        overrideAccess: true,
        depth: 0,
      })
      ids.set(build.seq, (created as { id: number | string }).id)
    }
    if (build.status === 'succeeded' || build.status === 'failed') {
      ids.delete(build.seq)
      if (keep > 0) await prune(payload, build.district, keep)
    }
  }
}

async function prune(payload: Payload, slug: string, keep: number) {
  const district = (
    await payload.find({ collection: 'districts', where: { slug: { equals: slug } }, limit: 1, depth: 0, overrideAccess: true })
  ).docs[0]
  if (!district) return
  const collection = 'site-builds' as never
  const where = { district: { equals: district.id } }
  const oldestKept = await payload.find({ collection, where, sort: '-createdAt', limit: 1, page: keep, depth: 0, overrideAccess: true })
  const cutoff = (oldestKept.docs[0] as { createdAt?: string } | undefined)?.createdAt
  if (!cutoff || oldestKept.totalDocs <= keep) return
  await payload.delete({
    collection,
    where: { and: [where, { createdAt: { less_than: cutoff } }, { status: { in: ['succeeded', 'failed'] } }] } as never,
    overrideAccess: true,
    depth: 0,
  })
}

type Slot = {
  /** The next build of this district, collecting requests (debouncing or waiting for a free runner). */
  pending?: SiteBuildState
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
  private readonly build: Builder
  private readonly recorder?: BuildRecorder
  private readonly payloadRef?: PayloadRef
  private readonly explicitLogger?: RebuildLogger
  private readonly logLines: number
  private readonly slots = new Map<string, Slot>()
  private readonly readyQueue: string[] = []
  private readonly recordChains = new Map<number, Promise<void>>()
  private running = 0
  private seq = 0
  private stopped = false
  private waiters: (() => void)[] = []

  constructor(options: RebuildQueueOptions = {}) {
    this.build = options.build ?? workerBuilder()
    this.debounceMs = options.debounceMs ?? envNumber('SITE_REBUILD_DEBOUNCE_MS', 500)
    this.maxWaitMs = Math.max(this.debounceMs, options.maxWaitMs ?? Math.max(30_000, this.debounceMs * 10))
    this.concurrency = Math.max(1, Math.floor(options.concurrency ?? envNumber('SITE_BUILD_CONCURRENCY', Math.min(2, os.availableParallelism()))) || 1)
    this.payloadRef = options.payload
    this.recorder = options.record ?? (options.payload ? payloadRecorder(options.payload) : undefined)
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
  request(districtSlugs: string[], trigger: string): void {
    if (this.stopped) return
    const now = Date.now()
    const slugs = [...new Set(districtSlugs.filter((s) => typeof s === 'string' && s.length > 0))]
    for (const slug of slugs) {
      let slot = this.slots.get(slug)
      if (!slot) this.slots.set(slug, (slot = { firstRequestAt: now, lastRequestAt: now, ready: false }))
      // The first district named is the edited item's own: its site goes live first; the ancestors'
      // (which list the item) build after it, rather than competing with it for the CPU.
      slot.after = slug === slugs[0] ? undefined : slugs[0]
      if (!slot.pending) {
        slot.pending = { seq: ++this.seq, district: slug, status: 'queued', trigger: '', triggers: [], queuedAt: new Date(now) }
        slot.firstRequestAt = now
        slot.pending.triggers.push(trigger)
        slot.pending.trigger = summarizeTriggers(slot.pending.triggers)
        this.record(slot.pending)
      } else if (!slot.pending.triggers.includes(trigger)) {
        slot.pending.triggers.push(trigger)
        slot.pending.trigger = summarizeTriggers(slot.pending.triggers)
      }
      slot.lastRequestAt = now
      // While it builds, the follow-up is scheduled when the build ends; once ready, it waits for a runner.
      if (!slot.running && !slot.ready) this.schedule(slug, slot)
    }
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

  /**
   * Stops taking requests, cancels builds that have not started (recorded as
   * failed, "cancelled") and waits for running builds to finish.
   */
  async stop(): Promise<void> {
    this.stopped = true
    for (const slot of this.slots.values()) {
      if (slot.timer) clearTimeout(slot.timer)
      slot.timer = undefined
      slot.ready = false
      if (slot.pending) {
        const build = slot.pending
        slot.pending = undefined
        build.status = 'failed'
        build.finishedAt = new Date()
        build.error = 'cancelled: the rebuild queue was stopped'
        build.logTail = '已取消：服务停止 / Cancelled: the rebuild queue was stopped before this build started'
        this.record(build)
      }
    }
    this.readyQueue.length = 0
    await this.idle()
    ;(this.build as Partial<{ close: () => void }>).close?.()
  }

  private schedule(slug: string, slot: Slot) {
    if (slot.timer) clearTimeout(slot.timer)
    const now = Date.now()
    const delay = Math.max(0, Math.min(slot.lastRequestAt + this.debounceMs, slot.firstRequestAt + this.maxWaitMs) - now)
    slot.timer = setTimeout(() => {
      slot.timer = undefined
      if (this.stopped || !slot.pending) return this.settle()
      slot.ready = true
      this.readyQueue.push(slug)
      this.pump()
    }, delay)
  }

  private pump() {
    while (this.running < this.concurrency) {
      const index = this.readyQueue.findIndex((slug) => !this.waitsForAnother(slug))
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
    slot.ready = false
    slot.after = undefined
    slot.running = build
    this.running++
    build.status = 'running'
    build.startedAt = new Date()
    this.record(build)
    this.logger.info(`Rebuilding district site ${slug} (${build.trigger})`)
    let result: BuildResult
    try {
      result = await this.build(slug)
    } catch (error) {
      result = { ok: false, output: (error as Error)?.stack ?? String(error) }
    }
    build.finishedAt = new Date()
    build.durationMs = Math.max(1, build.finishedAt.getTime() - build.startedAt.getTime())
    build.status = result.ok ? 'succeeded' : 'failed'
    build.pages = result.pages
    build.logTail = logTail(result.output ?? '', this.logLines)
    if (result.ok) {
      this.logger.info(`District site ${slug} rebuilt: ${result.pages ?? '?'} pages in ${(build.durationMs / 1000).toFixed(1)} s`)
    } else {
      build.error = firstErrorLine(result.output ?? '') ?? 'build failed'
      this.logger.error(
        `District site ${slug} failed to rebuild (the live site was left unchanged): ${build.error}\n${build.logTail}`,
      )
    }
    this.record(build)
    slot.running = undefined
    this.running--
    if (slot.pending && !this.stopped) this.schedule(slug, slot)
    this.pump()
  }

  /** Records a snapshot; calls for one build run in order, and a failing recorder never stops the queue. */
  private record(build: SiteBuildState) {
    if (!this.recorder) return
    const snapshot: SiteBuildState = { ...build, triggers: [...build.triggers] }
    const previous = this.recordChains.get(build.seq) ?? Promise.resolve()
    const next = previous
      .then(() => this.recorder!(snapshot))
      .catch((error: unknown) => {
        this.logger.error(`Could not record the build of district site ${build.district}: ${(error as Error)?.message ?? error}`)
      })
    this.recordChains.set(build.seq, next)
    void next.then(() => {
      if (this.recordChains.get(build.seq) === next) this.recordChains.delete(build.seq)
      this.settle()
    })
  }

  private isIdle(): boolean {
    if (this.running > 0 || this.readyQueue.length > 0 || this.recordChains.size > 0) return false
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

function firstErrorLine(output: string): string | undefined {
  const lines = output.replace(ansi, '').split('\n').map((l) => l.trim())
  return (
    lines.find((l) => /Media files referenced by pages are missing/.test(l)) ??
    lines.find((l) => /FAILED|Error:/.test(l)) ??
    lines.filter(Boolean).at(-1)
  )?.slice(0, 500)
}

// ---------------------------------------------------------------------------
// The process-wide queue. Next.js may evaluate this module more than once, so
// the queue lives on globalThis.

const globalKey = Symbol.for('dangjian.cms.siteRebuildQueue')
type Holder = { queue?: RebuildQueue; installed: boolean; payload?: Payload }
const holder = (): Holder => {
  const g = globalThis as unknown as Record<symbol, Holder | undefined>
  return (g[globalKey] ??= { installed: false })
}

/** True when SITE_AUTO_REBUILD=1 or a queue was installed. */
export function rebuildActive(): boolean {
  return Boolean(holder().queue) || process.env.SITE_AUTO_REBUILD === '1'
}

/**
 * The process-wide rebuild queue, or undefined when automatic rebuilds are off
 * (SITE_AUTO_REBUILD is not "1" and no queue was installed). With
 * SITE_AUTO_REBUILD=1 the first call creates a queue that records into
 * `site-builds` through the most recently seen `payload`.
 */
export function rebuildQueue(payload?: Payload): RebuildQueue | undefined {
  const h = holder()
  if (payload) h.payload = payload
  if (h.queue) return h.queue
  if (process.env.SITE_AUTO_REBUILD !== '1') return undefined
  const build = workerBuilder()
  h.queue = new RebuildQueue({ payload: () => h.payload, build })
  h.installed = false
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
