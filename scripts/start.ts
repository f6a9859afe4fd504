/**
 * `npm start`: the whole product on the embedded default.
 *  1. checks the database (one-line error if DATABASE_URI is bad or unreachable),
 *  2. syncs the schema, creates the first admin, seeds demo content if empty,
 *  3. builds the district sites (dist/<district>/) from the published content,
 *  4. builds the admin (Next) when its sources changed,
 *  5. serves the admin and the district sites, printing every URL.
 * SIGINT/SIGTERM stop it within 8 s at any step (scripts/lib/supervise.ts): the signal goes on to
 * the child at work (the CMS server stops its builds and jobs itself, cms/publishing/shutdown.ts),
 * which is killed if it has not exited after 7 s.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { repoRoot } from '../cms/database'
import { ConfigError } from '../cms/env'
import { ensureFirstAdmin } from '../cms/seed/firstAdmin'
import { seed } from '../cms/seed'
import { scrubActionLogs } from '../cms/review/actionLogScrub'
import { ensureAdminBuiltAsync } from './lib/admin-build'
import { nextStartArgs } from './lib/next-server'
import { openPayload } from './lib/payload'
import { serveStatic, type StaticServer } from './lib/static-server'
import { supervise } from './lib/supervise'

process.env.NEXT_TELEMETRY_DISABLED = '1'
const port = Number(process.env.PORT ?? 3000)
const sitesPort = Number(process.env.SITES_PORT ?? 4321)
const startedAt = Date.now()
const seconds = () => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`
let sites: StaticServer | undefined
const children = supervise({ graceMs: 7000, onStop: () => sites?.close() })

const payload = await openPayload()
const admin = await ensureFirstAdmin(payload).catch((error: Error) => {
  if (!(error instanceof ConfigError)) throw error
  console.error(`Error: ${error.message}`)
  process.exit(2)
})
const { totalDocs: districts } = await payload.count({ collection: 'districts', overrideAccess: true })
if (districts === 0) await seed(payload)
else console.log(`Content present (${districts} districts); skipping seed. Run \`npm run seed\` to add missing demo records.`)
// Log entries written before they kept only the actor's id and name (idempotent; usually changes nothing).
const scrubbed = await scrubActionLogs(payload)
if (scrubbed > 0) console.log(`Review and co-publishing logs: ${scrubbed} document(s)/version(s) cleaned of e-mail addresses.`)
await payload.destroy()

console.log(`Building the district sites … [${seconds()}]`)
const sitesBuild = children.watch(
  // One process (tsx as a loader, not its CLI, which would be a second one to stop).
  spawn(process.execPath, ['--import', 'tsx', 'scripts/build-sites.ts'], {
    stdio: ['ignore', 'inherit', 'inherit'],
    cwd: repoRoot,
    env: { ...process.env, SITE_ORIGIN: process.env.SITE_ORIGIN ?? `http://localhost:${sitesPort}` },
  }),
)
if ((await children.exited(sitesBuild)) !== 0)
  console.error('Warning: some district sites failed to build (see above); serving what was built.')
const sitesDir = path.join(repoRoot, process.env.SITES_OUT_DIR || 'dist')
const builtSites = fs.existsSync(sitesDir)
  ? fs.readdirSync(sitesDir).filter((name) => !name.startsWith('.') && fs.existsSync(path.join(sitesDir, name, 'index.html')))
  : []

try {
  await ensureAdminBuiltAsync((line) => console.log(`${line} [${seconds()}]`), children.watch)
} catch (error) {
  console.error(`Error: ${(error as Error).message}`)
  process.exit(1)
}

sites = await serveStatic(sitesDir, { port: sitesPort, host: '0.0.0.0' })
const server = children.watch(
  // Idle connections are kept 65 s, not Node's 5 s (reset while the server was busy: scripts/lib/next-server.ts).
  spawn('next', nextStartArgs(port), {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: repoRoot,
    env: {
      ...process.env,
      // The admin server runs scheduled jobs (publish/unpublish) and rebuilds sites after publishing.
      PAYLOAD_JOBS_AUTORUN: '1',
      SITE_AUTO_REBUILD: '1',
      // The preview renderer starts with the server, so the first 预览 does not wait for it (cms/preview/).
      PREVIEW_PREWARM: process.env.PREVIEW_PREWARM ?? '1',
      SITE_ORIGIN: process.env.SITE_ORIGIN ?? `http://localhost:${sitesPort}`,
      // Next's own SIGTERM handler waits for every open request; the server's own (cms/publishing/shutdown.ts) does not.
      NEXT_MANUAL_SIG_HANDLE: '1',
    },
  }),
)
server.stdout.on('data', (chunk: Buffer) => {
  const text = chunk.toString()
  process.stdout.write(text)
  if (/Ready in|started server/i.test(text)) {
    console.log(`\n  CMS admin:  http://localhost:${port}/admin    (ready after ${seconds()})`)
    console.log(`  REST API:   http://localhost:${port}/api/news`)
    console.log(`  District sites (${builtSites.length}): ${sites!.url}/`)
    for (const slug of builtSites) console.log(`    ${sites!.url}/${slug}/`)
    if (admin.created && admin.password)
      console.log(
        `  First admin created: ${admin.email} / ${admin.password}  (dev default — set ADMIN_EMAIL/ADMIN_PASSWORD to choose your own)`,
      )
    else if (admin.created) console.log(`  First admin created from ADMIN_EMAIL: ${admin.email}`)
    console.log('')
  }
})
// The server ended by itself (a crash): so does `npm start`, with its code. (A stop is supervise's.)
server.on('exit', async (code, signal) => {
  await sites?.close()
  process.exit(code ?? (signal === 'SIGINT' ? 130 : 143))
})
