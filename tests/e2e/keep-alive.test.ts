/**
 * The CMS server does not reset a connection a client reuses while the server is busy (issue 14:
 * `npm run bench -- --quick` got ECONNRESET on the request after its 10-connection run and exited 1).
 *
 * Real `next start` processes on a temp database: one request on a keep-alive connection, then,
 * 4.5 s later (clients reuse a connection for the announced 5 s minus a margin), a second request
 * on it while the server's event loop is blocked for 2.5 s (tests/helpers/blockEventLoop.cjs, as a
 * burst of synchronous SQLite work blocks it) across Node's default 5-s keep-alive deadline.
 * With Node's default the timer closes the socket before the waiting request is read: reset. With
 * the product's start arguments (scripts/lib/next-server.ts) the request is answered.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import net from 'node:net'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { ensureAdminBuilt } from '../../scripts/lib/admin-build'
import { nextStartArgs } from '../../scripts/lib/next-server'
import { repoRoot } from '../../shared/paths'
import { killProcessGroups } from '../helpers/processGroups'
import { shellEnv } from '../helpers/build'
import { startTestCms, type TestCms } from '../helpers/payload'
import { sleep } from '../helpers/rebuilds'

let cms: TestCms
const started: ChildProcess[] = []

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })

/** `next start` with `args` (after `next`), in its own process group, the event-loop blocker preloaded. */
async function startServer(args: (port: number) => string[]): Promise<{ port: number; blockPort: number }> {
  const [port, blockPort] = [await freePort(), await freePort()]
  const child = spawn(process.execPath, [path.join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next'), ...args(port)], {
    cwd: repoRoot,
    env: shellEnv({
      NODE_ENV: 'production',
      PAYLOAD_DB_PUSH: '0',
      PAYLOAD_JOBS_AUTORUN: '0',
      SITE_AUTO_REBUILD: '0',
      NODE_OPTIONS: `--require ${path.join(repoRoot, 'tests', 'helpers', 'blockEventLoop.cjs')}`,
      BLOCK_EVENT_LOOP_PORT: String(blockPort),
    }),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  started.push(child)
  let output = ''
  child.stdout!.on('data', (c) => (output += c))
  child.stderr!.on('data', (c) => (output += c))
  for (const deadline = Date.now() + 120_000; ; await sleep(250)) {
    if (child.exitCode !== null) throw new Error(`next start exited:\n${output.slice(-3000)}`)
    if (Date.now() > deadline) throw new Error(`next start did not answer within 2 minutes:\n${output.slice(-3000)}`)
    const ok = await fetch(`http://127.0.0.1:${port}/api/districts?limit=1&depth=0`).then(
      (r) => r.ok,
      () => false,
    )
    if (ok) return { port, blockPort }
  }
}

const request = 'GET /api/districts?limit=1&depth=0 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n'
const complete = (text: string) => {
  const head = text.indexOf('\r\n\r\n')
  const length = /content-length: (\d+)/i.exec(text)?.[1]
  return head >= 0 && (length ? text.length >= head + 4 + Number(length) : text.endsWith('\r\n0\r\n\r\n'))
}

/** The second request's fate on a reused connection: `answered 200`, `reset (ECONNRESET)` or `closed`. */
async function reuseWhileBlocked({ port, blockPort }: { port: number; blockPort: number }, idleMs = 4500): Promise<string> {
  const socket = net.connect(port, '127.0.0.1')
  await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject))
  let received = ''
  socket.on('data', (chunk) => (received += chunk.toString('latin1')))
  const outcome = new Promise<string>((resolve) => {
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(`reset (${error.code})`))
    socket.on('close', () => resolve(received.startsWith('HTTP/1.1 ') ? `answered ${received.slice(9, 12)}` : 'closed'))
  })
  socket.write(request)
  while (!complete(received)) await sleep(5)
  received = ''
  // The server blocks from 0.5 s before the reuse until 2 s after it, across the 5-s mark.
  await sleep(idleMs - 500)
  net.connect(blockPort, '127.0.0.1').on('error', () => {})
  await sleep(500)
  socket.write(request)
  const answered = (async () => {
    while (!complete(received)) await sleep(5)
    return `answered ${received.slice(9, 12)}`
  })()
  const result = await Promise.race([answered, outcome, sleep(30_000).then(() => 'no answer in 30 s')])
  socket.destroy()
  return result
}

beforeAll(async () => {
  cms = await startTestCms()
  ensureAdminBuilt(() => {})
}, 900_000)

afterAll(async () => {
  killProcessGroups(started)
  await cms?.cleanup()
})

describe('keep-alive connections reused while the CMS server is busy', () => {
  it('with Node’s default 5-s keep-alive the waiting request is reset (what the benchmark hit)', async () => {
    const server = await startServer((port) => ['start', 'cms', '-p', String(port), '-H', '127.0.0.1'])
    expect(await reuseWhileBlocked(server)).not.toBe('answered 200')
  }, 180_000)

  it('the server as the product starts it answers the request', async () => {
    const server = await startServer((port) => nextStartArgs(port, '127.0.0.1'))
    expect(await reuseWhileBlocked(server)).toBe('answered 200')
    // …and again on the same server: it is not a one-off.
    expect(await reuseWhileBlocked(server)).toBe('answered 200')
  }, 180_000)
})
