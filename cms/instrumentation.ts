/**
 * Next.js calls register() once when the admin server starts. Initialising
 * Payload here (rather than on the first request) starts its job runner at
 * once, so scheduled publishing and the nightly rebuild run even if nobody
 * has opened the admin since the server started, and a site build worker is
 * ready before the first publish. It also installs the handlers that stop the
 * server promptly on SIGTERM/SIGINT.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const [{ getPayload }, { default: config }] = await Promise.all([import('payload'), import('@payload-config')])
  const payload = await getPayload({ config })
  // SIGTERM/SIGINT stop this server within seconds, builds and jobs included (./publishing/shutdown.ts).
  const { stopOnSignals } = await import('./publishing/shutdown')
  stopOnSignals(payload)
  // With SITE_AUTO_REBUILD=1 this creates the rebuild queue now, which starts a warm build worker.
  const { rebuildQueue } = await import('./publishing/rebuildQueue')
  rebuildQueue(payload)
  // With PREVIEW_PREWARM=1 (set by `npm start`) the preview renderer starts now: the first 预览 is then not a cold start.
  if (process.env.PREVIEW_PREWARM === '1') {
    const { prewarmPreviewRenderer } = await import('./preview/renderer')
    prewarmPreviewRenderer()
  }
  if (process.env.PAYLOAD_JOBS_AUTORUN === '1') {
    // This is the process that runs jobs: jobs its previous run left half-done are its own.
    const { recoverInterruptedJobs } = await import('./publishing/jobRecovery')
    await recoverInterruptedJobs(payload)
    payload.logger.info('Job runner started: scheduled publishing and nightly site rebuilds are active')
  }
}
