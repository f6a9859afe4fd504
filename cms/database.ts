import fs from 'node:fs'
import path from 'node:path'

import { mongooseAdapter } from '@payloadcms/db-mongodb'
import { sqliteAdapter, type SQLiteSchemaHook } from '@payloadcms/db-sqlite'
import { getTableColumns } from '@payloadcms/db-sqlite/drizzle'
import { index, type SQLiteColumn } from '@payloadcms/db-sqlite/drizzle/sqlite-core'
import type { DatabaseAdapterObj } from 'payload'

import { repoRoot } from '../shared/paths'
import { withAutoIncrementIds } from './sqliteAutoIncrement'
import { cacheSqliteStatements } from './sqliteStatementCache'
import { reusableWriteTransactions } from './sqliteWriteConnection'
import { serializeWrites, type SqliteClient } from './sqliteWriteQueue'

export { repoRoot }

/**
 * The one database switch. `DATABASE_URI` unset or `file:…` → embedded SQLite
 * (default `data/cms.db` at the repo root); `mongodb://…` / `mongodb+srv://…` →
 * Payload's mongo adapter. Anything else is refused with a one-line error.
 */
export type DatabaseChoice = { kind: 'sqlite'; url: string; file: string } | { kind: 'mongodb'; url: string }

export const defaultSqliteFile = path.join(repoRoot, 'data', 'cms.db')

/** Thrown for configuration problems; start scripts print `message` alone, without a stack. */
export class DatabaseConfigError extends Error {
  override name = 'DatabaseConfigError'
}

/** Hide the password in a URI before it is printed. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:/@]+):([^@]+)@/, '//$1:***@')
}

export function chooseDatabase(uri: string | undefined = process.env.DATABASE_URI): DatabaseChoice {
  const value = uri?.trim()
  if (!value) return { kind: 'sqlite', url: `file:${defaultSqliteFile}`, file: defaultSqliteFile }
  if (value.startsWith('file:')) {
    const rest = value.slice('file:'.length).replace(/^\/\/(?=\/)/, '')
    if (!rest) throw new DatabaseConfigError('DATABASE_URI="file:" names no file; use e.g. DATABASE_URI=file:./data/cms.db')
    const file = path.resolve(repoRoot, rest)
    return { kind: 'sqlite', url: `file:${file}`, file }
  }
  if (/^mongodb(\+srv)?:\/\/[^/]+/.test(value)) return { kind: 'mongodb', url: value }
  throw new DatabaseConfigError(
    `DATABASE_URI="${redactUri(value)}" is not supported: use file:<path> for SQLite or mongodb://host/db for MongoDB (or leave it unset for data/cms.db)`,
  )
}

/** Milliseconds the mongo driver may spend finding a server before giving up (driver default is 30 s). */
export const mongoServerSelectionTimeoutMS = Number(process.env.MONGODB_TIMEOUT_MS ?? 3000)

export function databaseAdapter(choice: DatabaseChoice = chooseDatabase()): DatabaseAdapterObj {
  if (choice.kind === 'mongodb') {
    return mongooseAdapter({
      url: choice.url,
      connectOptions: {
        serverSelectionTimeoutMS: mongoServerSelectionTimeoutMS,
        connectTimeoutMS: mongoServerSelectionTimeoutMS,
      },
    })
  }
  // Only the process that owns the schema (start, seed, tests) pushes it; readers such as
  // the site builds set PAYLOAD_DB_PUSH=0 so two processes never race to alter it.
  return withAutoIncrementIds(
    sqliteAdapter({
      client: { url: choice.url },
      push: process.env.PAYLOAD_DB_PUSH !== '0',
      afterSchemaInit: [indexHasManyParents],
      // Every save in one transaction (Payload's SQLite default is none): a save is several
      // statements — the row, its `_locales`, `_rels` and array rows, the version — and one that
      // fails half-way (disk full, a lock) must leave the previous version whole, not a document
      // whose title was deleted before the new one could be written (tests/e2e/faults.test.ts).
      // libsql begins these as BEGIN IMMEDIATE, at their first statement (cms/sqliteWriteQueue.ts):
      // saves queue for the write lock; reads outside a save never wait.
      transactionOptions: {},
      // Ids are never reused: a deleted item's id (in its URL, a scheduled job, a co-publication,
      // an edit lock, the read cache) must not come back as another item's (issue 12, item 13).
      autoIncrement: true,
    }),
  )
}

/**
 * Every process that opens the embedded database (the CMS, site build workers, scripts) shares the
 * file: write-ahead logging lets builds read while the CMS writes, and a busy timeout makes a
 * connection wait for a lock instead of failing at once with "database is locked" (a site build
 * starting while the CMS recorded that very build did exactly that).
 */
export async function tuneSqliteConnection(payload: { db: unknown }): Promise<void> {
  const client = (payload.db as { client?: SqliteClient }).client
  const choice = chooseDatabase()
  if (choice.kind !== 'sqlite' || typeof client?.execute !== 'function') return
  // libsql-js leaks every prepared statement and every connection: bounded by reusing both (issue 14).
  cacheSqliteStatements()
  const busyTimeoutMs = Number(process.env.SQLITE_BUSY_TIMEOUT_MS ?? 10_000)
  await client.execute(`PRAGMA busy_timeout = ${busyTimeoutMs}`)
  await client.execute('PRAGMA journal_mode = WAL')
  const writes = reusableWriteTransactions(choice.file, busyTimeoutMs)
  serializeWrites(client, busyTimeoutMs, writes.begin)
  const adapter = payload.db as { destroy?: () => Promise<void> }
  const destroy = adapter.destroy?.bind(adapter)
  adapter.destroy = async () => {
    await destroy?.()
    writes.close()
  }
}

/**
 * Payload keeps the values of hasMany text/number fields (news tags, …) in `<table>_texts` /
 * `<table>_numbers` with an index on (order, parent_id) only, so reading one document's values
 * scans the whole table: listing 4,751 news took 5.6 s, 4.2 s of it on tags. An index that leads
 * with parent_id makes it 1.1 s. Localized fields live in `<table>_locales`, indexed on
 * (_locale, _parent_id) only: every document read scanned all its collection's translations,
 * bodies included — 43 ms of a 20-news list's 56 ms of SQL (issue 14); indexed, 0.5 ms.
 */
const indexHasManyParents: SQLiteSchemaHook = ({ schema, extendTable }) => {
  for (const [name, table] of Object.entries(schema.tables)) {
    const parentColumn = /_(texts|numbers)$/.test(name) ? 'parent_id' : /_locales$/.test(name) ? '_parent_id' : undefined
    if (!parentColumn) continue
    const parent = Object.values(getTableColumns(table) as Record<string, SQLiteColumn>).find((column) => column.name === parentColumn)
    if (parent) extendTable({ table, extraConfig: () => ({ [`${name}_parent_idx`]: index(`${name}_parent_idx`).on(parent) }) })
  }
  return schema
}

/**
 * Fail fast, before Payload starts: make sure the SQLite folder exists and is
 * writable, or that a MongoDB server answers within the timeout. Throws a
 * DatabaseConfigError whose message is a single line naming DATABASE_URI.
 */
export async function checkDatabaseReachable(choice: DatabaseChoice = chooseDatabase()): Promise<void> {
  if (choice.kind === 'sqlite') {
    const dir = path.dirname(choice.file)
    try {
      fs.mkdirSync(dir, { recursive: true })
      fs.accessSync(dir, fs.constants.W_OK)
      if (fs.existsSync(choice.file)) fs.accessSync(choice.file, fs.constants.R_OK | fs.constants.W_OK)
    } catch (error) {
      throw new DatabaseConfigError(
        `DATABASE_URI: cannot use SQLite file ${choice.file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      )
    }
    return
  }
  const { default: mongoose } = await import('mongoose')
  const connection = mongoose.createConnection(choice.url, {
    serverSelectionTimeoutMS: mongoServerSelectionTimeoutMS,
    connectTimeoutMS: mongoServerSelectionTimeoutMS,
  })
  try {
    await connection.asPromise()
  } catch (error) {
    const reason = ((error as Error).message || String(error)).split('\n')[0]
    throw new DatabaseConfigError(
      `DATABASE_URI: cannot reach MongoDB at ${redactUri(choice.url)} within ${mongoServerSelectionTimeoutMS} ms (${reason})`,
    )
  } finally {
    await connection.close().catch(() => {})
  }
}
