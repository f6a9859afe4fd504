import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CollectionSlug } from 'payload'

import { adminUser, baseFixtures, day } from '../helpers/fixtures'
import { pngBuffer, startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

let cms: TestCms
let base: Awaited<ReturnType<typeof baseFixtures>>
let rest: ReturnType<typeof restClient>

beforeAll(async () => {
  cms = await startTestCms()
  base = await baseFixtures(cms.payload)
  await cms.payload.create({ collection: 'users', data: adminUser })
  rest = restClient(cms.config)
  await rest.login(adminUser.email, adminUser.password)
})
afterAll(async () => cms?.cleanup())

type Case = {
  collection: CollectionSlug
  /** Valid data for a new record; `n` keeps slugs/emails apart between the Local API and REST runs. */
  create: (n: number) => Record<string, unknown>
  update: Record<string, unknown>
  /** A relationship field the record sets, and the collection it points at, to check depth 0 vs 1. */
  relation: { field: string; to: CollectionSlug; id: () => number | string }
}

/** One row per collection with editable content: add a collection, add a row. */
const cases: Case[] = [
  {
    collection: 'districts',
    create: (n) => ({ name: `测试镇${n}`, slug: `crud-town-${n}`, level: 'town', parent: base.parent.id }),
    update: { summary: '更新后的简介' },
    relation: { field: 'parent', to: 'districts', id: () => base.parent.id },
  },
  {
    collection: 'stations',
    create: (n) => ({
      name: `测试党群服务站${n}`,
      slug: `crud-station-${n}`,
      district: base.child.id,
      kind: 'station',
      zones: [{ name: '共享阅读区' }],
      openedOn: day('2018-03'),
    }),
    update: { floor: '5楼' },
    relation: { field: 'district', to: 'districts', id: () => base.child.id },
  },
  {
    collection: 'brands',
    create: (n) => ({ name: `测试品牌${n}`, slug: `crud-brand-${n}`, district: base.child.id, values: [{ name: '爱党爱家' }] }),
    update: { tagline: '新的口号' },
    relation: { field: 'district', to: 'districts', id: () => base.child.id },
  },
  {
    collection: 'news',
    create: (n) => ({
      title: `测试新闻${n}`,
      slug: `crud-news-${n}`,
      district: base.child.id,
      publishedOn: day('2019-08-14'),
      cover: base.image.id,
      _status: 'published',
    }),
    update: { summary: '更新后的摘要' },
    relation: { field: 'cover', to: 'media', id: () => base.image.id },
  },
  {
    collection: 'activities',
    create: (n) => ({
      title: `测试活动${n}`,
      slug: `crud-activity-${n}`,
      district: base.parent.id,
      date: day('2019-06'),
      _status: 'published',
    }),
    update: { venue: '新的地点' },
    relation: { field: 'district', to: 'districts', id: () => base.parent.id },
  },
  {
    collection: 'campaigns',
    create: (n) => ({
      title: `测试主题${n}`,
      slug: `crud-campaign-${n}`,
      district: base.parent.id,
      startsOn: day('2020-05'),
      targetDistricts: [base.child.id],
      _status: 'published',
    }),
    update: { summary: '主题更新' },
    relation: { field: 'district', to: 'districts', id: () => base.parent.id },
  },
  {
    collection: 'users',
    create: (n) => ({ email: `writer${n}@test.local`, password: 'writer-password-1', roles: ['writer'], districts: [base.child.id] }),
    update: { name: '新名字' },
    relation: { field: 'districts', to: 'districts', id: () => base.child.id },
  },
]

const relationAt = (doc: Record<string, any>, field: string) => {
  const value = doc[field]
  return Array.isArray(value) ? value[0] : value
}

describe.each(cases)('$collection CRUD', ({ collection, create, update, relation }) => {
  it('through the Local API, with relationship depth', async () => {
    const { payload } = cms
    const created = await payload.create({ collection, data: create(1) as never })
    expect(created.id).toBeDefined()
    expect((created as { createdAt?: string }).createdAt).toBeTruthy()
    expect((created as { updatedAt?: string }).updatedAt).toBeTruthy()

    const flat = await payload.findByID({ collection, id: created.id, depth: 0 })
    expect(relationAt(flat, relation.field)).toBe(relation.id())
    const deep = await payload.findByID({ collection, id: created.id, depth: 1 })
    expect(relationAt(deep, relation.field)).toMatchObject({ id: relation.id() })

    const updated = await payload.update({ collection, id: created.id, data: update as never })
    for (const [key, value] of Object.entries(update)) expect((updated as any)[key]).toEqual(value)

    await payload.delete({ collection, id: created.id })
    await expect(payload.findByID({ collection, id: created.id })).rejects.toMatchObject({ status: 404 })
  })

  it('through the REST route handlers, with relationship depth', async () => {
    const created = await rest.post(`/${collection}`, create(2))
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const id = created.body.doc.id

    const flat = await rest.get(`/${collection}/${id}?depth=0`)
    expect(flat.status).toBe(200)
    expect(relationAt(flat.body, relation.field)).toBe(relation.id())
    const deep = await rest.get(`/${collection}/${id}?depth=1`)
    expect(relationAt(deep.body, relation.field)).toMatchObject({ id: relation.id() })

    const list = await rest.get(`/${collection}?where[id][equals]=${id}&depth=1`)
    expect(list.body.totalDocs).toBe(1)

    const patched = await rest.patch(`/${collection}/${id}`, update)
    expect(patched.status, JSON.stringify(patched.body)).toBe(200)
    for (const [key, value] of Object.entries(update)) expect(patched.body.doc[key]).toEqual(value)

    expect((await rest.delete(`/${collection}/${id}`)).status).toBe(200)
    expect((await rest.get(`/${collection}/${id}`)).status).toBe(404)
  })
})

describe('media CRUD', () => {
  it('through the Local API: upload makes WebP and AVIF sizes', async () => {
    const png = await pngBuffer(1800, 1000)
    const doc = await cms.payload.create({
      collection: 'media',
      data: { alt: '党群服务站外景' },
      file: { data: png, mimetype: 'image/png', name: 'station.png', size: png.length },
    })
    for (const size of ['thumbnail', 'card', 'hero', 'og']) {
      expect(doc.sizes?.[size as 'card']?.mimeType).toBe('image/webp')
      expect(doc.sizes?.[`${size}Avif` as 'cardAvif']?.mimeType).toBe('image/avif')
    }
    expect(doc.sizes?.og).toMatchObject({ width: 1200, height: 630 })
    const updated = await cms.payload.update({ collection: 'media', id: doc.id, data: { caption: '新说明' } })
    expect(updated.caption).toBe('新说明')
    await cms.payload.delete({ collection: 'media', id: doc.id })
    await expect(cms.payload.findByID({ collection: 'media', id: doc.id })).rejects.toMatchObject({ status: 404 })
  })

  it('through the REST route handlers (multipart upload)', async () => {
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(await pngBuffer())], { type: 'image/png' }), 'rest-upload.png')
    form.append('_payload', JSON.stringify({ alt: '活动现场' }))
    const created = await rest.post('/media', form)
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    expect(created.body.doc.alt).toBe('活动现场')
    const id = created.body.doc.id
    expect((await rest.patch(`/media/${id}`, { alt: '活动现场合影' })).body.doc.alt).toBe('活动现场合影')
    expect((await rest.delete(`/media/${id}`)).status).toBe(200)
    expect((await rest.get(`/media/${id}`)).status).toBe(404)
  })
})

describe('public reads', () => {
  it('an anonymous REST read sees published news but never a draft', async () => {
    const published = await cms.payload.create({
      collection: 'news',
      data: { title: '已发布', slug: 'public-published', district: base.child.id, publishedOn: day('2020'), _status: 'published' },
    })
    const draft = await cms.payload.create({
      collection: 'news',
      data: { title: '草稿-DRAFT-MARKER', slug: 'public-draft', district: base.child.id, publishedOn: day('2020') },
      draft: true,
    })
    const anonymous = restClient(cms.config)
    const list = await anonymous.get('/news?limit=100')
    const ids = list.body.docs.map((d: { id: number }) => d.id)
    expect(ids).toContain(published.id)
    expect(ids).not.toContain(draft.id)
    expect((await anonymous.get(`/news/${draft.id}`)).status).toBe(404)
    expect(JSON.stringify(list.body)).not.toContain('DRAFT-MARKER')
  })

  it('anonymous users cannot write', async () => {
    const anonymous = restClient(cms.config)
    const res = await anonymous.post('/news', { title: 'x', slug: 'anon', district: base.child.id, publishedOn: day('2020') })
    expect(res.status).toBe(403)
  })
})
