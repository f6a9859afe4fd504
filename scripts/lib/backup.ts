/**
 * Backup and restore of the whole CMS: every collection (drafts, users with their password
 * hashes, scheduled jobs …) with its version history, globals, and the uploaded media files, in
 * one .tar.gz with a manifest of counts and sha256 hashes.
 *
 * Everything goes through the database adapter (`payload.db.*`), never the Local API: reads see
 * hidden fields (hash, salt), and writes keep ids and timestamps and run no hooks — a restore
 * triggers no site rebuild, no review-chain step, no slug rewrite and no image re-encoding.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import type { CollectionSlug, GlobalSlug, Payload, SanitizedConfig } from 'payload'
import * as tar from 'tar'

import { repoRoot } from '../../shared/paths'

/** A problem with an archive or a restore target: scripts print the message alone, as one line. */
export class BackupError extends Error {
  override name = 'BackupError'
}

export const backupFormat = 'dangjian-cms-backup'
export const backupFormatVersion = 1

/** Payload's record of applied migrations describes the target's schema, not content: never copied. */
const skippedCollections = new Set(['payload-migrations'])

type Doc = Record<string, unknown> & { id: string | number }
type FileEntry = { sha256: string; bytes: number }

export type Manifest = {
  format: typeof backupFormat
  formatVersion: number
  createdAt: string
  app: { name: string; version: string; payload: string }
  /** Hash of every collection's field names and types: a restore into a different schema is warned about. */
  schema: string
  database: string
  collections: Record<string, { documents: number; versions: number | null }>
  globals: Record<string, { present: boolean; versions: number | null }>
  media: { files: number; bytes: number }
  /** Every file of the archive except this manifest, by its path inside the archive. */
  files: Record<string, FileEntry>
}

export type Counts = Pick<Manifest, 'collections' | 'globals' | 'media'>

const collectionFile = (slug: string) => `collections/${slug}.json`
const versionsFile = (slug: string) => `versions/${slug}.json`
const globalFile = (slug: string) => `globals/${slug}.json`

function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T
}

function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex')
}

/** Regular files under `dir`, as posix paths relative to it (symlinks and the like are left out). */
function listFiles(dir: string, prefix = ''): string[] {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name
      if (entry.isDirectory()) return listFiles(path.join(dir, entry.name), rel)
      return entry.isFile() ? [rel] : []
    })
}

function packageVersion(file: string): string {
  return (readJson<{ version: string }>(file)).version
}

function appInfo(): Manifest['app'] {
  return {
    name: readJson<{ name: string }>(path.join(repoRoot, 'package.json')).name,
    version: packageVersion(path.join(repoRoot, 'package.json')),
    payload: packageVersion(path.join(repoRoot, 'node_modules', 'payload', 'package.json')),
  }
}

/** Field names and types of every collection and global, nested fields included, hashed. */
export function schemaFingerprint(config: SanitizedConfig): string {
  type AnyField = { name?: string; type: string; hasMany?: boolean; flattenedFields?: AnyField[]; fields?: AnyField[]; blocks?: { slug: string; flattenedFields?: AnyField[]; fields?: AnyField[] }[] }
  const describe = (fields: AnyField[] = []): string =>
    fields
      .map((field) => {
        const children = field.flattenedFields ?? field.fields
        const blocks = field.blocks?.map((block) => `${block.slug}{${describe(block.flattenedFields ?? block.fields)}}`).join('|')
        return `${field.name ?? ''}:${field.type}${field.hasMany ? '*' : ''}${children ? `{${describe(children)}}` : ''}${blocks ? `<${blocks}>` : ''}`
      })
      .join(',')
  const entities = [
    ...config.collections.map((c) => `c:${c.slug}:${c.versions ? 'v' : ''}{${describe(c.flattenedFields as AnyField[])}}`),
    ...config.globals.map((g) => `g:${g.slug}:${g.versions ? 'v' : ''}{${describe(g.flattenedFields as AnyField[])}}`),
  ]
  return createHash('sha256').update(entities.join('\n')).digest('hex').slice(0, 16)
}

const backedUpCollections = (payload: Payload) => payload.config.collections.filter((c) => !skippedCollections.has(c.slug))

/** `backups/dangjian-20260501-083000.tar.gz` at the repo root. */
export function defaultBackupPath(now = new Date()): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-')
  return path.join(repoRoot, 'backups', `dangjian-${stamp}.tar.gz`)
}

/**
 * Writes one archive with every collection, its versions, the globals and the media files. The
 * archive is written under a temporary name and renamed when complete, so a failed backup never
 * leaves a half-written file under the final name. An existing file is never overwritten.
 */
export async function createBackup(payload: Payload, { out, mediaDir }: { out: string; mediaDir: string }): Promise<{ file: string; manifest: Manifest }> {
  const file = path.resolve(out)
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists; choose another --out`)
  // The archive carries MEDIA_DIR: an upload collection storing its files elsewhere would be silently left out.
  for (const collection of payload.config.collections) {
    const staticDir = collection.upload && collection.upload.staticDir ? path.resolve(collection.upload.staticDir) : undefined
    if (staticDir && path.relative(path.resolve(mediaDir), staticDir).startsWith('..')) {
      throw new BackupError(`collection ${collection.slug} stores its files in ${staticDir}, outside MEDIA_DIR (${mediaDir}), which is all a backup carries`)
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'dangjian-backup-'))
  const partial = `${file}.partial`
  try {
    const files: Record<string, FileEntry> = {}
    const writeJson = (rel: string, value: unknown) => {
      const target = path.join(staging, rel)
      fs.mkdirSync(path.dirname(target), { recursive: true })
      const text = `${JSON.stringify(value, null, 1)}\n`
      fs.writeFileSync(target, text)
      files[rel] = { sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) }
    }

    const collections: Manifest['collections'] = {}
    for (const collection of backedUpCollections(payload)) {
      const { docs } = await payload.db.find({ collection: collection.slug, limit: 0, pagination: false, sort: 'id' })
      writeJson(collectionFile(collection.slug), docs)
      let versions: number | null = null
      if (collection.versions) {
        const found = await payload.db.findVersions({ collection: collection.slug, limit: 0, pagination: false, sort: 'id' })
        writeJson(versionsFile(collection.slug), found.docs)
        versions = found.docs.length
      }
      collections[collection.slug] = { documents: docs.length, versions }
    }

    const globals: Manifest['globals'] = {}
    for (const global of payload.config.globals) {
      const document = await payload.db.findGlobal({ slug: global.slug })
      const versions = global.versions ? (await payload.db.findGlobalVersions({ global: global.slug, limit: 0, pagination: false, sort: 'id' })).docs : null
      writeJson(globalFile(global.slug), { document: document ?? null, versions })
      globals[global.slug] = { present: Boolean(document && Object.keys(document).length), versions: versions?.length ?? null }
    }

    // Media: hard links where the file system allows (no copy of a large media folder), copies otherwise.
    let mediaBytes = 0
    const mediaFiles = listFiles(mediaDir)
    for (const rel of mediaFiles) {
      const source = path.join(mediaDir, rel)
      const target = path.join(staging, 'media', rel)
      fs.mkdirSync(path.dirname(target), { recursive: true })
      try {
        fs.linkSync(source, target)
      } catch {
        fs.copyFileSync(source, target)
      }
      const bytes = fs.statSync(target).size
      files[`media/${rel}`] = { sha256: sha256File(target), bytes }
      mediaBytes += bytes
    }

    const manifest: Manifest = {
      format: backupFormat,
      formatVersion: backupFormatVersion,
      createdAt: new Date().toISOString(),
      app: appInfo(),
      schema: schemaFingerprint(payload.config),
      database: payload.db.name,
      collections,
      globals,
      media: { files: mediaFiles.length, bytes: mediaBytes },
      files,
    }
    fs.writeFileSync(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`)
    const entries = fs.readdirSync(staging).sort((a, b) => (a === 'manifest.json' ? -1 : b === 'manifest.json' ? 1 : a.localeCompare(b)))
    await tar.create({ gzip: true, file: partial, cwd: staging, portable: true }, entries)
    fs.renameSync(partial, file)
    return { file, manifest }
  } finally {
    fs.rmSync(partial, { force: true })
    fs.rmSync(staging, { recursive: true, force: true })
  }
}

/** An archive unpacked into a temporary folder whose every file matched the manifest. */
export type VerifiedBackup = { archive: string; dir: string; manifest: Manifest; cleanup: () => void }

/**
 * Unpacks an archive into a temporary folder and checks it completely — every file present with
 * the manifest's size and sha256, no file the manifest does not list, document and version counts
 * as listed — before anything is written to a database or media folder.
 */
export async function verifyBackup(archive: string): Promise<VerifiedBackup> {
  const file = path.resolve(archive)
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new BackupError(`no backup archive at ${file}`)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangjian-restore-'))
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true })
  const fail = (reason: string): never => {
    throw new BackupError(`${file} failed verification: ${reason}; nothing was restored`)
  }
  try {
    try {
      // strict: a damaged gzip stream or tar header is an error, not a warning. Only files, folders and hard
      // links (tar stores a second name of one media file as a link) are unpacked; node-tar keeps them all inside `dir`.
      await tar.extract({ file, cwd: dir, strict: true, filter: (_path, entry) => 'type' in entry && ['File', 'Directory', 'Link'].includes(entry.type) })
    } catch (error) {
      fail(`the archive is damaged or truncated (${((error as Error).message || String(error)).split('\n')[0]})`)
    }
    const manifestPath = path.join(dir, 'manifest.json')
    if (!fs.existsSync(manifestPath)) fail('it has no manifest.json (not a backup made by `npm run backup`, or cut short)')
    let manifest: Manifest
    try {
      manifest = readJson<Manifest>(manifestPath)
    } catch {
      return fail('manifest.json is not valid JSON')
    }
    if (manifest.format !== backupFormat || typeof manifest.files !== 'object' || !manifest.files) fail('manifest.json is not a dangjian CMS backup manifest')
    if (manifest.formatVersion > backupFormatVersion) fail(`it is format version ${manifest.formatVersion}; this CMS reads up to ${backupFormatVersion}`)

    const present = listFiles(dir).filter((rel) => rel !== 'manifest.json')
    const listed = Object.keys(manifest.files)
    const missing = listed.filter((rel) => !present.includes(rel))
    if (missing.length) fail(`${missing.length} file(s) listed in the manifest are missing, e.g. ${missing[0]}`)
    const extra = present.filter((rel) => !(rel in manifest.files))
    if (extra.length) fail(`${extra.length} file(s) are not in the manifest, e.g. ${extra[0]}`)
    for (const rel of listed) {
      const expected = manifest.files[rel]
      const actual = path.join(dir, rel)
      const bytes = fs.statSync(actual).size
      if (bytes !== expected.bytes) fail(`${rel} is ${bytes} bytes, the manifest says ${expected.bytes}`)
      const sha256 = sha256File(actual)
      if (sha256 !== expected.sha256) fail(`${rel} has sha256 ${sha256.slice(0, 12)}…, the manifest says ${expected.sha256.slice(0, 12)}…`)
    }
    for (const [slug, counts] of Object.entries(manifest.collections)) {
      const docs = readJson<Doc[]>(path.join(dir, collectionFile(slug)))
      if (docs.length !== counts.documents) fail(`${collectionFile(slug)} holds ${docs.length} documents, the manifest says ${counts.documents}`)
      if (counts.versions !== null) {
        const versions = readJson<Doc[]>(path.join(dir, versionsFile(slug)))
        if (versions.length !== counts.versions) fail(`${versionsFile(slug)} holds ${versions.length} versions, the manifest says ${counts.versions}`)
      }
    }
    return { archive: file, dir, manifest: manifest!, cleanup }
  } catch (error) {
    cleanup()
    throw error
  }
}

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
    if (rows.length) throw new BackupError(`the restored database has ${rows.length} dangling reference(s), e.g. ${JSON.stringify(rows[0])}`)
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
  if (unknown.length) throw new BackupError(`the archive holds collection(s) this CMS does not have: ${unknown.join(', ')}; nothing was restored`)
  const unknownGlobals = Object.keys(manifest.globals).filter((slug) => !payload.config.globals.some((g) => g.slug === slug))
  if (unknownGlobals.length) throw new BackupError(`the archive holds global(s) this CMS does not have: ${unknownGlobals.join(', ')}; nothing was restored`)
  const existing = await existingContent(payload)
  if (existing.length) {
    throw new BackupError(`restore needs an empty database, and this one already holds ${existing.join(', ')}; point DATABASE_URI at a new database (nothing was restored)`)
  }
  const mediaFiles = Object.keys(manifest.files).filter((rel) => rel.startsWith('media/')).map((rel) => rel.slice('media/'.length))
  const clash = mediaFiles.find((rel) => {
    const target = path.join(mediaDir, rel)
    return fs.existsSync(target) && sha256File(target) !== manifest.files[`media/${rel}`].sha256
  })
  if (clash) throw new BackupError(`${path.join(mediaDir, clash)} exists with different contents; restore into an empty MEDIA_DIR (nothing was restored)`)
  if (manifest.schema !== schemaFingerprint(payload.config)) {
    warn(`Warning: the archive was made by ${manifest.app.name} ${manifest.app.version} with a different schema (${manifest.schema}); fields this CMS no longer has are not restored.`)
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
      if (document && Object.keys(document).length) await payload.db.createGlobal({ slug: slug as GlobalSlug, data: document, returning: false })
      for (const version of versions ?? []) {
        await payload.db.createGlobalVersion({
          globalSlug: slug as GlobalSlug,
          versionData: version.version as never,
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
  const written: { original: Doc; id: string | number }[] = []
  for (const version of versions) {
    const created = await payload.db.createVersion({
      collectionSlug: collection,
      parent: version.parent as string | number,
      versionData: version.version as never,
      autosave: Boolean(version.autosave),
      createdAt: version.createdAt as string,
      updatedAt: version.updatedAt as string,
      publishedLocale: version.publishedLocale as string | undefined,
      snapshot: version.snapshot as true | undefined,
    })
    written.push({ original: version, id: created.id })
  }
  const latestNow = new Map(
    (await payload.db.findVersions({ collection, limit: 0, pagination: false })).docs.map((v) => [v.id, Boolean((v as { latest?: boolean }).latest)]),
  )
  for (const { original, id } of written) {
    const latest = Boolean(original.latest)
    if (latestNow.get(id as never) !== latest) await payload.db.updateVersion({ collection, id: id as string, versionData: { latest } as never, returning: false })
  }
  return written.length
}

/** The per-collection lines a backup or restore prints. */
export function describeCounts(counts: Counts): string[] {
  const width = Math.max(...Object.keys(counts.collections).map((slug) => slug.length), 5)
  const lines = Object.entries(counts.collections).map(
    ([slug, { documents, versions }]) => `  ${slug.padEnd(width)}  ${String(documents).padStart(5)} documents${versions === null ? '' : `, ${versions} versions`}`,
  )
  for (const [slug, { present, versions }] of Object.entries(counts.globals)) {
    lines.push(`  ${`global ${slug}`.padEnd(width)}  ${present ? 'present' : 'empty'}${versions === null ? '' : `, ${versions} versions`}`)
  }
  lines.push(`  ${'media'.padEnd(width)}  ${String(counts.media.files).padStart(5)} files, ${(counts.media.bytes / 1048576).toFixed(1)} MB`)
  return lines
}
