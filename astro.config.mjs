// One static site per district: scripts/build-sites.ts runs this build once per
// district with SITE_DISTRICT set (and SITE_URL / SITE_OUT_DIR when it stages output).
import { createHash } from 'node:crypto'

import react from '@astrojs/react'
import sitemap from '@astrojs/sitemap'
import { defineConfig } from 'astro/config'

import { contentLastmod } from './site/integrations/lastmod'
import { mediaFiles } from './site/integrations/media'
import { contentSyncLock } from './site/integrations/syncLock'

const district = process.env.SITE_DISTRICT || 'preview'
// Content and incremental caches belong to one content source: builds from another database
// (tests, benchmarks) or a remote CMS never share or overwrite them.
const source = createHash('sha1')
  .update(process.env.CMS_URL || process.env.DATABASE_URI || 'default')
  .digest('hex')
  .slice(0, 8)

const lastmod = contentLastmod()

export default defineConfig({
  srcDir: './site',
  publicDir: './site/public',
  outDir: process.env.SITE_OUT_DIR || `./dist/${district}`,
  // One content cache per source and district, so each district's incremental data store survives the others' builds.
  cacheDir: `./node_modules/.astro/${source}/${district}`,
  site: process.env.SITE_URL || 'http://localhost:4321',
  base: `/${district}/`,
  trailingSlash: 'always',
  build: { format: 'directory', inlineStylesheets: 'always' },
  compressHTML: true,
  devToolbar: { enabled: false },
  // contentSyncLock first: district builds in parallel processes take turns at Astro's content sync.
  // The kiosk and the station posters are noindex pages: kept out of the sitemap too. Entries are
  // dated from their content's updatedAt (site/integrations/lastmod.ts).
  integrations: [
    contentSyncLock(),
    react(),
    lastmod.integration,
    sitemap({ filter: (page) => !/\/(kiosk|poster)\/$/.test(page), serialize: lastmod.serialize }),
    mediaFiles(),
  ],
  // Detail pages carry a cacheKey built from entry digests (site/lib/content.ts): unchanged pages are reused.
  experimental: { incrementalBuild: true },
})
