import { Sqlite3Transaction } from '@libsql/client/sqlite3'
import Database from 'libsql'

import type { SqliteTransaction } from './sqliteWriteQueue'

type LibsqlDatabase = { exec(sql: string): void; close(): void; readonly open: boolean; readonly inTransaction: boolean }

/**
 * One long-lived connection for this process's write transactions. @libsql/client opens a fresh
 * connection for every transaction and never closes it (its transaction object only rolls back),
 * and libsql-js leaks a closed connection's native memory anyway (tursodatabase/libsql-js#153):
 * together 2.6 MB of RSS per save, for good. The write queue (./sqliteWriteQueue.ts) runs one
 * transaction at a time, so they can all use this one connection in turn; reads outside a
 * transaction stay on the client's own connection and never see uncommitted data.
 */
export function reusableWriteTransactions(file: string, busyTimeoutMs: number, intMode: 'number' | 'bigint' | 'string' = 'number') {
  let connection: LibsqlDatabase | undefined
  const open = (): LibsqlDatabase => {
    if (connection?.open) return connection
    connection = new (Database as unknown as new (path: string, options: object) => LibsqlDatabase)(file, {})
    connection.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`)
    connection.exec('PRAGMA foreign_keys = ON')
    return connection
  }
  const begin = async (mode = 'write'): Promise<SqliteTransaction> => {
    const db = open()
    if (db.inTransaction) db.exec('ROLLBACK') // a previous transaction abandoned without commit or rollback
    db.exec(mode === 'write' ? 'BEGIN IMMEDIATE' : mode === 'read' ? 'BEGIN TRANSACTION READONLY' : 'BEGIN DEFERRED')
    return new (Sqlite3Transaction as unknown as new (db: LibsqlDatabase, intMode: string) => SqliteTransaction)(db, intMode)
  }
  return { begin, close: () => connection?.open && connection.close() }
}
