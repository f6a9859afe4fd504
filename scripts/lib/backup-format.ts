/**
 * The backup archive's format: manifest, file layout, hashes and the schema fingerprint, shared
 * by `backup.ts` (create, verify) and `backup-restore.ts`.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import type { Payload, SanitizedConfig } from 'payload'

/** A problem with an archive or a restore target: scripts print the message alone, as one line. */
export class BackupError extends Error {
  override name = 'BackupError'
}

export const backupFormat = 'dangjian-cms-backup'
export const backupFormatVersion = 1

/** Payload's record of applied migrations describes the target's schema, not content: never copied. */
const skippedCollections = new Set(['payload-migrations'])

export type Doc = Record<string, unknown> & { id: string | number }
export type FileEntry = { sha256: string; bytes: number }

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

export const collectionFile = (slug: string) => `collections/${slug}.json`
export const versionsFile = (slug: string) => `versions/${slug}.json`
export const globalFile = (slug: string) => `globals/${slug}.json`

export function readJson<T>(file: string): T {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex')
}

/** Regular files under `dir`, as posix paths relative to it (symlinks and the like are left out). */
export function listFiles(dir: string, prefix = ''): string[] {
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

/** Field names and types of every collection and global, nested fields included, hashed. */
export function schemaFingerprint(config: SanitizedConfig): string {
  type AnyField = {
    name?: string
    type: string
    hasMany?: boolean
    flattenedFields?: AnyField[]
    fields?: AnyField[]
    blocks?: { slug: string; flattenedFields?: AnyField[]; fields?: AnyField[] }[]
  }
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

export const backedUpCollections = (payload: Payload) => payload.config.collections.filter((c) => !skippedCollections.has(c.slug))

/** The per-collection lines a backup or restore prints. */
export function describeCounts(counts: Counts): string[] {
  const width = Math.max(...Object.keys(counts.collections).map((slug) => slug.length), 5)
  const lines = Object.entries(counts.collections).map(
    ([slug, { documents, versions }]) =>
      `  ${slug.padEnd(width)}  ${String(documents).padStart(5)} documents${versions === null ? '' : `, ${versions} versions`}`,
  )
  for (const [slug, { present, versions }] of Object.entries(counts.globals)) {
    lines.push(`  ${`global ${slug}`.padEnd(width)}  ${present ? 'present' : 'empty'}${versions === null ? '' : `, ${versions} versions`}`)
  }
  lines.push(`  ${'media'.padEnd(width)}  ${String(counts.media.files).padStart(5)} files, ${(counts.media.bytes / 1048576).toFixed(1)} MB`)
  return lines
}
