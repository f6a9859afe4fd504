/**
 * The warm build workers of the rebuild queue: `scripts/build-sites.ts --worker` processes, each
 * with Payload and Astro loaded, building one district at a time in-process — a rebuild then costs
 * the build itself, not starting Node, Payload and Vite again (≈ 6 s).
 *
 * Nothing a worker does can leave a build without an end:
 *  - one timeout (SITE_REBUILD_TIMEOUT_MS, 15 min) covers the whole build, waiting for the worker
 *    to start included; when it passes, the worker is killed and the build fails;
 *  - a worker that exits, is killed or loses its IPC channel fails its build at once;
 *  - an idle worker must answer a ping before it gets a build: one that hung meanwhile is replaced;
 *  - either way the result says `workerLost`, so the queue builds the district again, and a worker
 *    that had been working is replaced at once (a warm one is ready for the next build).
 *
 * Nor can a worker's memory creep: each build leaves 20–35 MB behind in Astro's bundler (rolldown's
 * native binding keeps each build's modules alive; upstream, see README Performance). A worker whose
 * memory after a build exceeds what it had after its warm-up (its first two builds, which load and
 * compile what every later build reuses) by more than its budget (SITE_BUILD_WORKER_MEMORY_MB,
 * default 64 MB) is retired, and its replacement starts at once, while nothing waits for it — a
 * publish still finds a warm worker.
 */
import { spawn, type ChildProcess } from 'node:child_process'

import type { SiteBuildOutcome, WorkerReply, WorkerRequest } from '../../shared/buildWorkerProtocol'
import { logTail } from './buildOutput'
import { buildEnv, buildRoot } from './buildProcess'
import { envNumber } from '../../shared/env'
import { buildTimeoutMs, type Builder, type BuildResult, type RebuildLogger } from './buildTypes'

export interface WorkerBuilderOptions {
  /** Fail a build (and kill its worker) after this long, starting the worker included; default SITE_REBUILD_TIMEOUT_MS or 15 min. */
  timeoutMs?: number
  /** A worker is replaced after this many builds whatever its memory; default 50. */
  buildsPerWorker?: number
  /** A worker is replaced once its memory after a build exceeds that after its warm-up builds by more than this; default SITE_BUILD_WORKER_MEMORY_MB or 64. */
  memoryBudgetMB?: number
  /** Keep at most this much output per build; default 256 KiB. */
  maxOutputBytes?: number
  /** An idle worker must answer a ping within this long before it gets a build, else it is replaced; default 10 s. */
  pingTimeoutMs?: number
  logger?: RebuildLogger
}

type Worker = {
  child: ChildProcess
  /** Resolves when the worker has Payload and Astro loaded; rejects if it dies first. */
  ready: Promise<void>
  wasReady: boolean
  builds: number
  /** Resident memory after its warm-up builds: the base its budget is counted from. */
  warmMB?: number
  /** Resident memory after its latest build. */
  lastMB?: number
  output: string
  /** Let go by the pool (retired, closed or killed): its exit is no loss. */
  released: boolean
  onOutcome?: (outcome: SiteBuildOutcome) => void
  onGone?: (reason: string) => void
  onPong?: () => void
}

export type WorkerPool = Builder & {
  close: () => void
  kill: () => Promise<void>
  /** Starts a worker ahead of the first build (it loads Payload and Astro once: ≈ 5 s saved on that build). */
  prewarm: () => Promise<void>
  /** Process ids of the live workers (tests, diagnostics). */
  pids: () => number[]
  /** Memory of the live workers and of the last 100 retired ones, after their first and latest builds (benchmarks, diagnostics). */
  memory: () => WorkerMemory[]
}

export type WorkerMemory = { pid: number; builds: number; warmMB?: number; lastMB?: number; retired: boolean }

const validSlug = /^[a-z0-9][a-z0-9-]*$/
/** The first builds of a worker load and compile what later ones reuse (≈ 250 → 700–850 MB for a big district): its budget counts from after them. */
const warmupBuilds = 2

export function workerBuilder(options: WorkerBuilderOptions = {}): WorkerPool {
  const timeoutMs = options.timeoutMs ?? buildTimeoutMs()
  const buildsPerWorker = options.buildsPerWorker ?? 50
  const memoryBudgetMB = options.memoryBudgetMB ?? envNumber('SITE_BUILD_WORKER_MEMORY_MB', 64)
  const maxOutput = options.maxOutputBytes ?? 256 * 1024
  const pingTimeoutMs = options.pingTimeoutMs ?? 10_000
  const log = options.logger ?? { info: (m: string) => console.log(m), error: (m: string) => console.error(m) }
  const all = new Set<Worker>()
  const idle: Worker[] = []
  /** A started worker no build has taken yet (prewarm, or the replacement of a lost one). */
  let spare: Worker | undefined
  let closed = false
  const retiredMemory: WorkerMemory[] = []
  const memoryOf = (worker: Worker, retired: boolean): WorkerMemory => ({
    pid: worker.child.pid ?? 0,
    builds: worker.builds,
    warmMB: worker.warmMB,
    lastMB: worker.lastMB,
    retired,
  })

  const release = (worker: Worker, signal?: NodeJS.Signals) => {
    worker.released = true
    if (signal) worker.child.kill(signal)
    else if (worker.child.connected) worker.child.disconnect() // the worker exits at once when its channel closes
    // One that does not go by itself is made to.
    if (!signal)
      setTimeout(() => worker.child.exitCode === null && worker.child.signalCode === null && worker.child.kill('SIGKILL'), 10_000).unref()
  }

  const spawnWorker = (): Worker => {
    // spawn with an IPC channel rather than fork(): the admin's bundler treats fork's path as a module to bundle.
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build-sites.ts', '--worker'], {
      cwd: buildRoot(),
      env: buildEnv(),
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    let ready!: () => void
    let failed!: (error: Error) => void
    const worker: Worker = {
      child,
      ready: new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject))),
      wasReady: false,
      builds: 0,
      output: '',
      released: false,
    }
    worker.ready.catch(() => {}) // a build waiting for it reports the failure
    const append = (chunk: Buffer) => {
      worker.output += chunk.toString()
      if (worker.output.length > maxOutput) worker.output = worker.output.slice(-maxOutput)
    }
    child.stdout?.on('data', append)
    child.stderr?.on('data', append)
    child.on('message', (reply: WorkerReply) => {
      if (reply.type === 'ready') {
        worker.wasReady = true
        ready()
      } else if (reply.type === 'pong') worker.onPong?.()
      else if (reply.type === 'done') {
        if (typeof reply.rssMB === 'number') {
          worker.lastMB = reply.rssMB
          if (worker.builds + 1 === warmupBuilds) worker.warmMB = reply.rssMB
        }
        worker.onOutcome?.(reply.outcome)
      }
    })
    const gone = (reason: string) => {
      if (!all.delete(worker)) return
      const at = idle.indexOf(worker)
      if (at >= 0) idle.splice(at, 1)
      if (spare === worker) spare = undefined
      failed(new Error(`the build worker ${reason} while starting:\n${logTail(worker.output)}`))
      worker.onGone?.(reason)
      if (worker.released) return
      if (!worker.child.killed && worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL')
      log.error(`Site build worker ${child.pid ?? '?'} ${reason}`)
      // Replace a worker that had been working; one that never started would only fail again.
      if (worker.wasReady && !closed) void prewarm()
    }
    child.on('exit', (code, signal) => gone(`(pid ${child.pid ?? '?'}) exited with ${code ?? signal}`))
    // A dying worker also loses its channel: give its exit (the better reason) a moment to arrive.
    child.on('disconnect', () => setTimeout(() => gone(`(pid ${child.pid ?? '?'}) lost its IPC channel`), 500).unref())
    child.on('error', (error) => gone(`could not run: ${error.message}`))
    all.add(worker)
    return worker
  }

  /** Whether a worker answers a ping in time (one stopped or stuck since its last build does not). */
  const answers = (worker: Worker) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), pingTimeoutMs)
      worker.onPong = () => {
        clearTimeout(timer)
        resolve(true)
      }
      worker.child.send({ type: 'ping' } satisfies WorkerRequest, (error) => error && resolve(false))
    }).finally(() => (worker.onPong = undefined))

  /** An idle worker that answers, else the spare one, else a new one. */
  const take = async (): Promise<Worker> => {
    for (;;) {
      const worker = idle.pop() ?? spare
      if (worker === spare) spare = undefined
      if (!worker) return spawnWorker()
      if (!all.has(worker) || !worker.child.connected) continue
      if (!worker.wasReady) return worker // still starting: the build's timeout covers it
      if (await answers(worker)) return worker
      log.error(`Site build worker ${worker.child.pid ?? '?'} did not answer within ${pingTimeoutMs} ms: killed and replaced`)
      release(worker, 'SIGKILL')
    }
  }

  const builder = (async (slug: string): Promise<BuildResult> => {
    if (!validSlug.test(slug)) return { ok: false, output: `Refusing to build district "${slug}": not a valid slug` }
    if (closed) return { ok: false, output: '[rebuild] the build workers were shut down' }
    const worker = await take()
    worker.output = ''
    return new Promise<BuildResult>((resolve) => {
      let settled = false
      const finish = (result: BuildResult, reusable: boolean) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        worker.onOutcome = undefined
        worker.onGone = undefined
        const worn = ++worker.builds >= buildsPerWorker || overBudget(worker)
        if (reusable && !closed && !worn) idle.push(worker)
        else if (all.has(worker)) {
          release(worker)
          if (reusable && worn) startReplacement(worker)
        }
        resolve(result)
      }
      const lost = (reason: string) =>
        finish({ ok: false, output: `${worker.output}\n[rebuild] ${reason} while building ${slug}\n`, workerLost: true }, false)
      const timer = setTimeout(() => {
        release(worker, 'SIGKILL')
        lost(`the build worker (pid ${worker.child.pid ?? '?'}) was killed: no result after ${timeoutMs} ms`)
      }, timeoutMs)
      timer.unref()
      worker.onGone = (reason) => lost(`the build worker ${reason}`)
      worker.onOutcome = (outcome) => {
        const output = outcome.ok ? worker.output : `${worker.output}\n${outcome.error ?? 'the build failed'}\n`
        finish({ ok: outcome.ok, output, pages: outcome.ok ? outcome.pages : undefined }, true)
      }
      worker.ready.then(
        () => {
          if (settled) return
          worker.child.send({ type: 'rebuild', slug } satisfies WorkerRequest, (error) => {
            if (!error) return
            release(worker, 'SIGKILL')
            lost(`could not hand the build to its worker (${error.message})`)
          })
        },
        (error: Error) => lost(error.message),
      )
    })
  }) as WorkerPool

  const overBudget = (worker: Worker) =>
    worker.builds > warmupBuilds &&
    worker.warmMB !== undefined &&
    worker.lastMB !== undefined &&
    worker.lastMB - worker.warmMB > memoryBudgetMB

  /** A retired worker's successor starts now, while nothing waits for it. */
  const startReplacement = (retired: Worker) => {
    retiredMemory.push(memoryOf(retired, true))
    if (retiredMemory.length > 100) retiredMemory.shift()
    log.info(
      `Site build worker ${retired.child.pid ?? '?'} retired after ${retired.builds} builds (${retired.warmMB ?? '?'} → ${retired.lastMB ?? '?'} MB); a new one is starting`,
    )
    if (!closed && !spare) spare = spawnWorker()
  }

  const prewarm = async () => {
    if (closed || spare || idle.length) return
    // A failed start is not reported here: the next build starts another and reports what went wrong.
    const worker = (spare = spawnWorker())
    await worker.ready.catch(() => undefined)
  }
  builder.prewarm = prewarm
  builder.memory = () => [...retiredMemory, ...[...all].filter((w) => !w.released).map((w) => memoryOf(w, false))]
  builder.pids = () => [...all].map((w) => w.child.pid).filter((pid): pid is number => typeof pid === 'number')
  /** Lets the workers go: idle ones now, busy ones when their build ends. */
  builder.close = () => {
    closed = true
    for (const worker of [...idle, ...(spare ? [spare] : [])]) release(worker)
    idle.length = 0
    spare = undefined
  }
  /** Kills every worker now (shutdown): their builds fail and are abandoned to their staging folders. */
  builder.kill = async () => {
    closed = true
    const exited = [...all].map(
      (worker) =>
        new Promise<void>((resolve) =>
          worker.child.exitCode !== null || worker.child.signalCode !== null ? resolve() : worker.child.once('exit', () => resolve()),
        ),
    )
    for (const worker of all) release(worker, 'SIGKILL')
    await Promise.race([Promise.all(exited), new Promise((resolve) => setTimeout(resolve, 2000).unref())])
  }
  return builder
}
