/** The generator's output (bench/generate.ts): a fresh folder with an empty SQLite database, opened through Payload. */
import fs from 'node:fs'
import path from 'node:path'

import type { Payload } from 'payload'

import { repoRoot } from '../shared/paths'

export type FreshDataset = {
  payload: Payload
  dbFile: string
  mediaDir: string
  /** The SQLite connection, for the bulk-load pragma and the final checkpoint (absent on another adapter). */
  client?: { execute: (sql: string) => Promise<unknown> }
}

/** Empties `dir` (only if it holds nothing but an earlier dataset), then opens Payload on a new database in it. */
export async function openFreshDataset(dir: string, fastWrites: boolean): Promise<FreshDataset> {
  // The dir is deleted first: refuse anything that is not empty and does not look like an earlier output.
  const entries = fs.existsSync(dir) ? fs.readdirSync(dir) : []
  if (repoRoot.startsWith(dir) || entries.some((e) => !/^(cms\.db(-wal|-shm|-journal)?|media)$/.test(e))) {
    throw new Error(`--out ${dir} is not empty and is not an earlier benchmark dataset; choose another directory`)
  }
  fs.rmSync(dir, { recursive: true, force: true })
  fs.mkdirSync(path.join(dir, 'media'), { recursive: true })
  const dbFile = path.join(dir, 'cms.db')
  const mediaDir = path.join(dir, 'media')
  // The config reads these once, when it is first imported.
  process.env.DATABASE_URI = `file:${dbFile}`
  process.env.MEDIA_DIR = mediaDir
  process.env.PAYLOAD_SECRET ??= 'bench'
  const { getPayload } = await import('payload')
  const { default: config } = await import('../cms/payload.config')
  const payload: Payload = await getPayload({ config })
  // Bulk-load setting for this connection only (durability is moot for a throw-away file); the
  // file is in WAL mode like every database of the product (cms/database.ts).
  const client = (payload.db as unknown as { client?: { execute: (sql: string) => Promise<unknown> } }).client
  if (client && fastWrites) {
    await client.execute('PRAGMA synchronous = OFF')
  }
  return { payload, dbFile, mediaDir, client }
}
