/**
 * The anonymous REST micro-cache (cms/api/publicReadCache.ts) around the real
 * REST GET handler: repeated anonymous reads are served from memory, any change
 * is visible on the next read, requests with credentials are never cached, and
 * drafts never enter it. Also: related documents are populated as cards
 * (defaultPopulate), and editor-only fields are not in public reads.
 */
import { REST_GET } from '@payloadcms/next/routes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { cachePublicReads } from '../../cms/api/publicReadCache'
import { baseFixtures, day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'

let cms: TestCms
let get: (path: string, headers?: Record<string, string>) => Promise<{ status: number; cache: string | null; body: any }>
let fixtures: Awaited<ReturnType<typeof baseFixtures>>

beforeAll(async () => {
  cms = await startTestCms()
  fixtures = await baseFixtures(cms.payload)
  const handler = cachePublicReads(REST_GET(cms.config))
  get = async (path, headers = {}) => {
    const url = new URL(`http://localhost/api${path}`)
    const slug = url.pathname
      .replace(/^\/api\//, '')
      .split('/')
      .filter(Boolean)
    const response = await handler(new Request(url, { headers }), { params: Promise.resolve({ slug }) })
    return { status: response.status, cache: response.headers.get('x-cache'), body: await response.json() }
  }
}, 120_000)
afterAll(async () => cms?.cleanup())

const createNews = (title: string, status: 'published' | 'draft', extra: Record<string, unknown> = {}) =>
  cms.payload.create({
    collection: 'news',
    draft: status === 'draft',
    data: {
      title,
      slug: `cache-${Math.random().toString(36).slice(2)}`,
      district: fixtures.child.id,
      publishedOn: day('2026-03-01'),
      _status: status,
      ...extra,
    } as never,
  })

describe('anonymous REST reads', () => {
  it('are answered from memory the second time, and afresh after any change', async () => {
    const first = await createNews('缓存测试新闻一', 'published')
    const path = '/news?limit=20&depth=1&sort=-updatedAt'
    const miss = await get(path)
    expect(miss.status).toBe(200)
    expect(miss.cache).toBe('MISS')
    const hit = await get(path)
    expect(hit.cache).toBe('HIT')
    expect(hit.body).toEqual(miss.body)

    await cms.payload.update({ collection: 'news', id: first.id, data: { title: '缓存测试新闻一（已修改）' } })
    const after = await get(path)
    expect(after.cache).toBe('MISS')
    expect(after.body.docs.map((d: any) => d.title)).toContain('缓存测试新闻一（已修改）')

    await cms.payload.delete({ collection: 'news', id: first.id })
    expect((await get(path)).body.docs.map((d: any) => d.id)).not.toContain(first.id)
  })

  it('never cache or serve a request that carries credentials', async () => {
    const path = '/news?limit=5&depth=0'
    await get(path)
    expect((await get(path)).cache).toBe('HIT')
    expect((await get(path, { Authorization: 'users API-Key nonsense' })).cache).toBeNull()
    expect((await get(path, { Cookie: 'payload-token=abc' })).cache).toBeNull()
  })

  it('never contain drafts, whatever is asked', async () => {
    const draft = await createNews('缓存测试草稿', 'draft')
    for (const path of ['/news?limit=100&depth=0', '/news?limit=100&depth=0&draft=true', `/news/${draft.id}?draft=true`]) {
      for (let i = 0; i < 2; i++) expect(JSON.stringify((await get(path)).body)).not.toContain('缓存测试草稿')
    }
  })

  it('populate related documents as cards, not whole documents, and hide editor-only fields', async () => {
    const station = await cms.payload.create({
      collection: 'stations',
      data: {
        name: '缓存测试阵地',
        slug: 'cache-station',
        district: fixtures.child.id,
        summary: '阵地简介',
        address: '不应出现在新闻里的地址',
      } as never,
    })
    const item = await createNews('缓存测试关联', 'published', { relatedStations: [station.id], sources: ['内部资料来源'] })
    const { body } = await get(`/news/${item.id}?depth=1`)
    expect(body.relatedStations[0]).toMatchObject({ id: station.id, name: '缓存测试阵地', slug: 'cache-station' })
    expect(body.relatedStations[0].address).toBeUndefined()
    expect(body.district).toMatchObject({ id: fixtures.child.id, slug: 'test-subdistrict' })
    for (const field of ['sources', 'reviewState', 'rejectReason', 'confirmWarnings']) expect(body[field], field).toBeUndefined()
    // Payload answers an unreadable array as empty: its rows (who, when, why) stay out.
    expect(body.reviewLog ?? [], 'reviewLog').toEqual([])
    // Editors still see them.
    const full = await cms.payload.findByID({ collection: 'news', id: item.id, depth: 0 })
    expect(full.sources).toEqual(['内部资料来源'])
  })
})
