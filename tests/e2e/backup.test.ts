import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { getPayload, type CollectionSlug, type Payload } from 'payload'
import * as tar from 'tar'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { addBackupFixtures } from '../helpers/backupFixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { busyPort, errorLines, expectExitedOnItsOwn, hashes, run, type Run } from '../helpers/scriptRuns'

/**
 * `npm run backup` and `npm run restore` as real processes: a seeded CMS with drafts, versions, a
 * user, an upload and a scheduled job is backed up, restored into a second fresh database and
 * media folder, and compared document by document; damaged archives and a non-empty target are
 * refused with nothing written.
 */
let cms: TestCms
let restored: Payload
let archive: string
let restoredDb: string
let restoredMedia: string
let restoreRun: Run
let backupRun: Run
const editor = { email: 'editor@backup.test', password: 'backup-pass-2026' }
let draftId: number
let editedId: number

const collectionSlugs = () => cms.config.collections.map((c) => c.slug).filter((slug) => slug !== 'payload-migrations') as CollectionSlug[]
const versionedSlugs = () => cms.config.collections.filter((c) => c.versions).map((c) => c.slug) as CollectionSlug[]

/** Every stored version, raw from the adapter, without its own id (the database numbers versions anew). */
async function versionsOf(payload: Payload, collection: CollectionSlug) {
  const { docs } = await payload.db.findVersions({ collection, limit: 0, pagination: false, sort: 'id' })
  return docs.map(({ id: _id, ...rest }) => rest).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)))
}

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const { seed } = await import('../../cms/seed')
  await seed(payload, { images: false, log: () => {} })

  // Drafts, versions, English, an upload, a scheduled job: what a restore gets wrong most easily.
  const fixtures = await addBackupFixtures(payload, editor)
  draftId = fixtures.draftId
  editedId = fixtures.editedId

  archive = path.join(cms.dir, 'backup.tar.gz')
  backupRun = await run('backup', ['--out', archive], { db: path.join(cms.dir, 'cms.db'), media: path.join(cms.dir, 'media') })
  expect(fs.existsSync(archive), backupRun.stdout + backupRun.stderr).toBe(true)

  restoredDb = path.join(cms.dir, 'restored', 'cms.db')
  restoredMedia = path.join(cms.dir, 'restored', 'media')
  // Automatic site rebuilds on, to show that a restore triggers none.
  restoreRun = await run('restore', [archive], {
    db: restoredDb,
    media: restoredMedia,
    extra: { SITE_AUTO_REBUILD: '1', SITES_OUT_DIR: path.join(cms.dir, 'restored', 'dist') },
  })
  expect(restoreRun.stdout, restoreRun.stdout + restoreRun.stderr).toMatch(/Restored:/)

  // A second Payload in this process, on the restored database.
  const { chooseDatabase, databaseAdapter } = await import('../../cms/database')
  restored = await getPayload({
    config: { ...cms.config, db: databaseAdapter(chooseDatabase(`file:${restoredDb}`)) as never },
    key: 'restored',
  })
}, 600_000)

afterAll(async () => {
  busyPort.close()
  await restored?.destroy()
  await cms?.cleanup()
})

describe('the scripts end by themselves (cron, other scripts), also while the CMS listens on PORT', () => {
  it('npm run backup exits with 0 after its summary', () => {
    expect(backupRun.stdout).toMatch(/Backup written/)
    expectExitedOnItsOwn(backupRun)
  })

  it('npm run restore exits with 0 after its summary', () => {
    expectExitedOnItsOwn(restoreRun)
  })

  it('npm run seed and npm run build:sites exit with 0', async () => {
    const dir = path.join(cms.dir, 'seeded')
    const seeded = await run('seed', ['--no-images'], { db: path.join(dir, 'cms.db'), media: path.join(dir, 'media') })
    expect(seeded.stdout).toMatch(/Seed: created/)
    expectExitedOnItsOwn(seeded)
    const built = await run('build-sites', ['--district', 'xinhong'], {
      db: path.join(dir, 'cms.db'),
      media: path.join(dir, 'media'),
      extra: { SITES_OUT_DIR: path.join(dir, 'dist') },
    })
    expectExitedOnItsOwn(built)
    expect(fs.existsSync(path.join(dir, 'dist', 'xinhong', 'index.html'))).toBe(true)
  }, 300_000)
})

describe('backup', () => {
  it('writes one archive with a manifest of counts and sha256 per file', async () => {
    const list: string[] = []
    await tar.list({ file: archive, onReadEntry: (entry) => void list.push(entry.path) })
    expect(list[0]).toBe('manifest.json')
    const dir = path.join(cms.dir, 'unpacked')
    fs.mkdirSync(dir)
    await tar.extract({ file: archive, cwd: dir })
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'))
    expect(manifest.format).toBe('dangjian-cms-backup')
    expect(manifest.app.payload).toBe('3.90.2')
    expect(manifest.collections.districts).toEqual({ documents: 19, versions: null })
    expect(manifest.collections.users.documents).toBe(1)
    expect(manifest.collections['payload-jobs'].documents).toBeGreaterThanOrEqual(1)
    expect(manifest.collections.news.documents).toBe(33) // 32 seeded + the draft
    expect(manifest.collections.news.versions).toBe(32 + 1 + 3 + 1 + 1) // seeded, the seed's English, the draft's three, the pending edit, the English
    expect(manifest.media.files).toBe(11) // the original and its ten WebP/AVIF sizes (five sizes × two formats)
    for (const [rel, entry] of Object.entries(manifest.files as Record<string, { sha256: string }>)) {
      expect(
        createHash('sha256')
          .update(fs.readFileSync(path.join(dir, rel)))
          .digest('hex'),
        rel,
      ).toBe(entry.sha256)
    }
    // Password hashes are in it, so logins survive a restore.
    const users = JSON.parse(fs.readFileSync(path.join(dir, 'collections', 'users.json'), 'utf8'))
    expect(users[0].email).toBe(editor.email)
    expect(String(users[0].hash).length).toBeGreaterThan(32)
    expect(users[0].salt).toBeTruthy()
  })
})

describe('restore into a fresh database and media folder', () => {
  it('prints the counts it restored', () => {
    expect(restoreRun.stdout).toMatch(/Archive verified/)
    expect(restoreRun.stdout).toMatch(/news\s+33 documents, 38 versions/)
    expect(restoreRun.stdout).toMatch(/media\s+11 files/)
  })

  it('restores every document of every collection exactly: ids, relationships, timestamps, status, hidden fields', async () => {
    let compared = 0
    for (const collection of collectionSlugs()) {
      const before = await cms.payload.db.find({ collection, limit: 0, pagination: false, sort: 'id' })
      const after = await restored.db.find({ collection, limit: 0, pagination: false, sort: 'id' })
      expect(after.docs, collection).toEqual(before.docs)
      compared += before.docs.length
    }
    expect(compared).toBeGreaterThanOrEqual(163 + 4) // the seed, the user, the picture, the draft, the job
  })

  it('reads the same through the Local API, drafts included', async () => {
    for (const collection of collectionSlugs()) {
      const query = {
        collection,
        depth: 1,
        limit: 0,
        pagination: false,
        sort: 'id',
        overrideAccess: true,
        showHiddenFields: true,
        draft: true,
      } as const
      expect((await restored.find(query)).docs, collection).toEqual((await cms.payload.find(query)).docs)
    }
    const draft = await restored.findByID({ collection: 'news', id: draftId, draft: true, depth: 1 })
    expect(draft.title).toBe('草稿第三版')
    expect(draft._status).toBe('draft')
    expect((draft.cover as { alt: string }).alt).toBe('备份测试图片')
    const edited = await restored.findByID({ collection: 'news', id: editedId, draft: false })
    const editedDraft = await restored.findByID({ collection: 'news', id: editedId, draft: true })
    expect(edited._status).toBe('published')
    expect(editedDraft.title).toBe(`${edited.title}（修改中）`)
    const english = await restored.findByID({ collection: 'news', id: editedId, locale: 'en', fallbackLocale: false as never })
    expect([english.title, english.summary]).toEqual(['Translated title', 'Translated summary'])
  })

  it('restores every version with its parent, timestamps, latest and draft flags', async () => {
    for (const collection of versionedSlugs()) {
      const before = await versionsOf(cms.payload, collection)
      expect(await versionsOf(restored, collection), collection).toEqual(before)
      expect((await restored.countVersions({ collection })).totalDocs).toBe(before.length)
    }
    const { docs } = await restored.findVersions({
      collection: 'news',
      where: { parent: { equals: draftId } },
      sort: 'createdAt',
      limit: 0,
      pagination: false,
    })
    expect(docs.map((v) => v.version.title)).toEqual(['草稿第一版', '草稿第二版', '草稿第三版'])
    expect(docs.map((v) => v.latest)).toEqual([false, false, true])
  })

  it('restores the media files byte for byte', () => {
    const before = hashes(path.join(cms.dir, 'media'))
    expect(Object.keys(before)).toHaveLength(11)
    expect(hashes(restoredMedia)).toEqual(before)
  })

  it('keeps logins: the restored user signs in with the old password', async () => {
    const { user, token } = await restored.login({ collection: 'users', data: editor })
    expect(token).toBeTruthy()
    expect(user?.email).toBe(editor.email)
    await expect(restored.login({ collection: 'users', data: { ...editor, password: 'wrong-password' } })).rejects.toThrow()
  })

  it('keeps the scheduled publish job and triggers no site rebuild', async () => {
    const jobs = await restored.find({ collection: 'payload-jobs', where: { taskSlug: { equals: 'schedulePublish' } } })
    expect(jobs.docs).toHaveLength(1)
    expect(jobs.docs[0].completedAt ?? null).toBeNull()
    expect(fs.existsSync(path.join(cms.dir, 'restored', 'dist'))).toBe(false)
    expect((await restored.count({ collection: 'site-builds' })).totalDocs).toBe(
      (await cms.payload.count({ collection: 'site-builds' })).totalDocs,
    )
  })
})

describe('restore refuses, writing nothing', () => {
  /** Repacks the archive after `damage` changed its unpacked files. */
  async function damagedCopy(name: string, damage: (dir: string) => void): Promise<string> {
    const dir = path.join(cms.dir, `damaged-${name}`)
    fs.mkdirSync(dir)
    await tar.extract({ file: archive, cwd: dir })
    damage(dir)
    const file = `${dir}.tar.gz`
    await tar.create({ gzip: true, file, cwd: dir, portable: true }, fs.readdirSync(dir))
    return file
  }
  function flipByte(file: string, at: number) {
    const bytes = fs.readFileSync(file)
    bytes[at] ^= 0x01
    fs.writeFileSync(file, bytes)
  }
  function expectRefusedCleanly(result: Run, message: RegExp, target: string) {
    expect(result.status, result.stdout + result.stderr).toBe(1)
    const lines = errorLines(result)
    expect(lines, result.stderr).toHaveLength(1)
    expect(lines[0]).toMatch(/^Error: /)
    expect(lines[0]).toMatch(message)
    // Refused before the database was opened: no database file, no media folder.
    expect(fs.existsSync(path.join(target, 'cms.db'))).toBe(false)
    expect(fs.existsSync(path.join(target, 'media'))).toBe(false)
  }

  it('an archive with one changed byte in a JSON file', async () => {
    const file = await damagedCopy('json', (dir) => {
      const news = path.join(dir, 'collections', 'news.json')
      flipByte(news, fs.readFileSync(news).indexOf('"title"') + 3)
    })
    const target = path.join(cms.dir, 'target-json')
    expectRefusedCleanly(
      await run('restore', [file], { db: path.join(target, 'cms.db'), media: path.join(target, 'media') }),
      /collections\/news\.json has sha256 .*nothing was restored/,
      target,
    )
  })

  it('an archive with one changed byte in a media file', async () => {
    const file = await damagedCopy('media', (dir) => {
      const media = path.join(dir, 'media')
      flipByte(path.join(media, fs.readdirSync(media)[0]), 100)
    })
    const target = path.join(cms.dir, 'target-media')
    expectRefusedCleanly(
      await run('restore', [file], { db: path.join(target, 'cms.db'), media: path.join(target, 'media') }),
      /media\/.* has sha256 /,
      target,
    )
  })

  it('a truncated archive', async () => {
    const file = path.join(cms.dir, 'truncated.tar.gz')
    const bytes = fs.readFileSync(archive)
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * 0.6)))
    const target = path.join(cms.dir, 'target-truncated')
    expectRefusedCleanly(
      await run('restore', [file], { db: path.join(target, 'cms.db'), media: path.join(target, 'media') }),
      /damaged or truncated|missing/,
      target,
    )
  })

  it('a database that already holds documents', async () => {
    const newsBefore = (await restored.count({ collection: 'news' })).totalDocs
    const mediaBefore = hashes(restoredMedia)
    const result = await run('restore', [archive], { db: restoredDb, media: restoredMedia })
    expect(result.status, result.stdout + result.stderr).toBe(1)
    expect(errorLines(result)).toHaveLength(1)
    expect(errorLines(result)[0]).toMatch(/^Error: restore needs an empty database, and this one already holds 19 districts.*33 news/)
    expect((await restored.count({ collection: 'news' })).totalDocs).toBe(newsBefore)
    expect(hashes(restoredMedia)).toEqual(mediaBefore)
  })
})
