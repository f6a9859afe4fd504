/**
 * What the backup test (tests/e2e/backup.test.ts) adds to the seeded demo before backing it up:
 * the cases a restore gets wrong most easily.
 */
import type { Payload } from 'payload'

import { pngBuffer } from './payload'

/**
 * A district editor; an upload; a gap in the news ids; a never-published draft saved three times;
 * a published item with English and newer unpublished edits; a scheduled publish job.
 */
export async function addBackupFixtures(
  payload: Payload,
  editor: { email: string; password: string },
): Promise<{ draftId: number; editedId: number }> {
  const xinhong = (await payload.find({ collection: 'districts', where: { slug: { equals: 'xinhong' } } })).docs[0]
  const user = await payload.create({
    collection: 'users',
    data: { ...editor, name: '备份测试编辑', roles: ['district-editor'], districts: [xinhong.id] },
  })
  const png = await pngBuffer(900, 600)
  const image = await payload.create({
    collection: 'media',
    data: { alt: '备份测试图片' },
    file: { data: png, mimetype: 'image/png', name: 'Backup Test.png', size: png.length },
  })

  // A news item that is created and deleted leaves gaps in the ids: the restore must keep ids, not renumber.
  const gone = await payload.create({
    collection: 'news',
    data: { title: '将被删除', slug: 'to-be-deleted', district: xinhong.id } as never,
    draft: true,
  })
  await payload.delete({ collection: 'news', id: gone.id })

  // A never-published draft saved three times, with a cover picture.
  const draft = await payload.create({
    collection: 'news',
    data: { title: '草稿第一版', slug: 'backup-draft', district: xinhong.id, cover: image.id } as never,
    draft: true,
  })
  const draftId = draft.id as number
  await payload.update({ collection: 'news', id: draftId, data: { title: '草稿第二版' }, draft: true })
  await payload.update({ collection: 'news', id: draftId, data: { title: '草稿第三版' }, draft: true })

  // A published item with newer unpublished edits: the published document and the draft version differ.
  const published = (await payload.find({ collection: 'news', limit: 1, sort: 'id', where: { _status: { equals: 'published' } } })).docs[0]
  const editedId = published.id as number
  // English beside the Chinese (localized fields): both languages must come back.
  await payload.update({
    collection: 'news',
    id: editedId,
    locale: 'en',
    data: { title: 'Translated title', summary: 'Translated summary' },
  })
  await payload.update({ collection: 'news', id: editedId, data: { title: `${published.title}（修改中）` }, draft: true })

  // A scheduled publish, which must survive the restore.
  await payload.jobs.queue({
    task: 'schedulePublish',
    input: { type: 'publish', doc: { relationTo: 'news', value: String(draftId) }, user: { relationTo: 'users', value: user.id } } as never,
    waitUntil: new Date(Date.now() + 24 * 60 * 60 * 1000),
  })
  return { draftId, editedId }
}
