/**
 * `npm run bench:soak [-- --saves 20000] [-- --rebuilds 200] [-- --quick] [-- --no-recycle]`: does memory stay bounded?
 *
 * On a copy of the benchmark dataset (bench/.data/quick, generated when missing; `--data <dir>`
 * for another), a real `next start` takes N saves of news through REST — create, draft update,
 * publish and unpublish, in several districts, from one admin and one district editor per district,
 * 4 at a time — while this process runs M consecutive rebuilds of two other districts through the
 * rebuild queue's warm build workers (two at a time, one per worker; workers are retired over their
 * memory budget as in the product — `--no-recycle` keeps each one for all its builds, to see the
 * upstream growth per build). Every 1,000 operations (saves + rebuilds) it prints the RSS of the
 * CMS server (the `next-server` process of `next start`'s process group) and of each build worker;
 * at the end a table with the growth after a warm-up of 1,000 operations of the server, of the
 * largest worker at each sample, and of each worker when there are few. Goal (issue 14): ≤ 100 MB
 * growth after the warm-up, for the server and the workers.
 *
 * `--quick` is 2,000 saves and 10 rebuilds (CI). `--json <file>` also writes the result there;
 * standalone, the result goes to bench/results.json (results.quick.json with --quick) as `soak`.
 * It reports; it does not fail on slow answers: errors are counted and shown.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

import Database from 'libsql'

import { repoRoot } from '../shared/paths'
import type { WorkerMemory } from '../cms/publishing/buildWorkers'
import { buildWorkerPids, rssMB, serverPid } from './procs'
import { runSaves, signIn, type SaveStats, type SoakClient } from './soak-saves'

export type SoakSample = {
  ops: number
  saves: number
  rebuilds: number
  seconds: number
  serverMB?: number
  workersMB: Record<string, number>
}
export type SoakGrowth = { process: string; warmupMB: number; finalMB: number; peakMB: number; growthMB: number; met: boolean }
export type SoakResult = {
  saves: number
  rebuilds: number
  rebuildFailures: number
  seconds: number
  /** saves per second while the saves ran */
  savesPerSecond: number
  /** load average of the machine (1 min) at the start and the end */
  loadAverage: [number, number]
  saveLatencyMs: { p50: number; p95: number }
  byKind: SaveStats['byKind']
  errors: Record<string, number>
  /** the first answer of each kind of error */
  errorSamples: Record<string, string>
  warmupOps: number
  samples: SoakSample[]
  growth: SoakGrowth[]
  /** Each build worker's memory after its warm-up builds and its last build, in the order they were started. */
  workers?: WorkerMemory[]
}

const password = 'soak-bench-password-1'
const goalMB = 100

/** Copies the dataset's database (its media are only read: shared) to a folder of its own. */
function prepareData(sourceDir: string, workDir: string, log: (line: string) => void) {
  if (!fs.existsSync(path.join(sourceDir, 'cms.db'))) {
    log(`  no dataset in ${path.relative(repoRoot, sourceDir)}/: generating the quick one …`)
    const tsx = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs')
    const generated = spawnSync(process.execPath, [tsx, 'bench/generate.ts', '--quick', '--out', sourceDir], {
      cwd: repoRoot,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
    if (generated.status !== 0) throw new Error('generating the quick dataset failed')
  }
  fs.rmSync(workDir, { recursive: true, force: true })
  fs.mkdirSync(workDir, { recursive: true })
  // Through SQLite, not a file copy: the dataset may be open (its write-ahead log not yet folded in).
  const source = new Database(path.join(sourceDir, 'cms.db'), { readonly: true })
  try {
    source.exec(`VACUUM INTO '${path.join(workDir, 'cms.db').replaceAll("'", "''")}'`)
  } finally {
    source.close()
  }
}

/** An admin and one district editor for each of `count` 街道/镇, as the seed would (Local API). */
async function prepareUsers(count: number, avoid: string[]) {
  const { getPayload } = await import('payload')
  const { default: config } = await import('../cms/payload.config')
  const payload = await getPayload({ config })
  try {
    const { docs } = await payload.find({
      collection: 'districts',
      where: { parent: { exists: true } },
      depth: 0,
      pagination: false,
      sort: 'id',
      overrideAccess: true,
    })
    const districts = docs
      .filter((d) => !avoid.includes(d.slug))
      .slice(0, count)
      .map((d) => ({ id: d.id as number, name: d.name as string }))
    const users: { email: string; districts: typeof districts; editor: boolean }[] = [
      { email: 'soak-admin@soak.test', districts, editor: false },
    ]
    for (const [i, d] of districts.entries()) users.push({ email: `soak-editor-${i}@soak.test`, districts: [d], editor: true })
    for (const user of users) {
      const roles = user.editor ? ['district-editor'] : ['admin']
      await payload.create({
        collection: 'users',
        data: { email: user.email, password, name: user.email.split('@')[0], roles, districts: user.districts.map((d) => d.id) } as never,
        overrideAccess: true,
      })
    }
    return users
  } finally {
    await payload.destroy()
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!) : NaN

export async function runSoak({
  saves,
  rebuilds,
  dataDir,
  warmupOps = 1000,
  recycle = true,
  log = console.log,
}: {
  saves: number
  rebuilds: number
  dataDir: string
  warmupOps?: number
  /** Retire workers over their memory budget, as the product does (default); false keeps each for all its builds. */
  recycle?: boolean
  log?: (line: string) => void
}): Promise<SoakResult> {
  const workDir = path.join(repoRoot, 'bench', '.data', 'soak')
  const buildDistricts = ['xinhong', 'jingansi']
  prepareData(dataDir, workDir, log)
  // The server, the workers and this process all work on the copy.
  process.env.DATABASE_URI = `file:${path.join(workDir, 'cms.db')}`
  process.env.MEDIA_DIR = path.join(dataDir, 'media')
  process.env.SITES_OUT_DIR = path.join(workDir, 'dist')
  process.env.PAYLOAD_SECRET ||= 'benchmark-only-secret'
  process.env.NEXT_TELEMETRY_DISABLED = '1'
  process.env.ASTRO_TELEMETRY_DISABLED = '1'
  const users = await prepareUsers(3, buildDistricts)

  const { ensureCmsBuilt, startCms } = await import('./cms-server')
  await ensureCmsBuilt(log)
  const cms = await startCms()
  const { RebuildQueue, workerBuilder } = await import('../cms/publishing/rebuildQueue')
  const quiet = { info: () => {}, error: (m: string) => log(`  [rebuild] ${m.split('\n')[0]}`) }
  // --no-recycle: each worker's memory over all of its builds is what is measured.
  const pool = workerBuilder(
    recycle ? { logger: quiet } : { buildsPerWorker: rebuilds + 1, memoryBudgetMB: Number.MAX_SAFE_INTEGER, logger: quiet },
  )
  let rebuildFailures = 0
  const queue = new RebuildQueue({
    build: pool,
    record: (b) => void (b.status === 'failed' && rebuildFailures++),
    debounceMs: 0,
    concurrency: 2,
    logger: quiet,
  })
  try {
    const server = serverPid(cms.pgid)
    if (!server) throw new Error('no CMS server process found in the process group of next start')
    const clients: SoakClient[] = []
    for (const user of users)
      clients.push({
        label: user.email,
        authorization: await signIn(cms.url, user.email, password),
        districts: user.districts,
        editor: user.editor,
      })
    log(
      `  CMS server pid ${server}: ${rssMB(server)} MB after start; ${clients.length} clients (1 admin, ${clients.length - 1} editors) saving in ${users[0]!.districts.map((d) => d.name).join('、')}; rebuilding ${buildDistricts.join(', ')}`,
    )

    const started = performance.now()
    const loadAtStart = os.loadavg()[0]!
    let savesSeconds = 0
    const samples: SoakSample[] = []
    let savesDone = 0
    let rebuildsDone = 0
    let nextSampleAt = 1000
    const sample = () => {
      const workersMB: Record<string, number> = {}
      for (const pid of buildWorkerPids()) {
        const mb = rssMB(pid)
        if (mb !== undefined) workersMB[pid] = mb
      }
      const s: SoakSample = {
        ops: savesDone + rebuildsDone,
        saves: savesDone,
        rebuilds: rebuildsDone,
        seconds: (performance.now() - started) / 1000,
        serverMB: rssMB(server),
        workersMB,
      }
      samples.push(s)
      const workers =
        Object.entries(workersMB)
          .map(([pid, mb]) => `worker ${pid} ${mb} MB`)
          .join(', ') || 'no worker'
      log(
        `  ${String(s.ops).padStart(6)} ops (${s.saves} saves, ${s.rebuilds} rebuilds) ${s.seconds.toFixed(0).padStart(5)} s   server ${s.serverMB ?? '—'} MB   ${workers}`,
      )
    }
    const tick = () => {
      if (savesDone + rebuildsDone >= nextSampleAt) {
        nextSampleAt += 1000
        sample()
      }
    }
    sample()

    const rebuildLoop = async () => {
      if (rebuilds > 0) await pool.prewarm()
      while (rebuildsDone < rebuilds) {
        const round = buildDistricts.slice(0, Math.min(2, rebuilds - rebuildsDone))
        for (const slug of round) queue.request([slug], 'soak')
        const before = rebuildsDone
        await queue.idle()
        const built = round.length
        rebuildsDone = before + built
        for (let i = 0; i < built; i++) tick()
      }
    }
    const [saveStats] = await Promise.all([
      runSaves(cms.url, clients, saves, String(Date.now()), () => {
        savesDone++
        tick()
      }).finally(() => (savesSeconds = (performance.now() - started) / 1000)),
      rebuildLoop().catch((error: Error) => log(`  rebuilds stopped: ${error.message}`)),
    ])
    // Settle, then the last sample: what stays resident once the load is over.
    await new Promise((r) => setTimeout(r, 5000))
    sample()
    const seconds = (performance.now() - started) / 1000
    return {
      saves: saveStats.saves,
      rebuilds: rebuildsDone,
      rebuildFailures,
      seconds,
      savesPerSecond: saveStats.saves / savesSeconds,
      loadAverage: [Math.round(loadAtStart * 10) / 10, Math.round(os.loadavg()[0]! * 10) / 10],
      saveLatencyMs: {
        p50: percentile(
          [...saveStats.latencyMs].sort((a, b) => a - b),
          50,
        ),
        p95: percentile(
          [...saveStats.latencyMs].sort((a, b) => a - b),
          95,
        ),
      },
      byKind: saveStats.byKind,
      errors: saveStats.errors,
      errorSamples: saveStats.errorSamples,
      warmupOps,
      samples,
      growth: [...growthTable(samples, warmupOps), ...workerGrowth(pool.memory())],
      workers: pool.memory(),
    }
  } finally {
    await queue.stop()
    pool.close()
    await cms.stop()
  }
}

/** Per process: RSS at the first sample after the warm-up (or its first sample, for a worker started later), at the end, its peak. */
/**
 * Recycled workers live a few builds each, too short for the samples, and each builds whichever
 * district comes next: creep shows as later workers peaking higher than earlier ones. The row
 * compares the highest memory any worker had after a build among the first half of the workers
 * (in the order they were started) with that among the second half.
 */
export function workerGrowth(memory: WorkerMemory[]): SoakGrowth[] {
  const measured = memory.filter((w) => w.lastMB !== undefined && (w.warmMB !== undefined || w.retired))
  if (memory.length <= 2 || measured.length < 2) return []
  const peak = (workers: WorkerMemory[]) => Math.max(...workers.map((w) => Math.max(w.warmMB ?? 0, w.lastMB!)))
  const half = Math.ceil(measured.length / 2)
  const [earlier, later] = [peak(measured.slice(0, half)), peak(measured.slice(half))]
  const retired = memory.filter((w) => w.retired).length
  const growthMB = later - earlier
  return [
    {
      process: `build workers (${memory.length}, ${retired} retired): peak of the first half → of the second half`,
      warmupMB: earlier,
      finalMB: later,
      peakMB: Math.max(earlier, later),
      growthMB,
      met: growthMB <= goalMB,
    },
  ]
}

export function growthTable(samples: SoakSample[], warmupOps: number): SoakGrowth[] {
  const afterWarmup = samples.filter((s) => s.ops >= warmupOps)
  const series: [string, (s: SoakSample) => number | undefined][] = [['CMS server', (s) => s.serverMB]]
  const workerPids = [...new Set(samples.flatMap((s) => Object.keys(s.workersMB)))]
  if (workerPids.length <= 4) for (const pid of workerPids) series.push([`build worker ${pid}`, (s) => s.workersMB[pid]])
  const rows: SoakGrowth[] = []
  for (const [name, value] of series) {
    const seen = (afterWarmup.length > 1 ? afterWarmup : samples).map(value).filter((v): v is number => v !== undefined)
    const all = samples.map(value).filter((v): v is number => v !== undefined)
    if (!seen.length) continue
    const growthMB = seen.at(-1)! - seen[0]!
    rows.push({ process: name, warmupMB: seen[0]!, finalMB: seen.at(-1)!, peakMB: Math.max(...all), growthMB, met: growthMB <= goalMB })
  }
  return rows
}

export function printSoak(r: SoakResult, log = console.log) {
  log(
    `${r.saves} saves (${Object.entries(r.byKind)
      .map(([k, n]) => `${k} ${n}`)
      .join(
        ', ',
      )}) at ${r.savesPerSecond.toFixed(1)} saves/s, p50/p95 ${r.saveLatencyMs.p50}/${r.saveLatencyMs.p95} ms; ${r.rebuilds} rebuilds (${r.rebuildFailures} failed); ${r.seconds.toFixed(0)} s; load average ${r.loadAverage.join(' → ')}`,
  )
  const errors = Object.entries(r.errors)
  if (errors.length) log(`errors: ${errors.map(([k, n]) => `${k} ×${n} (first: ${r.errorSamples?.[k] ?? '?'})`).join('; ')}`)
  log(`| process | RSS after ${r.warmupOps}-op warm-up | final | peak | growth after warm-up | ≤ ${goalMB} MB |`)
  log('| --- | ---: | ---: | ---: | ---: | --- |')
  for (const g of r.growth)
    log(
      `| ${g.process} | ${g.warmupMB} MB | ${g.finalMB} MB | ${g.peakMB} MB | ${g.growthMB >= 0 ? '+' : ''}${g.growthMB} MB | ${g.met ? 'met' : 'NOT met'} |`,
    )
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2)
  const value = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined)
  const quick = args.includes('--quick')
  const saves = Number(value('--saves') ?? (quick ? 2000 : 20_000))
  const rebuilds = Number(value('--rebuilds') ?? (quick ? 10 : 200))
  const dataDir = path.resolve(repoRoot, value('--data') ?? path.join('bench', '.data', 'quick'))
  console.log(`== soak: ${saves} saves through REST and ${rebuilds} rebuilds through the warm build workers`)
  const result = await runSoak({ saves, rebuilds, dataDir, recycle: !args.includes('--no-recycle') })
  printSoak(result)
  const resultsFile = value('--json')
    ? path.resolve(value('--json')!)
    : path.join(repoRoot, 'bench', quick ? 'results.quick.json' : 'results.json')
  const results = value('--json') || !fs.existsSync(resultsFile) ? {} : JSON.parse(fs.readFileSync(resultsFile, 'utf8'))
  results.soak = { ...result, measuredAt: new Date().toISOString() }
  fs.writeFileSync(resultsFile, `${JSON.stringify(value('--json') ? result : results, null, 2)}\n`)
  console.log(`Wrote the soak to ${path.relative(repoRoot, resultsFile)}`)
  process.exit(0)
}
