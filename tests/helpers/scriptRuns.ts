/**
 * The backup suite's way of running the npm scripts: as an operator's shell or cron would, while
 * something listens on PORT (as the running CMS does), with the checks every run gets.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

import { expect } from 'vitest'

import { repoRoot } from '../../shared/paths'
import { shellEnv } from './build'

export type Run = { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; ms: number }

/**
 * Something listening on PORT, as the running CMS does while an operator backs up: a script that
 * connected to it and kept the connection (Payload's development HMR socket did) never exited.
 * It accepts connections and never answers, like a server that does not speak WebSocket there.
 */
export const busyPort = net.createServer((socket) => socket.on('error', () => {}))
await new Promise<void>((resolve) => busyPort.listen(0, resolve))
const port = String((busyPort.address() as net.AddressInfo).port)

/**
 * Runs one of the scripts as an operator's shell or cron would (no test-runner environment), against
 * the given database and media folder. A script that has not exited on its own after `limitMs` is
 * killed: `signal` is then set.
 */
export function run(
  script: 'backup' | 'restore' | 'seed' | 'build-sites',
  args: string[],
  env: { db: string; media: string; extra?: Record<string, string> },
  limitMs = 120_000,
): Promise<Run> {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn('npx', ['tsx', `scripts/${script}.ts`, ...args], {
      cwd: repoRoot,
      env: shellEnv({ PORT: port, DATABASE_URI: `file:${env.db}`, MEDIA_DIR: env.media, ...env.extra }),
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: npx, tsx and the script are killed together if it hangs.
      detached: true,
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => (stdout += chunk))
    child.stderr.on('data', (chunk) => (stderr += chunk))
    const timer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), limitMs)
    child.on('close', (status, signal) => {
      clearTimeout(timer)
      resolve({ status, signal, stdout, stderr, ms: Date.now() - started })
    })
  })
}
/** The script ended by itself, with code 0, well before it would have been killed. */
export function expectExitedOnItsOwn(result: Run) {
  expect(result.signal, `still running after ${result.ms} ms, killed:\n${result.stdout.slice(-2000)}`).toBeNull()
  expect(result.status, result.stdout + result.stderr).toBe(0)
  expect(result.ms).toBeLessThan(120_000)
}
/** stderr without npm's own notices. */
export const errorLines = (r: Run) => r.stderr.split('\n').filter((line) => line.trim() && !line.startsWith('npm warn'))

/** sha256 of every file under `dir`, by its path relative to it. */
export function hashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true }) : []) {
    const file = path.join(dir, String(name))
    if (fs.statSync(file).isFile()) out[String(name)] = createHash('sha256').update(fs.readFileSync(file)).digest('hex')
  }
  return out
}
