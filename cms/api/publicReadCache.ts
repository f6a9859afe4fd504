/**
 * A micro-cache for anonymous REST reads (GET /api/…): visitors' apps and
 * widgets ask the same public lists again and again, and every answer is the
 * same for every anonymous caller (access control gives them published
 * content only). Answers are kept in memory per URL and all dropped whenever
 * any document changes in this process (the hooks below), and after at most
 * PUBLIC_CACHE_TTL_MS (default 30 s) in any case, which bounds staleness when
 * another process (a second server, a restore) wrote to the database.
 *
 * Requests with credentials (a session cookie, a JWT or an API key: editors,
 * the site builder) are never cached and never served from the cache.
 */
import type { CollectionAfterChangeHook, CollectionAfterDeleteHook, CollectionConfig } from 'payload'

type Entry = { generation: number; storedAt: number; status: number; headers: [string, string][]; body: ArrayBuffer }
type State = { generation: number; entries: Map<string, Entry> }

// On globalThis: Next may load this module once for the route and again for Payload's hooks.
const key = Symbol.for('dangjian.publicReadCache')
const state: State = ((globalThis as Record<symbol, State>)[key] ??= { generation: 0, entries: new Map() })

const ttlMs = () => Number(process.env.PUBLIC_CACHE_TTL_MS ?? 30_000)
const maxEntries = 500
const maxBodyBytes = 1_000_000

/** Drops every cached answer: called after any change to any document. */
export function invalidatePublicReads(): void {
  state.generation++
  state.entries.clear()
}

const invalidateAfterChange: CollectionAfterChangeHook = ({ doc }) => {
  invalidatePublicReads()
  return doc
}
const invalidateAfterDelete: CollectionAfterDeleteHook = ({ doc }) => {
  invalidatePublicReads()
  return doc
}

/** Adds the invalidation hooks to a collection. */
export function invalidatesPublicReads(collection: CollectionConfig): CollectionConfig {
  return {
    ...collection,
    hooks: {
      ...collection.hooks,
      afterChange: [...(collection.hooks?.afterChange ?? []), invalidateAfterChange],
      afterDelete: [...(collection.hooks?.afterDelete ?? []), invalidateAfterDelete],
    },
  }
}

const hasCredentials = (request: Request) =>
  request.headers.has('authorization') || /(?:^|;\s*)payload-token=/.test(request.headers.get('cookie') ?? '')

/** Wraps a GET route handler with the cache. */
export function cachePublicReads<Context>(handler: (request: Request, context: Context) => Promise<Response>) {
  return async (request: Request, context: Context): Promise<Response> => {
    if (hasCredentials(request) || ttlMs() <= 0) return handler(request, context)
    const url = new URL(request.url)
    const cacheKey = url.pathname + url.search
    const hit = state.entries.get(cacheKey)
    if (hit && hit.generation === state.generation && Date.now() - hit.storedAt < ttlMs()) {
      return new Response(hit.body, { status: hit.status, headers: [...hit.headers, ['x-cache', 'HIT']] })
    }
    const generation = state.generation
    const response = await handler(request, context)
    // Only plain successful JSON answers; a change during the read (generation moved) is not stored.
    if (response.status !== 200 || !response.headers.get('content-type')?.includes('json') || response.headers.has('set-cookie'))
      return response
    const body = await response.arrayBuffer()
    const headers = [...response.headers.entries()]
    if (body.byteLength <= maxBodyBytes && generation === state.generation) {
      if (state.entries.size >= maxEntries) state.entries.delete(state.entries.keys().next().value!)
      state.entries.set(cacheKey, { generation, storedAt: Date.now(), status: 200, headers, body })
    }
    return new Response(body, { status: 200, headers: [...headers, ['x-cache', 'MISS']] })
  }
}
