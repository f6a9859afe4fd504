/** The soak's memory figures (bench/soak.ts): growth of each process after the warm-up, against the goal. */
import type { WorkerMemory } from '../cms/publishing/buildWorkers'

/** Issue 14's goal: at most this much growth after the warm-up, for the server and the workers. */
export const goalMB = 100

export type SoakSample = {
  ops: number
  saves: number
  rebuilds: number
  seconds: number
  serverMB?: number
  workersMB: Record<string, number>
}
export type SoakGrowth = { process: string; warmupMB: number; finalMB: number; peakMB: number; growthMB: number; met: boolean }

/** Per process: RSS at the first sample after the warm-up (or its first sample, for a worker started later), at the end, its peak. */
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
