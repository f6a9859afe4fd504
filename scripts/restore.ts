/**
 * `npm run restore -- <archive>`: puts a backup made by `npm run backup` into an EMPTY database
 * (DATABASE_URI) and media folder (MEDIA_DIR). The archive is verified against its manifest before
 * anything is written; a database that already holds documents is refused. No hooks run: no site
 * rebuilds, no review steps, ids and timestamps as they were. See scripts/lib/backup.ts.
 */
import { mediaDir } from '../shared/paths'
import { verifyBackup, type VerifiedBackup } from './lib/backup'
import { BackupError, describeCounts } from './lib/backup-format'
import { restoreBackup } from './lib/backup-restore'
import { openPayload } from './lib/payload'

const args = process.argv.slice(2)
if (args.length !== 1 || args[0].startsWith('-')) {
  console.error('Usage: npm run restore -- <backup.tar.gz>   (into an empty DATABASE_URI and MEDIA_DIR)')
  process.exit(2)
}

function fail(error: unknown): never {
  if (!(error instanceof BackupError)) throw error
  console.error(`Error: ${error.message}`)
  process.exit(1)
}

// Verified first: a damaged archive is refused before the database is even opened.
const backup: VerifiedBackup = await verifyBackup(args[0]).catch(fail)
const { manifest } = backup
process.on('exit', () => backup.cleanup()) // also when opening the database fails
console.log(
  `Archive verified: ${Object.keys(manifest.files).length} files, made ${manifest.createdAt} by ${manifest.app.name} ${manifest.app.version}`,
)
const payload = await openPayload()
try {
  const counts = await restoreBackup(payload, backup, { mediaDir: mediaDir() })
  console.log('Restored:')
  for (const line of describeCounts(counts)) console.log(line)
} catch (error) {
  process.exitCode = 1
  if (error instanceof BackupError) console.error(`Error: ${error.message}`)
  else console.error(error)
} finally {
  await payload.destroy()
}
