/**
 * Cost per request (issue 14): a signed-in list of 20 news at depth 1 read every news item's
 * translations (`news_locales`, bodies included) once per listed item — Payload indexes the
 * `_locales` tables on (_locale, _parent_id) only, so SQLite scanned the whole table for each row:
 * 43 ms of the request's 56 ms of SQL on the quick benchmark dataset. cms/database.ts adds an
 * index leading with `_parent_id`.
 *
 * Through the real REST route handlers as an admin (uncached, like every signed-in read), the SQL
 * Payload runs is recorded and its query plans checked: no `_locales` table is scanned.
 */
import { afterAll, describe, expect, it } from 'vitest'

import { paragraphsToLexical } from '../../cms/seed/lexical'
import { adminUser, day } from '../helpers/fixtures'
import { startTestCms } from '../helpers/payload'
import { restClient } from '../helpers/rest'

const cms = await startTestCms()
const { payload, config } = cms
afterAll(() => cms.cleanup())

type Client = {
  execute: (statement: string | { sql: string; args?: unknown[] }) => Promise<{ rows: unknown[][] | Record<string, unknown>[] }>
}
const client = (payload.db as unknown as { client: Client }).client

await payload.create({ collection: 'users', data: adminUser })
const district = await payload.create({
  collection: 'districts',
  data: { name: '读取成本测试街道', slug: 'read-cost', level: 'subdistrict' },
})
for (let i = 1; i <= 30; i++) {
  await payload.create({
    collection: 'news',
    data: {
      title: `读取成本测试新闻 ${i}`,
      slug: `read-cost-${i}`,
      district: district.id,
      publishedOn: day('2026-03-02'),
      body: paragraphsToLexical('党建引领基层治理。'.repeat(60)),
      _status: 'published',
    },
    context: { skipSiteRebuild: true },
  })
}

/** Every statement run while `work` runs, with its arguments. */
async function recordSql(work: () => Promise<unknown>): Promise<{ sql: string; args: unknown[] }[]> {
  const seen: { sql: string; args: unknown[] }[] = []
  const execute = client.execute
  client.execute = (statement) => {
    if (typeof statement === 'string') seen.push({ sql: statement, args: [] })
    else seen.push({ sql: statement.sql, args: statement.args ?? [] })
    return execute.call(client, statement)
  }
  try {
    await work()
  } finally {
    client.execute = execute
  }
  return seen
}

const planOf = async ({ sql, args }: { sql: string; args: unknown[] }) =>
  (await client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args })).rows.map((row) =>
    String((row as Record<string, unknown>).detail ?? (row as unknown[])[3]),
  )

describe('reading a list costs no scan of the translations', () => {
  it('every `_locales` table has an index leading with _parent_id', async () => {
    const { rows: tables } = await client.execute(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%\\_locales' ESCAPE '\\'",
    )
    const names = tables.map((row) => String((row as Record<string, unknown>).name ?? (row as unknown[])[0]))
    expect(names).toContain('news_locales')
    const unindexed: string[] = []
    for (const table of names) {
      const { rows: indexes } = await client.execute(`PRAGMA index_list("${table}")`)
      let leads = false
      for (const index of indexes) {
        const { rows: columns } = await client.execute(`PRAGMA index_info("${String((index as Record<string, unknown>).name)}")`)
        if (String((columns[0] as Record<string, unknown> | undefined)?.name) === '_parent_id') leads = true
      }
      if (!leads) unindexed.push(table)
    }
    expect(unindexed).toEqual([])
  })

  it('an admin’s list of 20 news at depth 1 (REST) reads each item’s translations by index', async () => {
    const rest = restClient(config)
    await rest.login(adminUser.email, adminUser.password)
    let status = 0
    let count = 0
    const statements = await recordSql(async () => {
      const res = await rest.get('/news?limit=20&depth=1')
      status = res.status
      count = res.body.docs?.length ?? 0
    })
    expect(status).toBe(200)
    expect(count).toBe(20)
    const reads = statements.filter((s) => /^select/i.test(s.sql) && s.sql.includes('news_locales'))
    expect(reads.length).toBeGreaterThan(0)
    const scans: string[] = []
    for (const statement of reads) for (const step of await planOf(statement)) if (/SCAN \S*locales/i.test(step)) scans.push(step)
    expect(scans).toEqual([])
  })
})
