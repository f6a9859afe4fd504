/** Restore of a verified backup archive into an empty database and media folder (see `backup.ts`). */
import fs from 'node:fs'
import path from 'node:path'

import type { CollectionSlug, GlobalSlug, JsonObject, Payload } from 'payload'

import {
  backedUpCollections,
  BackupError,
  collectionFile,
  globalFile,
  readJson,
  schemaFingerprint,
  sha256File,
  versionsFile,
  type Counts,
  type Doc,
} from './backup-format'
import type { VerifiedBackup } from './backup'

/** How many documents (and versions) the database already holds, per collection with any. */
async function existingContent(payload: Payload): Promise<string[]> {
  const found: string[] = []
  for (const collection of backedUpCollections(payload)) {
    const { totalDocs } = await payload.db.count({ collection: collection.slug })
    const versions = collection.versions ? (await payload.db.countVersions({ collection: collection.slug })).totalDocs : 0
    if (totalDocs || versions) found.push(`${totalDocs} ${collection.slug}${versions ? ` (+${versions} versions)` : ''}`)
  }
  for (const global of payload.config.globals) {
    const document = await payload.db.findGlobal({ slug: global.slug })
    if (document && Object.keys(document).length) found.push(`global ${global.slug}`)
  }
  return found
}

/**
 * SQLite enforces foreign keys on every insert; documents refer to each other in cycles (a news
 * item and its related activity, a district and its parent), so no insertion order satisfies them
 * all. They are switched off while restoring and the whole database is checked once at the end.
 * (The adapter runs without transactions, on one connection, so the pragma holds for every write.)
 */
async function withForeignKeysDeferred<T>(payload: Payload, restore: () => Promise<T>): Promise<T> {
  const client = (payload.db as unknown as { client?: { execute?: (sql: string) => Promise<{ rows: unknown[] }> } }).client
  if (payload.db.name !== 'sqlite' || typeof client?.execute !== 'function') return restore()
  await client.execute('PRAGMA foreign_keys = OFF')
  try {
    const result = await restore()
    const { rows } = await client.execute('PRAGMA foreign_key_check')
    if (rows.length)
      throw new BackupError(`the restored database has ${rows.length} dangling reference(s), e.g. ${JSON.stringify(rows[0])}`)
    return result
  } finally {
    await client.execute('PRAGMA foreign_keys = ON')
  }
}

/**
 * Restores a verified archive into an empty database and media folder: documents with their
 * original ids (so every relationship still points where it did), versions with their
 * timestamps and draft/latest flags, globals, then the media files byte for byte.
 */
export async function restoreBackup(
  payload: Payload,
  backup: VerifiedBackup,
  { mediaDir, warn = console.warn }: { mediaDir: string; warn?: (line: string) => void },
): Promise<Counts> {
  const { manifest, dir } = backup

  // Everything that could refuse the restore is checked before the first write.
  const known = new Set<string>(payload.config.collections.map((c) => c.slug))
  const unknown = Object.keys(manifest.collections).filter((slug) => !known.has(slug))
  if (unknown.length)
    throw new BackupError(`the archive holds collection(s) this CMS does not have: ${unknown.join(', ')}; nothing was restored`)
  const unknownGlobals = Object.keys(manifest.globals).filter((slug) => !payload.config.globals.some((g) => g.slug === slug))
  if (unknownGlobals.length)
    throw new BackupError(`the archive holds global(s) this CMS does not have: ${unknownGlobals.join(', ')}; nothing was restored`)
  const existing = await existingContent(payload)
  if (existing.length) {
    throw new BackupError(
      `restore needs an empty database, and this one already holds ${existing.join(', ')}; point DATABASE_URI at a new database (nothing was restored)`,
    )
  }
  const mediaFiles = Object.keys(manifest.files)
    .filter((rel) => rel.startsWith('media/'))
    .map((rel) => rel.slice('media/'.length))
  const clash = mediaFiles.find((rel) => {
    const target = path.join(mediaDir, rel)
    return fs.existsSync(target) && sha256File(target) !== manifest.files[`media/${rel}`].sha256
  })
  if (clash)
    throw new BackupError(
      `${path.join(mediaDir, clash)} exists with different contents; restore into an empty MEDIA_DIR (nothing was restored)`,
    )
  if (manifest.schema !== schemaFingerprint(payload.config)) {
    warn(
      `Warning: the archive was made by ${manifest.app.name} ${manifest.app.version} with a different schema (${manifest.schema}); fields this CMS no longer has are not restored.`,
    )
  }

  const counts: Counts = { collections: {}, globals: {}, media: { files: 0, bytes: 0 } }
  await withForeignKeysDeferred(payload, async () => {
    for (const slug of Object.keys(manifest.collections)) {
      const docs = readJson<Doc[]>(path.join(dir, collectionFile(slug)))
      for (const doc of docs) await payload.db.create({ collection: slug as CollectionSlug, data: doc, customID: doc.id, returning: false })
      let versions: number | null = null
      if (manifest.collections[slug].versions !== null) {
        versions = await restoreVersions(payload, slug as CollectionSlug, readJson<Doc[]>(path.join(dir, versionsFile(slug))))
      }
      counts.collections[slug] = { documents: docs.length, versions }
    }
    for (const slug of Object.keys(manifest.globals)) {
      const { document, versions } = readJson<{ document: Doc | null; versions: Doc[] | null }>(path.join(dir, globalFile(slug)))
      if (document && Object.keys(document).length)
        await payload.db.createGlobal({ slug: slug as GlobalSlug, data: document, returning: false })
      for (const version of versions ?? []) {
        await payload.db.createGlobalVersion({
          globalSlug: slug as GlobalSlug,
          versionData: version.version as JsonObject, // the document as the archive stored it
          autosave: Boolean(version.autosave),
          createdAt: version.createdAt as string,
          updatedAt: version.updatedAt as string,
          publishedLocale: version.publishedLocale as string | undefined,
          snapshot: version.snapshot as true | undefined,
          returning: false,
        })
      }
      counts.globals[slug] = { present: Boolean(document && Object.keys(document).length), versions: versions?.length ?? null }
    }
  })

  for (const rel of mediaFiles) {
    const target = path.join(mediaDir, rel)
    fs.mkdirSync(path.dirname(target), { recursive: true })
    if (!fs.existsSync(target)) fs.copyFileSync(path.join(dir, 'media', rel), target)
    counts.media.files++
    counts.media.bytes += manifest.files[`media/${rel}`].bytes
  }
  return counts
}

/**
 * Versions are written oldest first, so each new one becomes `latest` as it did when it was saved;
 * afterwards any version whose `latest` flag differs from the archive's is set back to it. Version
 * ids are the database's own (nothing refers to them); parents, timestamps and contents are kept.
 */
async function restoreVersions(payload: Payload, collection: CollectionSlug, versions: Doc[]): Promise<number> {
  const written: { original: Doc; id: string }[] = []
  for (const version of versions) {
    const created = await payload.db.createVersion({
      collectionSlug: collection,
      parent: version.parent as string | number,
      versionData: version.version as JsonObject, // the document as the archive stored it
      autosave: Boolean(version.autosave),
      createdAt: version.createdAt as string,
      updatedAt: version.updatedAt as string,
      publishedLocale: version.publishedLocale as string | undefined,
      snapshot: version.snapshot as true | undefined,
    })
    written.push({ original: version, id: created.id })
  }
  const latestNow = new Map(
    (await payload.db.findVersions({ collection, limit: 0, pagination: false })).docs.map((v) => [
      v.id,
      Boolean((v as { latest?: boolean }).latest),
    ]),
  )
  for (const { original, id } of written) {
    const latest = Boolean(original.latest)
    if (latestNow.get(id) !== latest)
      // Payload's type asks for the whole version; the adapter writes only the fields given.
      await payload.db.updateVersion({ collection, id, versionData: { latest } as never, returning: false })
  }
  return written.length
}
