/**
 * `npm start`: the whole product on the embedded default.
 *  1. checks the database (one-line error if DATABASE_URI is bad or unreachable),
 *  2. syncs the schema, creates the first admin, seeds demo content if empty,
 *  3. builds the district sites (dist/<district>/) from the published content,
 *  4. builds the admin (Next) when its sources changed,
 *  5. serves the admin and the district sites, printing every URL.
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { repoRoot } from '../cms/database'
import { ConfigError } from '../cms/env'
import { ensureFirstAdmin } from '../cms/seed/firstAdmin'
import { seed } from '../cms/seed'
import { ensureAdminBuilt } from './lib/admin-build'
import { openPayload } from './lib/payload'
import { serveStatic } from './lib/static-server'

process.env.NEXT_TELEMETRY_DISABLED = '1'
const port = Number(process.env.PORT ?? 3000)
const sitesPort = Number(process.env.SITES_PORT ?? 4321)
const startedAt = Date.now()
const seconds = () => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`

const payload = await openPayload()
const admin = await ensureFirstAdmin(payload).catch((error: Error) => {
  if (!(error instanceof ConfigError)) throw error
  console.error(`Error: ${error.message}`)
  process.exit(2)
})
const { totalDocs: districts } = await payload.count({ collection: 'districts', overrideAccess: true })
if (districts === 0) await seed(payload)
else console.log(`Content present (${districts} districts); skipping seed. Run \`npm run seed\` to add missing demo records.`)
await payload.destroy()

console.log(`Building the district sites … [${seconds()}]`)
const sitesBuild = spawnSync('tsx', ['scripts/build-sites.ts'], {
  stdio: ['ignore', 'inherit', 'inherit'],
  cwd: repoRoot,
  env: { ...process.env, SITE_ORIGIN: process.env.SITE_ORIGIN ?? `http://localhost:${sitesPort}` },
})
if (sitesBuild.status !== 0) console.error('Warning: some district sites failed to build (see above); serving what was built.')
const sitesDir = path.join(repoRoot, process.env.SITES_OUT_DIR || 'dist')
const builtSites = fs.existsSync(sitesDir)
  ? fs.readdirSync(sitesDir).filter((name) => !name.startsWith('.') && fs.existsSync(path.join(sitesDir, name, 'index.html')))
  : []

try {
  ensureAdminBuilt((line) => console.log(`${line} [${seconds()}]`))
} catch (error) {
  console.error(`Error: ${(error as Error).message}`)
  process.exit(1)
}

const sites = await serveStatic(sitesDir, { port: sitesPort, host: '0.0.0.0' })
const server = spawn('next', ['start', 'cms', '-p', String(port)], {
  stdio: ['ignore', 'pipe', 'inherit'],
  cwd: repoRoot,
  // The admin server runs scheduled jobs (publish/unpublish) and rebuilds sites after publishing.
  env: { ...process.env, PAYLOAD_JOBS_AUTORUN: '1', SITE_AUTO_REBUILD: '1', SITE_ORIGIN: process.env.SITE_ORIGIN ?? `http://localhost:${sitesPort}` },
})
server.stdout.on('data', (chunk: Buffer) => {
  const text = chunk.toString()
  process.stdout.write(text)
  if (/Ready in|started server/i.test(text)) {
    console.log(`\n  CMS admin:  http://localhost:${port}/admin    (ready after ${seconds()})`)
    console.log(`  REST API:   http://localhost:${port}/api/news`)
    console.log(`  District sites (${builtSites.length}): ${sites.url}/`)
    for (const slug of builtSites) console.log(`    ${sites.url}/${slug}/`)
    if (admin.created && admin.password) console.log(`  First admin created: ${admin.email} / ${admin.password}  (dev default — set ADMIN_EMAIL/ADMIN_PASSWORD to choose your own)`)
    else if (admin.created) console.log(`  First admin created from ADMIN_EMAIL: ${admin.email}`)
    console.log('')
  }
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal))
server.on('exit', async (code) => {
  await sites.close()
  process.exit(code ?? 0)
})
