import { GRAPHQL_POST, REST_DELETE, REST_PATCH, REST_POST } from '@payloadcms/next/routes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { refuseCrossSiteWrites } from '../../cms/api/crossSiteWrites'
import { adminUser, day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

/**
 * CSRF: a page on another origin must not change anything with the admin's session cookie — JSON,
 * a form's multipart `_payload`, GraphQL, with only a Referer, from an opaque ("null") origin —
 * through the real route handlers (as mounted in cms/app/(payload)/api). The same attack in
 * Chromium against the real admin server is in admin-attacks.test.ts.
 */
let cms: TestCms
let token: string
let district: number

beforeAll(async () => {
  cms = await startTestCms()
  await cms.payload.create({ collection: 'users', data: adminUser })
  district = (await cms.payload.create({ collection: 'districts', data: { name: '新虹街道', slug: 'xinhong', level: 'subdistrict' } })).id
  token = (await restClient(cms.config).login(adminUser.email, adminUser.password)).body.token
})
afterAll(async () => cms?.cleanup())

const newsCount = async () => (await cms.payload.count({ collection: 'news', overrideAccess: true })).totalDocs
const news = (title: string) => ({
  title,
  slug: `csrf-${Math.random().toString(36).slice(2, 8)}`,
  district,
  publishedOn: day('2024-05-01'),
})

async function send(
  handler: (request: Request, context: any) => Promise<Response> | Response,
  path: string,
  init: RequestInit & { headers?: Record<string, string> },
) {
  const url = new URL(`http://localhost:3000/api${path}`)
  const slug = url.pathname
    .replace(/^\/api\//, '')
    .split('/')
    .filter(Boolean)
  const headers = new Headers({ Cookie: `payload-token=${token}`, Host: 'localhost:3000', ...init.headers })
  return handler(new Request(url, { ...init, headers }), { params: Promise.resolve({ slug }) })
}
const json = (body: unknown) => ({ body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } })
function form(body: unknown) {
  const data = new FormData()
  data.set('_payload', JSON.stringify(body))
  return { body: data }
}

describe('state-changing requests with the session cookie', () => {
  let guardedPost: ReturnType<typeof refuseCrossSiteWrites<[any]>>
  beforeAll(() => {
    guardedPost = refuseCrossSiteWrites(REST_POST(cms.config))
  })

  it('Payload alone accepts a foreign Origin with the cookie (the hole)', async () => {
    const before = await newsCount()
    const res = await send(REST_POST(cms.config), '/news', {
      method: 'POST',
      ...json(news('无防护')),
      headers: { ...json(null).headers, Origin: 'http://evil.example' },
    })
    expect(res.status).toBe(201)
    expect(await newsCount()).toBe(before + 1)
  })

  const attacks: Record<string, Record<string, string>> = {
    'a foreign Origin': { Origin: 'http://evil.example' },
    'a same-site page on another port': { Origin: 'http://localhost:4321' },
    'an opaque origin (sandboxed frame, file:)': { Origin: 'null' },
    'only a foreign Referer': { Referer: 'http://evil.example/page.html' },
  }
  for (const [name, headers] of Object.entries(attacks)) {
    it(`refuses ${name}, JSON and multipart, with a Chinese 403`, async () => {
      const before = await newsCount()
      for (const body of [json(news('跨站')), form(news('跨站表单'))]) {
        const res = await send(guardedPost, '/news', {
          method: 'POST',
          body: body.body,
          headers: { ...('headers' in body ? body.headers : {}), ...headers },
        })
        expect(res.status).toBe(403)
        expect(((await res.json()) as any).errors[0].message).toContain('跨站请求已拒绝')
      }
      expect(await newsCount()).toBe(before)
    })
  }

  it('refuses foreign PATCH, DELETE and GraphQL mutations too', async () => {
    const doc = await cms.payload.create({ collection: 'news', data: news('原标题'), draft: true })
    const evil = { Origin: 'http://evil.example' }
    const patch = await send(refuseCrossSiteWrites(REST_PATCH(cms.config)), `/news/${doc.id}`, {
      method: 'PATCH',
      ...json({ title: '被改' }),
      headers: { ...json(null).headers, ...evil },
    })
    expect(patch.status).toBe(403)
    const del = await send(refuseCrossSiteWrites(REST_DELETE(cms.config)), `/news/${doc.id}`, { method: 'DELETE', headers: evil })
    expect(del.status).toBe(403)
    const gql = await refuseCrossSiteWrites(GRAPHQL_POST(cms.config))(
      new Request('http://localhost:3000/api/graphql', {
        method: 'POST',
        headers: { Cookie: `payload-token=${token}`, 'Content-Type': 'application/json', ...evil },
        body: JSON.stringify({ query: `mutation { deleteNews(id: ${doc.id}) { id } }` }),
      }),
    )
    expect(gql.status).toBe(403)
    expect((await cms.payload.findByID({ collection: 'news', id: doc.id, draft: true })).title).toBe('原标题')
  })

  it('accepts the own origin, listed origins and clients that are not browsers', async () => {
    const before = await newsCount()
    const own = await send(guardedPost, '/news?draft=true', {
      method: 'POST',
      ...json(news('同源')),
      headers: { ...json(null).headers, Origin: 'http://localhost:3000' },
    })
    expect(own.status).toBe(201)
    const proxied = await send(guardedPost, '/news?draft=true', {
      method: 'POST',
      ...json(news('代理')),
      headers: {
        ...json(null).headers,
        Origin: 'https://cms.example.gov.cn',
        'X-Forwarded-Host': 'cms.example.gov.cn',
        'X-Forwarded-Proto': 'https',
      },
    })
    expect(proxied.status).toBe(201)
    const curl = await send(guardedPost, '/news?draft=true', { method: 'POST', ...json(news('命令行')) })
    expect(curl.status).toBe(201)
    process.env.CMS_ALLOWED_ORIGINS = 'https://editor.example.gov.cn'
    try {
      const listed = await send(guardedPost, '/news?draft=true', {
        method: 'POST',
        ...json(news('白名单')),
        headers: { ...json(null).headers, Origin: 'https://editor.example.gov.cn' },
      })
      expect(listed.status).toBe(201)
    } finally {
      delete process.env.CMS_ALLOWED_ORIGINS
    }
    expect(await newsCount()).toBe(before + 4)
  })
})
