import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { scrubActionLogs } from '../../cms/review/actionLogScrub'
import { paragraphsToLexical } from '../../cms/seed/lexical'
import { baseFixtures, day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

/**
 * Issue 17: the review log kept the acting account whole (read back with depth, the writer saw their
 * own sessions, e-mail and roles in every entry), and an account without a name was logged by e-mail.
 * Log entries now keep the id and display name only; old entries are cleaned by an idempotent scrub.
 */
let cms: TestCms
let base: Awaited<ReturnType<typeof baseFixtures>>
let writerId: number
const writer = { email: 'nameless.writer@log.test', password: 'log-test-pass-1' }

beforeAll(async () => {
  cms = await startTestCms()
  base = await baseFixtures(cms.payload)
  writerId = (
    await cms.payload.create({ collection: 'users', data: { ...writer, roles: ['writer'], districts: [base.child.id] } as never })
  ).id
})
afterAll(async () => cms?.cleanup())

describe("a log entry keeps the actor's id and display name only", () => {
  it('read back at any depth, by the actor themself, an entry holds no account, e-mail or session', async () => {
    const rest = restClient(cms.config)
    await rest.login(writer.email, writer.password)
    const created = await rest.post('/news?draft=true', {
      title: '日志测试',
      district: base.child.id,
      publishedOn: day('2024-05-01'),
      body: paragraphsToLexical('正文'),
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const submitted = await rest.patch(`/news/${created.body.doc.id}?draft=true`, { reviewState: 'submitted' })
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200)
    const read = await rest.get(`/news/${created.body.doc.id}?draft=true&depth=3`)
    const [entry] = read.body.reviewLog
    expect(entry).toMatchObject({ action: '提交审核', by: writerId, byName: `用户 #${writerId}` })
    expect(JSON.stringify(read.body.reviewLog)).not.toMatch(/sessions|nameless\.writer|roles/)
  })

  it('the scrub replaces e-mails and whole accounts in stored entries and versions, and a second run changes nothing', async () => {
    const news = await cms.payload.create({
      collection: 'news',
      data: { title: '旧日志', slug: 'old-log', district: base.child.id, publishedOn: day('2024-05-01') } as never,
      draft: true,
    })
    const oldEntry = {
      id: '665f00000000000000000001',
      action: '提交审核',
      state: '待审核',
      by: writerId,
      byName: writer.email,
      at: new Date().toISOString(),
    }
    // As an older version wrote it: straight into the document and its latest version.
    await cms.payload.db.updateOne({ collection: 'news', id: news.id, data: { reviewLog: [oldEntry] } })
    const {
      docs: [version],
    } = await cms.payload.db.findVersions({ collection: 'news', where: { parent: { equals: news.id } }, limit: 1, sort: '-updatedAt' })
    await cms.payload.db.updateVersion({
      collection: 'news',
      id: version.id,
      versionData: { ...version, version: { ...(version.version as object), reviewLog: [oldEntry] } } as never,
    })

    expect(await scrubActionLogs(cms.payload)).toBe(2)
    const stored = await cms.payload.findByID({ collection: 'news', id: news.id, depth: 0, overrideAccess: true })
    const latest = await cms.payload.findByID({ collection: 'news', id: news.id, depth: 0, draft: true, overrideAccess: true })
    for (const doc of [stored, latest]) {
      expect(doc.reviewLog).toHaveLength(1)
      expect(doc.reviewLog![0]).toMatchObject({ action: '提交审核', by: writerId, byName: `用户 #${writerId}` })
    }
    expect(await scrubActionLogs(cms.payload)).toBe(0)
  })
})
