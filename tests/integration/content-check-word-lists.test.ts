/**
 * The word lists (错敏词表) in a real CMS: inheritance down the district tree, levels and notes,
 * disabled lists, and who may read them (the pure check is tests/unit/content-check.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CollectionSlug, Payload } from 'payload'

import { wordsForDistrict } from '../../cms/collections/WordLists'
import { checkTexts, summarise, type WordRule } from '../../cms/review/contentCheck'
import { adminUser, baseFixtures } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

describe('word lists in the CMS', () => {
  let cms: TestCms
  let payload: Payload
  let registered = false
  const slug = 'word-lists' as CollectionSlug
  const ids: Record<string, number | string> = {}
  const skipNote = 'word-lists is not registered in cms/payload.config.ts yet'

  beforeAll(async () => {
    cms = await startTestCms()
    payload = cms.payload
    registered = cms.config.collections.some((collection) => String(collection.slug) === 'word-lists')
    if (!registered) return
    const base = await baseFixtures(payload)
    const town = await payload.create({
      collection: 'districts',
      data: { name: '测试社区', slug: 'test-town', level: 'zone', parent: base.child.id },
    })
    const other = await payload.create({ collection: 'districts', data: { name: '其他区', slug: 'other-district', level: 'district' } })
    Object.assign(ids, { parent: base.parent.id, child: base.child.id, town: town.id, other: other.id })
    const list = (name: string, district: number | string | null, words: WordRule[], enabled = true) =>
      payload.create({ collection: slug, data: { name, district, enabled, words } as never })
    await list('通用词表', null, [{ word: '全局词', level: 'forbidden' }])
    await list('区级词表', base.parent.id, [
      { word: '上级词', level: 'forbidden', note: '区里不用' },
      { word: '上级慎用', level: 'warning' },
    ])
    await list('街道词表', base.child.id, [{ word: '本级词', level: 'warning' }])
    await list('其他区词表', other.id, [{ word: '他区词', level: 'forbidden' }])
    await list('停用的词表', base.parent.id, [{ word: '停用词', level: 'forbidden' }], false)
    // `enabled` defaults to true
    await payload.create({ collection: slug, data: { name: '默认启用', district: base.parent.id, words: [{ word: '默认词' }] } as never })
    await payload.create({ collection: 'users', data: adminUser })
  })
  afterAll(async () => cms?.cleanup())

  const wordsOf = async (district: number | string | null) => (await wordsForDistrict(payload, district)).map((rule) => rule.word).sort()

  it('a list applies to its district and every district below it; global lists apply everywhere', async (ctx) => {
    ctx.skip(!registered, skipNote)
    expect(await wordsOf(ids.parent)).toEqual(['上级慎用', '上级词', '全局词', '默认词'].sort())
    expect(await wordsOf(ids.child)).toEqual(['上级慎用', '上级词', '全局词', '本级词', '默认词'].sort())
    expect(await wordsOf(ids.town)).toEqual(['上级慎用', '上级词', '全局词', '本级词', '默认词'].sort())
    expect(await wordsOf(ids.other)).toEqual(['他区词', '全局词'].sort())
    expect(await wordsOf(null)).toEqual(['全局词'])
  })

  it('keeps levels and notes, skips disabled lists, and feeds checkTexts', async (ctx) => {
    ctx.skip(!registered, skipNote)
    const words = await wordsForDistrict(payload, ids.child)
    expect(words).toContainEqual({ word: '上级词', level: 'forbidden', note: '区里不用' })
    expect(words).toContainEqual({ word: '本级词', level: 'warning' })
    expect(words).toContainEqual({ word: '默认词', level: 'forbidden' })
    expect(words.map((w) => w.word)).not.toContain('停用词')
    const { blocking, warnings } = summarise(checkTexts([{ path: 'title', text: '本级词、上级词、停用词、他区词' }], words))
    expect(blocking.map((f) => f.rule)).toEqual(['word:上级词'])
    expect(warnings.map((f) => f.rule)).toEqual(['word:本级词'])
  })

  it('an unknown district gets only the global lists', async (ctx) => {
    ctx.skip(!registered, skipNote)
    expect(await wordsOf(999_999)).toEqual(['全局词'])
  })

  it('anonymous REST reads are refused with 403; signed-in users can read', async (ctx) => {
    ctx.skip(!registered, skipNote)
    const rest = restClient(cms.config)
    const list = await rest.get('/word-lists')
    expect(list.status).toBe(403)
    expect(JSON.stringify(list.body)).not.toContain('全局词')
    const one = await payload.find({ collection: slug, limit: 1, depth: 0 })
    expect((await rest.get(`/word-lists/${one.docs[0].id}`)).status).toBe(403)
    expect((await rest.post('/word-lists', { name: '匿名', words: [] })).status).toBe(403)

    await rest.login(adminUser.email, adminUser.password)
    const signedIn = await rest.get('/word-lists?limit=100')
    expect(signedIn.status).toBe(200)
    expect(signedIn.body.totalDocs).toBe(6)
  })
})
