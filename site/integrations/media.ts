/**
 * Puts exactly the upload files a district's pages reference into its
 * output (`<site>/media/`), as Payload made them: never re-encoded. Files come
 * from the media folder (Local API builds) or from the CMS (CMS_URL builds).
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { AstroIntegration } from 'astro'

import { htmlFiles } from '../../shared/files'
import { mediaDir } from '../../shared/paths'

export function mediaFiles(): AstroIntegration {
  let base = '/'
  return {
    name: 'district-media-files',
    hooks: {
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`
      },
      'astro:build:done': async ({ dir, logger }) => {
        const outDir = fileURLToPath(dir)
        const pattern = new RegExp(`${base.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}media/([^"'\\s?#,)]+)`, 'g')
        const wanted = new Set<string>()
        for (const file of htmlFiles(outDir)) {
          for (const match of fs.readFileSync(file, 'utf8').matchAll(pattern)) wanted.add(decodeURIComponent(match[1]!))
        }
        const target = path.join(outDir, 'media')
        fs.mkdirSync(target, { recursive: true })
        const missing: string[] = []
        for (const name of wanted) {
          if (name.includes('/') || name.includes('..')) continue
          const destination = path.join(target, name)
          if (process.env.CMS_URL) {
            const response = await fetch(`${process.env.CMS_URL.replace(/\/+$/, '')}/api/media/file/${encodeURIComponent(name)}`)
            if (response.ok) fs.writeFileSync(destination, Buffer.from(await response.arrayBuffer()))
            else missing.push(name)
          } else {
            const source = path.join(mediaDir(), name)
            if (!fs.existsSync(source)) missing.push(name)
            else {
              // A hard link where possible: a district build places thousands of files on every rebuild.
              // (An image size Payload rewrites in place, after a new crop, shows on the live site a
              // moment before the rebuild that the same save triggers.)
              try {
                fs.linkSync(source, destination)
              } catch {
                fs.copyFileSync(source, destination)
              }
            }
          }
        }
        logger.info(`${wanted.size - missing.length} media files in place`)
        if (missing.length)
          throw new Error(`Media files referenced by pages are missing: ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ' …' : ''}`)
      },
    },
  }
}
