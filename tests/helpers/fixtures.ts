import type { Payload } from 'payload'

import { parsePartialDate } from '../../shared/dates'
import { pngBuffer } from './payload'

export const day = (text: string) => parsePartialDate(text)

/** Two districts (闵行区 → 新虹街道) and one image: the minimum most records need. */
export async function baseFixtures(payload: Payload) {
  const parent = await payload.create({
    collection: 'districts',
    data: { name: '测试区', slug: 'test-district', level: 'district' },
  })
  const child = await payload.create({
    collection: 'districts',
    data: { name: '测试街道', slug: 'test-subdistrict', level: 'subdistrict', parent: parent.id },
  })
  const png = await pngBuffer()
  const image = await payload.create({
    collection: 'media',
    data: { alt: '测试图片' },
    file: { data: png, mimetype: 'image/png', name: 'fixture.png', size: png.length },
  })
  return { parent, child, image }
}

/** 闵行区 and its 新虹街道, the pair most admin and review suites sign their users into: their ids. */
export async function minhangAndXinhong(payload: Payload) {
  const minhang = (await payload.create({ collection: 'districts', data: { name: '闵行区', slug: 'minhang', level: 'district' } })).id
  const xinhong = (
    await payload.create({ collection: 'districts', data: { name: '新虹街道', slug: 'xinhong', level: 'subdistrict', parent: minhang } })
  ).id
  return { minhang, xinhong }
}

export const adminUser = { email: 'admin@test.local', password: 'test-password-1', name: '管理员', roles: ['admin'] as 'admin'[] }
