/**
 * No lost updates: optimistic concurrency for saves through REST.
 *
 * A client that read a document sends the `updatedAt` it read as `If-Match` with its PATCH
 * (`PATCH /api/news/12?draft=true`, `If-Match: 2026-05-01T08:00:00.000Z`; an ETag-style quoted
 * value works too). If the document was saved by someone else since, the save is refused with
 * 409 and a message saying when, and nothing is written. Requests without the header behave as
 * before (last write wins); `If-Match: *` asks for no check. In the admin, Payload's document
 * locking (`lockDocuments`, on by default) already keeps two editors out of the same document.
 *
 * Why a lock: the compare must see the stored document as it is when the save is written. On
 * SQLite each save is one transaction and this process runs them one after another
 * (cms/database.ts), which already makes it exact; the lock makes it exact on a database without
 * transactions too, where two requests interleave at every `await` between Payload's read of the
 * document and its write (a compare in a hook alone let two PATCHes with the same If-Match both
 * pass). So a save of one document through REST takes a per-document lock before Payload reads
 * the document (beforeOperation), compares the `updatedAt` Payload read under that lock with
 * If-Match (beforeChange), and releases it once the write is done (afterChange) or failed
 * (afterError). Saves without If-Match take the lock too.
 * The lock is per server process: it covers the one CMS server `npm start` runs, not several
 * servers sharing one MongoDB; Local API saves (scripts, jobs) do not take it.
 */
import {
  APIError,
  type CollectionAfterChangeHook,
  type CollectionAfterErrorHook,
  type CollectionBeforeChangeHook,
  type CollectionBeforeOperationHook,
  type CollectionConfig,
  type Config,
  type PayloadRequest,
} from 'payload'

import { formatShanghaiTime } from '../../shared/dates'

/** A lock not released within this time (a failed Local API call that never reached afterError) is let go. */
const leaseMs = Number(process.env.EDIT_LOCK_LEASE_MS ?? 30_000)

type Release = () => void
type Held = { release: Release; checked: boolean }

// On globalThis: Next may load this module more than once in one server (see publicReadCache.ts).
const stateKey = Symbol.for('dangjian.editConflict')
type LockState = { tails: Map<string, Promise<void>>; held: WeakMap<PayloadRequest, Map<string, Held>> }
const state = ((globalThis as Record<symbol, LockState | undefined>)[stateKey] ??= { tails: new Map(), held: new WeakMap() })

/** Waits for the saves of this document queued before us, then holds it until released (or the lease ends). */
async function acquire(key: string, onLeaseExpired: () => void): Promise<Release> {
  const previous = state.tails.get(key) ?? Promise.resolve()
  let open!: () => void
  const done = new Promise<void>((resolve) => (open = resolve))
  const tail = previous.then(() => done)
  state.tails.set(key, tail)
  await previous
  const timer = setTimeout(() => {
    onLeaseExpired()
    open()
  }, leaseMs)
  timer.unref?.()
  return () => {
    clearTimeout(timer)
    open()
    if (state.tails.get(key) === tail) state.tails.delete(key)
  }
}

/** The If-Match value as a time, or undefined when there is none (or `*`). */
export function parseIfMatch(header: string | null | undefined): Date | undefined {
  const value = header?.trim()
  if (!value || value === '*') return undefined
  const unquoted = value.replace(/^W\//, '').replace(/^"(.*)"$/, '$1')
  const time = new Date(unquoted)
  if (Number.isNaN(time.getTime())) {
    throw new APIError(
      `If-Match 应为读取内容时的修改时间（updatedAt），收到“${value.slice(0, 60)}”。If-Match must be the updatedAt you read.`,
      400,
      null,
      true,
    )
  }
  return time
}

/** A refused save: 409, logged as info (an expected outcome, like Payload's own `Locked`), not as an error with a stack. */
export class EditConflictError extends APIError {
  override name = 'EditConflictError' // set by hand: a minified build renames classes
  constructor(storedUpdatedAt: string) {
    super(editConflictMessage(storedUpdatedAt), 409, { updatedAt: storedUpdatedAt }, true)
  }
}

/** For `loggingLevels` in payload.config.ts (Payload's type lists only its own error names). */
export const editConflictLoggingLevels = { EditConflictError: 'info' } as NonNullable<Config['loggingLevels']>

export function editConflictMessage(storedUpdatedAt: string): string {
  const when = formatShanghaiTime(storedUpdatedAt)
  return `该内容已被他人修改（${when}），请刷新后再保存。This content was changed by someone else at ${storedUpdatedAt}; reload it before saving.`
}

/** The If-Match of this request applies only to the document named in its URL (not to documents hooks save along the way). */
function targetsThisDocument(req: PayloadRequest, collection: string, id: unknown): boolean {
  const route = req.routeParams as { collection?: string; id?: unknown } | undefined
  return route?.collection === collection && id !== undefined && String(route.id) === String(id)
}

const lockKey = (collection: string, id: unknown) => `${collection}:${String(id)}`

const lockBeforeRead: CollectionBeforeOperationHook = async ({ args, collection, operation, req }) => {
  const id = (args as { id?: unknown }).id
  if (operation !== 'update' || !targetsThisDocument(req, collection.slug, id)) return args
  parseIfMatch(req.headers?.get('if-match')) // a malformed value is refused before anything waits
  const key = lockKey(collection.slug, id)
  let held = state.held.get(req)
  if (!held) state.held.set(req, (held = new Map()))
  if (held.has(key)) return args
  const release = await acquire(key, () =>
    req.payload.logger.warn(`edit lock on ${key} held longer than ${leaseMs} ms; letting the next save through`),
  )
  held.set(key, { release, checked: false })
  return args
}

const compareUpdatedAt: CollectionBeforeChangeHook = ({ collection, data, operation, originalDoc, req }) => {
  if (operation !== 'update' || !originalDoc) return data
  const held = state.held.get(req)?.get(lockKey(collection.slug, originalDoc.id))
  if (!held || held.checked) return data
  held.checked = true // nested saves of this document within the same request are not checked again
  const expected = parseIfMatch(req.headers.get('if-match'))
  const stored = originalDoc.updatedAt as string | undefined
  if (expected && stored && new Date(stored).getTime() !== expected.getTime()) {
    throw new EditConflictError(stored)
  }
  return data
}

const releaseAfterWrite: CollectionAfterChangeHook = ({ collection, doc, req }) => {
  const held = state.held.get(req)?.get(lockKey(collection.slug, doc.id))
  if (held) {
    held.release()
    held.checked = true // kept: a later save of this document by a hook of the same request is neither locked nor checked
  }
  return doc
}

const releaseAfterError: CollectionAfterErrorHook = ({ req }) => {
  const held = state.held.get(req)
  for (const { release } of held?.values() ?? []) release()
}

/** Adds the If-Match check to an editable collection (its hooks run first, before the collection's own). */
export function withEditConflictCheck(collection: CollectionConfig): CollectionConfig {
  const hooks = collection.hooks ?? {}
  return {
    ...collection,
    hooks: {
      ...hooks,
      beforeOperation: [lockBeforeRead, ...(hooks.beforeOperation ?? [])],
      beforeChange: [compareUpdatedAt, ...(hooks.beforeChange ?? [])],
      afterChange: [releaseAfterWrite, ...(hooks.afterChange ?? [])],
      afterError: [releaseAfterError, ...(hooks.afterError ?? [])],
    },
  }
}
