import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root, wherever the process was started from. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** Where uploads live: `media/` at the repo root unless MEDIA_DIR says otherwise (absolute, or relative to the root). */
export function mediaDir(): string {
  return path.resolve(repoRoot, process.env.MEDIA_DIR || 'media')
}
