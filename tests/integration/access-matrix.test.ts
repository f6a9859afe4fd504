import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CollectionSlug } from 'payload'

import { day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

/**
 * The tenancy matrix, as data: every role × every district-owned collection ×
 * create / read (a draft) / update / delete / publish / preview (the saved draft rendered as its
 * site page, cms/preview/) × own / child / other district, exercised through
 * REST as real logged-in users. A new collection
 * or role is one more row below.
 */
type Role = 'admin' | 'editor' | 'writer' | 'anonymous'
type Target = 'own' | 'child' | 'other'
type Action = 'create' | 'read' | 'update' | 'delete' | 'publish' | 'preview'

const collections: { slug: CollectionSlug; versioned: boolean; data: (district: number | string, n: string) => Record<string, unknown> }[] =
  [
    { slug: 'stations', versioned: false, data: (district, n) => ({ name: `站${n}`, slug: `st-${n}`, district, kind: 'station' }) },
    { slug: 'brands', versioned: false, data: (district, n) => ({ name: `品牌${n}`, slug: `br-${n}`, district }) },
    {
      slug: 'news',
      versioned: true,
      data: (district, n) => ({ title: `新闻${n}`, slug: `nw-${n}`, district, publishedOn: day('2024-05-01') }),
    },
    {
      slug: 'activities',
      versioned: true,
      data: (district, n) => ({ title: `活动${n}`, slug: `ac-${n}`, district, date: day('2024-05') }),
    },
    {
      slug: 'campaigns',
      versioned: true,
      data: (district, n) => ({ title: `主题${n}`, slug: `cp-${n}`, district, startsOn: day('2024') }),
    },
  ]

const ALL: Target[] = ['own', 'child', 'other']
const SCOPE: Target[] = ['own', 'child']
const NONE: Target[] = []

/**
 * What each role may do, per action; `versioned` distinguishes drafts-enabled
 * collections. Reference records without drafts (stations, brands) are public
 * to read; drafts never are outside one's scope.
 */
const allowed: Record<Role, (action: Action, versioned: boolean) => Target[]> = {
  admin: () => ALL,
  editor: (action, versioned) => (action === 'read' && !versioned ? ALL : SCOPE),
  writer: (action, versioned) =>
    action === 'read' && !versioned ? ALL : action === 'publish' || (action === 'delete' && !versioned) ? NONE : SCOPE,
  anonymous: (action, versioned) => (action === 'read' && !versioned ? ALL : NONE),
}

let cms: TestCms
const districts: Record<string, number | string> = {}
/** Which district plays own/child/other for each role. */
let targets: Record<Role, Record<Target, number | string>>
const clients: Partial<Record<Role, ReturnType<typeof restClient>>> = {}
let counter = 0

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const mk = async (key: string, name: string, parent?: number | string) =>
    (districts[key] = (
      await payload.create({
        collection: 'districts',
        data: { name, slug: key, level: parent ? 'subdistrict' : 'district', parent: parent as number },
      })
    ).id)
  await mk('minhang', '闵行区')
  await mk('xinhong', '新虹街道', districts.minhang)
  await mk('xinhong-zone', '新虹片区', districts.xinhong)
  await mk('jing-an', '静安区')
  targets = {
    admin: { own: districts.minhang!, child: districts.xinhong!, other: districts['jing-an']! },
    editor: { own: districts.minhang!, child: districts.xinhong!, other: districts['jing-an']! },
    writer: { own: districts.xinhong!, child: districts['xinhong-zone']!, other: districts['jing-an']! },
    anonymous: { own: districts.xinhong!, child: districts['xinhong-zone']!, other: districts['jing-an']! },
  }
  const users = {
    admin: { email: 'admin@m.test', roles: ['admin'], districts: [] },
    editor: { email: 'editor@m.test', roles: ['district-editor'], districts: [districts.minhang] },
    writer: { email: 'writer@m.test', roles: ['writer'], districts: [districts.xinhong] },
  }
  for (const [role, user] of Object.entries(users)) {
    await payload.create({ collection: 'users', data: { ...user, password: 'matrix-password-1' } as never })
    const client = restClient(cms.config)
    await client.login(user.email, 'matrix-password-1')
    clients[role as Role] = client
  }
  clients.anonymous = restClient(cms.config)
})
afterAll(async () => {
  const { stopPreviewRenderer } = await import('../../cms/preview/renderer')
  stopPreviewRenderer()
  await cms?.cleanup()
})

/** A fresh record made by the system in a district: a draft (reviewed, ready to publish) for versioned collections. */
async function fixture(collection: (typeof collections)[number], district: number | string) {
  const n = `f${++counter}`
  const doc = await cms.payload.create({
    collection: collection.slug,
    data: { ...collection.data(district, n), ...(collection.versioned ? { reviewState: 'reviewed' } : {}) } as never,
    draft: collection.versioned,
  })
  return doc.id
}

async function attempt(role: Role, collection: (typeof collections)[number], action: Action, district: number | string): Promise<number> {
  const client = clients[role]!
  const path = `/${collection.slug}`
  const draft = collection.versioned ? '?draft=true' : ''
  switch (action) {
    case 'create':
      return (await client.post(`${path}${draft}`, collection.data(district, `c${++counter}`))).status
    case 'read':
      return (await client.get(`${path}/${await fixture(collection, district)}${draft}`)).status
    case 'update':
      return (await client.patch(`${path}/${await fixture(collection, district)}${draft}`, { slug: `u${++counter}` })).status
    case 'delete':
      return (await client.delete(`${path}/${await fixture(collection, district)}`)).status
    case 'publish':
      return (await client.patch(`${path}/${await fixture(collection, district)}`, { _status: 'published' })).status
    case 'preview':
      return (await client.get(`/preview/${collection.slug}/${await fixture(collection, district)}`)).status
  }
}

const roles: Role[] = ['admin', 'editor', 'writer', 'anonymous']
const actions: Action[] = ['create', 'read', 'update', 'delete', 'publish', 'preview']
const cells = roles.flatMap((role) =>
  collections.flatMap((collection) =>
    actions
      .filter((action) => action !== 'publish' || collection.versioned)
      .flatMap((action) => (['own', 'child', 'other'] as Target[]).map((target) => ({ role, collection, action, target }))),
  ),
)

describe('access matrix (REST, real logged-in users)', () => {
  it.each(cells.map((c) => [`${c.role} ${c.action} ${c.collection.slug} in ${c.target} district`, c] as const))('%s', async (_, cell) => {
    const expected = allowed[cell.role](cell.action, cell.collection.versioned).includes(cell.target)
    const status = await attempt(cell.role, cell.collection, cell.action, targets[cell.role][cell.target])
    if (expected) expect(status, 'expected success').toBeLessThan(300)
    else expect([400, 401, 403, 404], `expected refusal, got ${status}`).toContain(status)
  })

  it('covers every role, collection and action', () => {
    expect(cells.length).toBe(roles.length * (2 * 5 * 3 + 3 * 6 * 3))
  })
})

describe('tenant switching', () => {
  it('a writer cannot move a document into another district, and nothing changes', async () => {
    const news = collections.find((c) => c.slug === 'news')!
    const id = await fixture(news, districts.xinhong!)
    const res = await clients.writer!.patch(`/news/${id}?draft=true`, { district: districts['jing-an'] })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toContain('不能把内容放到您负责范围以外的区域')
    const doc = await cms.payload.findByID({ collection: 'news', id, draft: true, depth: 0 })
    expect(doc.district).toBe(districts.xinhong)
  })

  it('a writer cannot move a document up into the parent district either', async () => {
    const station = await fixture(collections[0]!, districts.xinhong!)
    const res = await clients.writer!.patch(`/stations/${station}`, { district: districts.minhang })
    expect(res.status).toBe(400)
  })

  it('an editor may move a document between districts of their own scope', async () => {
    const id = await fixture(collections[0]!, districts.xinhong!)
    const res = await clients.editor!.patch(`/stations/${id}`, { district: districts.minhang })
    expect(res.status).toBe(200)
  })

  it("a writer's list of drafts never includes another district's drafts", async () => {
    const news = collections.find((c) => c.slug === 'news')!
    const foreign = await fixture(news, districts['jing-an']!)
    const res = await clients.writer!.get('/news?draft=true&limit=500&depth=0')
    expect(res.status).toBe(200)
    const ids = res.body.docs.map((d: { id: number }) => d.id)
    expect(ids).not.toContain(foreign)
    const foreignDrafts = res.body.docs.filter(
      (d: { district: number; _status: string }) =>
        ![districts.xinhong, districts['xinhong-zone']].includes(d.district) && d._status !== 'published',
    )
    expect(foreignDrafts).toEqual([])
  })

  it("a writer cannot read another district's version history", async () => {
    const news = collections.find((c) => c.slug === 'news')!
    const foreign = await fixture(news, districts['jing-an']!)
    const res = await clients.writer!.get(`/news/versions?where[parent][equals]=${foreign}`)
    expect(res.body.totalDocs ?? 0).toBe(0)
  })
})
