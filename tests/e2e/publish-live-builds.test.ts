/**
 * Publish → live with real builds: `scripts/build-sites.ts` in warm build workers through the
 * rebuild queue — success (pages first, then a fresh search index), then a real failure (missing
 * media) that leaves `<out>/<district>` byte-identical and is recorded failed. The queue and the
 * hooks themselves: tests/integration/publish-live.test.ts.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

import type { SanitizedCollectionConfig } from 'payload'
import { afterAll, afterEach, describe, expect, it } from 'vitest'

import { installRebuildQueue, payloadRecorder, RebuildQueue, type SiteBuildState } from '../../cms/publishing/rebuildQueue'
import { day } from '../helpers/fixtures'
import { pngBuffer, startTestCms } from '../helpers/payload'

// The config reads DATABASE_URI and MEDIA_DIR once, so the CMS starts before anything else imports it.
const cms = await startTestCms()
const { payload, config } = cms

const collectionConfig = (slug: string) => config.collections.find((c) => c.slug === slug) as SanitizedCollectionConfig
/** site-builds is in cms/payload.config.ts. */
const registered = config.collections.some((c) => (c.slug as string) === 'site-builds')

afterEach(() => {
  installRebuildQueue(undefined)
})

afterAll(async () => {
  installRebuildQueue(undefined)
  await cms.cleanup()
})

// ---------------------------------------------------------------------------
// Real builds: scripts/build-sites.ts as warm build workers (`--worker`), the queue's default builder.

function hashTree(root: string): Record<string, string> {
  const hashes: Record<string, string> = {}
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else hashes[path.relative(root, full)] = crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex')
    }
  }
  walk(root)
  return hashes
}

describe('real rebuilds through the queue (scripts/build-sites.ts)', () => {
  const outDir = path.join(cms.dir, 'dist')
  const slug = 'pl-live'
  const savedOut = process.env.SITES_OUT_DIR
  const events: SiteBuildState[] = []
  let queue: RebuildQueue
  let coverFiles: string[] = []
  let beforeHashes: Record<string, string> = {}
  const errors: string[] = []

  const setup = async () => {
    process.env.SITES_OUT_DIR = outDir
    const district = await payload.create({ collection: 'districts', data: { name: '实时发布区', slug, level: 'district' } })
    const png = await pngBuffer(800, 500)
    const cover = await payload.create({
      collection: 'media',
      data: { alt: '实时发布封面' },
      file: { data: png, mimetype: 'image/png', name: 'pl-live-cover.png', size: png.length },
    })
    await payload.create({
      collection: 'news',
      data: {
        title: '实时发布测试新闻',
        slug: 'pl-live-news',
        district: district.id,
        publishedOn: day('2026-03-02'),
        summary: '发布即上线',
        cover: cover.id,
        _status: 'published',
      },
    })
    const media = cover as unknown as { filename: string; sizes?: Record<string, { filename?: string | null }> }
    coverFiles = [media.filename, ...Object.values(media.sizes ?? {}).map((s) => s.filename)].filter((f): f is string => Boolean(f))
    const record = registered ? payloadRecorder(payload) : undefined
    queue = new RebuildQueue({
      // the real default builder: workerBuilder()
      debounceMs: 50,
      record: async (build) => {
        events.push({ ...build })
        await record?.(build)
      },
      logger: { info: () => {}, error: (m) => void errors.push(m) },
    })
  }

  afterAll(() => {
    if (savedOut === undefined) delete process.env.SITES_OUT_DIR
    else process.env.SITES_OUT_DIR = savedOut
  })

  it(
    'a successful rebuild is recorded as succeeded with its duration and page count',
    async () => {
      await setup()
      queue.request([slug], '新闻「实时发布测试新闻」发布')
      await queue.idle()
      const done = events.filter((e) => e.status === 'succeeded' || e.status === 'failed')
      expect(done, done.at(-1)?.logTail).toHaveLength(1)
      expect(done[0]!.status, done[0]!.logTail).toBe('succeeded')
      expect(done[0]!.durationMs).toBeGreaterThan(0)
      expect(done[0]!.pages).toBeGreaterThan(0)
      expect(fs.existsSync(path.join(outDir, slug, 'index.html'))).toBe(true)
      // The cover is really referenced, so removing it below really breaks the next build.
      const copied = fs.readdirSync(path.join(outDir, slug, 'media'))
      expect(copied.some((f) => coverFiles.includes(f))).toBe(true)
      beforeHashes = hashTree(path.join(outDir, slug))
    },
    5 * 60_000,
  )

  it(
    'a rebuild after an edit updates the pages and then the search index, and leaves no index folders behind',
    async () => {
      const fragmentsMention = (word: string) => {
        const dir = path.join(outDir, slug, 'pagefind', 'fragment')
        // Pagefind stores Chinese text segmented by zero-width spaces.
        const text = (f: string) =>
          zlib
            .gunzipSync(fs.readFileSync(path.join(dir, f)))
            .toString('utf8')
            .replaceAll('\u200b', '')
        return fs.readdirSync(dir).some((f) => text(f).includes(word))
      }
      expect(fragmentsMention('发布即上线'), 'the first build indexed the news').toBe(true)
      const { docs } = await payload.find({ collection: 'news', where: { slug: { equals: 'pl-live-news' } }, depth: 0 })
      await payload.update({ collection: 'news', id: docs[0]!.id, data: { summary: '索引随后更新' }, context: { skipSiteRebuild: true } })
      const before = events.length
      queue.request([slug], '新闻「实时发布测试新闻」更新')
      await queue.idle()
      const done = events.slice(before).filter((e) => e.status === 'succeeded' || e.status === 'failed')
      expect(
        done.map((e) => e.status),
        done.at(-1)?.logTail,
      ).toEqual(['succeeded'])
      expect(done[0]!.logTail).toContain('pages live; indexing search')
      expect(fs.readFileSync(path.join(outDir, slug, 'news', 'pl-live-news', 'index.html'), 'utf8')).toContain('索引随后更新')
      expect(fragmentsMention('索引随后更新'), 'the index was rebuilt after the swap').toBe(true)
      expect(fs.readdirSync(path.join(outDir, slug)).filter((name) => name.startsWith('.pagefind'))).toEqual([])
      beforeHashes = hashTree(path.join(outDir, slug))
    },
    5 * 60_000,
  )

  it(
    'a failed rebuild leaves the live site byte-identical, logs the error and records it as failed',
    async () => {
      expect(Object.keys(beforeHashes).length).toBeGreaterThan(0)
      for (const file of coverFiles) fs.rmSync(path.join(process.env.MEDIA_DIR!, file), { force: true })
      const before = events.length
      queue.request([slug], '新闻「实时发布测试新闻」更新')
      await queue.idle()
      const failed = events.slice(before).filter((e) => e.status === 'failed')
      expect(failed).toHaveLength(1)
      expect(failed[0]!.logTail).toContain('Media files referenced by pages are missing')
      expect(errors.join('\n')).toContain('Media files referenced by pages are missing')
      expect(hashTree(path.join(outDir, slug))).toEqual(beforeHashes)
      expect(fs.readdirSync(outDir).filter((name) => name.startsWith('.staging-') || name.startsWith('.old-'))).toEqual([])
    },
    5 * 60_000,
  )

  it.skipIf(!registered)('site-builds records the succeeded builds and the failed one', async () => {
    const builds = await payload.find({
      collection: 'site-builds' as never,
      where: { 'district.slug': { equals: slug } } as never,
      sort: 'createdAt',
      depth: 0,
      overrideAccess: true,
    })
    const docs = builds.docs as unknown as {
      status: string
      durationMs: number
      pages?: number
      logTail: string
      trigger: string
      title: string
    }[]
    expect(docs.map((d) => d.status)).toEqual(['succeeded', 'succeeded', 'failed'])
    expect(docs[0]!.durationMs).toBeGreaterThan(0)
    expect(docs[0]!.pages).toBeGreaterThan(0)
    expect(docs[0]!.trigger).toBe('新闻「实时发布测试新闻」发布')
    expect(docs[0]!.title).toContain('实时发布区')
    expect(docs[2]!.logTail).toContain('Media files referenced by pages are missing')
  })
})

describe.skipIf(!registered)('site-builds access', () => {
  it('signed-in users can read; nobody can create, update or delete through the API', async () => {
    const access = collectionConfig('site-builds').access
    const req = (user: unknown) => ({ req: { user, payload } }) as never
    expect(await access.read!(req({ id: 1, roles: ['writer'] }))).toBe(true)
    expect(await access.read!(req(null))).toBe(false)
    for (const op of ['create', 'update', 'delete'] as const) expect(await access[op]!(req({ id: 1, roles: ['admin'] }))).toBe(false)
  })
})
