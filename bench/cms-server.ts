/**
 * The admin server (`next start cms`) on the benchmark dataset, for the REST
 * measurements: started on a free loopback port with this process's
 * DATABASE_URI, and stopped with its whole process group.
 */
import { spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'

import { ensureAdminBuilt } from '../scripts/lib/admin-build'
import { repoRoot } from '../shared/paths'

export const ensureCmsBuilt = ensureAdminBuilt

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })

export async function startCms(extraEnv: Record<string, string> = {}): Promise<{ url: string; stop: () => Promise<void> }> {
  const port = await freePort()
  const next = path.join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next')
  const child = spawn(process.execPath, [next, 'start', 'cms', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: repoRoot,
    // No jobs and no rebuilds: the server only answers requests while it is measured.
    env: { ...process.env, NODE_ENV: 'production', PAYLOAD_DB_PUSH: '0', PAYLOAD_JOBS_AUTORUN: '0', SITE_AUTO_REBUILD: '0', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  child.stdout.on('data', (c) => (output += c))
  child.stderr.on('data', (c) => (output += c))
  const url = `http://127.0.0.1:${port}`
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve()
      child.once('exit', () => resolve())
      try {
        process.kill(-child.pid!, 'SIGTERM')
      } catch {
        resolve()
      }
    })
  const deadline = Date.now() + 120_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${output.slice(-2000)}`)
    try {
      const response = await fetch(`${url}/api/districts?limit=1&depth=0`)
      if (response.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`the CMS did not answer within 2 minutes:\n${output.slice(-2000)}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  return { url, stop }
}
