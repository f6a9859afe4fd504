import fs from 'node:fs'

import { Validator } from '@seriousme/openapi-schema-validator'
import Ajv2020 from 'ajv/dist/2020.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { adminUser, baseFixtures } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

/**
 * GET /api/openapi.json: a valid OpenAPI 3.1 document generated from the Payload config, listing
 * every collection, whose write schemas agree with what the API itself accepts and refuses.
 */
let cms: TestCms
let rest: ReturnType<typeof restClient>
let base: Awaited<ReturnType<typeof baseFixtures>>
let spec: any

beforeAll(async () => {
  cms = await startTestCms()
  base = await baseFixtures(cms.payload)
  await cms.payload.create({ collection: 'users', data: adminUser })
  rest = restClient(cms.config)
  const res = await rest.get('/openapi.json')
  expect(res.status).toBe(200)
  spec = res.body
  await rest.login(adminUser.email, adminUser.password)
})
afterAll(async () => cms?.cleanup())

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const result = await new Validator().validate(structuredClone(spec))
    expect(result.errors ?? [], JSON.stringify(result.errors)?.slice(0, 2000)).toEqual([])
    expect(result.valid).toBe(true)
    expect(spec.openapi).toBe('3.1.0')
  })

  it('lists every collection with its CRUD paths, the error format and the review transitions', () => {
    for (const { slug } of cms.config.collections.filter((c) => !c.slug.startsWith('payload-'))) {
      expect(Object.keys(spec.paths[`/api/${slug}`] ?? {}), slug).toEqual(['get', 'post', 'patch'])
      expect(Object.keys(spec.paths[`/api/${slug}/{id}`] ?? {}), slug).toEqual(['get', 'patch', 'delete'])
    }
    expect(spec.components.schemas.Error.properties.errors.items.properties.data.properties.errors).toBeDefined()
    expect(spec.paths['/api/news/{id}'].patch.description).toContain('{"reviewState": "submitted"}')
    expect(Object.keys(spec['x-review-states'])).toEqual(['draft', 'submitted', 'reviewed', 'published'])
    expect(spec.components.schemas.NewsWrite.properties.reviewState.enum).toEqual(['draft', 'submitted', 'reviewed', 'published', null])
    expect(spec.components.schemas.StationsWrite.properties.openedOn.properties.precision.enum).toEqual(['day', 'month', 'year', null])
  })

  it('its write schemas accept and refuse what the API accepts and refuses', async () => {
    const ajv = new Ajv2020({ strict: false })
    const stationSchema = ajv.compile(spec.components.schemas.StationsWrite)
    const newsSchema = ajv.compile(spec.components.schemas.NewsWrite)
    const station = (extra: Record<string, unknown>) => ({
      name: '站',
      slug: `o-${Math.random().toString(36).slice(2, 8)}`,
      district: base.child.id,
      kind: 'station',
      ...extra,
    })
    const cases: { collection: 'stations' | 'news'; body: Record<string, unknown>; ok: boolean }[] = [
      { collection: 'stations', body: station({ openedOn: { date: '2013-01-01', precision: 'year' } }), ok: true },
      { collection: 'stations', body: station({ district: { slug: 'test-subdistrict' }, services: [{ name: '志愿服务' }] }), ok: true },
      { collection: 'stations', body: station({ openedOn: '2013' }), ok: false },
      { collection: 'stations', body: station({ openedOn: { date: '2013' } }), ok: false },
      { collection: 'stations', body: station({ services: ['志愿服务'] }), ok: false },
      { collection: 'stations', body: station({ districtSlug: 'x' }), ok: false },
      { collection: 'stations', body: station({ kind: 'museum' }), ok: false },
      { collection: 'news', body: { title: '新闻', district: base.child.id, reviewState: 'submitted' }, ok: true },
      { collection: 'news', body: { title: '新闻', district: base.child.id, reviewState: 'approved' }, ok: false },
      { collection: 'news', body: { title: '新闻', district: base.child.id, body: '纯文本' }, ok: false },
    ]
    for (const { collection, body, ok } of cases) {
      const validate = collection === 'stations' ? stationSchema : newsSchema
      expect(validate(body), `schema: ${JSON.stringify(body)} ${JSON.stringify(validate.errors)}`).toBe(ok)
      const res = await rest.post(`/${collection}${collection === 'news' ? '?draft=true' : ''}`, body)
      expect(res.status, `API: ${JSON.stringify(body)} ${JSON.stringify(res.body).slice(0, 300)}`).toBe(ok ? 201 : 400)
    }
  })
})

describe("the README's worked examples", () => {
  it('each JSON create in "API (REST)" is accepted as written (slug references resolved in order)', async () => {
    await cms.payload.create({ collection: 'districts', data: { name: '闵行区', slug: 'minhang', level: 'district' } })
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('## API (REST)'), readme.indexOf('## Security'))
    const creates = [...section.matchAll(/-X POST "?\$API\/([a-z-]+)(\?draft=true)?"? -d '(.+)'$/gm)].filter(
      ([, slug]) => !['co-publications', 'users'].includes(slug),
    )
    expect(creates.map(([, slug]) => slug)).toEqual(['districts', 'stations', 'brands', 'news', 'activities', 'campaigns', 'word-lists'])
    for (const [, slug, draft, body] of creates) {
      const res = await rest.post(`/${slug}${draft ?? ''}`, JSON.parse(body))
      expect(res.status, `${slug}: ${JSON.stringify(res.body).slice(0, 400)}`).toBe(201)
    }
  })
})
