import fs from 'node:fs'
import path from 'node:path'

import Database from 'libsql'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import { cacheSqliteStatements } from '../../cms/sqliteStatementCache'
import { day } from '../helpers/fixtures'
import { startTestCms, type TestCms } from '../helpers/payload'

/**
 * The SQLite client must not keep a connection (and its native memory: libsql-js never frees it)
 * per save, nor a native statement per query. Memory itself is measured in `npm run bench:soak`;
 * here, what causes it: the database file's open handles and the statements prepared.
 */
let cms: TestCms
let district: number

beforeAll(async () => {
  cms = await startTestCms()
  district = (await cms.payload.create({ collection: 'districts', data: { name: '新虹街道', slug: 'xinhong', level: 'subdistrict' } })).id
})
afterAll(async () => cms?.cleanup())

/** Open file descriptors of this process on the SQLite file (each libsql connection holds one). */
function handlesOn(file: string): number {
  return fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(path.join('/proc/self/fd', fd)) === file
    } catch {
      return false
    }
  }).length
}

describe('SQLite connections and statements', () => {
  it('100 saves open no new connection to the database file', async () => {
    const file = process.env.DATABASE_URI!.replace(/^file:/, '')
    const save = (i: number) =>
      cms.payload.create({
        collection: 'news',
        draft: true,
        data: { title: `新闻 ${i}`, slug: `conn-${i}`, district, publishedOn: day('2024-05-01') },
      })
    await save(0)
    const before = handlesOn(file)
    for (let i = 1; i <= 100; i++) await save(i)
    expect(handlesOn(file)).toBe(before)
  })

  it('a statement is prepared once per connection and SQL text', () => {
    cacheSqliteStatements()
    const db = new (Database as unknown as new (file: string) => { prepare: (sql: string) => unknown; close: () => void })(':memory:')
    expect(db.prepare('SELECT 1')).toBe(db.prepare('SELECT 1'))
    expect(db.prepare('SELECT 2')).not.toBe(db.prepare('SELECT 1'))
    db.close()
  })
})
