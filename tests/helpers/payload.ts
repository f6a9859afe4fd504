import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { getPayload, type Payload, type SanitizedConfig } from 'payload'

import { repoRoot } from '../../shared/paths'

export type TestCms = { payload: Payload; config: SanitizedConfig; dir: string; cleanup: () => Promise<void> }

/**
 * A real Payload on a fresh temp SQLite file with its own media folder.
 * Env must be set before the config module is imported: it reads DATABASE_URI and MEDIA_DIR once.
 */
export async function startTestCms(): Promise<TestCms> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dangjian-test-'))
  process.env.DATABASE_URI = `file:${path.join(dir, 'cms.db')}`
  process.env.MEDIA_DIR = path.join(dir, 'media')
  const { default: configPromise } = await import('../../cms/payload.config')
  const config = await configPromise
  const payload = await getPayload({ config })
  return {
    payload,
    config,
    dir,
    cleanup: async () => {
      await payload.destroy()
      fs.rmSync(dir, { recursive: true, force: true })
      // Site builds from this database kept their Astro caches under a folder named after it (astro.config.mjs).
      const source = createHash('sha1').update(process.env.DATABASE_URI!).digest('hex').slice(0, 8)
      fs.rmSync(path.join(repoRoot, 'node_modules', '.astro', source), { recursive: true, force: true })
    },
  }
}

/** A tiny real PNG, for upload tests. */
export async function pngBuffer(width = 64, height = 48): Promise<Buffer> {
  const { default: sharp } = await import('sharp')
  return sharp({ create: { width, height, channels: 3, background: '#c62828' } })
    .png()
    .toBuffer()
}
