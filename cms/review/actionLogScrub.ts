import type { CollectionSlug, Payload } from 'payload'

import { actorName } from '../fields/actorName'
import { relationId, type RelationValue } from '../fields/ids'

/** The action logs: the 三审 review log on the editorial collections, the 报送记录 on co-publications. */
const logs: { collection: CollectionSlug; field: string; versions: boolean }[] = [
  { collection: 'news', field: 'reviewLog', versions: true },
  { collection: 'activities', field: 'reviewLog', versions: true },
  { collection: 'campaigns', field: 'reviewLog', versions: true },
  { collection: 'co-publications', field: 'log', versions: false },
]

type Entry = Record<string, unknown> & { by?: RelationValue; byName?: string | null }
const entryKeys = ['id', 'action', 'state', 'by', 'byName', 'at', 'note']

/**
 * One-off, idempotent clean-up of log entries written before a log kept only the actor's id and
 * display name: entries whose name was the actor's e-mail address (the fallback for accounts without
 * a name) get the account's name or 用户 #id, and an entry holding a whole account object keeps its id.
 * Rewrites rows through the database adapter (no new version, no hooks, no rebuild). Returns the
 * number of documents and versions changed; a second run changes nothing.
 */
export async function scrubActionLogs(payload: Payload): Promise<number> {
  const names = new Map<string, string>()
  const nameOf = async (id: number | string) => {
    if (!names.has(String(id))) {
      const user = await payload.findByID({ collection: 'users', id, depth: 0, overrideAccess: true, disableErrors: true })
      names.set(String(id), user ? actorName(user as { id: number | string; name?: string }) : `用户 #${id}`)
    }
    return names.get(String(id))!
  }
  const clean = async (entries: Entry[] | undefined): Promise<Entry[] | null> => {
    if (!Array.isArray(entries)) return null
    let changed = false
    const out: Entry[] = []
    for (const entry of entries) {
      const by = relationId(entry.by ?? null)
      const leaks =
        (typeof entry.by === 'object' && entry.by !== null) ||
        String(entry.byName ?? '').includes('@') ||
        Object.keys(entry).some((k) => !entryKeys.includes(k))
      if (!leaks) {
        out.push(entry)
        continue
      }
      changed = true
      const kept = Object.fromEntries(entryKeys.filter((k) => k in entry).map((k) => [k, entry[k]])) as Entry
      out.push({
        ...kept,
        by,
        byName: by === null ? '系统' : String(entry.byName ?? '').includes('@') || !entry.byName ? await nameOf(by) : entry.byName,
      })
    }
    return changed ? out : null
  }

  let changed = 0
  for (const { collection, field, versions } of logs) {
    const where = { [`${field}.byName`]: { contains: '@' } }
    const docs = await payload.db.find<Record<string, unknown>>({ collection, where, limit: 0, pagination: false })
    for (const doc of docs.docs) {
      const fixed = await clean(doc[field] as Entry[])
      if (!fixed) continue
      await payload.db.updateOne({ collection, id: doc.id as number, data: { [field]: fixed } })
      changed++
    }
    if (!versions) continue
    const found = await payload.db.findVersions<Record<string, unknown>>({
      collection,
      where: { [`version.${field}.byName`]: { contains: '@' } },
      limit: 0,
      pagination: false,
    })
    for (const version of found.docs) {
      const fixed = await clean((version.version as Record<string, unknown>)[field] as Entry[])
      if (!fixed) continue
      await payload.db.updateVersion({
        collection,
        id: version.id,
        versionData: { ...version, version: { ...(version.version as object), [field]: fixed } },
      })
      changed++
    }
  }
  return changed
}
