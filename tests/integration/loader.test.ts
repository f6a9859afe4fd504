import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

import { REST_GET } from '@payloadcms/next/routes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { loadCollection, localSource, restSource, type ContentSource, type LoadContext } from '../../site/loader/payload'
import { day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'

let cms: TestCms
let api: http.Server
let apiUrl: string
const ids: Record<string, number | string> = {}
/** The read-only account's API key that `CMS_API_KEY` would carry in a headless build. */
const siteReaderKey = 'site-reader-key-0123456789abcdef'

/** The parts of Astro's loader context the loader uses, backed by plain maps. */
function fakeContext() {
  const entries = new Map<string, { id: string; data: Record<string, unknown>; digest?: string }>()
  const meta = new Map<string, string>()
  const context: LoadContext = {
    store: {
      get: (id: string) => entries.get(id),
      set: (entry: { id: string; data: Record<string, unknown>; digest?: string }) => (entries.set(entry.id, entry), true),
      keys: () => [...entries.keys()],
      delete: (id: string) => void entries.delete(id),
      clear: () => entries.clear(),
    },
    meta: {
      get: (k: string) => meta.get(k),
      set: (k: string, v: string) => void meta.set(k, v),
    },
    logger: { info: () => {} },
    parseData: async ({ data }) => data,
    generateDigest: (value: unknown) => createHash('sha1').update(String(value)).digest('hex'),
  }
  return { context, entries }
}

const titles = (entries: Map<string, { data: Record<string, unknown> }>) => [...entries.values()].map((e) => e.data.title).sort()

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const district = (name: string, slug: string, parent?: number | string) =>
    payload.create({ collection: 'districts', data: { name, slug, level: parent ? 'subdistrict' : 'district', parent: parent as number } })
  ids.minhang = (await district('闵行区', 'minhang')).id
  ids.xinhong = (await district('新虹街道', 'xinhong', ids.minhang)).id
  ids.jingan = (await district('静安区', 'jing-an')).id
  const news = (title: string, slug: string, districtId: number | string, status: 'published' | 'draft') =>
    payload.create({
      collection: 'news',
      data: { title, slug, district: districtId as number, publishedOn: day('2021-05'), _status: status, body: undefined },
      draft: status === 'draft',
    })
  ids.minhangNews = (await news('闵行区新闻', 'mh', ids.minhang, 'published')).id
  ids.xinhongNews = (await news('新虹街道新闻', 'xh', ids.xinhong, 'published')).id
  ids.draft = (await news('草稿新闻', 'draft', ids.xinhong, 'draft')).id
  ids.jinganNews = (await news('静安区新闻', 'ja', ids.jingan, 'published')).id
  // A 区 site shows its 街道's items only once it accepted them (co-publishing, 信息报送).
  await payload.create({
    collection: 'co-publications',
    data: { item: { relationTo: 'news', value: ids.xinhongNews }, state: 'accepted' } as never,
  })
  await news('新虹街道未报送新闻', 'xh-own', ids.xinhong, 'published')
  await payload.create({
    collection: 'users',
    data: {
      email: 'builder@loader.test',
      password: 'builder-password-1',
      roles: ['site-reader'],
      enableAPIKey: true,
      apiKey: siteReaderKey,
    },
  })

  // A real HTTP front for the REST route handlers, so the REST source is tested over the wire.
  const handler = REST_GET(cms.config)
  api = http.createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://localhost')
    const slug = url.pathname
      .replace(/^\/api\//, '')
      .split('/')
      .filter(Boolean)
    const response = await handler(new Request(url, { headers: req.headers as Record<string, string> }), {
      params: Promise.resolve({ slug }),
    })
    res.writeHead(response.status, Object.fromEntries(response.headers))
    res.end(Buffer.from(await response.arrayBuffer()))
  })
  await new Promise<void>((done) => api.listen(0, '127.0.0.1', () => done()))
  apiUrl = `http://127.0.0.1:${(api.address() as AddressInfo).port}`
})
afterAll(async () => {
  api?.close()
  await cms?.cleanup()
})

const sources: [string, () => ContentSource][] = [
  ['Local API', () => localSource()],
  ['REST', () => restSource(apiUrl)],
  ['REST with the site builder’s API key', () => restSource(apiUrl, siteReaderKey)],
]

describe.each(sources)('loader over the %s', (_, makeSource) => {
  it('loads a district and the sub-districts’ items it accepted, published only', async () => {
    const { context, entries } = fakeContext()
    await loadCollection('news', context, { source: makeSource(), district: 'minhang' })
    expect(titles(entries)).toEqual(['新虹街道新闻', '闵行区新闻'])
  })

  it('loads only its own district for a sub-district site', async () => {
    const { context, entries } = fakeContext()
    await loadCollection('news', context, { source: makeSource(), district: 'xinhong' })
    expect(titles(entries)).toEqual(['新虹街道新闻', '新虹街道未报送新闻'])
  })

  it('renders rich text to HTML and drops editor-only fields', async () => {
    await cms.payload.update({
      collection: 'news',
      id: ids.jinganNews,
      data: {
        sources: ['internal-source.txt'],
        body: {
          root: {
            type: 'root',
            version: 1,
            direction: 'ltr',
            format: '',
            indent: 0,
            children: [
              {
                type: 'paragraph',
                version: 1,
                direction: 'ltr',
                format: '',
                indent: 0,
                textFormat: 0,
                textStyle: '',
                children: [{ type: 'text', version: 1, text: '楼宇党建', format: 1, style: '', mode: 'normal', detail: 0 }],
              },
            ],
          },
        } as never,
      },
    })
    const { context, entries } = fakeContext()
    await loadCollection('news', context, { source: makeSource(), district: 'jing-an' })
    const [entry] = [...entries.values()]
    expect(entry!.data.bodyHtml).toBe('<p><strong>楼宇党建</strong></p>')
    expect(entry!.data).not.toHaveProperty('body')
    expect(entry!.data).not.toHaveProperty('sources')
  })

  it('carries English only for translated documents, never Chinese in its place', async () => {
    await cms.payload.update({
      collection: 'news',
      id: ids.jinganNews,
      locale: 'en',
      data: { title: 'Jing’an news', summary: 'In English.' },
    })
    const { context, entries } = fakeContext()
    await loadCollection('news', context, { source: makeSource(), district: 'jing-an' })
    expect([...entries.values()].map((e) => e.data.en)).toEqual([
      { title: 'Jing’an news', summary: 'In English.', name: undefined, bodyHtml: undefined },
    ])
    const { context: other, entries: untranslated } = fakeContext()
    await loadCollection('news', other, { source: makeSource(), district: 'xinhong' })
    expect([...untranslated.values()].map((e) => e.data.en)).toEqual([undefined, undefined])
  })

  it('skips unchanged entries by digest, re-reads changed ones, removes deleted ones', async () => {
    const source = makeSource()
    const { context, entries } = fakeContext()
    expect(await loadCollection('news', context, { source, district: 'minhang' })).toEqual({ changed: 2, unchanged: 0, removed: 0 })
    expect(await loadCollection('news', context, { source, district: 'minhang' })).toEqual({ changed: 0, unchanged: 2, removed: 0 })

    await cms.payload.update({ collection: 'news', id: ids.xinhongNews, data: { summary: `更新 ${Date.now()}` } })
    expect(await loadCollection('news', context, { source, district: 'minhang' })).toEqual({ changed: 1, unchanged: 1, removed: 0 })

    // Unpublishing counts as gone from the public site.
    await cms.payload.update({ collection: 'news', id: ids.minhangNews, data: { _status: 'draft' } })
    expect(await loadCollection('news', context, { source, district: 'minhang' })).toEqual({ changed: 0, unchanged: 1, removed: 1 })
    expect(titles(entries)).toEqual(['新虹街道新闻'])
    await cms.payload.update({ collection: 'news', id: ids.minhangNews, data: { _status: 'published' } })
  })

  it('never returns a published document’s newer draft', async () => {
    await cms.payload.update({ collection: 'news', id: ids.xinhongNews, data: { title: '未发布的修改 DRAFT-EDIT' }, draft: true })
    const { context, entries } = fakeContext()
    await loadCollection('news', context, { source: makeSource(), district: 'xinhong' })
    expect(titles(entries)).toEqual(['新虹街道新闻', '新虹街道未报送新闻'])
    await cms.payload.update({ collection: 'news', id: ids.xinhongNews, data: { title: '新虹街道新闻', _status: 'published' } })
  })
})

describe('loader errors', () => {
  it('names an unknown district', async () => {
    const { context } = fakeContext()
    await expect(loadCollection('news', context, { source: localSource(), district: 'nowhere' })).rejects.toThrow(
      /SITE_DISTRICT="nowhere" is not a district/,
    )
  })

  it('refuses a document that breaks the site schema, naming collection, id and field in Chinese', async () => {
    const real = localSource()
    // A CMS that left a published item without a slug (the CMS fills slugs on save; older data or a bug might not).
    const slugless: ContentSource = {
      kind: real.kind,
      list: real.list,
      fetch: async (collection, docIds, english) =>
        (await real.fetch(collection, docIds, english)).map((doc) => (collection === 'news' && !english ? { ...doc, slug: null } : doc)),
    }
    const { context, entries } = fakeContext()
    await expect(loadCollection('news', context, { source: slugless, district: 'jing-an' })).rejects.toThrow(
      new RegExp(`^站点内容：news #${ids.jinganNews} 不符合站点要求.*字段 slug：`),
    )
    expect(entries.size).toBe(0)
  })

  it('names CMS_URL when the CMS answers with an error', async () => {
    const { context } = fakeContext()
    await expect(loadCollection('news', context, { source: restSource(`${apiUrl}/missing-prefix`), district: 'minhang' })).rejects.toThrow(
      /CMS_URL: GET .* answered 404/,
    )
  })
})
