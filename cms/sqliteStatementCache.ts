import Database from 'libsql'

/**
 * Works around a native memory leak in libsql-js (tursodatabase/libsql-js#153, open): every
 * `prepare()` allocates a statement that garbage collection never frees — about 2–4 KB each, so
 * RSS grew with every query the CMS ran (≈ 0.2 MB per save, seen as ~1 MB per save on the
 * admin server with its extra reads). @libsql/client prepares its statement anew for every
 * execute, and Payload's queries come from a bounded set of SQL texts, so each connection keeps
 * its statements by SQL text (least recently used beyond `maxPerConnection` dropped) and reuses
 * them. Reuse is safe: the client only runs `all()`/`run()`, which complete synchronously, and it
 * sets `raw()`/`safeIntegers()` before every use.
 */
const maxPerConnection = 2000

type Statement = unknown
type LibsqlDatabase = { prepare: (sql: string) => Statement }

const installed = Symbol.for('dangjian.sqliteStatementCache')
const caches = new WeakMap<object, Map<string, Statement>>()

export function cacheSqliteStatements(): void {
  const proto = (Database as unknown as { prototype: LibsqlDatabase & { [installed]?: boolean } }).prototype
  if (proto[installed]) return
  const prepare = proto.prepare
  proto.prepare = function cachedPrepare(this: object, sql: string) {
    let cache = caches.get(this)
    if (!cache) caches.set(this, (cache = new Map()))
    const cached = cache.get(sql)
    if (cached) {
      cache.delete(sql) // re-inserted below: most recently used last
      cache.set(sql, cached)
      return cached
    }
    const statement = prepare.call(this, sql)
    cache.set(sql, statement)
    if (cache.size > maxPerConnection) cache.delete(cache.keys().next().value as string)
    return statement
  }
  proto[installed] = true
}
