/**
 * Publish → live: content changes rebuild the affected district sites.
 *
 *  - the rebuild queue: debounce, one build at a time per district, exactly one follow-up;
 *  - the collection hooks: which saves are public (publish/unpublish/edit/delete) and which
 *    district sites they affect (district + ancestors, previous district, campaign targets).
 *    Once the hooks are registered on the collections these tests go through the real save
 *    path (`payload.update` …); until then they call the hook functions with the same
 *    arguments Payload would;
 *  - a real `scripts/build-sites.ts` rebuild through the queue: success, then a real failure
 *    (missing media) that leaves `<out>/<district>` byte-identical.
 *
 * Tests that read the `site-builds` collection run only once it is registered in the config.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

import type { CollectionSlug, PayloadRequest, SanitizedCollectionConfig } from 'payload'
import { afterAll, afterEach, describe, expect, it } from 'vitest'

import {
  affectedDistricts,
  classifyChange,
  isRebuildHook,
  rebuildSitesAfterChange,
  rebuildSitesAfterDelete,
} from '../../cms/publishing/hooks'
import {
  installRebuildQueue,
  logTail,
  parsePages,
  payloadRecorder,
  RebuildQueue,
  rebuildQueue,
  type BuildResult,
  type SiteBuildState,
} from '../../cms/publishing/rebuildQueue'
import { day } from '../helpers/fixtures'
import { pngBuffer, startTestCms } from '../helpers/payload'

// The config reads DATABASE_URI and MEDIA_DIR once, so the CMS starts before anything else imports it.
const cms = await startTestCms()
const { payload, config } = cms

const collectionConfig = (slug: string) => config.collections.find((c) => c.slug === slug) as SanitizedCollectionConfig
/** site-builds is in cms/payload.config.ts. */
const registered = config.collections.some((c) => (c.slug as string) === 'site-builds')
/** The rebuild hooks are on the news collection: saves go through the real path. */
const hooksRegistered =
  (collectionConfig('news')?.hooks?.afterChange ?? []).some(isRebuildHook) &&
  (collectionConfig('news')?.hooks?.afterDelete ?? []).some(isRebuildHook)
const via = hooksRegistered ? 'registered hooks, real saves' : 'hook functions called directly'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// ---------------------------------------------------------------------------
// Fixtures: 测试区 → 测试街道, plus a second 区 for moves.

const parent = await payload.create({ collection: 'districts', data: { name: '发布测试区', slug: 'pl-district', level: 'district' } })
const child = await payload.create({
  collection: 'districts',
  data: { name: '发布测试街道', slug: 'pl-subdistrict', level: 'subdistrict', parent: parent.id },
})
const other = await payload.create({ collection: 'districts', data: { name: '另一个区', slug: 'pl-other', level: 'district' } })
const otherChild = await payload.create({
  collection: 'districts',
  data: { name: '另一个镇', slug: 'pl-other-town', level: 'town', parent: other.id },
})

let newsCounter = 0
async function createNews(district: number | string, status: 'published' | 'draft', title = `发布测试新闻 ${++newsCounter}`) {
  return payload.create({
    collection: 'news',
    draft: status === 'draft',
    data: { title, slug: `pl-news-${newsCounter}-${Date.now()}`, district: district as number, publishedOn: day('2026-03-01'), _status: status },
  })
}

// ---------------------------------------------------------------------------
// Saves: the real save path when the hooks are registered, otherwise the same operation
// followed by the hook called with the arguments Payload passes it.

const fakeReq = () => ({ payload, context: {} }) as unknown as PayloadRequest
const afterChange = rebuildSitesAfterChange()
const afterDelete = rebuildSitesAfterDelete()

async function save(collection: CollectionSlug, id: number | string, data: Record<string, unknown>, draft = false) {
  if (hooksRegistered) return payload.update({ collection, id, data: data as never, draft, depth: 0 })
  // Payload passes the latest version (a newer draft, if any) as previousDoc.
  const previousDoc = await payload.findByID({ collection, id, draft: true, depth: 0 })
  const doc = await payload.update({ collection, id, data: data as never, draft, depth: 0 })
  await afterChange({
    collection: collectionConfig(collection),
    context: {},
    data,
    doc,
    operation: 'update',
    previousDoc,
    req: { payload, context: { isDraftSave: draft } } as unknown as PayloadRequest, // as editorial.ts's markDraftSave sets it
  })
  return doc
}

async function remove(collection: CollectionSlug, id: number | string) {
  if (hooksRegistered) return payload.delete({ collection, id, depth: 0 })
  const doc = await payload.delete({ collection, id, depth: 0 })
  await afterDelete({ collection: collectionConfig(collection), context: {}, doc, id, req: fakeReq() })
  return doc
}

/** A fake builder: records every call, takes `ms`, never overlaps-checks itself (the test does). */
function fakeBuilder(ms = 200, result: BuildResult = { ok: true, output: 'Done: 3 pages in 0.2 s', pages: 3 }) {
  const calls: { slug: string; start: number; end: number }[] = []
  const build = async (slug: string) => {
    const call = { slug, start: Date.now(), end: 0 }
    calls.push(call)
    await sleep(ms)
    call.end = Date.now()
    return result
  }
  return { calls, build, slugs: () => calls.map((c) => c.slug).sort() }
}

function recorder() {
  const events: SiteBuildState[] = []
  return { events, record: (build: Readonly<SiteBuildState>) => void events.push({ ...build }) }
}

/** Asserts no two builds of one district overlapped. */
function expectNoOverlap(calls: { slug: string; start: number; end: number }[]) {
  const bySlug = new Map<string, { start: number; end: number }[]>()
  for (const call of calls) bySlug.set(call.slug, [...(bySlug.get(call.slug) ?? []), call])
  for (const list of bySlug.values()) {
    list.sort((a, b) => a.start - b.start)
    for (let i = 1; i < list.length; i++) expect(list[i]!.start).toBeGreaterThanOrEqual(list[i - 1]!.end)
  }
}

const silent = { info: () => {}, error: () => {} }

afterEach(() => {
  installRebuildQueue(undefined)
})

afterAll(async () => {
  installRebuildQueue(undefined)
  await cms.cleanup()
})

// ---------------------------------------------------------------------------

describe('rebuild queue', () => {
  it('is inactive unless SITE_AUTO_REBUILD=1 or a queue is installed', async () => {
    const saved = process.env.SITE_AUTO_REBUILD
    try {
      delete process.env.SITE_AUTO_REBUILD
      expect(rebuildQueue(payload)).toBeUndefined()
      const queue = new RebuildQueue({ build: fakeBuilder().build, logger: silent })
      installRebuildQueue(queue)
      expect(rebuildQueue(payload)).toBe(queue)
      installRebuildQueue(undefined)
      expect(rebuildQueue(payload)).toBeUndefined()
      process.env.SITE_AUTO_REBUILD = '1'
      const auto = rebuildQueue(payload)
      expect(auto).toBeInstanceOf(RebuildQueue)
      expect(rebuildQueue(payload)).toBe(auto) // one per process
      expect(auto!.debounceMs).toBe(Number(process.env.SITE_REBUILD_DEBOUNCE_MS || 500))
    } finally {
      installRebuildQueue(undefined)
      if (saved === undefined) delete process.env.SITE_AUTO_REBUILD
      else process.env.SITE_AUTO_REBUILD = saved
    }
  })

  it('debounces a burst into one build per district and records queued → running → succeeded', async () => {
    const fake = fakeBuilder(200)
    const rec = recorder()
    const queue = new RebuildQueue({ build: fake.build, debounceMs: 150, record: rec.record, logger: silent })
    await expect(queue.idle()).resolves.toBeUndefined()
    for (let i = 0; i < 20; i++) {
      queue.request(['a', 'b'], `save ${i % 3}`)
      await sleep(10)
    }
    await queue.idle()
    expect(fake.slugs()).toEqual(['a', 'b'])
    const a = rec.events.filter((e) => e.district === 'a')
    expect(a.map((e) => e.status)).toEqual(['queued', 'running', 'succeeded'])
    expect(a.at(-1)).toMatchObject({ pages: 3, trigger: 'save 0；save 1；save 2' })
    expect(a.at(-1)!.durationMs).toBeGreaterThanOrEqual(150)
  })

  it('a request during a build gives exactly one follow-up build, never two at once per district', async () => {
    const fake = fakeBuilder(400)
    const queue = new RebuildQueue({ build: fake.build, debounceMs: 50, logger: silent })
    queue.request(['a'], 'first')
    await sleep(150)
    expect(queue.isBuilding('a')).toBe(true)
    for (let i = 0; i < 5; i++) queue.request(['a'], `during ${i}`)
    await queue.idle()
    expect(fake.slugs()).toEqual(['a', 'a'])
    expectNoOverlap(fake.calls)
  })

  it('a failing or throwing builder is recorded as failed with the log tail, and the queue goes on', async () => {
    const rec = recorder()
    const errors: string[] = []
    const output = [...Array.from({ length: 60 }, (_, i) => `line ${i}`), 'Error: Media files referenced by pages are missing: x.webp'].join('\n')
    let n = 0
    const queue = new RebuildQueue({
      build: async () => {
        if (n++ === 0) return { ok: false, output }
        throw new Error('spawn exploded')
      },
      debounceMs: 10,
      record: rec.record,
      logger: { info: () => {}, error: (m) => void errors.push(m) },
    })
    queue.request(['a'], 't1')
    await queue.idle()
    queue.request(['a'], 't2')
    await queue.idle()
    const finished = rec.events.filter((e) => e.status === 'failed')
    expect(finished).toHaveLength(2)
    expect(finished[0]!.logTail!.split('\n')).toHaveLength(40)
    expect(finished[0]!.logTail).toContain('Media files referenced by pages are missing')
    expect(finished[1]!.logTail).toContain('spawn exploded')
    expect(errors.join('\n')).toContain('Media files referenced by pages are missing')
  })

  it('parses pages and keeps error lines in the log tail', () => {
    expect(parsePages('  测试区　　　　 pl-live                  12 pages    3.1 s  3.9 pages/s\nDone: 12 pages', 'pl-live')).toBe(12)
    expect(parsePages('Done: 7 pages in 2.0 s', 'x')).toBe(7)
    expect(parsePages('nothing', 'x')).toBeUndefined()
    const tail = logTail(['Error: boom', ...Array.from({ length: 50 }, (_, i) => `    at frame ${i}`)].join('\n'), 10)
    expect(tail.split('\n')[0]).toBe('Error: boom')
  })
})

describe(`rebuild hooks (${via})`, () => {
  it('a burst of 20 saves to published news gives one build per affected district (the district and its ancestors)', async () => {
    const news = await createNews(child.id, 'published')
    const fake = fakeBuilder(200)
    const rec = recorder()
    const queue = new RebuildQueue({ build: fake.build, debounceMs: 1500, record: rec.record, logger: silent })
    installRebuildQueue(queue)
    const started = Date.now()
    for (let i = 0; i < 20; i++) await save('news', news.id, { summary: `第 ${i} 次修改` })
    expect(Date.now() - started).toBeLessThan(10_000)
    await queue.idle()
    expect(fake.slugs()).toEqual(['pl-district', 'pl-subdistrict'])
    const done = rec.events.filter((e) => e.status === 'succeeded')
    expect(done).toHaveLength(2)
    for (const build of done) expect(build.trigger).toBe(`新闻「${news.title}」更新`)
  })

  it("the edited item's own district builds first; saves during its build give it one follow-up, the parent builds once after it", async () => {
    const news = await createNews(child.id, 'published')
    const fake = fakeBuilder(1500)
    // Two runners: the parent could build alongside, but waits for the item's own district.
    const queue = new RebuildQueue({ build: fake.build, debounceMs: 100, concurrency: 2, logger: silent })
    installRebuildQueue(queue)
    await save('news', news.id, { summary: '第一次' })
    for (let i = 0; i < 100 && !queue.isBuilding('pl-subdistrict'); i++) await sleep(20)
    expect(queue.isBuilding('pl-subdistrict')).toBe(true)
    expect(queue.isBuilding('pl-district')).toBe(false)
    for (let i = 0; i < 3; i++) await save('news', news.id, { summary: `构建中修改 ${i}` })
    await queue.idle()
    expect(fake.slugs()).toEqual(['pl-district', 'pl-subdistrict', 'pl-subdistrict'])
    // The parent started only after the first build of its sub-district had finished.
    const first = fake.calls.find((c) => c.slug === 'pl-subdistrict')!
    const parent = fake.calls.find((c) => c.slug === 'pl-district')!
    expect(parent.start).toBeGreaterThanOrEqual(first.end)
    expectNoOverlap(fake.calls)
  })

  it('draft-over-draft saves rebuild nothing; publish, edit, unpublish and delete do', async () => {
    const fake = fakeBuilder(5)
    const rec = recorder()
    const queue = new RebuildQueue({ build: fake.build, debounceMs: 20, record: rec.record, logger: silent })
    installRebuildQueue(queue)
    const step = async (action: () => Promise<unknown>) => {
      const before = fake.calls.length
      await action()
      await queue.idle()
      const slugs = fake.calls.slice(before).map((c) => c.slug).sort()
      const trigger = rec.events.filter((e) => e.status === 'succeeded').at(-1)?.trigger
      return { slugs, trigger }
    }
    const both = ['pl-district', 'pl-subdistrict']

    // A new draft (create) and drafts saved over it: nothing public.
    let news!: Awaited<ReturnType<typeof createNews>>
    const created = await step(async () => {
      news = await createNews(child.id, 'draft')
      if (!hooksRegistered) {
        await afterChange({ collection: collectionConfig('news'), context: {}, data: {}, doc: news, operation: 'create', previousDoc: {}, req: fakeReq() })
      }
    })
    expect(created.slugs).toEqual([])
    expect((await step(() => save('news', news.id, { summary: '草稿 1' }, true))).slugs).toEqual([])
    expect((await step(() => save('news', news.id, { summary: '草稿 2' }, true))).slugs).toEqual([])

    const published = await step(() => save('news', news.id, { _status: 'published' }))
    expect(published.slugs).toEqual(both)
    expect(published.trigger).toBe(`新闻「${news.title}」发布`)

    // A new draft version of a published item leaves the published version live: nothing public.
    expect((await step(() => save('news', news.id, { summary: '未发布的修改' }, true))).slugs).toEqual([])

    // Publishing the pending draft: previousDoc is that draft, so it reads as a publish.
    const republished = await step(() => save('news', news.id, { summary: '已发布的修改', _status: 'published' }))
    expect(republished.slugs).toEqual(both)
    expect(republished.trigger).toBe(`新闻「${news.title}」发布`)

    const edited = await step(() => save('news', news.id, { summary: '再次修改', _status: 'published' }))
    expect(edited.slugs).toEqual(both)
    expect(edited.trigger).toBe(`新闻「${news.title}」更新`)

    const unpublished = await step(() => save('news', news.id, { _status: 'draft' }))
    expect(unpublished.slugs).toEqual(both)
    expect(unpublished.trigger).toBe(`新闻「${news.title}」撤回`)
    expect((await step(() => save('news', news.id, { summary: '撤回后的草稿' }, true))).slugs).toEqual([])

    await step(() => save('news', news.id, { _status: 'published' }))
    const deleted = await step(() => remove('news', news.id))
    expect(deleted.slugs).toEqual(both)
    expect(deleted.trigger).toBe(`新闻「${news.title}」删除`)

    // Deleting a never-published draft changes nothing public.
    const draft = await createNews(child.id, 'draft')
    expect((await step(() => remove('news', draft.id))).slugs).toEqual([])

    // Unpublishing an item that has a pending draft: previousDoc is the draft, but the live version goes.
    let live!: Awaited<ReturnType<typeof createNews>>
    await step(async () => (live = await createNews(child.id, 'published')))
    expect((await step(() => save('news', live.id, { summary: '待发布的修改' }, true))).slugs).toEqual([])
    const takenDown = await step(() => save('news', live.id, { _status: 'draft' }))
    expect(takenDown.slugs).toEqual(both)
    expect(takenDown.trigger).toBe(`新闻「${live.title}」撤回`)
    // A never-published draft saved without the draft flag changes nothing public either.
    let neverLive!: Awaited<ReturnType<typeof createNews>>
    await step(async () => (neverLive = await createNews(child.id, 'draft')))
    expect((await step(() => save('news', neverLive.id, { summary: '直接保存' }))).slugs).toEqual([])
  })

  it('a published item that moves district rebuilds the old and the new district chains', async () => {
    const news = await createNews(child.id, 'published')
    const fake = fakeBuilder(5)
    const queue = new RebuildQueue({ build: fake.build, debounceMs: 20, logger: silent })
    installRebuildQueue(queue)
    await save('news', news.id, { district: otherChild.id })
    await queue.idle()
    expect(fake.slugs()).toEqual(['pl-district', 'pl-other', 'pl-other-town', 'pl-subdistrict'])
  })

  it('affected districts: ancestors, previous district, campaign targets, districts themselves', async () => {
    const req = fakeReq()
    expect((await affectedDistricts({ payload, req, collection: 'stations', doc: { district: child.id } })).sort()).toEqual([
      'pl-district',
      'pl-subdistrict',
    ])
    expect(
      (
        await affectedDistricts({
          payload,
          req,
          collection: 'campaigns',
          doc: { district: parent.id, targetDistricts: [otherChild.id] },
          previousDoc: { district: parent.id, targetDistricts: [{ id: other.id }] },
        })
      ).sort(),
    ).toEqual(['pl-district', 'pl-other', 'pl-other-town'])
    // A district moved from one 区 to another: itself, its new and its old ancestors.
    expect(
      (
        await affectedDistricts({
          payload,
          req,
          collection: 'districts',
          doc: { slug: 'pl-subdistrict', parent: other.id },
          previousDoc: { slug: 'pl-subdistrict', parent: parent.id },
        })
      ).sort(),
    ).toEqual(['pl-district', 'pl-other', 'pl-subdistrict'])
    // A deleted district's own site cannot be built; its ancestors' can.
    expect(await affectedDistricts({ payload, req, collection: 'districts', doc: { slug: 'pl-subdistrict', parent: parent.id }, deleted: true })).toEqual([
      'pl-district',
    ])
  })

  it('classifies changes of collections without drafts as public', async () => {
    const stations = collectionConfig('stations')
    expect(await classifyChange({ collection: stations, doc: { id: 1 }, previousDoc: {}, operation: 'create' })).toBe('发布')
    expect(await classifyChange({ collection: stations, doc: { id: 1 }, previousDoc: { id: 1 }, operation: 'update' })).toBe('更新')
  })

  it('never fails a save: errors while scheduling are logged', async () => {
    const queue = new RebuildQueue({ build: fakeBuilder().build, debounceMs: 10, logger: silent })
    installRebuildQueue(queue)
    const broken = {
      payload: {
        ...payload,
        logger: { error: () => {}, info: () => {}, warn: () => {} },
        findByID: () => Promise.reject(new Error('db down')),
      },
      context: {},
    } as unknown as PayloadRequest
    const doc = { id: 1, district: child.id, _status: 'published', title: 'x' }
    await expect(
      afterChange({ collection: collectionConfig('news'), context: {}, data: {}, doc, operation: 'update', previousDoc: doc, req: broken }),
    ).resolves.toBe(doc)
    await expect(afterDelete({ collection: collectionConfig('news'), context: {}, doc, id: 1, req: broken })).resolves.toBe(doc)
    await queue.idle()
  })
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

  it('a successful rebuild is recorded as succeeded with its duration and page count', async () => {
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
  }, 5 * 60_000)

  it('a rebuild after an edit updates the pages and then the search index, and leaves no index folders behind', async () => {
    const fragmentsMention = (word: string) => {
      const dir = path.join(outDir, slug, 'pagefind', 'fragment')
      // Pagefind stores Chinese text segmented by zero-width spaces.
      const text = (f: string) => zlib.gunzipSync(fs.readFileSync(path.join(dir, f))).toString('utf8').replaceAll('\u200b', '')
      return fs.readdirSync(dir).some((f) => text(f).includes(word))
    }
    expect(fragmentsMention('发布即上线'), 'the first build indexed the news').toBe(true)
    const { docs } = await payload.find({ collection: 'news', where: { slug: { equals: 'pl-live-news' } }, depth: 0 })
    await payload.update({ collection: 'news', id: docs[0]!.id, data: { summary: '索引随后更新' }, context: { skipSiteRebuild: true } })
    const before = events.length
    queue.request([slug], '新闻「实时发布测试新闻」更新')
    await queue.idle()
    const done = events.slice(before).filter((e) => e.status === 'succeeded' || e.status === 'failed')
    expect(done.map((e) => e.status), done.at(-1)?.logTail).toEqual(['succeeded'])
    expect(done[0]!.logTail).toContain('pages live; indexing search')
    expect(fs.readFileSync(path.join(outDir, slug, 'news', 'pl-live-news', 'index.html'), 'utf8')).toContain('索引随后更新')
    expect(fragmentsMention('索引随后更新'), 'the index was rebuilt after the swap').toBe(true)
    expect(fs.readdirSync(path.join(outDir, slug)).filter((name) => name.startsWith('.pagefind'))).toEqual([])
    beforeHashes = hashTree(path.join(outDir, slug))
  }, 5 * 60_000)

  it('a failed rebuild leaves the live site byte-identical, logs the error and records it as failed', async () => {
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
  }, 5 * 60_000)

  it.skipIf(!registered)('site-builds records the succeeded builds and the failed one', async () => {
    const builds = await payload.find({
      collection: 'site-builds' as never,
      where: { 'district.slug': { equals: slug } } as never,
      sort: 'createdAt',
      depth: 0,
      overrideAccess: true,
    })
    const docs = builds.docs as unknown as { status: string; durationMs: number; pages?: number; logTail: string; trigger: string; title: string }[]
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
