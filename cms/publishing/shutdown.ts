/**
 * Stopping the CMS server process (SIGTERM from a service manager or from `npm start`, Ctrl-C)
 * within a few seconds whatever is running. Next's own handler first waits for every open request
 * to end — open admin tabs, a save waiting for the database — and once left the server running
 * for over 40 s; `npm start` therefore turns it off (NEXT_MANUAL_SIG_HANDLE) and this takes over:
 *  1. no new scheduled job starts (Payload's job crons stop);
 *  2. the rebuild queue is abandoned: builds not started are cancelled, build workers are killed,
 *     builds in progress stay in their staging folders (swept by the next build) and the live
 *     sites stay as they were — all recorded as failed;
 *  3. jobs marked processing are released, so the next start runs them (cms/publishing/jobRecovery.ts;
 *     a scheduled publish that already took effect is completed instead, never run twice). These
 *     writes queue behind the saves in flight, which thereby get the grace time to commit;
 *  4. the database is closed and the process exits (130 for SIGINT, 143 for SIGTERM).
 * If any of it takes longer than the grace time (SHUTDOWN_GRACE_MS, 5 s), the process exits anyway:
 * what was not released then is released by the next start.
 */
import type { Payload } from 'payload'

import { envNumber } from '../../shared/env'
import { recoverInterruptedJobs } from './jobRecovery'
import { currentRebuildQueue } from './rebuildQueue'

const installedKey = Symbol.for('dangjian.cms.shutdownHandlers')

/** What the shutdown did, for its log line (and tests). */
export type ShutdownReport = { buildsAbandoned: boolean; jobsReleased: number; jobsCompleted: number }

/** Steps 1–4 above, without exiting. */
export async function shutDown(payload: Payload, { releaseJobs = process.env.PAYLOAD_JOBS_AUTORUN === '1' } = {}): Promise<ShutdownReport> {
  for (const cron of payload.crons.splice(0)) cron.stop()
  const queue = currentRebuildQueue()
  await queue?.abandon()
  const jobs = releaseJobs ? await recoverInterruptedJobs(payload) : { released: 0, completed: 0 }
  await payload.db?.destroy?.()
  return { buildsAbandoned: Boolean(queue), jobsReleased: jobs.released, jobsCompleted: jobs.completed }
}

/** Installs the SIGTERM/SIGINT handlers of this server process (once per process). */
export function stopOnSignals(payload: Payload, graceMs = envNumber('SHUTDOWN_GRACE_MS', 5000)): void {
  const g = globalThis as unknown as Record<symbol, boolean | undefined>
  if (g[installedKey]) return
  g[installedKey] = true
  let stopping = false
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return // the same stop, also sent by the parent or the terminal
    stopping = true
    const code = signal === 'SIGINT' ? 130 : 143
    const started = Date.now()
    payload.logger.info(`${signal}: stopping the CMS server (site builds abandoned, running jobs released) …`)
    setTimeout(() => {
      payload.logger.warn(`Shutdown took longer than ${graceMs} ms: exiting now; the next start releases what is left`)
      process.exit(code)
    }, graceMs).unref()
    shutDown(payload)
      .then((report) =>
        payload.logger.info(
          `Stopped in ${Date.now() - started} ms: ${report.jobsReleased} job(s) released, ${report.jobsCompleted} completed`,
        ),
      )
      .catch((error: Error) => payload.logger.error(`Shutdown: ${error.message}`))
      .finally(() => process.exit(code))
  }
  process.on('SIGTERM', stop)
  process.on('SIGINT', stop)
}
