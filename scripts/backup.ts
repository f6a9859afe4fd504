/**
 * `npm run backup [-- --out <file>]`: the whole CMS — every collection with its versions, users
 * with their password hashes, scheduled jobs, globals and media files — in one .tar.gz
 * (default `backups/dangjian-<timestamp>.tar.gz`). See scripts/lib/backup.ts.
 */
import fs from 'node:fs'
import path from 'node:path'

import { chooseDatabase } from '../cms/database'
import { mediaDir } from '../shared/paths'
import { createBackup, defaultBackupPath } from './lib/backup'
import { BackupError, describeCounts } from './lib/backup-format'
import { openPayload } from './lib/payload'

function outPath(args: string[]): string {
  if (args.length === 0) return defaultBackupPath()
  if (args[0] === '--out' && args[1] && args.length === 2) return path.resolve(args[1])
  console.error('Usage: npm run backup [-- --out <file.tar.gz>]')
  process.exit(2)
}

const out = outPath(process.argv.slice(2))
/** A SQLite file that is not there would be created empty; a bad DATABASE_URI is left to openPayload to report. */
function missingSqliteFile(): string | undefined {
  try {
    const database = chooseDatabase()
    return database.kind === 'sqlite' && !fs.existsSync(database.file) ? database.file : undefined
  } catch {
    return undefined
  }
}
const missing = missingSqliteFile()
if (missing) {
  console.error(`Error: DATABASE_URI: no database at ${missing} to back up`)
  process.exit(2)
}
// A backup only reads: it must never alter the schema of a database the running CMS is using.
process.env.PAYLOAD_DB_PUSH ??= '0'
const payload = await openPayload()
try {
  const { file, manifest } = await createBackup(payload, { out, mediaDir: mediaDir() })
  const shown = path.relative(process.cwd(), file)
  console.log(`Backup written: ${shown.startsWith('..') ? file : shown}`)
  for (const line of describeCounts(manifest)) console.log(line)
} catch (error) {
  if (!(error instanceof BackupError)) throw error
  console.error(`Error: ${error.message}`)
  process.exitCode = 1
} finally {
  await payload.destroy()
}
