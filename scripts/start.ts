/**
 * `npm start`: the whole product on the embedded default.
 *  1. checks the database (one-line error if DATABASE_URI is bad or unreachable),
 *  2. syncs the schema, creates the first admin, seeds demo content if empty,
 *  3. builds the admin (Next) when its sources changed, and serves it.
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

import { repoRoot } from '../cms/database'
import { ensureFirstAdmin } from '../cms/seed/firstAdmin'
import { seed } from '../cms/seed'
import { openPayload } from './lib/payload'

process.env.NEXT_TELEMETRY_DISABLED = '1'
const port = Number(process.env.PORT ?? 3000)
const cmsDir = path.join(repoRoot, 'cms')
const startedAt = Date.now()
const seconds = () => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`

const payload = await openPayload()
const admin = await ensureFirstAdmin(payload)
const { totalDocs: districts } = await payload.count({ collection: 'districts', overrideAccess: true })
if (districts === 0) await seed(payload)
else console.log(`Content present (${districts} districts); skipping seed. Run \`npm run seed\` to add missing demo records.`)
await payload.destroy()

/** Newest modification time under a folder, ignoring build output. */
function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.next' || entry.name === 'node_modules') continue
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs)
  }
  return newest
}

const buildId = path.join(cmsDir, '.next', 'BUILD_ID')
const sourcesChanged =
  !fs.existsSync(buildId) ||
  Math.max(newestMtime(cmsDir), newestMtime(path.join(repoRoot, 'shared'))) > fs.statSync(buildId).mtimeMs
if (sourcesChanged) {
  console.log(`Building the admin (next build, about a minute) … [${seconds()}]`)
  const result = spawnSync('next', ['build', 'cms'], { stdio: ['ignore', 'inherit', 'inherit'], cwd: repoRoot, env: process.env })
  if (result.status !== 0) {
    console.error('Error: the admin build failed (see the output above).')
    process.exit(1)
  }
}

const server = spawn('next', ['start', 'cms', '-p', String(port)], { stdio: ['ignore', 'pipe', 'inherit'], cwd: repoRoot, env: process.env })
server.stdout.on('data', (chunk: Buffer) => {
  const text = chunk.toString()
  process.stdout.write(text)
  if (/Ready in|started server/i.test(text)) {
    console.log(`\n  CMS admin:  http://localhost:${port}/admin    (ready after ${seconds()})`)
    console.log(`  REST API:   http://localhost:${port}/api/news`)
    if (admin.created && admin.password) console.log(`  First admin created: ${admin.email} / ${admin.password}  (dev default — set ADMIN_EMAIL/ADMIN_PASSWORD to choose your own)`)
    else if (admin.created) console.log(`  First admin created from ADMIN_EMAIL: ${admin.email}`)
    console.log('')
  }
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal))
server.on('exit', (code) => process.exit(code ?? 0))
