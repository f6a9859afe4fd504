/**
 * The rebuild queue's writes of build records: the snapshots of one build are recorded in order
 * (queued → running → succeeded), builds do not wait for each other, and a failing recorder is
 * logged, never thrown — recording must not stop the queue.
 */
import type { BuildRecorder, SiteBuildState } from './buildTypes'

export class OrderedRecords {
  private readonly chains = new Map<number, Promise<void>>()

  constructor(
    private readonly recorder: BuildRecorder | undefined,
    private readonly logError: (message: string) => void,
    /** Called after each record is written (the queue may have become idle). */
    private readonly onWritten: () => void,
  ) {}

  record(build: SiteBuildState): void {
    const recorder = this.recorder
    if (!recorder) return
    const snapshot: SiteBuildState = { ...build, triggers: [...build.triggers] }
    const previous = this.chains.get(build.seq) ?? Promise.resolve()
    const next = previous
      .then(() => recorder(snapshot))
      .catch((error: unknown) => {
        this.logError(`Could not record the build of district site ${build.district}: ${(error as Error)?.message ?? error}`)
      })
    this.chains.set(build.seq, next)
    void next.then(() => {
      if (this.chains.get(build.seq) === next) this.chains.delete(build.seq)
      this.onWritten()
    })
  }

  /** True while a record is being written. */
  get busy(): boolean {
    return this.chains.size > 0
  }

  /** Resolves when every record asked for so far is written (or failed). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.chains.values()])
  }
}
