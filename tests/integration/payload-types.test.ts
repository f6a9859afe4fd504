/**
 * cms/payload-types.ts is what the site's loader schema is checked against (site/loader/schemaAgreement.ts):
 * a stale file would let the schema agree with fields the CMS no longer has. Payload generates the types
 * from the config into a temp file here (its PAYLOAD_TS_OUTPUT_PATH), and they must equal the committed file.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import { describe, expect, it } from 'vitest'

import { repoRoot } from '../../shared/paths'
import { shellEnv } from '../helpers/build'

describe('cms/payload-types.ts', () => {
  it('is what `npm run generate:types` makes from the current config', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'payload-types-'))
    try {
      const generated = path.join(dir, 'payload-types.ts')
      await promisify(execFile)('npx', ['payload', 'generate:types'], {
        cwd: repoRoot,
        env: shellEnv({ PAYLOAD_TS_OUTPUT_PATH: generated, DATABASE_URI: `file:${path.join(dir, 'cms.db')}`, MEDIA_DIR: dir }),
      })
      const committed = fs.readFileSync(path.join(repoRoot, 'cms/payload-types.ts'), 'utf8')
      // A plain equality: on a difference vitest shows the lines; the fix is `npm run generate:types`.
      expect(fs.readFileSync(generated, 'utf8'), 'cms/payload-types.ts is stale: run `npm run generate:types`').toBe(committed)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
