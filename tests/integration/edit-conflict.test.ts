import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CollectionSlug } from 'payload'

import { day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

/**
 * No lost updates (cms/api/editConflict.ts): a PATCH carrying the `updatedAt` the editor read as
 * If-Match is refused with 409 once someone else has saved, through the real REST handlers as
 * real logged-in district editors; without the header a save behaves as before.
 */
type Client = ReturnType<typeof restClient>
type Editable = {
  slug: CollectionSlug
  versioned: boolean
  text: 'title' | 'name'
  make: (district: number | string, n: number) => Record<string, unknown>
}

const editable: Editable[] = [
  {
    slug: 'news',
    versioned: true,
    text: 'title',
    make: (district, n) => ({ title: `新闻${n}`, slug: `news-${n}`, district, publishedOn: day('2024-05-01') }),
  },
  {
    slug: 'activities',
    versioned: true,
    text: 'title',
    make: (district, n) => ({ title: `活动${n}`, slug: `act-${n}`, district, date: day('2024-05') }),
  },
  {
    slug: 'campaigns',
    versioned: true,
    text: 'title',
    make: (district, n) => ({ title: `主题${n}`, slug: `camp-${n}`, district, startsOn: day('2024') }),
  },
  {
    slug: 'stations',
    versioned: false,
    text: 'name',
    make: (district, n) => ({ name: `阵地${n}`, slug: `st-${n}`, district, kind: 'station' }),
  },
  { slug: 'brands', versioned: false, text: 'name', make: (district, n) => ({ name: `品牌${n}`, slug: `br-${n}`, district }) },
  {
    slug: 'districts',
    versioned: false,
    text: 'name',
    make: (district, n) => ({ name: `街道${n}`, slug: `sub-${n}`, level: 'subdistrict', parent: district }),
  },
]

let cms: TestCms
let minhang: number | string
let alice: Client
let bob: Client
let counter = 0

beforeAll(async () => {
  // A lock left behind by a failed save would then hold the next save past the test timeout, not just 30 s.
  process.env.EDIT_LOCK_LEASE_MS = '600000'
  cms = await startTestCms()
  const { payload } = cms
  minhang = (await payload.create({ collection: 'districts', data: { name: '闵行区', slug: 'minhang', level: 'district' } })).id
  const editors: Client[] = []
  for (const email of ['alice@conflict.test', 'bob@conflict.test']) {
    await payload.create({
      collection: 'users',
      data: { email, password: 'conflict-password-1', name: email, roles: ['district-editor'], districts: [minhang] } as never,
    })
    const client = restClient(cms.config)
    await client.login(email, 'conflict-password-1')
    editors.push(client)
  }
  ;[alice, bob] = editors as [Client, Client]
})
afterAll(async () => cms?.cleanup())

/** A fresh document in the editors' district (a draft for versioned collections); its REST path with the draft flag. */
async function fixture(collection: Editable) {
  const doc = await cms.payload.create({
    collection: collection.slug,
    data: collection.make(minhang, ++counter) as never,
    draft: collection.versioned,
  })
  return `/${collection.slug}/${doc.id}${collection.versioned ? '?draft=true' : ''}`
}

async function read(client: Client, path: string) {
  const res = await client.get(path)
  expect(res.status).toBe(200)
  return res.body as Record<string, any>
}

describe.each(editable.map((c) => [c.slug, c] as const))('%s', (_, collection) => {
  it('a stale If-Match is refused with 409 and the message, and the other editor’s save stays', async () => {
    const path = await fixture(collection)
    const seenByAlice = await read(alice, path)
    expect((await bob.patch(path, { [collection.text]: 'Bob 的修改' }, { 'If-Match': seenByAlice.updatedAt })).status).toBe(200)

    const stale = await alice.patch(path, { [collection.text]: 'Alice 的修改' }, { 'If-Match': seenByAlice.updatedAt })
    expect(stale.status).toBe(409)
    const message = stale.body.errors[0].message as string
    expect(message).toContain('该内容已被他人修改')
    expect(message).toContain('请刷新后再保存')
    expect(message).toContain('changed by someone else')

    const stored = await read(alice, path)
    expect(stored[collection.text]).toBe('Bob 的修改')
    expect(message).toContain(stored.updatedAt)
  })

  it('a fresh If-Match saves, and so does a save without the header', async () => {
    const path = await fixture(collection)
    const fresh = await read(alice, path)
    const saved = await alice.patch(path, { [collection.text]: '核对后的修改' }, { 'If-Match': `"${fresh.updatedAt}"` })
    expect(saved.status).toBe(200)
    expect(saved.body.doc[collection.text]).toBe('核对后的修改')

    // No header: last write wins, as before.
    expect((await bob.patch(path, { [collection.text]: '不带版本的修改' })).status).toBe(200)
    expect((await read(alice, path))[collection.text]).toBe('不带版本的修改')
  })
})

describe('concurrent saves with the same If-Match', () => {
  it.each(editable.map((c) => [c.slug, c] as const))('%s: exactly one of two wins, the other gets 409', async (_, collection) => {
    const path = await fixture(collection)
    for (let round = 0; round < 5; round++) {
      const seen = (await read(alice, path)).updatedAt
      const [a, b] = await Promise.all([
        alice.patch(path, { [collection.text]: `Alice ${round}` }, { 'If-Match': seen }),
        bob.patch(path, { [collection.text]: `Bob ${round}` }, { 'If-Match': seen }),
      ])
      expect([a.status, b.status].sort()).toEqual([200, 409])
      const winner = a.status === 200 ? `Alice ${round}` : `Bob ${round}`
      expect((await read(alice, path))[collection.text]).toBe(winner)
    }
  })

  it.each(editable.map((c) => [c.slug, c] as const))(
    '%s: two saves at once without If-Match both succeed, one after the other',
    async (_, collection) => {
      const path = await fixture(collection)
      const [a, b] = await Promise.all([
        alice.patch(path, { [collection.text]: 'Alice 无版本' }),
        bob.patch(path, { [collection.text]: 'Bob 无版本' }),
      ])
      expect([a.status, b.status]).toEqual([200, 200])
      expect(['Alice 无版本', 'Bob 无版本']).toContain((await read(alice, path))[collection.text])
    },
  )

  it('news: of five editors saving at once, one wins and the version history holds only the winners', async () => {
    const news = editable[0]!
    const path = await fixture(news)
    const id = path.split('/')[2]!.split('?')[0]!
    const clients = [alice, bob, alice, bob, alice]
    const winners: string[] = []
    for (let round = 0; round < 4; round++) {
      const seen = (await read(alice, path)).updatedAt
      const results = await Promise.all(
        clients.map((client, i) => client.patch(path, { title: `第${round}轮 编辑${i}` }, { 'If-Match': seen })),
      )
      const statuses = results.map((r) => r.status)
      expect(statuses.filter((s) => s === 200)).toHaveLength(1)
      expect(statuses.filter((s) => s === 409)).toHaveLength(4)
      winners.push(results.find((r) => r.status === 200)!.body.doc.title)
    }
    const versions = await cms.payload.findVersions({
      collection: 'news',
      where: { parent: { equals: id } },
      sort: 'createdAt',
      limit: 100,
      depth: 0,
    })
    const titles = versions.docs.map((v) => v.version.title).slice(1) // the first version is the fixture itself
    expect(titles).toEqual(winners)
  })
})

describe('the admin', () => {
  it('keeps document locking on for every editable collection (a second editor cannot open a document being edited)', () => {
    const locked = cms.payload.collections['payload-locked-documents']!.config.fields.find((f) => 'name' in f && f.name === 'document')
    const lockable = (locked as { relationTo: string[] }).relationTo
    for (const { slug } of editable) expect(lockable, slug).toContain(slug)
  })
})

describe('If-Match values', () => {
  it('`*` skips the check; a value that is not a time is refused with 400', async () => {
    const path = await fixture(editable[3]!)
    expect((await alice.patch(path, { name: '任意' }, { 'If-Match': '*' })).status).toBe(200)
    const bad = await alice.patch(path, { name: '坏值' }, { 'If-Match': 'yesterday' })
    expect(bad.status).toBe(400)
    expect(JSON.stringify(bad.body)).toContain('If-Match')
    expect((await read(alice, path)).name).toBe('任意')
  })

  it('a refused save (validation, access) releases the document for the next save', async () => {
    const path = await fixture(editable[3]!)
    const seen = (await read(alice, path)).updatedAt
    expect((await alice.patch(path, { name: '' }, { 'If-Match': seen })).status).toBe(400)
    // Refused by access control too (an anonymous caller), which happens after the document is locked.
    expect((await restClient(cms.config).patch(path, { name: '匿名' }, { 'If-Match': seen })).status).toBe(403)
    expect((await alice.patch(path, { name: '改好了' }, { 'If-Match': seen })).status).toBe(200)
  })
})
