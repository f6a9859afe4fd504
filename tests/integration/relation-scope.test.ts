import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { adminUser, day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

/**
 * Relationship fields of editorial records accept only what the user may use (cms/fields/usableRelation.ts):
 * records of their districts' scope or of the districts above, published news and activities only.
 * Attacks over REST as real users: another 区's station, brand or news, a draft activity, a campaign
 * aimed at another 区 — each refused with a Chinese error on the field and nothing saved, drafts
 * included; older links survive an editor's save; admins are not limited.
 */
let cms: TestCms
const password = 'relations-pass-1'
const writer = { email: 'writer@xinhong.test', password, name: '新虹撰稿人' }
const editor = { email: 'editor@minhang.test', password, name: '闵行编辑' }
const id: Record<string, number> = {}

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const district = async (name: string, slug: string, parent?: number) =>
    (await payload.create({ collection: 'districts', data: { name, slug, level: parent ? 'subdistrict' : 'district', parent } })).id
  id.minhang = await district('闵行区', 'minhang')
  id.xinhong = await district('新虹街道', 'xinhong', id.minhang)
  id.jingan = await district('静安区', 'jingan')
  await payload.create({ collection: 'users', data: adminUser })
  await payload.create({ collection: 'users', data: { ...writer, roles: ['writer'], districts: [id.xinhong] } })
  await payload.create({ collection: 'users', data: { ...editor, roles: ['district-editor'], districts: [id.minhang] } })
  const quiet = { context: { skipSiteRebuild: true } }
  for (const [key, d] of [
    ['minhang', id.minhang],
    ['xinhong', id.xinhong],
    ['jingan', id.jingan],
  ] as const) {
    id[`${key}Station`] = (
      await payload.create({
        collection: 'stations',
        data: { name: `${key}阵地`, slug: `${key}-station`, district: d, kind: 'station' } as never,
        ...quiet,
      })
    ).id
    id[`${key}Brand`] = (
      await payload.create({ collection: 'brands', data: { name: `${key}品牌`, slug: `${key}-brand`, district: d } as never, ...quiet })
    ).id
  }
  const activity = (slug: string, d: number, status: 'published' | 'draft') =>
    payload.create({
      collection: 'activities',
      data: { title: slug, slug, district: d, date: day('2026-05'), _status: status } as never,
      draft: status === 'draft',
      ...quiet,
    })
  id.publishedActivity = (await activity('published-activity', id.xinhong, 'published')).id
  id.draftActivity = (await activity('draft-activity', id.xinhong, 'draft')).id
  id.jinganNews = (
    await payload.create({
      collection: 'news',
      data: { title: '静安新闻', slug: 'jingan-news', district: id.jingan, publishedOn: day('2026-05-01'), _status: 'published' },
      ...quiet,
    })
  ).id
}, 120_000)
afterAll(() => cms?.cleanup())

const as = async (account: { email: string; password: string }) => {
  const rest = restClient(cms.config)
  await rest.login(account.email, account.password)
  return rest
}
const news = (slug: string, extra: Record<string, unknown>) => ({
  title: slug,
  slug,
  district: id.xinhong,
  publishedOn: day('2026-05-01'),
  ...extra,
})
/** The refusal on one field: 400, Chinese message naming the field. */
function expectRefused(res: { status: number; body: any }, path: string, label: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(400)
  const fieldErrors = res.body.errors[0].data.errors as { path: string; message: string }[]
  expect(fieldErrors).toEqual([expect.objectContaining({ path, message: expect.stringContaining(`${label}：只能选择`) })])
  // The sentence the admin toasts is Chinese and names the field (Payload's: "The following field is invalid: …").
  expect(res.body.errors[0].message).toMatch(new RegExp(`^请修改以下内容: ${label}：只能选择`))
}

describe('relationships limited to what the user may use (REST attacks)', () => {
  it('a writer cannot link another 区’s station or brand, nor a draft activity — not even in a draft', async () => {
    const rest = await as(writer)
    expectRefused(
      await rest.post('/news?draft=true', news('n1', { relatedStations: [id.xinhongStation, id.jinganStation] })),
      'relatedStations',
      '相关阵地',
    )
    expectRefused(await rest.post('/news?draft=true', news('n2', { relatedBrands: [id.jinganBrand] })), 'relatedBrands', '相关品牌')
    expectRefused(
      await rest.post('/news?draft=true', news('n3', { relatedActivities: [id.draftActivity] })),
      'relatedActivities',
      '相关活动',
    )
    expectRefused(
      await rest.post('/activities?draft=true', {
        title: 'a1',
        slug: 'a1',
        district: id.xinhong,
        date: day('2026-05'),
        station: id.jinganStation,
      }),
      'station',
      '所在阵地',
    )
    expect(
      (await cms.payload.count({ collection: 'news', where: { slug: { in: ['n1', 'n2', 'n3'] } }, overrideAccess: true })).totalDocs,
    ).toBe(0)
  })

  it('a writer may link their own and their 区’s records and published activities', async () => {
    const rest = await as(writer)
    const ok = await rest.post(
      '/news?draft=true',
      news('n4', {
        relatedStations: [id.xinhongStation, id.minhangStation],
        relatedBrands: [id.minhangBrand],
        relatedActivities: [id.publishedActivity],
      }),
    )
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    // Adding an out-of-scope one to the saved item later is refused too.
    expectRefused(
      await rest.patch(`/news/${ok.body.doc.id}?draft=true`, { relatedStations: [id.xinhongStation, id.jinganStation] }),
      'relatedStations',
      '相关阵地',
    )
  })

  it('a 区 editor cannot aim a campaign at another 区 or feature its news; admins are not limited', async () => {
    const rest = await as(editor)
    const campaign = (slug: string, extra: Record<string, unknown>) => ({
      title: slug,
      slug,
      district: id.minhang,
      startsOn: day('2026-05-01'),
      ...extra,
    })
    expectRefused(await rest.post('/campaigns?draft=true', campaign('c1', { targetDistricts: [id.jingan] })), 'targetDistricts', '投放区域')
    expectRefused(await rest.post('/campaigns?draft=true', campaign('c2', { featuredNews: [id.jinganNews] })), 'featuredNews', '推荐新闻')
    const ok = await rest.post(
      '/campaigns?draft=true',
      campaign('c3', { targetDistricts: [id.xinhong], relatedStations: [id.xinhongStation] }),
    )
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    const admin = await as(adminUser)
    const anything = await admin.post(
      '/campaigns?draft=true',
      campaign('c4', { targetDistricts: [id.jingan], featuredNews: [id.jinganNews] }),
    )
    expect(anything.status, JSON.stringify(anything.body)).toBe(201)
  })

  it('an older link outside the scope does not stop an editor from saving the item', async () => {
    const legacy = await cms.payload.create({
      collection: 'news',
      data: news('legacy', { relatedStations: [id.jinganStation] }),
      draft: true,
      context: { skipSiteRebuild: true },
    })
    const rest = await as(editor)
    const saved = await rest.patch(`/news/${legacy.id}?draft=true`, {
      title: '改过的标题',
      relatedStations: [id.jinganStation, id.minhangStation],
    })
    expect(saved.status, JSON.stringify(saved.body)).toBe(200)
  })
})
