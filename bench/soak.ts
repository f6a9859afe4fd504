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
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'

import { repoRoot } from '../shared/paths'
import type { WorkerMemory } from '../cms/publishing/buildWorkers'
import { buildWorkerPids, rssMB, serverPid } from './procs'
import { goalMB, growthTable, workerGrowth, type SoakGrowth, type SoakSample } from './soak-growth'
import { runSaves, signIn, type SaveStats, type SoakClient } from './soak-saves'
import { password, prepareData, prepareUsers } from './soak-setup'

export { growthTable, workerGrowth, type SoakGrowth, type SoakSample } from './soak-growth'

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
