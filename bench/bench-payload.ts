import fs from 'node:fs'
import path from 'node:path'

/**
 * Opens Payload in this process on a benchmark dataset folder (never data/cms.db), for the
 * benchmarks run on their own; `fresh` empties the folder first.
 */
export async function openBenchPayload(dataDir: string, { fresh = false } = {}) {
  if (fresh) fs.rmSync(dataDir, { recursive: true, force: true })
  fs.mkdirSync(dataDir, { recursive: true })
  process.env.DATABASE_URI = `file:${path.join(dataDir, 'cms.db')}`
  process.env.MEDIA_DIR = path.join(dataDir, 'media')
  process.env.PAYLOAD_SECRET ||= 'benchmark-only-secret'
  process.env.NEXT_TELEMETRY_DISABLED = '1'
  const { getPayload } = await import('payload')
  const { default: config } = await import('../cms/payload.config')
  return getPayload({ config })
}
