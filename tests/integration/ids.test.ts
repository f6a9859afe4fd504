/**
 * Ids are never reused (issue 12, item 13). Without AUTOINCREMENT SQLite gives a new row
 * max(id) + 1, so deleting the newest item handed its id — its URL, its scheduled publish, its
 * edit lock — to the next item created. Checked through REST as real users; a scheduled publish
 * of a deleted item must publish nothing; and a database made before the change is upgraded in
 * place at the next start, with its rows, ids and indexes, and nothing left for the schema push.
 */
import { getPayload, type Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'

import { adminUser, day } from '../helpers/fixtures'
import { restClient } from '../helpers/rest'
import { startTestCms, type TestCms } from '../helpers/payload'

let cms: TestCms
let reopened: Payload | undefined
let district: number
let editor: { id: number }
const admin = () => restClient(cms.config)

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  await payload.create({ collection: 'users', data: adminUser })
  district = (await payload.create({ collection: 'districts', data: { name: '编号区', slug: 'ids-district', level: 'district' } }))
    .id as number
  editor = (await payload.create({
    collection: 'users',
    data: { email: 'editor@ids.test', password: 'ids-password-1', roles: ['district-editor'], districts: [district] },
  })) as { id: number }
}, 120_000)
afterAll(async () => {
  await reopened?.destroy()
  await cms?.cleanup()
})

const newsData = (slug: string) => ({ title: `新闻 ${slug}`, slug, district, publishedOn: day('2026-03-02'), sources: ['内部来源'] })

describe('deleted ids are never handed out again', () => {
  it.each([
    ['news', (slug: string) => ({ ...newsData(slug), _status: 'draft' })],
    ['districts', (slug: string) => ({ name: `区 ${slug}`, slug, level: 'district' })],
    ['stations', (slug: string) => ({ name: `阵地 ${slug}`, slug, district, kind: 'hub' })],
  ])('%s: create, delete the newest, create → a new id', async (collection, data) => {
    const rest = admin()
    await rest.login(adminUser.email, adminUser.password)
    const first = await rest.post(`/${collection}`, data(`${collection}-first`))
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect((await rest.delete(`/${collection}/${first.body.doc.id}`)).status).toBe(200)
    const second = await rest.post(`/${collection}`, data(`${collection}-second`))
    expect(second.status, JSON.stringify(second.body)).toBe(201)
    expect(second.body.doc.id).toBeGreaterThan(first.body.doc.id)
    expect((await rest.get(`/${collection}/${first.body.doc.id}`)).status).toBe(404)
  })
})

describe('a scheduled publish of a deleted item', () => {
  it('is cancelled with the item and never publishes anything, not even an item created after it', async () => {
    const { payload } = cms
    const doomed = await payload.create({
      collection: 'news',
      draft: true,
      data: { ...newsData('doomed'), reviewState: 'reviewed' } as never,
    })
    const publishAt = new Date(Date.now() + 60 * 60_000)
    // Exactly as the admin's schedule drawer queues it: the id as a string, run as the scheduling editor.
    await payload.jobs.queue({
      task: 'schedulePublish',
      input: {
        type: 'publish',
        doc: { relationTo: 'news', value: String(doomed.id) },
        user: { relationTo: 'users', value: editor.id },
      } as never,
      waitUntil: publishAt,
    })
    const jobsFor = async (id: number | string) =>
      (await payload.find({ collection: 'payload-jobs', where: { 'input.doc.value': { equals: String(id) } }, depth: 0 })).totalDocs
    expect(await jobsFor(doomed.id)).toBe(1)

    const rest = admin()
    await rest.login('editor@ids.test', 'ids-password-1')
    expect((await rest.delete(`/news/${doomed.id}`)).status).toBe(200)

    // A reviewed draft created afterwards — the one that took a deleted item's id before.
    const successor = await payload.create({
      collection: 'news',
      draft: true,
      data: { ...newsData('successor'), reviewState: 'reviewed' } as never,
    })

    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(new Date(publishAt.getTime() + 60_000))
      await payload.jobs.run({ queue: 'default' })
    } finally {
      vi.useRealTimers()
    }
    const published = await payload.find({ collection: 'news', where: { _status: { equals: 'published' } }, depth: 0 })
    expect(published.totalDocs).toBe(0)
    expect((await payload.findByID({ collection: 'news', id: successor.id, depth: 0 }))._status).toBe('draft')
    expect(successor.id).not.toBe(doomed.id)
    expect(await jobsFor(doomed.id)).toBe(0) // cancelled with its item, not left to fail at its time
  })
})

type Client = {
  execute(statement: string | { sql: string; args: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>
  migrate(statements: string[]): Promise<unknown>
}
const clientOf = (payload: Payload) => (payload.db as unknown as { client: Client }).client
const tableDefinitions = async (client: Client) =>
  Object.fromEntries(
    (
      await client.execute(
        "SELECT name, sql FROM sqlite_master WHERE type IN ('table', 'index') AND sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
    ).rows.map((row) => [String(row.name), String(row.sql).replace(/^CREATE TABLE\s+("[^"]+"|`[^`]+`)/, 'CREATE TABLE')]),
  )

describe('a database made before ids were AUTOINCREMENT', () => {
  it('is upgraded at the next start: same rows and ids, same schema as a new one, ids no longer reused', async () => {
    const { payload, config } = cms
    const client = clientOf(payload)
    const fresh = await tableDefinitions(client)
    const autoIncremented = Object.entries(fresh)
      .filter(([, sql]) => sql.includes('AUTOINCREMENT'))
      .map(([name]) => name)
    expect(autoIncremented).toEqual(
      expect.arrayContaining(['news', '_news_v', 'districts', 'users', 'payload_jobs', 'payload_locked_documents']),
    )

    // Turn it into what older versions created: the same tables without AUTOINCREMENT (SQLite's rebuild).
    const downgrade: string[] = []
    for (const name of autoIncremented) {
      const indexes = (
        await client.execute({
          sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
          args: [name],
        })
      ).rows
      downgrade.push(
        fresh[name].replace('CREATE TABLE', `CREATE TABLE \`old_${name}\``).replace(' AUTOINCREMENT', ''),
        `INSERT INTO \`old_${name}\` SELECT * FROM \`${name}\``,
        `DROP TABLE \`${name}\``,
        `ALTER TABLE \`old_${name}\` RENAME TO \`${name}\``,
        ...indexes.map((index) => String(index.sql)),
      )
    }
    await client.migrate([...downgrade, 'DELETE FROM sqlite_sequence'])
    // The old behaviour, reproduced: the newest district's id comes back.
    const gone = await payload.create({ collection: 'districts', data: { name: '旧区', slug: 'old-one', level: 'district' } })
    await payload.delete({ collection: 'districts', id: gone.id })
    const reused = await payload.create({ collection: 'districts', data: { name: '旧区二', slug: 'old-two', level: 'district' } })
    expect(reused.id).toBe(gone.id)
    const before = (await payload.find({ collection: 'districts', pagination: false, depth: 0, sort: 'id' })).docs
    await payload.destroy()

    // The next start pushes the schema; drizzle-kit must find nothing left to change (forced push).
    process.env.PAYLOAD_FORCE_DRIZZLE_PUSH = 'true'
    try {
      reopened = await getPayload({ config, key: 'reopened-after-upgrade' })
    } finally {
      delete process.env.PAYLOAD_FORCE_DRIZZLE_PUSH
    }
    expect(await tableDefinitions(clientOf(reopened))).toEqual(fresh)
    expect((await reopened.find({ collection: 'districts', pagination: false, depth: 0, sort: 'id' })).docs).toEqual(before)
    await reopened.delete({ collection: 'districts', id: reused.id })
    const next = await reopened.create({ collection: 'districts', data: { name: '新区', slug: 'new-one', level: 'district' } })
    expect(next.id).toBeGreaterThan(reused.id as number)
  })
})
