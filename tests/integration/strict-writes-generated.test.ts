import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CollectionSlug, Field } from 'payload'

import { dataFields, type NamedField } from '../../cms/plugins/strictWrites/fieldShapes'
import { adminUser, baseFixtures, day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

/**
 * Wrong payloads for every field of every collection, generated from the field definitions: a value
 * of the wrong type for each field (at any depth: in groups, named tabs and array rows) and an unknown
 * key at every level. Each is POSTed as an admin over REST and must answer 400 with the field's API
 * path in the message, writing nothing.
 */
let cms: TestCms
let rest: ReturnType<typeof restClient>

beforeAll(async () => {
  cms = await startTestCms()
  await cms.payload.create({ collection: 'users', data: adminUser })
  rest = restClient(cms.config)
  await rest.login(adminUser.email, adminUser.password)
})
afterAll(async () => cms?.cleanup())

type Case = { path: string; body: Record<string, unknown> }

/** A value of the wrong type for the field, and the path the refusal must name. */
function wrongValue(field: NamedField): { value: unknown; suffix: string } | undefined {
  const many = 'hasMany' in field && field.hasMany
  if (many) return { value: 'not-a-list', suffix: '' }
  switch (field.type) {
    case 'text':
    case 'textarea':
    case 'email':
    case 'code':
      return { value: 12345, suffix: '' }
    case 'number':
      return { value: '12', suffix: '' }
    case 'checkbox':
      return { value: 'yes', suffix: '' }
    case 'date':
      return { value: '2013', suffix: '' }
    case 'select':
    case 'radio':
      return { value: 'not-an-option', suffix: '' }
    case 'relationship':
    case 'upload':
      return { value: true, suffix: '' }
    case 'richText':
      return { value: '一段纯文本', suffix: '' }
    case 'point':
      return { value: '121.4,31.2', suffix: '' }
    case 'group':
      return { value: '2013', suffix: '' }
    case 'array':
      return { value: ['一行'], suffix: '.0' }
    case 'blocks':
      return { value: 'x', suffix: '' }
    default:
      return undefined // json: any value is valid
  }
}

/** Every wrong payload for one level of fields; `wrap` puts a level's object where it belongs in the body. */
function casesFor(
  fields: Field[],
  prefix: string,
  wrap: (level: Record<string, unknown>) => Record<string, unknown>,
  skip: string[] = [],
): Case[] {
  const cases: Case[] = [{ path: `${prefix}bogusKey`, body: wrap({ bogusKey: 1 }) }]
  for (const field of dataFields(fields)) {
    if ((field as { virtual?: unknown }).virtual || field.type === 'join' || skip.includes(field.name)) continue
    const wrong = wrongValue(field)
    if (wrong) cases.push({ path: `${prefix}${field.name}${wrong.suffix}`, body: wrap({ [field.name]: wrong.value }) })
    const inner = (field as { fields?: Field[] }).fields
    if (field.type === 'group' && inner) cases.push(...casesFor(inner, `${prefix}${field.name}.`, (level) => wrap({ [field.name]: level })))
    if (field.type === 'array' && inner)
      cases.push(...casesFor(inner, `${prefix}${field.name}.0.`, (level) => wrap({ [field.name]: [level] })))
  }
  return cases
}

describe('every field of every collection refuses a wrong value over REST', () => {
  it('400 with the API path, nothing written', async () => {
    const slugs = cms.config.collections.map((c) => c.slug).filter((slug) => !slug.startsWith('payload-'))
    let checked = 0
    const failures: string[] = []
    for (const slug of slugs) {
      const collection = cms.payload.collections[slug as CollectionSlug].config
      // An upload's file name, URL and sizes are the server's: Payload drops them from every write before any hook runs.
      const cases = casesFor(collection.fields, '', (level) => level, collection.upload ? ['filename', 'url', 'sizes'] : [])
      const before = (await cms.payload.count({ collection: slug as CollectionSlug, overrideAccess: true })).totalDocs
      for (const { path, body } of cases) {
        const res = await rest.post(`/${slug}`, body)
        const errors: { path: string; message: string }[] = res.body?.errors?.[0]?.data?.errors ?? []
        const named = errors.find((e) => e.path === path)
        if (res.status !== 400 || !named || !named.message.includes(path) || !res.body.errors[0].message.includes(path)) {
          failures.push(`${slug} ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`)
        }
        checked++
      }
      const after = (await cms.payload.count({ collection: slug as CollectionSlug, overrideAccess: true })).totalDocs
      if (after !== before) failures.push(`${slug}: ${after - before} document(s) written`)
    }
    expect(failures).toEqual([])
    // Every collection's fields at every depth: a few hundred payloads (at least one per collection).
    expect(checked).toBeGreaterThan(slugs.length * 5)
    console.log(`strict writes: ${checked} wrong payloads over ${slugs.length} collections, all refused`)
  })
})

describe('every field of the content collections refuses a wrong value on update (PATCH by id)', () => {
  it('400 with the API path, the stored document unchanged', async () => {
    const { child } = await baseFixtures(cms.payload)
    const district = child.id
    const existing: Record<string, number> = { districts: district }
    const make = async (collection: CollectionSlug, data: Record<string, unknown>, draft = false) =>
      (existing[collection] = (await cms.payload.create({ collection, data: data as never, draft })).id as number)
    await make('stations', { name: '站', slug: 'gen-station', district, kind: 'station' })
    await make('brands', { name: '品牌', slug: 'gen-brand', district })
    await make('news', { title: '新闻', slug: 'gen-news', district, publishedOn: day('2024-05-01') }, true)
    await make('activities', { title: '活动', slug: 'gen-activity', district, date: day('2024-05-01') }, true)
    await make('campaigns', { title: '主题', slug: 'gen-campaign', district, startsOn: day('2024-05') }, true)
    await make('word-lists', { name: '词表' })
    const failures: string[] = []
    let checked = 0
    for (const [slug, id] of Object.entries(existing)) {
      const collection = cms.payload.collections[slug as CollectionSlug].config
      const before = await cms.payload.findByID({ collection: slug as CollectionSlug, id, depth: 0, draft: true, overrideAccess: true })
      for (const { path, body } of casesFor(collection.fields, '', (level) => level)) {
        const res = await rest.patch(`/${slug}/${id}?draft=true`, body)
        const named = (res.body?.errors?.[0]?.data?.errors ?? []).find((e: { path: string }) => e.path === path)
        if (res.status !== 400 || !named?.message.includes(path))
          failures.push(`${slug} ${path}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`)
        checked++
      }
      const after = await cms.payload.findByID({ collection: slug as CollectionSlug, id, depth: 0, draft: true, overrideAccess: true })
      if ((after as { updatedAt?: string }).updatedAt !== (before as { updatedAt?: string }).updatedAt)
        failures.push(`${slug}: the document was saved`)
    }
    expect(failures).toEqual([])
    expect(checked).toBeGreaterThan(100)
    console.log(`strict writes: ${checked} wrong updates over ${Object.keys(existing).length} collections, all refused`)
  })
})
