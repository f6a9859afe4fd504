import path from 'node:path'
import { fileURLToPath } from 'node:url'

import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { en } from '@payloadcms/translations/languages/en'
import { zh } from '@payloadcms/translations/languages/zh'
import { buildConfig } from 'payload'
import sharp from 'sharp'

import { invalidatesPublicReads } from './api/publicReadCache'
import { Activities } from './collections/Activities'
import { Brands } from './collections/Brands'
import { Campaigns } from './collections/Campaigns'
import { Districts } from './collections/Districts'
import { Media } from './collections/Media'
import { News } from './collections/News'
import { Stations } from './collections/Stations'
import { SiteBuilds } from './collections/SiteBuilds'
import { Users } from './collections/Users'
import { WordLists } from './collections/WordLists'
import { databaseAdapter, tuneSqliteConnection } from './database'
import { rebuildAllSitesTask } from './publishing/nightly'
import { allowedOrigins, payloadSecret } from './env'

const cmsDir = path.dirname(fileURLToPath(import.meta.url))

export default buildConfig({
  admin: {
    user: Users.slug,
    importMap: { baseDir: cmsDir, importMapFile: path.resolve(cmsDir, 'app/(payload)/admin/importMap.js') },
    meta: { titleSuffix: ' · 党建内容管理', title: '党建内容管理' },
    dateFormat: 'yyyy-MM-dd HH:mm',
    avatar: 'default', // gravatar would call out to the internet
  },
  i18n: {
    supportedLanguages: { zh, en },
    fallbackLanguage: 'zh',
  },
  // Every change drops the anonymous REST micro-cache (cms/api/publicReadCache.ts).
  collections: [Districts, Stations, Brands, News, Activities, Campaigns, Media, Users, WordLists, SiteBuilds].map(invalidatesPublicReads),
  editor: lexicalEditor(),
  secret: payloadSecret(),
  // Cookie-authenticated API calls only from these origins, and cross-origin reads only by them.
  ...(allowedOrigins() ? { csrf: allowedOrigins(), cors: allowedOrigins() } : {}),
  db: databaseAdapter(),
  onInit: tuneSqliteConnection,
  sharp,
  telemetry: false,
  jobs: {
    // Scheduled publish/unpublish are jobs: the admin server runs due jobs every minute
    // (`npm start` sets PAYLOAD_JOBS_AUTORUN=1 for it; scripts and tests run them explicitly).
    autoRun: [
      { cron: '* * * * *', queue: 'default', limit: 50 },
      { cron: '* * * * *', queue: 'nightly', limit: 1 },
    ],
    tasks: [rebuildAllSitesTask],
    shouldAutoRun: () => process.env.PAYLOAD_JOBS_AUTORUN === '1',
    deleteJobOnComplete: false,
  },
  graphQL: { disable: false },
  typescript: { outputFile: path.resolve(cmsDir, 'payload-types.ts'), autoGenerate: false },
})
