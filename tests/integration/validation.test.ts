import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { CollectionSlug, Payload } from 'payload'

import { adminUser, baseFixtures, day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

let cms: TestCms
let payload: Payload
let base: Awaited<ReturnType<typeof baseFixtures>>

beforeAll(async () => {
  cms = await startTestCms()
  payload = cms.payload
  base = await baseFixtures(payload)
})
afterAll(async () => cms?.cleanup())

/** Runs a failing write and returns the field errors Payload reports ({path, message}[]). */
async function fieldErrors(write: Promise<unknown>): Promise<{ path: string; message: string }[]> {
  try {
    await write
  } catch (error) {
    const errors = (error as { data?: { errors?: { path: string; message: string }[] } }).data?.errors
    if (!errors) throw error
    return errors
  }
  throw new Error('expected the write to be refused, but it succeeded')
}

describe('required fields', () => {
  it('names every missing required field of a news item', async () => {
    const errors = await fieldErrors(payload.create({ collection: 'news', data: { _status: 'published' } as never }))
    const paths = errors.map((e) => e.path)
    // The publish date starts as today; the slug is made from the title when there is one.
    expect(paths).toEqual(expect.arrayContaining(['title', 'slug', 'district']))
    expect(errors.find((e) => e.path === 'title')?.message).toMatch(/必填/)
  })

  it('refuses a station without a district, and the REST API answers 400 with the message', async () => {
    const rest = restClient(cms.config)
    await payload.create({ collection: 'users', data: adminUser })
    await rest.login(adminUser.email, adminUser.password)
    const res = await rest.post('/stations', { name: '无区域的站点', slug: 'no-district', kind: 'station' })
    expect(res.status).toBe(400)
    const fields = res.body.errors[0].data.errors.map((e: { path: string }) => e.path)
    expect(fields).toContain('district')
  })
})

describe('slugs are unique within a district', () => {
  const news = (slug: string, district: number | string) =>
    payload.create({
      collection: 'news',
      data: { title: '标题', slug, district, publishedOn: day('2019-08'), _status: 'published' } as never,
    })

  it('refuses the same slug twice in one district, with a clear message', async () => {
    await news('same-slug', base.child.id)
    const errors = await fieldErrors(news('same-slug', base.child.id))
    expect(errors).toEqual([
      { path: 'slug', message: expect.stringMatching(/网址别名“same-slug”在本区域内已被使用/), label: expect.anything() },
    ])
  })

  it('allows the same slug in another district', async () => {
    await expect(news('same-slug', base.parent.id)).resolves.toMatchObject({ slug: 'same-slug' })
  })

  it('allows re-saving a record with its own slug', async () => {
    const doc = await news('resave-me', base.child.id)
    await expect(payload.update({ collection: 'news', id: doc.id, data: { summary: '改一下' } })).resolves.toMatchObject({
      summary: '改一下',
    })
  })

  it('refuses malformed slugs', async () => {
    const errors = await fieldErrors(news('Not A Slug', base.child.id))
    expect(errors[0]).toMatchObject({ path: 'slug', message: expect.stringMatching(/小写字母、数字和连字符/) })
  })

  it('district slugs are unique across the whole collection', async () => {
    const errors = await fieldErrors(
      payload.create({ collection: 'districts', data: { name: '重名', slug: 'test-district', level: 'town' } }),
    )
    expect(errors.map((e) => e.path)).toContain('slug')
  })
})

describe('end dates', () => {
  it('refuses an activity that ends before it starts', async () => {
    const errors = await fieldErrors(
      payload.create({
        collection: 'activities',
        data: {
          title: '活动',
          slug: 'ends-early',
          district: base.child.id,
          date: day('2019-08-16'),
          endDate: day('2019-08-15').date,
          _status: 'published',
        } as never,
      }),
    )
    expect(errors).toEqual([expect.objectContaining({ path: 'endDate', message: expect.stringMatching(/结束日期不能早于开始日期/) })])
  })

  it('refuses a campaign that ends before it starts, and accepts one that ends later', async () => {
    const campaign = (slug: string, endsOn: string) =>
      payload.create({
        collection: 'campaigns',
        data: {
          title: '主题',
          slug,
          district: base.child.id,
          startsOn: day('2020-05'),
          endsOn: day(endsOn).date,
          _status: 'published',
        } as never,
      })
    const errors = await fieldErrors(campaign('campaign-early', '2020-04-30'))
    expect(errors.map((e) => e.path)).toEqual(['endsOn'])
    await expect(campaign('campaign-ok', '2020-06-30')).resolves.toBeTruthy()
  })
})

describe('hierarchies refuse loops', () => {
  const chains: { collection: CollectionSlug; field: string; make: (n: number) => Record<string, unknown> }[] = [
    { collection: 'districts', field: 'parent', make: (n) => ({ name: `区${n}`, slug: `loop-district-${n}`, level: 'town' }) },
    {
      collection: 'stations',
      field: 'parentStation',
      make: (n) => ({ name: `站${n}`, slug: `loop-station-${n}`, district: base.child.id, kind: 'station' }),
    },
    { collection: 'brands', field: 'parentBrand', make: (n) => ({ name: `品牌${n}`, slug: `loop-brand-${n}`, district: base.child.id }) },
  ]

  describe.each(chains)('parent of $collection', ({ collection, field, make }) => {
    it('refuses a record as its own parent', async () => {
      const a = await payload.create({ collection, data: make(1) as never })
      const errors = await fieldErrors(payload.update({ collection, id: a.id, data: { [field]: a.id } as never }))
      expect(errors).toEqual([expect.objectContaining({ path: field, message: expect.stringMatching(/不能把记录自身设为上级/) })])
    })

    it('refuses a parent that is its own descendant (A → B → C → A)', async () => {
      const a = await payload.create({ collection, data: make(2) as never })
      const b = await payload.create({ collection, data: { ...make(3), [field]: a.id } as never })
      const c = await payload.create({ collection, data: { ...make(4), [field]: b.id } as never })
      const errors = await fieldErrors(payload.update({ collection, id: a.id, data: { [field]: c.id } as never }))
      expect(errors).toEqual([expect.objectContaining({ path: field, message: expect.stringMatching(/形成了循环/) })])
      // The refused save changed nothing.
      expect(((await payload.findByID({ collection, id: a.id, depth: 0 })) as any)[field] ?? null).toBeNull()
    })
  })
})

describe('media', () => {
  it('refuses a file that is not an image', async () => {
    const text = Buffer.from('这不是图片 — just some text\n')
    const errors = await fieldErrors(
      payload.create({
        collection: 'media',
        data: { alt: '说明' },
        file: { data: text, mimetype: 'text/plain', name: 'notes.txt', size: text.length },
      }),
    )
    expect(errors).toEqual([expect.objectContaining({ path: 'file', message: expect.stringMatching(/^上传的文件是纯文本，不是图片/) })])
    expect((await payload.count({ collection: 'media', where: { filename: { equals: 'notes.txt' } } })).totalDocs).toBe(0)
  })

  it('refuses an image without Chinese alt text', async () => {
    const { pngBuffer } = await import('../helpers/payload')
    const png = await pngBuffer()
    const errors = await fieldErrors(
      payload.create({
        collection: 'media',
        data: {} as never,
        file: { data: png, mimetype: 'image/png', name: 'no-alt.png', size: png.length },
      }),
    )
    expect(errors.map((e) => e.path)).toEqual(['alt'])
  })
})
