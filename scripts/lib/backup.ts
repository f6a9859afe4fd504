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

import type { Payload } from 'payload'
import * as tar from 'tar'

import { repoRoot } from '../../shared/paths'
import {
  backedUpCollections,
  BackupError,
  backupFormat,
  backupFormatVersion,
  collectionFile,
  globalFile,
  listFiles,
  readJson,
  schemaFingerprint,
  sha256File,
  versionsFile,
  type Doc,
  type FileEntry,
  type Manifest,
} from './backup-format'

function packageVersion(file: string): string {
  return readJson<{ version: string }>(file).version
}

function appInfo(): Manifest['app'] {
  return {
    name: readJson<{ name: string }>(path.join(repoRoot, 'package.json')).name,
    version: packageVersion(path.join(repoRoot, 'package.json')),
    payload: packageVersion(path.join(repoRoot, 'node_modules', 'payload', 'package.json')),
  }
}

/** `backups/dangjian-20260501-083000.tar.gz` at the repo root. */
export function defaultBackupPath(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-')
  return path.join(repoRoot, 'backups', `dangjian-${stamp}.tar.gz`)
}

/**
 * Writes one archive with every collection, its versions, the globals and the media files. The
 * archive is written under a temporary name and renamed when complete, so a failed backup never
 * leaves a half-written file under the final name. An existing file is never overwritten.
 */
export async function createBackup(
  payload: Payload,
  { out, mediaDir }: { out: string; mediaDir: string },
): Promise<{ file: string; manifest: Manifest }> {
  const file = path.resolve(out)
  if (fs.existsSync(file)) throw new BackupError(`${file} already exists; choose another --out`)
  // The archive carries MEDIA_DIR: an upload collection storing its files elsewhere would be silently left out.
  for (const collection of payload.config.collections) {
    const staticDir = collection.upload && collection.upload.staticDir ? path.resolve(collection.upload.staticDir) : undefined
    if (staticDir && path.relative(path.resolve(mediaDir), staticDir).startsWith('..')) {
      throw new BackupError(
        `collection ${collection.slug} stores its files in ${staticDir}, outside MEDIA_DIR (${mediaDir}), which is all a backup carries`,
      )
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
      const versions = global.versions
        ? (await payload.db.findGlobalVersions({ global: global.slug, limit: 0, pagination: false, sort: 'id' })).docs
        : null
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
      await tar.extract({
        file,
        cwd: dir,
        strict: true,
        filter: (_path, entry) => 'type' in entry && ['File', 'Directory', 'Link'].includes(entry.type),
      })
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
    if (manifest.format !== backupFormat || typeof manifest.files !== 'object' || !manifest.files)
      fail('manifest.json is not a dangjian CMS backup manifest')
    if (manifest.formatVersion > backupFormatVersion)
      fail(`it is format version ${manifest.formatVersion}; this CMS reads up to ${backupFormatVersion}`)

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
      if (docs.length !== counts.documents)
        fail(`${collectionFile(slug)} holds ${docs.length} documents, the manifest says ${counts.documents}`)
      if (counts.versions !== null) {
        const versions = readJson<Doc[]>(path.join(dir, versionsFile(slug)))
        if (versions.length !== counts.versions)
          fail(`${versionsFile(slug)} holds ${versions.length} versions, the manifest says ${counts.versions}`)
      }
    }
    return { archive: file, dir, manifest: manifest!, cleanup }
  } catch (error) {
    cleanup()
    throw error
  }
}
