/** The generator's progress (bench/generate.ts): docs/s every few seconds, per-phase rates and peak memory. */
import { pool, rssNowMB } from './dataset-parts'

export class GenerateProgress {
  readonly started = performance.now()
  /** docs/s per phase (media included) */
  readonly rates: Record<string, number> = {}
  peakRssMB = rssNowMB()
  private done = 0
  private lastReport = this.started
  private lastDone = 0

  constructor(
    private readonly log: (line: string) => void,
    private readonly concurrency: number,
  ) {}

  /** Counts one document; every 3 s prints the current and overall rate and this process's RSS. */
  tick = () => {
    this.done++
    const now = performance.now()
    if (now - this.lastReport >= 3000) {
      const rate = ((this.done - this.lastDone) * 1000) / (now - this.lastReport)
      const rss = rssNowMB()
      this.peakRssMB = Math.max(this.peakRssMB, rss)
      this.log(
        `  … ${this.done} docs, ${rate.toFixed(0)} docs/s now, ${((this.done * 1000) / (now - this.started)).toFixed(0)} docs/s overall, RSS ${rss} MB`,
      )
      this.lastReport = now
      this.lastDone = this.done
    }
  }

  /** Makes `count` documents a few at a time and reports the phase's rate. */
  phase = async (name: string, count: number, make: (i: number) => Promise<unknown>, parallel = this.concurrency) => {
    const t0 = performance.now()
    await pool(count, parallel, make, this.tick)
    const seconds = (performance.now() - t0) / 1000
    this.rates[name] = count / seconds
    this.peakRssMB = Math.max(this.peakRssMB, rssNowMB())
    this.log(
      `  ${name.padEnd(10)} ${String(count).padStart(6)} in ${seconds.toFixed(1).padStart(6)} s = ${(count / seconds).toFixed(1).padStart(6)} docs/s, RSS ${rssNowMB()} MB`,
    )
  }
}
