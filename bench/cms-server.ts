/**
 * The admin server (`next start cms`) on the benchmark dataset, for the REST
 * measurements: started on a free loopback port with this process's
 * DATABASE_URI, and stopped with its whole process group.
 */
import { spawn } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'

import { ensureAdminBuilt } from '../scripts/lib/admin-build'
import { nextStartArgs } from '../scripts/lib/next-server'
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

/** `pgid`: the process group of `next start` (bench/procs.ts `serverPid` finds its server process in it). */
export async function startCms(extraEnv: Record<string, string> = {}): Promise<{ url: string; pgid: number; stop: () => Promise<void> }> {
  const port = await freePort()
  const next = path.join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next')
  // As `npm start` starts it (idle connections kept 65 s: see scripts/lib/next-server.ts).
  const child = spawn(process.execPath, [next, ...nextStartArgs(port, '127.0.0.1')], {
    cwd: repoRoot,
    // No jobs and no rebuilds: the server only answers requests while it is measured.
    env: { ...process.env, NODE_ENV: 'production', PAYLOAD_DB_PUSH: '0', PAYLOAD_JOBS_AUTORUN: '0', SITE_AUTO_REBUILD: '0', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  // Only the tail is kept (for a failed start): a long run logs a line per admin publish.
  let output = ''
  const take = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000))
  child.stdout.on('data', take)
  child.stderr.on('data', take)
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
  return { url, pgid: child.pid!, stop }
}
