import type { BaseDatabaseAdapter, DatabaseAdapterObj } from 'payload'

type Row = Record<string, unknown>
type MigratingClient = {
  execute(statement: string | { sql: string; args: unknown[] }): Promise<{ rows: Row[] }>
  migrate(statements: string[]): Promise<unknown>
}
/** The parts of the SQLite adapter used here, beyond what every Payload database adapter has. */
type ConnectingAdapter = BaseDatabaseAdapter & {
  client?: MigratingClient
  push?: boolean
  rawTables?: Record<string, { name: string; columns: Record<string, { autoIncrement?: boolean }> }>
}

/** How Payload's schema push wrote an integer primary key before `autoIncrement` was on. */
const reusableId = '`id` integer PRIMARY KEY NOT NULL'
const neverReusedId = '`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL'

/**
 * With `autoIncrement` SQLite never hands out a deleted row's id again; without it a new row
 * takes max(id) + 1, so deleting the newest item gave its id — and URL, scheduled jobs, edit
 * locks — to the next one. SQLite cannot add AUTOINCREMENT to an existing table, and
 * drizzle-kit's own rebuild of one fails half-way on its indexes ("index … already exists",
 * one table per start), so databases made before are rebuilt here, once, before Payload pushes
 * its schema: every such table in one transaction, with its rows, ids and indexes (SQLite's
 * documented rebuild: foreign keys off, create, copy, drop, rename). Push then finds nothing to
 * change. Only the process that pushes the schema (start, seed, tests) does this.
 */
export function withAutoIncrementIds(adapterObj: DatabaseAdapterObj): DatabaseAdapterObj {
  return {
    ...adapterObj,
    init: (args) => {
      const adapter: ConnectingAdapter = adapterObj.init(args)
      const connect = adapter.connect
      if (!connect) return adapter
      adapter.connect = async (options) => {
        const pushes = adapter.push !== false && process.env.NODE_ENV !== 'production' && process.env.PAYLOAD_MIGRATING !== 'true'
        if (pushes && !adapter.client) {
          adapter.push = false // open the connection without pushing, upgrade, then connect again to push
          try {
            await connect.call(adapter, options)
          } finally {
            adapter.push = true
          }
          // Only the tables Payload declares AUTOINCREMENT (documents, versions, jobs …), not `_locales`, `_rels` …
          const declared = Object.values(adapter.rawTables ?? {})
            .filter((table) => table.columns.id?.autoIncrement)
            .map((table) => table.name)
          const rebuilt = await rebuildWithAutoIncrement(adapter.client!, declared)
          if (rebuilt)
            adapter.payload.logger.info(
              `SQLite: ${rebuilt} table(s) rebuilt with AUTOINCREMENT ids; deleted ids are never reused from now on.`,
            )
        }
        return connect.call(adapter, options)
      }
      return adapter
    },
  }
}

/** Rebuilds those of `names` whose integer id may still be reused; returns how many. */
export async function rebuildWithAutoIncrement(client: MigratingClient, names: string[]): Promise<number> {
  const wanted = new Set(names)
  const { rows } = await client.execute({
    sql: "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND instr(sql, ?) > 0",
    args: [reusableId],
  })
  const tables = rows.filter((row) => wanted.has(String(row.name)))
  if (!tables.length) return 0
  const statements: string[] = []
  for (const { name, sql } of tables as { name: string; sql: string }[]) {
    const { rows: indexes } = await client.execute({
      sql: "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
      args: [name],
    })
    const temporary = `__autoincrement_${name}`
    const definition = sql
      .replace(/^CREATE TABLE\s+("[^"]+"|`[^`]+`|\S+)/i, `CREATE TABLE \`${temporary}\``)
      .replace(reusableId, neverReusedId)
    statements.push(
      definition,
      `INSERT INTO \`${temporary}\` SELECT * FROM \`${name}\``,
      `DROP TABLE \`${name}\``,
      `ALTER TABLE \`${temporary}\` RENAME TO \`${name}\``,
      ...indexes.map((index) => String(index.sql)),
    )
  }
  await client.migrate(statements) // foreign keys off, one transaction: all tables or none
  return tables.length
}
