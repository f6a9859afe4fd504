/**
 * Stopping the product promptly and safely (issue 12, item 5): SIGTERM/SIGINT end it within 10 s
 * whatever is running — site builds in warm workers, saves in flight, a job in progress, and a
 * client that never finishes its request (Next's own handler waited for it for good).
 *
 *  - the CMS server (`next start cms`, which holds the rebuild queue, the workers and the job
 *    runner) on SIGTERM to its own pid: exits within 10 s, leaves no build worker, ends every
 *    build record, releases the job, keeps the live sites;
 *  - `npm start` on Ctrl-C (SIGINT to its process group): every process of the group is gone
 *    within 10 s;
 *  - start.ts's supervisor (scripts/lib/supervise.ts) passes the signal on and kills a child that
 *    ignores it after its grace time, exiting within 10 s.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'

import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { ensureAdminBuilt } from '../../scripts/lib/admin-build'
import { repoRoot } from '../../shared/paths'
import { killProcessGroups } from '../helpers/processGroups'
import { shellEnv } from '../helpers/build'
import { adminUser } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { buildRecords, districtsWithNews, groupPids, processAlive, sleep, workerPids, type SiteFixture } from '../helpers/rebuilds'

let cms: TestCms
let sites: SiteFixture[]
const outDir = () => path.join(cms.dir, 'dist')
const started: ChildProcess[] = []

const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })

/** Spawns in its own process group, collecting output; `exit` resolves with the time it exited. */
function launch(command: string, args: string[], env: Record<string, string>) {
  const child = spawn(command, args, { cwd: repoRoot, env: shellEnv(env), stdio: ['ignore', 'pipe', 'pipe'], detached: true })
  started.push(child)
  let output = ''
  child.stdout!.on('data', (c) => (output += c))
  child.stderr!.on('data', (c) => (output += c))
  const exit = new Promise<{ at: number; code: number | null; signal: string | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ at: Date.now(), code, signal })),
  )
  return { child, exit, output: () => output }
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms: number, output = () => ''): Promise<T> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(200)) {
    const value = await Promise.resolve(probe()).catch(() => undefined)
    if (value) return value
  }
  throw new Error(`timed out waiting for ${what}:\n${output().slice(-3000)}`)
}

/** Signs in over REST and keeps saving the news items (saves in flight) until `stop()`. */
async function keepSaving(url: string) {
  const login = await fetch(`${url}/api/users/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(adminUser),
  })
  const { token } = (await login.json()) as { token: string }
  let running = true
  let round = 0
  const loop = (async () => {
    while (running) {
      round++
      await Promise.allSettled(
        sites.map((site) =>
          fetch(`${url}/api/news/${site.newsId}`, {
            method: 'PATCH',
            headers: { 'Content-Type': 'application/json', Authorization: `JWT ${token}` },
            body: JSON.stringify({ summary: `停止前的修改 ${round}` }),
          }),
        ),
      )
    }
  })()
  return { stop: () => ((running = false), loop) }
}

/** A client that starts an upload and never finishes it: the request stays open. */
function stalledRequest(port: number) {
  const socket = net.connect(port, '127.0.0.1', () =>
    socket.write(
      `POST /api/news HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"title":"`,
    ),
  )
  socket.on('error', () => {})
  return socket
}

beforeAll(async () => {
  cms = await startTestCms()
  await cms.payload.create({ collection: 'users', data: adminUser })
  sites = await districtsWithNews(cms.payload, 'sd', 2)
  ensureAdminBuilt(() => {})
}, 900_000)

afterAll(async () => {
  killProcessGroups(started)
  await cms?.cleanup()
})

describe('stopping with builds and saves in flight', () => {
  it('the CMS server exits within 10 s of SIGTERM, kills its build workers, ends every build record and releases the running job', async () => {
    const port = await freePort()
    const server = launch(
      process.execPath,
      [path.join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', 'cms', '-p', String(port), '-H', '127.0.0.1'],
      {
        NODE_ENV: 'production',
        PAYLOAD_DB_PUSH: '0',
        PAYLOAD_JOBS_AUTORUN: '1',
        SITE_AUTO_REBUILD: '1',
        SITE_REBUILD_DEBOUNCE_MS: '100',
        SITES_OUT_DIR: outDir(),
        // A bare `next start`: Next's own handler is installed too, and waits for the stalled upload for good.
      },
    )
    const url = `http://127.0.0.1:${port}`
    await waitFor('the CMS server', async () => (await fetch(`${url}/api/districts?limit=1`)).ok, 120_000, server.output)

    // A job in progress (marked processing, as the job runner does while it runs one).
    const job = await cms.payload.jobs.queue({
      task: 'schedulePublish',
      input: { type: 'publish', doc: { relationTo: 'news', value: String(sites[0]!.newsId) } } as never,
      waitUntil: new Date(Date.now() + 86_400_000),
    })
    await cms.payload.update({ collection: 'payload-jobs', id: job.id, data: { processing: true } as never })

    const saving = await keepSaving(url)
    const stalled = stalledRequest(port)
    // Builds running in the server's warm workers.
    const workers = await waitFor(
      'a build in a worker',
      async () => {
        const running = (
          await buildRecords(
            cms.payload,
            sites.map((s) => s.districtId),
          )
        ).some((r) => r.status === 'running')
        const pids = workerPids(server.child.pid)
        return running && pids.length ? pids : undefined
      },
      180_000,
      server.output,
    )

    const signalled = Date.now()
    process.kill(server.child.pid!, 'SIGTERM')
    const exited = await Promise.race([server.exit, sleep(30_000).then(() => undefined)])
    const seconds = ((exited?.at ?? Date.now()) - signalled) / 1000
    console.log(`CMS server: SIGTERM → exit in ${seconds.toFixed(2)} s (${workers.length} build worker(s) busy, saves in flight)`)
    expect(exited, server.output().slice(-3000)).toBeDefined()
    expect(seconds).toBeLessThan(10)
    expect(exited!.code).toBe(143)
    await saving.stop()
    stalled.destroy()

    for (const pid of workers) expect(processAlive(pid), `build worker ${pid}`).toBe(false)
    const records = await buildRecords(
      cms.payload,
      sites.map((s) => s.districtId),
    )
    expect(records.filter((r) => r.status === 'queued' || r.status === 'running')).toEqual([])
    expect(records.some((r) => /服务停止/.test(r.logTail ?? ''))).toBe(true)
    expect((await cms.payload.findByID({ collection: 'payload-jobs', id: job.id })).processing).toBe(false)
    // Each site is whole: the previous build or the new one, never half of one.
    for (const site of sites)
      if (fs.existsSync(path.join(outDir(), site.slug))) expect(fs.existsSync(path.join(outDir(), site.slug, 'index.html'))).toBe(true)
  }, 600_000)

  it.each([
    ['Ctrl-C (SIGINT to its process group)', 'SIGINT', true],
    ["a service manager's stop (SIGTERM to npm's pid only)", 'SIGTERM', false],
  ] as const)(
    'npm start: %s ends every process of it within 10 s',
    async (_, signal, wholeGroup) => {
      const [port, sitesPort] = [await freePort(), await freePort()]
      const start = launch('npm', ['start'], {
        PORT: String(port),
        SITES_PORT: String(sitesPort),
        SITES_OUT_DIR: outDir(),
        SITE_REBUILD_DEBOUNCE_MS: '100',
      })
      await waitFor('npm start to serve', () => /CMS admin:/.test(start.output()), 300_000, start.output)
      const url = `http://127.0.0.1:${port}`
      const saving = await keepSaving(url)
      const stalled = stalledRequest(port)
      await waitFor(
        'a build in a worker',
        () => [...new Set(groupPids(start.child.pid!))].some((pid) => workerPids(pid).length > 0),
        180_000,
        start.output,
      )
      const before = groupPids(start.child.pid!)

      const signalled = Date.now()
      process.kill(wholeGroup ? -start.child.pid! : start.child.pid!, signal)
      const gone = await waitFor(
        'the process group to end',
        () => (groupPids(start.child.pid!).length === 0 ? Date.now() : undefined),
        30_000,
        start.output,
      ).catch(() => undefined)
      const seconds = ((gone ?? Date.now()) - signalled) / 1000
      console.log(
        `npm start: ${signal}${wholeGroup ? ' to the group' : ' to npm'} → all ${before.length} processes gone in ${seconds.toFixed(2)} s`,
      )
      await saving.stop()
      stalled.destroy()
      expect(gone, `left: ${groupPids(start.child.pid!).join(', ')}\n${start.output().slice(-3000)}`).toBeDefined()
      expect(seconds).toBeLessThan(10)
      await expect(fetch(`http://127.0.0.1:${sitesPort}/`)).rejects.toThrow()
    },
    900_000,
  )
})

it("start.ts's supervisor passes the signal on, kills a child that ignores it after the grace time and exits within 10 s", async () => {
  const driver = launch(process.execPath, ['--import', 'tsx', 'tests/helpers/supervised.ts'], {})
  const pids = await waitFor('the children', () => /\{.*\}/.exec(driver.output())?.[0], 60_000, driver.output)
  const { stubborn, polite } = JSON.parse(pids) as { stubborn: number; polite: number }
  const signalled = Date.now()
  process.kill(driver.child.pid!, 'SIGTERM')
  await waitFor('the polite child to stop', () => !processAlive(polite), 5000)
  const exited = await Promise.race([driver.exit, sleep(20_000).then(() => undefined)])
  const seconds = ((exited?.at ?? Date.now()) - signalled) / 1000
  expect(exited?.code, driver.output()).toBe(143)
  expect(seconds).toBeGreaterThanOrEqual(7) // it waited the grace time for the stubborn one
  expect(seconds).toBeLessThan(10)
  expect(processAlive(stubborn)).toBe(false)
}, 60_000)
