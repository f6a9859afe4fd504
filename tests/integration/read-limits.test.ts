import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { readLimits } from '../../cms/plugins/readLimits'
import { adminUser, day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

/** No REST or GraphQL read returns a whole collection or an unbounded depth (`limit=100000`, `limit=0`, `pagination=false` …). */
let cms: TestCms
const anonymous = () => restClient(cms.config)
let admin: ReturnType<typeof restClient>
const total = 620

beforeAll(async () => {
  cms = await startTestCms()
  await cms.payload.create({ collection: 'users', data: adminUser })
  admin = restClient(cms.config)
  await admin.login(adminUser.email, adminUser.password)
  const district = (
    await cms.payload.create({ collection: 'districts', data: { name: '新虹街道', slug: 'xinhong', level: 'subdistrict' } })
  ).id
  for (let i = 0; i < total; i++) {
    await cms.payload.db.create({
      collection: 'districts',
      data: {
        name: `区域${i}`,
        slug: `d-${i}`,
        level: 'zone',
        parent: district,
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
      },
    })
  }
  await cms.payload.create({
    collection: 'news',
    data: { title: '新闻', slug: 'n', district, publishedOn: day('2024-05-01'), _status: 'published' },
  })
}, 300_000)
afterAll(async () => cms?.cleanup())

describe('read caps', () => {
  const queries = ['limit=100000', 'limit=0', 'limit=-1', 'pagination=false', 'pagination=false&limit=0', 'limit=abc']
  for (const query of queries) {
    it(`anonymous ${query} gets one page of at most ${readLimits.anonymous.maxLimit} documents and the total`, async () => {
      const res = await anonymous().get(`/districts?${query}&depth=0`)
      expect(res.status).toBe(200)
      expect(res.body.docs.length).toBe(query === 'pagination=false' ? 10 : readLimits.anonymous.maxLimit)
      expect(res.body.totalDocs).toBe(total + 1)
      expect(res.body.hasNextPage).toBe(true)
    })
    it(`signed-in ${query} gets at most ${readLimits.signedIn.maxLimit}`, async () => {
      const res = await admin.get(`/districts?${query}&depth=0`)
      expect(res.body.docs.length).toBe(query === 'pagination=false' ? 10 : readLimits.signedIn.maxLimit)
      expect(res.body.hasNextPage).toBe(true)
    })
  }

  it('ordinary pages are untouched, and the next page is reachable', async () => {
    expect((await anonymous().get('/districts?limit=20')).body.docs.length).toBe(20)
    expect((await anonymous().get('/districts')).body.docs.length).toBe(10)
    const last = await anonymous().get('/districts?limit=100&page=7&depth=0')
    expect(last.body.docs.length).toBe(total + 1 - 600)
  })

  it('depth is cut to 2 for anonymous readers (a relationship two levels down stays an id)', async () => {
    const child = (await cms.payload.find({ collection: 'districts', where: { slug: { equals: 'd-0' } } })).docs[0]!
    const deep = await anonymous().get(`/districts/${child.id}?depth=100`)
    expect(deep.status).toBe(200)
    expect(typeof deep.body.parent).toBe('object')
    const news = await anonymous().get('/news?depth=100')
    expect(typeof news.body.docs[0].district).toBe('object')
  })

  it('GraphQL is capped the same way', async () => {
    const { GRAPHQL_POST } = await import('@payloadcms/next/routes')
    const response = await GRAPHQL_POST(cms.config)(
      new Request('http://localhost/api/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ query: '{ Districts(limit: 100000, pagination: false) { docs { id } totalDocs } }' }),
      }),
    )
    const body = (await response.json()) as any
    expect(body.data.Districts.docs.length).toBe(readLimits.anonymous.maxLimit)
  })

  it('server code (the Local API) is not capped', async () => {
    const all = await cms.payload.find({ collection: 'districts', pagination: false, depth: 0 })
    expect(all.docs.length).toBe(total + 1)
  })
})
