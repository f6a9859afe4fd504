import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { paragraphsToLexical } from '../../cms/seed/lexical'
import { adminUser, baseFixtures, day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

/**
 * Issue 17: a district's content entered over REST with the API's answers as the only guide. Wrong
 * shapes were stored as nulls and empty lists (201), unknown keys ignored, slugs where ids belong and
 * invalid select values answered 500. Now each is a 400 naming the API path, the expected shape and the
 * allowed values, with nothing written; relationships also take `{"slug": …}`.
 */
let cms: TestCms
let rest: ReturnType<typeof restClient>
let base: Awaited<ReturnType<typeof baseFixtures>>

beforeAll(async () => {
  cms = await startTestCms()
  base = await baseFixtures(cms.payload)
  await cms.payload.create({ collection: 'users', data: adminUser })
  rest = restClient(cms.config)
  await rest.login(adminUser.email, adminUser.password)
})
afterAll(async () => cms?.cleanup())

type FieldError = { path: string; message: string }
const fieldErrors = (res: { body: any }): FieldError[] => res.body?.errors?.[0]?.data?.errors ?? []
const count = async (collection: 'stations' | 'news' | 'campaigns' | 'districts') =>
  (await cms.payload.count({ collection, overrideAccess: true })).totalDocs

/** Sends a write that must be refused: 400, one error per path given, nothing stored. */
async function refused(
  collection: 'stations' | 'news' | 'campaigns' | 'districts',
  send: () => Promise<{ status: number; body: any }>,
  paths: string[],
) {
  const before = await count(collection)
  const res = await send()
  expect(res.status, JSON.stringify(res.body)).toBe(400)
  const errors = fieldErrors(res)
  for (const path of paths) {
    const error = errors.find((e) => e.path === path)
    expect(error, `${path} in ${JSON.stringify(errors)}`).toBeDefined()
    expect(error!.message).toContain(path)
    expect(error!.message).toMatch(/^[^/]*[\u4e00-\u9fff].* \/ .*[a-z]/) // Chinese first, English after " / "
  }
  expect(res.body.errors[0].message).toMatch(/^请求数据不符合接口要求/)
  expect(await count(collection)).toBe(before)
  return errors
}

const station = (extra: Record<string, unknown>) => ({
  name: '虹梅街道党群服务站',
  slug: `s-${Math.random().toString(36).slice(2, 8)}`,
  district: base.child.id,
  kind: 'station',
  ...extra,
})

describe('the issue: wrong shapes are refused, not dropped', () => {
  it('openedOn: "2013" (a group given a string) names the path and the group\'s keys', async () => {
    const [error] = await refused('stations', () => rest.post('/stations', station({ openedOn: '2013' })), ['openedOn'])
    expect(error.message).toContain('{date, precision, note}')
  })

  it('openedOn.date: "2013" is not an ISO date; precision "decade" lists day | month | year', async () => {
    const errors = await refused('stations', () => rest.post('/stations', station({ openedOn: { date: '2013', precision: 'decade' } })), [
      'openedOn.date',
      'openedOn.precision',
    ])
    expect(errors.find((e) => e.path === 'openedOn.precision')!.message).toContain('day | month | year')
  })

  it('services: ["…"] (rows given as strings) names services.0 and the row shape', async () => {
    const [error] = await refused('stations', () => rest.post('/stations', station({ services: ['党员志愿服务'] })), ['services.0'])
    expect(error.message).toContain('{name')
  })

  it('unknown keys, top level and nested, are refused with the field meant', async () => {
    const errors = await refused(
      'news',
      () =>
        rest.post('/news?draft=true', {
          title: '标题',
          district: base.child.id,
          date: '2024-05-01',
          parentSlug: 'x',
          zones: [],
          publishedOn: { date: '2024-05-01T12:00:00.000Z', precison: 'day' },
        }),
      ['date', 'parentSlug', 'zones', 'publishedOn.precison'],
    )
    expect(errors.find((e) => e.path === 'date')!.message).toContain('publishedOn.date')
    expect(errors.find((e) => e.path === 'publishedOn.precison')!.message).toContain('publishedOn.precision')
    const stationErrors = await refused('stations', () => rest.post('/stations', station({ districtSlug: 'test-subdistrict' })), [
      'districtSlug',
    ])
    expect(stationErrors[0].message).toMatch(/did you mean district\b/)
  })

  it('an invalid reviewState and a campaign endsOn given as {date, precision} answer 400, not 500', async () => {
    const errors = await refused(
      'news',
      () => rest.post('/news?draft=true', { title: '标题', district: base.child.id, reviewState: 'approved' }),
      ['reviewState'],
    )
    expect(errors[0].message).toContain('draft | submitted | reviewed | published')
    await refused(
      'campaigns',
      () =>
        rest.post('/campaigns?draft=true', {
          title: '主题',
          district: base.child.id,
          startsOn: day('2024-01'),
          endsOn: { date: '2024-12-31', precision: 'day' },
        }),
      ['endsOn'],
    )
  })

  it('a plain string where Lexical JSON is expected is refused on body', async () => {
    const [error] = await refused(
      'news',
      () => rest.post('/news?draft=true', { title: '标题', district: base.child.id, body: '正文是一段纯文本' }),
      ['body'],
    )
    expect(error.message).toContain('Lexical')
  })

  it('updates (single and bulk) are checked too, and leave the document as it was', async () => {
    const created = await rest.post('/stations', station({ openedOn: { date: '2013-01-01', precision: 'year' } }))
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const id = created.body.doc.id
    const patched = await rest.patch(`/stations/${id}`, { openedOn: { date: 2013 } })
    expect(patched.status).toBe(400)
    expect(fieldErrors(patched)[0].path).toBe('openedOn.date')
    const bulk = await rest.patch(`/stations?where[id][equals]=${id}`, { services: 'all' })
    expect(bulk.status).toBe(400)
    expect(fieldErrors(bulk)[0].path).toBe('services')
    const stored = await cms.payload.findByID({ collection: 'stations', id, depth: 0 })
    expect(stored.openedOn?.precision).toBe('year')
    expect(stored.services ?? []).toEqual([])
  })
})

describe("Payload's own field errors name the API path for API clients", () => {
  it("a missing required field nested in an array row is listed by its path, not the admin's label", async () => {
    const before = await count('stations')
    const res = await rest.post('/stations', station({ name: undefined, zones: [{ description: '阅览' }] }))
    expect(res.status).toBe(400)
    const message: string = res.body.errors[0].message
    expect(message).toMatch(/^请修改以下内容: /)
    expect(message).toContain('name：')
    expect(message).toContain('zones.0.name：')
    expect(message).toContain(' / Invalid fields: ')
    expect(await count('stations')).toBe(before)
  })
})

describe('what the admin sends is accepted', () => {
  it("an empty array as the admin's form sends it (its row count, 0) and Payload's own keys", async () => {
    const res = await rest.post('/news?draft=true', {
      slug: 'admin-shape',
      title: '后台保存',
      _status: 'draft',
      district: base.child.id,
      reviewLog: 0,
      reviewState: 'draft',
      publishedOn: { date: '2026-11-30T12:00:00.000Z', precision: 'day' },
      body: paragraphsToLexical('正文'),
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    const again = await rest.patch(`/news/${res.body.doc.id}?draft=true`, { ...res.body.doc, attachments: [], tags: [] })
    expect(again.status, JSON.stringify(again.body)).toBe(200)
  })

  it('a station with empty coordinate inputs ([null, null]) and empty arrays as 0; coordinates as text refused', async () => {
    const res = await rest.post('/stations', station({ location: [null, null], zones: 0, services: 0, milestones: 0 }))
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    await refused('stations', () => rest.post('/stations', station({ location: ['东经121.4', '北纬31.2'] })), ['location'])
  })
})

describe('a slug where an id belongs in the URL', () => {
  it('GET, PATCH and DELETE /api/stations/hongmei answer 404 saying how to find by slug (they answered 500)', async () => {
    for (const res of [
      await rest.get('/stations/hongmei'),
      await rest.patch('/stations/hongmei', { name: '改名' }),
      await rest.delete('/stations/hongmei'),
    ]) {
      expect(res.status, JSON.stringify(res.body)).toBe(404)
      expect(res.body.errors[0].message).toContain('?where[slug][equals]=hongmei')
    }
  })
})

describe('relationships take an id or a slug reference', () => {
  it('{"slug": …} and a plain slug are stored as the id; an unknown slug is a 400 naming field and slug', async () => {
    const bySlug = await rest.post('/stations', station({ district: { slug: 'test-subdistrict' } }))
    expect(bySlug.status, JSON.stringify(bySlug.body)).toBe(201)
    expect(bySlug.body.doc.district.id ?? bySlug.body.doc.district).toBe(base.child.id)
    const plain = await rest.post('/districts', { name: '虹梅街道', slug: 'hongmei', level: 'subdistrict', parent: 'test-district' })
    expect(plain.status, JSON.stringify(plain.body)).toBe(201)
    expect(plain.body.doc.parent.id ?? plain.body.doc.parent).toBe(base.parent.id)
    const errors = await refused('stations', () => rest.post('/stations', station({ district: 'no-such-district' })), ['district'])
    expect(errors[0].message).toContain('"no-such-district"')
  })

  it("a slug shared by two districts' records needs the district to pick one", async () => {
    for (const district of [base.parent.id, base.child.id]) {
      await cms.payload.create({ collection: 'stations', data: { name: '同名站', slug: 'same-name', district, kind: 'station' } as never })
    }
    const ambiguous = await refused(
      'news',
      () => rest.post('/news?draft=true', { title: '标题', district: base.child.id, relatedStations: [{ slug: 'same-name' }] }),
      ['relatedStations.0'],
    )
    expect(ambiguous[0].message).toContain('"district"')
    const picked = await rest.post('/news?draft=true', {
      title: '标题二',
      district: base.child.id,
      relatedStations: [{ slug: 'same-name', district: 'test-subdistrict' }],
      body: paragraphsToLexical('正文'),
    })
    expect(picked.status, JSON.stringify(picked.body)).toBe(201)
    const stored = await cms.payload.findByID({ collection: 'news', id: picked.body.doc.id, depth: 0, draft: true })
    const expected = (
      await cms.payload.find({ collection: 'stations', where: { slug: { equals: 'same-name' }, district: { equals: base.child.id } } })
    ).docs[0].id
    expect(stored.relatedStations).toEqual([expected])
  })
})

describe('anonymous writes', () => {
  it('are refused by access, never told which ids or slugs exist', async () => {
    const anonymous = restClient(cms.config)
    for (const parent of [base.parent.id, 999999, { slug: 'test-district' }, { slug: 'no-such-district' }]) {
      const res = await anonymous.post('/districts', { name: '匿名', slug: 'anon', level: 'subdistrict', parent })
      expect(res.status, JSON.stringify(res.body)).toBe(403)
    }
  })
})

describe('GraphQL writes', () => {
  it('a slug reference that names nothing is refused with the path', async () => {
    const { GRAPHQL_POST } = await import('@payloadcms/next/routes')
    const login = await rest.post('/users/login', { email: adminUser.email, password: adminUser.password })
    const query = `mutation { createDistrict(data: { name: "某街道", slug: "gql-x", level: subdistrict, parent: 999999 }) { id } }`
    const before = await count('districts')
    const res = await GRAPHQL_POST(cms.config)(
      new Request('http://localhost/api/graphql', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `JWT ${login.body.token}` },
        body: JSON.stringify({ query }),
      }),
    )
    const body = await res.json()
    expect(JSON.stringify(body)).toContain('parent')
    expect(await count('districts')).toBe(before)
  })
})
