/**
 * Failure safety: a locked database or a full disk during a save gives the editor a clear
 * error and keeps the previous version; a CMS restart in the middle of a scheduled publish
 * neither loses it nor publishes twice; a site build killed midway leaves the live site as it
 * was, and the next build cleans up after it.
 */
import { spawn } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import Database from 'libsql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { paragraphsToLexical } from '../../cms/seed/lexical'
import { htmlFiles } from '../../shared/files'
import { repoRoot } from '../../shared/paths'
import { shellEnv } from '../helpers/build'
import { adminUser, baseFixtures, day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

let cms: TestCms
let fixtures: Awaited<ReturnType<typeof baseFixtures>>
let newsId: number
const dbFile = () => process.env.DATABASE_URI!.replace(/^file:/, '')

beforeAll(async () => {
  process.env.SQLITE_BUSY_TIMEOUT_MS = '300' // wait briefly for a lock, so the test need not wait 10 s
  cms = await startTestCms()
  await cms.payload.create({ collection: 'users', data: adminUser })
  fixtures = await baseFixtures(cms.payload)
  newsId = (
    await cms.payload.create({
      collection: 'news',
      data: {
        title: '原标题',
        slug: 'original',
        district: fixtures.child.id,
        publishedOn: day('2026-11-20'),
        _status: 'published',
        body: paragraphsToLexical('原正文') as never,
      },
    })
  ).id as number
}, 120_000)
afterAll(async () => {
  delete process.env.SQLITE_BUSY_TIMEOUT_MS
  await cms?.cleanup()
})

async function signedIn() {
  const rest = restClient(cms.config)
  await rest.login(adminUser.email, adminUser.password)
  return rest
}

async function expectUnchanged() {
  const stored = await cms.payload.findByID({ collection: 'news', id: newsId, depth: 0 })
  expect(stored.title).toBe('原标题')
  expect(JSON.stringify(stored.body)).toContain('原正文')
  const latest = await cms.payload.findByID({ collection: 'news', id: newsId, depth: 0, draft: true })
  expect(latest.title).toBe('原标题')
}

describe('saving when the database cannot write', () => {
  it('a database locked by another process: 503 with a clear message, previous version kept', async () => {
    const rest = await signedIn()
    const other = new Database(dbFile())
    other.exec('BEGIN IMMEDIATE') // another process holds the write lock
    try {
      const response = await rest.patch(`/news/${newsId}`, { title: '锁定时的修改' })
      expect(response.status).toBe(503)
      expect(response.body.errors[0].message).toMatch(/数据库正忙.*本次修改没有保存/)
    } finally {
      other.exec('ROLLBACK')
      other.close()
    }
    await expectUnchanged()
    expect((await rest.patch(`/news/${newsId}`, { title: '原标题' })).status).toBe(200) // works again once released
  })

  it('a full disk: 507 with a clear message, previous version kept', async () => {
    const rest = await signedIn()
    type Run = { execute: (sql: string) => Promise<{ rows: Record<string, unknown>[] }> }
    const client = (
      cms.payload.db as unknown as { client: Run & { transaction: (mode: string) => Promise<Run & { commit: () => Promise<void> }> } }
    ).client
    // SQLite's own limit on the file's size stands in for a full disk: the next page it needs is refused.
    // The limit is per connection: set it on the one that runs this process's write transactions.
    const onWriteConnection = async (sql: string) => {
      const transaction = await client.transaction('write')
      await transaction.execute(sql)
      await transaction.commit()
    }
    const pages = Number(Object.values((await client.execute('PRAGMA page_count')).rows[0]!)[0])
    await onWriteConnection(`PRAGMA max_page_count = ${pages}`)
    try {
      const response = await rest.patch(`/news/${newsId}`, {
        title: '磁盘满时的修改',
        body: paragraphsToLexical('很长的正文。'.repeat(5_000)),
      })
      expect(response.status).toBe(507)
      expect(response.body.errors[0].message).toMatch(/存储空间已满.*本次修改没有保存/)
    } finally {
      await onWriteConnection('PRAGMA max_page_count = 1073741823')
    }
    await expectUnchanged()
  })
})

describe('a CMS restart in the middle of a scheduled publish', () => {
  const publishedVersions = async (id: number) =>
    (
      await cms.payload.countVersions({
        collection: 'news',
        where: { and: [{ parent: { equals: id } }, { 'version._status': { equals: 'published' } }] },
      })
    ).totalDocs

  async function scheduledDraft(slug: string) {
    const draft = await cms.payload.create({
      collection: 'news',
      draft: true,
      data: { title: `定时发布 ${slug}`, slug, district: fixtures.child.id, publishedOn: day('2026-11-21') },
    })
    const job = (await cms.payload.jobs.queue({
      task: 'schedulePublish' as never,
      input: { type: 'publish', doc: { relationTo: 'news', value: String(draft.id) } } as never,
      waitUntil: new Date(Date.now() - 1000),
    })) as { id: number | string }
    return { id: draft.id as number, jobId: job.id }
  }
  /** What a runner leaves when it dies mid-job: the job marked processing, never completed. */
  const interrupt = (jobId: number | string) =>
    cms.payload.db.updateOne({ collection: 'payload-jobs', id: jobId, data: { processing: true } })

  it('a job interrupted before it published runs once after the restart', async () => {
    const { recoverInterruptedJobs } = await import('../../cms/publishing/jobRecovery')
    const { id, jobId } = await scheduledDraft('interrupted-before')
    await interrupt(jobId)
    await cms.payload.jobs.run()
    expect((await cms.payload.findByID({ collection: 'news', id }))._status, 'Payload skips a job left processing').toBe('draft')

    expect(await recoverInterruptedJobs(cms.payload)).toEqual({ released: 1, completed: 0 })
    await cms.payload.jobs.run()
    expect((await cms.payload.findByID({ collection: 'news', id }))._status).toBe('published')
    expect(await publishedVersions(id)).toBe(1)
    // A second restart finds nothing to do.
    expect(await recoverInterruptedJobs(cms.payload)).toEqual({ released: 0, completed: 0 })
    await cms.payload.jobs.run()
    expect(await publishedVersions(id)).toBe(1)
  })

  it('a job interrupted after it published is completed, not run again', async () => {
    const { recoverInterruptedJobs } = await import('../../cms/publishing/jobRecovery')
    const { id, jobId } = await scheduledDraft('interrupted-after')
    await cms.payload.update({ collection: 'news', id, data: { _status: 'published' } }) // the runner's update went through …
    await interrupt(jobId) // … and it died before recording the job as done
    expect(await recoverInterruptedJobs(cms.payload)).toEqual({ released: 0, completed: 1 })
    await cms.payload.jobs.run()
    expect(await publishedVersions(id)).toBe(1)
    const job = await cms.payload.findByID({ collection: 'payload-jobs', id: jobId })
    expect(job.completedAt).toBeTruthy()
    expect(job.processing).toBe(false)
  })
})

describe('a site build killed midway', () => {
  const outDir = () => path.join(cms.dir, 'dist')
  const stagingRoot = path.join(repoRoot, 'node_modules', '.astro', 'staging')
  const slug = 'test-subdistrict'
  const treeHash = (dir: string) => {
    const hash = crypto.createHash('sha256')
    for (const file of htmlFiles(dir)) hash.update(path.relative(dir, file)).update(fs.readFileSync(file))
    return hash.digest('hex')
  }
  const build = () => {
    return spawn('npx', ['tsx', 'scripts/build-sites.ts', '--district', slug], {
      cwd: repoRoot,
      env: shellEnv({ SITES_OUT_DIR: outDir() }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group, so the kill reaches npx's children too
    })
  }
  const finished = (child: ReturnType<typeof build>) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      let output = ''
      child.stdout!.on('data', (c) => (output += c))
      child.stderr!.on('data', (c) => (output += c))
      child.on('close', (code) => resolve({ code, output }))
    })

  it('leaves the live site byte-identical, and the next build succeeds and cleans up', async () => {
    const first = await finished(build())
    expect(first.code, first.output).toBe(0)
    const live = path.join(outDir(), slug)
    const before = treeHash(live)
    expect(htmlFiles(live).length).toBeGreaterThan(5)

    // Edit, then kill the rebuild as soon as it is writing its staging folder.
    await cms.payload.update({ collection: 'news', id: newsId, data: { title: '被中断构建中的标题' } })
    const child = build()
    const done = finished(child)
    const stagingOf = () => (fs.existsSync(stagingRoot) ? fs.readdirSync(stagingRoot).filter((n) => n.startsWith(`${slug}-`)) : [])
    for (const deadline = Date.now() + 120_000; stagingOf().length === 0;) {
      if (Date.now() > deadline) throw new Error('the build never started staging')
      await new Promise((r) => setTimeout(r, 20))
    }
    process.kill(-child.pid!, 'SIGKILL')
    await done
    expect(treeHash(live), 'the live site after the kill').toBe(before)

    // A kill between the swap's two renames: the live folder is only there under its .old- name.
    const deadPid = 2 ** 22 + 12345 // above Linux's default pid_max: never a running process
    fs.renameSync(live, path.join(outDir(), `.old-${slug}-${deadPid}`))
    const { sweepInterruptedBuilds } = await import('../../scripts/lib/site-build')
    sweepInterruptedBuilds(outDir())
    expect(treeHash(live), 'the previous site restored').toBe(before)

    const again = await finished(build())
    expect(again.code, again.output).toBe(0)
    expect(fs.readFileSync(path.join(live, 'news', 'original', 'index.html'), 'utf8')).toContain('被中断构建中的标题')
    expect(stagingOf(), 'staging folders of the killed build').toEqual([])
    expect(fs.readdirSync(outDir()).filter((n) => n.startsWith('.'))).toEqual([])
  }, 600_000)
})
