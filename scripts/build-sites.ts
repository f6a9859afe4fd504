/**
 * `npm run build:sites [-- --district <slug>]`: one static site per district
 * that has published content, into `dist/<slug>/` (or SITES_OUT_DIR), plus an
 * index page listing them (scripts/lib/site-build.ts does the building).
 *
 *  - `--district <slug>`: that district only, in this process (its site is taken
 *    down when the district has no published content any more);
 *  - no flag: every district, handed out to build workers (this script with
 *    `--worker`, one per core up to 2 or SITE_BUILD_CONCURRENCY), biggest first;
 *  - `--worker`: a build worker, driven over IPC by the above or by the CMS's
 *    rebuild queue (cms/publishing/buildWorkers.ts): builds what it is sent,
 *    one at a time, with Payload and Astro kept loaded between builds, and
 *    exits as soon as its parent lets go of it or dies.
 */
import { fork } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import {
  buildDistrictSite,
  describeError,
  districtsWithContent,
  formatOutcome,
  outRoot,
  prepareBuildProcess,
  rebuildDistrict,
  writeSitesIndex,
} from './lib/site-build'
import { assertDeploymentOrigin } from './lib/site-origin'
import { ConfigError } from '../cms/env'
import type { Site, WorkerReply, WorkerRequest } from '../shared/buildWorkerProtocol'

const args = process.argv.slice(2)
const only = args.includes('--district') ? args[args.indexOf('--district') + 1] : undefined
const started = performance.now()

// Before anything is opened: a deployment build with a local or missing SITE_ORIGIN stops in one line.
try {
  assertDeploymentOrigin()
} catch (error) {
  if (!(error instanceof ConfigError)) throw error
  console.error(`Error: ${error.message}`)
  process.exit(2)
}

if (args.includes('--worker')) {
  const source = await prepareBuildProcess()
  const reply = (message: WorkerReply) =>
    void process.send!(message.type === 'done' ? { ...message, rssMB: Math.round(process.memoryUsage.rss() / 1024 / 1024) } : message)
  let queue: Promise<void> = Promise.resolve()
  process.on('message', (request: WorkerRequest) => {
    // The pool checks an idle worker is alive before handing it a build.
    if (request.type === 'ping') return reply({ type: 'pong' })
    // One build at a time: Astro reads its configuration from process.env.
    queue = queue
      .then(async () => {
        if (request.type === 'rebuild') return reply({ type: 'done', outcome: await rebuildDistrict(source, request.slug) })
        const t0 = performance.now()
        try {
          const pages = await buildDistrictSite(request.site, request.allSlugs)
          reply({ type: 'done', outcome: { slug: request.site.slug, ok: true, pages, seconds: (performance.now() - t0) / 1000 } })
        } catch (error) {
          reply({
            type: 'done',
            outcome: {
              slug: request.site.slug,
              ok: false,
              pages: 0,
              seconds: (performance.now() - t0) / 1000,
              error: describeError(error),
            },
          })
        }
      })
      // A reply that could not be sent must not stop every later build of this worker.
      .catch((error: unknown) => console.error(`build worker: ${describeError(error)}`))
  })
  // The parent let go (finished, shutting down, or gone): exit now. Parents only let go of a worker
  // that is not building; one that died leaves the build to be abandoned in its staging folder,
  // which the next build sweeps (sweepInterruptedBuilds).
  process.on('disconnect', () => process.exit(0))
  reply({ type: 'ready' })
} else if (only) {
  const source = await prepareBuildProcess()
  const outcome = await rebuildDistrict(source, only)
  if (!outcome.ok) {
    console.error(`  ${only}: FAILED — ${outcome.error}`)
    process.exit(1)
  }
  if (outcome.pages) console.log(formatOutcome(only, outcome))
  process.exit(0)
} else {
  const source = await prepareBuildProcess()
  const sites = await districtsWithContent(source)
  const allSlugs = sites.map((s) => s.slug)
  const concurrency = Math.max(
    1,
    Math.min(sites.length, Number(process.env.SITE_BUILD_CONCURRENCY) || Math.min(2, os.availableParallelism())),
  )
  console.log(
    `Building ${sites.length} district site(s) into ${path.relative(process.cwd(), outRoot()) || outRoot()}/ (${concurrency} worker(s))`,
  )
  const queue = [...sites]
  let failures = 0
  let totalPages = 0
  const worker = () =>
    new Promise<void>((resolve) => {
      const child = fork(fileURLToPath(import.meta.url), ['--worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
      let current: Site | undefined
      const next = () => {
        current = queue.shift()
        if (current) child.send({ type: 'build', site: current, allSlugs } satisfies WorkerRequest)
        else child.disconnect()
      }
      child.on('message', (message: WorkerReply) => {
        if (message.type === 'done') {
          const { outcome } = message
          if (outcome.ok) {
            totalPages += outcome.pages
            console.log(formatOutcome(current!.name, outcome))
          } else {
            failures++
            console.error(`  ${current!.name} ${outcome.slug}: FAILED — ${outcome.error}`)
          }
        }
        next()
      })
      child.on('exit', (code) => {
        // A worker that died mid-build fails its district; the others go on.
        if (current && code !== 0) {
          failures++
          console.error(`  ${current.name} ${current.slug}: FAILED — the build worker exited with ${code}`)
        }
        resolve()
      })
    })
  await Promise.all(Array.from({ length: concurrency }, worker))
  // Workers that could not even start leave districts unbuilt: those failed too.
  for (const site of queue.splice(0)) {
    failures++
    console.error(`  ${site.name} ${site.slug}: FAILED — no build worker was left to build it`)
  }
  writeSitesIndex(sites)
  const seconds = (performance.now() - started) / 1000
  console.log(
    `Done: ${totalPages} pages in ${seconds.toFixed(1)} s (${(totalPages / seconds).toFixed(1)} pages/s)${failures ? `, ${failures} site(s) failed` : ''}`,
  )
  process.exit(failures ? 1 : 0)
}
