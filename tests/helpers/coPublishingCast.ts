/**
 * The cast of the co-publishing (信息报送) suites: 闵行区 with 新虹街道 below it and 静安区 beside,
 * a writer and an editor of each side plus an admin, signed in through REST; and the steps they
 * take. `useCoPublishingCast()` starts a CMS for the calling suite file.
 */
import { afterAll, beforeAll, expect } from 'vitest'

import { day } from './fixtures'
import { startTestCms, type TestCms } from './payload'
import { restClient } from './rest'

export let cms: TestCms
export const district: Record<'minhang' | 'xinhong' | 'jingan', number> = {} as never
export type Who = 'admin' | 'xinhongWriter' | 'xinhongEditor' | 'minhangWriter' | 'minhangEditor' | 'jinganEditor'
export const as: Record<Who | 'anonymous', ReturnType<typeof restClient>> = {} as never
let counter = 0

export function useCoPublishingCast() {
  beforeAll(async () => {
    cms = await startTestCms()
    const { payload } = cms
    district.minhang = (await payload.create({ collection: 'districts', data: { name: '闵行区', slug: 'minhang', level: 'district' } })).id
    district.xinhong = (
      await payload.create({
        collection: 'districts',
        data: { name: '新虹街道', slug: 'xinhong', level: 'subdistrict', parent: district.minhang },
      })
    ).id
    district.jingan = (await payload.create({ collection: 'districts', data: { name: '静安区', slug: 'jing-an', level: 'district' } })).id
    const users: Record<Who, { roles: string[]; districts: number[] }> = {
      admin: { roles: ['admin'], districts: [] },
      xinhongWriter: { roles: ['writer'], districts: [district.xinhong] },
      xinhongEditor: { roles: ['district-editor'], districts: [district.xinhong] },
      minhangWriter: { roles: ['writer'], districts: [district.minhang] },
      minhangEditor: { roles: ['district-editor'], districts: [district.minhang] },
      jinganEditor: { roles: ['district-editor'], districts: [district.jingan] },
    }
    for (const [who, user] of Object.entries(users)) {
      await payload.create({
        collection: 'users',
        data: { ...user, email: `${who}@co.test`, name: `${who}-name`, password: 'co-publish-password-1' } as never,
      })
      as[who as Who] = restClient(cms.config)
      await as[who as Who].login(`${who}@co.test`, 'co-publish-password-1')
    }
    as.anonymous = restClient(cms.config)
    // 闵行区's own news, so its site has content of its own.
    await news(district.minhang, '闵行区自己的新闻')
  })
  afterAll(async () => cms?.cleanup())
}

/** A published news item (created by trusted server code, as the seed does). */
export async function news(districtId: number, title: string, status: 'published' | 'draft' = 'published') {
  const doc = await cms.payload.create({
    collection: 'news',
    data: {
      title,
      slug: `co-news-${++counter}`,
      district: districtId,
      publishedOn: day('2025-06-01'),
      summary: `${title}的摘要`,
      _status: status,
    },
    draft: status === 'draft',
  })
  return { id: doc.id as number, slug: doc.slug as string, title }
}
export async function activity(districtId: number, title: string) {
  const doc = await cms.payload.create({
    collection: 'activities',
    data: {
      title,
      slug: `co-activity-${++counter}`,
      district: districtId,
      date: day('2025-06-02'),
      summary: `${title}的摘要`,
      _status: 'published',
    },
  })
  return { id: doc.id as number, slug: doc.slug as string, title }
}

export const text = (res: { body: unknown }) => JSON.stringify(res.body)
export const record = (id: number) => cms.payload.findByID({ collection: 'co-publications', id, depth: 0 })

export async function submit(who: Who, item: { id: number }, relationTo: 'news' | 'activities' = 'news') {
  const res = await as[who].post('/co-publications', { item: { relationTo, value: item.id } })
  expect(res.status, text(res)).toBe(201)
  return res.body.doc.id as number
}
export async function step(who: Who, id: number, data: Record<string, unknown>, expected = 200) {
  const res = await as[who].patch(`/co-publications/${id}`, data)
  expect(res.status, text(res)).toBe(expected)
  return res
}
