import { GRAPHQL_POST } from '@payloadcms/next/routes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { adminUser, day, minhangAndXinhong } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

/**
 * Who acted on a record is shown by name (报送人, 处理人, 操作人 in the logs) to the staff who see the
 * record — the names are stored with it — while accounts stay admin-or-self: a writer reads no
 * other account's email, sessions or API key over REST or GraphQL, not even through a record's
 * relationship to it at any depth. Names never fall back to an email.
 */
let cms: TestCms
const password = 'names-pass-1'
const writer = { email: 'writer@xinhong.test', password, name: '新虹撰稿人' }
const editor = { email: 'editor@minhang.test', password, name: '闵行编辑' }
const nameless = { email: 'nameless@minhang.test', password }
const ids: Record<string, number> = {}

beforeAll(async () => {
  cms = await startTestCms()
  const { payload } = cms
  const { minhang, xinhong } = await minhangAndXinhong(payload)
  await payload.create({ collection: 'users', data: adminUser })
  ids.writer = (await payload.create({ collection: 'users', data: { ...writer, roles: ['writer'], districts: [xinhong] } })).id
  ids.editor = (await payload.create({ collection: 'users', data: { ...editor, roles: ['district-editor'], districts: [minhang] } })).id
  ids.nameless = (
    await payload.create({ collection: 'users', data: { ...nameless, roles: ['district-editor'], districts: [minhang] } as never })
  ).id
  const item = await payload.create({
    collection: 'news',
    data: { title: '报送的新闻', slug: 'names-news', district: xinhong, publishedOn: day('2026-05-01'), _status: 'published' },
    context: { skipSiteRebuild: true },
  })
  ids.item = item.id
  const as = async (account: { email: string; password: string }) => ({
    user: (await payload.login({ collection: 'users', data: account })).user,
    overrideAccess: false,
  })
  ids.record = (
    await payload.create({
      collection: 'co-publications',
      data: { item: { relationTo: 'news', value: item.id } } as never,
      ...(await as(writer)),
    })
  ).id
  await payload.update({ collection: 'co-publications', id: ids.record, data: { state: 'accepted' }, ...(await as(editor)) })
  // An account without a name reviews an item: the log says 用户 <id>, never its email.
  const draft = await payload.create({
    collection: 'news',
    data: { title: '待审核', slug: 'names-draft', district: xinhong, publishedOn: day('2026-05-01'), reviewState: 'submitted' },
    draft: true,
    ...(await as(writer)),
  })
  ids.draft = draft.id
  await payload.update({ collection: 'news', id: draft.id, data: { reviewState: 'reviewed' }, draft: true, ...(await as(nameless)) })
}, 120_000)
afterAll(() => cms?.cleanup())

const graphql = async (token: string, query: string) => {
  const response = await GRAPHQL_POST(cms.config)(
    new Request('http://localhost/api/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `JWT ${token}` },
      body: JSON.stringify({ query }),
    }),
  )
  return (await response.json()) as any
}

describe('names of the users who acted', () => {
  it('are stored with the co-publication and shown to both districts’ staff', async () => {
    for (const account of [writer, editor]) {
      const rest = restClient(cms.config)
      await rest.login(account.email, account.password)
      const { status, body } = await rest.get(`/co-publications/${ids.record}?depth=0`)
      expect(status).toBe(200)
      expect(body).toMatchObject({ state: 'accepted', submittedByName: '新虹撰稿人', decidedByName: '闵行编辑' })
      expect(body.log.map((e: any) => `${e.action} ${e.byName}`)).toEqual(['报送 新虹撰稿人', '采用 闵行编辑'])
    }
  })

  it('never fall back to the email', async () => {
    const stored = await cms.payload.findByID({ collection: 'news', id: ids.draft, draft: true, depth: 0, overrideAccess: true })
    expect((stored.reviewLog as any[]).at(-1)).toMatchObject({ action: '审核通过', byName: `用户 #${ids.nameless}` })
    expect(JSON.stringify(stored.reviewLog)).not.toContain(nameless.email)
  })

  it('records stored before the names were get them from the account (name only)', async () => {
    await cms.payload.db.updateOne({ collection: 'co-publications', id: ids.record, data: { submittedByName: null, decidedByName: null } })
    const rest = restClient(cms.config)
    await rest.login(writer.email, writer.password)
    const { body } = await rest.get(`/co-publications/${ids.record}?depth=0`)
    expect(body).toMatchObject({ submittedByName: '新虹撰稿人', decidedByName: '闵行编辑' })
    expect(JSON.stringify(body)).not.toContain(editor.email)
  })

  it('are never shown to anonymous readers (the accepted record is public, its people are not)', async () => {
    const anonymous = restClient(cms.config)
    const { status, body } = await anonymous.get(`/co-publications/${ids.record}?depth=2`)
    expect(status).toBe(200)
    for (const field of ['submittedBy', 'submittedByName', 'decidedBy', 'decidedByName']) expect(body).not.toHaveProperty(field)
    expect(JSON.stringify(body)).not.toMatch(/新虹撰稿人|闵行编辑/)
  })
})

/** Every populated user account (an object with an email) inside a REST answer. */
function accountsIn(value: unknown, found: { id: number; email: string }[] = []): { id: number; email: string }[] {
  if (Array.isArray(value)) value.forEach((v) => accountsIn(v, found))
  else if (value && typeof value === 'object') {
    if ('email' in value) found.push(value as { id: number; email: string })
    Object.values(value).forEach((v) => accountsIn(v, found))
  }
  return found
}

describe('accounts stay private (attacks by a writer)', () => {
  let rest: ReturnType<typeof restClient>
  let token: string
  beforeAll(async () => {
    rest = restClient(cms.config)
    token = (await rest.login(writer.email, writer.password)).body.token
  })

  it('REST: the users list holds only the writer, another account is refused', async () => {
    const list = await rest.get('/users?limit=100&depth=0')
    expect(list.body.docs.map((u: any) => u.email)).toEqual([writer.email])
    const other = await rest.get(`/users/${ids.editor}`)
    expect([403, 404]).toContain(other.status)
    expect(JSON.stringify(other.body)).not.toContain(editor.email)
    const where = await rest.get(`/users?where[email][like]=minhang&depth=0`)
    expect(where.body.docs ?? []).toEqual([])
  })

  it('REST: no depth of a record populates another account', async () => {
    for (const path of [`/co-publications/${ids.record}?depth=4`, `/news/${ids.draft}?draft=true&depth=4`, `/co-publications?depth=4`]) {
      const { status, body } = await rest.get(path)
      expect(status).toBe(200)
      const text = JSON.stringify(body)
      for (const secret of [editor.email, nameless.email, '"apiKey"', '"hash"', '"salt"'])
        expect(text, `${path} leaks ${secret}`).not.toContain(secret)
      // The only account ever populated is the writer's own (as 报送人).
      for (const account of accountsIn(body)) expect(account.id, path).toBe(ids.writer)
    }
  })

  it('GraphQL: the same', async () => {
    const users = await graphql(token, '{ Users(limit: 100) { docs { id email name } } }')
    expect(users.data.Users.docs.map((u: any) => u.email)).toEqual([writer.email])
    const other = await graphql(token, `{ User(id: ${ids.editor}) { email sessions { id } } }`)
    expect(other.data?.User ?? null).toBeNull()
    const record = await graphql(
      token,
      `{ CoPublication(id: ${ids.record}) { submittedByName decidedByName decidedBy { email } log { byName by { email } } } }`,
    )
    expect(record.data.CoPublication).toMatchObject({ submittedByName: '新虹撰稿人', decidedByName: '闵行编辑' })
    expect(JSON.stringify(record)).not.toContain(editor.email)
  })
})
