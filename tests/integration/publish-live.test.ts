/**
 * Publish → live: content changes rebuild the affected district sites.
 *
 *  - the rebuild queue itself: tests/integration/rebuild-queue.test.ts;
 *  - the collection hooks: which saves are public (publish/unpublish/edit/delete) and which
 *    district sites they affect (district + ancestors, previous district, campaign targets).
 *    Once the hooks are registered on the collections these tests go through the real save
 *    path (`payload.update` …); until then they call the hook functions with the same
 *    arguments Payload would;
 *  - real rebuilds through the queue: tests/e2e/publish-live-builds.test.ts.
 *
 * Tests that read the `site-builds` collection run only once it is registered in the config.
 */

import type { CollectionSlug, PayloadRequest, SanitizedCollectionConfig } from 'payload'
import { afterAll, afterEach, describe, expect, it } from 'vitest'

import {
  affectedDistricts,
  classifyChange,
  isRebuildHook,
  rebuildSitesAfterChange,
  rebuildSitesAfterDelete,
} from '../../cms/publishing/hooks'
import { installRebuildQueue, RebuildQueue } from '../../cms/publishing/rebuildQueue'
import { day } from '../helpers/fixtures'
import { startTestCms } from '../helpers/payload'
import { expectNoOverlap, fakeBuilder, recorder, silent, sleep } from '../helpers/rebuilds'

// The config reads DATABASE_URI and MEDIA_DIR once, so the CMS starts before anything else imports it.
const cms = await startTestCms()
const { payload, config } = cms

const collectionConfig = (slug: string) => config.collections.find((c) => c.slug === slug) as SanitizedCollectionConfig
/** The rebuild hooks are on the news collection: saves go through the real path. */
const hooksRegistered =
  (collectionConfig('news')?.hooks?.afterChange ?? []).some(isRebuildHook) &&
  (collectionConfig('news')?.hooks?.afterDelete ?? []).some(isRebuildHook)
const via = hooksRegistered ? 'registered hooks, real saves' : 'hook functions called directly'

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
    data: {
      title,
      slug: `pl-news-${newsCounter}-${Date.now()}`,
      district: district as number,
      publishedOn: day('2026-03-01'),
      _status: status,
    },
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
    req: { payload, context: { isDraftSave: draft } } as unknown as PayloadRequest, // as the review chain's markDraftSave sets it (cms/review/workflow.ts)
  })
  return doc
}

async function remove(collection: CollectionSlug, id: number | string) {
  if (hooksRegistered) return payload.delete({ collection, id, depth: 0 })
  const doc = await payload.delete({ collection, id, depth: 0 })
  await afterDelete({ collection: collectionConfig(collection), context: {}, doc, id, req: fakeReq() })
  return doc
}

afterEach(() => {
  installRebuildQueue(undefined)
})

afterAll(async () => {
  installRebuildQueue(undefined)
  await cms.cleanup()
})

// ---------------------------------------------------------------------------

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
      const slugs = fake.calls
        .slice(before)
        .map((c) => c.slug)
        .sort()
      const trigger = rec.events.filter((e) => e.status === 'succeeded').at(-1)?.trigger
      return { slugs, trigger }
    }
    const both = ['pl-district', 'pl-subdistrict']

    // A new draft (create) and drafts saved over it: nothing public.
    let news!: Awaited<ReturnType<typeof createNews>>
    const created = await step(async () => {
      news = await createNews(child.id, 'draft')
      if (!hooksRegistered) {
        await afterChange({
          collection: collectionConfig('news'),
          context: {},
          data: {},
          doc: news,
          operation: 'create',
          previousDoc: {},
          req: fakeReq(),
        })
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
    expect(
      await affectedDistricts({ payload, req, collection: 'districts', doc: { slug: 'pl-subdistrict', parent: parent.id }, deleted: true }),
    ).toEqual(['pl-district'])
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
