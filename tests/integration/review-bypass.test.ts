import { GRAPHQL_POST } from '@payloadcms/next/routes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { paragraphsToLexical } from '../../cms/seed/lexical'
import { day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'
import { reviewCast } from '../helpers/reviewFixtures'

/**
 * Every path that can change `_status` (REST single and bulk, with and without ?draft=true, GraphQL,
 * the Local API with a user, version restore) × every role: only a district editor publishes, and
 * only reviewed content that passes the 错敏词 check; an admin may override, and it is logged.
 * The attack that started it: a writer's `PATCH /api/news/<id>?draft=true {"_status":"published"}`.
 */
type Role = 'admin' | 'editor' | 'writer' | 'reader' | 'anonymous'
const collections = ['news', 'activities', 'campaigns'] as const
type Slug = (typeof collections)[number]

let cms: TestCms
let minhang: number
let xinhong: number
let jingan: number
const tokens: Partial<Record<Role, string>> = {}
const as = {} as Record<Role, ReturnType<typeof restClient>>
const users = {} as Record<'admin' | 'editor' | 'writer', any>
let counter = 0

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const cast = await reviewCast(payload, cms.config, 'bypass.test')
  ;({ minhang, xinhong } = cast)
  Object.assign(as, cast.as)
  Object.assign(users, cast.users)
  Object.assign(tokens, cast.tokens)
  jingan = (await payload.create({ collection: 'districts', data: { name: '静安区', slug: 'jingan', level: 'district' } })).id
  await payload.create({
    collection: 'users',
    data: {
      email: 'reader@bypass.test',
      password: 'bypass-password-1',
      roles: ['site-reader'],
      enableAPIKey: true,
      apiKey: 'bypass-reader-key-0123456789abcdef',
    } as never,
  })
  as.reader = restClient(cms.config)
  as.reader.useApiKey('bypass-reader-key-0123456789abcdef')
  as.anonymous = restClient(cms.config)
  await payload.create({
    collection: 'word-lists',
    data: { name: '闵行区词表', district: minhang, words: [{ word: '违禁示例词', level: 'forbidden' }] },
  })
})
afterAll(async () => cms?.cleanup())

function itemData(slug: Slug, title: string) {
  const base = { title, slug: `bypass-${++counter}`, district: xinhong, body: paragraphsToLexical('新虹街道开展党建活动。') }
  if (slug === 'news') return { ...base, publishedOn: day('2024-05-01') }
  if (slug === 'activities') return { ...base, date: day('2024-05-01') }
  return { title, slug: base.slug, district: xinhong, startsOn: day('2024-05-01') }
}

/** A writer's new draft (reviewState 草稿). */
async function draftItem(slug: Slug, title = '新虹街道党建新闻') {
  const res = await as.writer.post(`/${slug}?draft=true`, itemData(slug, title))
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body.doc.id as number
}

const stored = (slug: Slug, id: number) => cms.payload.findByID({ collection: slug, id, depth: 0, overrideAccess: true }) as Promise<any>
const anonymousSees = async (slug: Slug, id: number) => (await as.anonymous.get(`/${slug}/${id}`)).status === 200

async function graphql(role: Role, query: string) {
  const headers = new Headers({ 'Content-Type': 'application/json' })
  if (tokens[role]) headers.set('Authorization', `JWT ${tokens[role]}`)
  const response = await GRAPHQL_POST(cms.config)(
    new Request('http://localhost/api/graphql', { method: 'POST', headers, body: JSON.stringify({ query }) }),
  )
  return (await response.json()) as { data?: any; errors?: { message: string }[] }
}
const gqlName: Record<Slug, string> = { news: 'News', activities: 'Activity', campaigns: 'Campaign' }

/** The ways a client can ask for a publish of an existing document. */
const publishPaths: Record<string, (role: Role, slug: Slug, id: number) => Promise<unknown>> = {
  'REST PATCH ?draft=true': (role, slug, id) => as[role].patch(`/${slug}/${id}?draft=true`, { _status: 'published' }),
  'REST PATCH': (role, slug, id) => as[role].patch(`/${slug}/${id}`, { _status: 'published' }),
  'REST bulk PATCH ?draft=true': (role, slug, id) =>
    as[role].patch(`/${slug}?where[id][equals]=${id}&draft=true`, { _status: 'published' }),
  'GraphQL update draft: true': (role, slug, id) =>
    graphql(role, `mutation { update${gqlName[slug]}(id: ${id}, draft: true, data: { _status: published }) { id } }`),
  'Local API with the user, draft: true': (role, slug, id) =>
    cms.payload
      .update({
        collection: slug,
        id,
        draft: true,
        data: { _status: 'published' },
        overrideAccess: false,
        user: role in users ? users[role as keyof typeof users] : undefined,
      })
      .catch((error) => error),
}

describe('no role but an editor publishes unreviewed content, on any path', () => {
  for (const slug of collections) {
    for (const [path, publish] of Object.entries(publishPaths)) {
      for (const role of ['writer', 'editor', 'reader', 'anonymous'] as const) {
        if (path.startsWith('Local API') && (role === 'reader' || role === 'anonymous')) continue
        it(`${slug} · ${path} · ${role}: stays a draft`, async () => {
          const id = await draftItem(slug)
          await publish(role, slug, id)
          const doc = await stored(slug, id)
          expect(doc._status).toBe('draft')
          expect(doc.reviewState).toBe('draft')
          expect(await anonymousSees(slug, id)).toBe(false)
        })
      }
    }
  }

  it('an editor publishing a reviewed item through ?draft=true is a publish, with its check and log', async () => {
    const id = await draftItem('news')
    // Marked reviewed by trusted server code (no user: no check), then a forbidden word gets in.
    await cms.payload.update({ collection: 'news', id, draft: true, data: { reviewState: 'reviewed', title: '含有违禁示例词的标题' } })
    const refused = await as.editor.patch(`/news/${id}?draft=true`, { _status: 'published' })
    expect(refused.status).toBe(400)
    expect(JSON.stringify(refused.body)).toContain('违禁示例词')
    expect((await stored('news', id))._status).toBe('draft')

    const ok = await as.editor.patch(`/news/${id}?draft=true`, { _status: 'published', title: '新虹街道党建新闻' })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    const doc = await stored('news', id)
    expect(doc._status).toBe('published')
    expect(doc.reviewLog.map((e: any) => e.action)).toContain('发布')
  })

  it('an admin may publish unreviewed content through any path, logged as an override', async () => {
    for (const [path, publish] of Object.entries(publishPaths)) {
      const id = await draftItem('news')
      await publish('admin', 'news', id)
      const doc = await stored('news', id)
      expect(doc._status, path).toBe('published')
      expect(
        doc.reviewLog.map((e: any) => e.action),
        path,
      ).toContain('管理员直接发布（未经审核）')
    }
  })
})

describe('live content and the review log cannot be changed around the chain', () => {
  async function publishedItem() {
    const id = await draftItem('news')
    await as.writer.patch(`/news/${id}?draft=true`, { reviewState: 'submitted' })
    await as.editor.patch(`/news/${id}?draft=true`, { reviewState: 'reviewed' })
    expect((await as.editor.patch(`/news/${id}`, { _status: 'published' })).status).toBe(200)
    return id
  }

  it('a writer cannot change a published item in place (only as a draft)', async () => {
    const id = await publishedItem()
    const res = await as.writer.patch(`/news/${id}`, { title: '未经审核的新标题' })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toContain('撰稿人不能直接修改已发布的内容')
    expect((await stored('news', id)).title).toBe('新虹街道党建新闻')
    expect((await as.anonymous.get(`/news/${id}`)).body.title).toBe('新虹街道党建新闻')
    // As a draft it is fine: the live version stays.
    expect((await as.writer.patch(`/news/${id}?draft=true`, { title: '草稿里的新标题' })).status).toBe(200)
    expect((await as.anonymous.get(`/news/${id}`)).body.title).toBe('新虹街道党建新闻')
  })

  it('a writer cannot restore a published version over the live item', async () => {
    const id = await publishedItem()
    expect((await as.editor.patch(`/news/${id}`, { _status: 'draft' })).status).toBe(200)
    const { docs } = await cms.payload.findVersions({
      collection: 'news',
      where: { parent: { equals: id }, 'version._status': { equals: 'published' } },
    })
    await as.writer.post(`/news/versions/${docs[0].id}`, {})
    expect((await stored('news', id))._status).toBe('draft')
    expect(await anonymousSees('news', id)).toBe(false)
  })

  it('nobody rewrites the review log through the API', async () => {
    const id = await publishedItem()
    const before = (await stored('news', id)).reviewLog.length
    for (const role of ['writer', 'editor'] as const) {
      await as[role].patch(`/news/${id}?draft=true`, { reviewLog: [{ action: '伪造', state: '已发布', byName: 'x' }] })
      const log = (await cms.payload.findByID({ collection: 'news', id, draft: true, depth: 0 })).reviewLog as any[]
      expect(log.slice(0, before).map((e) => e.action)).toEqual((await stored('news', id)).reviewLog.map((e: any) => e.action))
      expect(log.map((e) => e.action)).not.toContain('伪造')
    }
  })
})

describe('district hierarchy: only admins move districts', () => {
  it('a district editor cannot re-parent their district, nor change its level', async () => {
    const editor = restClient(cms.config)
    await cms.payload.create({
      collection: 'users',
      data: { email: 'jingan@bypass.test', password: 'bypass-password-1', roles: ['district-editor'], districts: [jingan] } as never,
    })
    await editor.login('jingan@bypass.test', 'bypass-password-1')
    const moved = await editor.patch(`/districts/${jingan}`, { parent: minhang })
    expect(moved.status).toBe(403)
    expect(JSON.stringify(moved.body)).toContain('上级区域')
    const relevelled = await editor.patch(`/districts/${jingan}`, { level: 'subdistrict' })
    expect(relevelled.status).toBe(403)
    const district = await cms.payload.findByID({ collection: 'districts', id: jingan, depth: 0 })
    expect(district.parent ?? null).toBeNull()
    expect(district.level).toBe('district')
    // Their site settings stay theirs to edit.
    expect((await editor.patch(`/districts/${jingan}`, { site: { title: '静安党建' } })).status).toBe(200)
    // An admin may move it.
    expect((await as.admin.patch(`/districts/${jingan}`, { parent: minhang })).status).toBe(200)
    await as.admin.patch(`/districts/${jingan}`, { parent: null })
  })
})
